"""How fast the student loop feels: importing the library, and checking an answer.

Run it with ``python benchmarks/bench_core.py`` (options: ``--runs``,
``--repeats``, ``--module``). It prints

* the time of ``import caire_exercises`` in a fresh interpreter, measured
  inside that interpreter (median of ``--runs`` runs; goal: under 150 ms), the
  wall time of the whole process next to that of a bare interpreter, and the
  time to the first ``cx.get`` (which loads the registry and NumPy);
* for each exercise of ``--module`` (M1, NumPy, by default): the median time of
  ``ex.check(answer)`` after a warm-up, for the reference answer and for its
  first declared mistake (goal: under 50 ms), progress recording included.

It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any

IMPORT_GOAL_MS = 150.0
CHECK_GOAL_MS = 50.0


def _fresh_interpreter_ms(code: str, runs: int) -> tuple[float, float]:
    """Median of (time printed by `code`, wall time of the process), in milliseconds."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    inside, wall = [], []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   env=env, check=True)
        wall.append((time.perf_counter() - start) * 1000)
        inside.append(float(completed.stdout.strip() or 0.0) * 1000)
    return statistics.median(inside), statistics.median(wall)


def bench_import(runs: int) -> None:
    measured = ("import time\nstart = time.perf_counter()\nimport caire_exercises\n"
                "print(time.perf_counter() - start)")
    import_ms, wall_ms = _fresh_interpreter_ms(measured, runs)
    _, bare_ms = _fresh_interpreter_ms("import time", runs)
    first_get = ("import time\nstart = time.perf_counter()\nimport caire_exercises as cx\n"
                 "cx.get('numpy.zscore')\nprint(time.perf_counter() - start)")
    get_ms, _ = _fresh_interpreter_ms(first_get, runs)
    verdict = "ok" if import_ms < IMPORT_GOAL_MS else "OVER GOAL"
    print(f"import caire_exercises (fresh interpreter, median of {runs}):")
    print(f"  {import_ms:7.1f} ms   import itself          goal < {IMPORT_GOAL_MS:.0f} ms   {verdict}")
    print(f"  {wall_ms:7.1f} ms   whole process          (a bare interpreter: {bare_ms:.1f} ms)")
    print(f"  {get_ms:7.1f} ms   import, then the first cx.get('numpy.zscore') (loads the registry)")


def _median_ms(function: Callable[[], Any], repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_checks(module: str, repeats: int) -> None:
    import caire_exercises as cx
    from caire_exercises.engine.checking import answers_of
    from caire_exercises.engine.registry import registry

    exercises = [exercise for exercise in registry().exercises() if exercise.module == module]
    if not exercises:
        print(f"\nno exercise in module {module!r}")
        return
    print(f"\nex.check(answer), module {module} (median of {repeats} after a warm-up; "
          f"goal < {CHECK_GOAL_MS:.0f} ms):")
    print(f"  {'exercise':<28} {'right':>9} {'mistake':>9}")
    for declared in exercises:
        ex = cx.get(declared.id, student="bench@example.org")
        # Copies, as a learner's notebook would hold them: the library's own objects are refused.
        right = {name: _as_learner(part) for name, part in answers_of(ex, ex.reference).items()}
        right_ms = _median_ms(lambda ex=ex, right=right: ex.check(quiet=True, **right), repeats)
        mistake_text = "-"
        worst = right_ms
        if ex.mistakes:
            wrong = {name: _as_learner(part) for name, part in answers_of(ex, ex.mistakes[0].answer).items()}
            mistake_ms = _median_ms(lambda ex=ex, wrong=wrong: ex.check(quiet=True, **wrong), repeats)
            mistake_text = f"{mistake_ms:6.1f} ms"
            worst = max(worst, mistake_ms)
        verdict = "ok" if worst < CHECK_GOAL_MS else "OVER GOAL"
        print(f"  {ex.id:<28} {right_ms:6.1f} ms {mistake_text:>9}   {verdict}")


def _as_learner(answer: Any) -> Any:
    """`answer` as a function defined in a notebook (module ``__main__``), not the library's."""
    import types

    if not isinstance(answer, types.FunctionType):
        return answer
    copy = types.FunctionType(answer.__code__, answer.__globals__, answer.__name__, answer.__defaults__,
                              answer.__closure__)
    copy.__kwdefaults__ = answer.__kwdefaults__
    copy.__module__ = "__main__"
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters for the import time")
    parser.add_argument("--repeats", type=int, default=20, help="checks timed per exercise")
    parser.add_argument("--module", default="numpy", help="module whose exercises are checked")
    args = parser.parse_args()
    # Progress is recorded as in a real session, but not into the user's own store.
    os.environ["CAIRE_DATA_DIR"] = tempfile.mkdtemp(prefix="caire-bench-")
    warnings.simplefilter("ignore")
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s)\n")
    bench_import(args.runs)
    bench_checks(args.module, args.repeats)


if __name__ == "__main__":
    main()
