"""What teachers really write: assignment files with mistakes, rosters from spreadsheets and LMSs,
and the round trip notebooks -> answers -> grade -> export with awkward student ids."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caire_exercises import Assignment
from caire_exercises.model.errors import GradingError, UnknownExerciseError
from caire_exercises.teacher.assignment import read_roster

GOOD = 'title = "TP 1 : NumPy"\nlanguage = "fr"\n\n[[exercises]]\nid = "numpy.zscore"\npoints = 2\n'


def load(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Assignment:
    path = tmp_path / "tp1.toml"
    path.write_bytes(text.encode(encoding))
    return Assignment.from_file(path)


def refused(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> str:
    with pytest.raises(GradingError) as caught:
        load(tmp_path, text, encoding=encoding)
    message = str(caught.value)
    assert "tp1.toml" in message
    return message


# ------------------------------------------------------------------ assignment files


def test_a_good_file_is_read_as_written(tmp_path: Path) -> None:
    assignment = load(tmp_path, GOOD + '[[exercises]]\nid = " numpy.softmax "\npoints = 1.5\n')
    assert (assignment.title, assignment.language, assignment.exercise_ids, assignment.max_points) == (
        "TP 1 : NumPy", "fr", ["numpy.zscore", "numpy.softmax"], 3.5)


@pytest.mark.parametrize("points", ["-1", "0", '"2"', '"1,5"', "true", "nan", "inf", "1e400", "[1]"])
def test_points_must_be_a_positive_number(tmp_path: Path, points: str) -> None:
    message = refused(tmp_path, GOOD.replace("points = 2", f"points = {points}"))
    assert "numpy.zscore" in message and "points" in message and "1.5" in message


@pytest.mark.parametrize("typo, setting, expected", [
    ("exercices", "[[exercices]]\nid = \"numpy.softmax\"\n", "exercises"),
    ("solution", "solution = true\n", "solutions"),
    ("hint", "hint = false\n", "hints"),
    ("titel", 'titel = "x"\n', "title"),
])
def test_a_misspelt_setting_is_named_with_the_right_spelling(tmp_path: Path, typo: str, setting: str,
                                                              expected: str) -> None:
    # Settings go before the first [[exercises]] table, where TOML puts top-level keys.
    text = GOOD.replace('language = "fr"\n', f'language = "fr"\n{setting}') if not setting.startswith("[[") \
        else GOOD + setting
    message = refused(tmp_path, text)
    assert f"'{typo}'" in message and f"'{expected}'" in message
    assert "vouliez-vous dire" in message          # the file says language = "fr"


def test_a_misspelt_key_of_an_exercise_is_refused_rather_than_worth_one_point(tmp_path: Path) -> None:
    message = refused(tmp_path, GOOD.replace("points = 2", "point = 2"))
    assert "'point'" in message and "'points'" in message


def test_an_exercise_listed_twice_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, GOOD + '\n[[exercises]]\nid = "numpy.zscore"\n')
    assert "numpy.zscore" in message and "deux fois" in message


@pytest.mark.parametrize("text", [
    GOOD.replace('title = "TP 1 : NumPy"\n', ""),
    GOOD.replace('"TP 1 : NumPy"', '"   "'),
])
def test_an_assignment_needs_a_title(tmp_path: Path, text: str) -> None:
    assert "title" in refused(tmp_path, text)


@pytest.mark.parametrize("language, expected", [("FR", "fr"), ("fr_FR", "fr"), (" en ", "en")])
def test_language_spellings(tmp_path: Path, language: str, expected: str) -> None:
    assert load(tmp_path, GOOD.replace('"fr"', f'"{language}"')).language == expected


@pytest.mark.parametrize("language", ["de", "", "3"])
def test_a_language_other_than_french_or_english_is_refused(tmp_path: Path, language: str) -> None:
    assert "language" in refused(tmp_path, GOOD.replace('"fr"', f'"{language}"'))


@pytest.mark.parametrize("setting", ['solutions = "false"', 'hints = "non"', "solutions = 0"])
def test_switches_must_be_true_or_false(tmp_path: Path, setting: str) -> None:
    # solutions = "false" used to be read as true: the solutions were shown to the students.
    message = refused(tmp_path, GOOD.replace('language = "fr"\n', f'language = "fr"\n{setting}\n'))
    assert "true" in message and "false" in message


def test_the_secret_is_never_read_from_the_file(tmp_path: Path) -> None:
    message = refused(tmp_path, GOOD.replace('language = "fr"\n', 'language = "fr"\nsecret = "abc"\n'))
    assert "CAIRE_COURSE_SECRET" in message and "abc" not in message
    message = refused(tmp_path, GOOD.replace('language = "fr"\n',
                                             'language = "fr"\nsecret_env = "mon secret du cours"\n'))
    assert "secret_env" in message


def test_the_secret_comes_from_the_variable_the_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assignment = load(tmp_path, GOOD.replace('language = "fr"\n', 'language = "fr"\nsecret_env = "TP1_SECRET"\n'))
    monkeypatch.setenv("TP1_SECRET", "from the environment")
    assert assignment.secret() == "from the environment"
    assert assignment.secret("from --secret") == "from --secret"


@pytest.mark.parametrize("text", [
    'title = "TP"\nexercises = []\n',
    'title = "TP"\n',
    'title = "TP"\n[exercises]\nid = "numpy.zscore"\n',
    'title = "TP"\n[[exercises]]\npoints = 2\n',
])
def test_an_empty_or_malformed_exercise_list_is_refused(tmp_path: Path, text: str) -> None:
    assert "exercis" in refused(tmp_path, text)


def test_unknown_exercise_ids_get_close_matches(tmp_path: Path) -> None:
    assignment = load(tmp_path, GOOD.replace("numpy.zscore", "numpy.zscor"))
    with pytest.raises(UnknownExerciseError) as caught:
        assignment.validate()
    assert "numpy.zscore" in caught.value.suggestions


def test_texts_must_be_text(tmp_path: Path) -> None:
    assert "intro" in refused(tmp_path, GOOD.replace('language = "fr"\n', 'language = "fr"\nintro = ["a"]\n'))
    assert "title" in refused(tmp_path, GOOD.replace('"TP 1 : NumPy"', "3"))


def test_a_byte_order_mark_is_fine_and_another_encoding_is_named(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeff" + GOOD.replace("TP 1", "TP é")).title == "TP é : NumPy"
    # Before: a UnicodeDecodeError with a traceback.
    assert "UTF-8" in refused(tmp_path, GOOD.replace("TP 1", "TP é"), encoding="cp1252")


def test_invalid_toml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    assert "TOML" in refused(tmp_path, 'title = "TP 1 : NumPy\n')


def test_messages_speak_the_language_of_the_file(tmp_path: Path) -> None:
    assert "deux fois" in refused(tmp_path, GOOD + '[[exercises]]\nid = "numpy.zscore"\n')
    english = GOOD.replace('"fr"', '"en"') + '[[exercises]]\nid = "numpy.zscore"\n'
    assert "listed twice" in refused(tmp_path, english)


# ----------------------------------------------------------------------------- rosters


def roster(tmp_path: Path, text: str, encoding: str = "utf-8") -> list[str]:
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode(encoding))
    return read_roster(path)


FRENCH_EXCEL = ("Nom;Prénom;Adresse de courriel;Numéro d'identification\r\n"
                "Durand;Zoé;zoe.durand@univ.fr;2024001\r\n"
                "O'Neil-Lefèvre;Anne-Sophie;anne-sophie.oneil@univ.fr;2024002\r\n"
                ";;;\r\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_a_french_excel_roster_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    assert roster(tmp_path, FRENCH_EXCEL, encoding) == ["zoe.durand@univ.fr", "anne-sophie.oneil@univ.fr"]


@pytest.mark.parametrize("text", [
    # Moodle's participants page, downloaded as CSV, in English and in French.
    "First name,Last name,Email address,Roles,Groups\nZoé,Durand,zoe.durand@univ.fr,Student,G1\n",
    "Prénom,Nom,Adresse de courriel,Rôles,Groupes\nZoé,Durand,zoe.durand@univ.fr,Étudiant,\n",
    # Excel's "sep=" first line, blank lines, spaces around the address.
    "sep=;\n\nNom;E-mail\n\nDurand; zoe.durand@univ.fr \n\n",
])
def test_rosters_exported_by_lms_and_spreadsheets(tmp_path: Path, text: str) -> None:
    assert roster(tmp_path, text) == ["zoe.durand@univ.fr"]


def test_an_id_column_when_there_is_no_e_mail(tmp_path: Path) -> None:
    assert roster(tmp_path, FRENCH_EXCEL.replace("Adresse de courriel", "Groupe")) == [
        "2024001", "2024002"]


def test_duplicates_are_kept_once_and_capitals_kept(tmp_path: Path) -> None:
    text = "email\nZoe.Durand@Univ.fr\nbob@example.org\nZoe.Durand@Univ.fr\n"
    assert roster(tmp_path, text) == ["Zoe.Durand@Univ.fr", "bob@example.org"]


def test_the_same_address_with_other_capitals_is_refused(tmp_path: Path) -> None:
    # Their notebooks would overwrite each other on macOS and Windows.
    with pytest.raises(GradingError, match="(?i)capitals|majuscules"):
        roster(tmp_path, "email\nZoe.Durand@univ.fr\nzoe.durand@univ.fr\n")


def test_a_roster_without_an_id_column_names_its_columns(tmp_path: Path) -> None:
    with pytest.raises(GradingError, match="Nom, Prénom"):
        roster(tmp_path, "Nom;Prénom\nDurand;Zoé\n")
    with pytest.raises(GradingError):
        roster(tmp_path, "email\n\n;\n")


def test_three_hundred_students(tmp_path: Path) -> None:
    lines = ["Nom;Prénom;Adresse de courriel"] + [f"Nom{i};Prénom{i};etudiant.{i}@univ.fr" for i in range(300)]
    students = roster(tmp_path, "\r\n".join(lines), "cp1252")
    assert len(students) == 300 and students[-1] == "etudiant.299@univ.fr"


# ---------------------------------------------------------------- notebooks, round trip

ODD_IDS = ["zoé.o'neil-dupont@univ.fr", "../../evil", "a/b", ".hidden", "ANNE@univ.fr"]


def caire(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "caire_exercises", *args], check=False, cwd=cwd,
                          capture_output=True,
                          text=True, timeout=600,
                          env={**os.environ, "CAIRE_COURSE_SECRET": "rT8_Vq3Lm7Xz2Kp9Wb4Nc6Yd1Hf5Gs0J"})


def test_odd_student_ids_get_safe_unique_notebooks(tmp_path: Path) -> None:
    from caire_exercises.teacher.notebooks import write_assignment_notebooks

    assignment = load(tmp_path, GOOD)
    written = write_assignment_notebooks(assignment, tmp_path / "out", students=ODD_IDS)
    folder = (tmp_path / "out" / "students").resolve()
    assert len(set(written.students)) == len(ODD_IDS)
    for path in written.students:
        assert path.resolve().parent == folder and "/" not in path.name
    # Two ids that would share a file are refused, never written over each other.
    with pytest.raises(GradingError, match="a/b"):
        write_assignment_notebooks(assignment, tmp_path / "other", students=["a/b", "a_b"])


@pytest.mark.slow
def test_round_trip_notebooks_answers_grade_export(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    (tmp_path / "tp1.toml").write_text(
        GOOD.replace('language = "fr"\n', 'language = "fr"\n'
                     'intro = "Rappel : $z = \\\\frac{x - \\\\mu}{\\\\sigma}$, <b>accents</b> éàç."\n')
        + '\n[[exercises]]\nid = "numpy.softmax"\npoints = 1.5\n'
        'before = "Un tableau :\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |"\n', encoding="utf-8")
    (tmp_path / "roster.csv").write_text("email\n" + "\n".join(ODD_IDS) + "\n", encoding="utf-8")
    result = caire("notebook", "--assignment", "tp1.toml", "--students", "roster.csv", "-o", "tp1",
                   cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    teacher_path = tmp_path / "tp1" / "teacher" / "tp1.ipynb"
    teacher = nbformat.read(teacher_path, as_version=4)
    nbformat.validate(teacher)
    nbclient.NotebookClient(teacher, timeout=300, kernel_name="python3").execute()
    checks = [output.get("data", {}).get("text/html", "") for cell in teacher.cells
              if cell.get("id", "").endswith("-check") for output in cell.get("outputs", [])]
    assert len(checks) == 2 and all("✔" in html and "✘" not in html for html in checks), checks

    # The students hand their notebooks back under the names they were given (the place names the
    # student: the metadata alone never does); the first two answer.
    answers = {cell.id: cell.source for cell in nbformat.read(teacher_path, as_version=4).cells}
    (tmp_path / "copies").mkdir()
    students = sorted((tmp_path / "tp1" / "students").glob("*.ipynb"))
    expected = {}
    claimed = set()
    for number, path in enumerate(students):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        claimed.add(notebook.metadata["caire"]["student"])
        if number < 2:
            for cell in notebook.cells:
                if cell.get("id", "").endswith("-answer"):
                    cell.source = answers[cell.id]
        expected[path.stem] = 3.5 if number < 2 else 0.0
        nbformat.write(notebook, tmp_path / "copies" / path.name)
    assert claimed == set(ODD_IDS)
    result = caire("grade", "copies", "--assignment", "tp1.toml", "--db", "tp1.sqlite", "--workers", "1",
                   "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = caire("export", "--db", "tp1.sqlite", "--format", "csv", "--out", "all.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    totals: dict[str, float] = {}
    with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            totals[row["student"]] = totals.get(row["student"], 0.0) + float(row["score"])
    assert totals == expected
    # Moodle's CSV import needs an e-mail address: the others are named, and left out on request.
    result = caire("export", "--db", "tp1.sqlite", "--format", "moodle", "--out", "moodle.csv", cwd=tmp_path)
    assert result.returncode == 2 and "a_b" in result.stderr
    result = caire("export", "--db", "tp1.sqlite", "--format", "moodle", "--skip-unmatched", "--out",
                   "moodle.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with (tmp_path / "moodle.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["Email address"]: float(row["TP 1 : NumPy (sur 3.5)"]) for row in rows} == {
        student: score for student, score in expected.items() if "@" in student}
