"""How long a check of each M6 (text) exercise takes: the goal is under 5 s a check.

Run it with ``python benchmarks/bench_content_m6.py``. Each exercise is timed in
a fresh interpreter, so that the first check pays what a learner's first check
pays (importing scikit-learn and ``datasets``, reading the data, running the
reference). For each exercise it prints, in seconds:

* ``first``: the first check of a correct answer in the session (cold);
* ``again``: a second check, of another correct answer (the reference's data is
  kept from the first check);
* ``wrong``: the first check of a wrong answer that is none of the declared
  mistakes, so that the judge also runs every declared mistake to look for the
  one the learner made: the slowest check a learner meets;
* ``wrong again``: the same wrong answer checked once more.

It asserts nothing: the figures are for people to read and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

GOAL_SECONDS = 5.0
IDS = ("text.build_dataset", "text.normalise", "text.tokenise_fr", "text.spam", "text.language_id",
       "text.faq_search")


# ----------------------------------------------------------------- answers, right and wrong


def _build_right(df, seed):
    from datasets import ClassLabel, Dataset

    dataset = Dataset.from_pandas(df.reset_index(drop=True))
    dataset = dataset.cast_column("label", ClassLabel(names=sorted(set(df["label"]))))
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def _build_wrong(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.3, stratify_by_column="label", seed=seed)


def _normalise_right(batch):
    import re

    links, numbers = r"(?:https?://|www\.)\S+", r"\d+(?:[.,]\d+)*"
    batch["text"] = [re.sub(numbers, "<num>", re.sub(links, "<url>", t.lower())) for t in batch["text"]]
    return batch


def _normalise_wrong(batch):
    import re

    return {**batch, "text": [re.sub(r"\d+", "<NUM>", t.lower()) for t in batch["text"]]}


def _tokenise_right(sentence):
    import re

    elision = r"(?<!\w)(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
    return re.findall(rf"{elision}|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]", sentence.replace("\u2019", "'"),
                      re.IGNORECASE)


def _tokenise_wrong(sentence):
    import re

    return re.findall(r"\w+", sentence)


def _spam_right():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(), MultinomialNB())


def _spam_wrong():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(analyzer="char"), LogisticRegression(max_iter=50))


def _language_right():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)), LinearSVC())


def _language_wrong():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(max_features=10), LogisticRegression())


_FAQ: dict[str, Any] = {}


def _faq_right(question, k=3):
    import numpy as np

    if not _FAQ:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from caire_exercises.data import load

        faq = load("health_faq")
        vectoriser = TfidfVectorizer()
        _FAQ.update(faq=faq, vectoriser=vectoriser,
                    documents=vectoriser.fit_transform(faq.question + " " + faq.answer))
    scores = (_FAQ["documents"] @ _FAQ["vectoriser"].transform([question]).T).toarray().ravel()
    return [int(i) for i in _FAQ["faq"].faq_id.to_numpy()[np.argsort(-scores)[:k]]]


def _faq_wrong(question, k=3):
    return _faq_right(question, k)[::-1]


ANSWERS = {
    "text.build_dataset": (_build_right, _build_wrong),
    "text.normalise": (_normalise_right, _normalise_wrong),
    "text.tokenise_fr": (_tokenise_right, _tokenise_wrong),
    "text.spam": (_spam_right, _spam_wrong),
    "text.language_id": (_language_right, _language_wrong),
    "text.faq_search": (_faq_right, _faq_wrong),
}


# ---------------------------------------------------------------------------- measuring


def worker(exercise_id: str) -> None:
    """Time the four checks of one exercise in this (fresh) interpreter; print them as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    from caire_exercises.engine.checking import reference_answers
    from caire_exercises.testing import check_answers
    from caire_exercises.engine.registry import registry

    exercise = registry().get(exercise_id).for_student("alice@example.org")
    right, wrong = ANSWERS[exercise_id]
    name = exercise.answer_names[0]
    timings: dict[str, Any] = {}
    for label, answers in (("first", reference_answers(exercise)), ("again", {name: right}),
                           ("wrong", {name: wrong}), ("wrong again", {name: wrong})):
        start = time.perf_counter()
        result = check_answers(exercise, answers, secret="benchmark")
        timings[label] = time.perf_counter() - start
        timings[f"{label} passed"] = result.passed
    print(json.dumps(timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", default=list(IDS), help="exercise ids to time")
    options = parser.parse_args()
    if options.worker:
        worker(options.worker)
        return
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    print(f"M6 checks, seconds (fresh interpreter per exercise; goal < {GOAL_SECONDS:g} s a check)")
    print(f"{'exercise':22s} {'first':>7s} {'again':>7s} {'wrong':>7s} {'wrong again':>12s}  verdict")
    for exercise_id in options.only:
        done = subprocess.run([sys.executable, __file__, "--worker", exercise_id], capture_output=True,
                              text=True, env=env, check=True)
        timings = json.loads(done.stdout.strip().splitlines()[-1])
        expected = (True, True, False, False)
        got = tuple(timings[f"{label} passed"] for label in ("first", "again", "wrong", "wrong again"))
        slowest = max(timings[label] for label in ("first", "again", "wrong", "wrong again"))
        verdict = "ok" if slowest < GOAL_SECONDS else "OVER GOAL"
        if got != expected:
            verdict += f" (unexpected results {got})"
        print(f"{exercise_id:22s} {timings['first']:7.2f} {timings['again']:7.2f} {timings['wrong']:7.2f} "
              f"{timings['wrong again']:12.2f}  {verdict}")


if __name__ == "__main__":
    main()
