"""unsupervised.pca: how many principal components reach a share of the variance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.unsupervised._common import MODULE_ID, digits, penguin_measurements
from caire_exercises.authoring.probes import one_thread
from caire_exercises.exercises.unsupervised.probes import call_probe


def n_components_for(X, threshold):
    import numpy as np
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    return int(np.argmax(cumulative >= threshold) + 1)


def _components_off_by_one(X, threshold):
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    return int(np.argmax(cumulative >= threshold))


def _components_not_cumulative(X, threshold):
    from sklearn.decomposition import PCA

    ratios = PCA().fit(X).explained_variance_ratio_
    return int(np.argmax(ratios >= threshold) + 1)


def _components_absolute_variance(X, threshold):
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_)
    return int(np.sum(cumulative < threshold) + 1)


def _components_not_centred(X, threshold):
    singular = np.linalg.svd(X, compute_uv=False)
    cumulative = np.cumsum(singular ** 2) / np.sum(singular ** 2)
    return int(np.argmax(cumulative >= threshold) + 1)


def _components_standardised(X, threshold):
    from sklearn.preprocessing import StandardScaler

    return n_components_for(StandardScaler().fit_transform(X), threshold)


_THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)


def _pca_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_rows = int(rng.integers(400, 801))
    return {"threshold": float(rng.choice(_THRESHOLDS)), "n_rows": n_rows,
            "first_row": int(rng.integers(0, 1797 - n_rows))}


def _pca_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    images = digits()
    mine = images[params["first_row"]:params["first_row"] + params["n_rows"]].copy()
    threshold = params["threshold"]
    # Off the origin, so that an SVD of X not centred first needs a second component.
    line = np.outer(np.linspace(-3, 3, 50), [1.0, 2.0, -1.0, 0.5]) + [10.0, -5.0, 3.0, 7.0]
    size = int(rng.integers(60, 200))
    mixing = rng.normal(size=(6, 6)) * rng.uniform(0.1, 3.0, size=6)[:, None]
    hidden = rng.normal(size=(size, 6)) @ mixing
    hidden_line = (np.outer(rng.normal(size=int(rng.integers(30, 90))), rng.normal(size=5))
                   + rng.uniform(5, 20, size=5) * rng.choice([-1.0, 1.0], size=5))
    return [
        Case("digits", (mine, threshold), label=Text(
            en=f"{params['n_rows']} digits (64 pixels), threshold {threshold}",
            fr=f"{params['n_rows']} chiffres (64 pixels), seuil {str(threshold).replace('.', ',')}")),
        Case("half", (images, 0.5), label=Text(
            en="all 1,797 digits, threshold 0.5", fr="les 1 797 chiffres, seuil 0,5")),
        Case("small units", (mine / 1000.0, threshold), label=Text(
            en="the same digits divided by 1,000: the answer does not depend on the units",
            fr="les mêmes chiffres divisés par 1 000 : la réponse ne dépend pas des unités")),
        Case("points on a line", (line, 0.99), label=Text(
            en="50 points on a line in 4 dimensions, away from the origin: one component holds "
               "everything",
            fr="50 points alignés en dimension 4, loin de l'origine : une composante contient "
               "tout")),
        Case("penguins in their units", (penguin_measurements(), threshold), label=Text(
            en=f"the four penguin measurements in their own units (the mass in grams carries "
               f"almost all the variance), threshold {threshold}",
            fr=f"les quatre mesures des manchots dans leurs propres unités (la masse en grammes porte "
               f"presque toute la variance), seuil {str(threshold).replace('.', ',')}")),
        Case("hidden", (hidden, float(rng.uniform(0.55, 0.97))), hidden=True),
        Case("hidden line", (hidden_line, 0.99), hidden=True),
    ]


def _pca_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    from sklearn.decomposition import PCA

    from caire_exercises.authoring.figures import line_chart

    X, threshold = case.args
    with one_thread():
        cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_).tolist()
    chosen = obtained.get("value") if isinstance(obtained, dict) else obtained
    title = Text(en="Cumulative explained variance: yours {yours}, expected {best}",
                 fr="Variance expliquée cumulée : le vôtre {yours}, attendu {best}").render(
        None, yours=str(chosen), best=str(expected["value"]))
    return line_chart({Text(en="cumulative share", fr="part cumulée").render(): cumulative,
                       Text(en="threshold", fr="seuil").render(): [threshold] * len(cumulative)},
                      title=title, x_label=Text(en="components", fr="composantes").render(),
                      y_label=Text(en="share of variance", fr="part de variance").render(),
                      x_values=list(range(1, len(cumulative) + 1)))


PCA_COMPONENTS = Exercise(
    id="unsupervised.pca",
    module=MODULE_ID,
    title=Text(en="How many components?", fr="Combien de composantes ?"),
    statement=Text(
        en="""Write `n_components_for(X, threshold)` which returns the **smallest number of
principal components** whose **cumulative** explained variance ratio reaches at least
`threshold` (a number between 0 and 1). Fit the PCA on `X` as it is, without rescaling it.

Your variant: {n_rows} images of handwritten digits (8 × 8 pixels, so 64 columns) and
`threshold = {threshold}`. Try it on `caire_exercises.data.load("digits", as_="numpy")`.""",
        fr="""Écrivez `n_components_for(X, threshold)` qui renvoie le **plus petit nombre de
composantes principales** dont la part de variance expliquée **cumulée** atteint au moins
`threshold` (un nombre entre 0 et 1). Ajustez l'ACP sur `X` tel quel, sans le remettre à
l'échelle.

Votre variante : {n_rows} images de chiffres manuscrits (8 × 8 pixels, soit 64 colonnes) et
`threshold = {threshold}`. Essayez sur `caire_exercises.data.load("digits", as_="numpy")`.""",
    ),
    answer_name="n_components_for",
    kind="function",
    reference=n_components_for,
    cases=_pca_cases,
    variant=_pca_variant,
    probe=call_probe("n_components_for"),
    figure=_pca_figure,
    difficulty=1,
    minutes=10,
    tags=("scikit-learn", "PCA", "dimension reduction", "explained variance"),
    dataset="digits",
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: read explained_variance_ratio_ and its running total; count "
           "components from 1. Misconception aimed at: PCA finds the 'important' "
           "columns whatever their units (a mass in grams carries almost all the "
           "variance), and an SVD of X is a PCA without centring. Debrief: why does "
           "the answer not change when X is divided by 1,000, but change when each "
           "column is standardised? When should you standardise before a PCA?",
        fr="Objectifs : lire explained_variance_ratio_ et son total cumulé ; compter "
           "les composantes à partir de 1. Idée fausse visée : l'ACP trouve les "
           "colonnes « importantes » quelles que soient leurs unités (une masse en "
           "grammes porte presque toute la variance), et une SVD de X est une ACP sans"
           " centrage. Questions de débriefing : pourquoi la réponse ne change-t-elle "
           "pas quand X est divisé par 1 000, mais change-t-elle quand chaque colonne "
           "est standardisée ? Quand faut-il standardiser avant une ACP ?"),
    mistakes=(
        Mistake("off_by_one", Text(
            en="You returned a position (counted from 0), one less than the number of "
               "components. The first component is component number 1: add 1.",
            fr="Vous avez renvoyé une position (comptée à partir de 0), une de moins que le "
               "nombre de composantes. La première composante est la composante numéro 1 : "
               "ajoutez 1."), _components_off_by_one),
        Mistake("not_cumulative", Text(
            en="You compared each component's own share with the threshold. Add the shares up "
               "first (np.cumsum) and find where the running total reaches the threshold.",
            fr="Vous avez comparé la part de chaque composante au seuil. Additionnez d'abord "
               "les parts (np.cumsum) et cherchez où le total cumulé atteint le seuil."),
            _components_not_cumulative),
        Mistake("absolute_variance", Text(
            en="You added up explained_variance_ (variances in the units of X) instead of "
               "explained_variance_ratio_ (shares that sum to 1): the answer then depends on "
               "the units of X.",
            fr="Vous avez additionné explained_variance_ (des variances dans les unités de X) "
               "au lieu de explained_variance_ratio_ (des parts dont la somme vaut 1) : la "
               "réponse dépend alors des unités de X."), _components_absolute_variance),
        Mistake("standardised", Text(
            en="You standardised X before the PCA. The exercise asks for the PCA of X as it is: "
               "standardising changes the variances, and so the components.",
            fr="Vous avez standardisé X avant l'ACP. L'exercice demande l'ACP de X tel quel : "
               "standardiser change les variances, donc les composantes."),
            _components_standardised),
        Mistake("not_centred", Text(
            en="You took the SVD of X without centring it first. The principal components "
               "describe the spread around the mean: subtract X.mean(axis=0) before the SVD "
               "(PCA does it for you), otherwise the first component mostly points at the mean.",
            fr="Vous avez pris la SVD de X sans le centrer d'abord. Les composantes principales "
               "décrivent la dispersion autour de la moyenne : soustrayez X.mean(axis=0) avant "
               "la SVD (PCA le fait pour vous), sinon la première composante pointe surtout vers "
               "la moyenne."), _components_not_centred),
    ),
    hints=(
        Text(en="`PCA().fit(X).explained_variance_ratio_` gives each component's share of the "
                "variance, largest first.",
             fr="`PCA().fit(X).explained_variance_ratio_` donne la part de variance de chaque "
                "composante, la plus grande d'abord."),
        Text(en="`np.cumsum` turns the shares into running totals; find the first one that is "
                ">= threshold.",
             fr="`np.cumsum` transforme les parts en totaux cumulés ; cherchez le premier qui "
                "est >= threshold."),
        Text(en="`np.argmax(cumulative >= threshold)` is the position of that first total; the "
                "number of components is one more.",
             fr="`np.argmax(cumulative >= threshold)` est la position de ce premier total ; le "
                "nombre de composantes vaut un de plus."),
    ),
)

