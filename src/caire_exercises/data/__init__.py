"""Data sets for the exercises, loadable offline in four forms.

>>> from caire_exercises.data import load, list_datasets, datasheet
>>> frame = load("penguins")                         # doctest: +SKIP
>>> X, y = load("wine", as_="numpy")                 # doctest: +SKIP
>>> mine = load("patients", student="alice@example.org")   # doctest: +SKIP

Real tables come from the packages that ship them (scikit-learn,
palmerpenguins); generated ones from the seeded generators of
:mod:`caire_exercises.data.generators`; the sets the project wrote from the
bundled ``datasets/`` folder, which also holds every datasheet. Nothing is
downloaded and nothing is written to disk.
"""

from __future__ import annotations

from caire_exercises.data._catalogue import DatasetInfo, bundled_root, datasheet, info, list_datasets
from caire_exercises.data._loader import load

__all__ = ["DatasetInfo", "bundled_root", "datasheet", "info", "list_datasets", "load"]
