"""Build the release files (sdist and wheel) and check them, in one command.

    python3 tools/release.py               # writes dist/, then runs twine check on it
    python3 tools/release.py --outdir DIR

Run it from a clone of the repository in an environment with the ``dev`` extra
(``python3 -m pip install ".[dev]"``: build, hatchling and twine). Nothing is
downloaded: the build runs without isolation, with this environment's
hatchling. The wheel from the sdist is what a teacher hands out to students
(``pip install caire_exercises-VERSION-py3-none-any.whl``) and what would be
uploaded to an index (``twine upload DIR/*``, not done here).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the sdist and the wheel, then check them with twine.")
    parser.add_argument("--outdir", default=str(ROOT / "dist"), help="where to write them (default: dist/)")
    args = parser.parse_args(argv)
    missing = [name for name in ("build", "hatchling", "twine") if importlib.util.find_spec(name) is None]
    if missing:
        print(f"release: {', '.join(missing)} missing; install the dev extra: python3 -m pip install \".[dev]\"",
              file=sys.stderr)
        return 2
    out = Path(args.outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("caire_exercises-*.whl"), *out.glob("caire_exercises-*.tar.gz")]:
        old.unlink()
    # Without --sdist/--wheel, build makes the sdist, then the wheel from the sdist: a file
    # missing from the sdist fails here, not on a user's machine.
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                           check=False)
    if built.returncode != 0:
        print("release: the build failed (see above)", file=sys.stderr)
        return 1
    made = sorted([*out.glob("caire_exercises-*.whl"), *out.glob("caire_exercises-*.tar.gz")])
    if len(made) != 2:
        print(f"release: expected one wheel and one sdist in {out}, found {[p.name for p in made]}",
              file=sys.stderr)
        return 1
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, made)], check=False)
    if checked.returncode != 0:
        print("release: twine check refused the files (see above)", file=sys.stderr)
        return 1
    print("\nReady:")
    for path in made:
        print(f"  {path}")
    wheel = next(path for path in made if path.suffix == ".whl")
    print(f"\nHand the wheel to students: python3 -m pip install {wheel.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
