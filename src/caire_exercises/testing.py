"""Public helpers that prove an exercise, for the library's own exercises and plug-ins alike.

>>> from caire_exercises.testing import verify_exercise
>>> verify_exercise("numpy.zscore")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._checking import answers_of, check_answers, reference_answers
from ._exercise import Exercise
from ._i18n import LANGUAGES, Text

DEFAULT_STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org",
                    "dylan@example.org")


class ExerciseVerificationError(AssertionError):
    """An exercise failed :func:`verify_exercise`; ``problems`` lists every problem found."""

    def __init__(self, exercise_id: str, problems: Sequence[str]) -> None:
        self.exercise_id = exercise_id
        self.problems = list(problems)
        super().__init__(f"{exercise_id} failed verification:\n  - " + "\n  - ".join(self.problems))


@dataclass
class Verification:
    """What :func:`verify_exercise` checked: the variants tried and the results seen."""

    exercise_id: str
    students: list[str | None] = field(default_factory=list)
    checks: int = 0


def _texts(exercise: Exercise) -> Iterable[tuple[str, Text]]:
    yield "title", exercise.title
    yield "statement", exercise.statement
    for number, hint in enumerate(exercise.hints, 1):
        yield f"hint {number}", hint
    for mistake in exercise.mistakes:
        yield f"feedback of mistake {mistake.id!r}", mistake.feedback


def verify_exercise(
    exercise: Exercise | str,
    *,
    students: Sequence[str | None] = DEFAULT_STUDENTS,
    min_hints: int = 3,
    min_mistakes: int = 3,
    alternatives: Sequence[Any] = (),
) -> Verification:
    """Prove an exercise: raise :class:`ExerciseVerificationError` listing every problem found.

    Checks that

    * every text (title, statement, hints, feedback of mistakes) exists in
      French and in English, and the two are not the same text;
    * the reference passes every case, on the default variant and on each
      student's variant in `students`;
    * each declared mistake fails on every variant, and the result names
      that mistake (so the learner reads its feedback);
    * variants differ from one student to another (when the exercise has variants);
    * each of `alternatives` (other correct answers) passes too.

    Parameters
    ----------
    exercise : Exercise or str
        The exercise, or its id in the registry.
    students : sequence of str
        The students whose variants are tried, besides the default one.
    min_hints, min_mistakes : int
        How many hints and declared mistakes the exercise must have.
    alternatives : sequence
        Correct answers written differently from the reference.
    """
    if isinstance(exercise, str):
        from ._registry import registry

        exercise = registry().get(exercise)
    problems: list[str] = []
    verification = Verification(exercise.id)

    for where, text in _texts(exercise):
        if not isinstance(text, Text):
            problems.append(f"{where} is not a Text")
            continue
        values = {lang: getattr(text, lang).strip() for lang in LANGUAGES}
        missing = [lang for lang, value in values.items() if not value]
        if missing:
            problems.append(f"{where} is missing in {', '.join(missing)}")
        elif len(values["en"]) > 30 and values["en"] == values["fr"]:
            problems.append(f"{where} is the same in French and English")
    if len(exercise.hints) < min_hints:
        problems.append(f"{len(exercise.hints)} hints; at least {min_hints} expected")
    if len(exercise.mistakes) < min_mistakes:
        problems.append(f"{len(exercise.mistakes)} declared mistakes; at least {min_mistakes} expected")

    variants = [None, *students]
    seen_params = []
    for student in variants:
        bound = exercise.for_student(student)
        verification.students.append(student)
        who = f"variant of {student}" if student else "default variant"
        result = check_answers(bound, reference_answers(bound))
        verification.checks += 1
        if not result.passed:
            failed = [f"{case.name}: {case.message_in('en')}" for case in result.cases if not case.passed]
            note = result.note.render("en") if result.note else ""
            problems.append(f"the reference fails on the {who}: {note} {'; '.join(failed)}")
        for alternative in alternatives:
            result = check_answers(bound, answers_of(bound, alternative))
            verification.checks += 1
            if not result.passed:
                failed = [f"{c.name}: {c.message_in('en')}" for c in result.cases if not c.passed]
                problems.append(f"an alternative correct answer fails on the {who}: {'; '.join(failed)}")
        for mistake in exercise.mistakes:
            result = check_answers(bound, answers_of(bound, mistake.answer))
            verification.checks += 1
            if result.passed:
                problems.append(f"mistake {mistake.id!r} passes on the {who}")
            elif result.mistakes != [mistake.id]:
                named = ", ".join(result.mistakes) or "none"
                problems.append(f"mistake {mistake.id!r} is not recognised on the {who} "
                                f"(recognised: {named})")
        seen_params.append(repr(sorted(bound.params.items(), key=lambda item: item[0])))
    if exercise.has_variants and len(set(seen_params[1:])) < 2:
        problems.append("the students' variants are all the same")
    if problems:
        raise ExerciseVerificationError(exercise.id, problems)
    return verification
