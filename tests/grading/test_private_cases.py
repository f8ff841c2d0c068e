"""What only the judge may know about a case (``Case.private``) reaches the worker's judge, never
the submission: an honest answer is graded as in a notebook, and a submission that searches its
own process for the planted outliers finds nothing."""

from __future__ import annotations

from pathlib import Path

from grading_helpers import by_student, grade, notebook, write

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.pool import LocalPool

ANOMALIES = Assignment.from_ids(["unsupervised.anomalies"], title="anomalies", language="en", points=1.0)

HONEST = '''def top_anomalies(X, k, seed):
    import numpy as np
    from sklearn.neighbors import LocalOutlierFactor

    detector = LocalOutlierFactor(n_neighbors=20).fit(X)
    return np.argsort(detector.negative_outlier_factor_)[:k]'''

# Everything the process can reach: objects the garbage collector tracks, and the frames below the
# answer's own (the worker's, copied by the fork).
THIEF = '''def top_anomalies(X, k, seed):
    import gc, sys
    import numpy as np

    found = None
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "planted" in obj:
            found = obj["planted"]
        elif type(obj).__name__ == "Case" and getattr(obj, "private", None):
            found = obj.private.get("planted")
    frame = sys._getframe()
    while frame is not None and found is None:
        for value in list(frame.f_locals.values()):
            if isinstance(value, (bytes, str)) and "planted" in value:
                raise RuntimeError("the raw job is reachable")
        frame = frame.f_back
    if found is None:
        return np.arange(k)
    return np.flatnonzero(np.asarray(found))[:k]'''


def test_private_parts_reach_the_judge_and_not_the_submission(tmp_path: Path, pool: LocalPool) -> None:
    folder = write(tmp_path / "subs", {
        "alice@example.org.ipynb": notebook("import numpy as np", HONEST),
        "mallory@example.org.ipynb": notebook("import numpy as np", THIEF)})
    graded = by_student(grade(folder, pool, assignment=ANOMALIES))
    honest = graded["alice@example.org"].results[0]
    assert honest["passed"], honest["cases"]
    thief = graded["mallory@example.org"].results[0]
    assert thief["score"] == 0
    assert all("recall" in str(case["message"]) for case in thief["cases"]), thief["cases"]
