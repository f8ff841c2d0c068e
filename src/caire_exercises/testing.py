"""Public helpers that prove an exercise, for the library's own exercises and plug-ins alike.

>>> from caire_exercises.testing import verify_exercise
>>> verify_exercise("numpy.zscore")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from caire_exercises.engine.attempt import check_answers as _check
from caire_exercises.engine.attempt import conclude, read_answers
from caire_exercises.engine.checking import answers_of, probe_answer, reference_answers, require_extras
from caire_exercises.model.exercise import Case, Exercise
from caire_exercises.model.i18n import LANGUAGES, Text
from caire_exercises.engine.report import Result

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


def check_answers(exercise: Exercise, answers: Mapping[str, Any], *, secret: str = "") -> Result:
    """Check `answers` ({answer name: object}) in this process, as ``ex.check`` does, quietly.

    Unlike a learner's check, the library's own answers (the reference, a
    declared mistake) are accepted: this is for proving exercises.
    """
    return _check(exercise, answers, secret=secret, library_answers=True)


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
      that mistake (so the learner reads its feedback), alone or with the other
      declared mistakes that nothing observed on that variant tells apart from it;
    * variants differ from one student to another (when the exercise has variants);
    * each of `alternatives` (other correct answers) passes too;
    * the notebook and the batch grader agree: on the default variant, the
      result of each answer above, of a placeholder, of an answer of the
      wrong kind and of malformed observations is the same when its answers
      report and its observations cross the grader's wire format and are
      judged by the grader's code (:func:`grader_result`); malformed
      observations never pass.

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
        from caire_exercises.engine.registry import registry

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
        parity = student is None

        def run(answers: Mapping[str, Any], *, bound: Exercise = bound, parity: bool = parity) -> Result:
            verification.checks += 1
            return _checked(bound, answers, problems, parity=parity)

        result = run(reference_answers(bound))
        if not result.passed:
            failed = [f"{case.name}: {case.message_in('en')}" for case in result.cases if not case.passed]
            note = result.note.render("en") if result.note else ""
            problems.append(f"the reference fails on the {who}: {note} {'; '.join(failed)}")
        for alternative in alternatives:
            result = run(answers_of(bound, alternative))
            if not result.passed:
                failed = [f"{c.name}: {c.message_in('en')}" for c in result.cases if not c.passed]
                problems.append(f"an alternative correct answer fails on the {who}: {'; '.join(failed)}")
        for mistake in exercise.mistakes:
            result = run(answers_of(bound, mistake.answer))
            if result.passed:
                problems.append(f"mistake {mistake.id!r} passes on the {who}")
            elif mistake.id not in result.mistakes:
                named = ", ".join(result.mistakes) or "none"
                problems.append(f"mistake {mistake.id!r} is not recognised on the {who} "
                                f"(recognised: {named})")
        if parity:
            for answers in _odd_answers(bound):
                run(answers)
            _malformed_observations_fail(bound, problems)
        seen_params.append(repr(sorted(bound.params.items(), key=lambda item: item[0])))
    if exercise.has_variants and len(set(seen_params[1:])) < 2:
        problems.append("the students' variants are all the same")
    if problems:
        raise ExerciseVerificationError(exercise.id, problems)
    return verification


# ------------------------------------------------------------------ the two paths


def grader_result(exercise: Exercise, report: Mapping[str, Any], cases: Sequence[Case],
                  outcomes: Sequence[Mapping[str, Any]]) -> Result:
    """What the batch grader concludes from an answers report and outcomes.

    Both cross the grader's wire format (JSON with arrays as ``.npy``), are
    checked step by step by the worker's book-keeping, and are judged by
    the worker's code, exactly as for a sandboxed submission.
    """
    from caire_exercises.engine.plain import dumps, loads
    from caire_exercises.grading.jobs import case_from_plain, case_to_plain
    from caire_exercises.grading.sandbox import Limits
    from caire_exercises.grading.supervise import JobState, judge_all

    # The cases travel as the grader sends them to its worker, private part included.
    sent = [case_from_plain(loads(dumps(case_to_plain(case)))) for case in cases]
    state = JobState(cells=[], exercises=[exercise], cases=[sent], limits=Limits())
    state.record(("answers", 0), loads(dumps(dict(report))))
    for index, outcome in enumerate(outcomes):
        state.record(("case", 0, index), loads(dumps(dict(outcome))))
    return Result.from_plain(judge_all(state)[0])


def _checked(exercise: Exercise, answers: Mapping[str, Any], problems: list[str], *,
             parity: bool) -> Result:
    """The notebook's result of `answers`; with `parity`, also held against the grader's."""
    require_extras(exercise)
    report, usable = read_answers(exercise, answers, library_answers=True)
    cases = exercise.make_cases() if usable is not None else []
    outcomes = probe_answer(exercise, usable, cases) if usable is not None else []
    notebook = conclude(exercise, report, cases, outcomes)
    if parity:
        grader = grader_result(exercise, report, cases, outcomes)
        if _comparable(notebook) != _comparable(grader):
            problems.append(f"the notebook and the grader disagree on {_answer_text(answers)}: "
                            f"{notebook.status}/{notebook.score:.2f} against {grader.status}/{grader.score:.2f}")
    return notebook


def _comparable(result: Result) -> dict[str, Any]:
    plain = result.to_plain()
    plain.pop("student", None)
    return plain


def _answer_text(answers: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={getattr(value, '__name__', type(value).__name__)}"
                     for name, value in answers.items())


def _odd_answers(exercise: Exercise) -> list[dict[str, Any]]:
    """A placeholder, and an answer of the wrong kind, for each part."""
    wrong: Any = 42 if exercise.kind in ("function", "estimator", "torch") else (lambda *args: None)
    return [{name: None for name in exercise.answer_names},
            {name: wrong for name in exercise.answer_names}]


_MALFORMED = ({"garbage": [1, 2, 3]}, [None], "a string", {"value": None}, {})


def _malformed_observations_fail(exercise: Exercise, problems: list[str]) -> None:
    """Observations a tampering notebook could send: judged alike on both paths, and never passed."""
    cases = exercise.make_cases()
    for data in _MALFORMED:
        outcomes = [{"status": "ok", "data": data} for _ in cases]
        notebook = conclude(exercise, {"state": "ok"}, cases, outcomes)
        grader = grader_result(exercise, {"state": "ok"}, cases, outcomes)
        if _comparable(notebook) != _comparable(grader):
            problems.append(f"the notebook and the grader disagree on malformed observations {data!r}")
        if notebook.passed or grader.passed:
            problems.append(f"malformed observations {data!r} pass")


def parametrize_with_exercises(exercises: Iterable[Exercise | str]) -> Any:
    """A pytest parametrisation that proves each exercise with :func:`verify_exercise`.

    As scikit-learn's ``parametrize_with_checks`` does for estimators::

        from caire_exercises.testing import parametrize_with_exercises, verify_exercise

        @parametrize_with_exercises(my_course.MODULE.exercises)
        def test_exercise(exercise):
            verify_exercise(exercise)
    """
    import pytest

    listed = list(exercises)
    ids = [item if isinstance(item, str) else item.id for item in listed]
    return pytest.mark.parametrize("exercise", listed, ids=ids)
