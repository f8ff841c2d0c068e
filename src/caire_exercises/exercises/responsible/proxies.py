"""responsible.proxies: how well each ordinary column predicts the protected group.

A function answer. Cross-validated AUCs depend on the folds and the model, so
the judge accepts any held-out estimate within a band around the
reference's, and asks that the two columns that give the group away come
out on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import CREDIT_FEATURES, MODULE_ID, credit_table, number

#: How far a learner's cross-validated AUC may land from the reference's (folds, models differ).
BAND = 0.06
PROXIES = ("district", "income")


def proxy_auc(df):
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    y = (df["group"] == "B").astype(int).to_numpy()
    folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(df, y))
    scores = {}
    for column in df.columns.drop("group"):
        if pd.api.types.is_numeric_dtype(df[column]):
            X = df[[column]].to_numpy(dtype=float)
            X = (X - X.mean()) / X.std()
        else:
            X = pd.get_dummies(df[column]).to_numpy(dtype=float)
        aucs = []
        for train, test in folds:
            model = LogisticRegression().fit(X[train], y[train])
            aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))
        scores[column] = float(np.mean(aucs))
    return scores


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n": int(rng.integers(15, 26)) * 100}


def _table(seed: int, n: int) -> Any:
    return credit_table(seed, n, 0.8)[["group", *CREDIT_FEATURES]]


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        Case("applicants", (_table(params["data_seed"], params["n"]),),
             label=Text(en=f"{params['n']} applicants", fr=f"{params['n']} demandeurs")),
        Case("hidden", (_table(int(rng.integers(0, 2**31)), 1500),), hidden=True),
    ]


def _value(observed: Mapping[str, Any]) -> Mapping[str, Any]:
    value = observed["value"]
    if not isinstance(value, dict):
        raise ValueError("not a dict")
    return value


def _columns(case: Case) -> set[str]:
    return set(CREDIT_FEATURES)


def _in_band(observed: Any, expected: Any, case: Case) -> bool:
    got, want = _value(observed), _value(expected)
    return all(abs(number(got[column]) - want[column]) <= BAND for column in want)


def _top_two(observed: Any, expected: Any, case: Case) -> bool:
    got = {column: number(value) for column, value in _value(observed).items() if column in CREDIT_FEATURES}
    return set(sorted(got, key=got.get, reverse=True)[:2]) == set(PROXIES)


def _far(observed: Any, expected: Any, case: Case) -> Text:
    got, want = _value(observed), _value(expected)
    off = [column for column in want if not (isinstance(got.get(column), float)
                                             and abs(got[column] - want[column]) <= BAND)]
    names = ", ".join(off)
    return Text(
        en=f"Some AUCs are far from a cross-validated estimate ({names}). For each column alone, fit a "
           f"classifier of the group on the training folds and compute the ROC AUC of its scores on the "
           f"held-out fold (cross_val_score(..., scoring='roc_auc')); a column unrelated to the group "
           f"gives about 0.5.",
        fr=f"Certaines AUC sont loin d'une estimation par validation croisée ({names}). Pour chaque "
           f"colonne seule, ajustez un classifieur du groupe sur les plis d'entraînement et calculez "
           f"l'AUC ROC de ses scores sur le pli mis de côté (cross_val_score(..., scoring='roc_auc')) ; "
           f"une colonne sans lien avec le groupe donne environ 0,5.")


FACTS = (
    Fact("columns", lambda observed, expected, case: set(_value(observed)) == _columns(case), Text(
        en="Return one AUC per non-protected column: " + ", ".join(CREDIT_FEATURES) + " (not `group` "
           "itself, which predicts itself perfectly).",
        fr="Renvoyez une AUC par colonne non protégée : " + ", ".join(CREDIT_FEATURES) + " (pas `group` "
           "lui-même, qui se prédit parfaitement).")),
    Fact("held_out", _in_band, _far),
    Fact("proxies_on_top", _top_two, Text(
        en="The two columns that give the group away best should come out on top of your AUCs.",
        fr="Les deux colonnes qui trahissent le mieux le groupe devraient arriver en tête de vos AUC.")),
)


def _proxy_auc_in_sample(df):
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import OrdinalEncoder
    from sklearn.tree import DecisionTreeClassifier

    y = (df["group"] == "B").astype(int)
    scores = {}
    for column in df.columns.drop("group"):
        X = OrdinalEncoder().fit_transform(df[[column]])
        model = DecisionTreeClassifier(random_state=0).fit(X, y)
        scores[column] = float(roc_auc_score(y, model.predict_proba(X)[:, 1]))
    return scores


_proxy_accuracy = edited(proxy_auc, "aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))",
                         "aucs.append(np.mean(model.predict(X[test]) == y[test]))", name="proxy_accuracy")


def _proxy_with_group(df):
    scores = proxy_auc(df)
    scores["group"] = 1.0
    return scores


PROXIES_EXERCISE = Exercise(
    id="responsible.proxies",
    module=MODULE_ID,
    title=Text(en="Proxies of a protected attribute", fr="Les variables qui trahissent un attribut protégé"),
    statement=Text(
        en="""A lender wants to be fair by not using the applicants' `group`. `df` holds generated credit
applicants: `group` ('A' or 'B', the protected attribute) and the columns `age`, `district`
(text), `income`, `debt_ratio`, `history_years`, `late_payments` and `amount`.

Write `proxy_auc(df)` that returns a dict {column: AUC} for every column except `group`: the
**cross-validated** ROC AUC of a classifier that predicts whether the applicant is in group B from
that column alone, computed on held-out folds only. A column unrelated to the group scores about
0.5; a column that gives the group away scores well above. Any reasonable scheme is accepted
(e.g. 5-fold `cross_val_score(..., scoring="roc_auc")` with a logistic regression; one-hot encode
the text column). Do not change `df`.""",
        fr="""Un prêteur veut être équitable en n'utilisant pas le `group` des demandeurs. `df` contient
des demandeurs de crédit générés : `group` ('A' ou 'B', l'attribut protégé) et les colonnes `age`,
`district` (texte), `income`, `debt_ratio`, `history_years`, `late_payments` et `amount`.

Écrivez `proxy_auc(df)` qui renvoie un dict {colonne : AUC} pour chaque colonne sauf `group` :
l'AUC ROC **en validation croisée** d'un classifieur qui prédit si le demandeur appartient au
groupe B à partir de cette seule colonne, calculée sur les plis mis de côté uniquement. Une colonne
sans lien avec le groupe obtient environ 0,5 ; une colonne qui trahit le groupe obtient bien plus.
Tout schéma raisonnable est accepté (par exemple `cross_val_score(..., scoring="roc_auc")` à 5 plis
avec une régression logistique ; encodez en one-hot la colonne de texte). Ne modifiez pas `df`.""",
    ),
    answer_name="proxy_auc",
    kind="function",
    reference=proxy_auc,
    cases=_cases,
    variant=_variant,
    probe=probes.returns_dict("proxy_auc"),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=15,
    timeout=20.0,
    tags=("fairness", "proxy", "fairness through unawareness", "AUC", "cross-validation"),
    dataset="credit",
    mistakes=(
        Mistake("in_sample", Text(
            en="Your AUCs are measured on the rows the model was fitted on: a flexible model memorises "
               "them, and every column looks like a proxy. Score each column on held-out folds only.",
            fr="Vos AUC sont mesurées sur les lignes qui ont servi à ajuster le modèle : un modèle souple "
               "les mémorise, et chaque colonne ressemble à un substitut du groupe. Évaluez chaque colonne "
               "sur des plis mis de côté uniquement."), _proxy_auc_in_sample),
        Mistake("accuracy", Text(
            en="You measured accuracy, not the ROC AUC. With about a third of applicants in group B, "
               "always answering 'A' is right two times out of three, so useless columns look good; the "
               "AUC of a useless column is 0.5. Use scoring='roc_auc'.",
            fr="Vous avez mesuré l'exactitude, pas l'AUC ROC. Avec environ un tiers des demandeurs dans le "
               "groupe B, répondre toujours « A » est juste deux fois sur trois : des colonnes inutiles "
               "paraissent bonnes ; l'AUC d'une colonne inutile vaut 0,5. Utilisez scoring='roc_auc'."),
            _proxy_accuracy),
        Mistake("with_group", Text(
            en="Your dict includes `group` itself. The question is which OTHER columns carry the group "
               "when it is removed: leave `group` out.",
            fr="Votre dict contient `group` lui-même. La question est de savoir quelles AUTRES colonnes "
               "portent le groupe une fois celui-ci retiré : laissez `group` de côté."), _proxy_with_group),
    ),
    hints=(
        Text(en="The target is `(df['group'] == 'B').astype(int)`; loop over the other columns and use "
                "`df[[column]]` (a one-column table) as X.",
             fr="La cible est `(df['group'] == 'B').astype(int)` ; bouclez sur les autres colonnes et "
                "prenez `df[[column]]` (une table d'une colonne) comme X."),
        Text(en="A text column needs encoding: `make_pipeline(OneHotEncoder(handle_unknown='ignore'), "
                "LogisticRegression())`; a numeric one a StandardScaler instead.",
             fr="Une colonne de texte doit être encodée : `make_pipeline(OneHotEncoder(handle_unknown="
                "'ignore'), LogisticRegression())` ; une colonne numérique, un StandardScaler à la place."),
        Text(en="`cross_val_score(model, X, y, cv=5, scoring='roc_auc').mean()` scores held-out folds "
                "only; then look at which columns stand out and ask why.",
             fr="`cross_val_score(model, X, y, cv=5, scoring='roc_auc').mean()` n'évalue que des plis mis "
                "de côté ; regardez ensuite quelles colonnes se détachent et demandez-vous pourquoi."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: measure how much each ordinary column reveals a protected attribute, with "
           "held-out estimates. Misconception aimed at: 'fairness through unawareness', the idea that a "
           "model that never sees the group cannot discriminate by it. Debrief: district and income give "
           "the group away here; what happens to a model trained on past decisions without `group`? "
           "Should the lender then drop district and income too, and at what cost? Why would an "
           "in-sample AUC mislead an auditor?",
        fr="Objectifs : mesurer combien chaque colonne ordinaire révèle un attribut protégé, avec des "
           "estimations sur données mises de côté. Idée fausse visée : l'« équité par ignorance », "
           "l'idée qu'un modèle qui ne voit jamais le groupe ne peut pas discriminer selon lui. Pour le "
           "débriefing : ici, le quartier et le revenu trahissent le groupe ; qu'arrive-t-il à un modèle "
           "entraîné sur les décisions passées sans `group` ? Le prêteur doit-il alors retirer aussi le "
           "quartier et le revenu, et à quel prix ? Pourquoi une AUC mesurée sur les données "
           "d'entraînement tromperait-elle un auditeur ?"),
)
