"""A notebook that forges what a probe returns, or patches the engine in its own process, earns nothing.

Verdicts are taken by the judge in the worker, from observations checked against what only the
judge holds (the labels of the held-out rows). Here a notebook whose ``make_model`` returns a
string rebinds every probe and engine function it can find to claim a perfect model; another
hands in an honest model. Graded together as a teacher would, the first earns 0 and the second
keeps its marks.
"""

from __future__ import annotations

from typing import Any

import pytest
from grading_helpers import by_student, grade, notebook, rows_by_student, write

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.sandbox import Limits

HONEST = '''from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def make_model():
    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         ["island", "sex"]))
    return make_pipeline(prepare, LogisticRegression(max_iter=1000))'''

FORGER = '''import sys
import numpy as np

make_model = lambda: "a string, not a model"


def claim(*args, **kwargs):
    """What a patched probe says: a perfect model, in every dialect the library ever spoke."""
    n = 0
    for value in list(args) + list(kwargs.values()):
        if hasattr(value, "kwargs") and "test" in getattr(value, "kwargs", {}):
            n = len(value.kwargs["test"])
    return {"stage": "done", "got": "Pipeline", "was_fitted": False, "structure": ["Pipeline"],
            "predictions": np.array(["Adelie"] * n, dtype=object), "accuracy": 1.0,
            "value": {"held_out_accuracy": 1.0},
            "facts": {"estimator": True, "stage": "done", "accurate": True}}


names = ("observe_estimator", "fit_and_predict", "fresh_estimator", "probe_answer", "judge",
         "_guarded_probe", "first_model_probe", "_first_model_probe", "probe")
for module in list(sys.modules.values()):
    if getattr(module, "__name__", "").startswith("caire_exercises"):
        for name in dir(module):
            if name in names or name.endswith("_probe"):
                try:
                    setattr(module, name, claim)
                except Exception:
                    pass'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from caire_exercises.grading.batch import worker_config
    from caire_exercises.grading.pool import LocalPool

    assignment = Assignment.from_ids(["supervised.first_model"], title="first model", language="en",
                                     points=2.0)
    folder = write(tmp_path_factory.mktemp("forged") / "submissions", {
        "honest@example.org.ipynb": notebook(HONEST),
        "forger@example.org.ipynb": notebook(FORGER),
    })
    with LocalPool(1, worker_config(assignment)) as pool:
        pool.wait_ready()
        return grade(folder, pool, assignment=assignment, limits=Limits(cell_timeout=60.0, memory_mb=1024))


def test_an_honest_model_keeps_its_marks(graded: Any) -> None:
    rows = rows_by_student(graded)["honest@example.org"]
    assert [row["score"] for row in rows] == [2.0], rows


def test_a_notebook_that_patches_the_probes_earns_nothing(graded: Any) -> None:
    rows = rows_by_student(graded)["forger@example.org"]
    assert [row["score"] for row in rows] == [0.0], (rows, by_student(graded)["forger@example.org"].log[-800:])


PATCHER = '''import caire_exercises.authoring.probes as probes
from sklearn.linear_model import LogisticRegression

make_model = lambda: "a string, not a model"
real = probes.fresh_estimator


def fresh_estimator(answer):
    """A patched toolkit: whatever the answer, a real model of the notebook's own."""
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         ["island", "sex"]))
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)), False, "Pipeline"


probes.fresh_estimator = fresh_estimator'''


def test_a_notebook_that_swaps_the_toolkit_for_its_own_model_earns_what_its_answer_is_worth(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from caire_exercises.grading.batch import worker_config
    from caire_exercises.grading.pool import LocalPool

    assignment = Assignment.from_ids(["supervised.first_model"], title="first model", language="en",
                                     points=2.0)
    folder = write(tmp_path_factory.mktemp("swapped") / "submissions",
                   {"patcher@example.org.ipynb": notebook(PATCHER)})
    with LocalPool(1, worker_config(assignment)) as pool:
        pool.wait_ready()
        report = grade(folder, pool, assignment=assignment, limits=Limits(cell_timeout=60.0, memory_mb=1024))
    rows = rows_by_student(report)["patcher@example.org"]
    assert [row["score"] for row in rows] == [0.0], rows
