"""The exercises of this plug-in: one, ``clinic.bmi``, read top to bottom.

An exercise is data: an :class:`~caire_exercises.authoring.Exercise` with its
texts in French and English, the reference solution, the cases it is checked
on, the mistakes learners really make (each one a real wrong answer), and
three hints. caire-exercises finds the module declaration ``MODULE`` (its
title, introduction and exercises) through the entry point declared in
``pyproject.toml``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Module, Text

MODULE_ID = "clinic"


# The reference solution: what a careful teacher would write.
def bmi(weight_kg, height_cm):
    height_m = np.asarray(height_cm, dtype=float) / 100.0
    return np.asarray(weight_kg, dtype=float) / height_m**2


# Real wrong answers, one per declared mistake.
def _bmi_centimetres(weight_kg, height_cm):
    return np.asarray(weight_kg, dtype=float) / np.asarray(height_cm, dtype=float) ** 2


def _bmi_not_squared(weight_kg, height_cm):
    return np.asarray(weight_kg, dtype=float) / (np.asarray(height_cm, dtype=float) / 100.0)


def _bmi_inverted(weight_kg, height_cm):
    return (np.asarray(height_cm, dtype=float) / 100.0) ** 2 / np.asarray(weight_kg, dtype=float)


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    """Each student's own numbers: how many patients, and which ones."""
    return {"n_patients": int(rng.integers(6, 13)), "seed": int(rng.integers(0, 2**31))}


def _patients(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    weights = np.round(rng.uniform(45.0, 110.0, size=n), 1)
    heights = np.round(rng.uniform(150.0, 195.0, size=n), 1)
    return weights, heights


def _cases(params: dict[str, Any], rng: np.random.Generator) -> list[Case]:
    # Shown cases depend on the variant only; the hidden one on `rng`, which
    # the grader seeds with the course secret.
    weights, heights = _patients(np.random.default_rng(params["seed"]), params["n_patients"])
    hidden_weights, hidden_heights = _patients(rng, int(rng.integers(4, 9)))
    return [
        Case("patients", (weights, heights),
             label=Text(en=f"{params['n_patients']} patients", fr=f"{params['n_patients']} patients")),
        Case("integer inputs", (np.round(weights).astype(int), np.round(heights).astype(int)),
             label=Text(en="weights and heights given as integers",
                        fr="poids et tailles donnés en nombres entiers")),
        Case("one patient", (weights[:1].copy(), heights[:1].copy()),
             label=Text(en="a single patient", fr="un seul patient")),
        Case("hidden", (hidden_weights, hidden_heights), hidden=True),
    ]


BMI = Exercise(
    id="clinic.bmi",
    module=MODULE_ID,
    title=Text(en="Body-mass index", fr="Indice de masse corporelle"),
    statement=Text(
        en=r"""Write `bmi(weight_kg, height_cm)` which takes two 1-D arrays of the same length, the
weights of patients in kilograms and their heights in **centimetres**, and returns a float
array with the body-mass index of each patient:

$$\mathrm{BMI} = \frac{\text{weight in kg}}{(\text{height in m})^2}$$

Do not modify the inputs. Your variant: {n_patients} patients.""",
        fr=r"""Écrivez `bmi(weight_kg, height_cm)` qui reçoit deux tableaux 1-D de même longueur,
le poids de patients en kilogrammes et leur taille en **centimètres**, et renvoie un tableau
de flottants contenant l'indice de masse corporelle de chaque patient :

$$\mathrm{IMC} = \frac{\text{poids en kg}}{(\text{taille en m})^2}$$

Ne modifiez pas les entrées. Votre variante : {n_patients} patients.""",
    ),
    answer_name="bmi",
    kind="function",
    reference=bmi,
    cases=_cases,
    variant=_variant,
    difficulty=1,
    minutes=5,
    tags=("numpy", "health", "units"),
    mistakes=(
        Mistake("centimetres", Text(
            en="Your values are 10,000 times too small: the heights are in centimetres. Divide "
               "them by 100 to get metres before squaring.",
            fr="Vos valeurs sont 10 000 fois trop petites : les tailles sont en centimètres. "
               "Divisez-les par 100 pour obtenir des mètres avant de les élever au carré."),
            _bmi_centimetres),
        Mistake("not_squared", Text(
            en="You divided by the height, not by its square. The formula uses the height in "
               "metres squared: height_m ** 2.",
            fr="Vous avez divisé par la taille et non par son carré. La formule utilise le carré "
               "de la taille en mètres : taille_m ** 2."), _bmi_not_squared),
        Mistake("inverted", Text(
            en="Your fraction is upside down: the weight goes on top, the squared height below.",
            fr="Votre fraction est à l'envers : le poids va au numérateur, le carré de la taille "
               "au dénominateur."), _bmi_inverted),
    ),
    hints=(
        Text(en="Convert the heights to metres first: `height_m = height_cm / 100`.",
             fr="Convertissez d'abord les tailles en mètres : `taille_m = height_cm / 100`."),
        Text(en="NumPy works element by element: `weight_kg / height_m ** 2` gives one value per "
                "patient, without a loop.",
             fr="NumPy calcule élément par élément : `weight_kg / taille_m ** 2` donne une valeur "
                "par patient, sans boucle."),
        Text(en="Integer inputs are fine: `/` always gives floats. Avoid `//`, which rounds down.",
             fr="Des entrées entières ne posent pas de problème : `/` donne toujours des flottants. "
                "Évitez `//`, qui arrondit vers le bas."),
    ),
)

EXERCISES = (BMI,)

MODULE = Module(
    id=MODULE_ID, code="C1", audience=("health", "engineering"),
    title=Text(en="Clinical measurements", fr="Mesures cliniques"),
    intro=Text(en="Everyday clinical formulas, written with NumPy for a whole ward at once.",
               fr="Des formules cliniques courantes, écrites avec NumPy pour tout un service à la fois."),
    exercises=EXERCISES,
)
