"""torch.training_loop: a logistic regression trained by a PyTorch loop written by hand.

The probe calls the learner's function with the full budget (twice), with
fewer epochs to draw the training-loss curve, and with one input changed at a
time; it returns the logits it saw. The facts below read them as a diagnosis,
the first thing wrong in a fixed order, and measure the accuracy against the
held-out labels, which only the judge holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.facts import in_order
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.torch._common import MODULE_ID, REQUIRES, accuracy, cancer_split, loss_figure, number
from caire_exercises.exercises.torch.probes import training_loop_probe

_LOGREG_EPOCHS = 100
_LOGREG_LR = 0.5
_LOGREG_MIN_ACCURACY = 0.95
#: Two accuracies closer than this are the same behaviour (a few rows of a test set).
_ACCURACY_SLACK = 0.01


def train_logreg(X, y, epochs, lr, seed):
    import torch

    torch.manual_seed(seed)
    model = torch.nn.Linear(X.shape[1], 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(X).squeeze(1), y)
        loss.backward()
        optimizer.step()
    return model


# Declared mistakes one line away from the reference.
_train_logreg_no_zero_grad = edited(train_logreg, "        optimizer.zero_grad()\n", "",
                                    name="_train_logreg_no_zero_grad")
_train_logreg_sigmoid = edited(
    train_logreg, "model = torch.nn.Linear(X.shape[1], 1)",
    "model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 1), torch.nn.Sigmoid())",
    name="_train_logreg_sigmoid")
_train_logreg_no_step = edited(train_logreg, "        optimizer.step()\n", "", name="_train_logreg_no_step")
_train_logreg_unseeded = edited(train_logreg, "    torch.manual_seed(seed)\n", "", name="_train_logreg_unseeded")
_train_logreg_fixed_seed = edited(train_logreg, "torch.manual_seed(seed)", "torch.manual_seed(42)",
                                  name="_train_logreg_fixed_seed")


def _train_logreg_ascent(X, y, epochs, lr, seed):
    import torch

    torch.manual_seed(seed)
    model = torch.nn.Linear(X.shape[1], 1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        model.zero_grad()
        loss = loss_fn(model(X).squeeze(1), y)
        loss.backward()
        with torch.no_grad():
            for parameter in model.parameters():
                parameter += lr * parameter.grad
    return model


_train_logreg_target_shape = edited(train_logreg, "model(X).squeeze(1)", "model(X)",
                                    name="_train_logreg_target_shape")


def _training_loop_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    budget = {"epochs": _LOGREG_EPOCHS, "lr": _LOGREG_LR}
    hidden_state = int(rng.integers(1, 10_000))

    def case(name: str, random_state: int, seed: int, **options: Any) -> Case:
        X_train, y_train, X_test, y_test = cancer_split(random_state)
        return Case(name, (X_train, y_train, X_test), {**budget, "seed": seed}, timeout=30.0,
                    private={"y_test": y_test}, **options)

    return [
        case("breast cancer", 0, 0,
             label=Text(en=f"{_LOGREG_EPOCHS} epochs, lr = {_LOGREG_LR}, seed 0",
                        fr=f"{_LOGREG_EPOCHS} époques, lr = {str(_LOGREG_LR).replace('.', ',')}, graine 0")),
        case("hidden", hidden_state, int(rng.integers(1, 1000)), hidden=True),
    ]


# ------------------------------------------------------------------------ facts

_FEEDBACK = {
    "not_module": Text(
        en="train_logreg returned a {type}, not a torch.nn.Module: return the trained model.",
        fr="train_logreg a renvoyé un objet {type}, pas un torch.nn.Module : renvoyez le modèle "
           "entraîné."),
    "architecture": Text(
        en="The statement fixes the model: one nn.Linear(30, 1), a weight per column and a bias "
           "(31 parameters), whose logit is a linear function of the row. Yours {what}. Another "
           "network may reach the accuracy, but this exercise is the logistic regression.",
        fr="L'énoncé fixe le modèle : un seul nn.Linear(30, 1), un poids par colonne et un biais "
           "(31 paramètres), dont le logit est une fonction linéaire de la ligne. Le vôtre {what}. "
           "Un autre réseau peut atteindre l'exactitude demandée, mais cet exercice porte sur la "
           "régression logistique."),
    "output_shape": Text(
        en="On {n} rows the model gives an output of shape {shape}; expected one logit per row, "
           "shape ({n}, 1): nn.Linear(30, 1).",
        fr="Sur {n} lignes, le modèle donne une sortie de forme {shape} ; attendu : un logit par "
           "ligne, de forme ({n}, 1) : nn.Linear(30, 1)."),
    "probabilities": Text(
        en="Every output of the model lies between 0 and 1: it gives probabilities, not logits. "
           "The model must end with the linear layer; BCEWithLogitsLoss applies the sigmoid "
           "itself.",
        fr="Toutes les sorties du modèle sont entre 0 et 1 : il donne des probabilités, pas des "
           "logits. Le modèle doit finir par la couche linéaire ; BCEWithLogitsLoss applique "
           "lui-même la sigmoïde."),
    "dtype": Text(
        en="The model holds {dtype} parameters and cannot take the float32 rows it is given "
           "(X is float32). Keep nn.Linear in its default float32: no .double().",
        fr="Le modèle a des paramètres en {dtype} et ne peut pas lire les lignes float32 qu'on "
           "lui donne (X est en float32). Gardez nn.Linear dans son type par défaut, float32 : "
           "pas de .double()."),
    "seed_ignored": Text(
        en="seed = {seed} and seed = {other_seed} gave exactly the same model: the seed argument "
           "is not used (a seed written in the code?). Call torch.manual_seed(seed).",
        fr="seed = {seed} et seed = {other_seed} ont donné exactement le même modèle : l'argument "
           "seed n'est pas utilisé (une graine écrite en dur ?). Appelez "
           "torch.manual_seed(seed)."),
    "diverges": Text(
        en="The training loss becomes {last} after {epochs} epochs: the weights blow up. Check "
           "the loss: nn.BCEWithLogitsLoss on the logits, squeezed to the shape of y.",
        fr="La perte d'entraînement devient {last} après {epochs} époques : les poids "
           "explosent. Vérifiez la perte : nn.BCEWithLogitsLoss sur les logits, ramenés à la "
           "forme de y."),
    "lr_ignored": Text(
        en="lr = {lr} and lr = {lr} / 2 gave exactly the same model after {short} epochs: the lr "
           "argument is not used. Pass it to the optimiser: torch.optim.SGD(model.parameters(), "
           "lr=lr).",
        fr="lr = {lr} et lr = {lr} / 2 ont donné exactement le même modèle après {short} "
           "époques : l'argument lr n'est pas utilisé. Passez-le à l'optimiseur : "
           "torch.optim.SGD(model.parameters(), lr=lr)."),
    "rows_ignored": Text(
        en="Changing the labels of the second half of the rows does not change the model: "
           "training uses only some of the rows (X[:32]?). One epoch is a pass over all the "
           "training rows.",
        fr="Changer les étiquettes de la seconde moitié des lignes ne change pas le modèle : "
           "l'entraînement n'utilise qu'une partie des lignes (X[:32] ?). Une époque est un "
           "passage sur toutes les lignes d'entraînement."),
    "not_reproducible": Text(
        en="Two calls with seed = {seed} gave different models. Call torch.manual_seed(seed) at "
           "the start of the function, before creating the model.",
        fr="Deux appels avec seed = {seed} ont donné des modèles différents. Appelez "
           "torch.manual_seed(seed) au début de la fonction, avant de créer le modèle."),
    "flat": Text(
        en="The model is the same after 1 epoch and after {epochs} (training loss {last}): "
           "training does not change it. Does the loop call optimizer.step() and run `epochs` "
           "times?",
        fr="Le modèle est le même après 1 époque et après {epochs} (perte d'entraînement "
           "{last}) : l'entraînement ne le change pas. La boucle appelle-t-elle "
           "optimizer.step() et tourne-t-elle `epochs` fois ?"),
    "rises": Text(
        en="The training loss rises: {first} after 1 epoch, {last} after {epochs}. The "
           "parameters move up the gradient instead of down.",
        fr="La perte d'entraînement augmente : {first} après 1 époque, {last} après {epochs}. "
           "Les paramètres montent le long du gradient au lieu de descendre."),
    "unstable": Text(
        en="The training loss falls to {best}, then climbs back to {last} after {epochs} epochs: "
           "training is unstable.",
        fr="La perte d'entraînement descend à {best}, puis remonte à {last} après {epochs} "
           "époques : l'entraînement est instable."),
    "constant": Text(
        en="The model predicts the same class for every held-out row (accuracy {accuracy}).",
        fr="Le modèle prédit la même classe pour toutes les lignes mises de côté (exactitude "
           "{accuracy})."),
    "low_accuracy": Text(
        en="Held-out accuracy {accuracy}, below {threshold} (training loss {last} after {epochs} "
           "epochs).",
        fr="Exactitude sur les lignes mises de côté : {accuracy}, sous {threshold} (perte "
           "d'entraînement {last} après {epochs} époques)."),
}



def _one_per_row(shape: Any, rows: int) -> bool:
    return (isinstance(shape, list) and math.prod(shape) == rows
            and (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)))


def _same(one: Any, other: Any) -> bool:
    return one is not None and other is not None and bool(np.array_equal(
        np.asarray(one, dtype=float), np.asarray(other, dtype=float), equal_nan=True))


def _affine(logits: Any, X: np.ndarray) -> bool:
    """Whether the logits of the training rows are an affine function of the rows."""
    values = np.asarray(logits, dtype=np.float64).reshape(-1)
    if values.size != len(X):
        return False
    if not np.isfinite(values).all():
        return True  # a training that blew up: the facts on the loss say so
    # Twice as many rows as unknowns is enough to see whether the logits are affine.
    rows = min(len(X), 2 * (X.shape[1] + 1))
    values, X = values[:rows], X[:rows]
    design = np.column_stack([X.astype(np.float64), np.ones(len(X))])
    coefficients, *_ = np.linalg.lstsq(design, values, rcond=None)
    return bool(np.max(np.abs(design @ coefficients - values)) <= 1e-3 * (1 + np.max(np.abs(values))))


def _accuracy(observed: Mapping[str, Any], case: Case) -> float:
    return accuracy(np.asarray(observed["test logits"], dtype=float) > 0, case.private["y_test"])


def _curve(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    losses = [float(v) for v in observed["losses"]]
    values: dict[str, Any] = {
        "first": number(losses[0]), "last": number(losses[-1]), "best": number(min(losses)),
        "epochs": case.kwargs["epochs"], "seed": case.kwargs["seed"],
        "other_seed": case.kwargs["seed"] + 1, "lr": number(case.kwargs["lr"], 1),
        "short": observed.get("short", "?"), "threshold": number(_LOGREG_MIN_ACCURACY, 2)}
    try:
        values["accuracy"] = number(_accuracy(observed, case))
    except Exception:  # noqa: BLE001 - the accuracy is quoted only when it exists
        values["accuracy"] = "?"
    return values


def _say(key: str) -> Any:
    """Feedback quoting the numbers of the learner's training."""
    def feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
        return message(_FEEDBACK[key], **_curve(observed, case))

    return feedback


def _shape_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    X_train, _, X_test = case.args
    if not _one_per_row(observed.get("output shape"), len(X_train)):
        shape, rows = observed.get("output shape"), len(X_train)
    else:
        shape, rows = observed.get("test output shape"), len(X_test)
    shown = str(tuple(shape)) if isinstance(shape, list) else str(shape)
    return message(_FEEDBACK["output_shape"], shape=shown, n=rows)


def _architecture_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    count = sum(math.prod(shape) for shape in observed["parameter shapes"])
    wanted = case.args[0].shape[1] + 1
    what = (Text(en=f"has {count} parameters", fr=f"a {count} paramètres") if count != wanted else
            Text(en="gives logits that are not a linear function of the row (an activation "
                    "after the layer?)",
                 fr="donne des logits qui ne sont pas une fonction linéaire de la ligne (une "
                    "activation après la couche ?)"))
    return message(_FEEDBACK["architecture"], what=what)


def _accurate(observed: Mapping[str, Any], expected: Mapping[str, Any], case: Case) -> bool:
    # On a split so hard that the reference itself misses the bar, an answer as good as the
    # reference passes.
    mine = _accuracy(observed, case)
    if mine >= _LOGREG_MIN_ACCURACY:
        return True
    theirs = _accuracy(expected, case)
    return theirs < _LOGREG_MIN_ACCURACY and abs(mine - theirs) <= _ACCURACY_SLACK


FACTS = in_order(
    Fact("module", lambda o, e, c: o["module"] is True,
         lambda o, e, c: message(_FEEDBACK["not_module"], type=str(o.get("type", "?")))),
    Fact("float32", lambda o, e, c: not o.get("forward failed"),
         lambda o, e, c: message(_FEEDBACK["dtype"], dtype=", ".join(o["parameter dtypes"]))),
    Fact("one logit per row",
         lambda o, e, c: (_one_per_row(o["output shape"], len(c.args[0]))
                          and _one_per_row(o["test output shape"], len(c.args[2]))
                          and len(o["test logits"]) == len(c.args[2])),
         _shape_feedback),
    Fact("logits", lambda o, e, c: not bool(np.all((np.asarray(o["logits"], dtype=float) >= 0)
                                                   & (np.asarray(o["logits"], dtype=float) <= 1))),
         _FEEDBACK["probabilities"]),
    Fact("one linear layer",
         lambda o, e, c: (sum(math.prod(shape) for shape in o["parameter shapes"])
                          == c.args[0].shape[1] + 1 and _affine(o["logits"], c.args[0])),
         _architecture_feedback),
    Fact("reproducible", lambda o, e, c: _same(o["logits"], o["again"]),
         lambda o, e, c: message(_FEEDBACK["not_reproducible"], seed=c.kwargs["seed"])),
    # Another seed must change the model, unless the learner's own seeding left torch's
    # generator exactly where the first seed did, which only a hard-coded seed does.
    Fact("seed used", lambda o, e, c: not (_same(o["other seed logits"], o["short logits"])
                                           and o["other seed state"] == o["short state"]),
         _say("seed_ignored")),
    Fact("trains", lambda o, e, c: max(o["losses"]) - min(o["losses"]) > 1e-9, _say("flat")),
    Fact("finite", lambda o, e, c: math.isfinite(float(o["losses"][-1])), _say("diverges")),
    Fact("falls", lambda o, e, c: float(o["losses"][-1]) <= float(o["losses"][0]), _say("rises")),
    Fact("stays down", lambda o, e, c: float(o["losses"][-1]) <= min(map(float, o["losses"]))
         + max(0.05, 0.5 * min(map(float, o["losses"]))), _say("unstable")),
    Fact("lr used", lambda o, e, c: not _same(o["other lr logits"], o["short logits"]),
         _say("lr_ignored")),
    Fact("every row", lambda o, e, c: not _same(o["other labels logits"], o["short logits"]),
         _say("rows_ignored")),
    Fact("both classes", lambda o, e, c: len(np.unique(np.asarray(o["test logits"], dtype=float) > 0)) > 1,
         _say("constant")),
    Fact("accurate", _accurate, _say("low_accuracy")),
)



TRAINING_LOOP = Exercise(
    id="torch.training_loop",
    module=MODULE_ID,
    title=Text(en="A training loop by hand", fr="Une boucle d'entraînement à la main"),
    statement=Text(
        en=f"""Train a logistic regression on the *breast cancer* data set with your own PyTorch loop.

Write `train_logreg(X, y, epochs, lr, seed)` which returns a trained `torch.nn.Module`:

* `X` is a float32 tensor of shape `(n, 30)`, already standardised (each column has mean 0
  and standard deviation 1 on the training rows); `y` is a float32 tensor of shape `(n,)`
  holding 0. or 1. (1 = benign).
* Start with `torch.manual_seed(seed)`, then build the model: `nn.Linear(30, 1)`, which
  returns one **logit** per row (no sigmoid in the model: predict 1 when the logit is
  positive).
* Train for `epochs` epochs with an optimiser of learning rate `lr` (SGD is enough) and
  `nn.BCEWithLogitsLoss`. One epoch is one pass over the training rows (one step on all of
  them, or several mini-batches).

The check calls your function with {_LOGREG_EPOCHS} epochs and `lr = {_LOGREG_LR}`, and with
fewer epochs (1, 2, 5, ...) to draw your training-loss curve. It expects the loss to fall and
stay down, two calls with the same seed to give the same model, and an accuracy of at least
{_LOGREG_MIN_ACCURACY} on held-out rows your function never sees. Each case stops after
30 seconds.""",
        fr=f"""Entraînez une régression logistique sur le jeu *breast cancer* avec votre propre boucle
PyTorch.

Écrivez `train_logreg(X, y, epochs, lr, seed)` qui renvoie un `torch.nn.Module` entraîné :

* `X` est un tenseur float32 de forme `(n, 30)`, déjà standardisé (chaque colonne a une
  moyenne de 0 et un écart type de 1 sur les lignes d'entraînement) ; `y` est un tenseur
  float32 de forme `(n,)` qui contient 0. ou 1. (1 = bénigne).
* Commencez par `torch.manual_seed(seed)`, puis construisez le modèle : `nn.Linear(30, 1)`,
  qui renvoie un **logit** par ligne (pas de sigmoïde dans le modèle : on prédit 1 quand le
  logit est positif).
* Entraînez pendant `epochs` époques avec un optimiseur de pas d'apprentissage `lr` (SGD
  suffit) et `nn.BCEWithLogitsLoss`. Une époque est un passage sur les lignes
  d'entraînement (un pas sur toutes, ou plusieurs mini-lots).

La vérification appelle votre fonction avec {_LOGREG_EPOCHS} époques et `lr = {_LOGREG_LR}`,
puis avec moins d'époques (1, 2, 5...) pour tracer votre courbe de perte. Elle attend une
perte qui descend et reste basse, deux appels de même graine qui donnent le même modèle, et
une exactitude d'au moins {str(_LOGREG_MIN_ACCURACY).replace('.', ',')} sur des lignes que votre fonction ne voit
jamais. Chaque cas s'arrête au bout de 30 secondes.""",
    ),
    answer_name="train_logreg",
    kind="function",
    reference=train_logreg,
    cases=_training_loop_cases,
    probe=training_loop_probe,
    facts=FACTS,
    figure=loss_figure,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("torch", "training loop", "optimiser", "logistic regression"),
    dataset="breast_cancer",
    timeout=30.0,
    requires=REQUIRES,
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: write the four steps of every PyTorch training (zero_grad, loss, '
            'backward, step), seed it, and read a loss curve. Misconception aimed at: "if the '
            'accuracy is good, the loop is right" (a loop without zero_grad or with a hard-coded '
            'seed can still score well). Debrief: What does the loss curve of a loop without '
            'zero_grad look like, and why? Why must the model be the one the statement fixes? Why '
            'check the accuracy on rows the function never sees?'),
        fr=('Objectifs : écrire les quatre étapes de tout entraînement PyTorch (zero_grad, perte, '
            'backward, step), fixer la graine et lire une courbe de perte. Idée fausse visée : '
            "« si l'exactitude est bonne, la boucle est juste » (une boucle sans zero_grad ou à "
            'la graine écrite en dur peut bien noter). Questions de retour : à quoi ressemble la '
            "courbe de perte d'une boucle sans zero_grad, et pourquoi ? Pourquoi le modèle "
            "doit-il être celui que fixe l'énoncé ? Pourquoi mesurer l'exactitude sur des lignes "
            'que la fonction ne voit jamais ?')),
    mistakes=(
        Mistake("no_zero_grad", Text(
            en="optimizer.zero_grad() is missing: backward() adds each new gradient to the old "
               "ones, so every step pushes with the sum of all past gradients and the loss climbs "
               "back. Call optimizer.zero_grad() at the start of each step.",
            fr="optimizer.zero_grad() manque : backward() ajoute chaque nouveau gradient aux "
               "anciens, si bien que chaque pas pousse avec la somme de tous les gradients passés "
               "et la perte remonte. Appelez optimizer.zero_grad() au début de chaque pas."),
            _train_logreg_no_zero_grad),
        Mistake("sigmoid_in_model", Text(
            en="The model ends with a sigmoid and the loss is BCEWithLogitsLoss, which applies "
               "another one. Remove nn.Sigmoid() from the model (or, less stable, use nn.BCELoss; "
               "here the model must give logits).",
            fr="Le modèle finit par une sigmoïde et la perte est BCEWithLogitsLoss, qui en "
               "applique une autre. Retirez nn.Sigmoid() du modèle (ou, moins stable, utilisez "
               "nn.BCELoss ; ici le modèle doit donner des logits)."), _train_logreg_sigmoid),
        Mistake("no_step", Text(
            en="optimizer.step() is never called: the gradients are computed but the weights "
               "never change.",
            fr="optimizer.step() n'est jamais appelé : les gradients sont calculés mais les poids "
               "ne changent jamais."), _train_logreg_no_step),
        Mistake("unseeded", Text(
            en="The seed is not used: nn.Linear draws its initial weights from torch's random "
               "generator. Call torch.manual_seed(seed) before creating the model.",
            fr="La graine n'est pas utilisée : nn.Linear tire ses poids initiaux du générateur "
               "aléatoire de torch. Appelez torch.manual_seed(seed) avant de créer le modèle."),
            _train_logreg_unseeded),
        Mistake("fixed_seed", Text(
            en="The seed is written in the code (torch.manual_seed(42)) instead of taken from the "
               "argument: every seed gives the same model. Call torch.manual_seed(seed).",
            fr="La graine est écrite en dur (torch.manual_seed(42)) au lieu de venir de "
               "l'argument : toutes les graines donnent le même modèle. Appelez "
               "torch.manual_seed(seed)."), _train_logreg_fixed_seed),
        Mistake("ascent", Text(
            en="Your update adds the gradient (p += lr * p.grad): that climbs the loss. Gradient "
               "descent subtracts it: p -= lr * p.grad.",
            fr="Votre mise à jour ajoute le gradient (p += lr * p.grad) : cela fait monter la "
               "perte. La descente de gradient le soustrait : p -= lr * p.grad."),
            _train_logreg_ascent),
        Mistake("target_shape", Text(
            en="The model gives shape (n, 1) and y has shape (n,): BCEWithLogitsLoss refuses "
               "targets of another size. Compare model(X).squeeze(1) with y (or y.unsqueeze(1) "
               "with the output).",
            fr="Le modèle donne la forme (n, 1) et y a la forme (n,) : BCEWithLogitsLoss refuse des "
               "cibles d'une autre taille. Comparez model(X).squeeze(1) à y (ou la sortie à "
               "y.unsqueeze(1))."), _train_logreg_target_shape),
    ),
    hints=(
        Text(en="The loop of every PyTorch training: `optimizer.zero_grad()`, "
                "`loss = loss_fn(model(X).squeeze(1), y)`, `loss.backward()`, `optimizer.step()`.",
             fr="La boucle de tout entraînement PyTorch : `optimizer.zero_grad()`, "
                "`loss = loss_fn(model(X).squeeze(1), y)`, `loss.backward()`, `optimizer.step()`."),
        Text(en="`torch.optim.SGD(model.parameters(), lr=lr)` is enough for a logistic "
                "regression on standardised data.",
             fr="`torch.optim.SGD(model.parameters(), lr=lr)` suffit pour une régression "
                "logistique sur des données standardisées."),
        Text(en="Seed first, then build: `torch.manual_seed(seed)` must come before "
                "`nn.Linear(30, 1)`, whose initial weights are random.",
             fr="D'abord la graine, ensuite le modèle : `torch.manual_seed(seed)` doit venir avant "
                "`nn.Linear(30, 1)`, dont les poids initiaux sont aléatoires."),
    ),
)

