"""The catalogue of data sets: every set is listed, described and documented in both languages."""

from __future__ import annotations

import json

import pytest

import caire_exercises as cx
from caire_exercises.model.errors import UnknownDatasetError
from caire_exercises.data import bundled_root, datasheet, info, list_datasets
from caire_exercises.data._catalogue import BUILTIN, FORMS, GENERATED

# Names that exercises of other modules load: they must exist, whoever writes them.
NAMED_IN_THE_CATALOGUE = BUILTIN + ("quiz_items", "messages", "sentences", "health_faq", "chatbot_outputs")
ALL = list_datasets()


def test_every_set_the_exercises_name_exists() -> None:
    missing = sorted(set(NAMED_IN_THE_CATALOGUE) - set(ALL))
    assert not missing, f"data sets named by the catalogue but absent from datasets/: {missing}"


def test_every_builtin_set_is_listed() -> None:
    assert set(BUILTIN) <= set(ALL)
    assert "chatbot_outputs" in ALL and "chatbot_json" in ALL
    assert ALL == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_every_set_has_meta_and_both_datasheets(name: str) -> None:
    folder = bundled_root() / name
    assert (folder / "meta.json").is_file(), f"{name} has no meta.json"
    english, french = datasheet(name, "en"), datasheet(name, "fr")
    assert len(english) > 300 and len(french) > 300, f"{name}: a datasheet is nearly empty"
    assert english != french, f"{name}: the French datasheet is a copy of the English one"
    for text in (english, french):
        assert text.lstrip().startswith("# ")
    assert "Licen" in english and "Licence" in french


@pytest.mark.parametrize("name", ALL)
def test_meta_is_consistent(name: str) -> None:
    meta = json.loads((bundled_root() / name / "meta.json").read_text(encoding="utf-8"))
    assert meta.get("name", name) == name
    assert meta["kind"] in {"real", "generated", "written"}
    assert meta["title"]["en"].strip() and meta["title"]["fr"].strip()
    assert meta.get("licence"), f"{name} states no licence"
    found = info(name)
    assert set(found.forms) <= set(FORMS) and "pandas" in found.forms
    if found.kind == "written":
        files = list(found.folder.glob(found.file)) if found.file else []
        assert files and all(path.is_file() for path in files), f"{name}: its data file is missing"
        assert found.licence == "CC0-1.0"


@pytest.mark.parametrize("name", GENERATED)
def test_generated_datasheets_say_synthetic(name: str) -> None:
    assert info(name).synthetic
    assert "synthetic" in datasheet(name, "en").lower()
    assert "synthétique" in datasheet(name, "fr").lower()


@pytest.mark.parametrize("name", ["chatbot_outputs", "chatbot_json"])
def test_written_model_outputs_are_marked_as_not_real(name: str) -> None:
    assert "NOT real model outputs" in datasheet(name, "en")
    assert "PAS de vraies sorties de modèle" in datasheet(name, "fr")
    assert "written by the project" in info(name).title.en


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_attribution_is_given_where_the_licence_asks(name: str) -> None:
    assert info(name).licence == "CC-BY-4.0"
    assert info(name).citation
    assert "attribution" in datasheet(name, "en").lower()
    assert "attribution" in datasheet(name, "fr").lower()


def test_diabetes_is_never_copied() -> None:
    assert not any(path.suffix in {".csv", ".jsonl"} for path in (bundled_root() / "diabetes").iterdir())
    assert "scikit-learn only" in info("diabetes").licence


def test_real_and_generated_sets_ship_no_data_file() -> None:
    for name in BUILTIN:
        shipped = {path.name for path in (bundled_root() / name).iterdir()}
        assert shipped == {"meta.json", "datasheet.en.md", "datasheet.fr.md"}, name


def test_datasheet_follows_the_language_in_force() -> None:
    cx.set_language("fr")
    assert datasheet("penguins").startswith("# Manchots")
    cx.set_language("en")
    assert datasheet("penguins").startswith("# Palmer")
    assert datasheet("penguins", "fr").startswith("# Manchots")


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownDatasetError) as caught:
        info("pengins")
    assert caught.value.suggestions[0] == "penguins"
    assert isinstance(caught.value, KeyError)
    assert "Did you mean 'penguins'" in str(caught.value)
    with pytest.raises(UnknownDatasetError) as caught:
        info("breast-cancer")
    assert caught.value.suggestions == ("breast_cancer",)
    with pytest.raises(UnknownDatasetError) as caught:
        datasheet("no_such_thing_at_all")
    assert caught.value.suggestions == ()
    assert "caire data list" in str(caught.value)
