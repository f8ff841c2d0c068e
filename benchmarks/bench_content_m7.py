"""How long the first check of each M7 (responsible AI) exercise takes: median under 1 s, slowest under 5 s.

Run it with ``python benchmarks/bench_content_m7.py``. Every exercise of the module
``responsible`` found in the registry is timed (the no-code quizzes too, once they are
merged), each in a fresh interpreter, so that the first check pays what a learner's first
check pays: importing scikit-learn and pandas, drawing the data, computing the reference.

The answer checked is a *pasted copy* of the reference: its source is run again in a
notebook-like namespace, as a learner would define the functions, so that the
library's memo of its own answers does not apply to it. Value answers (a dict, a quiz) are
checked as they are.

For each exercise it prints, in seconds: ``first`` (the cold first check), ``again`` (a
second check of another student's variant in the same interpreter), ``wrong`` (a check of the
first declared mistake, for which the judge also runs every declared mistake to name it) and
``cpu`` (processor time of the three); then the median and the slowest first check of the
module. It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

MODULE = "responsible"
MEDIAN_GOAL = 1.0
SLOWEST_GOAL = 5.0
STUDENTS = ("alice@example.org", "bob@example.org")


def _pasted(function: Any) -> Any:
    """`function` defined again from its source in a notebook's namespace, as a learner would paste it."""
    import inspect
    import textwrap

    namespace = dict(function.__globals__)
    namespace["__name__"] = "learner_notebook"
    exec(compile(textwrap.dedent(inspect.getsource(function)), "<learner notebook>", "exec"),  # noqa: S102
         namespace)
    return namespace[function.__code__.co_name]


def _copy_of(answer: Any) -> Any:
    if isinstance(answer, dict) and all(callable(part) for part in answer.values()):
        return {part: _copy_of(function) for part, function in answer.items()}
    if callable(answer) and hasattr(answer, "__globals__") and answer.__name__ != "<lambda>":
        return _pasted(answer)
    return answer


def worker(exercise_id: str) -> None:
    """Time the checks of one exercise in this (fresh) interpreter; print them as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.attempt import check_answers
    from caire_exercises.engine.checking import answers_of
    from caire_exercises.engine.registry import registry

    exercise = registry().get(exercise_id)
    cpu = time.process_time()
    times, passed = [], []
    for student in STUDENTS:
        bound = exercise.for_student(student)
        answers = answers_of(bound, _copy_of(bound.reference))
        start = time.perf_counter()
        passed.append(check_answers(bound, answers, secret="benchmark").passed)
        times.append(time.perf_counter() - start)
    wrong_seconds, named = float("nan"), True
    if exercise.mistakes:
        bound = exercise.for_student(STUDENTS[0])
        answers = answers_of(bound, _copy_of(exercise.mistakes[0].answer))
        start = time.perf_counter()
        wrong = check_answers(bound, answers, secret="benchmark")
        wrong_seconds = time.perf_counter() - start
        named = exercise.mistakes[0].id in wrong.mistakes
    print(json.dumps({"times": times, "passed": passed, "wrong": wrong_seconds, "wrong named": named,
                      "cpu": time.process_time() - cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", default=None, help="exercise ids to time")
    options = parser.parse_args()
    if options.worker:
        worker(options.worker)
        return
    from caire_exercises.engine.registry import registry

    ids = options.only or [ex.id for ex in registry().exercises() if ex.module == MODULE]
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"M7 first checks, seconds (fresh interpreter per exercise; goals: median < {MEDIAN_GOAL:g} s, "
          f"slowest < {SLOWEST_GOAL:g} s; load average at start {load:.1f} on {os.cpu_count()} cores)")
    print(f"{'exercise':32s} {'first':>6s} {'again':>6s} {'wrong':>6s} {'cpu':>6s}  verdict")
    firsts: list[float] = []
    for exercise_id in ids:
        done = subprocess.run([sys.executable, __file__, "--worker", exercise_id], capture_output=True,
                              text=True, env=env, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        first, again = figures["times"]
        firsts.append(first)
        verdict = "ok" if first < SLOWEST_GOAL else "OVER GOAL"
        if not all(figures["passed"]) or not figures["wrong named"]:
            verdict += " (unexpected results)"
        print(f"{exercise_id:32s} {first:6.2f} {again:6.2f} {figures['wrong']:6.2f} {figures['cpu']:6.2f}  {verdict}")
    if firsts:
        median = statistics.median(firsts)
        print(f"first checks: median {median:.2f} s (goal < {MEDIAN_GOAL:g}), slowest {max(firsts):.2f} s "
              f"(goal < {SLOWEST_GOAL:g}): {'ok' if median < MEDIAN_GOAL and max(firsts) < SLOWEST_GOAL else 'OVER GOAL'}")


if __name__ == "__main__":
    main()
