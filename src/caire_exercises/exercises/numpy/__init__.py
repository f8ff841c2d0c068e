"""M1, NumPy foundations: arrays, broadcasting, axes, and the maths under machine learning.

Seven exercises, in the catalogue's order, one file each: ``zscore``, ``softmax``,
``one_hot``, ``class_means``, ``pairwise_distances``, ``least_squares`` (answer
``fit_linear``) and ``gradient_descent`` (answer ``gd_linreg``). Each file reads top to
bottom: statement, reference, cases, variant, checks and facts, declared mistakes, hints.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.numpy.class_means import CLASS_MEANS, class_means
from caire_exercises.exercises.numpy.gradient_descent import GRADIENT_DESCENT, gd_linreg
from caire_exercises.exercises.numpy.least_squares import LEAST_SQUARES, fit_linear
from caire_exercises.exercises.numpy.one_hot import ONE_HOT, one_hot
from caire_exercises.exercises.numpy.pairwise_distances import PAIRWISE_DISTANCES, pairwise_distances
from caire_exercises.exercises.numpy.softmax import SOFTMAX, softmax
from caire_exercises.exercises.numpy.zscore import ZSCORE, zscore

EXERCISES = (ZSCORE, SOFTMAX, ONE_HOT, CLASS_MEANS, PAIRWISE_DISTANCES, LEAST_SQUARES,
             GRADIENT_DESCENT)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="numpy", code="M1", audience=("engineering",),
    title=Text(en="NumPy foundations", fr="Les bases de NumPy"),
    intro=Text(en="Arrays, axes and broadcasting, and the few lines of mathematics that sit under "
                  "machine learning, written with NumPy.",
               fr="Tableaux, axes et diffusion (broadcasting), et les quelques lignes de "
                  "mathématiques qui se cachent sous l'apprentissage automatique, écrites avec "
                  "NumPy."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: 3 patients (rows), 2 measures (columns: systolic and diastolic pressure, mmHg).\nX = np.array([[120.0, 80.0], [135.0, 85.0], [110.0, 70.0]])\nprint("mean of each column (axis=0):", X.mean(axis=0))\nprint("mean of each row (axis=1):   ", X.mean(axis=1))',
        fr='# Essayez\u202f: 3 patients (lignes), 2 mesures (colonnes\u202f: pression systolique et diastolique, mmHg).\nX = np.array([[120.0, 80.0], [135.0, 85.0], [110.0, 70.0]])\nprint("moyenne de chaque colonne (axis=0)\u202f:", X.mean(axis=0))\nprint("moyenne de chaque ligne (axis=1)\u202f:  ", X.mean(axis=1))'),
)

__all__ = ["CLASS_MEANS", "EXERCISES", "GRADIENT_DESCENT", "LEAST_SQUARES", "MODULE", "ONE_HOT",
           "PAIRWISE_DISTANCES", "SOFTMAX", "ZSCORE", "class_means", "fit_linear", "gd_linreg",
           "one_hot", "pairwise_distances", "softmax", "zscore"]
