"""Every data set loads in every form it offers, refuses the others clearly, and never shares state."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from caire_exercises.model.errors import MissingExtraError
from caire_exercises.data import _catalogue, _tables, info, list_datasets, load

ALL = list_datasets()
HAS_DATASETS = importlib.util.find_spec("datasets") is not None
HAS_TORCH = importlib.util.find_spec("torch") is not None


def _skip_without(form: str) -> None:
    if form == "hf" and not HAS_DATASETS:
        pytest.skip("the [nlp] extra (datasets) is not installed")
    if form == "torch" and not HAS_TORCH:
        pytest.skip("the [torch] extra is not installed")


@pytest.mark.parametrize("name", ALL)
def test_pandas_form(name: str) -> None:
    frame = load(name)
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    found = info(name)
    if found.target:
        assert found.target in frame.columns
        assert frame[found.target].notna().all()
    for column in found.categorical + found.exclude:
        assert column in frame.columns, f"{name}: meta names a column {column!r} the table lacks"


@pytest.mark.parametrize("name", [n for n in ALL if "numpy" in info(n).forms])
def test_numpy_form(name: str) -> None:
    found = info(name)
    frame = load(name)
    result = load(name, as_="numpy")
    X, y = result if found.target else (result, None)
    assert X.dtype == np.float64 and X.ndim == 2 and X.shape[0] == len(frame) and X.shape[1] > 0
    assert not np.isinf(X).any()
    if y is not None:
        assert y.shape == (len(frame),)
        if (found.task or "classification") == "classification":
            assert y.dtype == np.int64 and y.min() >= 0
            if found.target_names:
                assert y.max() < len(found.target_names)
        else:
            assert y.dtype == np.float64


@pytest.mark.parametrize("name", [n for n in ALL if "hf" in info(n).forms])
def test_hf_form(name: str) -> None:
    _skip_without("hf")
    import datasets

    found = info(name)
    frame = load(name)
    dataset = load(name, as_="hf")
    assert isinstance(dataset, (datasets.Dataset, datasets.DatasetDict))
    total = sum(len(part) for part in dataset.values()) if isinstance(dataset, datasets.DatasetDict) else len(dataset)
    assert total == len(frame)
    if isinstance(dataset, datasets.Dataset):
        assert set(dataset.column_names) == set(map(str, frame.columns))
        assert dataset.cache_files == []
    if found.target and (found.task or "classification") == "classification":
        feature = (dataset if isinstance(dataset, datasets.Dataset) else next(iter(dataset.values()))).features[
            found.target]
        assert isinstance(feature, datasets.ClassLabel)
        if found.target_names:
            assert feature.names == list(found.target_names)


@pytest.mark.parametrize("name", [n for n in ALL if "torch" in info(n).forms])
def test_torch_form(name: str) -> None:
    _skip_without("torch")
    import torch
    from torch.utils.data import TensorDataset

    found = info(name)
    dataset = load(name, as_="torch")
    assert isinstance(dataset, TensorDataset)
    X = dataset.tensors[0]
    assert X.dtype == torch.float32 and len(dataset) == len(load(name))
    if found.target:
        expected = torch.float32 if found.task == "regression" else torch.int64
        assert dataset.tensors[1].dtype == expected
        numpy_X, numpy_y = load(name, as_="numpy")
        np.testing.assert_allclose(X.numpy(), numpy_X.astype(np.float32), equal_nan=True)
        np.testing.assert_array_equal(dataset.tensors[1].numpy(), numpy_y.astype(dataset.tensors[1].numpy().dtype))


@pytest.mark.parametrize("name", [n for n in ALL if set(info(n).forms) != {"pandas", "hf", "numpy", "torch"}])
def test_forms_not_offered_are_refused_with_a_reason(name: str) -> None:
    for form in {"numpy", "torch"} - set(info(name).forms):
        with pytest.raises(ValueError, match=f"not offered as '{form}'"):
            load(name, as_=form)  # type: ignore[arg-type]


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(ValueError, match="as_ must be one of"):
        load("iris", as_="polars")  # type: ignore[arg-type]


def test_numpy_matches_the_table() -> None:
    frame = load("iris")
    X, y = load("iris", as_="numpy")
    np.testing.assert_array_equal(X, frame.drop(columns="target").to_numpy())
    np.testing.assert_array_equal(y, frame["target"].to_numpy())


def test_categorical_columns_are_one_hot_and_text_targets_are_codes() -> None:
    frame = load("penguins")
    X, y = load("penguins", as_="numpy")
    # in the table's order: 3 islands, 4 measurements, 2 sexes; year is left out
    assert X.shape == (344, 9)
    island = X[:, 0:3]
    assert np.array_equal(island.sum(axis=1), np.ones(344))
    assert np.array_equal(island[:, 0] == 1, (frame["island"] == "Biscoe").to_numpy())
    sex = X[:, 7:9]
    assert np.array_equal(sex.sum(axis=1) == 0, frame["sex"].isna().to_numpy())
    assert np.isnan(X[:, 3]).sum() == 2  # missing measurements stay NaN
    names = np.array(info("penguins").target_names)
    assert np.array_equal(names[y], frame["species"].to_numpy(dtype=object))


def test_returned_tables_are_copies() -> None:
    first = load("pii_logs")
    row = int(first["spans"].map(len).to_numpy().argmax())
    first.loc[row, "text"] = "changed"
    first.loc[row, "spans"].clear()
    again = load("pii_logs")
    assert again.loc[row, "text"] != "changed" and again.loc[row, "spans"]
    iris = load("iris")
    iris.iloc[:, 0] = 0.0
    assert load("iris").iloc[:, 0].max() > 0


def test_a_student_gets_a_stable_share_of_a_real_table() -> None:
    whole = load("wine")
    alice = load("wine", student="alice@example.org")
    assert len(alice) == round(0.8 * len(whole))
    assert alice.index.is_monotonic_increasing and set(alice.index) <= set(whole.index)
    pd.testing.assert_frame_equal(alice, whole.loc[alice.index])
    _tables.clear_cache()
    pd.testing.assert_frame_equal(load("wine", student="alice@example.org"), alice)
    assert not load("wine", student="bob@example.org").index.equals(alice.index)


def test_split_requires_a_set_with_splits() -> None:
    with pytest.raises(ValueError, match="has no splits"):
        load("iris", split="train")


# --------------------------------------------------------------- a written set, generic


@pytest.fixture()
def extra_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled folder with small written sets, as another helper would add them."""
    toy = tmp_path / "toy"
    toy.mkdir()
    (toy / "meta.json").write_text(json.dumps({
        "name": "toy", "kind": "written", "title": {"en": "Toy", "fr": "Jouet"}, "licence": "CC0-1.0",
        "file": "data.csv", "format": "csv", "target": "label", "categorical": ["colour"],
        "forms": ["pandas", "hf", "numpy", "torch"]}), encoding="utf-8")
    (toy / "data.csv").write_text(
        "size,colour,label,split\n1.0,red,yes,train\n2.0,blue,no,train\n3.0,red,yes,train\n"
        "4.0,green,no,test\n5.0,NA,yes,test\n", encoding="utf-8")
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "meta.json").write_text(json.dumps({
        "kind": "written", "title": {"en": "Lines", "fr": "Lignes"}, "file": "data.jsonl",
        "format": "jsonl"}), encoding="utf-8")
    (lines / "data.jsonl").write_text(
        '{"text": "2024-01-02", "tags": ["a", "b"]}\n{"text": "NA", "tags": []}\n', encoding="utf-8")
    monkeypatch.setattr(_catalogue, "bundled_root", lambda: tmp_path)
    _catalogue._catalogue.cache_clear()
    _tables.clear_cache()
    yield tmp_path
    _catalogue._catalogue.cache_clear()
    _tables.clear_cache()


def test_any_folder_with_a_meta_is_a_data_set(extra_root: Path) -> None:
    assert {"toy", "lines"} <= set(list_datasets())
    assert info("lines").forms == ("pandas", "hf")
    lines = load("lines")
    # Text that looks like a date or like "NA" stays text; nested lists survive.
    assert lines["text"].tolist() == ["2024-01-02", "NA"]
    assert lines["tags"].tolist() == [["a", "b"], []]
    assert load("toy")["colour"].tolist() == ["red", "blue", "red", "green", "NA"]


def test_splits_share_one_encoding(extra_root: Path) -> None:
    train = load("toy", split="train")
    assert "split" not in train.columns and len(train) == 3
    X_train, y_train = load("toy", as_="numpy", split="train")
    X_test, y_test = load("toy", as_="numpy", split="test")
    # colour has levels NA, blue, green, red over the whole table, even though train lacks two
    assert X_train.shape == (3, 5) and X_test.shape == (2, 5)
    assert y_train.tolist() == [1, 0, 1] and y_test.tolist() == [0, 1]
    with pytest.raises(ValueError, match="no split 'validation'"):
        load("toy", split="validation")


def test_hf_gives_a_dataset_dict_for_a_set_with_splits(extra_root: Path) -> None:
    _skip_without("hf")
    import datasets

    both = load("toy", as_="hf")
    assert isinstance(both, datasets.DatasetDict) and list(both) == ["train", "test"]
    assert both["train"].num_rows == 3 and "split" not in both["train"].column_names
    assert both["train"].features["label"].names == ["no", "yes"]
    test = load("toy", as_="hf", split="test")
    assert isinstance(test, datasets.Dataset) and test["label"] == [0, 1]


def test_a_missing_nlp_extra_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(MissingExtraError) as caught:
        load("iris", as_="hf")
    assert caught.value.extra == "nlp"
    assert 'pip install "caire-exercises[nlp]"' in str(caught.value)
    assert isinstance(caught.value, ImportError)


def test_a_missing_torch_extra_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingExtraError) as caught:
        load("iris", as_="torch")
    assert caught.value.extra == "torch"
    assert "pip install" in str(caught.value) and "caire-exercises[torch]" in str(caught.value)


def test_a_quiz_bank_written_as_yaml_loads_as_a_table(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    bank = Path(__file__).resolve().parents[1] / "authoring" / "tiers.yaml"
    folder = tmp_path / "tiers_bank"
    folder.mkdir()
    (folder / "items.yaml").write_text(bank.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({
        "kind": "written", "title": {"en": "t", "fr": "t"}, "licence": "CC0-1.0", "file": "items.yaml",
        "format": "yaml", "forms": ["pandas"]}), encoding="utf-8")
    found = _catalogue._read_meta(folder)
    table = _tables._read_file(found)
    assert list(table["key"]) == ["cv", "spam", "emotion"]
    assert table.loc[0, "obligation"] == "human_oversight|logging"
    assert table.loc[0, "answer"] == "high_risk/human_oversight|logging"
    assert table.loc[1, "tier"] == "minimal" and table["obligation"].isna()[1]
