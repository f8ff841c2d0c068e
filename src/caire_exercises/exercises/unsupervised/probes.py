"""What the checker observes of an M4 answer, as plain data; every verdict is the judge's.

Each probe calls the learner's function on copies of the case's inputs, on
one thread, and reports what it returned and which inputs it changed. The
planted outliers of the anomaly cases stay with the judge
(:attr:`Case.private`). No reference solution or mistake is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from caire_exercises.authoring.probes import call_on_copies, one_thread
from caire_exercises.engine.probe_side import probe_factory


def _called(function: Any, inputs: Any) -> dict[str, Any]:
    with one_thread():
        value, mutated = call_on_copies(function, inputs)
    return {"value": value, "mutated": mutated}


def part_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """k-means: the part named first in the case's inputs (``assign`` or ``update``), called on the rest."""
    part, *inputs = case.args
    return _called(answers[part], inputs)


@probe_factory
def call_probe(name: str) -> Any:
    """A probe calling the answer `name` on the case's inputs."""
    def probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
        return _called(answers[name], case.args)

    probe.__name__ = f"{name}_probe"
    return probe


def anomalies_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The rows `top_anomalies` returned (an array, or the type of what came instead)."""
    import numpy as np

    observed = _called(answers["top_anomalies"], case.args)
    result = observed["value"]
    observed["type"] = type(result).__name__
    if isinstance(result, np.ndarray):
        observed["dtype"], observed["shape"] = str(result.dtype), list(result.shape)
    if not isinstance(result, np.ndarray) or result.dtype.kind not in "biuf":
        observed["value"] = None
    return observed
