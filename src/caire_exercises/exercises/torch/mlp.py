"""torch.mlp: a two-layer network, counted and read by what it computes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, message
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.torch._common import MODULE_ID, REQUIRES
from caire_exercises.exercises.torch.probes import mlp_probe


# ============================================================================== mlp


def make_mlp(n_in, n_hidden, n_out):
    from torch import nn

    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))


# Declared mistakes one line away from the reference.
_make_mlp_no_activation = edited(make_mlp, "nn.ReLU(), ", "", name="_make_mlp_no_activation")


def _make_mlp_no_bias(n_in, n_hidden, n_out):
    from torch import nn

    return nn.Sequential(nn.Linear(n_in, n_hidden, bias=False), nn.ReLU(),
                         nn.Linear(n_hidden, n_out, bias=False))
_make_mlp_relu_output = edited(make_mlp, "nn.Linear(n_hidden, n_out))", "nn.Linear(n_hidden, n_out), nn.ReLU())",
                               name="_make_mlp_relu_output")
_make_mlp_softmax = edited(make_mlp, "nn.Linear(n_hidden, n_out))",
                           "nn.Linear(n_hidden, n_out), nn.Softmax(dim=1))", name="_make_mlp_softmax")
_make_mlp_sizes_swapped = edited(
    make_mlp, "nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out)",
    "nn.Linear(n_in, n_out), nn.ReLU(), nn.Linear(n_out, n_hidden)", name="_make_mlp_sizes_swapped")
_make_mlp_single_layer = edited(
    make_mlp, "nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out)", "nn.Linear(n_in, n_out), nn.ReLU()",
    name="_make_mlp_single_layer")


def _mlp_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n_in": int(rng.integers(4, 65)), "n_hidden": int(rng.choice([8, 16, 24, 32, 48, 64, 100])),
            "n_out": int(rng.integers(2, 11))}


def _mlp_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    sizes = (params["n_in"], params["n_hidden"], params["n_out"])
    hidden = (int(rng.integers(2, 40)), int(rng.integers(3, 50)), int(rng.integers(2, 12)))
    return [
        Case("your sizes", sizes, label=Text(en="make_mlp({}, {}, {})".format(*sizes),
                                             fr="make_mlp({}, {}, {})".format(*sizes))),
        Case("other sizes", (3, 5, 2), label=Text(en="make_mlp(3, 5, 2)", fr="make_mlp(3, 5, 2)")),
        Case("one output", (10, 4, 1),
             label=Text(en="make_mlp(10, 4, 1): a single output",
                        fr="make_mlp(10, 4, 1) : une seule sortie")),
        Case("hidden", hidden, hidden=True),
    ]


_FORWARD_KINDS = {
    "linear-relu-linear": Text(en="linear → ReLU → linear", fr="linéaire → ReLU → linéaire"),
    "linear-linear": Text(en="linear → linear, with no ReLU", fr="linéaire → linéaire, sans ReLU"),
    "relu after the output": Text(en="linear → ReLU → linear → ReLU",
                                  fr="linéaire → ReLU → linéaire → ReLU"),
    "softmax after the output": Text(en="linear → ReLU → linear → softmax",
                                     fr="linéaire → ReLU → linéaire → softmax"),
    "log-softmax after the output": Text(en="linear → ReLU → linear → log-softmax",
                                         fr="linéaire → ReLU → linéaire → log-softmax"),
    "something else": Text(en="something else (another activation, dropout, a layer out of "
                              "place?)",
                           fr="autre chose (une autre activation, du dropout, une couche mal "
                              "placée ?)"),
    "not two layers": Text(en="something else, with other weights than two matrices and two "
                              "bias vectors",
                           fr="autre chose, avec d'autres poids que deux matrices et deux "
                              "vecteurs de biais"),
}


def _mlp_check(obtained: Any, expected: Any, case: Case) -> Message | None:
    if obtained["type"] != expected["type"]:
        return message(Text(
            en="make_mlp returned a {got}, not a torch.nn.Module (nn.Sequential is one).",
            fr="make_mlp a renvoyé un objet {got}, pas un torch.nn.Module (nn.Sequential en est "
               "un)."), got=obtained["type"])
    if obtained["type"] != "Module":
        return None
    if "parameter dtype" in obtained:
        return message(Text(
            en="The parameters are {got}, so the network cannot take the float32 batch it is "
               "given. Keep PyTorch's default dtype, float32 (no .double()).",
            fr="Les paramètres sont en {got} : le réseau ne peut donc pas lire le lot float32 qu'on "
               "lui donne. Gardez le type par défaut de PyTorch, float32 (pas de .double())."),
            got=obtained["parameter dtype"])
    n_in, n_hidden, n_out = case.args
    if obtained["output shape"] != expected["output shape"]:
        return message(Text(
            en="For a batch of shape (16, {n_in}) the output has shape {got}; expected {want}.",
            fr="Pour un lot de forme (16, {n_in}), la sortie a la forme {got} ; attendu : {want}."),
            n_in=n_in, got=str(tuple(obtained["output shape"])),
            want=str(tuple(expected["output shape"])))
    if obtained["parameters"] != expected["parameters"]:
        return message(Text(
            en="The network has {got} parameters; expected {want}: a weight matrix and a bias "
               "vector per layer, {n_in}×{n_hidden} + {n_hidden}, then {n_hidden}×{n_out} + "
               "{n_out}.",
            fr="Le réseau a {got} paramètres ; attendu : {want}, soit une matrice de poids et un "
               "vecteur de biais par couche, {n_in}×{n_hidden} + {n_hidden}, puis "
               "{n_hidden}×{n_out} + {n_out}."),
            got=obtained["parameters"], want=expected["parameters"], n_in=n_in, n_hidden=n_hidden,
            n_out=n_out)
    if obtained["forward"] != expected["forward"]:
        return message(Text(
            en="Your network computes {got}; expected {want}, with nothing after the last "
               "layer.",
            fr="Votre réseau calcule {got} ; attendu : {want}, sans rien après la dernière "
               "couche."),
            got=_FORWARD_KINDS.get(obtained["forward"], obtained["forward"]),
            want=_FORWARD_KINDS.get(expected["forward"], expected["forward"]))
    if obtained.get("frozen"):
        return message(Text(
            en="{frozen} of the {total} parameters have requires_grad=False: no optimiser would "
               "ever train them. Leave every parameter trainable.",
            fr="{frozen} des {total} paramètres ont requires_grad=False : aucun optimiseur ne les "
               "entraînerait jamais. Laissez tous les paramètres entraînables."),
            frozen=obtained["frozen"], total=obtained["parameters"])
    if obtained["output dtype"] != expected["output dtype"]:
        return message(Text(
            en="The output is {got}; expected {want}. Keep PyTorch's default dtype.",
            fr="La sortie est en {got} ; attendu : {want}. Gardez le type par défaut de PyTorch."),
            got=obtained["output dtype"], want=expected["output dtype"])
    return None


MLP = Exercise(
    id="torch.mlp",
    module=MODULE_ID,
    title=Text(en="A two-layer network", fr="Un réseau à deux couches"),
    statement=Text(
        en="""Write `make_mlp(n_in, n_hidden, n_out)` which returns a `torch.nn.Module`, a multilayer
perceptron made of

1. a linear layer from `n_in` inputs to `n_hidden` units,
2. a ReLU,
3. a linear layer from `n_hidden` units to `n_out` outputs, with nothing after it (the
   outputs are logits; the loss applies softmax or sigmoid itself).

Given a float32 tensor of shape `(batch, n_in)`, the network returns a tensor of shape
`(batch, n_out)`. `nn.Sequential` or your own subclass of `nn.Module` both work.

Your variant: `make_mlp({n_in}, {n_hidden}, {n_out})`. How many parameters does it have?
Work it out by hand, then compare with `sum(p.numel() for p in model.parameters())`: the
check compares the count exactly.""",
        fr="""Écrivez `make_mlp(n_in, n_hidden, n_out)` qui renvoie un `torch.nn.Module`, un perceptron
multicouche composé de

1. une couche linéaire de `n_in` entrées vers `n_hidden` unités,
2. une ReLU,
3. une couche linéaire de `n_hidden` unités vers `n_out` sorties, sans rien après (les
   sorties sont des logits ; la perte applique elle-même softmax ou sigmoïde).

Pour un tenseur float32 de forme `(lot, n_in)`, le réseau renvoie un tenseur de forme
`(lot, n_out)`. `nn.Sequential` ou votre propre sous-classe de `nn.Module` conviennent tous
les deux.

Votre variante : `make_mlp({n_in}, {n_hidden}, {n_out})`. Combien a-t-il de paramètres ?
Calculez-le à la main, puis comparez avec `sum(p.numel() for p in model.parameters())` : la
vérification compare ce nombre exactement.""",
    ),
    answer_name="make_mlp",
    kind="function",
    reference=make_mlp,
    cases=_mlp_cases,
    variant=_mlp_variant,
    probe=mlp_probe,
    checks=(_mlp_check,),
    compare_values=False,
    difficulty=1,
    minutes=15,
    tags=("torch", "nn.Module", "parameters", "mlp"),
    dataset=None,
    requires=REQUIRES,
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: assemble a module from layers, count its parameters by hand, end with '
            'logits. Misconception aimed at: "more layers always add power" (two linear layers '
            'without an activation are one linear map) and "the network should output '
            'probabilities". Debrief: How many parameters does nn.Linear(a, b) hold, and why? '
            'What does the ReLU add? Why does the loss, not the network, apply the softmax?'),
        fr=('Objectifs : assembler un module à partir de couches, compter ses paramètres à la '
            "main, finir par des logits. Idées fausses visées : « plus de couches, c'est toujours "
            "plus de puissance » (deux couches linéaires sans activation ne font qu'une "
            'application linéaire) et « le réseau doit sortir des probabilités ». Questions de '
            "retour : combien de paramètres contient nn.Linear(a, b), et pourquoi ? Qu'apporte la "
            'ReLU ? Pourquoi est-ce la perte, et non le réseau, qui applique le softmax ?')),
    mistakes=(
        Mistake("no_activation", Text(
            en="There is no ReLU between the layers. Two linear layers in a row make one linear "
               "function: the hidden layer adds nothing. Put nn.ReLU() between them.",
            fr="Il n'y a pas de ReLU entre les couches. Deux couches linéaires à la suite font une "
               "seule fonction linéaire : la couche cachée n'apporte rien. Placez nn.ReLU() entre "
               "les deux."), _make_mlp_no_activation),
        Mistake("no_bias", Text(
            en="The layers have no bias (bias=False), so the parameter count is short by "
               "n_hidden + n_out. Keep nn.Linear's default bias=True.",
            fr="Les couches n'ont pas de biais (bias=False) : il manque n_hidden + n_out "
               "paramètres. Gardez le bias=True par défaut de nn.Linear."), _make_mlp_no_bias),
        Mistake("relu_output", Text(
            en="A ReLU after the last layer clips every negative output to 0: logits must be "
               "free to be negative. End with the linear layer.",
            fr="Une ReLU après la dernière couche ramène toute sortie négative à 0 : les logits "
               "doivent pouvoir être négatifs. Terminez par la couche linéaire."),
            _make_mlp_relu_output),
        Mistake("softmax_output", Text(
            en="The network ends with a softmax. nn.CrossEntropyLoss applies log-softmax itself, "
               "so the network must return raw logits; apply softmax only to read probabilities.",
            fr="Le réseau finit par un softmax. nn.CrossEntropyLoss applique lui-même un "
               "log-softmax : le réseau doit renvoyer les logits bruts ; n'appliquez softmax que "
               "pour lire des probabilités."), _make_mlp_softmax),
        Mistake("sizes_swapped", Text(
            en="The sizes are mixed up: the first layer goes to n_out and the second to n_hidden. "
               "nn.Linear(in_features, out_features): n_in → n_hidden, then n_hidden → n_out.",
            fr="Les tailles sont inversées : la première couche va vers n_out et la seconde vers "
               "n_hidden. nn.Linear(in_features, out_features) : n_in → n_hidden, puis "
               "n_hidden → n_out."), _make_mlp_sizes_swapped),
        Mistake("single_layer", Text(
            en="Your network has a single linear layer: the hidden layer of n_hidden units is "
               "missing.",
            fr="Votre réseau n'a qu'une couche linéaire : la couche cachée de n_hidden unités "
               "manque."), _make_mlp_single_layer),
    ),
    hints=(
        Text(en="`nn.Sequential(layer1, layer2, layer3)` chains modules in order.",
             fr="`nn.Sequential(couche1, couche2, couche3)` enchaîne des modules dans l'ordre."),
        Text(en="`nn.Linear(a, b)` holds a b×a weight matrix and b biases: a·b + b parameters.",
             fr="`nn.Linear(a, b)` contient une matrice de poids b×a et b biais : a·b + b "
                "paramètres."),
        Text(en="`nn.Linear(n_in, n_hidden)`, `nn.ReLU()`, `nn.Linear(n_hidden, n_out)`: nothing "
                "after the last layer.",
             fr="`nn.Linear(n_in, n_hidden)`, `nn.ReLU()`, `nn.Linear(n_hidden, n_out)` : rien "
                "après la dernière couche."),
    ),
)

