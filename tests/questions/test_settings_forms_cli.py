"""Quiz settings in the assignment file, honoured by notebooks, the grader's jobs and the export;
forms through their Python side; caire questions and caire bank check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caire_exercises.model.errors import GradingError
from caire_exercises.teacher.assignment import Assignment

TIERS = Path(__file__).parents[1] / "authoring" / "tiers.yaml"


def _assignment(tmp_path, body: str) -> Path:
    path = tmp_path / "quiz.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_settings_global_and_per_exercise_and_a_bank_entry(tmp_path):
    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8"), encoding="utf-8")
    path = _assignment(tmp_path, 'title = "Q"\nmax_hints = 1\n[[exercises]]\nbank = "tiers.yaml"\n'
                                 'domains = ["business"]\nitems = 2\nshow_expected = false\n'
                                 '[[exercises]]\nid = "numpy.zscore"\nmax_hints = 2\n')
    quiz, zscore = Assignment.from_file(path).exercises("bob@example.org")
    assert quiz.id == "bank.demo_tiers"
    assert quiz.setting == {"domains": ("business",), "items": 2, "max_hints": 1, "show_expected": False}
    assert quiz.params["n_items"] == 2 and not quiz.params["show_expected"]
    assert len(quiz.allowed_hints) == 1 and len(zscore.allowed_hints) == 2


@pytest.mark.parametrize(("line", "said"), [
    ("max_hint = 1", "did you mean 'max_hints'"),
    ('domains = ["helth"]', "did you mean 'health'"),
    ("items = 0", "items must be a whole number, 1 or more"),
    ('show_expected = "no"', "show_expected must be true or false"),
])
def test_bad_settings_are_named_with_a_suggestion(tmp_path, line, said):
    path = _assignment(tmp_path, f'title = "Q"\n{line}\n[[exercises]]\nid = "numpy.zscore"\n')
    with pytest.raises(GradingError, match=said.replace("(", r"\(")):
        Assignment.from_file(path)


def test_bad_settings_are_said_in_french(tmp_path):
    path = _assignment(tmp_path, 'title = "Q"\nlanguage = "fr"\n[[exercises]]\nid = "numpy.zscore"\nitems = -1\n')
    with pytest.raises(GradingError, match="doit être un nombre entier"):
        Assignment.from_file(path)


def test_a_broken_bank_entry_says_the_line(tmp_path):
    (tmp_path / "bad.yaml").write_text(TIERS.read_text(encoding="utf-8").replace("answer: {tier: minimal}",
                                                                                 "answer: {tier: nope}"))
    path = _assignment(tmp_path, 'title = "Q"\n[[exercises]]\nbank = "bad.yaml"\n')
    with pytest.raises(GradingError, match="line"):
        Assignment.from_file(path)


def test_the_grader_s_job_rebuilds_the_configured_exercise(tmp_path):
    from caire_exercises.grading.jobs import job_exercises, make_job
    from caire_exercises.grading.sandbox import Limits

    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8"), encoding="utf-8")
    path = _assignment(tmp_path, 'title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\nitems = 2\n'
                                 'show_expected = false\n')
    assignment = Assignment.from_file(path)
    exercises = assignment.exercises("ann@example.org")
    job = make_job(job_id="1", student="ann@example.org", cells=[], exercises=exercises, secret="s",
                   limits=Limits(), language="en", assignment="Q",
                   banks={item.id: item.bank for item in assignment.items if item.bank})
    json.dumps(job)  # plain data on the wire
    rebuilt, cases = job_exercises(json.loads(json.dumps(job)))
    assert rebuilt[0].params == exercises[0].params
    assert [case.name for case in cases[0]] == exercises[0].params["items"]


def test_notebooks_build_the_configured_exercise_and_offer_the_form(tmp_path):
    from caire_exercises.teacher.notebooks import assignment_notebook

    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8"), encoding="utf-8")
    path = _assignment(tmp_path, 'title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\nitems = 2\nmax_hints = 1\n')
    notebook = assignment_notebook(Assignment.from_file(path), language="fr")
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    assert any('bank_quiz("tiers.yaml")).with_settings(items=2, max_hints=1)' in s for s in sources)
    answer = next(i for i, s in enumerate(sources) if "demo_tiers = {" in s and "```" not in s)
    assert "ex.form()" not in sources[answer] and sources[answer + 1].rstrip().endswith("ex.form()")
    written = Assignment.from_file(path).write_notebooks(tmp_path / "out")
    assert (written.teacher.parent / "tiers.yaml").exists()


def test_hints_stop_at_max_hints(quiz):
    import caire_exercises as cx

    ex = cx.get(quiz.with_settings(max_hints=2), student="hint@example.org")
    said = [ex.hint().render("en") for _ in range(3)]
    assert said[0].startswith("Hint 1/2") and said[1].startswith("Hint 2/2") and "No more hints" in said[2]


def test_the_form_writes_the_answer_and_checks_it(quiz):
    import caire_exercises as cx

    ex = cx.get(quiz, student="form@example.org")
    namespace = {"tiers": {"cv": "haut risque"}}
    form = ex.form(namespace=namespace, widgets=True)
    keys = list(form.widgets)
    assert form.widgets["cv.tier"].value == "high_risk"  # started from what the cell holds
    right = {"cv.tier": "high_risk", "cv.obligation": "logging", "spam.tier": "minimal",
             "emotion.tier": "prohibited"}
    for key in keys:
        form.widgets[key].value = right[key]
    form.button.click()
    assert form.result.passed
    assert namespace["tiers"]["cv"] == {"tier": "high_risk", "obligation": "logging"}
    assert "tiers = {" in form.feedback.value
    form.widgets["spam.tier"].value = "prohibited"
    form.button.click()
    assert not form.result.passed and form.result.score < 1
    direct = cx.get(quiz, student="form@example.org").check(namespace["tiers"], quiet=True)
    assert direct.score == form.result.score


def test_without_widgets_the_form_says_how_to_write_the_dict(quiz, capsys):
    import caire_exercises as cx

    assert cx.get(quiz).form(widgets=False) is None
    assert "tiers = {" in capsys.readouterr().out


def test_caire_questions_and_bank_check(tmp_path, capsys):
    from caire_exercises.cli.main import main

    out = tmp_path / "q.xml"
    assert main(["questions", "--bank", str(TIERS), "--format", "moodle-xml", "--lang", "both", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count('type="multichoice"') == 4
    assert main(["questions", "--exercises", "numpy.zscore", "--format", "gift"]) == 1  # no questions hook
    assert main(["questions", "--exercises", "numpy.zscore", "--format", "coderunner", "-o", str(out)]) == 0
    assert main(["bank", "check", str(TIERS)]) == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(TIERS.read_text(encoding="utf-8").replace("domain: all", "domain: everyone"))
    capsys.readouterr()
    assert main(["bank", "check", str(broken), "--lang", "fr"]) == 1
    assert "ligne" in capsys.readouterr().err


def test_no_code_export_is_fast(quiz):
    import time

    from caire_exercises.questions import export

    export([quiz], "moodle-xml")
    start = time.perf_counter()
    export([quiz], "moodle-xml", language="both")
    assert time.perf_counter() - start < 0.5


def test_caire_grade_grades_a_generated_bank_notebook_as_the_notebook_checks_it(tmp_path):
    """The three paths agree: a student's notebook of a configured bank quiz, graded by caire grade."""
    import nbformat

    from caire_exercises.authoring.quiz import QuizAnswers
    from caire_exercises.cli.main import main
    from caire_exercises.teacher.notebooks import assignment_notebook

    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8"), encoding="utf-8")
    path = _assignment(tmp_path, 'title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\nitems = 2\n'
                                 'show_expected = false\nmax_hints = 1\n')
    assignment = Assignment.from_file(path)
    subs = tmp_path / "subs"
    subs.mkdir()
    for student, right in (("ann@example.org", True), ("ben@example.org", False)):
        exercise = assignment.exercises(student)[0]
        answers = {key: QuizAnswers(exercise.reference.bank)[key] for key in exercise.params["items"]}
        if not right:
            answers[exercise.params["items"][0]] = "prohibited" if "prohibited" not in str(
                answers[exercise.params["items"][0]]) else "minimal"
        notebook = nbformat.reads(json.dumps(assignment_notebook(assignment, student=student)), as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code" and "demo_tiers = {" in cell.source:
                cell.source = f"demo_tiers = {answers!r}\n\nex.form()"
        nbformat.write(notebook, str(subs / f"{student}.ipynb"))
    out = tmp_path / "out.json"
    status = main(["grade", str(subs), "--assignment", str(path), "--out", str(out), "--workers", "1",
                   "--no-progress", "--secret", "Gm4_Xr9Tq2LvZ7pK8wN3bY6cHd1Jf5Es"])
    rows = {row["student"]: row for row in json.loads(out.read_text())}
    assert status == 0
    assert rows["ann@example.org"]["status"] == "passed" and rows["ann@example.org"]["score"] == 1.0
    assert rows["ben@example.org"]["status"] == "failed" and rows["ben@example.org"]["score"] == 0.5


def test_the_gradebook_regrades_when_settings_or_the_bank_change(tmp_path):
    from caire_exercises.grading.batch import GradeOptions
    from caire_exercises.grading.sandbox import Limits

    def key(body: str) -> str:
        path = _assignment(tmp_path, body)
        return GradeOptions(assignment=Assignment.from_file(path), secret="s", limits=Limits(),
                            language="en").grading_key()

    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8"), encoding="utf-8")
    plain = key('title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\n')
    assert key('title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\nitems = 2\n') != plain
    (tmp_path / "tiers.yaml").write_text(TIERS.read_text(encoding="utf-8").replace("Spam filter", "Spam"))
    assert key('title = "Q"\n[[exercises]]\nbank = "tiers.yaml"\n') != plain


def test_a_value_exercise_s_form_reads_a_decimal_comma(value_exercise):
    import caire_exercises as cx

    namespace: dict = {}
    form = cx.get(value_exercise).form(namespace=namespace, widgets=True)
    form.button.click()
    assert namespace["values"] == {"sensitivity": None} and not form.result.passed
    form.widgets["sensitivity"].value = "0,9"
    form.button.click()
    assert namespace["values"] == {"sensitivity": 0.9} and form.result.passed


def test_a_csv_bank_is_checked_with_its_line(tmp_path, capsys):
    from caire_exercises.cli.main import main

    good = tmp_path / "yes_no.csv"
    good.write_text("key,domain,text_en,text_fr,answer,explanation_en,explanation_fr,options,options_fr\n"
                    "a,all,Is it AI?,Est-ce de l'IA ?,yes,Because,Parce que,yes|no,oui|non\n"
                    "b,health,Is this AI?,Est-ce de l'IA ?,no,Because,Parce que,,\n", encoding="utf-8")
    assert main(["bank", "check", str(good)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8").replace(",no,Because", ",maybe,Because"), encoding="utf-8")
    capsys.readouterr()
    assert main(["bank", "check", str(bad)]) == 1
    assert "line 3" in capsys.readouterr().err
