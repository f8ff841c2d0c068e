"""numpy.least_squares: ordinary least squares, collinear columns included (answer ``fit_linear``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, compare, describe, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import DIABETES_COLUMNS, MODULE_ID, agrees, diabetes_table, difference, value_of


TITLE = Text(en="Ordinary least squares", fr="Moindres carrés ordinaires")

STATEMENT = Text(
    en=r"""Write `fit_linear(X, y)` which fits the linear model $\hat y = b + X w$ by ordinary least
squares and returns the pair `(b, w)`: the intercept `b` (a float) and the coefficients `w`
(a 1-D array, one per column of `X`), which minimise

$$\sum_{i=1}^{n} \left(y_i - b - x_i^\top w\right)^2 .$$

Add a column of ones to `X` for the intercept, then solve the least-squares problem. Your
function must also work when columns of `X` are **collinear** (one column a multiple of
another, or a constant column): the coefficients are then not unique and any least-squares
solution is accepted; on those cases we compare the predictions `X @ w + b`. Do not modify
`X` or `y`.

Your variant: {n_rows} patients of the *diabetes* table (through scikit-learn), columns
{column_names}; and an exact line $y = {line}$.""",
    fr=r"""Écrivez `fit_linear(X, y)` qui ajuste le modèle linéaire $\hat y = b + X w$ par moindres
carrés ordinaires et renvoie le couple `(b, w)` : l'ordonnée à l'origine `b` (un float) et
les coefficients `w` (un tableau 1-D, un par colonne de `X`), qui minimisent

$$\sum_{i=1}^{n} \left(y_i - b - x_i^\top w\right)^2 .$$

Ajoutez une colonne de uns à `X` pour l'ordonnée à l'origine, puis résolvez le problème de
moindres carrés. Votre fonction doit aussi marcher quand des colonnes de `X` sont
**colinéaires** (une colonne multiple d'une autre, ou une colonne constante) : les
coefficients ne sont alors pas uniques et toute solution des moindres carrés est acceptée ;
sur ces cas, nous comparons les prédictions `X @ w + b`. Ne modifiez ni `X` ni `y`.

Votre variante : {n_rows} patients de la table *diabetes* (via scikit-learn), colonnes
{column_names} ; et une droite exacte $y = {line}$.""",
)


def fit_linear(X, y):
    design = np.column_stack([np.ones(len(X)), X])
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(weights[0]), weights[1:]


def _fit_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    X_all, y_all = diabetes_table()
    rows = slice(params["row_start"], params["row_start"] + params["n_rows"])
    X, y = X_all[rows][:, params["columns"]], y_all[rows]
    line_X = data.uniform(-10, 10, size=(15, 2))
    line_y = params["true_intercept"] + line_X @ np.array([params["true_w1"], params["true_w2"]])
    # Twice a column (exact in floating point) and a constant column (a copy of the
    # intercept's column of ones): least squares has infinitely many solutions, all with
    # the same predictions, and X^T X cannot be inverted.
    doubled = np.column_stack([X, 2.0 * X[:, 0]])
    constant = np.column_stack([X, np.full(len(X), 1.0)])
    hidden_n, hidden_p = int(rng.integers(20, 60)), int(rng.integers(1, 6))
    hidden_X = rng.normal(0, rng.uniform(0.5, 5), size=(hidden_n, hidden_p))
    hidden_y = (rng.uniform(-10, 10) + hidden_X @ rng.normal(0, 3, size=hidden_p)
                + rng.normal(0, 1, size=hidden_n))
    hidden_collinear = np.column_stack([hidden_X, hidden_X[:, :1] * -3.0])
    n, p = X.shape
    return [
        Case("diabetes", (X, y), label=Text(en=f"{n} patients, {p} measurements",
                                            fr=f"{n} patients, {p} mesures")),
        Case("one feature", (X[:, :1].copy(), y.copy()),
             label=Text(en="a single column (a straight line)", fr="une seule colonne (une droite)")),
        Case("exact line", (line_X, line_y),
             label=Text(en="y = b + X @ w exactly: the fit must find b and w",
                        fr="y = b + X @ w exactement\u202f: l'ajustement doit retrouver b et w")),
        Case("collinear columns", (doubled, y.copy()),
             label=Text(en="one column is twice another: predictions compared",
                        fr="une colonne vaut deux fois une autre\u202f: prédictions comparées")),
        Case("constant column", (constant, y.copy()),
             label=Text(en="a column of ones, collinear with the intercept: predictions compared",
                        fr="une colonne de uns, colinéaire à l'ordonnée à l'origine\u202f: prédictions "
                           "comparées")),
        Case("hidden", (hidden_X, hidden_y), hidden=True),
        Case("hidden collinear", (hidden_collinear, hidden_y.copy()), hidden=True),
    ]


def _fit_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_features = int(rng.integers(3, 7))
    columns = sorted(int(c) for c in rng.choice(10, size=n_features, replace=False))
    n_rows = int(rng.integers(40, 81))
    return {"n_rows": n_rows, "row_start": int(rng.integers(0, 442 - n_rows)),
            "columns": columns, "n_features": n_features,
            "column_names": ", ".join(DIABETES_COLUMNS[c] for c in columns),
            **_exact_line(round(float(rng.uniform(-5, 5)), 1) + 0.0,
                          round(float(rng.uniform(-3, 3)), 1) + 0.0,
                          round(float(rng.uniform(-3, 3)), 1) + 0.0),
            "data_seed": int(rng.integers(2**31))}


def _exact_line(intercept: float, w1: float, w2: float) -> dict[str, Any]:
    """The exact line's numbers, and its equation written with signs (LaTeX)."""
    def term(weight: float, name: str) -> str:
        return f" {'-' if weight < 0 else '+'} {abs(weight):g}\\,{name}"

    return {"true_intercept": intercept, "true_w1": w1, "true_w2": w2,
            "line": f"{intercept:g}{term(w1, 'x_1')}{term(w2, 'x_2')}"}


def _fit_shape_problem(got: Any, n_features: int) -> Message | None:
    """What is wrong with the form of `fit_linear`'s result, or None when it is a proper pair."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return message(Text(
            en="fit_linear should return a pair (intercept, coefficients), e.g. "
               "`return b, w`; it returned {got}.",
            fr="fit_linear doit renvoyer un couple (ordonnée à l'origine, coefficients), par "
               "exemple `return b, w`\u202f; elle a renvoyé {got}."), got=describe(got))
    intercept, coef = got
    if isinstance(intercept, np.ndarray) and intercept.ndim == 1 and np.ndim(coef) == 0:
        return message(Text(
            en="You returned the coefficients first. Return (intercept, coefficients).",
            fr="Vous avez renvoyé les coefficients en premier. Renvoyez (ordonnée à l'origine, "
               "coefficients)."))
    if not (isinstance(intercept, (int, float)) or (isinstance(intercept, np.ndarray)
                                                   and intercept.shape == ())):
        return message(Text(
            en="The intercept should be one number (a float), got {got}. If your weights are "
               "w with the intercept first, return float(w[0]).",
            fr="L'ordonnée à l'origine doit être un nombre (un float), reçu {got}. Si vos poids "
               "w commencent par l'ordonnée à l'origine, renvoyez float(w[0])."),
            got=describe(intercept))
    if not isinstance(coef, np.ndarray) or coef.shape != (n_features,):
        return message(Text(
            en="The coefficients should be a 1-D NumPy array of {p} numbers (one per column of "
               "X), got {got}.",
            fr="Les coefficients doivent former un tableau NumPy 1-D de {p} nombres (un par "
               "colonne de X), reçu {got}."), p=n_features, got=describe(coef))
    return None


def _fit_parts(got: Any, n_features: int) -> tuple[float, np.ndarray] | None:
    """`(intercept, coefficients)` as a float and a float array, or None if `got` is malformed."""
    if _fit_shape_problem(got, n_features) is not None:
        return None
    return float(np.asarray(got[0])), np.asarray(got[1], dtype=float)


def _check_fit(obtained: Any, expected: Any, case: Case) -> Message | None:
    if agrees(obtained, expected, case):
        return None
    X = np.asarray(case.args[0], dtype=float)
    got, want = value_of(obtained), value_of(expected)
    problem = _fit_shape_problem(got, X.shape[1])
    if problem is not None:
        return problem
    intercept, coef = float(np.asarray(got[0])), np.asarray(got[1], dtype=float)
    if not (np.isfinite(intercept) and np.isfinite(coef).all()):
        return message(Text(
            en="The result contains NaN or infinite values. On collinear columns X^T X cannot be "
               "inverted: use np.linalg.lstsq (or np.linalg.pinv), which handles them.",
            fr="Le résultat contient des valeurs NaN ou infinies. Sur des colonnes colinéaires, "
               "X^T X n'est pas inversible\u202f: utilisez np.linalg.lstsq (ou np.linalg.pinv), qui "
               "les gère."))
    expected_parts = _fit_parts(want, X.shape[1])
    if expected_parts is None:
        # Only when the judge compares with a declared mistake of another form: they differ.
        return message(Text(en="The result differs.", fr="Le résultat diffère."))
    want_intercept, want_coef = expected_parts
    design = np.column_stack([np.ones(len(X)), X])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        # Coefficients are not unique here; every least-squares solution predicts the same.
        difference = compare(X @ coef + intercept, X @ want_coef + want_intercept,
                             where="X @ coef + intercept")
        if difference is None:
            return None
        if np.abs(coef).max() > 1e6 * max(1.0, float(np.abs(want_coef).max())):
            # A solver that keeps a near-zero singular value (scipy.linalg.lstsq's default
            # cutoff, an explicit inverse) returns huge weights that cancel out imprecisely.
            return message(Text(
                en="The columns of X are collinear and your coefficients are huge (up to "
                   "{largest}): your solver divided by a singular value that is zero but for "
                   "rounding, and the huge weights cancel out imprecisely, so the predictions "
                   "are wrong. Use np.linalg.lstsq(A, y, rcond=None), or give your solver a "
                   "cutoff for small singular values (scipy.linalg.lstsq(A, y, cond=1e-10)). "
                   "{detail}",
                fr="Les colonnes de X sont colinéaires et vos coefficients sont énormes "
                   "(jusqu'à {largest})\u202f: votre solveur a divisé par une valeur singulière "
                   "nulle aux arrondis près, et ces poids énormes se compensent mal, si bien "
                   "que les prédictions sont fausses. Utilisez np.linalg.lstsq(A, y, "
                   "rcond=None), ou donnez à votre solveur un seuil pour les petites valeurs "
                   "singulières (scipy.linalg.lstsq(A, y, cond=1e-10)). {detail}"),
                largest=f"{float(np.abs(coef).max()):.1e}", detail=difference)
        return message(Text(
            en="The columns of X are collinear, so many coefficient vectors are right; but "
               "your predictions are not those of least squares. {detail}",
            fr="Les colonnes de X sont colinéaires\u202f: plusieurs vecteurs de coefficients "
               "conviennent, mais vos prédictions ne sont pas celles des moindres carrés. "
               "{detail}"), detail=difference)
    return (compare(intercept, want_intercept, where="intercept")
            or compare(coef, want_coef, where="coefficients"))


def _fit_no_intercept(X, y):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return 0.0, coef


def _fit_mean_intercept(X, y):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return float(y.mean()), coef


MISTAKES = (
    Mistake("no_intercept", Text(
        en="Your model has no intercept: it is forced through the origin. Add a column of "
           "ones to X (np.column_stack([np.ones(len(X)), X])) and return its weight as b.",
        fr="Votre modèle n'a pas d'ordonnée à l'origine\u202f: il passe de force par l'origine. "
           "Ajoutez une colonne de uns à X (np.column_stack([np.ones(len(X)), X])) et "
           "renvoyez son poids comme b."), _fit_no_intercept),
    Mistake("coef_first", Text(
        en="You returned the coefficients first. The exercise asks for (intercept, "
           "coefficients), in that order.",
        fr="Vous avez renvoyé les coefficients en premier. L'exercice demande (ordonnée à "
           "l'origine, coefficients), dans cet ordre."),
               with_line_changed(fit_linear, "return float(weights[0]), weights[1:]",
                                 "return weights[1:], float(weights[0])")),
    Mistake("normal_equations", Text(
        en="You solved the normal equations with np.linalg.inv(A.T @ A). When columns are "
           "collinear, A.T @ A is singular: inv fails or returns garbage. Use "
           "np.linalg.lstsq(A, y, rcond=None), which finds a least-squares solution in "
           "every case.",
        fr="Vous avez résolu les équations normales avec np.linalg.inv(A.T @ A). Quand des "
           "colonnes sont colinéaires, A.T @ A est singulière\u202f: inv échoue ou renvoie "
           "n'importe quoi. Utilisez np.linalg.lstsq(A, y, rcond=None), qui trouve une "
           "solution des moindres carrés dans tous les cas."),
               with_line_changed(fit_linear, "weights, *_ = np.linalg.lstsq(design, y, rcond=None)",
                                 "weights = np.linalg.inv(design.T @ design) @ design.T @ y")),
    Mistake("mean_intercept", Text(
        en="You fitted the coefficients without an intercept, then took the mean of y as "
           "the intercept. Both must be fitted together: add a column of ones to X and "
           "solve once.",
        fr="Vous avez ajusté les coefficients sans ordonnée à l'origine, puis pris la "
           "moyenne de y comme ordonnée à l'origine. Les deux doivent être ajustés ensemble\u202f: "
           "ajoutez une colonne de uns à X et résolvez une seule fois."), _fit_mean_intercept),
)

HINTS = (
    Text(en="The intercept is the weight of a column of ones: "
            "`A = np.column_stack([np.ones(len(X)), X])`.",
         fr="L'ordonnée à l'origine est le poids d'une colonne de uns\u202f: "
            "`A = np.column_stack([np.ones(len(X)), X])`."),
    Text(en="`np.linalg.lstsq(A, y, rcond=None)` returns the least-squares weights first, "
            "even when the columns are collinear; avoid `np.linalg.inv(A.T @ A)`.",
         fr="`np.linalg.lstsq(A, y, rcond=None)` renvoie d'abord les poids des moindres "
            "carrés, même quand les colonnes sont colinéaires\u202f; évitez "
            "`np.linalg.inv(A.T @ A)`."),
    Text(en="`weights, *_ = np.linalg.lstsq(A, y, rcond=None)`, then "
            "`return float(weights[0]), weights[1:]`.",
         fr="`poids, *_ = np.linalg.lstsq(A, y, rcond=None)`, puis "
            "`return float(poids[0]), poids[1:]`."),
)


TEACHER_NOTES = Text(
    en=("Objectives: add a column of ones for the intercept; solve least squares with "
        "np.linalg.lstsq; understand why coefficients are not unique when columns are collinear "
        "while predictions are. Misconceptions aimed at: the normal equations with np.linalg.inv "
        "always work; the intercept can be fitted apart, as the mean of y. Debrief: Why does a "
        "column of ones give the intercept? What happens to XᵀX when two columns are collinear, "
        "and why do the predictions stay unique? When is the mean of y the right intercept?"),
    fr=("Objectifs\u202f: ajouter une colonne de uns pour l'ordonnée à l'origine\u202f; résoudre les "
        "moindres carrés avec np.linalg.lstsq\u202f; comprendre pourquoi les coefficients ne sont pas "
        "uniques quand des colonnes sont colinéaires, alors que les prédictions le sont. Idées "
        "reçues visées\u202f: les équations normales avec np.linalg.inv marcheraient toujours\u202f; "
        "l'ordonnée à l'origine pourrait s'ajuster à part, comme la moyenne de y. Pour le "
        "débriefing\u202f: pourquoi une colonne de uns donne-t-elle l'ordonnée à l'origine\u202f? Que "
        "devient XᵀX quand deux colonnes sont colinéaires, et pourquoi les prédictions restent-"
        "elles uniques\u202f? Quand la moyenne de y est-elle la bonne ordonnée à l'origine\u202f?"),
)


LEAST_SQUARES = Exercise(
    id="numpy.least_squares",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="fit_linear",
    kind="function",
    reference=fit_linear,
    cases=_fit_cases,
    variant=_fit_variant,
    checks=(_check_fit,),
    compare_values=False,
    difficulty=2,
    minutes=15,
    tags=("numpy", "linear algebra", "least squares", "regression"),
    dataset="diabetes",
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

