"""The probes of M6: what an answer produced on a case's inputs, as plain data, and nothing more.

Each probe runs the learner's answer and reports what it returned: the splits a
``make_dataset`` built, the texts a ``normalise`` gave back through
``Dataset.map``, the predictions a text model made by cross-validation, the ids
a ``search`` returned. Whether any of it is right is decided by the judge, in
the exercises' facts. This module imports no exercise, no reference and no
declared mistake, so that the grader's sandbox may import it without the answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import fresh_estimator, one_thread, type_name
from caire_exercises.exercises.text._common import import_datasets, messages, quiet, sentences

#: An error message is kept whole up to this length, so that its cause is never cut off.
ERROR_LENGTH = 2000


def error_text(error: BaseException) -> str:
    text = str(error)
    return text if len(text) <= ERROR_LENGTH else text[:ERROR_LENGTH - 1] + "…"


# ----------------------------------------------------------------------- text.build_dataset


def _split_seen(split: Any, datasets: Any) -> dict[str, Any]:
    """One split of a DatasetDict as plain data: columns, size, label feature, texts and codes."""
    columns = list(split.column_names)
    feature = split.features.get("label")
    return {
        "columns": columns,
        "rows": int(split.num_rows),
        "feature": str(feature),
        "names": list(feature.names) if isinstance(feature, datasets.ClassLabel) else None,
        "texts": [str(text) for text in split["text"]] if "text" in columns else None,
        "labels": list(split["label"]) if "label" in columns else None,
    }


def _test_texts(built: Any) -> list[str] | None:
    try:
        return sorted(str(text) for text in built["test"]["text"])
    except Exception:  # noqa: BLE001 - what the answer returned has no test texts: say so
        return None


def observe_dataset_builder(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """Call ``make_dataset`` on the case's table with each of its seeds, and on the first one twice."""
    make, frame, seeds = answers["make_dataset"], case.args[0], case.kwargs["seeds"]
    datasets = import_datasets()
    with quiet(datasets):
        given = frame.copy()
        first = make(given, seeds[0])
        observed: dict[str, Any] = {
            "input_changed": not (given.equals(frame) and list(given.columns) == list(frame.columns)
                                  and given.index.equals(frame.index)),
            "type": type_name(first),
            "is_dataset_dict": isinstance(first, datasets.DatasetDict),
        }
        # "value" is what the report shows beside the reference's: a short view, never judged.
        observed["value"] = {"type": observed["type"]}
        if not observed["is_dataset_dict"]:
            return observed
        observed["splits"] = sorted(first.keys())
        observed["value"] = {"splits": observed["splits"]}
        if observed["splits"] != ["test", "train"]:
            return observed
        observed.update({split: _split_seen(first[split], datasets) for split in ("train", "test")})
        train, test = observed["train"], observed["test"]
        observed["value"] = {"train": train["rows"], "test": test["rows"],
                             "columns": sorted(set(train["columns"]) | set(test["columns"])),
                             "label": train["names"] if train["names"] is not None else train["feature"]}
        if observed["test"]["texts"] is None or observed["train"]["texts"] is None:
            return observed
        observed["other_seeds"] = [_test_texts(make(frame.copy(), seed)) for seed in seeds[1:]]
        observed["same_seed_again"] = _test_texts(make(frame.copy(), seeds[0]))
    return observed


# --------------------------------------------------------------------------- text.normalise


def observe_normaliser(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """Call ``normalise`` on one batch directly, then through ``Dataset.map(batched=True)``."""
    normalise, frame, size = answers["normalise"], case.args[0], case.kwargs["batch_size"]
    datasets = import_datasets()
    dataset = datasets.Dataset.from_pandas(frame, preserve_index=False)
    # Called on its own, as a batch of rows (a dict of lists), normalise must give back every column.
    alone = normalise(dataset[:size])
    returned = sorted(str(key) for key in alone) if isinstance(alone, Mapping) else [type_name(alone)]
    with quiet(datasets):
        mapped = dataset.map(normalise, batched=True, batch_size=size, load_from_cache_file=False,
                             new_fingerprint="caire-normalise-check")
    columns = sorted(mapped.column_names)
    observed: dict[str, Any] = {"returned": returned, "columns": columns, "rows": int(mapped.num_rows)}
    # "value" is what the report shows beside the reference's: a short view, never judged.
    observed["value"] = {"returned": returned, "rows": observed["rows"]}
    if "text" in columns:
        observed["texts"] = [str(text) for text in mapped["text"]]
        observed["value"] = observed["texts"][:3]
    observed["others"] = {column: list(mapped[column]) for column in columns
                          if column != "text" and column in frame.columns}
    return observed


# ------------------------------------------------------------------- text.spam, language_id


def cross_validated_predictions(answer: Any, texts: Sequence[str], labels: Sequence[str], *, seed: int,
                                folds: int) -> dict[str, Any]:
    """Predictions for every text by a fresh copy of the learner's model fitted on the other folds.

    The labels are those of the training folds of each fit: every text is predicted by a model
    that never saw its label.
    """
    from sklearn.model_selection import StratifiedKFold

    predictions: list[Any] = [None] * len(texts)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with one_thread():
        for train, test in splitter.split(np.zeros(len(labels)), labels):
            model, _, got = fresh_estimator(answer)
            if model is None:
                return {"stage": "estimator", "got": got}
            try:
                model.fit([texts[i] for i in train], [labels[i] for i in train])
            except Exception as error:  # noqa: BLE001 - the learner's model failed: that is the finding
                return {"stage": "fit", "error_type": type(error).__name__, "error": error_text(error)}
            try:
                guessed = list(np.asarray(model.predict([texts[i] for i in test])).reshape(-1))
            except Exception as error:  # noqa: BLE001
                return {"stage": "predict", "error_type": type(error).__name__, "error": error_text(error)}
            if len(guessed) != len(test):
                return {"stage": "predict", "error_type": "ValueError",
                        "error": f"{len(guessed)} predictions for {len(test)} texts"}
            for row, guess in zip(test, guessed):
                predictions[row] = guess.item() if isinstance(guess, np.generic) else guess
    # A prediction that is neither text nor a number is described, never judged as an object.
    shown = [guess if isinstance(guess, (str, int, float)) else repr(guess) for guess in predictions]
    # "value" is what the report shows: how often each label was predicted, never judged.
    counts = Counter(str(guess) for guess in shown)
    return {"stage": "done", "predictions": shown, "value": {"predicted": dict(sorted(counts.items()))}}


def observe_spam_model(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    table = messages()
    return cross_validated_predictions(answers["make_spam_model"], [str(t) for t in table["text"]],
                                       [str(label) for label in table["label"]],
                                       seed=case.kwargs["seed"], folds=case.kwargs["folds"])


def observe_language_model(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    table = sentences()
    return cross_validated_predictions(answers["make_language_model"], [str(t) for t in table["text"]],
                                       [str(lang) for lang in table["lang"]],
                                       seed=case.kwargs["seed"], folds=case.kwargs["folds"])


# -------------------------------------------------------------------------- text.faq_search


def _as_list(found: Any) -> Any:
    """A NumPy array or a pandas Series of ids as a list; anything else as it is."""
    if isinstance(found, np.ndarray) or type(found).__module__.startswith("pandas"):
        return list(np.asarray(found).tolist())
    return found


def _ids_or_description(found: Any) -> dict[str, Any]:
    """What a search returned: ``{"ids": [...]}`` for whole numbers, else what it was."""
    found = _as_list(found)
    if not isinstance(found, (list, tuple)):
        return {"type": type_name(found)}
    if not all(isinstance(i, (int, np.integer)) and not isinstance(i, (bool, np.bool_)) for i in found):
        return {"items": repr(found)[:80]}
    return {"ids": [int(i) for i in found]}


def observe_search(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The ids ``search`` returned for each question (and for k=1 and k=3 too, where the order counts).

    Stops at the first answer that is not a list of whole numbers: the rest would say nothing more.
    """
    search, k = answers["search"], case.kwargs["k"]
    in_order = bool(case.kwargs.get("in_order", False))
    results: list[dict[str, Any]] = []
    for question in case.kwargs["questions"]:
        found = _ids_or_description(search(question, k))
        if in_order and "ids" in found:
            found["shorter"] = [_ids_or_description(search(question, n)) for n in (1, 3)]
        results.append(found)
        if "ids" not in found:
            break
    # "value" is what the report shows: the first lists returned, never judged.
    return {"results": results, "value": [result.get("ids", result) for result in results[:3]]}
