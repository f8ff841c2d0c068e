"""The probe of the M0 quizzes: what the learner wrote for each item, read as an option.

It observes only (the option a spelling names, or what keeps it from naming one); whether
it is the right option is decided by the judge. No right answer is here: the grader's
sandbox may import this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from caire_exercises.authoring import Case, describe
from caire_exercises.exercises.literacy.options import METRICS, TARGETS, OptionSet

_MISSING = object()


def _lookup(answers: Mapping[Any, Any], key: str) -> Any:
    """The learner's answer to item `key`; keys match ignoring case, spaces and hyphens."""
    if key in answers:
        return answers[key]
    wanted = key.lower()
    for given_key, value in answers.items():
        if isinstance(given_key, str) and re.sub(r"[\s\-]+", "_", given_key.strip().lower()) == wanted:
            return value
    return _MISSING


def _is_blank(value: Any) -> bool:
    return value is None or value is Ellipsis or (isinstance(value, str) and not value.strip())


def read_option(raw: Any, options: OptionSet) -> dict[str, Any]:
    if not isinstance(raw, str):
        return {"problem": "not_text", "value": describe(raw)}
    key = options.resolve(raw)
    return {"value": key} if key is not None else {"problem": "unknown", "value": raw[:80]}


def read_frame(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        parts: Sequence[Any] = re.split(r"\s*[,;/+|]\s*", raw.strip())
    elif isinstance(raw, (tuple, list)):
        parts = raw
    else:
        return {"problem": "not_pair", "value": describe(raw)}
    if len(parts) != 2 or not all(isinstance(part, str) for part in parts):
        return {"problem": "not_pair", "value": repr(raw)[:80]}
    target = metric = None
    for part in parts:
        as_target, as_metric = TARGETS.resolve(part), METRICS.resolve(part)
        if as_target is None and as_metric is None:
            return {"problem": "unknown", "value": part[:80]}
        if as_target is not None and target is None:
            target = as_target
        elif as_metric is not None and metric is None:
            metric = as_metric
    if target is None or metric is None:
        return {"problem": "not_pair", "value": repr(raw)[:80]}
    return {"value": [target, metric]}


Probe = Callable[[Mapping[str, Any], Case], dict[str, Any]]


def choice_probe(answer_name: str, read: Callable[[Any], dict[str, Any]]) -> Probe:
    def probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        given = answers[answer_name]
        if not isinstance(given, Mapping):
            return {"problem": "not_dict", "value": describe(given)}
        raw = _lookup(given, case.kwargs["item"])
        if raw is _MISSING:
            return {"problem": "missing", "value": None}
        if _is_blank(raw):
            return {"problem": "blank", "value": None if raw is Ellipsis else raw}
        return read(raw)

    return probe



def option_probe(answer_name: str, options: OptionSet) -> Probe:
    """The probe of a quiz whose answers are options of `options`."""
    return choice_probe(answer_name, lambda raw: read_option(raw, options))


def frame_probe(answer_name: str) -> Probe:
    """The probe of ``literacy.frame``, whose answers are pairs (target type, metric)."""
    return choice_probe(answer_name, read_frame)
