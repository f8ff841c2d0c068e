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
from caire_exercises.engine.probe_side import probe_factory

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


@probe_factory
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
    # Written in plain form (lower case, no accent, words joined by "_"): "Discrimination directe" is
    # read as "discrimination_directe".
    observed: dict[str, Any] = {"verdict": _plain_key(verdict) if isinstance(verdict, str)
                                else f"<{type_name(verdict)}>"}
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


# ---------------------------------------------------------------------- explain


def explain_models(X_train: Any, y_train: Any) -> tuple[Any, Any]:
    """The two fitted models the explain exercise hands to the answer: boosted trees and a scaled logistic.

    Remembered for the last training tables seen (the answer receives deep copies of them).
    """
    import pandas as pd

    key = (int(pd.util.hash_pandas_object(X_train, index=True).sum()), np.asarray(y_train).tobytes())
    if key not in _MODELS:
        if len(_MODELS) > 8:
            _MODELS.clear()
        _MODELS[key] = _fit_explain_models(X_train, y_train)
    return _MODELS[key]


_MODELS: dict[Any, tuple[Any, Any]] = {}


def _fit_explain_models(X_train: Any, y_train: Any) -> tuple[Any, Any]:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    trees = GradientBoostingClassifier(n_estimators=30, max_depth=2, random_state=0).fit(X_train, y_train)
    linear = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    return trees, linear


@single_threaded
def explain(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What `explain` returns for the case's models, and the linear model's decision for the patient."""
    X_train, y_train = case.kwargs["X_train"], case.kwargs["y_train"]
    X_test, y_test = case.kwargs["X_test"], case.kwargs["y_test"]
    patient = X_test.iloc[[case.kwargs["patient"]]]
    trees, linear = explain_models(X_train, y_train)
    value, changed = call_on_copies(answers["explain"], (trees, linear, X_train, y_train, X_test, y_test, patient))
    return {"value": _canonical(plain(value)), "mutated": changed,
            "decision": float(np.asarray(linear.decision_function(patient)).reshape(-1)[0])}


# ------------------------------------------------------------------- reidentify


def k_anonymity(table: Any, columns: tuple[str, ...]) -> int:
    """The size of the smallest group of rows sharing the values of `columns` (missing values count as one)."""
    return int(table.groupby(list(columns), dropna=False).size().min())


def reidentify(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The count `reidentify` gives, and what `generalise` made of the de-identified table."""
    from caire_exercises.authoring.probes import type_name

    deid, public = case.kwargs["deid"], case.kwargs["public"]
    count, changed = call_on_copies(answers["reidentify"], (deid, public))
    observed: dict[str, Any] = {
        "count": float(count) if isinstance(count, (int, float, np.integer, np.floating)) and not isinstance(
            count, bool) else f"<{type_name(count)}>",
        "mutated": changed,
    }
    table, changed_too = call_on_copies(answers["generalise"], (deid,))
    observed["mutated"] = sorted(set(changed) | set(changed_too))
    if not (hasattr(table, "columns") and hasattr(table, "groupby")):
        observed["table"] = f"<{type_name(table)}>"
        return observed
    quasi = ("age", "sex", "postcode")
    others = [column for column in deid.columns if column not in quasi]
    observed.update(
        table="DataFrame", rows=len(table), columns=[str(column) for column in table.columns],
        k=k_anonymity(table, quasi) if set(quasi) <= set(table.columns) else 0,
        others_kept=bool(set(others) <= set(table.columns) and len(table) == len(deid)
                         and table[others].reset_index(drop=True).equals(deid[others].reset_index(drop=True))),
        sex_kept=bool("sex" in table.columns and len(table) == len(deid)
                      and list(table["sex"].astype(str)) == list(deid["sex"].astype(str))))
    return observed


# ------------------------------------------------------------------- model_card


def _plain_key(text: Any) -> str:
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(text))
    return re.sub(r"[^a-z0-9]+", "_", "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
                  ).strip("_")


#: Words a learner may use for the card's fields, groups and metrics (English and French).
CARD_WORDS = {
    "usage_prevu": "intended_use", "utilisation_prevue": "intended_use",
    "hors_perimetre": "out_of_scope", "usages_hors_perimetre": "out_of_scope",
    "population_d_entrainement": "training_population", "population_entrainement": "training_population",
    "metriques": "metrics", "metriques_par_groupe": "metrics", "metrics_per_group": "metrics",
    "limites": "limitations",
    "age_minimum": "age_min", "age_maximum": "age_max", "part_de_femmes": "women_share",
    "share_of_women": "women_share",
    "f": "F", "women": "F", "woman": "F", "female": "F", "femmes": "F", "femme": "F",
    "m": "M", "men": "M", "man": "M", "male": "M", "hommes": "M", "homme": "M",
    "sensibilite": "sensitivity", "recall": "sensitivity", "rappel": "sensitivity",
    "specificite": "specificity",
}


def _card_key(key: Any) -> str:
    plain_key = _plain_key(key)
    return CARD_WORDS.get(plain_key, plain_key)


def _card_value(value: Any, depth: int = 0) -> Any:
    if isinstance(value, Mapping) and depth < 4:
        return {_card_key(key): _card_value(item, depth + 1) for key, item in value.items()}
    if isinstance(value, str):
        return _plain_key(value)
    if isinstance(value, (list, tuple, set, frozenset)) and depth < 4:
        return sorted(str(_card_value(item, depth + 1)) for item in value)[:50]
    return plain(value)


def model_card(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The card the learner wrote, its keys and words read in English or French, text in plain form."""
    from caire_exercises.authoring.probes import type_name
    from caire_exercises.exercises._values import Worked

    card = answers["model_card"]
    if isinstance(card, Worked):
        card = card.solve(dict(case.kwargs["numbers"]))
    if not isinstance(card, Mapping):
        return {"card": f"<{type_name(card)}>"}
    return {"card": _card_value(card)}
