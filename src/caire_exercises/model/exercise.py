"""The exercise model: an exercise is data.

A course designer declares an :class:`Exercise` (a frozen dataclass) with its
texts in both languages, its answer's name and kind, a reference solution,
the cases it is checked on, its declared mistakes and its hints. Variants are
a pure function of a seed: ``variant(rng) -> dict`` draws the numbers of one
student's variant, and the statement shows them through ``{name}``
placeholders.

Checking has two halves (see :mod:`caire_exercises.engine.checking`): a *probe* runs
an answer on a case and returns plain data; *checks* compare the learner's
plain data with the reference's and say what is wrong. The default probe and
checks fit most exercises; an exercise may bring its own.
"""

from __future__ import annotations

import hashlib
import os
import hmac
import inspect
import pprint
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from caire_exercises.model.errors import ExerciseDefinitionError, SolutionsOffError
from caire_exercises.model.i18n import LANGUAGES, N_, Message, Text, fill, message, resolve_language, typeset
from caire_exercises.model.questions import Question

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["function", "value", "estimator", "torch", "choice"]
KINDS: tuple[Kind, ...] = ("function", "value", "estimator", "torch", "choice")

#: What a check returns: nothing when the case passes, else what to tell the learner.
Feedback = Message | Text | str | None
Probe = Callable[[Mapping[str, Any], "Case"], Any]
Check = Callable[[Any, Any, "Case"], Feedback]

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Case:
    """One situation an answer is tried on.

    Parameters
    ----------
    name : str
        Short identifier, unique within the exercise (``"constant column"``).
    args, kwargs
        The inputs given to a function answer (or to a custom probe).
    hidden : bool
        A hidden case reports only that it passed or failed and the kind of
        error, never its inputs or expected value.
    label : Text, optional
        What the case tries, shown to the learner for shown cases.
    rtol, atol : float, optional
        Tolerances for this case; the library's convention by default.
    weight : float
        Its share of the score.
    timeout : float, optional
        Seconds allowed to the answer on this case (default: the exercise's).
    private : mapping, optional
        What only the judge may know about the case (the labels of held-out
        rows, an expected output): :class:`Fact` tests read it, but it never
        reaches the probe, nor the process that runs a learner's answer.
    """

    name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    hidden: bool = False
    label: Text | None = None
    rtol: float | None = None
    atol: float | None = None
    weight: float = 1.0
    timeout: float | None = None
    private: Mapping[str, Any] = field(default_factory=dict)

    def public(self) -> Case:
        """The case as the probe sees it: without its :attr:`private` part."""
        return replace(self, private={}) if self.private else self

    def fingerprint(self) -> str:
        """A digest of the case's name and inputs: arrays and pandas objects by content.

        Two cases with the same fingerprint give the same outcome to a
        deterministic answer, which lets the engine remember what the
        library's own answers (reference, mistakes) gave.
        """
        digest = hashlib.sha256(self.name.encode("utf-8"))

        def feed(value: Any) -> None:
            import numpy as np

            if isinstance(value, np.ndarray):
                digest.update(f"array{value.dtype.str}{value.shape}".encode())
                digest.update(np.ascontiguousarray(value).tobytes() if value.dtype.kind != "O"
                              else repr(value.tolist()).encode())
            elif hasattr(value, "to_numpy") and hasattr(value, "index"):
                import pandas as pd

                # repr() of a frame is truncated: two tables could share it.
                digest.update(f"pandas{list(getattr(value, 'columns', []))}{value.dtypes}".encode())
                digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
            elif isinstance(value, Mapping):
                for key in sorted(value, key=str):
                    digest.update(f"key:{key!r}".encode())
                    feed(value[key])
            elif isinstance(value, (list, tuple)):
                digest.update(f"seq{len(value)}".encode())
                for item in value:
                    feed(item)
            else:
                digest.update(repr(value).encode("utf-8"))

        feed(self.args)
        feed(dict(self.kwargs))
        digest.update(repr((self.hidden, self.rtol, self.atol, self.timeout)).encode())
        return digest.hexdigest()



@dataclass(frozen=True)
class Mistake:
    """A wrong answer that learners really give, and what to tell them.

    Parameters
    ----------
    id : str
        Short identifier (``"ddof1"``).
    feedback : Text
        What the learner reads when their answer behaves like this one: name
        the error and what to try.
    answer : object
        The wrong answer itself, of the exercise's kind (a function, a value, a
        dict of parts for a multi-part answer). The engine recognises the
        mistake when the learner's answer gives the same data on a failed case.
    """

    id: str
    feedback: Text
    answer: Any


@dataclass(frozen=True)
class Fact:
    """A named test over what a probe observed, evaluated by the judge.

    A probe only *observes* (the predictions an answer made, the loss it
    reached, the shape it returned); a fact decides, in the judge's process,
    from those observations and from what only the judge knows (the case's
    :attr:`Case.private` part, the reference's observations). A fact that does
    not hold fails the case with its feedback; the first one declared wins.

    The engine also recognises declared mistakes by facts: a learner's answer
    behaves like a declared mistake on a case when the same facts hold and
    fail for both (and, where values are compared, the values agree).

    Parameters
    ----------
    name : str
        Short identifier, unique within the exercise (``"accurate"``).
    holds : callable
        ``holds(observed, expected, case) -> bool``: `observed` is the
        learner's probe data, `expected` the reference's on the same case,
        `case` the whole case, private part included. A fact that raises on
        malformed data does not hold.
    feedback : Text or callable
        What the learner reads when the fact does not hold: a :class:`Text`,
        or ``feedback(observed, expected, case) -> Text`` to quote numbers.
    """

    name: str
    holds: Callable[[Any, Any, Case], bool]
    feedback: Text | Callable[[Any, Any, Case], Text]

    def evaluate(self, observed: Any, expected: Any, case: Case) -> bool:
        """Whether the fact holds; data that breaks the test means it does not."""
        try:
            return bool(self.holds(observed, expected, case))
        except Exception:  # noqa: BLE001 - malformed or forged observations prove nothing
            return False

    def message(self, observed: Any, expected: Any, case: Case) -> Message:
        """The feedback for a case where the fact does not hold."""
        if isinstance(self.feedback, Text):
            return Message(self.feedback)
        try:
            text = self.feedback(observed, expected, case)
            return text if isinstance(text, Message) else Message(text)
        except Exception:  # noqa: BLE001 - feedback that cannot quote the data still says something
            return message(N_("The answer does not meet this requirement of the exercise: {fact}."),
                           fact=self.name)


#: What a course may set for an exercise, in the assignment file or through
#: :meth:`Exercise.with_settings`: the domains and the number of a quiz's items, whether a
#: wrong item shows the expected answer, how many hints a learner may see.
SETTINGS = ("domains", "items", "show_expected", "max_hints")

#: The audiences an exercise or a module is written for.
AUDIENCES = ("all", "business", "health", "engineering")


@dataclass(frozen=True)
class Exercise:
    """An exercise, as declared by a course designer (see the module docstring).

    Use :meth:`for_student` (or ``cx.get(id, student=...)``) for a student's
    variant; the declared object is the default variant.
    """

    id: str
    module: str
    title: Text
    statement: Text
    answer_name: str | tuple[str, ...]
    kind: Kind
    reference: Any
    cases: Callable[[Mapping[str, Any], np.random.Generator], Sequence[Case]]
    hints: tuple[Text, ...]
    mistakes: tuple[Mistake, ...] = ()
    difficulty: int = 1
    minutes: int = 10
    tags: tuple[str, ...] = ()
    dataset: str | None = None
    variant: Callable[[np.random.Generator], Mapping[str, Any]] | None = None
    probe: Probe | None = None
    checks: tuple[Check, ...] = ()
    figure: Callable[[Case, Any, Any], str | None] | None = None
    compare_values: bool = True
    pass_score: float = 1.0
    points: float = 1.0
    timeout: float = 5.0
    solution_code: str | None = None
    requires: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    audience: tuple[str, ...] = ("engineering",)
    teacher_notes: Text | None = None
    questions: Callable[[Mapping[str, Any]], Sequence[Question]] | None = None
    settings: tuple[tuple[str, Any], ...] = ()
    student: str | None = None

    def __post_init__(self) -> None:
        def bad(message: str) -> ExerciseDefinitionError:
            return ExerciseDefinitionError(message, exercise_id=str(self.id))

        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise bad("the id must look like 'module.name' (lower case, digits, underscores)")
        if self.kind not in KINDS:
            raise bad(f"kind must be one of {KINDS}, not {self.kind!r}")
        for name in self.answer_names:
            if not _NAME.match(name):
                raise bad(f"answer name {name!r} is not a valid Python name")
        for text_field in ("title", "statement"):
            if not isinstance(getattr(self, text_field), Text):
                raise bad(f"{text_field} must be a Text(en=..., fr=...)")
        if not all(isinstance(hint, Text) for hint in self.hints):
            raise bad("hints must be Text objects")
        if not 1 <= self.difficulty <= 3:
            raise bad("difficulty goes from 1 to 3")
        ids = [mistake.id for mistake in self.mistakes]
        if len(set(ids)) != len(ids):
            raise bad("two declared mistakes share an id")
        if len(self.answer_names) > 1 and not isinstance(self.reference, Mapping):
            raise bad("a multi-part answer needs a reference dict {part name: answer}")
        fact_names = [fact.name for fact in self.facts]
        if len(set(fact_names)) != len(fact_names) or not all(isinstance(f, Fact) for f in self.facts):
            raise bad("facts must be Fact objects with distinct names")
        if isinstance(self.audience, str) or not set(self.audience) <= set(AUDIENCES) or not self.audience:
            raise bad(f"audience must be a tuple out of {AUDIENCES}")
        if self.teacher_notes is not None and not isinstance(self.teacher_notes, Text):
            raise bad("teacher_notes must be a Text(en=..., fr=...)")

    # ------------------------------------------------------------------ variants

    @property
    def answer_names(self) -> tuple[str, ...]:
        """The names the learner defines, one for most exercises."""
        return (self.answer_name,) if isinstance(self.answer_name, str) else tuple(self.answer_name)

    @property
    def has_variants(self) -> bool:
        return self.variant is not None

    def with_settings(self, **settings: Any) -> Exercise:
        """This exercise as a course sets it up (see :data:`SETTINGS`); None leaves a setting unset.

        ``domains`` and ``items`` reach the variant generator of a quiz (one that takes a
        ``settings`` keyword), ``show_expected`` the judge's feedback through the variant's
        parameters, ``max_hints`` :attr:`allowed_hints`.
        """
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise ExerciseDefinitionError(f"unknown setting(s) {unknown}; known: {list(SETTINGS)}",
                                          exercise_id=self.id)
        merged = dict(self.settings)
        for name, value in settings.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = tuple(value) if isinstance(value, (list, set, frozenset)) else value
        if "domains" in merged:
            merged["domains"] = tuple(sorted(merged["domains"]))
        if "max_hints" in merged and (not isinstance(merged["max_hints"], int) or merged["max_hints"] < 0):
            raise ExerciseDefinitionError("max_hints must be a whole number, 0 or more", exercise_id=self.id)
        frozen = tuple(sorted(merged.items()))
        if frozen == self.settings:
            return self
        fresh = replace(self, settings=frozen)
        return fresh

    @property
    def setting(self) -> dict[str, Any]:
        """The course's settings of this exercise, as a dict."""
        return dict(self.settings)

    @property
    def allowed_hints(self) -> tuple[Text, ...]:
        """The hints a learner may see: all of them, or the first ``max_hints``."""
        limit = self.setting.get("max_hints")
        return self.hints if limit is None else self.hints[:limit]

    def for_student(self, student: str | None) -> Exercise:
        """This exercise bound to `student`'s variant (``None``: the default variant)."""
        return replace(self, student=student) if student != self.student else self

    @cached_property
    def seed(self) -> int:
        """The variant's seed: a stable hash of the exercise id and the student."""
        return stable_seed("variant", self.id, self.student or "")

    @cached_property
    def params(self) -> dict[str, Any]:
        """The numbers of this variant, drawn by the exercise's variant generator."""
        if self.variant is None:
            return {}
        import numpy as np

        rng = np.random.default_rng(self.seed)
        if "settings" in inspect.signature(self.variant).parameters:
            return dict(self.variant(rng, settings=self.setting))
        return dict(self.variant(rng))

    def make_cases(self, secret: str = "", *, assignment: str = "") -> list[Case]:
        """The cases of this variant; hidden ones are drawn from `secret` as well.

        With a course secret, the generator is seeded by HMAC-SHA256 keyed by the
        secret over the assignment, the exercise and the student: nobody without
        the secret can compute it, and seeing drawn inputs does not reveal it.
        """
        import numpy as np

        if secret:
            message = "\x1f".join(("cases", assignment, self.id, self.student or "")).encode("utf-8")
            digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
            seed = int.from_bytes(digest[:8], "big")
        else:
            seed = stable_seed("cases", self.id, self.student or "")
        rng = np.random.default_rng(seed)
        cases = list(self.cases(self.params, rng))
        names = [case.name for case in cases]
        if len(set(names)) != len(names):
            raise ExerciseDefinitionError("two cases share a name", exercise_id=self.id)
        return cases

    # --------------------------------------------------------------------- texts

    def title_in(self, language: str | None = None) -> str:
        return self.title.render(resolve_language(language))

    def statement_in(self, language: str | None = None) -> str:
        """The statement in `language`, with this variant's numbers."""
        shown = {key: value for key, value in self.params.items()
                 if isinstance(value, (str, int, float)) or value is None}
        lang = resolve_language(language)
        # Typeset once the variant's values are in: they are part of the statement's prose.
        return typeset(fill(self.statement.render(lang), shown), lang)

    def solution_source(self, *, teacher: bool = False) -> str:
        """The reference solution as source code.

        Raises :class:`~caire_exercises.model.errors.SolutionsOffError` when the course turned
        solutions off (``CAIRE_SOLUTIONS=off``), unless a teacher's tool asks (`teacher`).
        """
        if not teacher and not solutions_allowed():
            raise SolutionsOffError(self.id)
        if self.solution_code is not None:
            return textwrap.dedent(self.solution_code).strip() + "\n"
        # A single answer may itself be a dict (a quiz's choices): only a multi-part
        # answer is split into its parts.
        parts = (dict(self.reference) if len(self.answer_names) > 1
                 else {self.answer_names[0]: self.reference})
        if self.kind == "choice" and len(parts) == 1 and isinstance(self.reference, Mapping):
            # A quiz's reference covers the whole item bank: show this variant's items only.
            asked = [case.name for case in self.make_cases()]
            if all(name in self.reference for name in asked):
                parts = {self.answer_names[0]: {name: self.reference[name] for name in asked}}
        chunks = []
        for name, part in parts.items():
            if callable(part):
                try:
                    chunks.append(textwrap.dedent(inspect.getsource(part)).strip())
                except (OSError, TypeError):
                    chunks.append(repr(part))
            else:
                chunks.append(f"{name} = {pprint.pformat(part, sort_dicts=False, width=88)}")
        return "\n\n\n".join(chunks) + "\n"

    def __repr__(self) -> str:
        student = f", student={self.student!r}" if self.student else ""
        return f"<Exercise {self.id}{student}>"


def stable_seed(*parts: str) -> int:
    """A 64-bit seed from `parts`, the same on every machine and every run (SHA-256).

    >>> stable_seed("variant", "numpy.zscore", "alice@example.org") == stable_seed(
    ...     "variant", "numpy.zscore", "alice@example.org")
    True
    """
    digest = hashlib.sha256("\x1f".join(("caire",) + parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def all_languages_present(text: Text) -> bool:
    """Whether `text` is written in every language (not empty, not a copy of the other)."""
    values = [getattr(text, lang).strip() for lang in LANGUAGES]
    return all(values)


def solutions_allowed() -> bool:
    """Whether the course lets learners see solutions (``CAIRE_SOLUTIONS=off`` turns them off)."""
    return os.environ.get("CAIRE_SOLUTIONS", "on").strip().lower() not in {"off", "0", "no", "false"}
