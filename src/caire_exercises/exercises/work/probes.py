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

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import call_on_copies
from caire_exercises.engine.probe_side import probe_factory


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


@probe_factory
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


# ------------------------------------------------------------ spot_the_hallucination

_LIST_KEYS = {"unsupported", "flags", "flagged", "sentences", "hallucinations", "nonetayees", "phrases",
              "signalements", "nonsupportees"}


def _as_numbers(raw: Any) -> list[int] | None:
    if isinstance(raw, str):
        pieces = [piece for piece in re.split(r"[^0-9]+", raw) if piece]
        return [int(piece) for piece in pieces]
    if isinstance(raw, (bool, np.bool_)):
        return None
    if isinstance(raw, (int, np.integer)):
        return [int(raw)]
    if isinstance(raw, np.ndarray):
        raw = raw.reshape(-1).tolist()
    if isinstance(raw, (list, tuple, set, frozenset)):
        numbers = []
        for piece in raw:
            if isinstance(piece, (bool, np.bool_)):
                return None
            if isinstance(piece, (int, np.integer)) or (isinstance(piece, float) and piece.is_integer()):
                numbers.append(int(piece))
            elif isinstance(piece, str) and re.fullmatch(r"\s*(?:s|phrase|sentence)?\s*(\d+)\s*", piece, re.I):
                # "3", "s3" (the form's and Moodle's option keys), "phrase 3".
                numbers.append(int(re.fullmatch(r"\D*(\d+)\s*", piece).group(1)))
            else:
                return None
        return numbers
    return None


def hallucination_flags(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The sentence numbers a learner flagged as not supported by the source (work.spot_the_hallucination)."""
    from caire_exercises.exercises._values import Worked

    given = answers["spot_the_hallucination"]
    if isinstance(given, Worked):
        given = given.solve(case.kwargs)
    if isinstance(given, Mapping):
        lists = [value for key, value in given.items()
                 if re.sub(r"[^a-z]", "", str(key).lower().replace("é", "e")) in _LIST_KEYS]
        # A dict of one list (the form writes the document's key), or one under a known name.
        if len(given) == 1 and isinstance(next(iter(given.values())), (list, tuple, set, frozenset)):
            lists = list(given.values())
        given = lists[0] if len(lists) == 1 else given
    numbers = _as_numbers(given)
    if numbers is None:
        return {"problem": "not_list", "given": f"`{type(given).__name__}`"}
    outside = [number for number in numbers if not 1 <= number <= case.kwargs["n_sentences"]]
    if outside:
        return {"problem": "outside", "given": outside[:5]}
    return {"flagged": sorted(set(numbers))}
