"""Transitional: the old home of the probe helpers, for modules not yet moved to the toolkit.

Everything general moved to the public toolkit
(:mod:`caire_exercises.authoring.probes`, :mod:`~caire_exercises.authoring.facts`,
:mod:`~caire_exercises.authoring.figures`), where course designers find it. What
remains here (probes that compute facts in the answer's process, and a memo
the engine now keeps itself) goes when the last module is moved.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from caire_exercises.model.exercise import Case
from caire_exercises.model.i18n import Text
from caire_exercises.authoring.facts import error_feedback
from caire_exercises.authoring.figures import confusion_figure, count_matrix
from caire_exercises.authoring.probes import (call_on_copies, fit_and_predict, fresh_estimator, is_fitted, one_thread,
                                positive_scores, single_threaded, stratified_split, type_name)

__all__ = ["call_on_copies", "confusion_figure", "count_matrix", "error_feedback", "facts_check",
           "fit_and_predict", "fresh_estimator", "is_fitted", "not_estimator_feedback", "one_thread",
           "positive_scores", "remembers_own_answers", "single_threaded", "stratified_split", "type_name"]

#: What a fact's feedback is built from: the learner's probe data.
FactFeedback = Callable[[Mapping[str, Any]], Text]


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
