"""The generators: seeded, deterministic, one draw a student, and each teaching what it claims."""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pandas as pd
import pytest

from caire_exercises.data import _tables, bundled_root, load
from caire_exercises.data._catalogue import GENERATED
from caire_exercises.data._draws import Draws
from caire_exercises.data._pii import FICTION_BLOCKS, nir_key

# The canonical draws. A change here changes every learner's data: do it on purpose, in a release
# note, never by accident (a new numpy, a refactoring that draws in another order).
CANONICAL = {
    "patients": "e3bcb34d8dfd5ff5",
    "kidney": "e5e19cd265001022",
    "hospitals": "0093983ff1757369",
    "credit": "0dbee09bf10e221b",
    "pii_logs": "57e70be6f8b2e597",  # fiction-range telephones and Corsican NIR (M9)
    "blobs_outliers": "336d91b5cd9e4774",
    "rare_events": "9dbd64df72ea3458",
    "cardiology": "3f0a22935e27e706",
    "small_cohort": "342101db42020db9",
}


def fingerprint(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()[:16]


def test_every_generated_set_has_a_recorded_fingerprint() -> None:
    assert set(CANONICAL) == set(GENERATED)


@pytest.mark.parametrize("name", GENERATED)
def test_canonical_draw_is_stable(name: str) -> None:
    _tables.clear_cache()
    assert fingerprint(load(name)) == CANONICAL[name]


@pytest.mark.parametrize("name", GENERATED)
def test_same_student_same_data_and_different_students_differ(name: str) -> None:
    alice = load(name, student="alice@example.org")
    _tables.clear_cache()  # drawn again, not served from the cache
    pd.testing.assert_frame_equal(load(name, student="alice@example.org"), alice)
    bob = load(name, student="bob@example.org")
    assert fingerprint(bob) != fingerprint(alice)
    assert fingerprint(load(name)) != fingerprint(alice)
    assert list(bob.columns) == list(alice.columns)


def test_generators_leave_numpy_global_state_alone() -> None:
    np.random.seed(12345)
    before = np.random.get_state()[1].copy()
    _tables.clear_cache()
    for name in GENERATED:
        load(name, student="carol@example.org")
    assert np.array_equal(np.random.get_state()[1], before)


def test_draws_use_only_uniforms_of_the_given_generator() -> None:
    # Box-Muller on the generator's own uniforms: reproducible from random() alone.
    rng = np.random.default_rng(7)
    u1, u2 = 1.0 - rng.random(3), rng.random(3)
    expected = np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)
    np.testing.assert_allclose(Draws(np.random.default_rng(7)).normal(3), expected)
    counts = np.bincount(Draws(np.random.default_rng(1)).index([0.2, 0.8], 20_000), minlength=2)
    assert abs(counts[1] / 20_000 - 0.8) < 0.02
    poisson = Draws(np.random.default_rng(2)).poisson(1.5, 20_000)
    assert abs(poisson.mean() - 1.5) < 0.05 and abs(poisson.var() - 1.5) < 0.1


def test_patients_have_several_visits_in_date_order() -> None:
    frame = load("patients")
    visits = frame.groupby("patient_id").size()
    assert visits.min() >= 1 and visits.max() <= 6 and (visits > 1).mean() > 0.6
    assert frame.groupby("patient_id")["visit_date"].apply(lambda d: d.is_monotonic_increasing).all()
    # the hidden patient effect: outcomes cluster within patients
    per_patient = frame.groupby("patient_id")["outcome"].mean()
    assert per_patient.var() > frame["outcome"].var() / visits.mean() * 1.5
    assert 0.2 < frame["outcome"].mean() < 0.4


def test_kidney_is_messy_in_the_documented_ways() -> None:
    frame = load("kidney")
    assert frame.shape == (400, 26)
    text = frame.drop(columns=["id"]).astype(str)
    assert (text == "?").any().any() and (text == "\t?").any().any()
    assert frame["htn"].isin(["yes\t", " yes", "\tyes", "Yes", "YES"]).any()
    assert frame["classification"].str.contains("\t").any()
    assert frame["classification"].str.strip().str.lower().value_counts().to_dict() == {"ckd": 250, "notckd": 150}
    assert not pd.api.types.is_numeric_dtype(frame["pcv"])
    assert pd.to_numeric(frame["pcv"].str.strip(), errors="coerce").between(9, 54).mean() > 0.7
    assert frame["age"].isna().any() and frame["rbc"].isna().any()


def test_hospitals_shift_as_documented() -> None:
    frame = load("hospitals")
    by = frame.groupby("hospital")
    assert list(by.size().index) == ["A", "B", "C", "D"]
    assert by["age"].mean()["C"] > by["age"].mean()["A"] + 10
    assert by["outcome"].mean()["B"] < by["outcome"].mean()["A"]
    assert by["creatinine"].median()["D"] > 1.15 * by["creatinine"].median()["A"]


def test_credit_bias_is_in_approvals_not_in_repayment() -> None:
    frame = load("credit")
    rates = frame.groupby("group")[["approved", "repaid"]].mean()
    assert rates.loc["A", "approved"] - rates.loc["B", "approved"] > 0.15
    assert abs(rates.loc["A", "repaid"] - rates.loc["B", "repaid"]) < 0.06
    among_repaid = frame[frame.repaid == 1].groupby("group")["approved"].mean()
    assert among_repaid["A"] - among_repaid["B"] > 0.15
    assert pd.crosstab(frame.group, frame.district, normalize="index").loc["B", "north"] > 0.3


def test_pii_spans_are_exact_and_keys_are_valid() -> None:
    frame = load("pii_logs", student="dave@example.org")
    labels = set()
    for text, spans, redacted in zip(frame.text, frame.spans, frame.redacted):
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"]
            assert span["text"] not in redacted
            labels.add(span["label"])
            if span["label"] == "NIR":
                digits = re.sub(r"\s", "", span["text"])
                assert len(digits) == 15 and int(digits[13:]) == nir_key(digits[:13])
            if span["label"] == "PHONE":
                national = "0" + re.sub(r"\D", "", span["text"])[-9:]
                assert national[:6] in FICTION_BLOCKS, span["text"]
            if span["label"] == "EMAIL":
                assert "@" in span["text"]
    assert labels == {"EMAIL", "PHONE", "NIR", "BIRTH_DATE"}
    assert (frame.spans.map(len) == 0).any()
    # traps: dates that are not birth dates, 10-digit numbers that are not telephones
    assert frame.redacted.str.contains(r"\b\d{2}/\d{2}/20\d{2}\b").any()
    assert frame.redacted.str.contains(r"\b[1-9]\d{9}\b").any()


def test_blobs_outliers_are_planted_far_away() -> None:
    frame = load("blobs_outliers")
    assert frame.is_outlier.sum() == 20 and (frame.cluster == -1).sum() == 20
    inliers = frame[frame.is_outlier == 0]
    centres = inliers.groupby("cluster")[["x1", "x2"]].mean().to_numpy()
    outliers = frame[frame.is_outlier == 1][["x1", "x2"]].to_numpy()
    distances = np.linalg.norm(outliers[:, None, :] - centres[None, :, :], axis=2)
    assert distances.min() > 2.5


def test_rare_events_prevalence_stays_between_three_and_five_percent() -> None:
    for student in (None, "a", "b", "c", "d", "e"):
        prevalence = load("rare_events", student=student)["event"].mean()
        assert 0.025 < prevalence < 0.055, (student, prevalence)


def test_cardiology_aims_at_its_published_margins() -> None:
    frame = load("cardiology")
    assert len(frame) == 303
    assert abs(frame.age.mean() - 54.4) < 2
    assert 0.6 < (frame.sex == "M").mean() < 0.76
    assert abs(frame.cholesterol.mean() - 246.7) < 12
    assert 0.36 < frame.disease.mean() < 0.56
    assert set(frame.chest_pain) == {"typical", "atypical", "non_anginal", "asymptomatic"}


def test_small_cohort_size_and_groups_vary_within_bounds() -> None:
    sizes = set()
    for k in range(12):
        frame = load("small_cohort", student=f"student{k}")
        sizes.add(len(frame))
        assert 60 <= len(frame) <= 120
        assert frame.disease.sum() >= 12 and (1 - frame.disease).sum() >= 12
        assert (frame.test_positive == (frame.score >= 50)).all()
    assert len(sizes) > 3


def test_chatbot_files_are_what_their_build_scripts_write() -> None:
    outputs = load("chatbot_outputs")
    assert len(outputs) == 300 and set(outputs.prompt_template) == {"A", "B", "C"}
    assert outputs.groupby("item_id").size().eq(3).all()
    assert set(outputs.language) == {"fr", "en"}
    assert outputs.correct.isin([0, 1]).all()
    records = load("chatbot_json")
    for raw, parses, error in zip(records.raw_output, records.parses_as_is, records.error):
        try:
            json.loads(raw)
            ok = True
        except json.JSONDecodeError:
            ok = False
        assert ok == bool(parses), (error, raw)
    schema = json.loads((bundled_root() / "chatbot_json" / "schema.json").read_text(encoding="utf-8"))
    for expected in records.expected:
        assert set(json.loads(expected)) == set(schema["required"])
