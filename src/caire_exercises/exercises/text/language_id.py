"""text.language_id: French or English, with character n-grams, judged by accuracy on held-out sentences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.text._classifier import TextTask
from caire_exercises.exercises.text._common import LANGUAGE_ACCURACY, MODULE_ID, sentences
from caire_exercises.exercises.text.probes import observe_language_model

# ------------------------------------------------------------------------------- reference


def make_language_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                         LogisticRegression(C=10, max_iter=1000))


# -------------------------------------------------------------------------------- cases, facts

TASK = TextTask(table=sentences, label_column="lang", classes=("en", "fr"), metric="accuracy",
                bar=LANGUAGE_ACCURACY, what=Text(en="language model", fr="modèle de langue"))


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    n = len(sentences())
    return TASK.cases(Text(en=f"{TASK.folds}-fold cross-validation on the {n} sentences",
                           fr=f"validation croisée à {TASK.folds} plis sur les {n} phrases"), rng)


# --------------------------------------------------------------------------------- mistakes


def _language_no_vectoriser():
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(LinearSVC())


def _language_single_letters():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression())


def _language_clustering():
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                         KMeans(n_clusters=2, n_init=4, random_state=0))


def _language_over_regularised():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)), LogisticRegression(C=0.001))


TEACHER_NOTES = Text(
    en=("Objectives: choose features that fit the task (character n-grams rather than words) "
        "and a classifier rather than a clustering model. Misconception aimed at: that single "
        "letters or whole words are always the right unit, and that KMeans can learn from "
        "labels. Debrief: why do short sentences and borrowed words fail most often? What "
        "does char_wb change compared with char? How would the model cope with a third "
        "language it never saw?"),
    fr=("Objectifs\u202f: choisir des caractéristiques adaptées à la tâche (n-grammes de "
        "caractères plutôt que mots) et un classifieur plutôt qu'un modèle de "
        "partitionnement. Idée fausse visée\u202f: la lettre isolée ou le mot entier serait "
        "toujours la bonne unité, et KMeans apprendrait des étiquettes. Questions pour le "
        "bilan\u202f: pourquoi les phrases courtes et les mots empruntés échouent-ils le plus "
        "souvent\u202f? Que change char_wb par rapport à char\u202f? Que ferait le modèle "
        "d'une troisième langue qu'il n'a jamais vue\u202f?"),
)


LANGUAGE_ID = Exercise(
    id="text.language_id",
    module=MODULE_ID,
    audience=("engineering",),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="French or English?", fr="Français ou anglais\u202f?"),
    statement=Text(
        en="""Write `make_language_model()`, a function of no argument that returns an **unfitted**
scikit-learn pipeline which tells whether a text is French (`"fr"`) or English (`"en"`).

Its data is `caire_exercises.data.load("sentences")`: 516 sentences with the columns `text` and
`lang`. Some are very short ("Le restaurant", "Free parking"), and some borrow words from the
other language ("She ordered a croissant and a café au lait."). The checker calls
`model.fit(X, y)` with `X` a **list of raw sentences** and `y` their languages, and predicts
sentences the model never saw (4-fold cross-validation).

Expected: an **accuracy of at least 0.97** on the held-out sentences. The feedback shows your
confusion matrix and sentences your model got wrong.""",
        fr="""Écrivez `make_language_model()`, une fonction sans argument qui renvoie un pipeline
scikit-learn **non ajusté** qui dit si un texte est en français (`"fr"`) ou en anglais
(`"en"`).

Ses données sont `caire_exercises.data.load("sentences")`\u202f: 516 phrases avec les colonnes
`text` et `lang`. Certaines sont très courtes («\u202fLe restaurant\u202f», «\u202fFree parking\u202f»), d'autres
empruntent des mots à l'autre langue («\u202fShe ordered a croissant and a café au lait.\u202f»). Le
correcteur appelle `model.fit(X, y)` avec `X` une **liste de phrases brutes** et `y` leurs
langues, puis prédit des phrases que le modèle n'a jamais vues (validation croisée à 4 plis).

Attendu\u202f: une **exactitude d'au moins 0,97** sur les phrases mises de côté. Le retour montre
votre matrice de confusion et des phrases que votre modèle a mal classées.""",
    ),
    answer_name="make_language_model",
    kind="estimator",
    reference=make_language_model,
    cases=_cases,
    probe=observe_language_model,
    facts=TASK.facts,
    checks=TASK.checks(),
    compare_values=False,
    figure=TASK.figure,
    difficulty=2,
    minutes=20,
    tags=("text classification", "character n-grams", "language identification", "pipeline"),
    dataset="sentences",
    timeout=20.0,
    mistakes=(
        Mistake("no_vectoriser", Text(
            en="Your pipeline gives raw strings to the classifier, which only reads numbers. Put a "
               "vectoriser first, e.g. TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 3)).",
            fr="Votre pipeline donne des chaînes brutes au classifieur, qui ne lit que des nombres. "
               "Placez d'abord un vectoriseur, par exemple TfidfVectorizer(analyzer='char_wb', "
               "ngram_range=(1, 3))."),
            _language_no_vectoriser),
        Mistake("single_letters", Text(
            en="analyzer='char' with the default ngram_range=(1, 1) counts single letters only. Letter "
               "frequencies differ little between French and English; groups of 2 to 4 letters ('th', "
               "'eau', 'ing', 'qu') tell them apart: ngram_range=(1, 3) or more.",
            fr="analyzer='char' avec ngram_range=(1, 1) par défaut ne compte que des lettres isolées. La "
               "fréquence des lettres diffère peu entre le français et l'anglais\u202f; les groupes de 2 à 4 "
               "lettres ('th', 'eau', 'ing', 'qu') les distinguent\u202f: ngram_range=(1, 3) ou plus."),
            _language_single_letters),
        Mistake("clustering", Text(
            en="KMeans makes two groups without looking at the labels, and names them 0 and 1: it is "
               "not a classifier. Use LogisticRegression, MultinomialNB or LinearSVC after the "
               "vectoriser.",
            fr="KMeans forme deux groupes sans regarder les étiquettes, et les nomme 0 et 1\u202f: ce n'est "
               "pas un classifieur. Utilisez LogisticRegression, MultinomialNB ou LinearSVC après le "
               "vectoriseur."),
            _language_clustering),
        Mistake("over_regularised", Text(
            en="With C=0.001 the logistic regression is so regularised that it gives almost every sentence "
               "the same language. Keep the default C=1 or raise it (C=10).",
            fr="Avec C=0.001, la régression logistique est si régularisée qu'elle donne la même langue à "
               "presque toutes les phrases. Gardez C=1 par défaut ou augmentez-le (C=10)."),
            _language_over_regularised),
    ),
    hints=(
        Text(en="Languages show in groups of letters more than in whole words: `TfidfVectorizer("
                "analyzer=\"char_wb\", ngram_range=(1, 3))` counts them, even in unknown words.",
             fr="Les langues se voient dans les groupes de lettres plus que dans les mots entiers\u202f: "
                "`TfidfVectorizer(analyzer=\"char_wb\", ngram_range=(1, 3))` les compte, même dans des "
                "mots inconnus."),
        Text(en="Then any linear classifier: `LogisticRegression(C=10)`, `LinearSVC()` or "
                "`MultinomialNB()` (with counts).",
             fr="Puis n'importe quel classifieur linéaire\u202f: `LogisticRegression(C=10)`, `LinearSVC()` ou "
                "`MultinomialNB()` (avec des comptes)."),
        Text(en="Look at the sentences your model gets wrong: short ones and those with borrowed words "
                "are the hard ones.",
             fr="Regardez les phrases que votre modèle classe mal\u202f: les courtes et celles aux mots "
                "empruntés sont les plus difficiles."),
    ),
    solution_code='''
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline


    def make_language_model():
        return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                             LogisticRegression(C=10, max_iter=1000))
    ''',
)


