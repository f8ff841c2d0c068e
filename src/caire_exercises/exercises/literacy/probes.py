"""The probe of ``literacy.read_results``: the three numbers the learner wrote, read as numbers.

The quizzes of this module use the toolkit's probe (:func:`caire_exercises.authoring.quiz.quiz_probe`).
This one observes only: which number the learner gave for the case's value, read from an
English or French key, a number, a text such as ``"93,4 %"``, or a formula of the table's
counts (``lambda tp, fn, fp, tn: ...``); whether it is right is decided
by the judge. No right answer is here: the grader's sandbox may import this file.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from caire_exercises.authoring import Case
from caire_exercises.authoring.quiz import described

#: The keys a learner may write for each value, after :func:`plain_key`.
KEYS = {
    "accuracy": ("accuracy", "exactitude", "taux_de_bonnes_reponses"),
    "sensitivity": ("sensitivity", "sensibilite", "recall", "rappel", "true_positive_rate",
                    "taux_de_vrais_positifs", "tpr"),
    "false_alarms_per_1000": ("false_alarms_per_1000", "false_alarms_per_1_000", "false_alarms",
                              "fausses_alertes_pour_1000", "fausses_alertes_pour_1_000",
                              "fausses_alertes", "fausses_alarmes_pour_1000", "fausses_alarmes",
                              "faux_positifs_pour_1000"),
}
#: Values given as a share: a number above 1 (at most 100) is read as a percentage.
SHARES = ("accuracy", "sensitivity")


def plain_key(text: str) -> str:
    """A key without accents, capitals or punctuation: ``"Sensibilité"`` is ``"sensibilite"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return "_".join(word for word in re.split(r"[^a-z0-9]+", plain) if word)


def read_number(raw: Any) -> float | None:
    """`raw` as a float: a number, or a text such as ``"0,934"``, ``"93.4 %"`` or ``"1 000"``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)) or type(raw).__name__.startswith(("float", "int")):
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return None
        return number if math.isfinite(number) else None
    if isinstance(raw, str):
        text = re.sub(r"[\s\u202f\u00a0%]", "", raw).replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return number / 100 if "%" in raw else number
    return None


def observe_value(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """What the learner wrote for the case's value: ``{"value": x}`` or ``{"problem": ...}``."""
    given = answers[case.kwargs["answer_name"]]
    name = case.kwargs["value"]
    if not isinstance(given, Mapping):
        return {"problem": "not_dict", "value": described(given)}
    raw: Any = None
    found = False
    for key, value in given.items():
        if isinstance(key, str) and plain_key(key) in KEYS[name]:
            raw, found = value, True
            break
    if not found:
        return {"problem": "missing", "value": None}
    if raw is None or raw is Ellipsis or (isinstance(raw, str) and not raw.strip()):
        return {"problem": "blank", "value": None}
    if callable(raw):
        # A formula of the table's counts (tp, fn, fp, tn) is a way of writing the number.
        try:
            raw = raw(**case.kwargs["counts"])
        except Exception as error:  # noqa: BLE001 - the learner's formula, reported as theirs
            return {"problem": "formula_error", "value": f"{type(error).__name__}: {error}"[:120]}
    number = read_number(raw)
    if number is None:
        return {"problem": "not_number", "value": raw[:80] if isinstance(raw, str) else described(raw)}
    if name in SHARES and 1 < number <= 100:
        return {"value": number / 100, "percent": True}
    return {"value": number, "percent": False}
