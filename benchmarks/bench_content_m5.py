"""How long a check of each M5 (PyTorch) exercise takes, and the memory that checking all of M5 needs.

Goals (issue 5): each torch check has a median under 10 s and a slowest under 20 s on this
machine's CPU; the peak memory of checking all of M5 stays under 1.5 GB.

Run it with ``python benchmarks/bench_content_m5.py``. All of M5 is checked in one fresh
interpreter, in catalogue order, as a learner's notebook session (or the grader) would: the
first check pays for importing torch and scikit-learn and for loading the data.

The answers checked are *pasted copies* of the library's own answers: the module's source is
run again under another module name, as a notebook would define the functions. The probes
remember the outcomes of the module's own references and mistakes only, so nothing a copy
does is served from memory; the reference's side of a check is computed on the first check
of a variant and remembered for the next, as in a learner's session.

For each exercise it prints, in seconds:

* ``first``: the first check of the reference's copy (cold: the reference is computed too);
* ``median`` and ``max``: over that check and one more for each of ``--students`` students
  (each its own variant and hidden cases: the reference is computed again for each);
* ``wrong``: the check of a copy of the first declared mistake, for which the judge also
  runs every declared mistake to name the one made;
* ``cpu``: the processor time of all the checks of the exercise, which does not depend on
  what else the machine is doing.

Then the peak resident memory of the process (``ru_maxrss``). It asserts nothing: the
figures are for people to read and compare.
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

MEDIAN_GOAL = 10.0
SLOWEST_GOAL = 20.0
MEMORY_GOAL_MB = 1536
STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org")


def _pasted(module: Any) -> dict[str, Any]:
    """The module's functions defined again under another module name, as a learner would."""
    import inspect

    namespace: dict[str, Any] = {"__name__": "learner_notebook", "__package__": module.__package__}
    exec(compile(inspect.getsource(module), "<learner notebook>", "exec"), namespace)  # noqa: S102
    return namespace


def _copy_of(answer: Any, namespace: dict[str, Any]) -> Any:
    return namespace[answer.__name__] if callable(answer) and hasattr(answer, "__name__") else answer


def worker(only: list[str], n_students: int) -> None:
    """Check every exercise in `only` in this (fresh) interpreter; print the figures as JSON."""
    import resource
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.attempt import check_answers
    from caire_exercises.engine.checking import answers_of
    from caire_exercises.exercises import torch_nn

    learner = _pasted(torch_nn)
    figures: dict[str, Any] = {}
    for exercise in torch_nn.EXERCISES:
        if exercise.id not in only:
            continue
        times: list[float] = []
        passed: list[bool] = []
        cpu = time.process_time()
        for student in (None, *STUDENTS[:n_students]):
            bound = exercise.for_student(student)
            start = time.perf_counter()
            result = check_answers(bound, answers_of(bound, _copy_of(bound.reference, learner)),
                                   secret="benchmark")
            times.append(time.perf_counter() - start)
            passed.append(result.passed)
        mistake = exercise.mistakes[0]
        start = time.perf_counter()
        wrong = check_answers(exercise, answers_of(exercise, _copy_of(mistake.answer, learner)),
                              secret="benchmark")
        figures[exercise.id] = {"times": times, "passed": passed,
                                "wrong": time.perf_counter() - start,
                                "wrong named": wrong.mistakes == [mistake.id],
                                "cpu": time.process_time() - cpu}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"exercises": figures, "peak_mb": peak_mb}))


def main() -> None:
    from caire_exercises.exercises import torch_nn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--students", type=int, default=3, help="checks after the first, one a student")
    parser.add_argument("--only", nargs="*", default=[ex.id for ex in torch_nn.EXERCISES],
                        help="exercise ids to time")
    options = parser.parse_args()
    if options.worker:
        worker(options.only, options.students)
        return
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--worker", "--students", str(options.students),
                           "--only", *options.only], capture_output=True, text=True, env=env,
                          check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"M5 checks, seconds (one fresh interpreter for all of M5; goals: median < "
          f"{MEDIAN_GOAL:g} s, slowest < {SLOWEST_GOAL:g} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"{'exercise':24s} {'first':>6s} {'median':>7s} {'max':>6s} {'wrong':>6s} {'cpu':>6s}  verdict")
    every: list[float] = []
    for exercise_id, figures in report["exercises"].items():
        times = figures["times"]
        every += times + [figures["wrong"]]
        median, slowest = statistics.median(times), max(times + [figures["wrong"]])
        verdict = "ok" if median < MEDIAN_GOAL and slowest < SLOWEST_GOAL else "OVER GOAL"
        if not all(figures["passed"]) or not figures["wrong named"]:
            verdict += " (unexpected results)"
        print(f"{exercise_id:24s} {times[0]:6.2f} {median:7.2f} {max(times):6.2f} "
              f"{figures['wrong']:6.2f} {figures['cpu']:6.2f}  {verdict}")
    memory = "ok" if report["peak_mb"] < MEMORY_GOAL_MB else "OVER GOAL"
    print(f"all checks: median {statistics.median(every):.2f} s, slowest {max(every):.2f} s; "
          f"whole run {time.perf_counter() - started:.1f} s")
    print(f"peak resident memory of checking all of M5: {report['peak_mb']:.0f} MB "
          f"(goal < {MEMORY_GOAL_MB} MB): {memory}")


if __name__ == "__main__":
    main()
