"""text.spam: a spam filter for French and English messages, judged by F1 on held-out messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.text._classifier import TextTask
from caire_exercises.exercises.text._common import MODULE_ID, SPAM_F1, messages
from caire_exercises.exercises.text.probes import observe_spam_model

# ------------------------------------------------------------------------------- reference


def make_spam_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=10, max_iter=1000))


# -------------------------------------------------------------------------------- cases, facts

TASK = TextTask(table=messages, label_column="label", classes=("ham", "spam"), metric="f1", bar=SPAM_F1,
                what=Text(en="spam filter", fr="filtre à spam"))


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    n = len(messages())
    return TASK.cases(Text(en=f"{TASK.folds}-fold cross-validation on the {n} messages",
                           fr=f"validation croisée à {TASK.folds} plis sur les {n} messages"), rng)


# --------------------------------------------------------------------------------- mistakes


def _spam_no_vectoriser():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(LogisticRegression())


def _spam_dense_bayes():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), GaussianNB())


def _spam_over_regularised():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression(C=0.01))


def _spam_tiny_vocabulary():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(max_features=20), LogisticRegression())


TEACHER_NOTES = Text(
    en=("Objectives: build a text pipeline (vectoriser then classifier) that takes raw "
        "strings; judge it by F1 on the rarer class under cross-validation. Misconception "
        "aimed at: that accuracy says enough when one class is rare, and that a classifier "
        "reads text by itself. Debrief: a filter that answers 'ham' to everything has what "
        "accuracy here, and what F1? Which costs more in a mailbox, a missed spam or a "
        "legitimate message flagged? What do the misclassified messages have in common?"),
    fr=("Objectifs\u202f: construire un pipeline de texte (vectoriseur puis classifieur) qui "
        "reçoit des chaînes brutes\u202f; l'évaluer par le F1 de la classe rare en validation "
        "croisée. Idée fausse visée\u202f: l'exactitude suffirait quand une classe est rare, "
        "et un classifieur lirait le texte tout seul. Questions pour le bilan\u202f: un "
        "filtre qui répond «\u202fham\u202f» à tout a quelle exactitude ici, et quel "
        "F1\u202f? Qu'est-ce qui coûte le plus dans une messagerie, un spam manqué ou un "
        "message légitime écarté\u202f? Qu'ont en commun les messages mal classés\u202f?"),
)


SPAM = Exercise(
    id="text.spam",
    module=MODULE_ID,
    audience=("engineering", "business"),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="A spam filter for French and English messages",
               fr="Un filtre à spam pour des messages en français et en anglais"),
    statement=Text(
        en="""Write `make_spam_model()`, a function of no argument that returns an **unfitted**
scikit-learn pipeline which tells spam from legitimate messages ("ham").

Its data is `caire_exercises.data.load("messages")`: 730 short messages in French and English,
with the columns `text`, `label` (`"spam"` or `"ham"`) and `lang`. The checker calls
`model.fit(X, y)` with `X` a **list of raw messages** (strings) and `y` the list of their labels,
then `model.predict(X_new)` on messages the model never saw: it does so four times
(4-fold cross-validation), so that every message is predicted once by a model that did not
train on it. Your pipeline must therefore turn text into numbers itself.

Expected: an **F1 score of at least 0.92 on the spam class** over the held-out messages.
The feedback shows your confusion matrix beside the reference's and messages your model got
wrong.""",
        fr="""Écrivez `make_spam_model()`, une fonction sans argument qui renvoie un pipeline
scikit-learn **non ajusté** qui distingue les spams des messages légitimes («\u202fham\u202f»).

Ses données sont `caire_exercises.data.load("messages")`\u202f: 730 messages courts en français et
en anglais, avec les colonnes `text`, `label` (`"spam"` ou `"ham"`) et `lang`. Le correcteur
appelle `model.fit(X, y)` avec `X` une **liste de messages bruts** (chaînes de caractères) et
`y` la liste de leurs étiquettes, puis `model.predict(X_nouveaux)` sur des messages que le
modèle n'a jamais vus\u202f: il le fait quatre fois (validation croisée à 4 plis), de sorte que
chaque message est prédit une fois par un modèle qui ne s'est pas entraîné dessus. Votre
pipeline doit donc transformer lui-même le texte en nombres.

Attendu\u202f: un **F1 d'au moins 0,92 sur la classe spam** pour les messages mis de côté. Le
retour montre votre matrice de confusion à côté de celle de la référence, et des messages
que votre modèle a mal classés.""",
    ),
    answer_name="make_spam_model",
    kind="estimator",
    reference=make_spam_model,
    cases=_cases,
    probe=observe_spam_model,
    facts=TASK.facts,
    checks=TASK.checks(),
    compare_values=False,
    figure=TASK.figure,
    difficulty=2,
    minutes=20,
    tags=("text classification", "TF-IDF", "pipeline", "F1", "spam"),
    dataset="messages",
    timeout=20.0,
    mistakes=(
        Mistake("no_vectoriser", Text(
            en="Your pipeline gives raw strings to the classifier, which only reads numbers. Put a "
               "TfidfVectorizer (or a CountVectorizer) first: make_pipeline(TfidfVectorizer(), "
               "LogisticRegression()).",
            fr="Votre pipeline donne des chaînes brutes au classifieur, qui ne lit que des nombres. "
               "Placez d'abord un TfidfVectorizer (ou un CountVectorizer)\u202f: "
               "make_pipeline(TfidfVectorizer(), LogisticRegression())."),
            _spam_no_vectoriser),
        Mistake("dense_naive_bayes", Text(
            en="GaussianNB needs a dense array, but a vectoriser gives a sparse matrix (mostly zeros, "
               "one column per word). Use MultinomialNB, made for word counts, or a LogisticRegression.",
            fr="GaussianNB a besoin d'un tableau dense, mais un vectoriseur fournit une matrice creuse "
               "(surtout des zéros, une colonne par mot). Utilisez MultinomialNB, fait pour des comptes "
               "de mots, ou une LogisticRegression."),
            _spam_dense_bayes),
        Mistake("over_regularised", Text(
            en="With C=0.01 the logistic regression is so regularised that it answers 'ham' for every "
               "message: it found it safest, since two messages in three are ham. Keep the default C=1 "
               "or raise it (C=10), and look at the spam it misses.",
            fr="Avec C=0.01, la régression logistique est si régularisée qu'elle répond 'ham' pour tous "
               "les messages\u202f: c'est le plus sûr, puisque deux messages sur trois sont des ham. Gardez "
               "C=1 par défaut ou augmentez-le (C=10), et regardez les spams qu'elle manque."),
            _spam_over_regularised),
        Mistake("tiny_vocabulary", Text(
            en="max_features=20 keeps only the 20 most frequent words ('de', 'your', 'the', 'à'...), "
               "which say almost nothing about spam. Keep the whole vocabulary (the default), or "
               "several thousand words.",
            fr="max_features=20 ne garde que les 20 mots les plus fréquents ('de', 'your', 'the', "
               "'à'...), qui ne disent presque rien du spam. Gardez tout le vocabulaire (par défaut), ou "
               "plusieurs milliers de mots."),
            _spam_tiny_vocabulary),
    ),
    hints=(
        Text(en="`make_pipeline(TfidfVectorizer(), LogisticRegression())` turns each message into word "
                "weights, then learns which words point to spam.",
             fr="`make_pipeline(TfidfVectorizer(), LogisticRegression())` transforme chaque message en "
                "poids de mots, puis apprend quels mots signalent le spam."),
        Text(en="Spam is the rarer class, and F1 looks at it only: a model that misses spam is "
                "punished. A larger C (less regularisation), class_weight=\"balanced\" or MultinomialNB "
                "helps.",
             fr="Le spam est la classe la plus rare, et le F1 ne regarde qu'elle\u202f: un modèle qui manque "
                "des spams est pénalisé. Un C plus grand (moins de régularisation), "
                "class_weight=\"balanced\" ou MultinomialNB aident."),
        Text(en="Try your pipeline yourself: `cross_val_predict(make_spam_model(), df.text, df.label, "
                "cv=4)` then `f1_score(df.label, predictions, pos_label=\"spam\")`.",
             fr="Essayez votre pipeline vous-même\u202f: `cross_val_predict(make_spam_model(), df.text, "
                "df.label, cv=4)` puis `f1_score(df.label, predictions, pos_label=\"spam\")`."),
    ),
    solution_code='''
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline


    def make_spam_model():
        return make_pipeline(TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=10, max_iter=1000))
    ''',
)


