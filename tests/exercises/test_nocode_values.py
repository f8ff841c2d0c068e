"""The no-code value and selection exercises of M8 and M9: right answers written any way pass,
wrong ones fail with feedback that names the error, and each exports as LMS questions."""

from __future__ import annotations

import pytest

from caire_exercises.authoring import ChoiceQuestion, NumericQuestion
from caire_exercises.engine.registry import registry
from caire_exercises.exercises._values import read_number
from caire_exercises.testing import check_answers, verify_exercise

IDS = ("health.two_by_two", "health.alert_burden", "health.read_a_study", "work.spot_the_hallucination",
       "work.time_saved")
STUDENT = "alice@example.org"


def _exercise(exercise_id: str, student: str | None = STUDENT):
    return registry().get(exercise_id).for_student(student)


def _said(result, language: str = "en") -> str:
    failed = [case.message_in(language) for case in result.cases if not case.passed]
    note = [result.mistake_feedback[m].render(language) for m in result.mistakes] \
        if getattr(result, "mistake_feedback", None) else []
    return " ".join(failed + note)


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_exercise_is_proven(exercise_id):
    verify_exercise(exercise_id, students=("alice@example.org", "bob@example.org", "chloe@example.org",
                                           "dylan@example.org", "emma@example.org", "farid@example.org"))


# ----------------------------------------------------------------------------- two_by_two


def _table():
    ex = _exercise("health.two_by_two")
    p = ex.params
    return ex, p["tp"], p["fn"], p["fp"], p["tn"]


def test_two_by_two_accepts_french_keys_percent_texts_fractions_and_numpy():
    import numpy as np

    ex, tp, fn, fp, tn = _table()
    written = {"Sensibilité": f"{100 * tp / (tp + fn):.4f} %", "SPÉCIFICITÉ": np.float32(tn / (tn + fp)),
               "VPP": f"{tp}/{tp + fp}", "vpn": str(round(tn / (tn + fn), 5)).replace(".", ",")}
    assert check_answers(ex, {"two_by_two": written}).passed
    rounded = {"sensitivity": round(tp / (tp + fn), 4), "specificity": round(tn / (tn + fp), 4),
               "ppv": round(tp / (tp + fp), 4), "npv": round(tn / (tn + fn), 4)}
    assert check_answers(ex, {"two_by_two": rounded}).passed


def test_two_by_two_refuses_a_bare_percentage_and_says_how_to_write_it():
    ex, tp, fn, fp, tn = _table()
    answer = {"sensitivity": 100 * tp / (tp + fn), "specificity": tn / (tn + fp), "ppv": tp / (tp + fp),
              "npv": tn / (tn + fn)}
    result = check_answers(ex, {"two_by_two": answer})
    assert not result.passed and result.score == pytest.approx(0.75)
    said = _said(result, "en")
    assert "not a proportion" in said and '"92 %"' in said
    assert "n'est pas une proportion" in _said(result, "fr")


def test_two_by_two_names_the_swap_and_the_npv_taken_for_specificity():
    ex, tp, fn, fp, tn = _table()
    swapped = {"sensitivity": tp / (tp + fp), "specificity": tn / (tn + fp), "ppv": tp / (tp + fn),
               "npv": tn / (tn + fn)}
    result = check_answers(ex, {"two_by_two": swapped})
    assert result.mistakes == ["sensitivity_ppv_swapped"]
    npv_twice = {**swapped, "sensitivity": tp / (tp + fn), "ppv": tp / (tp + fp),
                 "specificity": tn / (tn + fn)}
    result = check_answers(ex, {"two_by_two": npv_twice})
    assert result.mistakes == ["specificity_over_negative_tests"]
    assert "That is the NPV" in result.mistake_feedback["specificity_over_negative_tests"].render("en")


def test_two_by_two_an_undeclared_wrong_value_gets_the_definition():
    ex, tp, fn, fp, tn = _table()
    answer = {"sensitivity": 0.5, "specificity": tn / (tn + fp), "ppv": tp / (tp + fp), "npv": tn / (tn + fn)}
    result = check_answers(ex, {"two_by_two": answer})
    assert not result.passed and not result.mistakes
    assert "TP / (TP + FN)" in _said(result) and "VP / (VP + FN)" in _said(result, "fr")


def test_two_by_two_missing_keys_and_non_numbers_are_explained():
    ex, *_ = _table()
    result = check_answers(ex, {"two_by_two": {"sensitivity": "high", "specificity": None}})
    said = _said(result)
    assert "is not a number" in said and "replace None" in said and 'add the key `"ppv"`' in said
    assert check_answers(ex, {"two_by_two": [0.9, 0.8]}).score == 0


def test_read_number_rule():
    assert read_number("92 %") == {"value": 0.92, "percent": True}
    assert read_number("0,92")["value"] == pytest.approx(0.92)
    assert read_number(92) == {"value": 92.0, "percent": False}
    assert read_number(True)["problem"] == "not_number"
    assert read_number("1/0")["problem"] == "not_number"


def test_variants_differ_and_every_value_is_told_apart():
    seen = set()
    for number in range(40):
        p = _exercise("health.two_by_two", f"s{number}@example.org").params
        seen.add((p["tp"], p["fp"]))
        assert p["fn"] != p["fp"] and p["tp"] + p["fn"] + p["fp"] + p["tn"] == 1000
    assert len(seen) > 30


# ----------------------------------------------------------------------------- alert_burden


def _ward():
    ex = _exercise("health.alert_burden")
    p = ex.params
    return ex, p["se_pct"] / 100, p["sp_pct"] / 100, p["prevalence_pct"] / 100, p["census"]


def test_alert_burden_right_values_in_any_form_pass():
    ex, se, sp, p, n = _ward()
    alerting = se * p + (1 - sp) * (1 - p)
    ppv = se * p / alerting
    assert check_answers(ex, {"alert_burden": {"VPP": f"{100 * ppv:.3f} %", "alertes par jour": n * alerting,
                                               "NNE": round(1 / ppv, 3)}}).passed


def test_alert_burden_names_the_study_prevalence_and_ppv_equal_to_sensitivity():
    ex, se, sp, p, n = _ward()
    study = se * 0.5 / (se * 0.5 + (1 - sp) * 0.5)
    alerting = se * 0.5 + (1 - sp) * 0.5
    at_half = {"ppv": study, "alerts_per_day": n * alerting, "nne": 1 / study}
    result = check_answers(ex, {"alert_burden": at_half})
    assert result.mistakes == ["study_prevalence"]
    right = se * p + (1 - sp) * (1 - p)
    result = check_answers(ex, {"alert_burden": {"ppv": se, "alerts_per_day": n * right, "nne": 1 / se}})
    assert result.mistakes == ["ppv_is_sensitivity"]
    assert "Bayes" in result.mistake_feedback["ppv_is_sensitivity"].render("en")


# ----------------------------------------------------------------------------- read_a_study


def test_read_a_study_gives_partial_credit_and_cites_the_item_of_a_missed_flaw():
    from caire_exercises.exercises.health.read_a_study import bank

    ex = _exercise("health.read_a_study")
    keys = ex.params["items"]
    right = {key: list(bank().item(key).answer["flaws"]) for key in keys}
    assert check_answers(ex, {"read_a_study": right}).passed
    dropped = dict(right)
    first = keys[0]
    missed = dropped[first][0]
    dropped[first] = dropped[first][1:]
    result = check_answers(ex, {"read_a_study": dropped})
    assert not result.passed and result.score == pytest.approx(11 / 12)
    said = _said(result)
    assert "you missed a flaw" in said and ("TRIPOD+AI" in said or "STARD 2015" in said)
    assert "item" in said and missed


def test_read_a_study_accepts_french_names_and_a_text_with_commas():
    from caire_exercises.exercises.health.read_a_study import bank

    ex = _exercise("health.read_a_study")
    french = {"case_control": "plan cas-témoins", "no_external_validation": "Pas de validation externe",
              "patient_overlap": "fuite de données", "unblinded_reference": "référence non aveugle",
              "accuracy_only": "exactitude seule", "no_calibration": "pas de calibration"}
    written = {key: ", ".join(french[flaw] for flaw in bank().item(key).answer["flaws"])
               for key in ex.params["items"]}
    assert check_answers(ex, {"read_a_study": written}).passed


def test_read_a_study_a_wrong_flag_is_answered_by_the_abstract():
    from caire_exercises.exercises.health.read_a_study import bank

    ex = _exercise("health.read_a_study")
    keys = ex.params["items"]
    right = {key: list(bank().item(key).answer["flaws"]) for key in keys}
    extra = next(flaw for flaw in bank().parts[0].options.keys if flaw not in right[keys[0]])
    right[keys[0]] = right[keys[0]] + [extra]
    result = check_answers(ex, {"read_a_study": right})
    said = _said(result)
    assert "is not a flaw of this study" in said and bank().item(keys[0]).wrong[extra].en in said


# ----------------------------------------------------------------------------- spot_the_hallucination


def _flags():
    from caire_exercises.exercises.work.spot_the_hallucination import unsupported

    ex = _exercise("work.spot_the_hallucination")
    return ex, unsupported(ex.params["text"])


def test_hallucination_flags_in_any_shape_pass():
    ex, flags = _flags()
    for written in (flags, tuple(reversed(flags)), set(flags), ", ".join(map(str, flags)),
                    [str(n) for n in flags], {"non étayées": flags}):
        assert check_answers(ex, {"spot_the_hallucination": written}).passed, written


def test_hallucination_one_miss_or_one_false_flag_is_tolerated_at_080():
    ex, flags = _flags()
    supported = next(n for n in range(1, 10) if n not in flags)
    assert check_answers(ex, {"spot_the_hallucination": flags + [supported]}).passed   # precision 0.8
    result = check_answers(ex, {"spot_the_hallucination": flags[1:]})                  # recall 0.75
    assert not result.passed and result.score == 0.5
    assert f"Sentence {flags[0]}:" in _said(result) and f"Phrase {flags[0]}" in _said(result, "fr")


def test_hallucination_names_the_kind_of_review_error():
    from caire_exercises.exercises.work.spot_the_hallucination import texts

    ex, flags = _flags()
    summary = texts()[ex.params["text"]]["summary"]
    numbers = [n for n, s in enumerate(summary, 1) if s["kind"] == "changed_number"]
    assert check_answers(ex, {"spot_the_hallucination": numbers}).mistakes == ["numbers_only"]
    assert check_answers(ex, {"spot_the_hallucination": []}).mistakes == ["fluent_taken_for_faithful"]
    everything = list(range(1, 10))
    everything.remove(flags[0])
    nearly_all = everything + [flags[0]]
    assert "everything_flagged" in check_answers(ex, {"spot_the_hallucination": nearly_all}).mistakes


def test_hallucination_numbers_outside_the_summary_are_explained():
    ex, _ = _flags()
    result = check_answers(ex, {"spot_the_hallucination": [3, 12]})
    assert "go from 1 to 9" in _said(result) and not result.passed


# ----------------------------------------------------------------------------- time_saved


def _figures():
    ex = _exercise("work.time_saved")
    f = ex.params
    return ex, f["D"], f["A"], f["q"], f["R"], f["e"], f["K"]


def test_time_saved_right_values_pass_and_review_forgotten_is_named():
    ex, D, A, q, R, e, K = _figures()
    fixed, per_error = A + q * R, q * D + (1 - q) * K
    right = {"minutes gagnées": round(100 * (D - fixed - e * per_error), 2),
             "taux d'erreur seuil": f"{100 * (D - fixed) / per_error:.4f} %"}
    assert check_answers(ex, {"time_saved": right}).passed
    no_review = {"minutes_saved": 100 * (D - A - e * per_error), "break_even_error_rate": (D - A) / per_error}
    result = check_answers(ex, {"time_saved": no_review})
    assert result.mistakes == ["review_forgotten"]
    only_reviewed = {"minutes_saved": 100 * (D - fixed - e * q * D),
                     "break_even_error_rate": (D - fixed) / (q * D)}
    assert check_answers(ex, {"time_saved": only_reviewed}).mistakes == ["errors_only_in_reviewed_drafts"]


# ----------------------------------------------------------------------------- questions, settings, speed


@pytest.mark.parametrize("exercise_id", IDS)
def test_questions_export_the_variant_with_its_answers(exercise_id):
    ex = _exercise(exercise_id)
    questions = ex.questions(ex.params)
    assert questions
    for question in questions:
        assert isinstance(question, (NumericQuestion, ChoiceQuestion))
        assert question.text.en.strip() and question.text.fr.strip() and question.text.en != question.text.fr
        if isinstance(question, NumericQuestion):
            assert question.tolerance == pytest.approx(abs(question.answer) * 1e-3)


def test_show_expected_false_keeps_the_right_numbers_out():
    ex = _exercise("health.two_by_two").with_settings(show_expected=False)
    halves = {"sensitivity": 0.5, "specificity": 0.5, "ppv": 0.5, "npv": 0.5}
    result = check_answers(ex, {"two_by_two": halves})
    assert all(case.expected is None for case in result.cases)
    hidden = _exercise("work.spot_the_hallucination").with_settings(show_expected=False)
    result = check_answers(hidden, {"spot_the_hallucination": [1]})
    assert "Missed:" not in _said(result)


def test_hallucination_two_wrong_flags_are_not_taken_for_flagging_everything():
    ex, flags = _flags()
    supported = [n for n in range(1, 10) if n not in flags][:2]
    result = check_answers(ex, {"spot_the_hallucination": supported})
    assert not result.passed
    assert not set(result.mistakes) & {"everything_flagged", "fluent_taken_for_faithful"}
    assert "Supported:" in _said(result) and "Missed:" in _said(result)


def test_value_problems_speak_the_learners_language():
    ex = _exercise("health.two_by_two")
    said = _said(check_answers(ex, {"two_by_two": [0.9]}), "fr")
    assert "est de type `list`" in said and "list of" not in said
    result = check_answers(_exercise("work.spot_the_hallucination"), {"spot_the_hallucination": {"a": 1}})
    said = _said(result, "fr")
    assert "de type `dict`" in said and "with" not in said


def test_course_settings_choose_the_number_of_abstracts_and_the_domains_of_texts():
    three = _exercise("health.read_a_study").with_settings(items=3)
    assert three.params["n_items"] == 3 and len(three.make_cases()) == 18
    for number in range(12):
        business = _exercise("work.spot_the_hallucination", f"s{number}@example.org").with_settings(
            domains=["business"])
        assert business.params["text"] in {"telework_policy", "school_canteen"}


def test_two_by_two_a_pandas_series_of_named_values_passes():
    import pandas as pd

    ex, tp, fn, fp, tn = _table()
    series = pd.Series({"sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp), "ppv": tp / (tp + fp),
                        "npv": tn / (tn + fn)})
    assert check_answers(ex, {"two_by_two": series}).passed
