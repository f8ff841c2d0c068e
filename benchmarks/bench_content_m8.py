"""How long a check of each M8 (health) exercise takes: median under 1 s, slowest under 5 s.

Run it with ``python benchmarks/bench_content_m8.py [--students N]``. Every exercise
of the module ``health`` in the registry (the code exercises and, once merged, the
no-code ones, whose goal is under 0.05 s) is timed in a fresh interpreter, so that
the first check pays what a learner's first check pays (imports, drawing the data,
running the reference). For each exercise it prints, in seconds:

* ``first``: the first check of the reference answer (cold);
* ``median`` and ``max``: over that check and one more for each of N students
  (each with its own variant and hidden cases);
* ``wrong``: the check of the first declared mistake, for which the judge also runs
  every declared mistake to name the one made: the slowest check a learner meets;
* ``cpu``: the processor time of all these checks, which depends less on what else
  the machine is doing.

It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

MEDIAN_GOAL, SLOWEST_GOAL = 1.0, 5.0


def worker(exercise_id: str, n_students: int) -> None:
    """Time the checks of one exercise in this (fresh) interpreter; print them as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.checking import answers_of
    from caire_exercises.engine.registry import registry
    # The library's own answers are accepted here (as in the proofs); a learner's are probed alike.
    from caire_exercises.testing import check_answers

    exercise = registry().get(exercise_id)
    times, passed = [], []
    cpu = time.process_time()
    for index in range(n_students + 1):
        bound = exercise.for_student(f"student{index}@example.org")
        start = time.perf_counter()
        result = check_answers(bound, answers_of(bound, bound.reference), secret="benchmark")
        times.append(time.perf_counter() - start)
        passed.append(result.passed)
    wrong_seconds, named = float("nan"), True
    if exercise.mistakes:
        bound = exercise.for_student("student0@example.org")
        start = time.perf_counter()
        wrong = check_answers(bound, answers_of(bound, exercise.mistakes[0].answer), secret="benchmark")
        wrong_seconds = time.perf_counter() - start
        named = exercise.mistakes[0].id in wrong.mistakes
    print(json.dumps({"times": times, "passed": passed, "wrong": wrong_seconds, "named": named,
                      "cpu": time.process_time() - cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--students", type=int, default=3, help="checks after the first, one a student")
    options = parser.parse_args()
    if options.worker:
        worker(options.worker, options.students)
        return
    from caire_exercises.engine.registry import registry

    ids = [exercise.id for exercise in registry().exercises() if exercise.module == "health"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"M8 checks, seconds (fresh interpreter per exercise; goals: median < {MEDIAN_GOAL:g} s, "
          f"slowest < {SLOWEST_GOAL:g} s; load average at start {load:.1f} on {os.cpu_count()} cores)")
    print(f"{'exercise':30s} {'first':>6s} {'median':>7s} {'max':>6s} {'wrong':>6s} {'cpu':>6s}")
    firsts = []
    for exercise_id in ids:
        done = subprocess.run([sys.executable, __file__, "--worker", exercise_id, "--students",
                               str(options.students)], capture_output=True, text=True, env=env, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        times = figures["times"]
        firsts.append(times[0])
        note = "" if all(figures["passed"]) and figures["named"] else "  (unexpected results)"
        print(f"{exercise_id:30s} {times[0]:6.2f} {statistics.median(times):7.2f} {max(times):6.2f} "
              f"{figures['wrong']:6.2f} {figures['cpu']:6.2f}{note}")
    print(f"first checks: median {statistics.median(firsts):.2f} s, slowest {max(firsts):.2f} s")


if __name__ == "__main__":
    main()
