"""responsible.mitigation: a credit model that halves the equal-opportunity gap without reading the group.

A two-part answer: `mitigate(train)` gives a model (fitted, or fitted by the
probe when returned unfitted), and `thresholds_verdict()` answers one legal
item. The probe predicts the held-out applicants twice, with and without the
`group` column; the judge alone holds their past decisions, and the naive
model's gap and accuracy (computed when the cases are drawn, in the judge).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import MODULE_ID, mitigation_split

N_APPLICANTS = 6000
#: The largest loss of held-out accuracy allowed against the naive model (3 points).
ACCURACY_LOSS = 0.03
#: Accepted spellings of the right verdict, in English and French.
DIRECT = ("direct_discrimination", "discrimination_directe", "direct", "directe")


def mitigate(train):
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    # Reweighing (Kamiran and Calders): each (group, decision) cell weighs as if group and
    # decision were independent. The group is used to weigh training rows, never as a feature.
    group, label = train["group"].to_numpy(), train["approved"].to_numpy()
    weights = np.ones(len(train))
    for value in np.unique(group):
        for outcome in (0, 1):
            cell = (group == value) & (label == outcome)
            weights[cell] = np.mean(group == value) * np.mean(label == outcome) / np.mean(cell)
    numeric = ["age", "income", "debt_ratio", "history_years", "late_payments", "amount"]
    columns = make_column_transformer((StandardScaler(), numeric),
                                      (OneHotEncoder(handle_unknown="ignore"), ["district"]))
    model = make_pipeline(columns, LogisticRegression(max_iter=1000))
    return model.fit(train, train["approved"], logisticregression__sample_weight=weights)


def thresholds_verdict():
    return "direct_discrimination"


def _naive_model(train):
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = ["age", "income", "debt_ratio", "history_years", "late_payments", "amount"]
    columns = make_column_transformer((StandardScaler(), numeric),
                                      (OneHotEncoder(handle_unknown="ignore"), ["district", "group"]))
    return make_pipeline(columns, LogisticRegression(max_iter=1000)).fit(train, train["approved"])


def _tpr_gap(predictions: np.ndarray, labels: np.ndarray, group: np.ndarray) -> float:
    approved = labels == 1
    return float(np.mean(predictions[approved & (group == "B")] == 1)
                 - np.mean(predictions[approved & (group == "A")] == 1))


@lru_cache(maxsize=16)
def _naive(seed: int, n: int) -> tuple[float, float]:
    """The naive model's held-out accuracy and TPR gap (B − A): what the judge compares with."""
    from caire_exercises.authoring.probes import one_thread

    train, test, labels = mitigation_split(seed, n)
    with one_thread():
        predictions = _naive_model(train).predict(test)
    group = test["group"].to_numpy().astype(str)
    return float(np.mean(predictions == labels)), _tpr_gap(predictions, labels, group)


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_train": 3500}


def _case(name: str, seed: int, **extra: Any) -> Case:
    train, test, labels = mitigation_split(seed, N_APPLICANTS)
    accuracy, gap = _naive(seed, N_APPLICANTS)
    return Case(name, kwargs={"train": train, "test": test}, timeout=30.0,
                private={"labels": labels, "naive_accuracy": accuracy, "naive_gap": gap}, **extra)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        _case("past decisions", params["data_seed"],
              label=Text(en="3,500 past decisions to learn from, 2,500 held-out applicants",
                         fr="3\u202f500 décisions passées pour apprendre, 2\u202f500 demandeurs mis de côté")),
        _case("hidden", int(rng.integers(0, 2**31)), hidden=True),
    ]


def _predictions(observed: Mapping[str, Any], case: Case) -> np.ndarray:
    values = np.asarray(observed["predictions"], dtype=float).reshape(-1)
    if values.size != len(case.private["labels"]):
        raise ValueError("wrong number of predictions")
    return values


def _group(case: Case) -> np.ndarray:
    return case.kwargs["test"]["group"].to_numpy().astype(str)


def _gap(observed: Any, case: Case) -> float:
    return _tpr_gap(_predictions(observed, case), case.private["labels"], _group(case))


def _accuracy(observed: Any, case: Case) -> float:
    return float(np.mean(_predictions(observed, case) == case.private["labels"]))


def _blind(observed: Any, expected: Any, case: Case) -> bool:
    return bool(np.array_equal(np.asarray(observed["without_group"], dtype=float), _predictions(observed, case)))


def _fair(observed: Any, expected: Any, case: Case) -> bool:
    return abs(_gap(observed, case)) <= abs(case.private["naive_gap"]) / 2


def _accurate(observed: Any, expected: Any, case: Case) -> bool:
    return _accuracy(observed, case) >= case.private["naive_accuracy"] - ACCURACY_LOSS


def _points(share: float) -> str:
    return f"{100 * share:.1f}"


FACTS = (
    Fact("model", lambda observed, expected, case: observed["stage"] not in ("not_model", "fit", "predict"),
         lambda observed, expected, case: Text(
             en=f"`mitigate(train)` should return a scikit-learn model (a Pipeline) that predicts the "
                f"held-out applicants; it gave {observed.get('got', 'an object')}"
                f"{': ' + observed['error'] if observed.get('error') else ''}.",
             fr=f"`mitigate(train)` doit renvoyer un modèle scikit-learn (un Pipeline) qui prédit les "
                f"demandeurs mis de côté ; il a donné {observed.get('got', 'un objet')}"
                f"{' : ' + observed['error'] if observed.get('error') else ''}.")),
    Fact("never_reads_group", _blind, Text(
        en="Your model reads `group` when it predicts: with the column removed, its predictions change (or "
           "it cannot predict at all). Select the columns it uses inside the pipeline (a "
           "ColumnTransformer that leaves `group` out); the group may only weigh the training rows.",
        fr="Votre modèle lit `group` pour prédire : sans cette colonne, ses prédictions changent (ou il ne "
           "peut plus prédire). Choisissez les colonnes qu'il utilise dans le pipeline (un "
           "ColumnTransformer qui laisse `group` de côté) ; le groupe ne peut servir qu'à pondérer les "
           "lignes d'entraînement.")),
    Fact("halves_gap", _fair, lambda observed, expected, case: Text(
        en=f"Among held-out applicants the bank approved, your model approves group B {_points(abs(_gap(observed, case)))} "
           f"points less or more often than group A; the naive model's gap is "
           f"{_points(abs(case.private['naive_gap']))} points, and the target is half of it. Dropping "
           f"`group` is not enough while `district` and `income` carry it: reweigh the training rows so "
           f"that group and decision are independent.",
        fr=f"Parmi les demandeurs mis de côté que la banque a acceptés, votre modèle accepte le groupe B avec "
           f"un écart de {_points(abs(_gap(observed, case))).replace('.', ',')} points avec le groupe A ; "
           f"l'écart du modèle naïf est de {_points(abs(case.private['naive_gap'])).replace('.', ',')} "
           f"points, et la cible en est la moitié. Retirer `group` ne suffit pas tant que `district` et "
           f"`income` le portent : repondérez les lignes d'entraînement pour que groupe et décision soient "
           f"indépendants.")),
    Fact("accurate", _accurate, lambda observed, expected, case: Text(
        en=f"Your model's held-out accuracy is {_points(_accuracy(observed, case))} %, more than 3 points "
           f"below the naive model's {_points(case.private['naive_accuracy'])} %. Keep the financial "
           f"variables: a fair model still has to tell applicants apart.",
        fr=f"L'exactitude de votre modèle sur les demandeurs mis de côté est de "
           f"{_points(_accuracy(observed, case)).replace('.', ',')}\u202f%, plus de 3 points sous celle du "
           f"modèle naïf ({_points(case.private['naive_accuracy']).replace('.', ',')}\u202f%). Gardez les "
           f"variables financières : un modèle équitable doit encore distinguer les demandeurs.")),
    Fact("verdict", lambda observed, expected, case: str(observed["verdict"]).strip().lower() in DIRECT, Text(
        en="`thresholds_verdict()` is not right. Setting a different approval threshold for each group "
           "treats an applicant less favourably because of the group: that is direct discrimination "
           "(see the statement's references), whatever the fairness metric gains.",
        fr="`thresholds_verdict()` n'est pas juste. Fixer un seuil d'acceptation différent pour chaque "
           "groupe traite un demandeur moins favorablement en raison de son groupe : c'est une "
           "discrimination directe (voir les références de l'énoncé), quel que soit le gain sur la "
           "métrique d'équité.")),
)


def _with_group(train):
    return _naive_model(train)


def _approve_everyone(train):
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="constant", constant=1).fit(train, train["approved"])


MITIGATION = Exercise(
    id="responsible.mitigation",
    module=MODULE_ID,
    title=Text(en="Mitigating a biased credit model", fr="Atténuer le biais d'un modèle de crédit"),
    statement=Text(
        en="""A bank wants a model that reproduces its past credit decisions, which were biased against group B
(generated data). `train` holds 3,500 past applications: `group` ('A' or 'B'), `age`, `district`,
`income`, `debt_ratio`, `history_years`, `late_payments`, `amount` and the decision `approved`.

1. Write `mitigate(train)` that returns a **fitted** scikit-learn model (a `Pipeline`) whose `predict`
   takes a table with the columns of `train` except `approved`. (A model returned unfitted is fitted
   on those columns, without weights.) The checker predicts held-out applicants twice, with and
   without the `group` column: the predictions must be **identical** (the model never reads
   `group` when it predicts; using it to weigh training rows is allowed). Against the naive model
   (a logistic regression on every column, `group` included), yours must **halve** the gap in
   true-positive rate between B and A (among held-out applicants the bank approved, the share your
   model approves), and lose **at most 3 points** of held-out accuracy.
2. A colleague proposes instead a lower approval threshold for group B. Write `thresholds_verdict()`
   returning one of `"allowed"` (it corrects a bias, so the law permits it), `"direct_discrimination"`,
   `"indirect_discrimination"` (justifiable by a legitimate aim) or `"gdpr_only"` (a data-protection
   question only), for credit and for hiring, where the group is sex or ethnic origin. References:
   Directive 2000/43/EC (racial or ethnic origin; Art. 2(2)(a), Art. 3(1)(a) employment and (h) goods
   and services), Directive 2004/113/EC (sex, goods and services; Art. 2(a), Art. 4(1)(a)), Directive
   2006/54/EC (sex, employment; Art. 2(1)(a), Art. 14(1)(a)), Charter of Fundamental Rights of the
   EU, Art. 21.""",
        fr="""Une banque veut un modèle qui reproduise ses décisions de crédit passées, biaisées contre le
groupe B (données générées). `train` contient 3\u202f500 demandes passées : `group` ('A' ou 'B'),
`age`, `district`, `income`, `debt_ratio`, `history_years`, `late_payments`, `amount` et la décision
`approved`.

1. Écrivez `mitigate(train)` qui renvoie un modèle scikit-learn **ajusté** (un `Pipeline`) dont
   `predict` prend une table avec les colonnes de `train` sauf `approved`. (Un modèle renvoyé non
   ajusté est ajusté sur ces colonnes, sans poids.) Le correcteur prédit deux fois des demandeurs mis
   de côté, avec et sans la colonne `group` : les prédictions doivent être **identiques** (le modèle
   ne lit jamais `group` pour prédire ; s'en servir pour pondérer les lignes d'entraînement est
   permis). Face au modèle naïf (une régression logistique sur toutes les colonnes, `group`
   compris), le vôtre doit **diviser par deux** l'écart de taux de vrais positifs entre B et A
   (parmi les demandeurs mis de côté que la banque a acceptés, la part que votre modèle accepte), en
   perdant **au plus 3 points** d'exactitude sur ces demandeurs.
2. Une collègue propose plutôt un seuil d'acceptation plus bas pour le groupe B. Écrivez
   `thresholds_verdict()` qui renvoie `"allowed"` (cela corrige un biais, donc le droit le permet),
   `"direct_discrimination"`, `"indirect_discrimination"` (justifiable par un but légitime) ou
   `"gdpr_only"` (une question de protection des données seulement), pour le crédit et pour
   l'embauche, quand le groupe est le sexe ou l'origine ethnique. Références : directive 2000/43/CE
   (race ou origine ethnique ; art. 2, paragraphe 2, point a), art. 3, paragraphe 1, points a), emploi,
   et h), biens et services), directive 2004/113/CE (sexe, biens et services ; art. 2, point a), art. 4,
   paragraphe 1, point a)), directive 2006/54/CE (sexe, emploi ; art. 2, paragraphe 1, point a),
   art. 14, paragraphe 1, point a)), Charte des droits fondamentaux de l'Union européenne, art. 21.""",
    ),
    answer_name=("mitigate", "thresholds_verdict"),
    kind="function",
    reference={"mitigate": mitigate, "thresholds_verdict": thresholds_verdict},
    cases=_cases,
    variant=_variant,
    probe=probes.mitigation,
    facts=FACTS,
    compare_values=False,
    difficulty=3,
    minutes=30,
    timeout=30.0,
    tags=("fairness", "mitigation", "reweighing", "equal opportunity", "discrimination law"),
    dataset="credit",
    mistakes=(
        Mistake("reads_group", Text(
            en="Your model uses `group` to decide: trained with the column, or with a threshold per group. "
               "That is the direct discrimination the statement's item is about. Leave `group` out of the "
               "features; use it only to weigh the training rows.",
            fr="Votre modèle se sert de `group` pour décider : entraîné avec la colonne, ou avec un seuil "
               "par groupe. C'est la discrimination directe dont parle la question de l'énoncé. Laissez "
               "`group` hors des variables ; servez-vous-en seulement pour pondérer les lignes "
               "d'entraînement."), {"mitigate": _with_group, "thresholds_verdict": thresholds_verdict}),
        Mistake("approve_everyone", Text(
            en="Approving everyone closes the gap, but the model no longer tells applicants apart and its "
               "accuracy collapses. Keep a real model and reweigh its training rows.",
            fr="Accepter tout le monde comble l'écart, mais le modèle ne distingue plus les demandeurs et son "
               "exactitude s'effondre. Gardez un vrai modèle et repondérez ses lignes d'entraînement."),
            {"mitigate": _approve_everyone, "thresholds_verdict": thresholds_verdict}),
        Mistake("allowed", Text(
            en="A threshold per group is not allowed because it corrects a bias: it treats applicants less "
               "favourably on the ground of sex or ethnic origin in a comparable situation, the definition "
               "of direct discrimination (Directive 2000/43/EC Art. 2(2)(a); 2004/113/EC Art. 2(a); "
               "2006/54/EC Art. 2(1)(a)). The directives' positive-action articles allow specific measures, "
               "not a different rule for each applicant's group.",
            fr="Un seuil par groupe n'est pas permis parce qu'il corrige un biais : il traite des demandeurs "
               "moins favorablement en raison du sexe ou de l'origine ethnique dans une situation "
               "comparable, ce qui définit la discrimination directe (directive 2000/43/CE, art. 2, "
               "paragraphe 2, point a) ; 2004/113/CE, art. 2, point a) ; 2006/54/CE, art. 2, paragraphe 1, "
               "point a)). Les articles des directives sur l'action positive permettent des mesures "
               "spécifiques, pas une règle différente selon le groupe de chaque demandeur."),
            {"mitigate": mitigate, "thresholds_verdict": lambda: "allowed"}),
        Mistake("indirect", Text(
            en="It is not indirect discrimination: indirect discrimination comes from an apparently neutral "
               "criterion (such as a district). A threshold written for each group names the protected "
               "ground itself: that is direct discrimination, which, unlike indirect discrimination, no "
               "general legitimate aim justifies; only the narrow exceptions the directives list (such as "
               "a genuine occupational requirement) apply, and a group threshold is none of them.",
            fr="Ce n'est pas une discrimination indirecte : celle-ci naît d'un critère apparemment neutre "
               "(comme un quartier). Un seuil écrit pour chaque groupe nomme le motif protégé lui-même : "
               "c'est une discrimination directe, qu'à la différence de la discrimination indirecte aucun but "
               "légitime général ne justifie ; seules les exceptions étroites que les directives énumèrent "
               "(comme une exigence professionnelle essentielle et déterminante) s'appliquent, et un seuil "
               "par groupe n'en est pas une."),
            {"mitigate": mitigate, "thresholds_verdict": lambda: "indirect_discrimination"}),
    ),
    hints=(
        Text(en="Start from a Pipeline whose ColumnTransformer lists the columns it uses (scaled numbers, "
                "one-hot district) and leaves `group` out; check its TPR gap on a split of `train`.",
             fr="Partez d'un Pipeline dont le ColumnTransformer liste les colonnes utilisées (nombres "
                "standardisés, district en one-hot) et laisse `group` de côté ; mesurez son écart de TVP sur "
                "un découpage de `train`."),
        Text(en="Reweighing: give each row the weight P(group)·P(decision) / P(group, decision), so that the "
                "weighted decisions no longer depend on the group.",
             fr="Repondération : donnez à chaque ligne le poids P(groupe)·P(décision) / P(groupe, décision), "
                "pour que les décisions pondérées ne dépendent plus du groupe."),
        Text(en="Pass the weights to the last step: `model.fit(train, train['approved'], "
                "logisticregression__sample_weight=weights)`.",
             fr="Passez les poids à la dernière étape : `model.fit(train, train['approved'], "
                "logisticregression__sample_weight=weights)`."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: mitigate a bias learned from past decisions by pre-processing (reweighing), verify "
           "that the model never reads the protected attribute at prediction time, and weigh fairness "
           "against accuracy. Misconceptions aimed at: dropping the column is enough; any technique that "
           "improves a fairness metric is lawful (group-specific thresholds are direct discrimination in "
           "EU credit and employment law). Debrief: why does accuracy drop when it is measured against "
           "biased past decisions? Is reweighing itself a use of the protected attribute, and where is the "
           "line? Would you accept the model if the gap were measured against who would have repaid?",
        fr="Objectifs : atténuer un biais appris de décisions passées par un prétraitement (la "
           "repondération), vérifier que le modèle ne lit jamais l'attribut protégé pour prédire, et mettre "
           "en balance équité et exactitude. Idées fausses visées : retirer la colonne suffit ; toute "
           "technique qui améliore une métrique d'équité est licite (des seuils par groupe sont une "
           "discrimination directe en droit de l'Union, pour le crédit comme pour l'emploi). Pour le "
           "débriefing : pourquoi l'exactitude baisse-t-elle quand on la mesure sur des décisions passées "
           "biaisées ? La repondération est-elle elle-même un usage de l'attribut protégé, et où passe la "
           "limite ? Accepteriez-vous le modèle si l'écart était mesuré sur ceux qui auraient remboursé ?"),
)
