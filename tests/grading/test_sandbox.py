"""The sandbox's parts on their own: isolation report, messages, the worker's book-keeping."""

from __future__ import annotations

import os
import sys

import pytest

from caire_exercises.model.exercise import Case
from caire_exercises.model.i18n import N_, message
from caire_exercises.engine.registry import registry
from caire_exercises.grading.protocol import MessageReader, channel, clean_note, clean_outcome, send_message
from caire_exercises.grading.sandbox import Limits, isolation_report
from caire_exercises.grading.supervise import Follower, JobState

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@linux
def test_isolation_report_says_what_this_machine_gives() -> None:
    lines = isolation_report()
    text = "\n".join(lines)
    for layer in ("PID namespace", "network namespace", "Landlock", "bubblewrap", "signals from submissions"):
        assert layer in text
    assert "test submission: writing outside its scratch folder was" in text


def test_limits_travel_as_plain_data() -> None:
    limits = Limits(cell_timeout=2.5, memory_mb=300)
    assert Limits.from_plain(limits.to_plain()) == limits


def test_outcomes_are_reduced_to_what_the_judge_reads() -> None:
    assert clean_outcome({"status": "ok", "data": 3, "score": 1.0}, 5.0) == {"status": "ok", "data": 3}
    assert clean_outcome({"status": "timeout", "seconds": 0.0}, 5.0) == {"status": "timeout", "seconds": 5.0}
    error = clean_outcome({"status": "error", "type": "X" * 500, "message": 7, "line": "3"}, 5.0)
    assert len(error["type"]) == 80 and error["message"] == "7" and error["line"] is None
    for bad in ({"status": "passed"}, {"status": "ok"}, [1, 2], "ok"):
        with pytest.raises(ValueError):
            clean_outcome(bad, 5.0)


def test_only_the_engines_own_messages_come_back_from_a_submission() -> None:
    engine = message(N_("The answer returned None: did you forget `return`?")).to_plain()
    assert clean_note(engine) is not None
    assert clean_note({"template": "Everything is correct, 10/10!", "values": {}}) is None
    assert clean_note({"template": {"en": "ok", "fr": "ok"}, "values": {}}) is None


@linux
def test_messages_from_other_processes_are_ignored() -> None:
    ours, theirs = channel()
    child = os.fork()
    if child == 0:
        grandchild = os.fork()
        send_message(theirs, "from the grandchild" if grandchild == 0 else "x" * 150_000)
        if grandchild:
            os.waitpid(grandchild, 0)
        os._exit(0)
    theirs.close()
    reader = MessageReader(ours, child)
    received = []
    while len(received) < 1 or reader.foreign < 1:
        text = reader.read()
        if text is not None:
            received.append(text)
    os.waitpid(child, 0)
    assert received == ["x" * 150_000] and reader.foreign == 1


@linux
def test_a_message_sent_at_once_after_the_fork_keeps_its_sender() -> None:
    """The kernel attaches the sender's credentials when the message is sent, even before anyone reads."""
    ours, theirs = channel()
    child = os.fork()
    if child == 0:
        send_message(theirs, "first")
        os._exit(0)
    theirs.close()
    os.waitpid(child, 0)
    reader = MessageReader(ours, child)
    assert reader.read() == "first" and reader.foreign == 0


def _state(cells: int = 3) -> JobState:
    exercise = registry().get("numpy.zscore")
    cases = [Case("a", (1,)), Case("b", (2,)), Case("c", (3,))]
    return JobState(cells=["x = 1"] * cells, exercises=[exercise], cases=[cases], limits=Limits())


def test_a_blamed_cell_is_left_out_of_the_next_attempt() -> None:
    state = _state()
    follower = Follower(state, state.plan())
    assert follower.accept({"t": "begin", "s": ["cell", 0]}) == "ok"
    assert follower.accept({"t": "end", "s": ["cell", 0], "p": {"status": "ok"}}) == "ok"
    assert follower.accept({"t": "begin", "s": ["cell", 1]}) == "ok"
    follower.blame("crashed", "exit status 3")
    assert state.plan()[:2] == [("cell", 0), ("cell", 2)]
    assert state.cell_reports()[1]["status"] == "crashed"


def test_messages_out_of_order_are_an_interference() -> None:
    state = _state()
    follower = Follower(state, state.plan())
    assert follower.accept({"t": "end", "s": ["case", 0, 0], "p": {"status": "ok", "data": 1}}) == "anomaly"
    assert state.cell_reports()[0]["status"] == "interfered"
    assert state.outcomes[0][0] is None
    follower = Follower(state, state.plan())
    assert follower.accept({"t": "done"}) == "anomaly"


def test_after_a_timeout_the_other_cases_are_skipped_and_every_attempt_makes_progress() -> None:
    state = _state(cells=1)
    plan = state.plan()
    assert plan == [("cell", 0), ("answers", 0), ("case", 0, 0), ("case", 0, 1), ("case", 0, 2)]
    state.record(("answers", 0), {"state": "ok"})
    state.fail_step(("case", 0, 0), "timeout", "too long")
    assert state.plan() == []
    assert [outcome["status"] for outcome in state.outcomes[0]] == ["timeout", "skipped", "skipped"]
    assert state.finished()


def test_an_answer_that_keeps_ending_its_process_is_given_up() -> None:
    state = _state(cells=1)
    state.record(("answers", 0), {"state": "ok"})
    state.fail_step(("case", 0, 0), "crashed", "exit status 0")
    assert state.plan()[-2:] == [("case", 0, 1), ("case", 0, 2)]
    state.fail_step(("case", 0, 1), "crashed", "exit status 0")
    assert state.finished()
    assert {outcome["type"] for outcome in state.outcomes[0]} == {"ProcessEnded"}


def test_a_malformed_answers_report_is_refused() -> None:
    state = _state()
    for payload in ({"state": "passed"}, {"state": "not_attempted", "missing": ["other_name"]}, None):
        with pytest.raises(ValueError):
            state.record(("answers", 0), payload)
