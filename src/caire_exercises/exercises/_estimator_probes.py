"""Probing a learner's model by its behaviour, and saying what is wrong with it.

A learner's model is never trusted with the data. A probe builds a fresh copy
(:func:`fresh_estimator`: a clone of the estimator, or a new one from the
learner's factory), fits it on the case's training rows only, and asks it about
held-out rows it has never seen (:func:`fit_and_predict`). It returns plain
data: scores, predictions, and *facts*, short verdicts such as ``"stage":
"fit"`` (the fit raised) or ``"accurate": True`` (the score clears the bar).

:func:`facts_check` compares the learner's facts with the reference's, in the
order the probe wrote them, and reports the first that differs. Comparing
facts rather than scores lets two correct models with different accuracies
agree, and lets the judge recognise a declared mistake: a wrong model is
named when its facts are the same as the mistake's.

Two wrappers make probes cheap and steady: :func:`single_threaded` runs a
probe with native thread pools limited to one thread, and
:func:`remembers_own_answers` lets a probe remember what it found for the
exercise module's own answers (the reference and the declared mistakes), which
the judge would otherwise fit and cross-validate again for every check.

scikit-learn is imported inside the functions, never at module level.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from .._exercise import Case
from .._figures import matrix_chart
from .._i18n import Text

#: What a fact's feedback is built from: the learner's probe data.
FactFeedback = Callable[[Mapping[str, Any]], Text]


# ---------------------------------------------------------------- estimators


def fresh_estimator(answer: Any) -> tuple[Any | None, bool, str]:
    """A new, unfitted estimator from the learner's answer.

    Parameters
    ----------
    answer : object
        An estimator, an estimator class, or a function of no argument that
        returns an estimator.

    Returns
    -------
    estimator : object or None
        A clone of the estimator (a deep copy when it cannot be cloned), or
        None when the answer does not give an object with a ``fit`` method.
    was_fitted : bool
        Whether the object the answer gave had already been fitted.
    described : str
        The type of what the answer gave, for feedback.
    """
    from sklearn.base import clone

    built = answer
    if isinstance(answer, type) or (callable(answer) and not hasattr(answer, "fit")):
        built = answer()
    described = "None" if built is None else type_name(built)
    if not hasattr(built, "fit") or isinstance(built, type):
        return None, False, described
    was_fitted = is_fitted(built)
    try:
        return clone(built), was_fitted, described
    except Exception:  # noqa: BLE001 - a hand-written estimator without get_params
        return copy.deepcopy(built), was_fitted, described


def is_fitted(estimator: Any) -> bool:
    """Whether scikit-learn considers `estimator` fitted."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    except Exception:  # noqa: BLE001 - not an estimator scikit-learn knows: call it unfitted
        return False
    return True


def type_name(value: Any) -> str:
    return type(value).__name__ if not isinstance(value, type) else value.__name__


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:299] + "…"


def fit_and_predict(model: Any, X_train: Any, y_train: Any, X_test: Any, *,
                    scores: bool = False) -> dict[str, Any]:
    """Fit `model` on the training rows, then predict the held-out rows.

    An exception does not escape: it becomes data naming the stage that raised
    (``"fit"`` or ``"predict"``) and the error, so that feedback can say which.

    Returns
    -------
    dict
        ``stage`` ("done", "fit" or "predict"), ``error`` (text, when a stage
        raised), ``predictions`` (array), and with `scores` also ``scores``: the
        score of the positive class (``predict_proba[:, 1]``, else
        ``decision_function``), or None when the model gives only labels.
    """
    try:
        model.fit(X_train, y_train)
    except Exception as error:  # noqa: BLE001 - the learner's model failed: that is the finding
        return {"stage": "fit", "error": _error_text(error)}
    try:
        predictions = np.asarray(model.predict(X_test))
        out: dict[str, Any] = {"stage": "done", "predictions": predictions}
        if scores:
            out["scores"] = positive_scores(model, X_test)
    except Exception as error:  # noqa: BLE001
        return {"stage": "predict", "error": _error_text(error)}
    return out


def positive_scores(model: Any, X: Any) -> np.ndarray | None:
    """The score of the positive class for each row, or None when the model gives only labels."""
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X), dtype=float)
        return proba[:, -1] if proba.ndim == 2 else proba
    if hasattr(model, "decision_function"):
        decision = np.asarray(model.decision_function(X), dtype=float)
        return decision[:, -1] if decision.ndim == 2 else decision
    return None


@contextmanager
def one_thread() -> Iterator[None]:
    """Native thread pools (BLAS, OpenMP) limited to one thread.

    On a machine whose cores are shared, many threads fighting for two cores
    can make a small fit a hundred times slower; one thread keeps check times
    steady. Everything a probe runs, the learner's factory included, runs
    inside it.
    """
    # threadpoolctl limits only the libraries already loaded: importing scikit-learn
    # first loads its OpenMP runtime (and SciPy's BLAS), which k-means would use.
    import sklearn  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def single_threaded(probe: Callable[[Mapping[str, Any], Case], Any]) -> Callable[[Mapping[str, Any], Case], Any]:
    """`probe`, run inside :func:`one_thread`."""
    @functools.wraps(probe)
    def run(answers: Mapping[str, Any], case: Case) -> Any:
        with one_thread():
            return probe(answers, case)

    return run


def stratified_split(y: np.ndarray, *, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Training and held-out row indices, stratified on `y` (sorted, plain arrays for a case)."""
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=test_size, stratify=y, random_state=seed)
    return np.sort(train), np.sort(test)


# ------------------------------------------------------------------ memory


def remembers_own_answers(module: str, *, size: int = 512) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a probe remember what it found for answers written in `module` (references, mistakes).

    The judge runs the reference, and every declared mistake, through the
    probe again for each answer it checks; for a model that is fitted and
    cross-validated, that is most of a check's time. Their results depend only
    on the case and the installed libraries, so they are computed once in a
    process and copied out afterwards. A learner's answer is never remembered:
    it is a function or an object from somewhere else.
    """
    def decorate(probe: Callable[[Mapping[str, Any], Case], Any]) -> Callable[[Mapping[str, Any], Case], Any]:
        found: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

        @functools.wraps(probe)
        def run(answers: Mapping[str, Any], case: Case) -> Any:
            if not all((inspect.isfunction(answer) or inspect.isclass(answer))
                       and answer.__module__ == module for answer in answers.values()):
                return probe(answers, case)
            key = (tuple(sorted((name, answer.__qualname__) for name, answer in answers.items())),
                   case.fingerprint())
            if key not in found:
                found[key] = probe(answers, case)
                while len(found) > size:
                    found.popitem(last=False)
            found.move_to_end(key)
            return copy.deepcopy(found[key])

        return run

    return decorate




# -------------------------------------------------------------- functions


def call_on_copies(function: Callable[..., Any], args: Sequence[Any]) -> tuple[Any, list[int]]:
    """Call `function` on deep copies of `args`; the value and the positions of inputs it changed."""
    copies = copy.deepcopy(list(args))
    value = function(*copies)
    changed = [index for index, (after, before) in enumerate(zip(copies, args))
               if not _unchanged(after, before)]
    return value, changed


def _unchanged(after: Any, before: Any) -> bool:
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and after.shape == before.shape
                and bool(np.array_equal(after, before, equal_nan=before.dtype.kind == "f")))
    if hasattr(before, "equals"):
        try:
            return bool(before.equals(after))
        except Exception:  # noqa: BLE001 - a comparison that fails means "changed"
            return False
    return True  # estimators and numbers: fitting a model given to you is not a mutation of data


# ------------------------------------------------------------------- facts


def facts_check(feedback: Mapping[str, FactFeedback]) -> Callable[[Any, Any, Case], Text | None]:
    """A check comparing the ``facts`` of the learner's data with the expected ones.

    Facts are compared in the order the expected data lists them; the first
    that differs is reported with ``feedback[fact](learner's data)``.
    """
    def check(obtained: Any, expected: Any, case: Case) -> Text | None:
        theirs = obtained.get("facts", {}) if isinstance(obtained, Mapping) else {}
        for fact, wanted in dict(expected.get("facts", {})).items():
            if theirs.get(fact) != wanted:
                return feedback[fact](obtained)
        return None

    return check


def error_feedback(data: Mapping[str, Any]) -> Text:
    """Feedback for a model whose fit or prediction raised, quoting the error."""
    error = data.get("error", "")
    if data.get("facts", {}).get("stage") == "predict":
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


# ----------------------------------------------------------------- figures


def count_matrix(y_true: Sequence[Any], y_pred: Sequence[Any], labels: Sequence[Any]) -> np.ndarray:
    """Confusion counts (rows: true labels, columns: predicted), values outside `labels` ignored."""
    where = {label: index for index, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(y_true, y_pred):
        if truth in where and guess in where:
            counts[where[truth], where[guess]] += 1
    return counts


def confusion_figure(matrices: Sequence[tuple[Text, Any]], labels: Sequence[Any]) -> str | None:
    """Confusion matrices side by side, each with its title; None if none can be drawn."""
    true_title = Text(en="true ↓", fr="réel ↓").render()
    predicted_title = Text(en="predicted →", fr="prédit →").render()
    charts = []
    for title, matrix in matrices:
        values = np.asarray(matrix)
        if values.ndim != 2 or values.dtype.kind not in "biuf" or values.size == 0:
            continue
        rows = [str(label) for label in labels] if values.shape[0] == len(labels) else [
            str(i) for i in range(values.shape[0])]
        columns = [str(label) for label in labels] if values.shape[1] == len(labels) else [
            str(j) for j in range(values.shape[1])]
        charts.append(matrix_chart(values.tolist(), row_labels=rows, column_labels=columns,
                                   title=title.render(), row_title=true_title,
                                   column_title=predicted_title))
    return "".join(charts) or None
