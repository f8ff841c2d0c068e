"""How long a check of each no-code value or selection exercise of M8 and M9 takes: the goal is
under 50 ms a check.

Run it with ``python benchmarks/bench_nocode_values.py``. Each exercise is timed in a fresh
interpreter, for one student's variant, so that the first check pays what a learner's first
check pays (reading the bank or the texts, working out the reference). It prints, in
milliseconds, ``first`` (a right answer, cold), ``again`` (the same once more) and ``wrong`` (a
wrong answer that is none of the declared mistakes, so that every mistake is probed too).

It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import json
import subprocess
import sys

GOAL_MS = 50.0
IDS = ("health.two_by_two", "health.alert_burden", "health.read_a_study", "work.spot_the_hallucination",
       "work.time_saved")

_CHILD = r"""
import json, sys, time
from caire_exercises.engine.checking import answers_of
from caire_exercises.engine.registry import registry
from caire_exercises.testing import check_answers

ex = registry().get(sys.argv[1]).for_student("bench@example.org")
wrong = {"health.two_by_two": {"sensitivity": 0.5, "specificity": 0.5, "ppv": 0.5, "npv": 0.5},
         "health.alert_burden": {"ppv": 0.5, "alerts_per_day": 3, "nne": 2},
         "health.read_a_study": {key: ["accuracy_only"] for key in ex.params.get("items", [])},
         "work.spot_the_hallucination": [1, 2],
         "work.time_saved": {"minutes_saved": 10, "break_even_error_rate": 0.1}}[sys.argv[1]]
timings = {}
for label, answers in (("first", answers_of(ex, ex.reference)), ("again", answers_of(ex, ex.reference)),
                       ("wrong", {ex.answer_name: wrong})):
    start = time.perf_counter()
    check_answers(ex, answers)
    timings[label] = 1000 * (time.perf_counter() - start)
print(json.dumps(timings))
"""


def main() -> None:
    print(f"{'exercise':32} {'first':>8} {'again':>8} {'wrong':>8}   (ms; goal {GOAL_MS:g} ms)")
    for exercise_id in IDS:
        completed = subprocess.run([sys.executable, "-c", _CHILD, exercise_id], capture_output=True,
                                   text=True, check=True)
        timings = json.loads(completed.stdout.strip().splitlines()[-1])
        print(f"{exercise_id:32} {timings['first']:8.1f} {timings['again']:8.1f} {timings['wrong']:8.1f}")


if __name__ == "__main__":
    main()
