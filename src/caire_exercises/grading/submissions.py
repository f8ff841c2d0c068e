"""Finding submissions, reading notebooks and telling whose they are.

Every file under the paths given is a submission, notebook or not: a file
that cannot be graded (not a notebook, invalid JSON, an old notebook format,
an empty notebook) becomes an *ungradable* submission with the reason, and
the batch goes on. Hidden files and folders and Jupyter's checkpoints are
skipped.

Who is who: the student is whoever the submission's *place* names, as the LMS
or the teacher laid the files out: the file name (``alice@example.org.ipynb``),
or the folder (``alice@example.org/notebook.ipynb``, or Moodle's download
folder ``Éloïse Dupont_1234_assignsubmission_file_/tp1.ipynb``, whose number is
the assignment's participant number, kept for the offline grading worksheet).
Nothing inside the notebook decides whose it is: the student named in its
metadata (``metadata.caire.student``) counts only with the tag that ``caire
notebook --students`` signed with the course secret (:func:`student_tag`), and
only as a confirmation of the place. A notebook whose metadata names someone
else, and a place holding notebooks made for several students, are noted for
the teacher; neither changes anyone's grade.

The id is checked where it is read (:func:`~.escaping.check_student_id`): one
that is not printable or longer than 200 characters makes the submission
ungradable with the reason, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from caire_exercises.teacher.roster import student_tag
from caire_exercises.model.errors import GradingError
from caire_exercises.model.i18n import Text
from caire_exercises.grading.escaping import check_student_id, escape_unprintable, is_printable

NOTEBOOK_SUFFIX = ".ipynb"


@dataclass
class Submission:
    """One submitted file, read and classified."""

    path: Path
    name: str
    content_hash: str
    modified: float
    student: str
    cells: list[str] = field(default_factory=list)
    problem: Text | None = None
    notes: list[Text] = field(default_factory=list)
    #: Moodle's participant number when the place is one of Moodle's download folders or files.
    participant: str | None = None
    #: The student the notebook's metadata names, and whether the course secret signed it.
    claimed: str | None = None
    signed: bool = False
    #: What the teacher must know about who this is (a mismatch, a place holding several students).
    identity: list[Text] = field(default_factory=list)

    @property
    def gradable(self) -> bool:
        return self.problem is None


def discover(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[Path, Path]]:
    """Every submission file under `paths`, as ``(file, root it was found under)``, in a stable order.

    A symbolic link found in a folder is listed when it points outside that
    folder (file or folder, even a broken one): :func:`read_submission`
    refuses it, so that a link planted in an archive never gets a file of
    the teacher's graded, and the student still has a row that says why.
    Links to places inside the folder are left out (what they point to is
    graded anyway).

    Raises
    ------
    GradingError
        When a path does not exist (a usage error).
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise GradingError(f"No such file or folder: {path}")
        if path.is_file():
            found.append((path, path.parent))
            continue
        for folder, subfolders, files in os.walk(path):
            for name in sorted(subfolders):
                # os.walk does not enter linked folders: a link that leads out is reported, not followed.
                if not name.startswith(".") and _leads_outside(Path(folder, name), path):
                    found.append((Path(folder, name), path))
            subfolders[:] = sorted(name for name in subfolders
                                   if not name.startswith(".") and name != "__pycache__"
                                   and not Path(folder, name).is_symlink())
            for name in sorted(files):
                if name.startswith("."):
                    continue
                file = Path(folder, name)
                if file.is_symlink() and not _leads_outside(file, path):
                    continue
                found.append((file, path))
    unique: dict[Path, tuple[Path, Path]] = {}
    for file, root in found:
        key = file.absolute() if file.is_symlink() else file.resolve()
        unique.setdefault(key, (file, root))
    return list(unique.values())


def _leads_outside(link: Path, root: Path) -> bool:
    """Whether `link` is a symbolic link whose target is not inside `root` (broken links included)."""
    if not link.is_symlink():
        return False
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    return not target.is_relative_to(root.resolve())


def read_submission(path: Path, root: Path, *, secret: str = "") -> Submission:
    """Read `path`; a file that cannot be graded comes back with its `problem` in words.

    `secret` is the course secret that checks the tag of a student named in the metadata.
    """
    try:
        submission = _read(path, root, secret)
    except Exception as error:  # noqa: BLE001 - whatever a file holds, it is that file's row, never the batch's end
        submission = Submission(path, escape_unprintable(path.name), "", 0.0, student_from_path(path, root),
                                problem=Text(
                                    en=f"could not be read ({type(error).__name__}): the file is damaged or "
                                       "was crafted; submit the notebook as Jupyter saved it",
                                    fr=f"illisible ({type(error).__name__}) : le fichier est endommagé ou "
                                       "fabriqué ; rendez le notebook tel que Jupyter l'a enregistré"))
    student, problem = check_student_id(submission.student)
    if problem is not None:
        submission.student = student
        submission.problem = problem
        submission.name = escape_unprintable(submission.name)
    elif not is_printable(submission.name):
        submission.name = escape_unprintable(submission.name)
    return submission


def _read(path: Path, root: Path, secret: str) -> Submission:
    try:
        name = str(path.relative_to(root))
    except ValueError:
        name = path.name
    if path.is_symlink() and _leads_outside(path, root):
        return Submission(path, name, "", 0.0, student_from_path(path, root), problem=Text(
            en="a symbolic link to a file or folder outside the submissions folder; links are not followed: "
               "submit the notebook itself",
            fr="un lien symbolique vers un fichier ou un dossier hors du dossier des rendus ; les liens ne "
               "sont pas suivis : rendez le notebook lui-même"))
    try:
        raw = path.read_bytes()
        modified = path.stat().st_mtime
    except OSError as error:
        return Submission(path, name, "", 0.0, student_from_path(path, root),
                          problem=Text(en=f"cannot be read: {error.strerror or error}",
                                       fr=f"illisible : {error.strerror or error}"))
    submission = Submission(path, name, hashlib.sha256(raw).hexdigest(), modified,
                            student_from_path(path, root))
    if path.suffix.lower() != NOTEBOOK_SUFFIX:
        kind = Text(en=f"a {path.suffix} file", fr=f"un fichier {path.suffix}") if path.suffix else Text(
            en="a file without extension", fr="un fichier sans extension")
        submission.problem = Text(
            en=f"not a Jupyter notebook ({kind.en}); a submission must be a .ipynb file",
            fr=f"pas un notebook Jupyter ({kind.fr}) ; un rendu doit être un fichier .ipynb")
        return submission
    parsed = read_notebook(raw)
    if parsed is NOT_UTF8:
        # A notebook edited by hand in a Windows editor: valid once read in the legacy encoding.
        legacy = read_notebook(raw.decode("cp1252", errors="replace").encode("utf-8"))
        if not isinstance(legacy, Text):
            parsed = legacy
            submission.notes.append(_LEGACY_ENCODING)
    if isinstance(parsed, Text):
        submission.problem = parsed
        return submission
    submission.cells = parsed.code
    submission.participant = moodle_participant(path, root)
    if parsed.student:
        _check_claim(submission, parsed.student, parsed.tag, secret)
    return submission


def _check_claim(submission: Submission, claimed: str, tag: str | None, secret: str) -> None:
    """Record whom the metadata names; note it when it disagrees with the place or is not signed."""
    submission.claimed = claimed
    submission.signed = bool(secret) and isinstance(tag, str) and hmac.compare_digest(
        tag, student_tag(secret, claimed))
    place = submission.student
    if claimed.casefold() == place.casefold():
        return
    shown, where = escape_unprintable(claimed), escape_unprintable(place)
    if not submission.signed:
        submission.identity.append(Text(
            en=f"The notebook's metadata names {shown}, without the course's signature; the file's place "
               f"names {where}, so it is graded as {where}'s and no one else's grade changes.",
            fr=f"Les métadonnées du notebook désignent {shown}, sans la signature du cours\u202f; "
               f"l'emplacement du fichier désigne {where}, il est donc noté comme celui de {where} et la "
               "note de personne d'autre ne change."))
    elif "@" in place:
        submission.identity.append(Text(
            en=f"This notebook was made for {shown} (signed), but the file's place names {where}: a "
               f"notebook passed between students? Graded as {where}'s; {shown}'s grade is unchanged.",
            fr=f"Ce notebook a été préparé pour {shown} (signé), mais l'emplacement du fichier désigne "
               f"{where}\u202f: un notebook passé d'un étudiant à l'autre\u202f? Noté comme celui de "
               f"{where}\u202f; la note de {shown} ne change pas."))
    submission.notes.extend(submission.identity)


#: ``Éloïse Dupont_1234_assignsubmission_file_``: Moodle's folder (or file-name prefix) for one
#: participant's files in the assignment's "Download all submissions".
MOODLE_PLACE = re.compile(r"^(?P<name>.+?)_(?P<participant>\d+)_assign(?:submission|feedback)_[a-z0-9]+_")


def moodle_participant(path: Path, root: Path) -> str | None:
    """The participant number in a Moodle download folder or file name under `root`, if any."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = (path.name,)
    for part in parts:
        found = MOODLE_PLACE.match(part)
        if found:
            return found.group("participant")
    return None


def moodle_place(student: str) -> tuple[str, str] | None:
    """``(name, participant)`` when `student` is a Moodle download folder name, else None.

    >>> moodle_place("Éloïse Dupont_1234_assignsubmission_file_")
    ('Éloïse Dupont', '1234')
    """
    found = MOODLE_PLACE.match(student + ("_" if not student.endswith("_") else ""))
    return (found.group("name"), found.group("participant")) if found else None


NOT_UTF8 = Text(en="not a text file in UTF-8: the notebook is damaged",
                fr="pas un fichier texte en UTF-8 : le notebook est endommagé")
_LEGACY_ENCODING = Text(
    en="The file is not in UTF-8 (it was probably edited outside Jupyter); it was read as Windows-1252, "
       "so some accented letters may be wrong.",
    fr="Le fichier n'est pas en UTF-8 (il a sans doute été modifié hors de Jupyter) ; il a été lu en "
       "Windows-1252, certaines lettres accentuées peuvent donc être fausses.")


class Notebook(NamedTuple):
    """What the grader reads from a notebook: its code cells, and whom its metadata names."""

    code: list[str]
    student: str | None
    tag: str | None


def parse_notebook(raw: bytes) -> tuple[list[str], str | None] | Text:
    """The code cells and the student named in the metadata, or why the notebook cannot be graded."""
    parsed = read_notebook(raw)
    return parsed if isinstance(parsed, Text) else (parsed.code, parsed.student)


def read_notebook(raw: bytes) -> Notebook | Text:
    """The code cells, the student named in the metadata and its tag, or why the notebook cannot be
    graded."""
    if raw.startswith(b"PK\x03\x04"):
        return Text(en="a ZIP archive, not a notebook: unzip it and submit the .ipynb file it holds",
                    fr="une archive ZIP, pas un notebook : décompressez-la et rendez le fichier .ipynb "
                       "qu'elle contient")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return NOT_UTF8
    if not text.strip():
        return Text(en="empty file: the notebook was probably not saved before it was submitted",
                    fr="fichier vide : le notebook n'a sans doute pas été enregistré avant d'être rendu")
    if text.lstrip()[:1] not in ("{", "["):
        return Text(en="not valid JSON: the file holds plain text, not a notebook (a Python script renamed "
                       ".ipynb?); in Jupyter, save the notebook itself",
                    fr="JSON invalide : le fichier contient du texte brut, pas un notebook (un script Python "
                       "renommé en .ipynb ?) ; dans Jupyter, enregistrez le notebook lui-même")
    try:
        data = json.loads(text)
    except (RecursionError, ValueError) as error:
        if not isinstance(error, json.JSONDecodeError):
            # Nesting deeper than Python's stack, or an integer of thousands of digits.
            return Text(en=f"not a notebook Jupyter could have saved ({type(error).__name__}: nesting or "
                           "numbers beyond any notebook's)",
                        fr=f"pas un notebook que Jupyter aurait pu enregistrer ({type(error).__name__} : "
                           "imbrication ou nombres hors de portée d'un notebook)")
        return Text(en=f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); the "
                       "notebook was damaged, perhaps while it was being saved",
                    fr=f"JSON invalide (ligne {error.lineno}, colonne {error.colno} : {error.msg}) ; le "
                       "notebook a été endommagé, peut-être pendant son enregistrement")
    if not isinstance(data, dict):
        return Text(en="not a Jupyter notebook: the JSON document is not an object",
                    fr="pas un notebook Jupyter : le document JSON n'est pas un objet")
    version = data.get("nbformat")
    if "worksheets" in data or (isinstance(version, int) and version < 4):
        old = version if isinstance(version, int) else 3
        return Text(en=f"notebook format v{old} is too old: open it in Jupyter and save it again (format 4)",
                    fr=f"le format de notebook v{old} est trop ancien : ouvrez-le dans Jupyter et "
                       "enregistrez-le à nouveau (format 4)")
    if not isinstance(version, int) or not isinstance(data.get("cells"), list):
        return Text(en="not a Jupyter notebook: no nbformat version or no list of cells",
                    fr="pas un notebook Jupyter : pas de version nbformat ou pas de liste de cellules")
    try:
        import warnings

        import nbformat

        with warnings.catch_warnings():
            # A cell without an id (older Jupyter, hand-made files) is still a notebook we grade;
            # nbformat's MissingIDFieldWarning would only be noise in the teacher's terminal.
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
        cells = [(cell.get("cell_type"), cell.get("source", "")) for cell in notebook.cells]
        metadata: dict[str, Any] = dict(notebook.metadata)
    except ImportError:
        cells = [(cell.get("cell_type"), cell.get("source", "")) for cell in data["cells"]
                 if isinstance(cell, dict)]
        found = data.get("metadata")
        metadata = found if isinstance(found, dict) else {}
    except Exception as error:  # noqa: BLE001 - nbformat's many ways of refusing a file
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        return Text(en=f"not a valid Jupyter notebook: {detail}", fr=f"notebook Jupyter invalide : {detail}")
    code = ["".join(source) if isinstance(source, list) else str(source)
            for kind, source in cells if kind == "code"]
    if not cells:
        return Text(en="empty notebook: it has no cells", fr="notebook vide : il n'a aucune cellule")
    if not any(source.strip() for source in code):
        return Text(en="empty notebook: it has no code (was it saved before it was submitted?)",
                    fr="notebook vide : il ne contient aucun code (a-t-il été enregistré avant d'être rendu ?)")
    caire = metadata.get("caire")
    student = caire.get("student") if isinstance(caire, dict) else None
    tag = caire.get("student_tag") if isinstance(caire, dict) else None
    if isinstance(student, str) and student.strip() and len(student) <= 200:
        return Notebook(code, student.strip(), tag if isinstance(tag, str) else None)
    return Notebook(code, None, None)


def student_from_path(path: Path, root: Path) -> str:
    """``alice@example.org.ipynb`` → alice@example.org; ``alice@example.org/notebook.ipynb`` too.

    In deeper folders (``alice@example.org/tp1/notebook.ipynb``, or an LMS download
    ``Alice Martin_123_assignsubmission_file_/tp1/notebook.ipynb``) the nearest folder
    whose name is an e-mail address names the student, else the folder right under
    `root`: a student who submitted a folder is still one student.
    """
    # A linked folder (reported, not followed) is named by its whole name: "bob@example.org", not "bob@example".
    stem = path.name if path.is_symlink() and path.is_dir() else path.stem
    parent = path.parent
    moodle = MOODLE_PLACE.match(stem)
    if moodle and "@" not in parent.name:
        # Moodle's download without folders: "Name_1234_assignsubmission_file_tp1.ipynb".
        return moodle.group(0)
    if "@" in stem:
        return stem
    if "@" in parent.name:
        return parent.name
    try:
        relative = parent.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return stem
    folders = relative.parts
    if not folders:
        return stem
    for name in reversed(folders):
        if "@" in name:
            return name
    return folders[0]


def flag_duplicates(submissions: Iterable[Submission]) -> dict[str, list[Submission]]:
    """Students with more than one gradable submission; each of those gets a note saying so."""
    by_student: dict[str, list[Submission]] = defaultdict(list)
    for submission in submissions:
        if submission.gradable:
            by_student[submission.student].append(submission)
    duplicates = {student: items for student, items in by_student.items() if len(items) > 1}
    for student, items in duplicates.items():
        names = ", ".join(item.name for item in items)
        newest = max(items, key=lambda item: item.modified)
        for item in items:
            if item is newest:
                role = Text(en="this is the most recent, used in exports",
                            fr="celle-ci est la plus récente, reprise dans les exports")
            else:
                role = Text(en="this is an older one", fr="celle-ci est plus ancienne")
            item.notes.append(Text(
                en=f"Duplicate: {student} has {len(items)} submissions in this batch ({names}); each is "
                   f"graded, {role.en}.",
                fr=f"Doublon : {student} a {len(items)} rendus dans ce lot ({names}) ; chacun est noté, "
                   f"{role.fr}."))
        claimed = sorted({item.claimed for item in items if item.claimed})
        if len(claimed) > 1:
            # One place, notebooks made for several students: a group hand-in or a shared account.
            # Each is filed under the place's student; the teacher decides.
            who = ", ".join(escape_unprintable(name) for name in claimed)
            note = Text(en=f"The place {student} holds notebooks made for several students ({who}); all "
                           f"are filed under {student} and no one else's grade changes.",
                        fr=f"L'emplacement {student} contient des notebooks préparés pour plusieurs "
                           f"étudiants ({who})\u202f; tous sont rangés sous {student} et la note de personne "
                           "d'autre ne change.")
            for item in items:
                item.identity.append(note)
                item.notes.append(note)
    return duplicates

