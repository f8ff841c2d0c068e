"""The options of the M0 quizzes, and the spellings that name each one.

Accepted spellings of an option: its key (``supervised``) or its French name
(``supervisé``), with any capitals, with or without accents, with spaces, hyphens or
underscores alike, and with the words "learning", "apprentissage", "AI", "IA", "based",
"system", "classification" or "score" left out or added (``"Supervised learning"``,
``"apprentissage non supervisé"``, ``"rule-based"``, ``"IA générative"``,
``"F1-score"``). A few usual synonyms are accepted too (``sensitivity`` for ``recall``,
``RL`` for ``reinforcement``); see the ``spellings`` of each :class:`Option`.

No right answer is here: the grader's sandbox may import this file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from caire_exercises.authoring import Text



@dataclass(frozen=True)
class Option:
    """One allowed answer: its key, its name in both languages and its other spellings."""

    key: str
    name: Text
    spellings: tuple[str, ...] = ()


#: Words that do not change an answer: "supervised learning" is "supervised".
_FILLER_WORDS = frozenset({
    "learning", "apprentissage", "par", "ai", "ia", "based", "base", "a", "de", "d", "l", "la",
    "le", "the", "system", "systems", "systeme", "systemes", "classification", "score",
})


def normalise_spelling(text: str) -> str:
    """`text` without accents, capitals, punctuation or filler words.

    >>> normalise_spelling("Apprentissage NON-supervisé")
    'non supervise'
    >>> normalise_spelling("F1-score")
    'f1'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    words = re.split(r"[^a-z0-9]+", plain)
    return " ".join(word for word in words if word and word not in _FILLER_WORDS)


class OptionSet:
    """The options of a quiz, and the spellings that name each one."""

    def __init__(self, options: Sequence[Option]) -> None:
        self.options = tuple(options)
        self._by_spelling: dict[str, str] = {}
        for option in self.options:
            for spelling in (option.key, option.name.en, option.name.fr, *option.spellings):
                normalised = normalise_spelling(spelling)
                owner = self._by_spelling.setdefault(normalised, option.key)
                if not normalised or owner != option.key:
                    raise ValueError(f"spelling {spelling!r} is ambiguous or empty")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def resolve(self, text: str) -> str | None:
        """The key of the option `text` names, or None."""
        return self._by_spelling.get(normalise_spelling(text))

    def name(self, key: str) -> Text:
        return next(option.name for option in self.options if option.key == key)

    def listing(self) -> Text:
        """The allowed options, for messages: keys, then the French names."""
        keys = ", ".join(self.keys)
        french = ", ".join(option.name.fr for option in self.options)
        return Text(en=f"{keys} (or in French: {french})", fr=f"{keys} (ou en français\u202f: {french})")


KINDS = OptionSet((
    Option("supervised", Text(en="supervised", fr="supervisé"), ("supervisee",)),
    Option("unsupervised", Text(en="unsupervised", fr="non supervisé"),
           ("non supervisee", "nonsupervise", "nonsupervisee", "not supervised")),
    Option("reinforcement", Text(en="reinforcement", fr="renforcement"), ("rl",)),
    Option("rules", Text(en="rules", fr="règles"), ("rule", "règle", "expert", "if then")),
    Option("generative", Text(en="generative", fr="génératif"),
           ("generative", "générative", "genai", "gen")),
))

TARGETS = OptionSet((
    Option("binary", Text(en="binary", fr="binaire")),
    Option("multiclass", Text(en="multiclass", fr="multiclasse"),
           ("multi class", "multi classe", "multinomial")),
    Option("regression", Text(en="regression", fr="régression")),
))

METRICS = OptionSet((
    Option("accuracy", Text(en="accuracy", fr="exactitude")),
    Option("balanced_accuracy", Text(en="balanced accuracy", fr="exactitude équilibrée"),
           ("accuracy équilibrée", "balanced_accuracy")),
    Option("recall", Text(en="recall", fr="rappel"),
           ("sensitivity", "sensibilité", "true positive rate", "tpr", "taux de vrais positifs")),
    # A French clinician reads "précision" as exactness: the name says which one is meant.
    Option("precision", Text(en="precision", fr="précision (VPP)"),
           ("précision", "positive predictive value", "ppv", "valeur prédictive positive", "vpp")),
    Option("f1", Text(en="F1", fr="F1"), ("f1 score", "f measure", "f mesure", "f-mesure")),
    Option("mae", Text(en="MAE", fr="MAE"),
           ("mean absolute error", "erreur absolue moyenne", "eam")),
    Option("rmse", Text(en="RMSE", fr="RMSE"),
           ("root mean squared error", "root mean square error",
            "racine de l'erreur quadratique moyenne", "reqm")),
    Option("mape", Text(en="MAPE", fr="MAPE"),
           ("mean absolute percentage error", "erreur absolue moyenne en pourcentage", "eamp")),
))

PITFALLS = OptionSet((
    Option("leakage", Text(en="leakage", fr="fuite de données"),
           ("data leakage", "fuite", "fuite de donnees", "target leakage")),
    Option("selection_bias", Text(en="selection bias", fr="biais de sélection"),
           ("sampling bias", "biais d'échantillonnage", "survivorship bias", "biais du survivant")),
    Option("label_bias", Text(en="label bias", fr="biais d'étiquetage"),
           ("labelling bias", "labeling bias", "biais d'étiquette", "biais des étiquettes")),
    Option("distribution_shift", Text(en="distribution shift", fr="changement de distribution"),
           ("dataset shift", "data drift", "drift", "concept drift", "dérive",
            "dérive des données", "dérive de concept", "glissement de distribution")),
))

