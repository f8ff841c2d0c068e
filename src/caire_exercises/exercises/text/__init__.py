"""M6, text with Hugging Face datasets: build a dataset, clean it, tokenise, classify, retrieve.

The learners work on data the project wrote (``messages``, ``sentences``,
``health_faq``). Hugging Face ``datasets`` answers are checked as Hugging Face
objects: features and ``ClassLabel`` names, split sizes and stratification,
and ``map(batched=True)`` on batches the learner never saw. Text models are
fitted by the probe on training folds and predict the held-out ones; the judge
holds the labels, and the feedback shows their confusion matrix beside the
reference's, and messages they got wrong.

One file per exercise; the probes are in :mod:`.probes`, which imports no
answer. Nothing heavy is imported at module level.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.text.build_dataset import BUILD_DATASET, make_dataset
from caire_exercises.exercises.text.faq_search import FAQ_SEARCH, search
from caire_exercises.exercises.text.language_id import LANGUAGE_ID, make_language_model
from caire_exercises.exercises.text.normalise import NORMALISE, normalise
from caire_exercises.exercises.text.spam import SPAM, make_spam_model
from caire_exercises.exercises.text.tokenise_fr import TOKENISE_FR, tokenise_fr

EXERCISES = (BUILD_DATASET, NORMALISE, TOKENISE_FR, SPAM, LANGUAGE_ID, FAQ_SEARCH)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="text", code="M6", audience=("engineering",),
    title=Text(en="Text with Hugging Face datasets", fr="Le texte avec Hugging Face datasets"),
    intro=Text(en="Building text data sets, normalising and tokenising text, and simple classifiers and search.",
               fr="Construire des jeux de données textuels, normaliser et découper le texte, puis classer et "
                  "rechercher simplement."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: short messages as a Hugging Face dataset, built in memory.\nfrom caire_exercises.data import load\n\nmessages = load("messages", as_="hf")\nprint(messages)\nmessages[0]',
        fr='# Essayez\u202f: de courts messages sous forme de jeu de données Hugging Face, construit en mémoire.\nfrom caire_exercises.data import load\n\nmessages = load("messages", as_="hf")\nprint(messages)\nmessages[0]'),
)

__all__ = ["BUILD_DATASET", "EXERCISES", "FAQ_SEARCH", "LANGUAGE_ID", "MODULE", "NORMALISE", "SPAM",
           "TOKENISE_FR", "make_dataset", "make_language_model", "make_spam_model", "normalise", "search",
           "tokenise_fr"]
