"""What the checker observes of an M9 answer, as plain data; every verdict is the judge's.

An M9 exercise is answered in parts: a case worked by hand (a value, the part a
learner who does not program can give) and one or more functions. Each case
names the part it tries first in its inputs. A value part is observed as it
is; a function part is called on copies of the case's inputs, once, or once
per item when the case holds a list of inputs (``kwargs["each"]``). What only
the judge may know (the expected redaction of hidden log lines) is in the
cases' private part, never here. No reference solution or mistake is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from caire_exercises.authoring.probes import call_on_copies


def _plain_result(value: Any) -> Any:
    """A learner's value as plain data where it is close to it (a tuple, a NumPy number)."""
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return [_plain_result(item) for item in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" and value.ndim == 1:
        return [item.item() for item in value]
    if isinstance(value, list):
        return [_plain_result(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain_result(item) for key, item in value.items()}
    return value


def parts_probe(value_parts: Sequence[str]) -> Callable[[Mapping[str, Any], Any], dict[str, Any]]:
    """A probe for answers in parts: `value_parts` are given as values, the others are functions."""
    def probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
        part, *inputs = case.args
        if part in value_parts:
            return {"value": _plain_result(answers[part])}
        function = answers[part]
        if not case.kwargs.get("each"):
            value, mutated = call_on_copies(function, inputs)
            return {"value": _plain_result(value), "mutated": mutated}
        values, changed = [], set()
        for arguments in inputs[0]:
            value, mutated = call_on_copies(function, arguments)
            values.append(_plain_result(value))
            changed.update(mutated)
        return {"value": values, "mutated": sorted(changed)}

    return probe
