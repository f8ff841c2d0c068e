"""numpy.gradient_descent: linear regression by gradient descent (answer ``gd_linreg``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, compare, describe, format_value, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import (DIABETES_COLUMNS, MODULE_ID, agrees, diabetes_table, difference, french_number, number,
                      value_of)


TITLE = Text(en="Linear regression by gradient descent",
           fr="Régression linéaire par descente de gradient")

STATEMENT = Text(
    en=r"""Write `gd_linreg(X, y, lr, n_iter)` which fits $\hat y = A w$ by gradient descent on the mean
squared error, where $A$ is `X` with a column of ones in front (so `w[0]` is the intercept).
Start from $w = 0$ and repeat `n_iter` times:

1. record the loss $L(w) = \frac{1}{n} \lVert A w - y \rVert^2$ (the mean squared error);
2. update $w \leftarrow w - {\rm lr} \cdot \nabla L(w)$, with $\nabla L(w) = \frac{2}{n} A^\top (A w - y)$.

Return the pair `(w, losses)`: `w` a 1-D array of `X.shape[1] + 1` weights (intercept first)
and `losses` a list of `n_iter` floats, the loss **before** each update (so `losses[0]` is
the mean squared error of the zero weights). Do not modify `X` or `y`.

What is checked: the length of `losses` and its first value; the loss never rises (the
rates used are small enough); after a few steps, your weights and every loss are those of the
rule above (relative tolerance 10⁻⁶); after {n_long} steps, they are within 0.1 % of the least-squares
weights (relative to their length).

Your variant: {n_rows} patients of the *diabetes* table, columns {column_names}
standardised, rate `lr = {lr}`, a short run of {n_short} steps and a long run of {n_long}.""",
    fr=r"""Écrivez `gd_linreg(X, y, lr, n_iter)` qui ajuste $\hat y = A w$ par descente de gradient
sur l'erreur quadratique moyenne, où $A$ est `X` précédé d'une colonne de uns (donc `w[0]`
est l'ordonnée à l'origine). Partez de $w = 0$ et répétez `n_iter` fois :

1. notez la perte $L(w) = \frac{1}{n} \lVert A w - y \rVert^2$ (l'erreur quadratique moyenne) ;
2. mettez à jour $w \leftarrow w - {\rm lr} \cdot \nabla L(w)$, avec
   $\nabla L(w) = \frac{2}{n} A^\top (A w - y)$.

Renvoyez le couple `(w, pertes)` : `w` un tableau 1-D de `X.shape[1] + 1` poids (l'ordonnée à
l'origine d'abord) et `pertes` une liste de `n_iter` flottants, la perte **avant** chaque mise
à jour (donc `pertes[0]` est l'erreur quadratique moyenne des poids nuls). Ne modifiez ni `X`
ni `y`.

Ce qui est vérifié : la longueur de `pertes` et sa première valeur ; la perte ne remonte
jamais (les taux utilisés sont assez petits) ; après quelques pas, vos poids et chacune des
pertes suivent la règle ci-dessus (tolérance relative 10⁻⁶) ; après {n_long} pas, les poids sont
à moins de 0,1 % des poids des moindres carrés (relativement à leur norme).

Votre variante : {n_rows} patients de la table *diabetes*, colonnes {column_names}
standardisées, taux `lr = {lr}`, une exécution courte de {n_short} pas et une longue de {n_long} pas.""",
)


def gd_linreg(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (2 / len(y)) * (A.T @ residual)
    return w, losses


#: Columns of the diabetes table used here: s2 and s4 are left out, being strongly correlated
#: with s1 and s3, which would slow gradient descent down too much for the step budget.
_GD_COLUMNS = (0, 1, 2, 3, 4, 6, 8, 9)


#: Cases run long enough for the weights to reach least squares; the others are checked step
#: by step against the update rule.
_GD_CONVERGING = frozenset({"converges", "one feature"})


_GD_LS_TOLERANCE = 1e-3


#: The shift and the rate of the case whose columns are not centred. Centred columns make the
#: intercept's gradient and the weights' independent, which hides an update that is not
#: simultaneous; shifted ones couple them, and need a smaller rate to stay stable.
_GD_SHIFT, _GD_SHIFTED_LR = 1.0, 0.05


def _gd_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X_all, y_all = diabetes_table()
    rows = slice(params["row_start"], params["row_start"] + params["n_rows"])
    X, y = _standardised(X_all[rows][:, params["columns"]]), y_all[rows].copy()
    lr, n_short, n_long = params["lr"], params["n_short"], params["n_long"]
    hidden_n, hidden_p = int(rng.integers(20, 60)), int(rng.integers(1, 4))
    hidden_X = _standardised(rng.normal(size=(hidden_n, hidden_p)))
    hidden_y = rng.uniform(-20, 20) + hidden_X @ rng.normal(0, 5, size=hidden_p) + rng.normal(
        0, 1, size=hidden_n)
    return [
        Case("few steps", (X, y, lr, n_short),
             label=Text(en=f"{n_short} steps at rate {lr:g}: the update rule, step by step",
                        fr=f"{n_short} pas au taux {french_number(lr)}\u202f: la règle de mise à "
                           "jour, pas à pas")),
        Case("converges", (X.copy(), y.copy(), lr, n_long),
             label=Text(en=f"{n_long} steps: the loss never rises and the weights reach least "
                           "squares",
                        fr=f"{n_long} pas\u202f: la perte ne remonte jamais et les poids atteignent "
                           "les moindres carrés")),
        Case("one feature", (X[:, :1].copy(), y.copy(), lr, n_long),
             label=Text(en=f"a single column, {n_long} steps", fr=f"une seule colonne, {n_long} pas")),
        Case("uncentred columns", (X + _GD_SHIFT, y.copy(), _GD_SHIFTED_LR, n_short),
             label=Text(en=f"the same columns plus {_GD_SHIFT:g} (mean {_GD_SHIFT:g}, not 0), "
                           f"{n_short} steps at rate {_GD_SHIFTED_LR:g}: every weight is updated "
                           "from the same w",
                        fr=f"les mêmes colonnes augmentées de {_GD_SHIFT:g} (de moyenne {_GD_SHIFT:g}, "
                           f"et non 0), {n_short} pas au taux {french_number(_GD_SHIFTED_LR)}\u202f: "
                           "tous les poids "
                           "sont mis à jour à partir du même w")),
        Case("one step", (X.copy(), y.copy(), lr, 1),
             label=Text(en="n_iter = 1: one loss, one update", fr="n_iter = 1\u202f: une perte, une mise "
                                                                  "à jour")),
        Case("no step", (X.copy(), y.copy(), lr, 0),
             label=Text(en="n_iter = 0: zero weights and an empty list",
                        fr="n_iter = 0\u202f: des poids nuls et une liste vide")),
        Case("hidden", (hidden_X, hidden_y, 0.1, int(rng.integers(5, 30))), hidden=True),
        Case("hidden converges", (hidden_X.copy(), hidden_y.copy(), 0.1, n_long), hidden=True),
    ]


def _gd_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_features = int(rng.integers(2, 4))
    columns = sorted(int(c) for c in rng.choice(_GD_COLUMNS, size=n_features, replace=False))
    n_rows = int(rng.integers(40, 81))
    return {"n_rows": n_rows, "row_start": int(rng.integers(0, 442 - n_rows)), "columns": columns,
            "n_features": n_features,
            "column_names": ", ".join(DIABETES_COLUMNS[c] for c in columns),
            "lr": float(rng.choice([0.1, 0.15, 0.2])), "n_short": int(rng.integers(3, 9)),
            "n_long": 400}


def _standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _check_gd(obtained: Any, expected: Any, case: Case) -> Message | None:
    if agrees(obtained, expected, case):
        return None
    X, y, _, n_iter = case.args
    got = value_of(obtained)
    n_weights = X.shape[1] + 1
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return message(Text(
            en="gd_linreg should return a pair (weights, losses); it returned {got}.",
            fr="gd_linreg doit renvoyer un couple (poids, pertes)\u202f; elle a renvoyé {got}."),
            got=describe(got))
    weights, losses = got
    if not isinstance(weights, np.ndarray) or weights.shape != (n_weights,):
        return message(Text(
            en="The weights should be a 1-D NumPy array of {k} numbers: the intercept first, "
               "then one weight per column of X. Got {got}.",
            fr="Les poids doivent former un tableau NumPy 1-D de {k} nombres\u202f: l'ordonnée à "
               "l'origine d'abord, puis un poids par colonne de X. Reçu {got}."),
            k=n_weights, got=describe(weights))
    if not (isinstance(losses, list) or (isinstance(losses, np.ndarray) and losses.ndim == 1)) \
            or len(losses) != n_iter:
        return message(Text(
            en="The losses should be a list of {n} numbers, one per step, recorded before each "
               "update. Got {got}.",
            fr="Les pertes doivent former une liste de {n} nombres, un par pas, notés avant "
               "chaque mise à jour. Reçu {got}."), n=n_iter, got=describe(losses))
    try:
        history = np.asarray(losses, dtype=float)
    except (TypeError, ValueError):
        return message(Text(en="The losses should be numbers.",
                            fr="Les pertes doivent être des nombres."))
    if n_iter >= 1:
        first = float(np.mean(y ** 2))
        if compare(float(history[0]), first) is not None:
            return message(Text(
                en="The first loss should be the mean squared error of the zero weights, before "
                   "any update: mean(y ** 2) = {want}; you gave {got}. Record the loss before "
                   "updating the weights, and use the mean of the squared residuals.",
                fr="La première perte doit être l'erreur quadratique moyenne des poids nuls, "
                   "avant toute mise à jour\u202f: mean(y ** 2) = {want}\u202f; vous avez donné {got}. "
                   "Notez la perte avant de mettre à jour les poids, et prenez la moyenne des "
                   "carrés des résidus."),
                want=number(first), got=number(history[0]))
    finite = np.isfinite(history)
    rises = np.flatnonzero(~finite[1:] | (history[1:] > history[:-1] * (1 + 1e-9) + 1e-12))
    if rises.size:
        step = int(rises[0]) + 1
        return message(Text(
            en="With this small rate the loss should never rise, but it went from {before} to "
               "{after} at step {step}. Check the sign of the update (w = w - lr * gradient) "
               "and that the gradient is a mean over the rows (2/n · Aᵀ(Aw − y)), not a sum.",
            fr="Avec ce petit taux, la perte ne devrait jamais remonter, mais elle est passée "
               "de {before} à {after} au pas {step}. Vérifiez le signe de la mise à jour "
               "(w = w - lr * gradient) et que le gradient est une moyenne sur les lignes "
               "(2/n · Aᵀ(Aw − y)), pas une somme."),
            before=number(history[step - 1]), after=number(history[step]),
            step=step)
    if case.name.removeprefix("hidden ") in _GD_CONVERGING:
        design = np.column_stack([np.ones(len(X)), X])
        least_squares, *_ = np.linalg.lstsq(design, y, rcond=None)
        gap = np.linalg.norm(weights - least_squares) / np.linalg.norm(least_squares)
        if not gap <= _GD_LS_TOLERANCE:
            return message(Text(
                en="After {n} steps the weights should be within 0.1 % of the least-squares "
                   "ones, {want}; yours are {got}. Is the intercept first, and is the gradient "
                   "2/n · Aᵀ(Aw − y)?",
                fr="Après {n} pas, les poids devraient être à moins de 0,1 % de ceux des "
                   "moindres carrés, {want}\u202f; les vôtres valent {got}. L'ordonnée à l'origine "
                   "est-elle en premier, et le gradient vaut-il 2/n · Aᵀ(Aw − y)\u202f?"),
                n=n_iter, want=format_value(least_squares), got=format_value(weights))
        return None
    want = value_of(expected)
    if not isinstance(want, (tuple, list)) or len(want) != 2:
        # Only when the judge compares with a declared mistake of another form: they differ.
        return message(Text(en="The result differs.", fr="Le résultat diffère."))
    difference = compare(weights, want[0], where="weights")
    if difference is None:
        # The weights are right: so must be every loss, not only the first (a loss computed
        # once before the loop, or without the intercept, keeps the first value right).
        wrong_losses = compare(history, np.asarray(want[1], dtype=float), where="losses")
        if wrong_losses is None:
            return None
        return message(Text(
            en="Your weights follow the update rule, but not your losses: each loss must be "
               "the mean squared error mean((A @ w - y) ** 2) of the current w, the intercept "
               "included, computed again at every step before the update. {detail}",
            fr="Vos poids suivent la règle de mise à jour, mais pas vos pertes\u202f: chaque perte "
               "doit être l'erreur quadratique moyenne mean((A @ w - y) ** 2) du w courant, "
               "ordonnée à l'origine comprise, recalculée à chaque pas avant la mise à jour. "
               "{detail}"),
            detail=wrong_losses)
    return message(Text(
        en="With n_iter = {n}, your weights are not those of the update rule "
           "w ← w − lr · (2/n) · Aᵀ(Aw − y), starting from zeros: {detail}",
        fr="Avec n_iter = {n}, vos poids ne sont pas ceux de la règle de mise à jour "
           "w ← w − lr · (2/n) · Aᵀ(Aw − y), en partant de zéro\u202f: {detail}"),
        n=n_iter, detail=difference)


def _gd_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    from caire_exercises.authoring.figures import line_chart

    got, want = value_of(obtained), value_of(expected)
    try:
        yours = [float(value) for value in got[1]]
        reference = [float(value) for value in want[1]]
    except (TypeError, ValueError, IndexError):
        return None
    if len(reference) < 2 or len(yours) > 5000:
        return None
    return line_chart({"yours / vous": yours, "expected / attendu": reference},
                      title="MSE", x_label="step / pas", y_label="MSE")


def _gd_loss_after_step(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        w = w - lr * (2 / len(y)) * (A.T @ (A @ w - y))
        losses.append(float(np.mean((A @ w - y) ** 2)))
    return w, losses


def _gd_no_intercept(X, y, lr, n_iter):
    w = np.zeros(X.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = X @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (2 / len(y)) * (X.T @ residual)
    return w, losses


def _gd_intercept_then_weights(X, y, lr, n_iter):
    intercept, weights = 0.0, np.zeros(X.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = intercept + X @ weights - y
        losses.append(float(np.mean(residual ** 2)))
        intercept = intercept - lr * 2 * residual.mean()
        residual = intercept + X @ weights - y
        weights = weights - lr * (2 / len(y)) * (X.T @ residual)
    return np.concatenate([[intercept], weights]), losses


MISTAKES = (
    Mistake("loss_after_step", Text(
        en="You recorded the loss after each update, so your first loss is not that of the "
           "zero weights and the last one is one step ahead. Compute the loss first, then "
           "update.",
        fr="Vous notez la perte après chaque mise à jour\u202f: votre première perte n'est pas "
           "celle des poids nuls et la dernière a un pas d'avance. Calculez d'abord la "
           "perte, puis mettez à jour."), _gd_loss_after_step),
    Mistake("no_factor_two", Text(
        en="Your gradient misses the factor 2: the derivative of the mean of squared "
           "residuals is (2/n) · Aᵀ(Aw − y). Without it each step is half as long, and the "
           "weights after a few steps are not the expected ones. (If your gradient has "
           "the 2, check that you use the rate lr passed as argument, not one of your "
           "own.)",
        fr="Il manque le facteur 2 à votre gradient\u202f: la dérivée de la moyenne des carrés "
           "des résidus est (2/n) · Aᵀ(Aw − y). Sans lui, chaque pas est deux fois plus "
           "court, et les poids après quelques pas ne sont pas ceux attendus. (Si votre "
           "gradient a bien le 2, vérifiez que vous utilisez le taux lr reçu en argument, "
           "et non un taux de votre choix.)"),
        with_line_changed(gd_linreg, "w = w - lr * (2 / len(y)) * (A.T @ residual)",
                          "w = w - lr * (A.T @ residual) / len(y)")),
    Mistake("sum_gradient", Text(
        en="Your gradient is a sum over the rows, not a mean: it is n times too large, and "
           "the descent diverges (the loss rises). Divide by the number of rows: "
           "(2/n) · Aᵀ(Aw − y).",
        fr="Votre gradient est une somme sur les lignes, pas une moyenne\u202f: il est n fois trop "
           "grand et la descente diverge (la perte remonte). Divisez par le nombre de "
           "lignes\u202f: (2/n) · Aᵀ(Aw − y)."),
               with_line_changed(gd_linreg, "w = w - lr * (2 / len(y)) * (A.T @ residual)",
                                 "w = w - lr * 2 * (A.T @ residual)")),
    Mistake("no_intercept", Text(
        en="Your weights have no intercept. Put a column of ones in front of X "
           "(np.column_stack([np.ones(len(X)), X])) so that w[0] is the intercept.",
        fr="Vos poids n'ont pas d'ordonnée à l'origine. Placez une colonne de uns devant X "
           "(np.column_stack([np.ones(len(X)), X])) pour que w[0] soit l'ordonnée à "
           "l'origine."), _gd_no_intercept),
    Mistake("intercept_last", Text(
        en="Your column of ones is the last column, so the intercept ends up last in w. The "
           "exercise asks for the intercept first: put the ones in front of X.",
        fr="Votre colonne de uns est la dernière\u202f: l'ordonnée à l'origine se retrouve en "
           "dernier dans w. L'exercice la demande en premier\u202f: placez les uns devant X."),
        with_line_changed(gd_linreg, "A = np.column_stack([np.ones(len(X)), X])",
                          "A = np.column_stack([X, np.ones(len(X))])")),
    Mistake("not_simultaneous", Text(
        en="You updated the intercept first, then computed the gradient of the other "
           "weights with the new intercept. Every weight must move from the same w: "
           "compute the whole gradient (2/n) · Aᵀ(Aw − y) once, then update w in one go. "
           "With centred columns this goes unnoticed; with uncentred ones the weights "
           "differ.",
        fr="Vous avez d'abord mis à jour l'ordonnée à l'origine, puis calculé le gradient "
           "des autres poids avec la nouvelle ordonnée à l'origine. Tous les poids doivent "
           "partir du même w\u202f: calculez tout le gradient (2/n) · Aᵀ(Aw − y) une fois, puis "
           "mettez w à jour d'un coup. Avec des colonnes centrées, cela passe inaperçu\u202f; "
           "avec des colonnes non centrées, les poids diffèrent."),
        _gd_intercept_then_weights),
)

HINTS = (
    Text(en="Build `A = np.column_stack([np.ones(len(X)), X])` and start from "
            "`w = np.zeros(A.shape[1])`.",
         fr="Construisez `A = np.column_stack([np.ones(len(X)), X])` et partez de "
            "`w = np.zeros(A.shape[1])`."),
    Text(en="In the loop: `residual = A @ w - y`; append `np.mean(residual ** 2)` to the "
            "list *before* changing `w`.",
         fr="Dans la boucle\u202f: `residu = A @ w - y`\u202f; ajoutez `np.mean(residu ** 2)` à la "
            "liste *avant* de modifier `w`."),
    Text(en="The update is `w = w - lr * (2 / len(y)) * (A.T @ residual)`; return "
            "`w, losses`.",
         fr="La mise à jour est `w = w - lr * (2 / len(y)) * (A.T @ residu)`\u202f; renvoyez "
            "`w, pertes`."),
)


TEACHER_NOTES = Text(
    en=("Objectives: write the gradient of the mean squared error in matrix form; update every "
        "weight from the same w; record the loss before each update and read a loss curve. "
        "Misconceptions aimed at: the factor 2 and the division by n do not matter; updating the "
        "intercept first is harmless. Debrief: What happens with a rate ten times larger? Why "
        "does a gradient summed instead of averaged make the descent diverge? How would you "
        "choose n_iter without knowing the least-squares answer?"),
    fr=("Objectifs\u202f: écrire le gradient de l'erreur quadratique moyenne sous forme matricielle\u202f; "
        "mettre à jour tous les poids à partir du même w\u202f; noter la perte avant chaque mise à "
        "jour et lire une courbe de perte. Idées reçues visées\u202f: le facteur 2 et la division par "
        "n seraient sans importance\u202f; mettre à jour l'ordonnée à l'origine d'abord serait sans "
        "conséquence. Pour le débriefing\u202f: que se passe-t-il avec un taux dix fois plus grand\u202f? "
        "Pourquoi un gradient sommé plutôt que moyenné fait-il diverger la descente\u202f? Comment "
        "choisir n_iter sans connaître la solution des moindres carrés\u202f?"),
)


GRADIENT_DESCENT = Exercise(
    id="numpy.gradient_descent",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="gd_linreg",
    kind="function",
    reference=gd_linreg,
    cases=_gd_cases,
    variant=_gd_variant,
    checks=(_check_gd,),
    compare_values=False,
    figure=_gd_figure,
    difficulty=3,
    minutes=25,
    tags=("numpy", "optimisation", "gradient descent", "regression"),
    dataset="diabetes",
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

