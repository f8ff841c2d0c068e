"""text.tokenise_fr: cut French text into tokens, elisions, numbers and punctuation by stated rules.

The default probe calls the learner's function on copies of each sentence; a fact compares the
tokens with the reference's and says where they first part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.exercises.text._common import MODULE_ID, sentences

# ------------------------------------------------------------------------------- reference

_ELISION = r"(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
_TOKEN = re.compile(rf"\b{_ELISION}|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]", re.IGNORECASE)


def tokenise_fr(text):
    text = text.replace("’", "'")
    return _TOKEN.findall(text)


# ---------------------------------------------------------------------------- variant, cases


_ELISION_SENTENCES = (
    "L’hôpital n’est pas loin : c’est à deux pas d’ici, jusqu’à la place.",
    "Qu’est-ce qu’il a dit ? « J’arrive aujourd’hui, vers 14h30. »",
    "Lorsqu'on s'inscrit, on reçoit 3,5 jours de congés... peut-être plus !",
    "Quelqu’un m’a dit qu’elle t’appellerait lorsqu’elle serait à l’école.",
    "Puisqu’il pleut, ma sœur reste : l’Œuvre coûte 12.50 € (2\u202f000 € pour 160 élèves).",
    "Jusqu’où ira-t-il ? L' arbre -- et 3.5 ou 3,5 : c’est pareil.",
)


def _french_sentences() -> list[str]:
    table = sentences()
    return [text for text, lang in zip(table["text"], table["lang"]) if lang == "fr"]


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    french = _french_sentences()
    with_elision = [i for i, text in enumerate(french) if "'" in text and len(text) > 30]
    picked = [int(i) for i in rng.choice(len(french), size=3, replace=False)]
    example = int(rng.choice(with_elision))
    return {"example": french[example].replace("'", "’"), "rows": [example, *picked]}


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    french = _french_sentences()
    rows = params["rows"]
    cases = [Case("your sentence", (params["example"],),
                  label=Text(en="the sentence of your variant, with typographic apostrophes",
                             fr="la phrase de votre variante, avec des apostrophes typographiques"))]
    for number, row in enumerate(rows[1:], 1):
        cases.append(Case(f"sentence {number}", (french[row],),
                          label=Text(en="a French sentence", fr="une phrase en français")))
    cases += [
        Case("elisions", (_ELISION_SENTENCES[0],),
             label=Text(en="l’, n’, c’, d’, jusqu’ with the typographic apostrophe",
                        fr="l’, n’, c’, d’, jusqu’ avec l'apostrophe typographique")),
        Case("quotes and times", (_ELISION_SENTENCES[1],),
             label=Text(en="qu’, j’, aujourd’hui, « » and 14h30", fr="qu’, j’, aujourd’hui, «\u202f» et 14h30")),
        Case("decimals and hyphens", (_ELISION_SENTENCES[2],),
             label=Text(en="lorsqu', s', a decimal comma, three dots, peut-être",
                        fr="lorsqu', s', une virgule décimale, trois points, peut-être")),
        Case("ligatures and numbers", (_ELISION_SENTENCES[4],),
             label=Text(en="puisqu’, œ and Œ, a decimal point, a thousands separator",
                        fr="puisqu’, œ et Œ, un point décimal, une espace des milliers")),
        Case("spaces", ("  Bonjour\u00a0!\tÇa\u202fva ?\n",),
             label=Text(en="tabs, line breaks and non-breaking spaces",
                        fr="tabulations, retours à la ligne et espaces insécables")),
        Case("empty", ("",), label=Text(en="an empty text", fr="un texte vide")),
    ]
    hidden_rows = rng.choice(len(french), size=6, replace=False)
    hidden_text = " ".join(french[int(i)] for i in hidden_rows)
    curly = "’" if rng.random() < 0.5 else "'"
    cases.append(Case("hidden", (f"{_ELISION_SENTENCES[3]} {hidden_text} {_ELISION_SENTENCES[5]}"
                                 .replace("'", curly),), hidden=True))
    return cases


# ------------------------------------------------------------------------------------ facts


def _tokens(observed: Any) -> list[str] | None:
    value = observed.get("value") if isinstance(observed, Mapping) else None
    if isinstance(value, list) and all(isinstance(token, str) for token in value):
        return value
    return None


def _tokens_agree(observed: Any, expected: Any, case: Case) -> bool:
    """The tokens are the reference's; what is not a list of strings is left to the value comparison."""
    mine, wanted = _tokens(observed), _tokens(expected)
    return mine is None or wanted is None or mine == wanted


def _first_difference(observed: Any, expected: Any, case: Case) -> Text:
    """Where two lists of tokens first part, shown with the tokens before."""
    mine, wanted = _tokens(observed) or [], _tokens(expected) or []
    index = next((i for i, (a, b) in enumerate(zip(mine, wanted)) if a != b), min(len(mine), len(wanted)))
    before = wanted[max(0, index - 3):index]
    return Text(
        en=f"Your tokens part from the expected ones at token {index + 1} (after {before}): you gave "
           f"{mine[index:index + 4]}, expected {wanted[index:index + 4]}.",
        fr=f"Vos jetons s'écartent de ceux attendus au jeton {index + 1} (après {before})\u202f: vous avez "
           f"donné {mine[index:index + 4]}, attendu\u202f: {wanted[index:index + 4]}.")


FACTS = (Fact("tokens", _tokens_agree, _first_difference),)


# --------------------------------------------------------------------------------- mistakes


def _tokenise_split(text):
    return text.split()


def _tokenise_straight_only(text):
    return _TOKEN.findall(text)


def _tokenise_apostrophe_lost(text):
    return re.findall(r"\w+|[^\w\s]", text.replace("’", "'"))


def _tokenise_no_accents(text):
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return _TOKEN.findall(plain)


def _tokenise_lowercase(text):
    return _TOKEN.findall(text.replace("’", "'").lower())


TEACHER_NOTES = Text(
    en=("Objectives: turn precise tokenisation rules into one regular expression "
        "(alternatives in order, look-ahead, Unicode classes); handle French elisions, "
        "typographic apostrophes and decimal commas. Misconception aimed at: that splitting "
        "on spaces is tokenising, and that accents or case are noise to remove. Debrief: why "
        "must the elision come first among the alternatives? Which rule breaks on "
        "'aujourd'hui', and why is it kept whole? What would a tokeniser learnt from data "
        "(WordPiece, BPE) do with these sentences?"),
    fr=("Objectifs\u202f: traduire des règles de découpage précises en une expression "
        "régulière (alternatives ordonnées, assertion avant, classes Unicode)\u202f; traiter "
        "les élisions, l'apostrophe typographique et la virgule décimale du français. Idée "
        "fausse visée\u202f: couper aux espaces serait découper en mots, et accents ou "
        "majuscules seraient du bruit à retirer. Questions pour le bilan\u202f: pourquoi "
        "l'élision doit-elle venir en premier parmi les alternatives\u202f? Quelle règle bute "
        "sur «\u202faujourd'hui\u202f», et pourquoi le garde-t-on entier\u202f? Que ferait de "
        "ces phrases un découpage appris sur des données (WordPiece, BPE)\u202f?"),
)


TOKENISE_FR = Exercise(
    id="text.tokenise_fr",
    module=MODULE_ID,
    audience=("engineering",),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="Tokenise French text", fr="Découper un texte français en mots"),
    statement=Text(
        en="""Write `tokenise_fr(text)` which cuts a French text into a list of tokens (strings),
following these rules exactly:

1. the typographic apostrophe `’` is written as the straight one `'`, everywhere;
2. an elided word at the start of a word is a token of its own, apostrophe included: `l'`, `d'`,
   `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`, `puisqu'` (in any case:
   `L'`, `Qu'`). Any other apostrophe inside a word keeps the word whole: `aujourd'hui`,
   `quelqu'un`, `presqu'île`;
3. a word is a run of letters and digits (accents kept) and may hold inner hyphens or
   apostrophes: `peut-être`, `est-ce`, `14h30`, `aujourd'hui` are one token each;
4. a number with a decimal comma or point is one token: `3,5`, `12.50`;
5. every other character that is not a space is a token on its own: `.` `,` `;` `:` `!` `?`
   `«` `»` `(` `)` `€` `%` `…`, and a hyphen or apostrophe that is not inside a word;
6. spaces of any kind (tabs, line breaks, non-breaking spaces) only separate tokens;
7. nothing else changes: keep the case and the accents.

Examples:

* `tokenise_fr("L’école est fermée jusqu’à lundi.")` →
  `["L'", "école", "est", "fermée", "jusqu'", "à", "lundi", "."]`
* `tokenise_fr("Qu'est-ce qu'il fait aujourd'hui ? 3,5 °C !")` →
  `["Qu'", "est-ce", "qu'", "il", "fait", "aujourd'hui", "?", "3,5", "°", "C", "!"]`

Your variant's sentence: « {example} »""",
        fr="""Écrivez `tokenise_fr(texte)` qui découpe un texte français en une liste de jetons
(chaînes de caractères), en suivant exactement ces règles\u202f:

1. l'apostrophe typographique `’` s'écrit partout comme l'apostrophe droite `'`\u202f;
2. un mot élidé au début d'un mot forme un jeton à lui seul, apostrophe comprise\u202f: `l'`, `d'`,
   `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`, `puisqu'` (quelle que soit la
   casse\u202f: `L'`, `Qu'`). Toute autre apostrophe à l'intérieur d'un mot le laisse entier\u202f:
   `aujourd'hui`, `quelqu'un`, `presqu'île`\u202f;
3. un mot est une suite de lettres et de chiffres (accents gardés) qui peut contenir des traits
   d'union ou des apostrophes internes\u202f: `peut-être`, `est-ce`, `14h30`, `aujourd'hui` forment
   chacun un jeton\u202f;
4. un nombre à virgule ou à point décimal forme un jeton\u202f: `3,5`, `12.50`\u202f;
5. tout autre caractère qui n'est pas une espace est un jeton à lui seul\u202f: `.` `,` `;` `:` `!`
   `?` `«` `»` `(` `)` `€` `%` `…`, ainsi qu'un trait d'union ou une apostrophe qui n'est pas à
   l'intérieur d'un mot\u202f;
6. les espaces de toute sorte (tabulations, retours à la ligne, espaces insécables) ne font
   que séparer les jetons\u202f;
7. rien d'autre ne change\u202f: gardez la casse et les accents.

Exemples\u202f:

* `tokenise_fr("L’école est fermée jusqu’à lundi.")` →
  `["L'", "école", "est", "fermée", "jusqu'", "à", "lundi", "."]`
* `tokenise_fr("Qu'est-ce qu'il fait aujourd'hui ? 3,5 °C !")` →
  `["Qu'", "est-ce", "qu'", "il", "fait", "aujourd'hui", "?", "3,5", "°", "C", "!"]`

La phrase de votre variante\u202f: «\u202f{example}\u202f»""",
    ),
    answer_name="tokenise_fr",
    kind="function",
    reference=tokenise_fr,
    solution_code=r'''
    import re

    ELISION = r"(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
    TOKEN = re.compile(rf"\b{ELISION}|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]", re.IGNORECASE)


    def tokenise_fr(text):
        text = text.replace("’", "'")
        return TOKEN.findall(text)
    ''',
    cases=_cases,
    variant=_variant,
    facts=FACTS,
    difficulty=3,
    minutes=40,
    tags=("tokenisation", "French", "regular expressions", "unicode"),
    dataset="sentences",
    mistakes=(
        Mistake("whitespace_split", Text(
            en="text.split() cuts at spaces only: punctuation stays glued to words ('lundi.') and "
               "elisions stay inside them ('L'école'). Use a regular expression that finds elisions, "
               "words and punctuation marks.",
            fr="texte.split() ne coupe qu'aux espaces\u202f: la ponctuation reste collée aux mots ('lundi.') et "
               "les élisions restent dedans ('L'école'). Utilisez une expression régulière qui trouve les "
               "élisions, les mots et les signes de ponctuation."),
            _tokenise_split),
        Mistake("straight_apostrophe_only", Text(
            en="Your elisions work with the straight apostrophe ' but not with the typographic one ’, "
               "which French texts often use: replace ’ by ' before cutting.",
            fr="Vos élisions marchent avec l'apostrophe droite ' mais pas avec l'apostrophe "
               "typographique ’, fréquente dans les textes français\u202f: remplacez ’ par ' avant de "
               "découper."),
            _tokenise_straight_only),
        Mistake("apostrophe_lost", Text(
            en="With \\w+|[^\\w\\s], the apostrophe becomes a token of its own ('l', \"'\", 'école') and "
               "words such as aujourd'hui or peut-être fall apart. Match the elision with its apostrophe "
               "first, then words that may hold inner hyphens and apostrophes.",
            fr="Avec \\w+|[^\\w\\s], l'apostrophe devient un jeton à elle seule ('l', \"'\", 'école') et "
               "des mots comme aujourd'hui ou peut-être se disloquent. Reconnaissez d'abord l'élision avec "
               "son apostrophe, puis les mots qui peuvent contenir traits d'union et apostrophes."),
            _tokenise_apostrophe_lost),
        Mistake("no_accents", Text(
            en="Your tokens lost their accents ('ecole' for 'école'). In French, accents tell words apart "
               "(a / à, ou / où): keep them.",
            fr="Vos jetons ont perdu leurs accents ('ecole' pour 'école'). En français, les accents "
               "distinguent des mots (a / à, ou / où)\u202f: gardez-les."),
            _tokenise_no_accents),
        Mistake("lowercase", Text(
            en="Your tokens are lower-cased. The rules keep the text as written: lower-casing is a "
               "separate choice, made later if a model needs it.",
            fr="Vos jetons sont en minuscules. Les règles gardent le texte tel qu'il est écrit\u202f: la mise "
               "en minuscules est un autre choix, à faire ensuite si un modèle en a besoin."),
            _tokenise_lowercase),
    ),
    hints=(
        Text(en="`re.findall(pattern, text)` with alternatives `A|B|C` tries them in order at each "
                "position: put the elision first, then numbers, then words, then any other character.",
             fr="`re.findall(motif, texte)` avec des alternatives `A|B|C` les essaie dans l'ordre à chaque "
                "position\u202f: mettez l'élision d'abord, puis les nombres, puis les mots, puis tout autre "
                "caractère."),
        Text(en="An elision: `\\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\\w)` with re.IGNORECASE; "
                "`(?=\\w)` checks that a word follows without taking it.",
             fr="Une élision\u202f: `\\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\\w)` avec re.IGNORECASE\u202f; "
                "`(?=\\w)` vérifie qu'un mot suit sans le prendre."),
        Text(en="A number: `\\d+(?:[.,]\\d+)+`; a word: `\\w+(?:[-']\\w+)*`; anything else: "
                "`[^\\w\\s]`. Replace ’ by ' first.",
             fr="Un nombre\u202f: `\\d+(?:[.,]\\d+)+`\u202f; un mot\u202f: `\\w+(?:[-']\\w+)*`\u202f; le reste\u202f: `[^\\w\\s]`. "
                "Remplacez d'abord ’ par '."),
    ),
)


