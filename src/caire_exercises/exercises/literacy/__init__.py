"""M0, AI literacy and framing: no code, a dict of answers.

Three quizzes, one file each: which kind of system a situation describes
(``literacy.which_ai``), how to frame a prediction problem, by its target type and the
metric that matters (``literacy.frame``), and which pitfall a project fell into
(``literacy.pitfalls``). The learner answers with a dict ``{item key: option}``; ``frame``
takes a pair ``(target type, metric)`` for each item. The options and their accepted
spellings are in :mod:`.options`, the probe in :mod:`.probes`, the item bank and the facts
that judge an item in :mod:`._common`.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.literacy._common import BankAnswers, bank_items, right_answer
from caire_exercises.exercises.literacy.frame import FRAME
from caire_exercises.exercises.literacy.options import KINDS, METRICS, PITFALLS, TARGETS, Option, OptionSet, normalise_spelling
from caire_exercises.exercises.literacy.pitfalls import PITFALLS_QUIZ
from caire_exercises.exercises.literacy.which_ai import WHICH_AI

EXERCISES = (WHICH_AI, FRAME, PITFALLS_QUIZ)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="literacy", code="M0", audience=("all",),
    title=Text(en="AI literacy and framing", fr="Culture de l'IA et cadrage"),
    intro=Text(en="What kind of system fits a problem, what to predict and how to judge it, and the "
                  "pitfalls that make a model look better than it is. No code is needed: you answer "
                  "by filling in a dictionary.",
               fr="Quel type de système convient à un problème, que prédire et comment en juger, et "
                  "les pièges qui font paraître un modèle meilleur qu'il ne l'est. Aucun code n'est "
                  "nécessaire\u202f: vous répondez en remplissant un dictionnaire."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: each student gets a sample of situations; here is the first one of yours.\nquiz = cx.get("literacy.which_ai")\nprint(quiz.params["items_en"].splitlines()[0])',
        fr='# Essayez\u202f: chaque étudiant reçoit un échantillon de situations\u202f; voici la première des vôtres.\nquiz = cx.get("literacy.which_ai")\nprint(quiz.params["items_fr"].splitlines()[0])'),
)

__all__ = ["EXERCISES", "FRAME", "KINDS", "METRICS", "MODULE", "PITFALLS", "PITFALLS_QUIZ", "TARGETS",
           "WHICH_AI", "BankAnswers", "Option", "OptionSet", "Text", "bank_items", "normalise_spelling",
           "right_answer"]
