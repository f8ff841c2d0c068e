"""Shared exercises for the export tests: the demo bank's quiz and a value exercise with numeric questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, NumericQuestion, Text
from caire_exercises.authoring.banks import load_bank
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise, replace_option

TIERS = Path(__file__).parents[1] / "authoring" / "tiers.yaml"


def _text(word: str) -> Text:
    return Text(en=word, fr=f"{word} (fr)")


@pytest.fixture(scope="session")
def bank():
    return load_bank(TIERS)


@pytest.fixture(scope="session")
def quiz(bank):
    mistakes = tuple(
        Mistake(f"all_{tier}", Text(en=f"everything {tier}", fr=f"tout {tier}"),
                QuizAnswers(bank, replace_option("tier", tier)))
        for tier in ("high_risk", "minimal", "prohibited"))
    return quiz_exercise(bank, id="demo.tiers", answer_name="tiers", n_items=3, title=_text("Tiers"),
                         statement=Text(en="{items_en}", fr="{items_fr}"),
                         hints=(_text("h1"), _text("h2"), _text("h3")), teacher_notes=_text("notes"),
                         mistakes=mistakes)


def _numbers(params):
    tp, fn = params["tp"], params["fn"]
    return [NumericQuestion("sensitivity", Text(en=f"Sensitivity with TP={tp}, FN={fn}?",
                                                fr=f"Sensibilité avec VP={tp}, FN={fn}\u202f?"),
                            answer=tp / (tp + fn), tolerance=0.005, category="health",
                            explanation=Text(en="Sensitivity is $TP/(TP+FN)$: here $90/(90+10) = 0.9$.",
                                             fr="La sensibilité vaut $VP/(VP+FN)$\u202f: ici $90/(90+10) = 0{,}9$."),
                            source="Altman DG, Bland JM. Diagnostic tests 1: sensitivity and specificity. "
                                   "BMJ 1994;308:1552")]


@pytest.fixture(scope="session")
def value_exercise():
    def holds(observed, expected, case):
        return abs(observed - case.private["value"]) <= 0.005

    def cases(params, rng):
        return [Case("sensitivity", private={"value": params["tp"] / (params["tp"] + params["fn"])})]

    return Exercise(
        id="demo.sensitivity", module="demo", title=_text("Sensitivity"), statement=_text("TP={tp}"),
        answer_name="values", kind="value", reference={"sensitivity": 0.9}, cases=cases,
        variant=lambda rng: {"tp": 90, "fn": 10}, hints=(_text("a"), _text("b"), _text("c")),
        probe=lambda answers, case: float(answers["values"]["sensitivity"]),
        facts=(Fact("close", holds, _text("not close")),), compare_values=False,
        audience=("health",), questions=_numbers)
