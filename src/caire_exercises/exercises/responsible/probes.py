"""The probes of M7: what an answer does on a case's inputs, as plain data, and nothing more.

A probe here never holds a held-out label, a planted value nor an expected
output, and never decides: the facts of each exercise do, in the judge. This
file imports no exercise file, no reference and no mistake, so that the
grader's sandbox can import it without the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import call_on_copies, single_threaded
from caire_exercises.exercises.responsible._common import plain

#: Other spellings of the keys the statements ask for, read as the asked ones.
ALIASES = {
    "equalized_odds_difference": "equalised_odds_difference",
    "selection_rates": "selection_rate",
    "approval_rates": "approval_rate",
    "approval_rate_among_repaid": "approval_rate_repaid",
    "odds_ratio": "adjusted_odds_ratio",
}


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {ALIASES.get(key, key): item for key, item in value.items()}
    return value


def returns_dict(name: str):
    """A probe that calls the function answer `name` on copies of the case's inputs, on one thread.

    It observes the returned value as plain data (see :func:`._common.plain`), with the
    other spellings of the asked keys read as the asked ones, and the inputs it changed.
    """
    @single_threaded
    def probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
        value, changed = call_on_copies(answers[name], case.args, case.kwargs)
        return {"value": _canonical(plain(value)), "mutated": changed}

    probe.__name__ = f"returns_dict_{name}"
    return probe


# ------------------------------------------------------------------ mitigation


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:299] + "…"


@single_threaded
def mitigation(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The learner's model from the training rows; its predictions with and without `group`.

    A model returned unfitted is fitted on the training rows (every column but
    `approved`). The held-out rows' labels stay with the judge.
    """
    from caire_exercises.authoring.probes import is_fitted, type_name

    train, test = case.kwargs["train"], case.kwargs["test"]
    verdict, _ = call_on_copies(answers["thresholds_verdict"], ())
    observed: dict[str, Any] = {"verdict": verdict if isinstance(verdict, str) else f"<{type_name(verdict)}>"}
    model, changed = call_on_copies(answers["mitigate"], (train,))
    observed["mutated"] = changed
    if not hasattr(model, "predict") or isinstance(model, type):
        observed.update(stage="not_model", got=type_name(model))
        return observed
    if not is_fitted(model):
        try:
            model.fit(train.drop(columns=["approved"]), train["approved"])
        except Exception as error:  # noqa: BLE001 - the learner's model failed: that is the finding
            observed.update(stage="fit", error=_error_text(error))
            return observed
    try:
        observed["predictions"] = np.asarray(model.predict(test.copy())).astype(float)
    except Exception as error:  # noqa: BLE001
        observed.update(stage="predict", error=_error_text(error))
        return observed
    observed["stage"] = "done"
    try:
        observed["without_group"] = np.asarray(model.predict(test.drop(columns=["group"]))).astype(float)
    except Exception as error:  # noqa: BLE001 - a model that needs `group` to predict reads it
        observed["without_group_error"] = _error_text(error)
    return observed
