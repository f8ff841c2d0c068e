"""torch.early_stopping: when to stop training, with every edge case of the rule."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.torch._common import MODULE_ID


# =================================================================== early stopping


def should_stop(history, patience, min_delta):
    if len(history) <= patience:
        return False
    best_before = min(history[:-patience])
    return min(history[-patience:]) >= best_before - min_delta


# Declared mistakes one line away from the reference.
_should_stop_no_guard = edited(should_stop, "    if len(history) <= patience:\n        return False\n", "",
                               name="_should_stop_no_guard")
_should_stop_counts_exact_delta = edited(should_stop, ">= best_before", "> best_before",
                                         name="_should_stop_counts_exact_delta")
_should_stop_ignores_min_delta = edited(should_stop, ">= best_before - min_delta", ">= best_before",
                                        name="_should_stop_ignores_min_delta")
_should_stop_last_only = edited(should_stop, "min(history[-patience:])", "history[-1]",
                                name="_should_stop_last_only")


def _should_stop_running_best(history, patience, min_delta):
    best, waited = math.inf, 0
    for loss in history:
        if loss < best - min_delta:
            best, waited = loss, 0
        else:
            waited += 1
    return waited >= patience


def _early_stopping_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"patience": int(rng.integers(2, 6)), "min_delta": float(rng.choice([1, 2, 4, 8]) / 64)}


def _early_stopping_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    p, delta = params["patience"], params["min_delta"]
    start = [1.0, 0.75, 0.5]  # the best so far is 0.5
    step = 1 / 64  # every value is a multiple of 1/64: the comparisons are exact in floating point

    def case(name: str, history: list[float], en: str, fr: str, *, patience: int = p,
             min_delta: float = delta) -> Case:
        return Case(name, (history, patience, min_delta), label=Text(en=en, fr=fr))

    hidden = []
    for index in range(3):
        length = int(rng.integers(1, 16))
        walk = 1.0 + np.cumsum(rng.integers(-8, 5, size=length)) * step
        hidden.append(Case(f"hidden {index + 1}", ([float(v) for v in walk], int(rng.integers(1, 6)),
                                                   float(rng.choice([0, 1, 2, 4]) / 64)),
                           hidden=True))
    return [
        case("improving", [1.0 - i * (delta + 4 * step) for i in range(p + 3)],
             "each epoch improves by more than min_delta",
             "chaque époque améliore de plus de min_delta"),
        case("plateau", start + [0.5 + step] * p,
             f"no improvement for {p} epochs after the best",
             f"aucune amélioration pendant {p} époques après la meilleure"),
        case("short history", [1.0, 1.25, 1.5][:p] + [1.5] * max(0, p - 3),
             f"only {p} epochs so far (= patience)", f"seulement {p} époques (= la patience)"),
        case("empty history", [], "no epoch yet", "aucune époque encore"),
        case("exactly min_delta", start + [0.5 - delta] + [0.5] * (p - 1),
             "the best improves by exactly min_delta", "la meilleure valeur s'améliore d'exactement "
             "min_delta"),
        case("more than min_delta", start + [0.5 - delta - step] + [0.5] * (p - 1),
             "the best improves by a little more than min_delta",
             "la meilleure valeur s'améliore d'un peu plus que min_delta"),
        case("less than min_delta", start + [0.5] * (p - 1) + [0.5 - delta / 2],
             "the last epoch improves, by half of min_delta",
             "la dernière époque améliore, de la moitié de min_delta"),
        case("tie", start + [0.5] * p, "the loss stays equal to the best",
             "la perte reste égale à la meilleure", min_delta=0.0),
        case("earlier in the window", start + [0.5 - 2 * delta - step]
             + [0.5 + i * step for i in range(1, p)],
             "a real improvement early in the last epochs, then worse ones",
             "une vraie amélioration au début des dernières époques, puis des moins bonnes"),
        case("overfitting", start + [0.5 + i * 8 * step for i in range(1, p + 1)],
             "the loss rises after the best", "la perte remonte après la meilleure"),
        case("best long ago", [1.0, 0.5] + [0.75] * 3 + [0.5 + step] * p,
             "the best is several epochs before the last ones, and the loss rose since",
             "la meilleure perte date de plusieurs époques avant les dernières, et la perte est "
             "remontée depuis"),
        case("small steps", start + [0.5 - delta / 2, 0.5 - delta] + [0.5 - 3 * delta / 2] * p,
             "before the last epochs, the best went down by steps smaller than min_delta",
             "avant les dernières époques, la meilleure perte a baissé par pas plus petits que "
             "min_delta"),
        case("longer patience", start + [0.5 + step] * p,
             f"the plateau case with patience {p + 1}: the best is among the last {p + 1} epochs",
             f"le cas du plateau avec une patience de {p + 1} : la meilleure perte est parmi les "
             f"{p + 1} dernières époques", patience=p + 1),
        *hidden,
    ]


EARLY_STOPPING = Exercise(
    id="torch.early_stopping",
    module=MODULE_ID,
    title=Text(en="When to stop training", fr="Quand arrêter l'entraînement"),
    statement=Text(
        en="""Early stopping ends training when the validation loss has stopped improving. Write
`should_stop(history, patience, min_delta)`:

* `history` is the list of validation losses so far, one per epoch (lower is better);
* return `True` when none of the last `patience` losses is **below** `best - min_delta`,
  where `best` is the lowest loss **before** those `patience` epochs; else `False`;
* an improvement of exactly `min_delta` does not count (below means strictly below), and a
  loss equal to the best is no improvement;
* with `patience` epochs or fewer in `history`, there is nothing to compare yet: return
  `False`.

Return a bool and do not change `history`. Your variant: `patience = {patience}`,
`min_delta = {min_delta}`.""",
        fr="""L'arrêt précoce met fin à l'entraînement quand la perte de validation ne s'améliore plus.
Écrivez `should_stop(history, patience, min_delta)` :

* `history` est la liste des pertes de validation jusqu'ici, une par époque (plus bas, c'est
  mieux) ;
* renvoyez `True` quand aucune des `patience` dernières pertes n'est **sous**
  `best - min_delta`, où `best` est la plus petite perte **avant** ces `patience` époques ;
  sinon `False` ;
* une amélioration d'exactement `min_delta` ne compte pas (sous veut dire strictement sous),
  et une perte égale à la meilleure n'est pas une amélioration ;
* avec `patience` époques ou moins dans `history`, il n'y a encore rien à comparer :
  renvoyez `False`.

Renvoyez un booléen et ne modifiez pas `history`. Votre variante : `patience = {patience}`,
`min_delta = {min_delta}`.""",
    ),
    answer_name="should_stop",
    kind="function",
    reference=should_stop,
    cases=_early_stopping_cases,
    variant=_early_stopping_variant,
    difficulty=1,
    minutes=15,
    tags=("training", "early stopping", "edge cases"),
    dataset=None,
    # Pure Python: the module's only exercise that a learner without torch can do.
    requires=(),
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: turn a rule stated in words into code that is exact on every edge case '
            '(empty history, ties, an improvement of exactly min_delta). Misconception aimed at: '
            '"early stopping is Keras\'s running best" and "strictly below and below are the '
            'same". Debrief: Which edge case did your first version miss? Why does an improvement '
            'of exactly min_delta not count here? What does patience protect against?'),
        fr=('Objectifs : traduire une règle énoncée en mots en un code exact dans tous les cas '
            "limites (historique vide, égalités, amélioration d'exactement min_delta). Idées "
            "fausses visées : « l'arrêt précoce, c'est la meilleure valeur courante de Keras » et "
            "« strictement sous et sous, c'est pareil ». Questions de retour : quel cas limite "
            "votre première version a-t-elle manqué ? Pourquoi une amélioration d'exactement "
            'min_delta ne compte-t-elle pas ici ? Contre quoi la patience protège-t-elle ?')),
    mistakes=(
        Mistake("no_guard", Text(
            en="With patience epochs or fewer, history[:-patience] is empty and min() of an "
               "empty list raises ValueError. Return False first when len(history) <= patience.",
            fr="Avec patience époques ou moins, history[:-patience] est vide et min() d'une liste "
               "vide lève ValueError. Renvoyez d'abord False quand len(history) <= patience."),
            _should_stop_no_guard),
        Mistake("counts_exact_delta", Text(
            en="You count an improvement of exactly min_delta (or a tie when min_delta is 0) as "
               "progress. Only a loss strictly below best - min_delta is an improvement: stop "
               "when min(recent) >= best - min_delta.",
            fr="Vous comptez une amélioration d'exactement min_delta (ou une égalité quand "
               "min_delta vaut 0) comme un progrès. Seule une perte strictement sous "
               "best - min_delta est une amélioration : arrêtez quand min(récentes) >= "
               "best - min_delta."), _should_stop_counts_exact_delta),
        # Before ignores_min_delta: every history that fools a running best fools it too, and
        # the judge names the first declared mistake on a tie.
        Mistake("running_best", Text(
            en="You keep a running best that moves only when a loss beats it by more than "
               "min_delta, as Keras's EarlyStopping does. Here best is simply the lowest loss "
               "before the last patience epochs, however small the steps that led to it: "
               "best = min(history[:-patience]).",
            fr="Vous gardez en mémoire une meilleure valeur qui ne change que lorsqu'une perte lui "
               "est inférieure de plus de min_delta, comme le fait EarlyStopping de Keras. Ici, best est "
               "simplement la plus petite perte avant les patience dernières époques, aussi petits "
               "soient les pas qui y ont mené : best = min(history[:-patience])."),
            _should_stop_running_best),
        Mistake("ignores_min_delta", Text(
            en="min_delta is ignored: any decrease, however tiny, keeps training going. Compare "
               "with best - min_delta, not with best.",
            fr="min_delta est ignoré : la moindre baisse, si petite soit-elle, prolonge "
               "l'entraînement. Comparez à best - min_delta, pas à best."),
            _should_stop_ignores_min_delta),
        Mistake("last_only", Text(
            en="You look at the last loss only. An improvement earlier among the last patience "
               "epochs also counts: take the minimum of history[-patience:].",
            fr="Vous ne regardez que la dernière perte. Une amélioration plus tôt parmi les "
               "patience dernières époques compte aussi : prenez le minimum de "
               "history[-patience:]."), _should_stop_last_only),
    ),
    hints=(
        Text(en="Cut the history in two: `before = history[:-patience]` and "
                "`recent = history[-patience:]`.",
             fr="Coupez l'historique en deux : `avant = history[:-patience]` et "
                "`recentes = history[-patience:]`."),
        Text(en="Deal with the short history first: `if len(history) <= patience: return False`.",
             fr="Réglez d'abord le cas de l'historique court : "
                "`if len(history) <= patience: return False`."),
        Text(en="Stop when `min(recent) >= min(before) - min_delta`: no recent loss is strictly "
                "below the bar.",
             fr="Arrêtez quand `min(recentes) >= min(avant) - min_delta` : aucune perte récente "
                "n'est strictement sous la barre."),
    ),
)

