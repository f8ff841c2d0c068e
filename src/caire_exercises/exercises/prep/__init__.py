"""M2, preparing data: missing values, messy tables, preprocessors, honest splits, leakage.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts, mistakes, hints); the data they share is in ``_common``, and
what the checker observes of an answer in ``probes`` (which imports no
reference and no mistake). Answers that are estimators are judged by what
they do: a fresh copy is fitted on training rows, the probe reports its
outputs and predictions on rows it never saw, and the judge decides from
those and from the case's own data.

Reference solutions import what they use inside their body: they are shown to
learners (``ex.solution()``) and must run as pasted in a notebook.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.prep._common import CATEGORICAL, NUMERIC, noise_data, penguins, signal_data
from caire_exercises.exercises.prep.clean_clinical import CLEAN_CLINICAL
from caire_exercises.exercises.prep.group_split import GROUP_SPLIT, split_patients
from caire_exercises.exercises.prep.leakage import CHANCE_CEILING, LEAKAGE, SIGNAL_FLOOR, make_pipeline_without_leak
from caire_exercises.exercises.prep.missing_report import MISSING_REPORT
from caire_exercises.exercises.prep.preprocessor import PREPROCESSOR, make_preprocessor

EXERCISES = (MISSING_REPORT, CLEAN_CLINICAL, PREPROCESSOR, GROUP_SPLIT, LEAKAGE)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="prep", code="M2", audience=("engineering",),
    title=Text(en="Preparing data", fr="Préparer les données"),
    intro=Text(en="Missing values, messy tables, preprocessing pipelines and splits that do not leak.",
               fr="Valeurs manquantes, tables mal formées, chaînes de prétraitement et découpages "
                  "sans fuite d'information."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: a table as it arrives, with its gaps.\nfrom caire_exercises.data import load\n\nkidney = load("kidney")\nprint(kidney.shape)\nkidney.isna().mean().round(2).sort_values(ascending=False).head()  # share of missing values per column',
        fr='# Essayez\u202f: un tableau tel qu\'il arrive, avec ses trous.\nfrom caire_exercises.data import load\n\nkidney = load("kidney")\nprint(kidney.shape)\nkidney.isna().mean().round(2).sort_values(ascending=False).head()  # part de valeurs manquantes par colonne'),
)

__all__ = ["CATEGORICAL", "CHANCE_CEILING", "CLEAN_CLINICAL", "EXERCISES", "GROUP_SPLIT", "LEAKAGE",
           "MISSING_REPORT", "MODULE", "NUMERIC", "PREPROCESSOR", "SIGNAL_FLOOR", "make_pipeline_without_leak",
           "make_preprocessor", "noise_data", "penguins", "signal_data", "split_patients"]
