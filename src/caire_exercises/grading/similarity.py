"""Code that looks copied: from a classmate, from the library's reference, or the reference itself.

Run in the grader, outside the sandbox, on the code of the notebooks as they were
handed in (nothing a submission does while it runs can change it). Each
notebook's code is compared with the reference solution of every exercise of
the assignment and with every other notebook's, by winnowed fingerprints of
normalised tokens (`copydetect <https://pypi.org/project/copydetect/>`_, the
method of MOSS): renaming variables or reformatting does not hide a copy, and
code that most of the class shares (the notebook's own template) is left out.
A notebook that reaches for the library's answers (``solution_source``,
``.reference``, a declared mistake's answer, an exercise's module) is listed
too. These are flags for the teacher, with the two codes side by side in the
class report; a grade is never changed by them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: How alike two codes must be to be listed (share of one covered by the other), and how many
#: tokens they must share at least, so that two short answers to one short exercise are not.
THRESHOLD = 0.8
MIN_SHARED_TOKENS = 40
#: Fingerprint parameters: k-grams of tokens, and the winnowing window.
K_GRAM, WINDOW = 15, 4
#: The longest code shown in the report for each side of a pair.
SHOWN_CHARS = 4000

_REACHING = re.compile(r"solution_source|\.reference\b|\.mistakes\b|_estimator_probes|"
                       r"caire_exercises\.exercises|\bexercise\.answer\b")


@dataclass(frozen=True)
class Pair:
    """Two codes that look alike: a student's and a classmate's, or a student's and a reference."""

    student: str
    other: str
    kind: str          # "classmate", "reference" or "library"
    similarity: float
    code: str
    other_code: str

    def to_plain(self) -> dict[str, Any]:
        return {"student": self.student, "other": self.other, "kind": self.kind,
                "similarity": round(self.similarity, 2), "code": self.code[:SHOWN_CHARS],
                "other_code": self.other_code[:SHOWN_CHARS]}


@dataclass
class Similarities:
    """Every pair found, and why none could be computed when that happened."""

    pairs: list[Pair] = field(default_factory=list)
    unavailable: str | None = None


def find_similar(codes: Mapping[str, str], references: Mapping[str, str]) -> Similarities:
    """The pairs of `codes` ({student: code}) that look alike, with each other and with `references`
    ({exercise id: reference source}), most alike first."""
    found = Similarities()
    for student, code in codes.items():
        reached = sorted(set(match.group(0) for match in _REACHING.finditer(code)))
        if reached:
            found.pairs.append(Pair(student, ", ".join(reached), "library", 1.0, code, ""))
    try:
        from copydetect import CodeFingerprint, compare_files
    except ImportError:
        found.unavailable = ("copydetect is not installed: pip install \"caire-exercises[grading]\" "
                             "to compare the code of the notebooks")
        return found

    def fingerprint(name: str, text: str, boilerplate: Sequence[int] = ()) -> Any:
        try:
            return CodeFingerprint(f"{name}.py", K_GRAM, WINDOW, boilerplate=list(boilerplate),
                                   fp=io.StringIO(text), language="python")
        except Exception:  # noqa: BLE001 - code too short to fingerprint, or not tokenisable
            return None

    first = {student: fingerprint(student, code) for student, code in codes.items()}
    counts: Counter[int] = Counter()
    for printed in first.values():
        if printed is not None:
            counts.update(set(printed.hashes))
    # What most of the class shares is the notebook's template, not a copy.
    common = [value for value, count in counts.items() if len(codes) >= 4 and count > len(codes) / 2]
    prints = {student: fingerprint(student, code, common) for student, code in codes.items()}
    refs = {exercise: fingerprint(exercise, source) for exercise, source in references.items()}
    students = [student for student in codes if prints[student] is not None]
    for index, student in enumerate(students):
        for exercise, reference in refs.items():
            if reference is None:
                continue
            shared, (_, covered), _ = compare_files(prints[student], reference)
            if shared >= MIN_SHARED_TOKENS and covered >= THRESHOLD:
                found.pairs.append(Pair(student, exercise, "reference", float(covered), codes[student],
                                        references[exercise]))
        for other in students[index + 1:]:
            shared, (one, two), _ = compare_files(prints[student], prints[other])
            alike = max(float(one), float(two))
            if shared >= MIN_SHARED_TOKENS and alike >= THRESHOLD:
                found.pairs.append(Pair(student, other, "classmate", alike, codes[student], codes[other]))
    found.pairs.sort(key=lambda pair: (-pair.similarity, pair.kind, pair.student, pair.other))
    return found
