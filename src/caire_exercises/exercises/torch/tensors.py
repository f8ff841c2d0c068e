"""torch.tensors: from a table of pixels to a batch of images (dtype, shape, scale)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, message
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.torch._common import MODULE_ID, REQUIRES, number, table
from caire_exercises.exercises.torch.probes import tensors_probe


# ========================================================================== tensors


def to_batch(X):
    import torch

    return torch.tensor(X / 16.0, dtype=torch.float32).reshape(-1, 1, 8, 8)


# Declared mistakes one line away from the reference.
_to_batch_float64 = edited(to_batch, ", dtype=torch.float32", "", name="_to_batch_float64")
_to_batch_channels_last = edited(to_batch, "(-1, 1, 8, 8)", "(-1, 8, 8, 1)", name="_to_batch_channels_last")
_to_batch_no_channel = edited(to_batch, "(-1, 1, 8, 8)", "(-1, 8, 8)", name="_to_batch_no_channel")
_to_batch_not_scaled = edited(to_batch, "X / 16.0", "X", name="_to_batch_not_scaled")
_to_batch_batch_max = edited(to_batch, "X / 16.0", "X / X.max()", name="_to_batch_batch_max")


def _to_batch_numpy(X):
    return (X / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)


def _to_batch_shared_memory(X):
    import torch

    batch = torch.from_numpy(X)
    batch /= 16.0
    return batch.float().reshape(-1, 1, 8, 8)


def _tensors_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, _ = table("digits")
    hidden_rows = np.sort(rng.choice(len(X), size=int(rng.integers(30, 60)), replace=False))
    return [
        Case("20 digits", (X[:20].copy(),),
             label=Text(en="the first 20 images of the digits set",
                        fr="les 20 premières images du jeu digits")),
        Case("one digit", (X[100:101].copy(),),
             label=Text(en="a batch of a single image", fr="un lot d'une seule image")),
        Case("faint digits", (np.floor(X[40:55] / 2),),
             label=Text(en="faint images whose darkest pixel is 8 (the scale is still 0 to 16)",
                        fr="des images pâles dont le pixel le plus foncé vaut 8 (l'échelle reste "
                           "de 0 à 16)")),
        Case("grey background", (np.maximum(X[60:72], 4.0),),
             label=Text(en="images on a grey background: no pixel is lighter than 4",
                        fr="des images sur fond gris : aucun pixel n'est plus clair que 4")),
        Case("hidden", (X[hidden_rows].copy(),), hidden=True),
    ]



def _tensors_check(obtained: Any, expected: Any, case: Case) -> Message | None:
    if obtained["type"] != expected["type"]:
        return message(Text(
            en="to_batch returned a {got}, not a torch.Tensor. Build one with torch.tensor(...) or "
               "torch.from_numpy(...).",
            fr="to_batch a renvoyé un objet {got}, pas un torch.Tensor. Construisez-en un avec "
               "torch.tensor(...) ou torch.from_numpy(...)."), got=obtained["type"])
    if obtained["dtype"] != expected["dtype"]:
        return message(Text(
            en="The tensor has dtype {got}; expected {want}. NumPy arrays are float64 and "
               "torch.tensor keeps that; pass dtype=torch.float32 or call .float().",
            fr="Le tenseur est de type {got} ; attendu : {want}. Les tableaux NumPy sont en float64 "
               "et torch.tensor le conserve : passez dtype=torch.float32 ou appelez .float()."),
            got=obtained["dtype"], want=expected["dtype"])
    got, want = obtained["value"], expected["value"]
    if isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.shape != want.shape:
        return message(Text(
            en="The tensor has shape {got}; expected {want}: (images, channels, height, width), "
               "with one channel first, as PyTorch's convolutions read them.",
            fr="Le tenseur a la forme {got} ; attendu : {want}, soit (images, canaux, hauteur, "
               "largeur), avec un seul canal en premier, comme les convolutions de PyTorch les "
               "lisent."), got=str(tuple(got.shape)), want=str(tuple(want.shape)))
    if (isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.size and want.size
            and not np.isclose(got.max(), want.max())):
        return message(Text(
            en="The largest value is {got}; expected {want}. Pixels go from 0 to 16 in this data "
               "set: divide by 16, whatever the batch holds.",
            fr="La plus grande valeur vaut {got} ; attendu : {want}. Les pixels vont de 0 à 16 dans "
               "ce jeu de données : divisez par 16, quel que soit le contenu du lot."),
            got=number(float(got.max())), want=number(float(want.max())))
    if (isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.size and want.size
            and not np.isclose(got.min(), want.min())):
        return message(Text(
            en="The smallest value is {got}; expected {want}. Divide by 16 and nothing else: do "
               "not subtract the smallest value of the batch or of each image.",
            fr="La plus petite valeur vaut {got} ; attendu : {want}. Divisez par 16, sans rien "
               "d'autre : ne retranchez pas la plus petite valeur du lot ni celle de chaque "
               "image."), got=number(float(got.min())), want=number(float(want.min())))
    if (isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.ndim == 4
            and not np.allclose(got, want) and np.allclose(got, want.swapaxes(2, 3))):
        return message(Text(
            en="Your images are transposed: rows and columns are swapped. Each row of X holds "
               "the image line by line, so reshape(-1, 1, 8, 8) is enough (no transpose, no "
               "order=\"F\").",
            fr="Vos images sont transposées : lignes et colonnes sont échangées. Chaque ligne de X "
               "contient l'image ligne après ligne : reshape(-1, 1, 8, 8) suffit (sans "
               "transposition ni order=\"F\")."))
    return None


TENSORS = Exercise(
    id="torch.tensors",
    module=MODULE_ID,
    title=Text(en="From a table of pixels to a batch of images",
               fr="D'un tableau de pixels à un lot d'images"),
    statement=Text(
        en="""Each row of the *digits* data set is an 8×8 grey image flattened into 64 pixel values,
from 0 (white) to 16 (black): `X, y = cx.data.load("digits", as_="numpy")` gives `X` as a
float64 NumPy array of shape `(N, 64)`.

Write `to_batch(X)` which returns the batch a convolutional network expects:

* a `torch.Tensor` of dtype `torch.float32` (not float64),
* of shape `(N, 1, 8, 8)`: images, channels (one, grey), height, width,
* with values in $[0, 1]$: divide by 16, the scale of the data set (not by the largest
  value of the batch).

Do not modify `X`.""",
        fr="""Chaque ligne du jeu *digits* est une image 8×8 en niveaux de gris aplatie en 64 valeurs
de pixels, de 0 (blanc) à 16 (noir) : `X, y = cx.data.load("digits", as_="numpy")` donne `X`
sous forme de tableau NumPy float64 de forme `(N, 64)`.

Écrivez `to_batch(X)` qui renvoie le lot qu'attend un réseau convolutif :

* un `torch.Tensor` de type `torch.float32` (pas float64),
* de forme `(N, 1, 8, 8)` : images, canaux (un seul, gris), hauteur, largeur,
* aux valeurs dans $[0, 1]$ : divisez par 16, l'échelle du jeu de données (pas par la plus
  grande valeur du lot).

Ne modifiez pas `X`.""",
    ),
    answer_name="to_batch",
    kind="function",
    reference=to_batch,
    cases=_tensors_cases,
    probe=tensors_probe,
    checks=(_tensors_check,),
    difficulty=1,
    minutes=10,
    tags=("torch", "tensors", "dtype", "shapes"),
    dataset="digits",
    requires=REQUIRES,
    audience=("engineering",),
    teacher_notes=Text(
        en=('Objectives: turn a NumPy table into the (N, C, H, W) float32 batch a convolution '
            'reads; scale by the data set\'s range, not the batch\'s. Misconception aimed at: "a '
            'tensor is just an array" (dtype and axis order matter, and torch.from_numpy shares '
            'memory). Debrief: Why does float64 input break a float32 network? Why is dividing by '
            "the batch's maximum a leak of one batch into another? Which of the learners' answers "
            'changed X, and how?'),
        fr=("Objectifs : passer d'un tableau NumPy au lot (N, C, H, W) en float32 que lit une "
            "convolution ; mettre à l'échelle selon l'étendue du jeu de données, pas celle du "
            "lot. Idée fausse visée : « un tenseur n'est qu'un tableau » (le type et l'ordre des "
            'axes comptent, et torch.from_numpy partage la mémoire). Questions de retour : '
            'pourquoi une entrée float64 fait-elle échouer un réseau float32 ? En quoi diviser '
            'par le maximum du lot fait-il dépendre une image de ses voisines ? Quelles réponses '
            'ont modifié X, et comment ?')),
    mistakes=(
        Mistake("float64", Text(
            en="Your tensor is float64: torch.tensor keeps the dtype of the NumPy array. Network "
               "weights are float32, and mixing the two raises an error; use "
               "torch.tensor(..., dtype=torch.float32).",
            fr="Votre tenseur est en float64 : torch.tensor garde le type du tableau NumPy. Les "
               "poids d'un réseau sont en float32 et mélanger les deux lève une erreur ; utilisez "
               "torch.tensor(..., dtype=torch.float32)."), _to_batch_float64),
        Mistake("channels_last", Text(
            en="You made (N, 8, 8, 1) images, channels last, as Keras or matplotlib hold them. "
               "PyTorch puts the channel right after the batch: reshape(-1, 1, 8, 8).",
            fr="Vous avez fait des images (N, 8, 8, 1), canal en dernier, comme Keras ou "
               "matplotlib les rangent. PyTorch place le canal juste après le lot : "
               "reshape(-1, 1, 8, 8)."), _to_batch_channels_last),
        Mistake("no_channel", Text(
            en="Your images have no channel axis: (N, 8, 8). A convolution needs one, even for "
               "grey images: reshape(-1, 1, 8, 8) (or unsqueeze(1)).",
            fr="Vos images n'ont pas d'axe de canal : (N, 8, 8). Une convolution en veut un, même "
               "pour des images grises : reshape(-1, 1, 8, 8) (ou unsqueeze(1))."),
            _to_batch_no_channel),
        Mistake("not_scaled", Text(
            en="The values still go up to 16. Divide by 16 so that they lie in [0, 1]; large "
               "inputs slow training down.",
            fr="Les valeurs vont encore jusqu'à 16. Divisez par 16 pour qu'elles soient dans "
               "[0, 1] ; des entrées trop grandes ralentissent l'apprentissage."),
            _to_batch_not_scaled),
        Mistake("batch_max", Text(
            en="You divided by the largest value of the batch. A batch of faint images then "
               "looks as dark as any other, and the same image gets different values in different "
               "batches. Divide by 16, the scale of the data set.",
            fr="Vous avez divisé par la plus grande valeur du lot. Un lot d'images pâles paraît "
               "alors aussi foncé qu'un autre, et une même image change de valeurs d'un lot à "
               "l'autre. Divisez par 16, l'échelle du jeu de données."), _to_batch_batch_max),
        Mistake("numpy_array", Text(
            en="You returned a NumPy array. A network takes a torch.Tensor: wrap the result in "
               "torch.tensor(...) or torch.from_numpy(...).",
            fr="Vous avez renvoyé un tableau NumPy. Un réseau prend un torch.Tensor : enveloppez "
               "le résultat dans torch.tensor(...) ou torch.from_numpy(...)."), _to_batch_numpy),
        Mistake("shared_memory", Text(
            en="torch.from_numpy shares its memory with X, so dividing the tensor in place (/=) "
               "changed the learner's X as well. Divide out of place (X / 16) or copy first.",
            fr="torch.from_numpy partage sa mémoire avec X : diviser le tenseur sur place (/=) a "
               "aussi modifié X. Divisez hors place (X / 16) ou copiez d'abord."),
            _to_batch_shared_memory),
    ),
    hints=(
        Text(en="`torch.tensor(array, dtype=torch.float32)` copies an array into a float32 tensor.",
             fr="`torch.tensor(tableau, dtype=torch.float32)` copie un tableau dans un tenseur "
                "float32."),
        Text(en="`.reshape(-1, 1, 8, 8)` lets PyTorch work out N from the other sizes (-1).",
             fr="`.reshape(-1, 1, 8, 8)` laisse PyTorch déduire N des autres tailles (-1)."),
        Text(en="Scale before or after the conversion, but by the constant 16: `X / 16.0` "
                "makes a new array and leaves X alone.",
             fr="Mettez à l'échelle avant ou après la conversion, mais par la constante 16 : "
                "`X / 16.0` crée un nouveau tableau et laisse X intact."),
    ),
)

