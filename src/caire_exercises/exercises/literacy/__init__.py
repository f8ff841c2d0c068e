"""M0, AI literacy and framing: no code, a dict of answers.

Four quizzes and one reading of results, one file each: which kind of system a situation
describes (``literacy.which_ai``), how to frame a prediction problem, by its target type and
the metric that matters (``literacy.frame``), which pitfall a project fell into
(``literacy.pitfalls``), which failure of generative AI a situation shows
(``literacy.genai_limits``), and what a confusion matrix says (``literacy.read_results``,
three values). The quizzes are built from item banks written as YAML files by the public
toolkit (:mod:`caire_exercises.authoring.quiz`); a course chooses their domains, their
number of items and whether expected answers are shown (``ex.with_settings(...)``).
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Option, OptionSet, Text, normalise_spelling
from caire_exercises.exercises.literacy._common import bank
from caire_exercises.exercises.literacy.frame import FRAME
from caire_exercises.exercises.literacy.genai_limits import GENAI_LIMITS
from caire_exercises.exercises.literacy.pitfalls import PITFALLS_QUIZ
from caire_exercises.exercises.literacy.read_results import READ_RESULTS
from caire_exercises.exercises.literacy.which_ai import WHICH_AI

EXERCISES = (WHICH_AI, FRAME, PITFALLS_QUIZ, GENAI_LIMITS, READ_RESULTS)

#: The options of the quizzes, as the item banks declare them (kept under their former names).
KINDS = bank("which_ai").parts[0].options
TARGETS = bank("frame").part("target").options
METRICS = bank("frame").part("metric").options
PITFALLS = bank("pitfalls").parts[0].options
GENAI_FAILURES = bank("genai_limits").parts[0].options

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="literacy", code="M0", audience=("all",),
    title=Text(en="AI literacy and framing", fr="Culture de l'IA et cadrage"),
    intro=Text(en="What kind of system fits a problem, what to predict and how to judge it, the "
                  "pitfalls that make a model look better than it is, the ways generative AI fails, "
                  "and how to read a model's results. No code is needed: you answer by filling in a "
                  "dictionary, with words or numbers.",
               fr="Quel type de système convient à un problème, que prédire et comment en juger, les "
                  "pièges qui font paraître un modèle meilleur qu'il ne l'est, les défaillances de "
                  "l'IA générative, et comment lire les résultats d'un modèle. Aucun code n'est "
                  "nécessaire\u202f: vous répondez en remplissant un dictionnaire, avec des mots ou "
                  "des nombres."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: each student gets a sample of situations; here is the first one of yours.\nquiz = cx.get("literacy.which_ai")\nprint(quiz.params["items_en"].splitlines()[0])',
        fr='# Essayez\u202f: chaque étudiant reçoit un échantillon de situations\u202f; voici la première des vôtres.\nquiz = cx.get("literacy.which_ai")\nprint(quiz.params["items_fr"].splitlines()[0])'),
)

__all__ = ["EXERCISES", "FRAME", "GENAI_FAILURES", "GENAI_LIMITS", "KINDS", "METRICS", "MODULE", "PITFALLS",
           "PITFALLS_QUIZ", "READ_RESULTS", "TARGETS", "WHICH_AI", "Option", "OptionSet", "Text", "bank",
           "normalise_spelling"]
