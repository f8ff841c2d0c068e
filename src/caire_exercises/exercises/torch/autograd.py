"""torch.autograd: a gradient by backward(), called twice with the same weights."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, message
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.torch._common import MODULE_ID, REQUIRES, significant
from caire_exercises.exercises.torch.probes import autograd_probe


# ========================================================================= autograd


def grad_mse(X, y, w):
    w = w.detach().clone().requires_grad_(True)
    loss = ((X @ w - y) ** 2).mean()
    loss.backward()
    return w.grad


# Declared mistakes one line away from the reference.
_grad_mse_sum = edited(grad_mse, ".mean()", ".sum()", name="_grad_mse_sum")
_grad_mse_accumulated = edited(grad_mse, "    w = w.detach().clone().requires_grad_(True)\n", "",
                               name="_grad_mse_accumulated")
_grad_mse_half = edited(grad_mse, ".mean()", ".mean() / 2", name="_grad_mse_half")


def _grad_mse_broadcast(X, y, w):
    w = w.detach().clone().requires_grad_(True)
    loss = ((X @ w).reshape(-1, 1) - y) ** 2
    loss.mean().backward()
    return w.grad


def _autograd_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n": int(rng.integers(12, 41)), "d": int(rng.integers(3, 7)),
            "data_seed": int(rng.integers(0, 2**31))}


def _regression(rng: np.random.Generator, n: int, d: int, *, noise: float = 0.5
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + noise * rng.normal(size=n) + rng.uniform(-2, 2)
    return X, y, rng.normal(size=d)


#: Gradients agree to this relative tolerance: a learner may compute in float32 (about seven
#: digits), while the declared mistakes are off by factors of 2, n or n / (n - 1).
_GRADIENT_RTOL = 1e-4


def _gradient_case(name: str, X: np.ndarray, y: np.ndarray, w: np.ndarray, **options: Any) -> Case:
    """A case whose absolute tolerance follows the size of the terms summed into the gradient.

    A component near zero is a difference of large terms, so float32 rounding
    leaves there an error proportional to those terms, not to the component.
    """
    terms = 2 / len(y) * np.abs(X).T @ np.abs(X @ w - y)
    return Case(name, (X, y, w), rtol=_GRADIENT_RTOL,
                atol=1e-5 * max(1.0, float(terms.max(initial=0.0))), **options)


def _autograd_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    n, d = params["n"], params["d"]
    X, y, w = _regression(np.random.default_rng(params["data_seed"]), n, d)
    # Quarters and eighths: X @ w_true is exact in floating point, so the gradient is exactly 0.
    X_exact, w_true = np.round(X * 4) / 4, np.arange(d) / 4 - d / 8
    hidden = _regression(rng, int(rng.integers(5, 60)), int(rng.integers(2, 9)))
    return [
        _gradient_case("your data", X, y, w,
                       label=Text(en=f"{n} rows, {d} weights", fr=f"{n} lignes, {d} poids")),
        _gradient_case("w = 0", X, y, np.zeros(d),
                       label=Text(en="all weights at zero", fr="tous les poids à zéro")),
        _gradient_case("one row", X[:1].copy(), y[:1].copy(), w,
                       label=Text(en="a single row", fr="une seule ligne")),
        _gradient_case("exact fit", X_exact, X_exact @ w_true, w_true,
                       label=Text(en="w fits y exactly: the gradient is zero",
                                  fr="w prédit y exactement : le gradient est nul")),
        _gradient_case("hidden", *hidden, hidden=True),
    ]



def _differences(got: np.ndarray, want: np.ndarray, case: Case) -> np.ndarray:
    """The indices where two gradients differ, with the case's tolerance."""
    close = np.isclose(got, want, rtol=1e-6 if case.rtol is None else case.rtol,
                       atol=1e-9 if case.atol is None else case.atol)
    return np.flatnonzero(~close)


def _autograd_check(obtained: Any, expected: Any, case: Case) -> Message | None:
    if obtained["type"] != expected["type"]:
        return message(Text(
            en="grad_mse returned {got}, not a torch.Tensor: return w.grad after loss.backward().",
            fr="grad_mse a renvoyé {got}, pas un torch.Tensor : renvoyez w.grad après "
               "loss.backward()."), got=obtained["type"])
    for key in ("value", "second_call"):
        got, want = obtained[key], expected[key]
        if got is None or want is None:
            continue
        if got.shape != want.shape:
            return message(Text(
                en="The gradient has shape {got}; expected {want}, one number per weight.",
                fr="Le gradient a la forme {got} ; attendu : {want}, un nombre par poids."),
                got=str(tuple(got.shape)), want=str(tuple(want.shape)))
        wrong = _differences(got.ravel(), want.ravel(), case)
        if not wrong.size:
            continue
        weights = np.asarray(case.args[2], dtype=float)
        if key == "value" and weights.size and np.allclose(got.ravel(), weights.ravel()):
            return message(Text(
                en="grad_mse returned the weights w themselves, not their gradient: after "
                   "loss.backward(), the gradient sits in w.grad.",
                fr="grad_mse a renvoyé les poids w eux-mêmes, pas leur gradient : après "
                   "loss.backward(), le gradient se trouve dans w.grad."))
        index = int(wrong[0])
        ratio = got.ravel()[index] / want.ravel()[index] if want.ravel()[index] != 0 else math.inf
        values: dict[str, Text | int] = {
            "index": index, "got": significant(got.ravel()[index]),
            "want": significant(want.ravel()[index]), "ratio": significant(ratio, 3), "count": int(wrong.size), "total": int(want.size)}
        if key == "value" and want.ravel()[index] == 0:
            return message(Text(
                en="dL/dw[{index}] is {got}; expected 0 ({count} of {total} components differ).",
                fr="dL/dw[{index}] vaut {got} ; attendu : 0 ({count} composantes sur {total} "
                   "diffèrent)."), **values)
        if key == "value":
            return message(Text(
                en="dL/dw[{index}] is {got}; expected {want} (ratio {ratio}; {count} of {total} "
                   "components differ).",
                fr="dL/dw[{index}] vaut {got} ; attendu : {want} (rapport {ratio} ; {count} "
                   "composantes sur {total} diffèrent)."), **values)
        return message(Text(
            en="The first call was right, but a second call with the same w gave dL/dw[{index}] "
               "= {got} instead of {want} (ratio {ratio}).",
            fr="Le premier appel était juste, mais un second appel avec le même w a donné "
               "dL/dw[{index}] = {got} au lieu de {want} (rapport {ratio})."), **values)
    return None


AUTOGRAD = Exercise(
    id="torch.autograd",
    module=MODULE_ID,
    title=Text(en="A gradient by backward()", fr="Un gradient par backward()"),
    statement=Text(
        en=r"""For a linear model $\hat y = Xw$, the mean squared error is

$$L(w) = \frac{1}{ n } \sum_{i=1}^{ n } (x_i \cdot w - y_i)^2 .$$

Write `grad_mse(X, y, w)` which returns $\partial L / \partial w$, computed by PyTorch's
automatic differentiation: build the loss from tensors, call `loss.backward()`, and return
the gradient as a tensor of the shape of `w`.

`X` (shape `(n, d)`), `y` (shape `(n,)`) and `w` (shape `(d,)`) are float64 tensors, and `w`
has `requires_grad=True`. The check calls your function **twice with the same `w`**: both
calls must give the same gradient.

Your variant: {n} rows and {d} weights.""",
        fr=r"""Pour un modèle linéaire $\hat y = Xw$, l'erreur quadratique moyenne vaut

$$L(w) = \frac{1}{ n } \sum_{i=1}^{ n } (x_i \cdot w - y_i)^2 .$$

Écrivez `grad_mse(X, y, w)` qui renvoie $\partial L / \partial w$, calculé par la
différentiation automatique de PyTorch : construisez la perte à partir de tenseurs, appelez
`loss.backward()` et renvoyez le gradient, un tenseur de la forme de `w`.

`X` (forme `(n, d)`), `y` (forme `(n,)`) et `w` (forme `(d,)`) sont des tenseurs float64, et
`w` a `requires_grad=True`. La vérification appelle votre fonction **deux fois avec le même
`w`** : les deux appels doivent donner le même gradient.

Votre variante : {n} lignes et {d} poids.""",
    ),
    answer_name="grad_mse",
    kind="function",
    reference=grad_mse,
    cases=_autograd_cases,
    variant=_autograd_variant,
    probe=autograd_probe,
    checks=(_autograd_check,),
    difficulty=2,
    minutes=15,
    tags=("torch", "autograd", "gradients"),
    dataset=None,
    requires=REQUIRES,
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: build a loss from tensors, call backward() and read w.grad; know that '
            'gradients accumulate. Misconception aimed at: "backward() returns the gradient, '
            'fresh each time". Debrief: Why does a second call double the gradient? What does the '
            '1/2 convention change, and why does it not matter for training? How would you check '
            'a gradient without autograd (finite differences)?'),
        fr=('Objectifs : construire une perte à partir de tenseurs, appeler backward() et lire '
            "w.grad ; savoir que les gradients s'accumulent. Idée fausse visée : « backward() "
            'renvoie le gradient, tout neuf à chaque appel ». Questions de retour : pourquoi un '
            'second appel double-t-il le gradient ? Que change la convention 1/2, et pourquoi '
            "est-ce sans effet sur l'entraînement ? Comment vérifier un gradient sans autograd "
            '(différences finies) ?')),
    mistakes=(
        Mistake("sum", Text(
            en="Your gradient is n times too large: the loss is a sum of squares, not their mean. "
               "Use .mean() (or divide the sum by n).",
            fr="Votre gradient est n fois trop grand : la perte est une somme de carrés, pas leur "
               "moyenne. Utilisez .mean() (ou divisez la somme par n)."), _grad_mse_sum),
        Mistake("accumulated", Text(
            en="The second call doubles the gradient: backward() adds to w.grad, it does not "
               "replace it. Work on a fresh copy, w = w.detach().clone().requires_grad_(True), "
               "or reset w.grad = None before backward().",
            fr="Le second appel double le gradient : backward() ajoute à w.grad, il ne le remplace "
               "pas. Travaillez sur une copie neuve, w = w.detach().clone().requires_grad_(True), "
               "ou remettez w.grad = None avant backward()."), _grad_mse_accumulated),
        Mistake("half", Text(
            en="Your gradient is half the right one: you took the mean of squares divided by 2 "
               "(the 1/2 convention of some textbooks). The loss asked for has no 1/2.",
            fr="Votre gradient vaut la moitié du bon : vous avez pris la moyenne des carrés "
               "divisée par 2 (la convention 1/2 de certains manuels). La perte demandée n'a pas "
               "de 1/2."), _grad_mse_half),
        Mistake("broadcast", Text(
            en="Subtracting y of shape (n,) from predictions of shape (n, 1) broadcasts to an "
               "(n, n) table of every prediction minus every target. Keep both 1-D: X @ w has "
               "shape (n,) already.",
            fr="Soustraire y de forme (n,) à des prédictions de forme (n, 1) diffuse en un "
               "tableau (n, n) de chaque prédiction moins chaque cible. Gardez les deux en 1-D : "
               "X @ w a déjà la forme (n,)."), _grad_mse_broadcast),
    ),
    hints=(
        Text(en="The loss in one line: `loss = ((X @ w - y) ** 2).mean()`.",
             fr="La perte en une ligne : `loss = ((X @ w - y) ** 2).mean()`."),
        Text(en="After `loss.backward()`, the gradient sits in `w.grad`.",
             fr="Après `loss.backward()`, le gradient se trouve dans `w.grad`."),
        Text(en="backward() accumulates into `.grad`. Start from a fresh leaf: "
                "`w = w.detach().clone().requires_grad_(True)`.",
             fr="backward() accumule dans `.grad`. Partez d'une feuille neuve : "
                "`w = w.detach().clone().requires_grad_(True)`."),
    ),
)

