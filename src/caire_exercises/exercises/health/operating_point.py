"""health.operating_point: a threshold chosen on validation rows, its sensitivity on test rows.

scikit-learn's breast cancer data codes 1 = benign: the malignant tumour,
the disease, is class 0, and ``predict_proba[:, 1]`` is the probability of
benign. The threshold is chosen on the validation rows (sensitivity ≥ 0.95,
then the best specificity) and applied to the test rows, whose sensitivity
is reported with its Wilson interval. The judge compares the decisions a
threshold makes (two thresholds between the same two scores are the same
choice) and recognises the two planted errors by redoing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import in_order
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import MODULE_ID, breast_cancer_scores

Z95 = 1.959963984540054


def operating_point(y_val, p_val, y_test, p_test):
    # The disease is the malignant tumour, coded 0; its probability is 1 - p.
    sick_val, score_val = np.asarray(y_val) == 0, 1 - np.asarray(p_val)
    sick_test, score_test = np.asarray(y_test) == 0, 1 - np.asarray(p_test)
    best = None
    for threshold in np.unique(score_val):
        flagged = score_val >= threshold
        sensitivity = np.mean(flagged[sick_val])
        specificity = np.mean(~flagged[~sick_val])
        if sensitivity >= 0.95 and (best is None or specificity > best[1]):
            best = (threshold, specificity)
    threshold = float(best[0])
    n = int(np.sum(sick_test))
    k = int(np.sum(score_test[sick_test] >= threshold))
    z = 1.959963984540054
    centre = (k + z**2 / 2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)
    return {"threshold": threshold, "sensitivity": k / n, "interval": (centre - half, centre + half)}


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"split_seed": int(rng.integers(0, 2**31))}


def _case(seed: int, **options: Any) -> Case:
    data = breast_cancer_scores(seed)
    return Case(args=(data["y_val"], data["p_val"], data["y_test"], data["p_test"]), **options)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    shown = _case(params["split_seed"], name="your split",
                  label=Text(en="your split of the breast cancer data", fr="votre découpage des données"))
    return [shown, _case(int(rng.integers(0, 2**31)), name="another split", hidden=True)]


def _flags(threshold: float, p: np.ndarray) -> np.ndarray:
    return (1 - np.asarray(p, dtype=float)) >= float(threshold)


def _same_decisions(observed: Any, threshold: float, case: Case) -> bool:
    """Whether the learner's threshold flags the same rows as `threshold`, on validation and test."""
    mine = float(observed["value"]["threshold"])
    return all(np.array_equal(_flags(mine, p), _flags(threshold, p)) for p in (case.args[1], case.args[3]))


def _wrong_threshold(case: Case, *, benign: bool = False, on_test: bool = False) -> float:
    """The threshold a planted error chooses: benign as the positive class, or tuned on the test rows."""
    y, p = (case.args[2], case.args[3]) if on_test else (case.args[0], case.args[1])
    sick, score = (np.asarray(y) == 1, np.asarray(p)) if benign else (np.asarray(y) == 0, 1 - np.asarray(p))
    best = None
    for threshold in np.unique(score):
        flagged = score >= threshold
        if np.mean(flagged[sick]) >= 0.95 and (best is None or np.mean(~flagged[~sick]) > best[1]):
            best = (threshold, np.mean(~flagged[~sick]))
    return float(1 - best[0]) if benign else float(best[0])


def _close(first: Any, second: Any, rtol: float) -> bool:
    return bool(np.allclose(np.asarray(first, dtype=float), np.asarray(second, dtype=float), rtol=rtol, atol=1e-9))


FACTS = in_order(
    Fact("shape", lambda observed, expected, case: (
        np.isfinite(float(observed["value"]["threshold"])) and np.isfinite(float(observed["value"]["sensitivity"]))
        and np.shape(observed["value"]["interval"]) == (2,)), Text(
        en="Return a dict {\"threshold\": float, \"sensitivity\": float, \"interval\": (low, high)}.",
        fr="Renvoyez un dictionnaire {\"threshold\": float, \"sensitivity\": float, \"interval\": (bas, haut)}.")),
    Fact("malignant_is_positive", lambda observed, expected, case: not (
        _close(observed["value"]["sensitivity"], _benign_sensitivity(case), 1e-6)), Text(
        en="Your sensitivity is that of the BENIGN tumours. scikit-learn codes 1 = benign, 0 = "
           "malignant: the disease, the positive class, is y == 0, and its probability is 1 − p.",
        fr="Votre sensibilité est celle des tumeurs BÉNIGNES. scikit-learn code 1 = bénin, 0 = malin : "
           "la maladie, la classe positive, est y == 0, et sa probabilité vaut 1 − p.")),
    Fact("chosen_on_validation", lambda observed, expected, case: not (
        _same_decisions(observed, _wrong_threshold(case, on_test=True), case)
        and not _same_decisions(observed, float(expected["value"]["threshold"]), case)), Text(
        en="Your threshold was tuned on the test rows. Choose it on the validation rows only; the "
           "test rows then measure, once, what that choice is worth. Tuned on the test rows, the "
           "test sensitivity is optimistic by construction.",
        fr="Votre seuil a été réglé sur les lignes de test. Choisissez-le sur les lignes de validation "
           "seulement ; les lignes de test mesurent ensuite, une fois, ce que vaut ce choix. Réglée "
           "sur les lignes de test, la sensibilité de test est optimiste par construction.")),
    Fact("threshold", lambda observed, expected, case:
         _same_decisions(observed, float(expected["value"]["threshold"]), case), Text(
        en="Your threshold does not flag the same tumours as the one asked for: among the thresholds "
           "whose sensitivity on the validation rows is at least 0.95, take the one with the best "
           "specificity (a patient is flagged when 1 − p >= threshold).",
        fr="Votre seuil ne signale pas les mêmes tumeurs que celui demandé : parmi les seuils dont la "
           "sensibilité sur les lignes de validation est d'au moins 0,95, prenez celui qui a la "
           "meilleure spécificité (un patient est signalé quand 1 − p >= seuil).")),
    Fact("sensitivity", lambda observed, expected, case: _close(
        observed["value"]["sensitivity"], expected["value"]["sensitivity"], 1e-6), Text(
        en="Your test sensitivity is not the share of malignant test tumours that your threshold "
           "flags.",
        fr="Votre sensibilité de test n'est pas la part des tumeurs malignes de test que votre seuil "
           "signale.")),
    Fact("interval", lambda observed, expected, case: _close(
        observed["value"]["interval"], expected["value"]["interval"], 1e-4), lambda observed, expected, case: Text(
        en=f"Your interval {tuple(round(float(v), 4) for v in observed['value']['interval'])} is not the "
           f"95 % Wilson interval. Wilson's centre is (k + z²/2) / (n + z²), not k/n; with few "
           f"tumours the Wald interval k/n ± z·√(p(1 − p)/n) can pass 1.",
        fr=f"Votre intervalle {tuple(round(float(v), 4) for v in observed['value']['interval'])} n'est pas "
           f"l'intervalle de Wilson à 95 %. Le centre de Wilson est (k + z²/2) / (n + z²), pas k/n ; avec "
           f"peu de tumeurs, l'intervalle de Wald k/n ± z·√(p(1 − p)/n) peut dépasser 1.")),
)


def _benign_sensitivity(case: Case) -> float:
    threshold = _wrong_threshold(case, benign=True)
    benign_test = np.asarray(case.args[2]) == 1
    return float(np.mean(np.asarray(case.args[3])[benign_test] >= threshold))


_benign_positive = edited(operating_point, (
    "sick_val, score_val = np.asarray(y_val) == 0, 1 - np.asarray(p_val)",
    "sick_val, score_val = np.asarray(y_val) == 1, np.asarray(p_val)"), (
    "sick_test, score_test = np.asarray(y_test) == 0, 1 - np.asarray(p_test)",
    "sick_test, score_test = np.asarray(y_test) == 1, np.asarray(p_test)"))
_tuned_on_test = edited(operating_point, (
    "sick_val, score_val = np.asarray(y_val) == 0, 1 - np.asarray(p_val)",
    "sick_val, score_val = np.asarray(y_test) == 0, 1 - np.asarray(p_test)"))
_wald = edited(operating_point, (
    "centre = (k + z**2 / 2) / (n + z**2)", "centre = k / n"), (
    "half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)", "half = z * np.sqrt(centre * (1 - centre) / n)"))
_best_sensitivity = edited(operating_point, "(best is None or specificity > best[1])", "best is None")


OPERATING_POINT = Exercise(
    id="health.operating_point",
    module=MODULE_ID,
    title=Text(en="An operating point for a cancer test", fr="Un point de fonctionnement pour un test de cancer"),
    statement=Text(
        en=r"""A logistic model was fitted on half of scikit-learn's breast cancer data; you get its
outputs on two other parts, validation and test. **Careful: scikit-learn codes `y = 1` for a
benign tumour and `y = 0` for a malignant one**, and the model's `p = predict_proba(X)[:, 1]` is the
probability of *benign*. Here, as everywhere, the positive class is the disease: malignant.

Write `operating_point(y_val, p_val, y_test, p_test)`:

1. on the **validation** rows only, choose the threshold on the probability of malignancy
   `1 - p` (a tumour is flagged when `1 - p >= threshold`) whose sensitivity is **at least 0.95**
   and whose specificity is the best among those;
2. apply it to the **test** rows and compute the sensitivity there, k/n (k flagged among the n
   malignant tumours), with its **95 % Wilson interval** ($z = 1.96$):
   $$\frac{k + z^2/2}{n + z^2} \pm \frac{z}{n + z^2}\sqrt{\frac{k(n-k)}{n} + \frac{z^2}{4}}$$

Return `{"threshold": float, "sensitivity": float, "interval": (low, high)}`. Any threshold that
flags the same tumours passes. The check also uses another split of the data.""",
        fr=r"""Un modèle logistique a été ajusté sur la moitié des données de cancer du sein de
scikit-learn ; vous disposez de ses sorties sur deux autres parties, validation et test.
**Attention : scikit-learn code `y = 1` pour une tumeur bénigne et `y = 0` pour une tumeur
maligne**, et la sortie du modèle `p = predict_proba(X)[:, 1]` est la probabilité de *bénin*. Ici
comme partout, la classe positive est la maladie : maligne.

Écrivez `operating_point(y_val, p_val, y_test, p_test)` :

1. sur les lignes de **validation** seulement, choisissez le seuil sur la probabilité de
   malignité `1 - p` (une tumeur est signalée quand `1 - p >= threshold`) dont la sensibilité est
   **d'au moins 0,95** et dont la spécificité est la meilleure parmi ceux-là ;
2. appliquez-le aux lignes de **test** et calculez-y la sensibilité, k/n (k tumeurs signalées
   parmi les n tumeurs malignes), avec son **intervalle de Wilson à 95 %** ($z = 1{,}96$) :
   $$\frac{k + z^2/2}{n + z^2} \pm \frac{z}{n + z^2}\sqrt{\frac{k(n-k)}{n} + \frac{z^2}{4}}$$

Renvoyez `{"threshold": float, "sensitivity": float, "interval": (bas, haut)}`. Tout seuil qui
signale les mêmes tumeurs est accepté. La vérification utilise aussi un autre découpage des
données.""",
    ),
    answer_name="operating_point",
    kind="function",
    reference=operating_point,
    cases=_cases,
    variant=_variant,
    probe=probes.calls("operating_point"),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("operating point", "threshold", "sensitivity", "Wilson interval", "validation"),
    dataset="breast_cancer",
    mistakes=(
        Mistake("benign_as_positive", Text(
            en="You took the benign tumours (y == 1) as the positive class. In scikit-learn's breast "
               "cancer data 1 = benign: the disease is y == 0, and its probability is 1 − p.",
            fr="Vous avez pris les tumeurs bénignes (y == 1) pour la classe positive. Dans les données "
               "de cancer du sein de scikit-learn, 1 = bénin : la maladie est y == 0, et sa "
               "probabilité vaut 1 − p."), _benign_positive),
        Mistake("tuned_on_test", Text(
            en="Your threshold was chosen on the test rows. The test rows must play no part in any "
               "choice: choose on the validation rows, then measure once on the test rows.",
            fr="Votre seuil a été choisi sur les lignes de test. Les lignes de test ne doivent servir "
               "à aucun choix : choisissez sur les lignes de validation, puis mesurez une fois sur les "
               "lignes de test."), _tuned_on_test),
        Mistake("wald_interval", Text(
            en="Your interval is the Wald interval p ± z·√(p(1 − p)/n). With a sensitivity near 1 and "
               "few tumours it is too narrow and can pass 1: use Wilson's.",
            fr="Votre intervalle est celui de Wald, p ± z·√(p(1 − p)/n). Avec une sensibilité proche "
               "de 1 et peu de tumeurs, il est trop étroit et peut dépasser 1 : utilisez celui de "
               "Wilson."), _wald),
        Mistake("best_sensitivity", Text(
            en="Among the thresholds with a sensitivity of at least 0.95 you kept the most sensitive "
               "one. The constraint is met by all of them: keep the one with the best SPECIFICITY, so "
               "that as few healthy patients as possible are sent for a biopsy.",
            fr="Parmi les seuils de sensibilité d'au moins 0,95, vous avez gardé le plus sensible. "
               "Tous respectent la contrainte : gardez celui qui a la meilleure SPÉCIFICITÉ, pour "
               "envoyer aussi peu de patientes saines que possible en biopsie."), _best_sensitivity),
    ),
    hints=(
        Text(en="First recode: `sick = (y == 0)` and `score = 1 - p`. Check `np.mean(sick)`: about 37 % "
                "of the tumours are malignant.",
             fr="Recodez d'abord : `sick = (y == 0)` et `score = 1 - p`. Vérifiez `np.mean(sick)` : "
                "environ 37 % des tumeurs sont malignes."),
        Text(en="Try every validation score as a threshold (`np.unique(score_val)`), or read "
                "`sklearn.metrics.roc_curve(sick_val, score_val)`: keep those with a sensitivity "
                ">= 0.95.",
             fr="Essayez chaque score de validation comme seuil (`np.unique(score_val)`), ou lisez "
                "`sklearn.metrics.roc_curve(sick_val, score_val)` : gardez ceux dont la sensibilité est "
                ">= 0,95."),
        Text(en="On the test rows, n is the number of malignant tumours and k those with a score at "
                "or above the threshold; then apply Wilson's formula.",
             fr="Sur les lignes de test, n est le nombre de tumeurs malignes et k celles dont le score "
                "atteint le seuil ; appliquez ensuite la formule de Wilson."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: choose an operating point under a clinical constraint on validation data, "
           "report the test performance with a confidence interval, and check the coding of the "
           "positive class. Misconceptions aimed at: the label 1 is the disease; the test rows may "
           "be used to tune; a sensitivity without its interval is a result. Debrief: why does the "
           "test sensitivity fall below 0.95 on some splits? What does the width of the interval say "
           "about the number of malignant tumours one needs? Who should set the 0.95, and why not "
           "0.99?",
        fr="Objectifs : choisir un point de fonctionnement sous une contrainte clinique sur des "
           "données de validation, rapporter la performance de test avec un intervalle de confiance, "
           "et vérifier le codage de la classe positive. Idées fausses visées : l'étiquette 1 est la "
           "maladie ; les lignes de test peuvent servir au réglage ; une sensibilité sans son "
           "intervalle est un résultat. Pour le débriefing : pourquoi la sensibilité de test "
           "tombe-t-elle sous 0,95 sur certains découpages ? Que dit la largeur de l'intervalle du "
           "nombre de tumeurs malignes nécessaires ? Qui doit fixer le 0,95, et pourquoi pas 0,99 ?"),
)
