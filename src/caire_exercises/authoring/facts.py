"""Facts that many exercises share, and the helpers facts are written with.

A :class:`~caire_exercises.authoring.Fact` is evaluated by the judge, from
what the probe observed and from the case's private part. The facts here
read the observations of :func:`caire_exercises.authoring.probes.observe_estimator`.

>>> from caire_exercises.authoring.facts import gives_estimator, fits_and_predicts
>>> [fact.name for fact in (gives_estimator("make_model"), fits_and_predicts())]
['estimator', 'fits']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.model.exercise import Case, Fact
from caire_exercises.model.i18n import Text


def gives_estimator(answer_name: str) -> Fact:
    """The answer gave an object with a ``fit`` method (directly, as a class, or from a factory)."""
    def feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Text:
        got = str(observed.get("got", "?"))[:80]
        return Text(
            en=f"`{answer_name}` should give an unfitted scikit-learn estimator (an object with a `fit` "
               f"method), or be a function of no argument that returns one; it gave {got}.",
            fr=f"`{answer_name}` doit fournir un estimateur scikit-learn non ajusté (un objet doté d'une "
               f"méthode `fit`), ou être une fonction sans argument qui en renvoie un ; il a "
               f"fourni {got}.")

    return Fact("estimator", lambda observed, expected, case: observed["stage"] != "not_estimator",
                feedback)


def fits_and_predicts() -> Fact:
    """The model was fitted on the training rows and predicted the held-out rows without an error."""
    return Fact("fits", lambda observed, expected, case: observed["stage"] == "done",
                lambda observed, expected, case: error_feedback(observed))


def predictions(observed: Mapping[str, Any], n_rows: int) -> np.ndarray:
    """The held-out predictions as a flat array of `n_rows` items; ValueError otherwise.

    A fact that calls this does not hold for an observation that lacks them or
    has another length (a forged or broken one).
    """
    values = np.asarray(observed["predictions"])
    if values.ndim > 2 or values.size != n_rows:
        raise ValueError(f"{values.size} predictions for {n_rows} rows")
    return values.reshape(-1)


def accuracy(observed: Mapping[str, Any], truth: Sequence[Any]) -> float:
    """The share of held-out rows whose prediction equals the label only the judge holds."""
    truth = np.asarray(truth).reshape(-1)
    guessed = predictions(observed, len(truth))
    if guessed.dtype.kind != truth.dtype.kind and not (guessed.dtype.kind in "iuf" and truth.dtype.kind in "iuf"):
        guessed, truth = guessed.astype(str), truth.astype(str)
    return float(np.mean(guessed == truth))


def error_feedback(data: Mapping[str, Any]) -> Text:
    """Feedback for a model whose fit or prediction raised, quoting the error."""
    error = data.get("error", "")
    if data.get("stage") == "predict" or data.get("facts", {}).get("stage") == "predict":
        return Text(
            en=f"Your model was fitted on the training rows, but predicting the held-out rows raised "
               f"{error}. A held-out row may hold a value the training rows never had: make every "
               f"step of your pipeline cope with it (e.g. OneHotEncoder(handle_unknown='ignore')).",
            fr=f"Votre modèle a été ajusté sur les lignes d'entraînement, mais la prédiction des lignes "
               f"mises de côté a levé {error}. Une ligne mise de côté peut contenir une valeur absente "
               f"des lignes d'entraînement : faites en sorte que chaque étape de votre pipeline s'en "
               f"accommode (par exemple OneHotEncoder(handle_unknown='ignore')).")
    if "Invalid parameter" in error:
        # A grid (or set_params) naming a parameter the estimator does not have: the table is
        # not the cause, the name is.
        return Text(
            en=f"Fitting your model on the training rows raised {error}. A parameter name in your "
               f"grid does not exist: inside a pipeline it is '<step name>__<parameter>' (see "
               f"pipeline.get_params().keys()).",
            fr=f"L'ajustement de votre modèle sur les lignes d'entraînement a levé {error}. Un nom "
               f"de paramètre de votre grille n'existe pas : dans un pipeline, il s'écrit "
               f"'<nom de l'étape>__<paramètre>' (voir pipeline.get_params().keys()).")
    return Text(
        en=f"Fitting your model on the training rows raised {error}. Look at what the table holds "
           f"(missing values, text columns) and give each kind of column the step it needs.",
        fr=f"L'ajustement de votre modèle sur les lignes d'entraînement a levé {error}. Regardez ce que "
           f"contient la table (valeurs manquantes, colonnes de texte) et donnez à chaque type de "
           f"colonne l'étape dont il a besoin.")


def not_estimator_feedback(name: str) -> FactFeedback:
    def feedback(data: Mapping[str, Any]) -> Text:
        got = data.get("got", "?")
        return Text(
            en=f"`{name}` should give an unfitted scikit-learn estimator (an object with a `fit` "
               f"method), or be a function of no argument that returns one; it gave {got}.",
            fr=f"`{name}` doit fournir un estimateur scikit-learn non ajusté (un objet doté d'une "
               f"méthode `fit`), ou être une fonction sans argument qui en renvoie un ; il a "
               f"fourni {got}.")
    return feedback


# ------------------------------------------------------------------ text (M6)

from collections.abc import Callable  # noqa: E402 - kept with the helpers of M6 that use it


def _same_data(first: Any, second: Any) -> bool:
    """Equality of plain data that may hold NumPy arrays (never an ambiguous truth value)."""
    if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
        try:
            return bool(np.array_equal(np.asarray(first), np.asarray(second)))
        except Exception:  # noqa: BLE001 - arrays that cannot be compared are not the same
            return False
    if isinstance(first, Mapping) and isinstance(second, Mapping):
        return set(first) == set(second) and all(_same_data(first[key], second[key]) for key in first)
    if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
        return len(first) == len(second) and all(_same_data(a, b) for a, b in zip(first, second))
    try:
        return bool(first == second)
    except Exception:  # noqa: BLE001
        return False


def same_as_mistake(facts: Sequence[Fact], *keys: str | Callable[[Any, Case], Any]
                    ) -> Callable[[Any, Any, Case], Text | None]:
    """A check that names a declared mistake only when the learner's observations agree on `keys`.

    The engine recognises a declared mistake on a case when the same facts hold
    and fail for the learner and for the mistake. When facts alone cannot tell
    two wrong answers apart (two models below the bar, two lists of ids that miss
    the same questions), add this check: when the judge compares the learner's
    observations with a mistake's (`expected` then fails one of `facts`), it asks
    the observations under `keys` to be the same too. Against the reference's
    observations (every fact holds) it says nothing: the facts decide.

    `facts` must decide from the observation and the case alone (held-out labels,
    expected outputs in :attr:`Case.private`), not by comparison with `expected`.
    A key is the name of an item of the observations, or a function
    ``key(observed, case)`` that reads what tells the answers apart.
    """
    different = Text(en="not the declared mistake's observations",
                     fr="pas les observations de l'erreur déclarée")

    def read(observed: Any, key: str | Callable[[Any, Case], Any], case: Case) -> Any:
        return key(observed, case) if callable(key) else observed.get(key)

    def check(observed: Any, expected: Any, case: Case) -> Text | None:
        if all(fact.evaluate(expected, expected, case) for fact in facts):
            return None
        if not isinstance(observed, Mapping) or not isinstance(expected, Mapping):
            return different
        try:
            agree = all(_same_data(read(observed, key, case), read(expected, key, case)) for key in keys)
        except Exception:  # noqa: BLE001 - observations that cannot be read are not the mistake's
            agree = False
        return None if agree else different

    return check
