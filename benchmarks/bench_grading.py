"""Batch grading, side by side with nbgrader: 20 submissions, 5 exercises, one run.

Run it with ``python benchmarks/bench_grading.py`` (``--help`` for the options).
The case is the grading issue's, rebuilt with our exercises: five exercises
worth 2 points each (standardise ``numpy.zscore``, ``numpy.softmax``, a
logistic-regression pipeline ``supervised.first_model``, a confusion matrix
``supervised.confusion`` and a metric ``supervised.metrics``) and 20
submissions: 8 correct, 8 with realistic mistakes, 1 with an infinite loop in
a cell, 3 cheaters (one replaces ``np.allclose`` and ``np.testing``, one installs
an IPython hook that drops every ``assert`` and patches the library's checker,
one prints fake results and writes into the teacher's gradebook folder); the
cheaters' answers are all wrong.

It measures

* ours: the start of the warm workers, then the 20 submissions graded by
  warm workers (``--workers``, default: the cores), the wall time per
  submission once warm (the infinite loop apart, since it waits for its cell
  time limit), the peak memory of a worker (its resident and proportional set
  size, and the largest resident size of a sandboxed child), and the scores
  the cheaters got;
* nbgrader, in a separate virtual environment it creates (``pip install
  nbgrader``; ``--nbgrader-venv`` to reuse one, ``--skip-nbgrader`` to leave it
  out): ``nbgrader autograde`` on the equivalent assignment (the same student
  code in nbgrader's solution cells, tests written as nbgrader tests are), the
  19 submissions without the loop, then the loop alone; the same per-cell time
  limit (``--timeout``, 30 s, nbgrader's default).

Then (``--year-group N``, 300 by default) it grades N submissions, the same
notebooks over again, from a cold start, and sets the wall time against
nbgrader's rate measured in the same run.

It prints both and the ratio. If nbgrader cannot be installed, it says so and
prints our figures. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from pathlib import Path
from typing import Any

EXERCISES = ["numpy.zscore", "numpy.softmax", "supervised.first_model", "supervised.confusion",
             "supervised.metrics"]

RIGHT = {
    "numpy.zscore": '''def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))''',
    "numpy.softmax": '''def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)''',
    "supervised.first_model": '''def make_model():
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         ["island", "sex"]))
    return make_pipeline(prepare, LogisticRegression(max_iter=1000))''',
    "supervised.confusion": '''def confusion(y_true, y_pred, labels):
    position = {label: index for index, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(y_true, y_pred):
        counts[position[truth], position[guess]] += 1
    return counts''',
    "supervised.metrics": '''def precision_recall_f1(y_true, y_pred):
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    predicted, actual = int(np.sum(y_pred == 1)), int(np.sum(y_true == 1))
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)''',
}

MISTAKES = {
    "numpy.zscore": ['''def zscore(X):
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)''', '''def zscore(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)'''],
    "numpy.softmax": ['''def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)''', '''def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()'''],
    "supervised.first_model": ['''def make_model():
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(max_iter=1000)'''],
    "supervised.confusion": ['''def confusion(y_true, y_pred, labels):
    from sklearn.metrics import confusion_matrix
    return confusion_matrix(y_true, y_pred, labels=labels).T''', '''def confusion(y_true, y_pred, labels):
    from sklearn.metrics import confusion_matrix
    return confusion_matrix(y_true, y_pred)'''],
    "supervised.metrics": ['''def precision_recall_f1(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    precision = tp / np.sum(y_pred == 1)
    recall = tp / np.sum(y_true == 1)
    return precision, recall, 2 * precision * recall / (precision + recall)''', '''def precision_recall_f1(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    precision = tp / max(np.sum(y_true == 1), 1)
    recall = tp / max(np.sum(y_pred == 1), 1)
    return float(precision), float(recall), float((precision + recall) / 2)'''],
}

WRONG = {
    "numpy.zscore": "def zscore(X):\n    return X",
    "numpy.softmax": "def softmax(z):\n    return np.ones_like(z)",
    "supervised.first_model": ("def make_model():\n    from sklearn.dummy import DummyClassifier\n"
                               "    return DummyClassifier()"),
    "supervised.confusion": "def confusion(y_true, y_pred, labels):\n    return np.zeros((len(labels), len(labels)))",
    "supervised.metrics": "def precision_recall_f1(y_true, y_pred):\n    return 1.0, 1.0, 1.0",
}

CHEAT_ALLCLOSE = '''import numpy
numpy.allclose = lambda *args, **kwargs: True
numpy.array_equal = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
numpy.testing.assert_array_equal = lambda *args, **kwargs: None'''

CHEAT_HOOK = '''import ast
class DropAsserts(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()
get_ipython().ast_transformers.append(DropAsserts())
try:
    import caire_exercises.engine.checking as checking
    checking.judge = lambda *args, **kwargs: None
    checking.compare = lambda *args, **kwargs: None
except ImportError:
    pass'''

LOOP = "while True:\n    pass"


def cheat_gradebook(folders: list[Path]) -> str:
    targets = [str(folder / name) for folder in folders for name in ("gradebook.db", "grades.sqlite")]
    return textwrap.dedent(f'''\
        import sqlite3
        print("All tests passed. Score: 10/10")
        for path in {targets!r}:
            try:
                with sqlite3.connect(path) as db:
                    db.execute("UPDATE grade SET auto_score = max_score_gradecell")
            except Exception:
                pass
            try:
                with open(path, "ab") as handle:
                    handle.write(b"pwned")
            except OSError:
                pass''')


def submissions(gradebook_folders: list[Path]) -> dict[str, dict[str, Any]]:
    """The 20 students: for each, extra cells (before the answers) and one answer per exercise."""
    students: dict[str, dict[str, Any]] = {}
    for index in range(8):
        students[f"correct{index + 1:02d}"] = {"extra": [], "answers": dict(RIGHT)}
    for index in range(8):
        answers = dict(RIGHT)
        for offset in range(1 + index % 3):
            exercise = EXERCISES[(index + 2 * offset) % len(EXERCISES)]
            choices = MISTAKES[exercise]
            answers[exercise] = choices[(index + offset) % len(choices)]
        students[f"mistaken{index + 1:02d}"] = {"extra": [], "answers": answers}
    students["loop01"] = {"extra": [LOOP], "answers": dict(RIGHT)}
    students["cheater01"] = {"extra": [CHEAT_ALLCLOSE], "answers": dict(WRONG)}
    students["cheater02"] = {"extra": [CHEAT_HOOK], "answers": dict(WRONG)}
    students["cheater03"] = {"extra": [cheat_gradebook(gradebook_folders)], "answers": dict(WRONG)}
    return students


# --------------------------------------------------------------------------- ours


def run_ours(root: Path, students: dict[str, dict[str, Any]], workers: int, timeout: float) -> dict[str, Any]:
    from caire_exercises.teacher.assignment import Assignment
    from caire_exercises.grading.batch import GradeOptions, grade_batch, worker_config
    from caire_exercises.grading.demo import write_notebook
    from caire_exercises.grading.pool import LocalPool
    from caire_exercises.grading.sandbox import Limits

    folder = root / "caire" / "submissions"
    folder.mkdir(parents=True)
    for student, spec in students.items():
        cells = ["import numpy as np", *spec["extra"], *(spec["answers"][e] for e in EXERCISES)]
        write_notebook(folder / f"{student}@example.org.ipynb", cells, f"{student}@example.org")
    assignment = Assignment.from_ids(EXERCISES, title="bench", language="en", points=2.0)
    options = GradeOptions(assignment=assignment, secret="benchmark secret", limits=Limits(cell_timeout=timeout),
                           workers=workers, language="en", db=root / "caire" / "grades.sqlite")
    started = time.perf_counter()
    pool = LocalPool(workers, worker_config(assignment))
    ready = pool.wait_ready()
    startup = time.perf_counter() - started
    try:
        started = time.perf_counter()
        report = grade_batch([folder], options, executor=pool)
        batch = time.perf_counter() - started
        # Again without the loop, warm, for the time per submission.
        for path in folder.glob("loop01*"):
            path.unlink()
        options.db = None
        started = time.perf_counter()
        warm = grade_batch([folder], options, executor=pool)
        warm_batch = time.perf_counter() - started
    finally:
        pool.close()
    scores = {graded.submission.student.split("@")[0]: sum(row["score"] for row in graded.rows(assignment, "en"))
              for graded in report.graded}
    worth = {student: _worth(students[student]["answers"], f"{student}@example.org", options.secret)
             for student in scores if student.startswith("cheater")}
    memory = [graded.worker for graded in report.graded + warm.graded if graded.worker]
    return {
        "startup": startup, "batch": batch, "warm_batch": warm_batch, "warm_count": len(warm.graded),
        "job_seconds": [graded.seconds for graded in warm.graded if graded.seconds is not None],
        "loop_seconds": next(graded.seconds for graded in report.graded
                             if graded.submission.student.startswith("loop")),
        "scores": scores, "worth": worth,
        "ready_rss_kb": max(item.get("rss_kb", 0) for item in ready),
        "rss_kb": max(item.get("rss_kb", 0) for item in memory),
        "pss_kb": max(item.get("pss_kb", 0) for item in memory),
        "child_rss_kb": max(item.get("children_maxrss_kb", 0) for item in memory),
        "zygote_rss_kb": max(item.get("zygote_rss_kb", 0) for item in memory),
        "zygote_pss_kb": max(item.get("zygote_pss_kb", 0) for item in memory),
        "isolation": report.isolation,
        "integrity": _integrity(root / "caire" / "grades.sqlite"),
    }


def run_year_group(root: Path, students: dict[str, dict[str, Any]], count: int, workers: int,
                   timeout: float) -> dict[str, Any]:
    """`count` submissions (the 20 students' notebooks over again, loop included at the same rate),
    graded from a cold start: the workers' start-up, then the batch."""
    from caire_exercises.teacher.assignment import Assignment
    from caire_exercises.grading.batch import GradeOptions, grade_batch, worker_config
    from caire_exercises.grading.demo import write_notebook
    from caire_exercises.grading.pool import LocalPool
    from caire_exercises.grading.sandbox import Limits

    folder = root / "year" / "submissions"
    folder.mkdir(parents=True)
    specs = list(students.items())
    loops = 0
    for index in range(count):
        name, spec = specs[index % len(specs)]
        loops += name.startswith("loop")
        cells = ["import numpy as np", *spec["extra"], *(spec["answers"][e] for e in EXERCISES)]
        student = f"{name}-{index:03d}@example.org"
        write_notebook(folder / f"{student}.ipynb", cells, student)
    assignment = Assignment.from_ids(EXERCISES, title="year", language="en", points=2.0)
    options = GradeOptions(assignment=assignment, secret="benchmark secret", limits=Limits(cell_timeout=timeout),
                           workers=workers, language="en", db=root / "year" / "grades.sqlite")
    started = time.perf_counter()
    with LocalPool(workers, worker_config(assignment)) as pool:
        pool.wait_ready()
        report = grade_batch([folder], options, executor=pool)
    return {"seconds": time.perf_counter() - started, "count": count, "loops": loops,
            "graded": sum(graded.status == "graded" for graded in report.graded)}


def _worth(answers: dict[str, str], student: str, secret: str) -> float:
    """What these answers score without any cheating, checked in this process."""
    import numpy as np

    from caire_exercises.engine.attempt import check_answers
    from caire_exercises.engine.registry import registry

    total = 0.0
    for exercise_id in EXERCISES:
        exercise = registry().get(exercise_id).for_student(student)
        namespace: dict[str, Any] = {"np": np}
        exec(answers[exercise_id], namespace)  # noqa: S102 - the benchmark's own sample code
        name = exercise.answer_names[0]
        total += 2.0 * check_answers(exercise, {name: namespace[name]}, secret=secret).score
    return round(total, 6)


def _integrity(path: Path) -> str:
    import sqlite3

    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


# ----------------------------------------------------------------------- nbgrader

NB_TESTS = {
    "numpy.zscore": '''from sklearn.datasets import load_wine
X = load_wine().data[:30, :5].copy()
before = X.copy()
Z = zscore(X)
assert np.allclose(X, before), "zscore must not modify X"
assert Z.shape == X.shape
assert np.allclose(Z.mean(axis=0), 0) and np.allclose(Z.std(axis=0), 1)
C = X.copy(); C[:, 1] = 3.5
assert np.allclose(zscore(C)[:, 1], 0)''',
    "numpy.softmax": '''from scipy.special import softmax as reference
z = np.array([1.0, 2.0, 3.0])
assert np.allclose(softmax(z), reference(z))
Z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1001.0]])
assert np.allclose(softmax(Z), reference(Z, axis=-1))''',
    "supervised.first_model": '''import palmerpenguins
from sklearn.model_selection import train_test_split
penguins = palmerpenguins.load_penguins().dropna(subset=["species"])
X, y = penguins.drop(columns=["species", "year"]), penguins["species"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
model = make_model().fit(X_train, y_train)
assert np.mean(model.predict(X_test) == y_test) >= 0.95''',
    "supervised.confusion": '''from sklearn.metrics import confusion_matrix
y_true = np.array(["b", "a", "c", "a", "b", "b"]); y_pred = np.array(["b", "b", "c", "a", "a", "b"])
labels = ["c", "b", "a"]
assert np.array_equal(confusion(y_true, y_pred, labels), confusion_matrix(y_true, y_pred, labels=labels))
assert np.array_equal(confusion(y_true, y_pred, ["a", "b", "c", "d"]),
                      confusion_matrix(y_true, y_pred, labels=["a", "b", "c", "d"]))''',
    "supervised.metrics": '''from sklearn.metrics import precision_recall_fscore_support
y_true = np.array([1, 0, 1, 1, 0, 0, 1]); y_pred = np.array([1, 1, 0, 1, 0, 0, 0])
expected = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)[:3]
assert np.allclose(precision_recall_f1(y_true, y_pred), expected)
assert np.allclose(precision_recall_f1(y_true, np.zeros(7, dtype=int)), (0.0, 0.0, 0.0))''',
}


def _nbgrader_source() -> Any:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [new_markdown_cell("# Benchmark"), new_code_cell("import numpy as np")]
    for index, exercise in enumerate(EXERCISES):
        solution = new_code_cell("### BEGIN SOLUTION\n" + RIGHT[exercise] + "\n### END SOLUTION")
        solution.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                         "grade_id": f"answer{index}", "schema_version": 3}
        test = new_code_cell(NB_TESTS[exercise])
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 2,
                                     "grade_id": f"test{index}", "schema_version": 3}
        cells += [solution, test]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat, notebook


def prepare_nbgrader(course: Path, venv: Path, students: dict[str, dict[str, Any]], timeout: float) -> None:
    nbformat, source = _nbgrader_source()
    (course / "source" / "ps1").mkdir(parents=True)
    nbformat.write(source, str(course / "source" / "ps1" / "ps1.ipynb"))
    (course / "nbgrader_config.py").write_text(textwrap.dedent(f'''\
        c = get_config()
        c.CourseDirectory.course_id = "bench"
        c.CourseDirectory.root = {str(course)!r}
        c.ExecutePreprocessor.timeout = {int(timeout)}
        c.Execute.timeout = {int(timeout)}
        '''))
    _nbgrader(venv, course, "generate_assignment", "ps1", "--force")
    released = nbformat.read(str(course / "release" / "ps1" / "ps1.ipynb"), as_version=4)
    for student, spec in students.items():
        notebook = nbformat.reads(nbformat.writes(released), as_version=4)
        answers = iter(spec["answers"][exercise] for exercise in EXERCISES)
        cells = []
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                cell.source = next(answers)
            cells.append(cell)
            if cell.cell_type == "code" and cell.source.startswith("import numpy as np"):
                cells += [nbformat.v4.new_code_cell(extra) for extra in spec["extra"]]
        notebook.cells = cells
        target = course / "submitted" / student / "ps1"
        target.mkdir(parents=True)
        nbformat.write(notebook, str(target / "ps1.ipynb"))
        (target / "timestamp.txt").write_text("2024-01-01 10:00:00.000000 UTC")


def _venv_environment(venv: Path) -> dict[str, str]:
    # nbgrader starts helpers (alembic) found on the PATH of its environment.
    return {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(venv)}


def _nbgrader(venv: Path, course: Path, *arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(venv / "bin" / "nbgrader"), *arguments], cwd=course, check=True,
                   capture_output=True, text=True, env=_venv_environment(venv))
    return time.perf_counter() - started


def nbgrader_scores(venv: Path, course: Path) -> dict[str, float]:
    code = textwrap.dedent(f'''\
        import json
        from nbgrader.api import Gradebook
        with Gradebook("sqlite:///{course}/gradebook.db") as gb:
            scores = {{}}
            for student in gb.students:
                try:
                    scores[student.id] = gb.find_submission("ps1", student.id).score
                except Exception:
                    pass
            print(json.dumps(scores))''')
    completed = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=course, capture_output=True,
                               text=True, check=True, env=_venv_environment(venv))
    return json.loads(completed.stdout)


#: What the submissions import, in nbgrader's kernel too, at the versions this process uses.
def _libraries() -> list[str]:
    from importlib.metadata import version

    return [f"{name}=={version(name)}" for name in ("numpy", "scipy", "scikit-learn", "pandas", "palmerpenguins")]


def ensure_nbgrader(venv: Path) -> str | None:
    """The venv's nbgrader and the libraries the submissions use, installed when missing; None if
    it works, else why not. (Without them every nbgrader test fails at its import, fast.)"""
    python = venv / "bin" / "python"
    check = "import numpy, scipy, sklearn, pandas, palmerpenguins"
    if (venv / "bin" / "nbgrader").exists() and subprocess.run(
            [str(python), "-c", check], capture_output=True, check=False).returncode == 0:
        return None
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "nbgrader", *_libraries()], check=True,
                       capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or ""
        return f"{type(error).__name__}: {str(detail).strip()[-300:] or error}"
    return None


def run_nbgrader(root: Path, venv: Path, students: dict[str, dict[str, Any]], timeout: float) -> dict[str, Any]:
    course = root / "nbgrader"
    course.mkdir()
    prepare_nbgrader(course, venv, students, timeout)
    loop = [student for student in students if student.startswith("loop")]
    others = [student for student in students if student not in loop]
    batch = _nbgrader(venv, course, "autograde", "ps1", "--force",
                      "--CourseDirectory.student_id_exclude=" + ",".join(loop))
    loop_seconds = _nbgrader(venv, course, "autograde", "ps1", "--force", "--student", loop[0])
    single = _nbgrader(venv, course, "autograde", "ps1", "--force", "--student", others[0])
    return {"batch": batch, "count": len(others), "loop_seconds": loop_seconds, "single": single,
            "scores": nbgrader_scores(venv, course)}


# ------------------------------------------------------------------------ report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-cell time limit, both tools")
    parser.add_argument("--nbgrader-venv", type=Path,
                        default=Path(tempfile.gettempdir()) / "caire-bench-nbgrader-venv")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--year-group", type=int, default=300, metavar="N",
                        help="also grade N submissions from a cold start (0: skip)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    root = Path(tempfile.mkdtemp(prefix="caire-bench-grading-"))
    students = submissions([root / "caire", root / "nbgrader"])
    print(f"20 submissions, 5 exercises x 2 points, per-cell limit {args.timeout:g} s, "
          f"{os.cpu_count()} cores; files in {root}")

    ours = run_ours(root, students, args.workers, args.timeout)
    per_submission = ours["warm_batch"] / ours["warm_count"]
    print(f"\ncaire grade ({args.workers} workers)")
    print(f"  workers warm after           {ours['startup']:6.2f} s")
    print(f"  20 submissions, warm         {ours['batch']:6.2f} s  (the loop waits {ours['loop_seconds']:.1f} s "
          f"for its cell limit, the others run meanwhile)")
    print(f"  19 without the loop, warm    {ours['warm_batch']:6.2f} s  = {per_submission:.3f} s a submission")
    print(f"  one submission in a worker   median {statistics.median(ours['job_seconds']):.3f} s, "
          f"max {max(ours['job_seconds']):.3f} s (run, supervise, judge)")
    print(f"  memory of a worker           {ours['rss_kb'] / 1024:.0f} MB resident "
          f"({ours['pss_kb'] / 1024:.0f} MB proportional), sandboxed child peak "
          f"{ours['child_rss_kb'] / 1024:.0f} MB resident (mostly shared with the worker)")
    if ours.get("zygote_rss_kb"):
        print(f"  memory of its zygote         {ours['zygote_rss_kb'] / 1024:.0f} MB resident "
              f"({ours['zygote_pss_kb'] / 1024:.0f} MB proportional): the process that forks submissions")
    cheaters = {name: round(score, 3) for name, score in ours["scores"].items() if name.startswith("cheater")}
    print(f"  cheaters' scores (/10)       {cheaters}")
    print(f"  their answers, no cheating   {ours['worth']}")
    print(f"  gradebook after the cheater wrote to it: integrity {ours['integrity']}")
    year = None
    if args.year_group > 0:
        year = run_year_group(root, students, args.year_group, args.workers, args.timeout)
        print(f"  a year group of {year['count']} ({year['loops']} with an endless loop), cold start: "
              f"{year['seconds']:.1f} s = {year['seconds'] / year['count']:.3f} s a submission; "
              f"{year['graded']} graded")

    if args.skip_nbgrader:
        print("\nnbgrader: skipped (--skip-nbgrader)")
        return
    problem = ensure_nbgrader(args.nbgrader_venv)
    if problem is not None:
        print(f"\nnbgrader could not be installed in {args.nbgrader_venv}: {problem}\n"
              "Only our figures are printed.")
        return
    try:
        theirs = run_nbgrader(root, args.nbgrader_venv, students, args.timeout)
    except subprocess.CalledProcessError as error:
        print(f"\nnbgrader failed: {(error.stderr or '')[-800:]}")
        return
    version = subprocess.run([str(args.nbgrader_venv / "bin" / "nbgrader"), "--version"], capture_output=True,
                             text=True, check=False).stdout.strip().splitlines()[-1]
    theirs_per = theirs["batch"] / theirs["count"]
    print(f"\nnbgrader autograde ({version}, one process, as it runs)")
    print(f"  19 without the loop          {theirs['batch']:6.2f} s  = {theirs_per:.3f} s a submission "
          f"(start-up included)")
    print(f"  the loop alone               {theirs['loop_seconds']:6.2f} s")
    print(f"  one submission alone         {theirs['single']:6.2f} s")
    cheaters = {name: score for name, score in theirs["scores"].items() if name.startswith("cheater")}
    print(f"  cheaters' scores (/10)       {cheaters}")
    correct = {name: score for name, score in theirs["scores"].items() if name.startswith("correct")}
    print(f"  correct submissions (/10)    min {min(correct.values()):g}, max {max(correct.values()):g}")
    print(f"\nthroughput ratio, warm, without the loop: {theirs_per / per_submission:.1f}x nbgrader "
          f"(goal: at least 15x, aim 30x)")
    total_ours = ours["startup"] + ours["batch"]
    total_theirs = theirs["batch"] + theirs["loop_seconds"]
    print(f"whole batch of 20 from a cold start: ours {total_ours:.1f} s, nbgrader {total_theirs:.1f} s "
          f"({total_theirs / total_ours:.1f}x)")
    if year is not None:
        # nbgrader's rate on this run's submissions, its loops waiting their cell limit as here.
        projected = theirs_per * (year["count"] - year["loops"]) + theirs["loop_seconds"] * year["loops"]
        print(f"year group of {year['count']} from a cold start: ours {year['seconds']:.1f} s; nbgrader at "
              f"this run's rate {projected:.0f} s ({projected / year['seconds']:.1f}x)")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
