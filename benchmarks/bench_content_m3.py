"""How long a check of each M3 (supervised) exercise takes: median under 3 s, slowest under 10 s.

Run it with ``python benchmarks/bench_content_m3.py``. The measurement is the one of
``bench_content_m2_m4.py`` (each exercise in a fresh interpreter; pasted copies of the
library's own answers; first, median, max, wrong and cpu seconds), on module M3.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_content_m2_m4 import main  # noqa: E402

if __name__ == "__main__":
    main(modules=("supervised",), title="M3")
