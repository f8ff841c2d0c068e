"""The exercise model: an exercise is data.

A course designer declares an :class:`Exercise` (a frozen dataclass) with its
texts in both languages, its answer's name and kind, a reference solution,
the cases it is checked on, its declared mistakes and its hints. Variants are
a pure function of a seed: ``variant(rng) -> dict`` draws the numbers of one
student's variant, and the statement shows them through ``{name}``
placeholders.

Checking has two halves (see :mod:`caire_exercises._checking`): a *probe* runs
an answer on a case and returns plain data; *checks* compare the learner's
plain data with the reference's and say what is wrong. The default probe and
checks fit most exercises; an exercise may bring its own.
"""

from __future__ import annotations

import hashlib
import inspect
import pprint
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from ._errors import ExerciseDefinitionError
from ._i18n import LANGUAGES, Message, Text, fill, resolve_language, typeset

if TYPE_CHECKING:
    import numpy as np

    from ._report import Result

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

    # ------------------------------------------------------------------ variants

    @property
    def answer_names(self) -> tuple[str, ...]:
        """The names the learner defines, one for most exercises."""
        return (self.answer_name,) if isinstance(self.answer_name, str) else tuple(self.answer_name)

    @property
    def has_variants(self) -> bool:
        return self.variant is not None

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

        return dict(self.variant(np.random.default_rng(self.seed)))

    def make_cases(self, secret: str = "") -> list[Case]:
        """The cases of this variant; hidden ones are drawn from `secret` as well."""
        import numpy as np

        rng = np.random.default_rng(stable_seed("cases", self.id, self.student or "", secret))
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

    def solution_source(self) -> str:
        """The reference solution as source code."""
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

    # ------------------------------------------------------ the learner's side

    def check(self, *answer: Any, quiet: bool = False, **answers: Any) -> Result:
        """Check an answer, show the feedback, record the progress and return the result.

        ``ex.check(zscore)`` passes the answer; ``ex.check(assign=a, update=u)``
        passes the parts of a multi-part answer by name; ``ex.check()`` looks
        the answer up under its name in the notebook.
        """
        from ._student import check_in_session

        return check_in_session(self, answer, answers, quiet=quiet)

    def hint(self, number: int | None = None) -> Message | Text:
        """Show the next hint (or hint `number`, from 1) and return it."""
        from ._student import show_hint

        return show_hint(self, number)

    def solution(self) -> str | None:
        """Show the reference solution, unless the course turned solutions off."""
        from ._student import show_solution

        return show_solution(self)

    # ------------------------------------------------------------------ display

    def _repr_markdown_(self) -> str:
        from ._report import exercise_markdown

        return exercise_markdown(self)

    def __repr__(self) -> str:
        from ._report import exercise_text

        return exercise_text(self)

    def __str__(self) -> str:
        return self.__repr__()


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
