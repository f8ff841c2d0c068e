"""What data sets exist, what each one is, and its datasheet.

A data set is a folder of the bundled ``datasets/`` tree holding a
``meta.json`` and a datasheet in each language (``datasheet.en.md``,
``datasheet.fr.md``). The real and generated sets are also known to the code
(:data:`BUILTIN`), so that a missing folder is an error a test sees, not a set
that silently disappears; any other folder with a ``meta.json`` is a data set
too, read from its file, so sets written by the project need no code.

``meta.json`` keys (only ``kind`` and ``title`` are required, plus ``file``
for a file-based set):

``name``, ``kind``
    ``"real"``, ``"generated"`` or ``"written"``.
``title``
    ``{"en": ..., "fr": ...}``.
``licence``, ``citation``, ``source``
    The licence of the data (an SPDX id where there is one), how to cite it,
    and where its rows come from, in words.
``file``, ``format``
    For a file-based set: the data file and ``"csv"`` or ``"jsonl"``; for item banks,
    ``"bank"`` and a pattern of YAML files (``"*.yaml"``), or ``"yaml"`` and one YAML file
    (a bank, or another list of ``items``), read one item a row.
``target``, ``task``, ``target_names``
    The column to predict (or null), ``"classification"`` or ``"regression"``
    (inferred from the column's dtype when absent), and the class names in the
    order of their integer codes.
``categorical``, ``exclude``
    For the numeric forms: columns one-hot encoded, and columns left out of
    ``X`` (identifiers, dates, free text, other outcomes).
``split_column``
    A column naming the split of each row; defaults to ``"split"`` when the
    table has one.
``forms``, ``forms_reason``
    The forms offered (default ``["pandas", "hf"]``) and, in English, why
    the others are not.
``answer_key``
    ``true`` for a set that holds the answers of exercises (a quiz's item bank,
    annotated summaries): the grader's sandbox does not let a submission read it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from caire_exercises.model.errors import UnknownDatasetError
from caire_exercises.model.i18n import Text, resolve_language

Form = Literal["pandas", "hf", "numpy", "torch"]
FORMS: tuple[Form, ...] = ("pandas", "hf", "numpy", "torch")

REAL = ("iris", "wine", "breast_cancer", "digits", "diabetes", "penguins")
GENERATED = ("patients", "kidney", "hospitals", "credit", "pii_logs", "blobs_outliers", "rare_events",
             "cardiology", "small_cohort")
BUILTIN = REAL + GENERATED


def bundled_root() -> Path:
    """The folder of the data files and datasheets: inside the wheel, or ``datasets/`` in a source tree."""
    package = Path(__file__).resolve().parent
    inside = package / "_bundled"
    if inside.is_dir():
        return inside
    return package.parents[2] / "datasets"


@dataclass(frozen=True)
class DatasetInfo:
    """What the catalogue knows about one data set (read from its ``meta.json``)."""

    name: str
    kind: str
    title: Text
    licence: str = ""
    citation: str = ""
    source: str = ""
    file: str | None = None
    format: str = "csv"
    target: str | None = None
    task: str | None = None
    target_names: tuple[str, ...] | None = None
    categorical: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    split_column: str | None = None
    forms: tuple[str, ...] = ("pandas", "hf")
    forms_reason: str = ""
    folder: Path = field(default_factory=Path)

    @property
    def synthetic(self) -> bool:
        """Whether the rows were generated rather than measured or written."""
        return self.kind == "generated"


def _read_meta(folder: Path) -> DatasetInfo:
    meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    title = meta.get("title") or {}
    names = meta.get("target_names")
    return DatasetInfo(
        name=meta.get("name", folder.name),
        kind=meta.get("kind", "written"),
        title=Text(en=title.get("en", folder.name), fr=title.get("fr", title.get("en", folder.name))),
        licence=meta.get("licence", ""),
        citation=meta.get("citation", ""),
        source=meta.get("source", ""),
        file=meta.get("file"),
        format=meta.get("format", "csv"),
        target=meta.get("target"),
        task=meta.get("task"),
        target_names=tuple(str(n) for n in names) if names else None,
        categorical=tuple(meta.get("categorical", ())),
        exclude=tuple(meta.get("exclude", ())),
        split_column=meta.get("split_column"),
        forms=tuple(meta.get("forms", ("pandas", "hf"))),
        forms_reason=meta.get("forms_reason", ""),
        folder=folder,
    )


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, DatasetInfo]:
    root = bundled_root()
    found: dict[str, DatasetInfo] = {}
    if root.is_dir():
        for meta in sorted(root.glob("*/meta.json")):
            try:
                info = _read_meta(meta.parent)
            except PermissionError:
                # In the grader's sandbox an answer key (``answer_key`` below) cannot be read:
                # it stays listed, and loading it says that it cannot be read.
                info = DatasetInfo(name=meta.parent.name, kind="written",
                                   title=Text(en=meta.parent.name, fr=meta.parent.name), folder=meta.parent)
            found[meta.parent.name] = info
    for name in BUILTIN:
        if name not in found:
            # Known to the code but its folder is missing: still listed, so that
            # the datasheet test names it instead of forgetting it.
            found[name] = DatasetInfo(name=name, kind="real" if name in REAL else "generated",
                                      title=Text(en=name, fr=name), folder=root / name)
    return dict(sorted(found.items()))


def list_datasets() -> list[str]:
    """The names of every data set, sorted.

    >>> "iris" in list_datasets() and "patients" in list_datasets()
    True
    """
    return list(_catalogue())


def info(name: str) -> DatasetInfo:
    """What the catalogue knows about `name`.

    Raises
    ------
    UnknownDatasetError
        If no data set has that name; the error lists close matches.
    """
    catalogue = _catalogue()
    if name in catalogue:
        return catalogue[name]
    wanted = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if wanted in catalogue:
        suggestions = [wanted]
    else:
        suggestions = difflib.get_close_matches(wanted, list(catalogue), n=3, cutoff=0.6)
        suggestions += [known for known in catalogue if wanted and wanted in known and known not in suggestions]
    raise UnknownDatasetError(str(name), suggestions[:3])


def datasheet(name: str, language: str | None = None) -> str:
    """The datasheet of `name` (Markdown): source, licence, citation, columns, known biases.

    Parameters
    ----------
    name : str
    language : {"fr", "en"}, optional
        Defaults to the language in force (see ``caire_exercises.set_language``).

    Raises
    ------
    UnknownDatasetError
        If no data set has that name.
    FileNotFoundError
        If the set has no datasheet in that language.
    """
    found = info(name)
    path = found.folder / f"datasheet.{resolve_language(language)}.md"
    if not path.is_file():
        raise FileNotFoundError(f"The data set {name!r} has no datasheet {path.name} in {found.folder}.")
    return path.read_text(encoding="utf-8")
