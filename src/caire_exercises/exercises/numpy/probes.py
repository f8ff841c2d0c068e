"""The probes of M1 that observe more than the returned value.

This file imports neither the exercises nor their references or mistakes: the grader's
sandbox may import it without the answers.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case
from caire_exercises.authoring.probes import call_on_copies, lines_run

#: The sizes on which the lines an answer runs are counted (points of A, points of B).
LOOP_SIZES = ((3, 2), (24, 16))

#: The counts of each answer, measured once for all its cases (a new definition is a new object).
_COUNTED: weakref.WeakKeyDictionary[Any, list[int | None]] = weakref.WeakKeyDictionary()


def distances_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """The value and the inputs changed in place, and the lines the answer's own code runs
    on 3 x 2 and on 24 x 16 points (the judge tells a Python loop over the points from them).

    Broadcasting runs the same lines whatever the size, and so does a loop over a fixed few
    items (``A, B = (np.asarray(M, float) for M in (A, B))``); a loop over the rows or the
    pairs runs many more on the larger inputs. The libraries' own loops are not counted.
    """
    function = answers["pairwise_distances"]
    value, mutated = call_on_copies(function, case.args, case.kwargs)
    return {"value": value, "mutated": mutated, "lines": list(_line_counts(function))}


def _line_counts(function: Any) -> list[int | None]:
    try:
        return _COUNTED[function]
    except (KeyError, TypeError):
        pass
    points = np.random.default_rng(0)
    counts = [lines_run(function, points.normal(size=(n, 3)), points.normal(size=(m, 3)))
              for n, m in LOOP_SIZES]
    try:
        _COUNTED[function] = counts
    except TypeError:  # an object that cannot be weakly referenced: counted each time
        pass
    return counts
