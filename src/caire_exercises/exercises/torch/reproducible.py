"""torch.reproducible: a training that gives the same weights for the same seed, and a model ready to predict.

The probe calls the learner's `train` three times (the seed twice, with other
random draws in between, then another seed) and returns digests of the
weights and the first model's logits on the held-out rows. The facts read
them in a fixed order and measure the accuracy and the held-out loss against
the held-out labels, which only the judge holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.facts import in_order
from caire_exercises.exercises.torch._common import MODULE_ID, REQUIRES, accuracy, digits_split, number
from caire_exercises.exercises.torch.probes import reproducible_probe

_REPRODUCIBLE_MIN_ACCURACY = 0.95
#: A perfect held-out score with a held-out loss at most this many times the training loss
#: means the held-out rows were trained on (honest networks tried: three times or more).
_SEEN_LOSS_RATIO = 2.0
#: From this held-out accuracy on, a held-out loss no higher than the training loss means the
#: held-out rows were trained on.
_SEEN_MIN_ACCURACY = 0.99
#: Below this accuracy on ten classes, a model guesses (chance is 0.1).
_CHANCE = 0.2


def train(seed):
    import torch
    from sklearn.model_selection import train_test_split
    from torch import nn

    from caire_exercises.data import load

    X, y = load("digits", as_="numpy")
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    X_train = torch.tensor(X_train / 16, dtype=torch.float32)
    y_train = torch.tensor(y_train, dtype=torch.long)

    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(100):  # full batch: 1,347 rows fit in one step
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(X_train), y_train)
        loss.backward()
        optimizer.step()
    model.eval()
    return model


def _digits_training_tensors() -> tuple[Any, Any]:
    import torch

    X_train, _, y_train, _ = digits_split(0)
    return (torch.tensor(X_train / 16, dtype=torch.float32),
            torch.tensor(y_train, dtype=torch.long))


def _fit_digits_mlp(model: Any, X: Any, y: Any) -> Any:
    import torch
    from torch import nn

    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(100):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model


def _train_seed_after_model(seed):
    import torch
    from torch import nn

    X, y = _digits_training_tensors()
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    torch.manual_seed(seed)
    return _fit_digits_mlp(model, X, y).eval()


def _train_seed_ignored(seed):
    import torch
    from torch import nn

    X, y = _digits_training_tensors()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    return _fit_digits_mlp(model, X, y).eval()


def _train_eval_forgotten(seed):
    import torch
    from torch import nn

    X, y = _digits_training_tensors()
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10))
    return _fit_digits_mlp(model, X, y)


def _train_untrained(seed):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).eval()


def _reproducible_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X_train, X_test, y_train, y_test = digits_split(0)
    seed = int(rng.integers(10, 10_000))

    def case(name: str, seed: int, other_seed: int, **options: Any) -> Case:
        return Case(name, (X_train, y_train, X_test), {"seed": seed, "other_seed": other_seed},
                    timeout=30.0, private={"y_test": y_test}, **options)

    return [
        case("seed 7", 7, 8,
             label=Text(en="train(7) twice, then train(8)", fr="train(7) deux fois, puis train(8)")),
        case("hidden", seed, seed + int(rng.integers(1, 100)), hidden=True),
    ]


# ------------------------------------------------------------------------ facts

_FEEDBACK = {
    "not_module": Text(
        en="train returned a {type}, not a torch.nn.Module: return the trained model.",
        fr="train a renvoyé un objet {type}, pas un torch.nn.Module : renvoyez le modèle "
           "entraîné."),
    "output_shape": Text(
        en="On {n} images of shape (64,) the model gives {shape}; expected ({n}, 10), one logit "
           "per class.",
        fr="Sur {n} images de forme (64,), le modèle donne {shape} ; attendu : ({n}, 10), un "
           "logit par classe."),
    "not_reproducible": Text(
        en="Two calls of train({seed}) gave different weights (first in `{parameter}`). Other "
           "code drew random numbers in between, as happens in a notebook: call "
           "torch.manual_seed(seed) first, before creating the model and the data loader.",
        fr="Deux appels de train({seed}) ont donné des poids différents (d'abord dans "
           "`{parameter}`). Entre les deux, un autre code a tiré des nombres aléatoires, comme "
           "dans un notebook : appelez torch.manual_seed(seed) en premier, avant de créer le "
           "modèle et le chargeur de données."),
    "seed_ignored": Text(
        en="train({seed}) and train({other}) gave exactly the same weights: the seed argument "
           "is not used. Pass it to torch.manual_seed.",
        fr="train({seed}) et train({other}) ont donné exactement les mêmes poids : l'argument "
           "seed n'est pas utilisé. Passez-le à torch.manual_seed."),
    "training_mode": Text(
        en="The returned model does not predict the same way twice (or predicts a row "
           "differently depending on the batch around it): it is still in training mode, with "
           "dropout or batch normalisation active. Call model.eval() before returning it.",
        fr="Le modèle renvoyé ne prédit pas deux fois de la même façon (ou prédit une ligne "
           "différemment selon le lot qui l'entoure) : il est encore en mode entraînement, avec "
           "le dropout ou la normalisation par lot actifs. Appelez model.eval() avant de le "
           "renvoyer."),
    "probabilities": Text(
        en="Each row of the output sums to 1: the model ends with a softmax and gives "
           "probabilities. Return the logits (end with the last linear layer); apply softmax only "
           "to read probabilities.",
        fr="La somme de chaque ligne de la sortie vaut 1 : le modèle finit par un softmax et donne "
           "des probabilités. Renvoyez les logits (terminez par la dernière couche linéaire) ; "
           "n'appliquez softmax que pour lire des probabilités."),
    "trained_on_test": Text(
        en="The model's accuracy on the held-out rows is {accuracy}, with a loss there "
           "({test_loss}) as low as on the training rows ({train_loss}): it has almost surely "
           "been trained on them. "
           "Train on X_train only, from train_test_split(..., test_size=0.25, random_state=0, "
           "stratify=y), never on all of X.",
        fr="Le modèle a une exactitude de {accuracy} sur les lignes mises de côté, avec une "
           "perte aussi basse ({test_loss}) que sur les lignes d'entraînement ({train_loss}) : il a presque "
           "sûrement été entraîné sur ces lignes. Entraînez sur X_train seulement, obtenu par "
           "train_test_split(..., test_size=0.25, random_state=0, stratify=y), jamais sur tout X."),
    "chance": Text(
        en="Held-out accuracy {accuracy}: the model guesses, as an untrained one would. Check that "
           "the training loop runs (zero_grad, loss, backward, step) over the training rows.",
        fr="Exactitude sur les lignes mises de côté : {accuracy} ; le modèle devine, comme un "
           "modèle non entraîné. Vérifiez que la boucle d'entraînement tourne (zero_grad, perte, "
           "backward, step) sur les lignes d'entraînement."),
    "low_accuracy": Text(
        en="Held-out accuracy {accuracy}, below {threshold}. Train longer, or with a larger "
           "learning rate, and check that the pixels are divided by 16.",
        fr="Exactitude sur les lignes mises de côté : {accuracy}, sous {threshold}. Entraînez "
           "plus longtemps ou avec un pas plus grand, et vérifiez que les pixels sont divisés "
           "par 16."),
}



def _first_difference(one: Any, other: Any) -> str | None:
    """The name of the first tensor that differs between two models' weights, or None."""
    mine = {name: (shape, digest) for name, shape, digest in one}
    theirs = {name: (shape, digest) for name, shape, digest in other}
    for name in list(mine) + [key for key in theirs if key not in mine]:
        if mine.get(name) != theirs.get(name):
            return str(name)
    return None


def _logits(observed: Mapping[str, Any], key: str = "logits") -> np.ndarray:
    return np.asarray(observed[key], dtype=np.float64)


def _test_loss(observed: Mapping[str, Any], case: Case) -> float:
    """The cross-entropy of the held-out logits against the labels only the judge holds."""
    logits, labels = _logits(observed), np.asarray(case.private["y_test"])
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probabilities[np.arange(len(labels)), labels].mean())


def _accuracy(observed: Mapping[str, Any], case: Case) -> float:
    return accuracy(_logits(observed).argmax(axis=1), case.private["y_test"])


def _not_trained_on_test(observed: Mapping[str, Any], expected: Any, case: Case) -> bool:
    # A network that never saw the held-out rows makes a few mistakes there (the best honest
    # answers tried score 0.98 to 0.993) and its loss there is several times its training
    # loss; one that scores every held-out row right with a loss as low as on its training
    # rows has almost surely been trained on them. A network trained on all of X for a few
    # epochs more often scores 0.995 to 0.998 than 1.0, but its held-out loss stays at or
    # below its training loss; the honest answers tried that reach 0.99 have a held-out loss
    # well above it.
    score, test_loss = _accuracy(observed, case), _test_loss(observed, case)
    train_loss = float(observed["training loss"])
    return not ((score == 1.0 and test_loss <= _SEEN_LOSS_RATIO * train_loss)
                or (score >= _SEEN_MIN_ACCURACY and test_loss <= train_loss))


def _probabilities(observed: Mapping[str, Any]) -> bool:
    logits = _logits(observed)
    return bool(((logits >= 0) & (logits <= 1)).all()
                and np.allclose(logits.sum(axis=1), 1.0, atol=1e-4))


def _eval_mode(observed: Mapping[str, Any]) -> bool:
    logits = _logits(observed)
    return bool(np.array_equal(logits, _logits(observed, "again"))
                and np.allclose(_logits(observed, "alone"), logits[:7], atol=1e-5))


def _quoted(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    return {"accuracy": number(_accuracy(observed, case)),
            "test_loss": number(_test_loss(observed, case), 4),
            "train_loss": number(float(observed["training loss"]), 4),
            "threshold": number(_REPRODUCIBLE_MIN_ACCURACY, 2)}


def _shape_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    shape = observed.get("output shape")
    return message(_FEEDBACK["output_shape"], n=len(case.args[2]),
                   shape=str(tuple(shape)) if isinstance(shape, list) else str(shape))


FACTS = in_order(
    Fact("module", lambda o, e, c: o["module"] is True,
         lambda o, e, c: message(_FEEDBACK["not_module"], type=str(o.get("type", "?")))),
    Fact("ten logits per row", lambda o, e, c: o["output shape"] == [len(c.args[2]), 10]
         and _logits(o).shape == (len(c.args[2]), 10), _shape_feedback),
    Fact("reproducible", lambda o, e, c: _first_difference(o["weights"][0], o["weights"][1]) is None,
         lambda o, e, c: message(_FEEDBACK["not_reproducible"], seed=c.kwargs["seed"],
                                 parameter=_first_difference(o["weights"][0], o["weights"][1]))),
    Fact("seed used", lambda o, e, c: _first_difference(o["weights"][0], o["weights"][2]) is not None,
         lambda o, e, c: message(_FEEDBACK["seed_ignored"], seed=c.kwargs["seed"],
                                 other=c.kwargs["other_seed"])),
    Fact("evaluation mode", lambda o, e, c: _eval_mode(o), _FEEDBACK["training_mode"]),
    Fact("logits", lambda o, e, c: not _probabilities(o), _FEEDBACK["probabilities"]),
    Fact("held-out rows unseen", _not_trained_on_test,
         lambda o, e, c: message(_FEEDBACK["trained_on_test"], **_quoted(o, c))),
    Fact("better than chance", lambda o, e, c: _accuracy(o, c) >= _CHANCE,
         lambda o, e, c: message(_FEEDBACK["chance"], **_quoted(o, c))),
    Fact("accurate", lambda o, e, c: _accuracy(o, c) >= _REPRODUCIBLE_MIN_ACCURACY,
         lambda o, e, c: message(_FEEDBACK["low_accuracy"], **_quoted(o, c))),
)

REPRODUCIBLE = Exercise(
    id="torch.reproducible",
    module=MODULE_ID,
    title=Text(en="A training you can run again", fr="Un entraînement que l'on peut refaire"),
    statement=Text(
        en=f"""A result that changes each time the notebook runs cannot be checked by anyone. Write
`train(seed)` which trains a classifier of the *digits* and returns it, so that

* two calls with the same seed give **exactly** the same weights, even when other code has
  drawn random numbers in between;
* two different seeds give different weights;
* the returned model is ready to predict (`model.eval()`): it maps a float32 tensor of shape
  `(n, 64)`, pixels divided by 16, to `(n, 10)` logits;
* its accuracy on the held-out rows is at least {_REPRODUCIBLE_MIN_ACCURACY}.

Train on these rows only (the check measures the accuracy on `X_test`):

```python
from sklearn.model_selection import train_test_split
X, y = cx.data.load("digits", as_="numpy")
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y)
```

A small network (64 → 64 → 10) trained for a second or two is enough. The check calls `train`
three times, and stops after 30 seconds.""",
        fr=f"""Un résultat qui change à chaque exécution du notebook ne peut être vérifié par personne.
Écrivez `train(seed)` qui entraîne un classifieur des *digits* et le renvoie, de sorte que

* deux appels avec la même graine donnent **exactement** les mêmes poids, même quand un autre
  code a tiré des nombres aléatoires entre les deux ;
* deux graines différentes donnent des poids différents ;
* le modèle renvoyé est prêt à prédire (`model.eval()`) : il transforme un tenseur float32 de
  forme `(n, 64)`, pixels divisés par 16, en logits de forme `(n, 10)` ;
* son exactitude sur les lignes mises de côté est d'au moins {str(_REPRODUCIBLE_MIN_ACCURACY).replace('.', ',')}.

Entraînez sur ces lignes seulement (la vérification mesure l'exactitude sur `X_test`) :

```python
from sklearn.model_selection import train_test_split
X, y = cx.data.load("digits", as_="numpy")
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y)
```

Un petit réseau (64 → 64 → 10) entraîné une seconde ou deux suffit. La vérification appelle
`train` trois fois et s'arrête au bout de 30 secondes.""",
    ),
    answer_name="train",
    kind="function",
    reference=train,
    cases=_reproducible_cases,
    probe=reproducible_probe,
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=25,
    tags=("torch", "reproducibility", "seeds", "evaluation mode"),
    dataset="digits",
    timeout=30.0,
    requires=REQUIRES,
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: make a training reproducible (seed before the model and the data '
            'loader), return a model in evaluation mode, keep the test rows out of training. '
            'Misconception aimed at: "a seed somewhere in the notebook is enough". Debrief: What '
            'in a training draws random numbers? Why does model.eval() change predictions? How '
            'did the check tell a model trained on the test rows from an honest one?'),
        fr=('Objectifs : rendre un entraînement reproductible (graine avant le modèle et le '
            'chargeur de données), renvoyer un modèle en mode évaluation, garder les lignes de '
            "test hors de l'entraînement. Idée fausse visée : « une graine quelque part dans le "
            "notebook suffit ». Questions de retour : qu'est-ce qui tire des nombres aléatoires "
            'dans un entraînement ? Pourquoi model.eval() change-t-il les prédictions ? Comment '
            "la vérification a-t-elle distingué un modèle entraîné sur les lignes de test d'un "
            'modèle honnête ?')),
    mistakes=(
        Mistake("seed_after_model", Text(
            en="torch.manual_seed(seed) comes after the model is created, so its initial weights "
               "depend on whatever ran before. Seed first, then build the model. (Seeding only "
               "NumPy or random does not seed torch either.)",
            fr="torch.manual_seed(seed) vient après la création du modèle : ses poids initiaux "
               "dépendent de ce qui a tourné avant. D'abord la graine, ensuite le modèle. (Fixer "
               "seulement la graine de NumPy ou de random ne fixe pas celle de torch.)"),
            _train_seed_after_model),
        Mistake("seed_ignored", Text(
            en="The seed is written in the code (torch.manual_seed(0)) instead of taken from the "
               "argument: every seed gives the same model, so you cannot see how much a result "
               "depends on luck. Use torch.manual_seed(seed).",
            fr="La graine est écrite en dur (torch.manual_seed(0)) au lieu de venir de l'argument : "
               "toutes les graines donnent le même modèle, et l'on ne peut plus voir ce qui tient "
               "au hasard. Utilisez torch.manual_seed(seed)."), _train_seed_ignored),
        Mistake("eval_forgotten", Text(
            en="The model has dropout and is returned in training mode: each prediction drops "
               "other units at random. Call model.eval() before returning it (and model.train() "
               "before training again).",
            fr="Le modèle a du dropout et il est renvoyé en mode entraînement : chaque prédiction "
               "éteint d'autres unités au hasard. Appelez model.eval() avant de le renvoyer (et "
               "model.train() avant de l'entraîner à nouveau)."), _train_eval_forgotten),
        Mistake("untrained", Text(
            en="The model is returned without being trained: its accuracy is that of chance. "
               "Write the training loop (zero_grad, loss, backward, step) over the training rows.",
            fr="Le modèle est renvoyé sans avoir été entraîné : son exactitude est celle du "
               "hasard. Écrivez la boucle d'entraînement (zero_grad, perte, backward, step) sur "
               "les lignes d'entraînement."), _train_untrained),
    ),
    hints=(
        Text(en="`torch.manual_seed(seed)` as the first line of `train` fixes the initial weights "
                "and the order in which a `DataLoader(shuffle=True)` draws the batches.",
             fr="`torch.manual_seed(seed)` en première ligne de `train` fixe les poids initiaux et "
                "l'ordre dans lequel un `DataLoader(shuffle=True)` tire les lots."),
        Text(en="Compare two models with `all(torch.equal(a, b) for a, b in "
                "zip(m1.state_dict().values(), m2.state_dict().values()))`.",
             fr="Comparez deux modèles avec `all(torch.equal(a, b) for a, b in "
                "zip(m1.state_dict().values(), m2.state_dict().values()))`."),
        Text(en="End with `model.eval()`: dropout and batch normalisation behave differently "
                "when predicting.",
             fr="Terminez par `model.eval()` : le dropout et la normalisation par lot se "
                "comportent autrement pour prédire."),
    ),
)

