"""How long the first check of each M9 (work) exercise takes: the goal is a median under 1 s, none over 5 s.

Run it with ``python benchmarks/bench_content_m9.py``. Every exercise of the
module ``work`` found in the registry is timed in a fresh interpreter, so that
the first check pays what a learner's first check pays (importing pandas and
scikit-learn, reading the recorded outputs, running the reference and, for a
wrong answer, every declared mistake). For each exercise it prints, in seconds:

* ``first``: the first check of the reference answer in the session (cold);
* ``again``: the same check once more (the reference's data is kept);
* ``wrong``: the first check of an answer that fails (each part replaced by one
  that returns nothing useful), so that the judge also runs every declared
  mistake to look for the one the learner made: the slowest check a learner meets.

Then the median and the slowest first check over the module. It asserts
nothing: the figures are for people to read and compare.
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

MEDIAN_GOAL_SECONDS = 1.0
SLOWEST_GOAL_SECONDS = 5.0


def _wrong_answers(exercise: Any) -> dict[str, Any]:
    """Each function part replaced by one that returns None, each value part by a wrong value."""
    from caire_exercises.engine.checking import reference_answers

    answers = {}
    for name, part in reference_answers(exercise).items():
        answers[name] = (lambda *args, **kwargs: None) if callable(part) else "?"
    return answers


def worker(exercise_id: str) -> None:
    """Time the checks of one exercise in this (fresh) interpreter; print them as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.checking import reference_answers
    from caire_exercises.engine.registry import registry
    from caire_exercises.testing import check_answers

    exercise = registry().get(exercise_id).for_student("alice@example.org")
    timings: dict[str, Any] = {}
    for label, answers in (("first", reference_answers(exercise)), ("again", reference_answers(exercise)),
                           ("wrong", _wrong_answers(exercise))):
        start = time.perf_counter()
        result = check_answers(exercise, answers, secret="benchmark")
        timings[label] = time.perf_counter() - start
        timings[f"{label} passed"] = result.passed
    print(json.dumps(timings))


def module_ids() -> list[str]:
    from caire_exercises.engine.registry import registry

    return [exercise.id for exercise in registry().module("work").exercises]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", default=None, help="exercise ids to time")
    options = parser.parse_args()
    if options.worker:
        worker(options.worker)
        return
    ids = options.only or module_ids()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    print(f"M9 checks, seconds (fresh interpreter per exercise; goal: median first check < "
          f"{MEDIAN_GOAL_SECONDS:g} s, slowest < {SLOWEST_GOAL_SECONDS:g} s)")
    print(f"{'exercise':28s} {'first':>7s} {'again':>7s} {'wrong':>7s}  verdict")
    firsts = []
    for exercise_id in ids:
        done = subprocess.run([sys.executable, __file__, "--worker", exercise_id], capture_output=True,
                              text=True, env=env, check=True)
        timings = json.loads(done.stdout.strip().splitlines()[-1])
        firsts.append(timings["first"])
        got = tuple(timings[f"{label} passed"] for label in ("first", "again", "wrong"))
        slowest = max(timings[label] for label in ("first", "again", "wrong"))
        verdict = "ok" if slowest < SLOWEST_GOAL_SECONDS else "OVER GOAL"
        if got != (True, True, False):
            verdict += f" (unexpected results {got})"
        print(f"{exercise_id:28s} {timings['first']:7.2f} {timings['again']:7.2f} {timings['wrong']:7.2f}  {verdict}")
    if firsts:
        print(f"first check: median {statistics.median(firsts):.2f} s, slowest {max(firsts):.2f} s")


if __name__ == "__main__":
    main()
