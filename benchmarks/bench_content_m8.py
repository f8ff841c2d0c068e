"""How long a check of each M8 (health) exercise takes: median under 1 s, slowest under 5 s.

Run it with ``python benchmarks/bench_content_m8.py``. The measurement is the one of
``bench_content_m2_m4.py`` (each exercise in a fresh interpreter, so that the first
check pays what a learner's first check pays; pasted copies of the library's own
answers; first, median, max, wrong and cpu seconds), on every exercise of module
``health`` (the code exercises and, once merged, the no-code ones, whose goal is under
0.05 s). It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_content_m2_m4  # noqa: E402

if __name__ == "__main__":
    bench_content_m2_m4.MEDIAN_GOAL, bench_content_m2_m4.SLOWEST_GOAL = 1.0, 5.0
    bench_content_m2_m4.main(modules=("health",), title="M8")
