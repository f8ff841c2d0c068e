"""How fast the data sets load, and how much room they take in the wheel.

Run it with ``python benchmarks/bench_data.py`` (option: ``--runs``). It prints

* for every data set, the time of ``load(name)`` as pandas and as ``"hf"``,
  after the imports (pandas, scikit-learn, datasets are imported first and not
  counted): "first" is the first load in the process, with the table read or
  drawn (the cache cleared), "again" a later load served from the cache (a
  deep copy); each a median of ``--runs`` runs. Goals: pandas under 50 ms,
  hf under 100 ms;
* the size of everything bundled (``datasets/``, which the wheel carries), by
  data set, with the goal of 5 MB in all.

It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

PANDAS_GOAL_MS = 50.0
HF_GOAL_MS = 100.0
SIZE_GOAL_MB = 5.0


def median_ms(action: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args()

    start = time.perf_counter()
    from caire_exercises.data import bundled_root, info, list_datasets, load
    from caire_exercises.data._tables import clear_cache
    import_data_ms = (time.perf_counter() - start) * 1000

    # The imports are paid once per session; the goals are about what follows them.
    import pandas  # noqa: F401
    import sklearn.datasets  # noqa: F401

    has_hf = importlib.util.find_spec("datasets") is not None
    if has_hf:
        from caire_exercises.data._forms import import_datasets

        import_datasets()
        load("iris", as_="hf")  # the first from_pandas call initialises pyarrow conversions

    print(f"import caire_exercises.data: {import_data_ms:.1f} ms (pandas, sklearn, datasets not imported)")
    print()
    header = f"{'data set':<16} {'kind':<10} {'rows':>5}  {'pandas first':>12} {'again':>7}"
    header += f"  {'hf first':>9} {'again':>7}" if has_hf else "  (hf: datasets not installed)"
    print(header)
    worst = {"pandas": 0.0, "hf": 0.0}
    for name in list_datasets():
        rows = len(load(name))
        pandas_first = median_ms(lambda name=name: load(name), args.runs, before=clear_cache)
        pandas_again = median_ms(lambda name=name: load(name), args.runs)
        line = f"{name:<16} {info(name).kind:<10} {rows:>5}  {pandas_first:>9.1f} ms {pandas_again:>4.1f} ms"
        worst["pandas"] = max(worst["pandas"], pandas_first)
        if has_hf and "hf" in info(name).forms:
            hf_first = median_ms(lambda name=name: load(name, as_="hf"), args.runs, before=clear_cache)
            hf_again = median_ms(lambda name=name: load(name, as_="hf"), args.runs)
            worst["hf"] = max(worst["hf"], hf_first)
            line += f"  {hf_first:>6.1f} ms {hf_again:>4.1f} ms"
        print(line)
    print()
    print(f"slowest pandas load: {worst['pandas']:.1f} ms (goal < {PANDAS_GOAL_MS:.0f} ms)")
    if has_hf:
        print(f"slowest hf load:     {worst['hf']:.1f} ms (goal < {HF_GOAL_MS:.0f} ms)")

    root = bundled_root()
    print()
    print(f"bundled data in {root}:")
    total = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        size = folder_size(folder)
        total += size
        print(f"  {folder.name:<16} {size / 1024:>8.1f} KiB")
    total += sum(p.stat().st_size for p in root.iterdir() if p.is_file())
    print(f"total bundled: {total / 1024 / 1024:.2f} MiB (goal < {SIZE_GOAL_MB:.0f} MB)")


if __name__ == "__main__":
    main()
