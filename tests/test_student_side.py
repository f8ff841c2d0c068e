"""The learner's side: names, hints, solutions, progress and the state a check leaves behind.

Most tests run in this process. Those about how things look and behave in a
notebook run in one real Jupyter kernel shared by the module (starting one
takes seconds).
"""

from __future__ import annotations

import os
import queue
import random
import sqlite3
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import caire_exercises as cx
from caire_exercises.session import progress as _progress
from caire_exercises.session import student as _student

ZSCORE = "numpy.zscore"


@pytest.fixture(autouse=True)
def _fresh_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test opens its own progress file and may warn again."""
    monkeypatch.setattr(_progress, "_warned", False)
    monkeypatch.setattr(_progress, "_connections", {})
    monkeypatch.delenv("CAIRE_PROGRESS", raising=False)


# ------------------------------------------------------------------ exercise ids


@pytest.mark.parametrize(("asked", "suggested"), [
    ("numpy.zscor", "numpy.zscore"),
    ("zscore", "numpy.zscore"),
    ("NUMPY.ZSCORE", "numpy.zscore"),
    ("Numpy.Zscore", "numpy.zscore"),
])
def test_unknown_id_suggests_the_close_one(asked: str, suggested: str) -> None:
    with pytest.raises(cx.UnknownExerciseError) as caught:
        cx.get(asked)
    assert caught.value.suggestions[0] == suggested
    assert repr(suggested) in str(caught.value)
    assert isinstance(caught.value, KeyError)


def test_id_with_spaces_around_is_found() -> None:
    assert cx.get(" numpy.zscore\n").id == ZSCORE


@pytest.mark.parametrize("bad", [None, 3, ["numpy.zscore"]])
def test_id_that_is_not_a_string_says_so_in_both_languages(bad: Any) -> None:
    with pytest.raises(cx.AnswerTypeError, match="such as 'numpy.zscore'"):
        cx.get(bad)
    cx.set_language("fr")
    with pytest.raises(cx.AnswerTypeError, match="une chaîne comme 'numpy.zscore'"):
        cx.get(bad)


# ------------------------------------------------------------------ students, languages


def test_student_spaces_are_ignored_but_capitals_are_kept() -> None:
    """Capitals are kept because the batch grader uses the roster's spelling as it is."""
    cx.set_student("  alice@example.org ")
    assert cx.get_student() == "alice@example.org"
    spaced = cx.get(ZSCORE).params
    cx.set_student("alice@example.org")
    assert cx.get(ZSCORE).params == spaced
    assert cx.get(ZSCORE).params == cx.get(ZSCORE, student="alice@example.org").params
    cx.set_student("Alice@Example.org")
    assert cx.get(ZSCORE).student == "Alice@Example.org"


@pytest.mark.parametrize(("spelling", "language"), [("FR", "fr"), ("fr_FR", "fr"), ("en-GB", "en")])
def test_language_spellings(spelling: str, language: str) -> None:
    cx.set_language(spelling)
    assert cx.get_language() == language


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'de'.*'fr' or 'en'"):
        cx.set_language("de")


def test_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert cx.get_language() == "fr"
    monkeypatch.setenv("CAIRE_LANG", "en")
    assert cx.get_language() == "en"


# ------------------------------------------------------------------ hints, solutions


def test_hint_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    ex = cx.get(ZSCORE)
    total = len(ex.hints)
    assert "Hint 2/" in ex.hint("2").render("en")
    assert "Hint 1/" in ex.hint(np.int64(1)).render("en")
    assert "No more hints" in ex.hint(99).render("en")
    for bad in (0, -1, True, "two", 1.5):
        with pytest.raises(cx.AnswerTypeError, match=f"from 1 to {total}"):
            ex.hint(bad)
    # Asking for hint 2 first, the next one is 3; past the last, "no more hints" every time.
    assert f"Hint 3/{total}" in ex.hint().render("en")
    for _ in range(total + 2):
        last = ex.hint()
    assert "No more hints" in last.render("en")
    assert str(last) == last.render()  # printed as text, not as Message(...)
    assert "No more hints" in capsys.readouterr().out


def test_hint_error_in_french() -> None:
    cx.set_language("fr")
    with pytest.raises(cx.AnswerTypeError, match="numérotés de 1 à"):
        cx.get(ZSCORE).hint(0)


def test_solutions_off_is_polite_in_the_learners_language(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CAIRE_SOLUTIONS", "off")
    cx.set_language("fr")
    assert cx.get(ZSCORE).solution() is None
    out = capsys.readouterr().out
    assert "désactivé les solutions" in out and "def zscore" not in out


def test_check_by_name_outside_a_notebook_says_how_in_both_languages() -> None:
    km = cx.get("unsupervised.kmeans_step")
    with pytest.raises(cx.AnswerTypeError, match=r"ex\.check\(assign=assign, update=update\)"):
        km.check()
    cx.set_language("fr")
    with pytest.raises(cx.AnswerTypeError, match="ne marche que dans un notebook"):
        cx.get(ZSCORE).check()


# ------------------------------------------------------------------ progress


def _learner_zscore(X: Any) -> Any:
    import numpy as np

    std = X.std(axis=0)
    return np.divide(X - X.mean(axis=0), std, out=np.zeros_like(X, dtype=float), where=std > 0)


def _reference_check() -> Any:
    return cx.get(ZSCORE).check(_learner_zscore, quiet=True)


def test_the_library_s_own_reference_is_not_an_answer() -> None:
    ex = cx.get(ZSCORE)
    result = ex.check(ex.reference, quiet=True)
    assert not result.passed and result.score == 0
    assert "reference solution" in result.note.render("en")


def test_damaged_progress_file_is_moved_aside_and_checks_go_on(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAIRE_DATA_DIR", str(tmp_path))
    (tmp_path / "progress.sqlite").write_bytes(b"not a database, just bytes " * 200)
    with pytest.warns(RuntimeWarning, match="damaged"):
        assert _reference_check().passed
    assert _reference_check().passed
    assert [row["exercise"] for row in cx.progress().rows] == [ZSCORE]
    assert len(list(tmp_path.glob("progress.sqlite.damaged-*"))) == 1


@pytest.mark.parametrize("reason", ["database or disk is full", "attempt to write a readonly database"])
def test_a_disk_that_refuses_warns_once_and_never_breaks_a_check(
        reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError(reason)

    monkeypatch.setattr(_progress, "_open", refuse)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert _reference_check().passed
    expected = (f"caire-exercises could not record your progress ({reason}); checks still work, "
                "but cx.progress() will not show them.")
    assert [str(w.message) for w in caught if reason in str(w.message)] == [expected]


def test_a_folder_that_cannot_be_created_never_breaks_a_check(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("CAIRE_DATA_DIR", str(blocker / "data"))
    with pytest.warns(RuntimeWarning, match="could not record"):
        assert _reference_check().passed


def test_warnings_turned_into_errors_do_not_break_a_check(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(_progress, "_open", lambda path: (_ for _ in ()).throw(
        sqlite3.OperationalError("database or disk is full")))
    cx.set_language("fr")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _reference_check().passed
    assert "n'a pas pu enregistrer votre progression" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["off", "OFF", " false ", "0"])
def test_progress_off_records_nothing(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAIRE_PROGRESS", value)
    assert _reference_check().passed
    assert cx.progress().rows == []
    assert not _progress.progress_path().exists()


def test_progress_with_nothing_done_in_french() -> None:
    cx.set_language("fr")
    shown = repr(cx.progress())
    assert "Aucune vérification enregistrée" in shown and "réussis" in shown
    assert "réussis" in cx.progress()._repr_html_()


def test_two_processes_record_at_the_same_time(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys
        from caire_exercises.session import progress as _progress
        from caire_exercises.model.i18n import Text
        from caire_exercises.engine.report import Result
        result = Result(exercise_id="numpy.zscore", title=Text(en="t", fr="t"), passed=True,
                        score=1.0, points=1.0, max_points=1.0, status="passed", student=sys.argv[1])
        print(sum(_progress.record(result, module="numpy") for _ in range(150)))
    """)
    env = dict(os.environ, CAIRE_DATA_DIR=str(tmp_path))
    runs = [subprocess.Popen([sys.executable, "-c", script, who], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for who in ("ann", "bob")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["150", "150"], outputs
    with sqlite3.connect(tmp_path / "progress.sqlite") as connection:
        counts = dict(connection.execute("SELECT student, COUNT(*) FROM checks GROUP BY student"))
    connection.close()
    assert counts == {"ann": 150, "bob": 150}


# ------------------------------------------------------------------ the learner's own code


def test_a_check_keeps_the_learners_global_state(tmp_path: Path) -> None:
    ex = cx.get(ZSCORE)

    def zscore(X: Any) -> Any:
        np.random.seed(0)
        random.seed(0)
        np.seterr(all="ignore")
        os.chdir(tmp_path)
        warnings.simplefilter("ignore")
        return ex.reference(X)

    np.random.seed(123)
    random.seed(123)
    numpy_random, python_random = np.random.get_state(), random.getstate()
    cwd, filters = os.getcwd(), list(warnings.filters)
    errors = np.seterr(all="raise")
    try:
        assert ex.check(zscore, quiet=True).passed
        after = np.geterr()
    finally:
        np.seterr(**errors)
    assert after == {"divide": "raise", "over": "raise", "under": "raise", "invalid": "raise"}
    assert np.array_equal(np.random.get_state()[1], numpy_random[1])
    assert random.getstate() == python_random
    assert os.getcwd() == cwd
    assert list(warnings.filters) == filters


def test_a_check_keeps_the_torch_seed() -> None:
    torch = pytest.importorskip("torch")
    ex = cx.get(ZSCORE)

    def zscore(X: Any) -> Any:
        torch.manual_seed(0)
        torch.set_grad_enabled(False)
        return ex.reference(X)

    torch.manual_seed(123)
    state = torch.get_rng_state()
    assert ex.check(zscore, quiet=True).passed
    assert torch.equal(torch.get_rng_state(), state)
    assert torch.is_grad_enabled()


def test_what_the_answer_prints_shows_but_does_not_flood(capsys: pytest.CaptureFixture[str]) -> None:
    ex = cx.get(ZSCORE)

    def zscore(X: Any) -> Any:
        for i in range(100):
            print("debug", i)
        return ex.reference(X)

    result = ex.check(zscore)
    out = capsys.readouterr().out
    assert result.passed
    assert out.startswith("debug 0\n")
    assert out.count("debug") == _student.PRINTED_LINES
    cases = len(result.cases)
    assert f"[... {100 * cases - _student.PRINTED_LINES} more lines printed by your answer" in out
    assert "Correct:" in out  # the report follows


def test_a_few_prints_show_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    ex = cx.get(ZSCORE)

    def zscore(X: Any) -> Any:
        print("shape", np.shape(X), end="")
        return ex.reference(X)

    ex.check(zscore, quiet=True)
    assert capsys.readouterr().out.count("shape (") == len(cx.get(ZSCORE).make_cases())


def test_keyboard_interrupt_propagates_and_restores_output() -> None:
    ex = cx.get(ZSCORE)
    stdout = sys.stdout

    def zscore(X: Any) -> Any:
        print("working")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.check(zscore, quiet=True)
    assert sys.stdout is stdout
    assert cx.progress().rows == []  # not graded, not recorded


# ------------------------------------------------------------------ in a real kernel


class _Kernel:
    def __init__(self, env: dict[str, str], cwd: str) -> None:
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(kernel_name="python3", env=env, cwd=cwd,
                                                     startup_timeout=120)

    def run(self, code: str) -> dict[str, Any]:
        """Run a cell; its outputs: stdout, stderr, displays (MIME bundles), error, alive."""
        msg_id = self.client.execute(code)
        out: dict[str, Any] = {"stdout": "", "stderr": "", "displays": [], "error": None}
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=300)
            except queue.Empty:
                raise AssertionError(f"the kernel did not answer running:\n{code}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind in ("display_data", "execute_result"):
                out["displays"].append(content["data"])
            elif kind == "error":
                out["error"] = content["ename"]
            elif kind == "status" and content["execution_state"] == "idle":
                break
        self.client.get_shell_msg(timeout=300)
        return out

    def value(self, expression: str) -> str:
        return str(self.run(f"print({expression}, end='')")["stdout"])

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pytest.importorskip("ipykernel")
    pytest.importorskip("jupyter_client")
    workdir = tmp_path_factory.mktemp("kernel")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    env.update(CAIRE_DATA_DIR=str(workdir / "data"), LANG="C.UTF-8", OMP_NUM_THREADS="1")
    started = _Kernel(env, str(workdir))
    started.run("import caire_exercises as cx, numpy as np\n"
                "ex = cx.get('numpy.zscore')\nkm = cx.get('unsupervised.kmeans_step')")
    yield started
    started.close()


def _texts(out: dict[str, Any]) -> list[str]:
    return [bundle.get("text/plain", "") for bundle in out["displays"]]


def test_kernel_check_looks_the_answer_up_by_name(kernel: _Kernel) -> None:
    status = "ex.check(quiet=True).status"
    assert kernel.value(status) == "not_attempted"  # not defined
    kernel.run("zscore = None")
    assert kernel.value(status) == "not_attempted"
    kernel.run("zscore = ...")
    assert kernel.value(status) == "not_attempted"
    kernel.run("def zscore(X):\n    ...")
    assert kernel.value(status) == "not_attempted"
    kernel.run("def zscore(X):\n    return ex.reference(X)")
    assert kernel.value(status) == "passed"
    # Called from inside a function, the notebook's name is used, not the function's local.
    kernel.run("def from_a_function():\n    zscore = None\n    return ex.check(quiet=True)")
    assert kernel.value("from_a_function().status") == "passed"
    kernel.run("del zscore")
    assert kernel.value(status) == "not_attempted"
    kernel.run("def assign(X, centres):\n    return ((X[:, None] - centres) ** 2).sum(-1).argmin(1)")
    # One part of two written: its cases are checked, the others ask for the missing part.
    assert kernel.value("km.check(quiet=True).status") == "failed"
    assert "`update`" in kernel.value("km.check(quiet=True).text('en')")
    kernel.run("%reset -f\nimport caire_exercises as cx, numpy as np\nex = cx.get('numpy.zscore')")
    assert kernel.value(status) == "not_attempted"


def test_kernel_shows_each_thing_once(kernel: _Kernel) -> None:
    kernel.run("def zscore(X):\n    return ex.reference(X)")
    checked = kernel.run("ex.check()")  # the cell's last expression: shown once
    assert len(checked["displays"]) == 1
    assert {"text/html", "text/plain"} <= set(checked["displays"][0])
    assert "Correct: 5 of 5" in _texts(checked)[0]  # text-only front ends get the report
    assert len(kernel.run("result = ex.check()")["displays"]) == 1
    assert len(kernel.run("result")["displays"]) == 1  # kept in a variable: shown again later

    statement = [kernel.run("ex"), kernel.run("ex")]
    assert all(len(out["displays"]) == 1 for out in statement)
    hint = kernel.run("ex.hint()")  # showing the statement twice did not read a hint
    assert _texts(hint) == [_texts(hint)[0]] and _texts(hint)[0].startswith("Hint 1/")
    kept = kernel.run("h = ex.hint()")
    assert len(kept["displays"]) == 1 and _texts(kept)[0].startswith("Hint 2/")
    assert _texts(kernel.run("h"))[0].startswith("Hint 2/")

    solution = kernel.run("ex.solution()")
    assert len(solution["displays"]) == 1 and "text/markdown" in solution["displays"][0]


def test_kernel_survives_the_learners_exits_and_keeps_their_state(kernel: _Kernel) -> None:
    kernel.run("import sys\ndef zscore(X):\n    sys.exit(3)")
    kernel.run("ex.check()")
    assert kernel.value("1 + 1") == "2"  # the kernel is alive
    kernel.run("def zscore(X):\n    return zscore(X)")
    assert kernel.value("ex.check(quiet=True).status") == "error"  # RecursionError, graded
    kernel.run(textwrap.dedent("""
        import os, random
        import numpy as np
        np.random.seed(7); random.seed(7); before = (np.random.get_state()[1][:8].copy(), random.getstate())
        start = os.getcwd()
        def zscore(X):
            np.random.seed(0); random.seed(0); os.chdir("/")
            for i in range(200):
                print("tracing", i)
            return ex.reference(X)
    """))
    flooded = kernel.run("ex.check()")
    assert flooded["stdout"].count("tracing") == _student.PRINTED_LINES
    assert "more lines printed by your answer" in flooded["stdout"]
    assert "Correct:" in _texts(flooded)[0]
    kept = ("(np.random.get_state()[1][:8] == before[0]).all() and random.getstate() == before[1]"
            " and os.getcwd() == start")
    assert kernel.value(kept) == "True"


def test_solution_source_obeys_solutions_off(monkeypatch: pytest.MonkeyPatch) -> None:
    ex = cx.get("numpy.zscore")
    assert "def zscore" in ex.solution_source()
    monkeypatch.setenv("CAIRE_SOLUTIONS", "off")
    assert ex.solution_source() is None
    # The declared exercise behind it obeys too; only a teacher's tool asks past it.
    from caire_exercises.model.errors import SolutionsOffError

    with pytest.raises(SolutionsOffError, match="solutions off"):
        ex.exercise.solution_source()
    assert "def zscore" in ex.exercise.solution_source(teacher=True)
