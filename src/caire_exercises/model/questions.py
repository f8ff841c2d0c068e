"""Exercises answered without code, as questions: the options a learner picks from, and
the question objects that LMS exports and notebook forms read.

A no-code exercise (kind ``choice`` or ``value``) describes itself as questions through
its ``questions`` hook (``Exercise.questions(params) -> list``): one
:class:`ChoiceQuestion` per item of a quiz (or per part of an item asked in several
parts), one :class:`NumericQuestion` per value asked. ``caire questions`` turns them into
Moodle XML, GIFT or CodeRunner questions, and ``ex.form()`` into widgets; the checker
itself never reads them: it judges the learner's dict with the exercise's facts.

An :class:`OptionSet` says which spellings name an option: its key (``supervised``), its
French name (``supervisé``), with any capitals, with or without accents, with spaces,
hyphens or underscores alike, and a few filler words (``learning``, ``apprentissage``,
``IA``...) left out or added, plus the synonyms the option declares.

No right answer is in this module: the grader's sandbox may import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from caire_exercises.model.i18n import Text

#: Words that do not change an answer: "supervised learning" is "supervised".
FILLER_WORDS = frozenset({
    "learning", "apprentissage", "par", "ai", "ia", "based", "base", "a", "de", "d", "l", "la",
    "le", "the", "system", "systems", "systeme", "systemes", "classification", "score",
})


def normalise_spelling(text: str, filler: Iterable[str] = FILLER_WORDS) -> str:
    """`text` without accents, capitals, punctuation or filler words.

    >>> normalise_spelling("Apprentissage NON-supervisé")
    'non supervise'
    >>> normalise_spelling("F1-score")
    'f1'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    words = re.split(r"[^a-z0-9]+", plain)
    ignored = filler if isinstance(filler, frozenset) else frozenset(filler)
    kept = [word for word in words if word and word not in ignored]
    # A spelling made only of filler words ("IA") is still a spelling: keep its words.
    return " ".join(kept) if kept else " ".join(word for word in words if word)


@dataclass(frozen=True)
class Option:
    """One allowed answer: its key, its name in both languages and its other spellings."""

    key: str
    name: Text
    spellings: tuple[str, ...] = ()


class OptionSet:
    """The options of a question, and the spellings that name each one.

    >>> yes_no = OptionSet([Option("yes", Text(en="yes", fr="oui")),
    ...                     Option("no", Text(en="no", fr="non"))])
    >>> yes_no.resolve("  OUI "), yes_no.resolve("maybe")
    ('yes', None)
    """

    def __init__(self, options: Sequence[Option]) -> None:
        self.options = tuple(options)
        self._by_spelling: dict[str, str] = {}
        if not self.options:
            raise ValueError("an option set needs at least one option")
        for option in self.options:
            for spelling in (option.key, option.name.en, option.name.fr, *option.spellings):
                normalised = normalise_spelling(spelling)
                owner = self._by_spelling.setdefault(normalised, option.key)
                if not normalised or owner != option.key:
                    raise ValueError(f"spelling {spelling!r} of option {option.key!r} is empty or "
                                     f"already names option {owner!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def resolve(self, text: str) -> str | None:
        """The key of the option `text` names, or None."""
        return self._by_spelling.get(normalise_spelling(text))

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)

    def name(self, key: str) -> Text:
        return self.option(key).name

    def listing(self) -> Text:
        """The allowed options, for messages: keys, then the French names."""
        keys = ", ".join(self.keys)
        french = ", ".join(option.name.fr for option in self.options)
        return Text(en=f"{keys} (or in French: {french})", fr=f"{keys} (ou en français\u202f: {french})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OptionSet) and self.options == other.options

    def __hash__(self) -> int:
        return hash(self.options)

    def __repr__(self) -> str:
        return f"OptionSet({list(self.keys)!r})"


@dataclass(frozen=True)
class ChoiceQuestion:
    """One question answered by picking options.

    `key` is stable across exports and variants (an item key, with ``.part`` for an item
    asked in several parts); `group` is the item key shared by the parts of one item.
    `answer` holds the accepted option keys: any one of them when `multiple` is false,
    exactly all of them when it is true. `feedback` gives, for a wrong option, what the
    library tells a learner who picks it; `explanation` is why the answer is right.
    """

    key: str
    text: Text
    options: OptionSet
    answer: tuple[str, ...]
    multiple: bool = False
    explanation: Text | None = None
    feedback: Mapping[str, Text] = field(default_factory=dict)
    category: str = ""
    group: str = ""
    source: str = ""
    label: Text | None = None

    def __post_init__(self) -> None:
        unknown = [key for key in self.answer if key not in self.options.keys]
        if not self.answer or unknown:
            raise ValueError(f"question {self.key!r}: answer {self.answer!r} is not among its options")


@dataclass(frozen=True)
class NumericQuestion:
    """One question answered by a number, right within an absolute `tolerance`."""

    key: str
    text: Text
    answer: float
    tolerance: float
    unit: str = ""
    explanation: Text | None = None
    category: str = ""
    group: str = ""
    source: str = ""


Question = ChoiceQuestion | NumericQuestion
