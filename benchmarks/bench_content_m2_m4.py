"""How long a check of each M2 (prep) and M4 (unsupervised) exercise takes: median under 3 s, slowest under 10 s.

Run it with ``python benchmarks/bench_content_m2_m4.py``. Each exercise is timed in a
fresh interpreter, so that the first check pays what a learner's first check pays
(importing scikit-learn and pandas, drawing the data, computing the reference).

The answers checked are *pasted copies* of the library's own answers: the module's
source is run again under another module name, as a notebook would define the
functions. The probes remember the results of the module's own answers only (the
reference and the declared mistakes), so the copy is probed for real on every check,
like a learner's answer; the reference's side is computed on the first check of a
variant's cases and remembered afterwards, as in a learner's session.

For each exercise it prints, in seconds:

* ``first``: the first check of the reference (cold: imports, data, reference);
* ``median`` and ``max``: over that check and one more check for each of
  ``--students`` students (each its own variant and hidden cases);
* ``wrong``: the check of a pasted copy of the first declared mistake, for which the
  judge also runs every declared mistake to name the one made: the slowest check a
  learner meets;
* ``cpu``: the processor time of all the checks of the exercise, which does not
  depend on what else the machine is doing.

It asserts nothing: the figures are for people to read and compare.
``benchmarks/bench_content_m3.py`` runs the same measurement on M3.
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

MEDIAN_GOAL = 3.0
SLOWEST_GOAL = 10.0
MODULES = ("prep", "unsupervised")
STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org",
            "emma@example.org", "farid@example.org")


def _pasted(module: Any) -> dict[str, Any]:
    """The module's functions defined again under another module name, as a learner would."""
    import inspect

    namespace: dict[str, Any] = {"__name__": "learner_notebook", "__package__": module.__package__}
    exec(compile(inspect.getsource(module), "<learner notebook>", "exec"), namespace)  # noqa: S102
    return namespace


def _copy_of(answer: Any, namespace: dict[str, Any]) -> Any:
    if isinstance(answer, dict):
        return {part: _copy_of(function, namespace) for part, function in answer.items()}
    return namespace[answer.__name__] if callable(answer) and hasattr(answer, "__name__") else answer


def _module(name: str) -> Any:
    import importlib

    return importlib.import_module(f"caire_exercises.exercises.{name}")


def worker(exercise_id: str, n_students: int) -> None:
    """Time the checks of one exercise in this (fresh) interpreter; print them as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.attempt import check_answers
    from caire_exercises.engine.checking import answers_of

    module = _module(exercise_id.split(".")[0])
    learner = _pasted(module)
    exercise = next(ex for ex in module.EXERCISES if ex.id == exercise_id)
    times: list[float] = []
    passed: list[bool] = []
    cpu = time.process_time()
    for student in STUDENTS[:n_students + 1]:
        bound = exercise.for_student(student)
        start = time.perf_counter()
        result = check_answers(bound, answers_of(bound, _copy_of(bound.reference, learner)),
                               secret="benchmark")
        times.append(time.perf_counter() - start)
        passed.append(result.passed)
    bound = exercise.for_student(STUDENTS[0])
    start = time.perf_counter()
    wrong = check_answers(bound, answers_of(bound, _copy_of(exercise.mistakes[0].answer, learner)),
                          secret="benchmark")
    wrong_seconds = time.perf_counter() - start
    print(json.dumps({"times": times, "passed": passed, "wrong": wrong_seconds,
                      "wrong named": wrong.mistakes == [exercise.mistakes[0].id],
                      "cpu": time.process_time() - cpu}))


def main(modules: tuple[str, ...] = MODULES, title: str = "M2 and M4") -> None:
    """Time every exercise of `modules`, each in a fresh interpreter, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--students", type=int, default=4, help="checks after the first, one a student")
    parser.add_argument("--only", nargs="*", default=None, help="exercise ids to time")
    options = parser.parse_args()
    if options.worker:
        worker(options.worker, options.students)
        return
    ids = options.only or [ex.id for name in modules for ex in _module(name).EXERCISES]
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{title} checks, seconds (fresh interpreter per exercise; goals: median < "
          f"{MEDIAN_GOAL:g} s, slowest < {SLOWEST_GOAL:g} s; load average at start {load:.1f} "
          f"on {os.cpu_count()} cores)")
    print(f"{'exercise':30s} {'first':>6s} {'median':>7s} {'max':>6s} {'wrong':>6s} {'cpu':>6s}  verdict")
    every: list[float] = []
    firsts = 0.0
    for exercise_id in ids:
        done = subprocess.run([sys.executable, __file__, "--worker", exercise_id, "--students",
                               str(options.students)], capture_output=True, text=True, env=env, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        times = figures["times"]
        every += times + [figures["wrong"]]
        firsts += times[0]
        median, slowest = statistics.median(times), max(times + [figures["wrong"]])
        verdict = "ok" if median < MEDIAN_GOAL and slowest < SLOWEST_GOAL else "OVER GOAL"
        if not all(figures["passed"]) or not figures["wrong named"]:
            verdict += " (unexpected results)"
        print(f"{exercise_id:30s} {times[0]:6.2f} {median:7.2f} {max(times):6.2f} {figures['wrong']:6.2f} "
              f"{figures['cpu']:6.2f}  {verdict}")
    print(f"all checks: median {statistics.median(every):.2f} s, slowest {max(every):.2f} s; "
          f"the first checks add up to {firsts:.1f} s")


if __name__ == "__main__":
    main()
