"""work.answer_scoring: scoring free-text answers, as question-answering benchmarks do.

Three functions: ``normalise``, ``exact_match`` and ``token_f1``. Each is
judged against the judge's own computation (written apart from the reference)
on pairs of recorded outputs and reference answers drawn for each student,
and on pairs written to catch the usual slips (accents, elided articles,
repeated words, empty answers).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.work._common import MODULE_ID, recorded_outputs
from caire_exercises.exercises.work.probes import parts_probe

ARTICLES = ("le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an")


def normalise(text):
    import unicodedata

    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    articles = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an"}
    return " ".join(word for word in text.split() if word not in articles)


def exact_match(prediction, reference):
    return normalise(prediction) == normalise(reference)


def token_f1(prediction, reference):
    from collections import Counter

    predicted, expected = normalise(prediction).split(), normalise(reference).split()
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


# -------------------------------------------------- the judge's own computation (not the reference)

def _judge_normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text)).lower()
    stripped = re.sub(r"[\u0300-\u036f]", "", decomposed)
    words = re.split(r"[^\w]+|_", stripped)
    return " ".join(w for w in words if w and w not in ARTICLES)


def _judge_f1(prediction: str, reference: str) -> float:
    a, b = _judge_normalise(prediction).split(), _judge_normalise(reference).split()
    if len(a) == 0 or len(b) == 0:
        return 1.0 if len(a) == len(b) else 0.0
    overlap = Counter(a) & Counter(b)
    shared = sum(overlap.values())
    return 0.0 if shared == 0 else 2 * shared / (len(a) + len(b))


# ------------------------------------------------------------------------- variant, cases

#: Pairs written to catch the usual slips: (prediction, reference).
WRITTEN_PAIRS = [
    ("La réponse est : Canberra.", "Canberra"), ("206", "206."), ("l'Australie", "Australie"),
    ("Le Nil", "nil"), ("Paris, Paris, Paris", "Paris"), ("", ""), ("", "Lyon"), ("ÉLYSÉE", "elysee"),
    ("Jean-Paul Sartre", "Jean Paul Sartre"), ("des milliers de personnes", "Milliers  personnes"),
    ("O négatif", "O positif"), ("212 °F", "212 degrés F"), ("Marie Curie et Pierre Curie", "Curie"),
]


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    language = str(rng.choice(["fr", "en", "both"]))
    names = {"fr": ("French", "français"), "en": ("English", "anglais"),
             "both": ("French and English", "français et anglais")}[language]
    return {"n": int(rng.integers(25, 41)), "language": language, "language_en": names[0],
            "language_fr": names[1],
            "articles": ", ".join(f"`{article}`" for article in ARTICLES),
            "seed": int(rng.integers(0, 2**31))}


def _pairs(rng: np.random.Generator, n: int, language: str) -> list[tuple[str, str]]:
    table = [row for row in recorded_outputs() if language == "both" or row["language"] == language]
    rows = rng.choice(len(table), size=min(n, len(table)), replace=False)
    return [(table[i]["model_output"], table[i]["reference_answer"]) for i in np.sort(rows)]


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    drawn = _pairs(np.random.default_rng(params["seed"]), params["n"], params["language"])
    hidden = _pairs(rng, 30, "both")
    texts = [(text,) for pair in WRITTEN_PAIRS for text in pair]
    return [
        Case("normalise: written traps", ("normalise", texts), kwargs={"each": True}, label=Text(
            en="normalise: accents, capitals, elided articles, hyphens, punctuation, empty text",
            fr="normalise : accents, majuscules, articles élidés, traits d'union, ponctuation, texte vide")),
        Case("normalise: your outputs", ("normalise", [(p,) for p, _ in drawn]), kwargs={"each": True},
             label=Text(en=f"normalise: the {len(drawn)} recorded outputs drawn for you",
                        fr=f"normalise : les {len(drawn)} réponses enregistrées tirées pour vous")),
        Case("exact_match: written traps", ("exact_match", list(WRITTEN_PAIRS)), kwargs={"each": True},
             label=Text(en="exact_match on the written pairs", fr="exact_match sur les paires écrites")),
        Case("exact_match: your outputs", ("exact_match", drawn), kwargs={"each": True}, label=Text(
            en="exact_match: your recorded outputs against their reference answers",
            fr="exact_match : vos réponses enregistrées contre leurs réponses de référence")),
        Case("token_f1: written traps", ("token_f1", list(WRITTEN_PAIRS)), kwargs={"each": True},
             label=Text(en="token_f1 on the written pairs (repeated words, empty answers)",
                        fr="token_f1 sur les paires écrites (mots répétés, réponses vides)")),
        Case("token_f1: your outputs", ("token_f1", drawn), kwargs={"each": True}, label=Text(
            en="token_f1: your recorded outputs against their reference answers",
            fr="token_f1 : vos réponses enregistrées contre leurs réponses de référence")),
        Case("hidden normalise", ("normalise", [(p,) for p, _ in hidden]), kwargs={"each": True},
             hidden=True),
        Case("hidden token_f1", ("token_f1", hidden), kwargs={"each": True}, hidden=True),
    ]


# --------------------------------------------------------------------------------- facts

def _values(observed: Any, case: Case) -> list[Any]:
    values = observed["value"]
    if not isinstance(values, list) or len(values) != len(case.args[1]):
        raise ValueError("one value per input expected")
    return values


def _wrong(observed: Any, case: Case) -> list[tuple[tuple, Any, Any]]:
    """The inputs on which the learner's part differs from the judge's computation."""
    part, inputs = case.args[0], case.args[1]
    wrong = []
    for arguments, got in zip(inputs, _values(observed, case)):
        if part == "normalise":
            want: Any = _judge_normalise(*arguments)
            ok = isinstance(got, str) and got == want
        elif part == "exact_match":
            want = _judge_normalise(arguments[0]) == _judge_normalise(arguments[1])
            ok = isinstance(got, (bool, int)) and bool(got) == want and got in (0, 1)
        else:
            want = _judge_f1(*arguments)
            ok = (isinstance(got, (int, float)) and not isinstance(got, bool)
                  and bool(np.isclose(float(got), want, rtol=1e-6, atol=1e-9)))
        if not ok:
            wrong.append((arguments, got, want))
    return wrong


def _example(observed: Any, case: Case, lang: str) -> str:
    wrong = _wrong(observed, case)
    arguments, got, want = wrong[0]
    call = f"{case.args[0]}({', '.join(repr(a) for a in arguments)})"
    if case.hidden:
        return (f"{len(wrong)} inputs out of {len(case.args[1])}" if lang == "en"
                else f"{len(wrong)} entrées sur {len(case.args[1])}")
    return (f"{len(wrong)} inputs out of {len(case.args[1])}, e.g. {call} gave {got!r} instead of {want!r}"
            if lang == "en" else
            f"{len(wrong)} entrées sur {len(case.args[1])}, par exemple {call} a donné {got!r} au lieu "
            f"de {want!r}")


FACTS = (
    Fact("one_value_per_input", lambda o, e, c: bool(_values(o, c)) or not c.args[1], Text(
        en="Each function should return one value: a string for normalise, True or False for "
           "exact_match, a float for token_f1.",
        fr="Chaque fonction doit renvoyer une valeur : une chaîne pour normalise, True ou False "
           "pour exact_match, un float pour token_f1.")),
    Fact("as_specified", lambda o, e, c: not _wrong(o, c), lambda o, e, c: Text(
        en=f"Not as specified on {_example(o, c, 'en')}. Check each step of the normalisation "
           f"(lower case, accents removed, punctuation to spaces, articles removed, single spaces) "
           f"and, for F1, that words are counted with their repeats.",
        fr=f"Pas conforme sur {_example(o, c, 'fr')}. Vérifiez chaque étape de la normalisation "
           f"(minuscules, accents retirés, ponctuation changée en espaces, articles retirés, espaces "
           f"simples) et, pour le F1, que les mots sont comptés avec leurs répétitions.")),
)


# ------------------------------------------------------------------------------ mistakes

_keeps_accents = edited(normalise, '''    text = "".join(ch for ch in text if not unicodedata.combining(ch))
''', "", name="normalise_keeps_accents")
_keeps_articles = edited(normalise, " if word not in articles", "", name="normalise_keeps_articles")
_keeps_punctuation = edited(normalise, 'text = "".join(ch if ch.isalnum() else " " for ch in text)',
                            'text = text.replace(",", " ").replace(".", " ")', name="normalise_keeps_punctuation")


def _f1_sets(prediction, reference):
    predicted, expected = set(normalise(prediction).split()), set(normalise(reference).split())
    if not predicted or not expected:
        return float(predicted == expected)
    common = len(predicted & expected)
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def _f1_raw(prediction, reference):
    predicted, expected = prediction.split(), reference.split()
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def _f1_empty_zero(prediction, reference):
    return 0.0 if not normalise(prediction) and not normalise(reference) else token_f1(prediction, reference)


def _exact_raw(prediction, reference):
    return prediction.strip() == reference.strip()


def _parts(**changed: Any) -> dict[str, Any]:
    return {"normalise": normalise, "exact_match": exact_match, "token_f1": token_f1, **changed}


ANSWER_SCORING = Exercise(
    id="work.answer_scoring",
    module=MODULE_ID,
    title=Text(en="Scoring free-text answers: exact match and token F1",
               fr="Noter des réponses en texte libre : correspondance exacte et F1 sur les mots"),
    statement=Text(
        en="""A chatbot's answers are compared with reference answers. Written as they come, "La réponse est
donc : Canberra." and "Canberra" differ; question-answering benchmarks first normalise both.
Write three functions:

* `normalise(text)`: lower case; accents removed (`é` → `e`: `unicodedata.normalize("NFKD", ...)`
  and drop the combining marks); every character that is not a letter or a digit becomes a space
  (apostrophes and hyphens included); the words {articles} removed; the words joined by single
  spaces.
* `exact_match(prediction, reference)`: `True` when both are equal once normalised.
* `token_f1(prediction, reference)`: the F1 of the normalised words, counted with their repeats:
  precision = shared words / words of the prediction, recall = shared words / words of the
  reference; `1.0` if both are empty, `0.0` if only one is or if they share no word.

They are checked against an independent computation on {n} recorded outputs drawn for you
(in {language_en}) and on written traps. Check all three:
`ex.check(normalise=normalise, exact_match=exact_match, token_f1=token_f1)`.""",
        fr="""On compare les réponses d'un chatbot à des réponses de référence. Telles quelles, « La
réponse est donc : Canberra. » et « Canberra » diffèrent ; les bancs d'essai de questions-réponses
normalisent d'abord les deux. Écrivez trois fonctions :

* `normalise(text)` : minuscules ; accents retirés (`é` → `e` : `unicodedata.normalize("NFKD", ...)`
  puis suppression des signes diacritiques) ; tout caractère qui n'est ni une lettre ni un chiffre
  devient une espace (apostrophes et traits d'union compris) ; les mots {articles} retirés ; les
  mots joints par des espaces simples.
* `exact_match(prediction, reference)` : `True` quand les deux sont égales une fois normalisées.
* `token_f1(prediction, reference)` : le F1 des mots normalisés, comptés avec leurs répétitions :
  précision = mots communs / mots de la prédiction, rappel = mots communs / mots de la
  référence ; `1.0` si les deux sont vides, `0.0` si une seule l'est ou s'ils n'ont aucun mot
  commun.

Elles sont comparées à un calcul indépendant sur {n} réponses enregistrées tirées pour vous
(en {language_fr}) et sur des pièges écrits. Vérifiez les trois :
`ex.check(normalise=normalise, exact_match=exact_match, token_f1=token_f1)`.""",
    ),
    answer_name=("normalise", "exact_match", "token_f1"),
    kind="function",
    reference=_parts(),
    cases=_cases,
    variant=_variant,
    probe=parts_probe(()),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("evaluation", "text", "F1", "normalisation"),
    dataset="chatbot_outputs",
    audience=("engineering",),
    mistakes=(
        Mistake("keeps_accents", Text(
            en="normalise keeps the accents: \"Élysée\" and \"elysee\" stay different. Decompose "
               "with unicodedata.normalize(\"NFKD\", text) and drop the combining marks.",
            fr="normalise garde les accents : « Élysée » et « elysee » restent différents. "
               "Décomposez avec unicodedata.normalize(\"NFKD\", text) et retirez les signes "
               "diacritiques."), _parts(normalise=_keeps_accents)),
        Mistake("keeps_articles", Text(
            en="normalise keeps the articles: \"Le Nil\" and \"Nil\" differ, and \"l'Australie\" "
               "keeps an \"l\". Remove the listed articles once the text is split into words.",
            fr="normalise garde les articles : « Le Nil » et « Nil » diffèrent, et « l'Australie » "
               "garde un « l ». Retirez les articles de la liste une fois le texte découpé en mots."),
            _parts(normalise=_keeps_articles)),
        Mistake("keeps_punctuation", Text(
            en="normalise removes only some punctuation: apostrophes, hyphens, colons and symbols "
               "must become spaces too. Test each character with str.isalnum().",
            fr="normalise ne retire qu'une partie de la ponctuation : apostrophes, traits d'union, "
               "deux-points et symboles doivent aussi devenir des espaces. Testez chaque caractère "
               "avec str.isalnum()."), _parts(normalise=_keeps_punctuation)),
        Mistake("f1_sets", Text(
            en="token_f1 counts each word once (sets): \"Paris, Paris, Paris\" against \"Paris\" "
               "should have precision 1/3. Count words with their repeats (collections.Counter and &).",
            fr="token_f1 compte chaque mot une fois (ensembles) : « Paris, Paris, Paris » contre "
               "« Paris » doit avoir une précision de 1/3. Comptez les mots avec leurs répétitions "
               "(collections.Counter et &)."), _parts(token_f1=_f1_sets)),
        Mistake("f1_not_normalised", Text(
            en="token_f1 splits the raw texts: normalise both before counting shared words.",
            fr="token_f1 découpe les textes bruts : normalisez les deux avant de compter les mots "
               "communs."), _parts(token_f1=_f1_raw)),
        Mistake("f1_empty", Text(
            en="Two empty answers agree perfectly: token_f1 should give 1.0 when both are empty.",
            fr="Deux réponses vides sont parfaitement d'accord : token_f1 doit donner 1,0 quand les "
               "deux sont vides."), _parts(token_f1=_f1_empty_zero)),
        Mistake("exact_raw", Text(
            en="exact_match compares the raw texts: compare normalise(prediction) with "
               "normalise(reference).",
            fr="exact_match compare les textes bruts : comparez normalise(prediction) et "
               "normalise(reference)."), _parts(exact_match=_exact_raw)),
    ),
    hints=(
        Text(en="Normalise in the order of the statement; split into words only at the end, then "
                "drop the articles.",
             fr="Normalisez dans l'ordre de l'énoncé ; ne découpez en mots qu'à la fin, puis "
                "retirez les articles."),
        Text(en="exact_match and token_f1 both start by calling your normalise.",
             fr="exact_match et token_f1 commencent toutes deux par appeler votre normalise."),
        Text(en="`(Counter(a) & Counter(b))` keeps each shared word as many times as it appears in "
                "both; handle the empty answers before dividing.",
             fr="`(Counter(a) & Counter(b))` garde chaque mot commun autant de fois qu'il figure "
                "dans les deux ; traitez les réponses vides avant de diviser."),
    ),
    teacher_notes=Text(
        en="Objectives: score generated answers reproducibly; see how much the normalisation "
           "decides the score; tell exact match from a partial-credit F1. Misconceptions aimed "
           "at: string equality is a fair test; a higher F1 means a more correct answer (\"1170\" "
           "against \"117\" shares no word, \"O négatif\" against \"O positif\" gets half). "
           "Debrief: which wrong answers get a high F1? Why do benchmarks remove articles, and "
           "what breaks in another language? When would you need a person, or a model judge, "
           "instead?",
        fr="Objectifs : noter des réponses générées de façon reproductible ; voir combien la "
           "normalisation décide du score ; distinguer la correspondance exacte d'un F1 qui donne "
           "un crédit partiel. Idées fausses visées : l'égalité de chaînes est un test juste ; un "
           "F1 plus élevé signifie une réponse plus juste (« 1170 » contre « 117 » n'a aucun mot "
           "commun, « O négatif » contre « O positif » obtient la moitié). Pour le débriefing : "
           "quelles réponses fausses obtiennent un F1 élevé ? Pourquoi les bancs d'essai "
           "retirent-ils les articles, et que se passe-t-il dans une autre langue ? Quand "
           "faudrait-il une personne, ou un juge automatique, à la place ?"),
)
