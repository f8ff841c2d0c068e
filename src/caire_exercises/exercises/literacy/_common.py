"""What the M0 exercises share: the item banks and how they are read, and the note on spellings.

The three original quizzes read their banks from the CC0 data set ``quiz_items`` (one YAML
file a bank: ``which_ai.yaml``, ``frame.yaml``, ``pitfalls.yaml``); ``genai_limits`` has a
data set of its own. The quizzes themselves are built by the public toolkit
(:func:`caire_exercises.authoring.quiz.quiz_exercise`): one case per item of a student's
sample, the item's right answer in the case's private part, which only the judge reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Exercise, Text
from caire_exercises.authoring.banks import Item, ItemBank, load_bank

MODULE_ID = "literacy"
DATASET = "quiz_items"


@lru_cache(maxsize=None)
def bank(name: str) -> ItemBank:
    """The bank `name`: ``which_ai``, ``frame`` and ``pitfalls`` live in ``quiz_items``, others alone."""
    from caire_exercises.data import bundled_root

    if name in ("which_ai", "frame", "pitfalls"):
        return load_bank(bundled_root() / DATASET / f"{name}.yaml")
    return load_bank(bundled_root() / name / "items.yaml")


def counts_sample(quiz_bank: ItemBank, counts: Mapping[str, int]) -> Callable[[np.random.Generator], list[str]]:
    """A student's items: `counts[option]` items whose right answer is that option, shuffled.

    The counts make each declared mistake cost the pass on every variant (a confusion of
    one kind with another touches at least two items).
    """
    def sample(rng: np.random.Generator) -> list[str]:
        chosen: list[str] = []
        for option, count in counts.items():
            pool = [item.key for item in quiz_bank if option in item.answer["answer"]]
            chosen.extend(pool[int(i)] for i in sorted(rng.choice(len(pool), size=count, replace=False)))
        return [chosen[int(i)] for i in rng.permutation(len(chosen))]

    return sample


def swap(first: str, second: str) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `first` and `second` taken for each other."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        answer = item.answer["answer"][0]
        return {"answer": (second if answer == first else first if answer == second else answer,)}

    return alter


def spelling_note(examples_en: str, examples_fr: str) -> Text:
    """How options may be written, with examples for one quiz."""
    return Text(
        en="You may write an option in English or in French, in capitals or not, with or "
           "without accents; words such as \"learning\", \"AI\" or \"based\" may be added or "
           f"left out ({examples_en} are accepted). A word that is not an option is reported as "
           "not answered yet, with the list of allowed options.",
        fr="Vous pouvez écrire une option en anglais ou en français, en majuscules ou non, avec "
           "ou sans accents\u202f; des mots comme «\u202fapprentissage\u202f», «\u202fIA\u202f» ou "
           f"«\u202fà base de\u202f» peuvent être ajoutés ou omis ({examples_fr} sont acceptés). "
           "Un mot qui n'est pas une option est signalé comme une question sans réponse, avec la "
           "liste des options possibles.")


@dataclass(frozen=True)
class PerVariantValues(Exercise):
    """A value exercise whose right values depend on the student's numbers.

    `solve(params)` gives the right answer of a variant. Binding a student
    (:meth:`for_student`, :meth:`with_settings`) puts that variant's answer in
    :attr:`reference`, so the engine, the proof and the solution read it as for any value
    exercise. Declared mistakes stay the same for every variant: write them as formulas of
    the variant's numbers, which the probe evaluates (see :mod:`.probes`).
    """

    solve: Callable[[Mapping[str, Any]], Any] | None = None

    def bound_answers(self) -> PerVariantValues:
        return replace(self, reference=self.solve(self.params) if self.solve else self.reference)

    def for_student(self, student: str | None) -> Exercise:
        if student == self.student:
            return self
        return replace(self, student=student).bound_answers()  # type: ignore[attr-defined]

    def with_settings(self, **settings: Any) -> Exercise:
        fresh = super().with_settings(**settings)
        return fresh if fresh is self else fresh.bound_answers()  # type: ignore[attr-defined]
