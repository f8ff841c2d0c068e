"""M0, AI literacy: the quizzes, their spellings, their variants and the item banks behind them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import caire_exercises as cx
from caire_exercises import Result
from caire_exercises.authoring.quiz import QuizAnswers
from caire_exercises.data import bundled_root
from caire_exercises.exercises import literacy as lit
from caire_exercises.model.i18n import typeset
from caire_exercises.testing import check_answers

STUDENTS = tuple(f"student{number}@example.org" for number in range(10))
QUIZZES = (lit.WHICH_AI, lit.FRAME, lit.PITFALLS_QUIZ, lit.GENAI_LIMITS)
SINGLE = {"which_ai": lit.KINDS, "pitfalls": lit.PITFALLS, "genai_limits": lit.GENAI_FAILURES}


def right(bank: str) -> dict[str, Any]:
    """Every item's right answer, as a learner writes it (a pair for ``frame``)."""
    answers = dict(QuizAnswers(lit.bank(bank)))
    if bank == "frame":
        return {key: (value["target"], value["metric"]) for key, value in answers.items()}
    return answers


def check(exercise: Any, answer: Any, *, student: str = "alice@example.org") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, {bound.answer_name: answer})


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def items_of(exercise: Any, student: str = "alice@example.org") -> list[str]:
    return list(exercise.for_student(student).params["items"])


# ----------------------------------------------------------------- other right spellings


def in_french(bank: str) -> dict[str, Any]:
    if bank == "frame":
        return {key: (lit.METRICS.name(metric).fr.upper(), lit.TARGETS.name(target).fr)
                for key, (target, metric) in right(bank).items()}
    return {key: SINGLE[bank].name(answer).fr for key, answer in right(bank).items()}


WORDS = {"supervised": "Supervised learning", "unsupervised": "apprentissage NON-supervisé",
         "reinforcement": "Reinforcement Learning", "rules": "rule-based system", "generative": "IA générative",
         "leakage": "Data leakage", "selection_bias": "Selection-Bias", "label_bias": "biais d’étiquetage",
         "distribution_shift": "dérive des données", "hallucination": "Hallucinations",
         "outdated_knowledge": "knowledge cut-off", "prompt_injection": "Injection de prompt indirecte",
         "confidentiality_leak": "fuite de données", "non_determinism": "non déterministe"}


def with_words(bank: str) -> dict[str, Any]:
    if bank == "frame":
        return {key: f"{target} classification / {metric.replace('_', ' ')}"
                for key, (target, metric) in right(bank).items()}
    return {key: WORDS[answer] for key, answer in right(bank).items()}


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_right_answers_in_other_spellings_pass_on_every_variant(exercise: Any) -> None:
    # Each quiz is proven by tests/test_registry_proof.py; here, the spellings it accepts.
    bank = exercise.answer_name
    for student in (None, *STUDENTS):
        bound = exercise.for_student(student)
        for answers in (in_french(bank), with_words(bank)):
            assert check_answers(bound, {bank: answers}).passed, (student, answers)


def test_the_exercises_are_registered() -> None:
    assert [exercise.id for exercise in lit.EXERCISES] == [
        "literacy.which_ai", "literacy.frame", "literacy.pitfalls", "literacy.genai_limits",
        "literacy.read_results"]
    for exercise in QUIZZES:
        assert cx.get(exercise.id).kind == "choice"
        assert exercise.audience == ("all",)
    assert cx.get("literacy.read_results").kind == "value"
    assert lit.WHICH_AI.pass_score == 0.8


# ------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(("spelling", "key"), [
    ("supervised", "supervised"), ("Supervised", "supervised"), ("SUPERVISED LEARNING", "supervised"),
    ("supervisé", "supervised"), ("supervise", "supervised"), ("Apprentissage supervisé", "supervised"),
    ("classification supervisée", "supervised"),
    ("non supervisé", "unsupervised"), ("Non-supervisé", "unsupervised"), ("unsupervised", "unsupervised"),
    ("clustering", "unsupervised"), ("Partitionnement", "unsupervised"), ("k-means", "unsupervised"),
    ("classification non supervisée", "unsupervised"),
    ("apprentissage par renforcement", "reinforcement"), ("RL", "reinforcement"),
    ("règles", "rules"), ("regles", "rules"), ("à base de règles", "rules"), ("rule_based", "rules"),
    ("règles métier", "rules"), ("Business rules", "rules"), ("système expert", "rules"),
    ("génératif", "generative"), ("Generative AI", "generative"), ("IA générative", "generative"),
    ("LLM", "generative"), ("grand modèle de langage", "generative"),
])
def test_kinds_are_read_in_english_or_french(spelling: str, key: str) -> None:
    assert lit.KINDS.resolve(spelling) == key


# "classification" alone names a task, not a kind of system, and in French it also names
# clustering ("classification automatique"): it is not read, and the learner is asked again.
@pytest.mark.parametrize("spelling", ["deep learning", "", "learning", "semi-supervised", "classification",
                                      "regression", "neural network", "supervisedd", "IA", "chatbot"])
def test_unknown_spellings_are_not_guessed(spelling: str) -> None:
    assert lit.KINDS.resolve(spelling) is None


def test_metric_pitfall_and_failure_spellings() -> None:
    assert lit.METRICS.resolve("Sensibilité") == "recall"
    assert lit.METRICS.resolve("F1-score") == "f1"
    assert lit.METRICS.resolve("balanced_accuracy") == "balanced_accuracy"
    assert lit.METRICS.resolve("exactitude équilibrée") == "balanced_accuracy"
    assert lit.METRICS.resolve("accuracy") == "accuracy"
    assert lit.METRICS.resolve("Racine de l'erreur quadratique moyenne") == "rmse"
    assert lit.METRICS.resolve("spécificité") is None
    assert lit.TARGETS.resolve("Classification binaire") == "binary"
    assert lit.TARGETS.resolve("multi-class") == "multiclass"
    assert lit.PITFALLS.resolve("Fuite de données") == "leakage"
    assert lit.PITFALLS.resolve("concept drift") == "distribution_shift"
    assert lit.PITFALLS.resolve("bias") is None
    assert lit.GENAI_FAILURES.resolve("Confabulation") == "hallucination"
    assert lit.GENAI_FAILURES.resolve("date de coupure") == "outdated_knowledge"
    assert lit.GENAI_FAILURES.resolve("jailbreak") is None


def test_option_sets_refuse_ambiguous_spellings() -> None:
    with pytest.raises(ValueError):
        lit.OptionSet((lit.Option("a", lit.Text(en="same", fr="un")),
                       lit.Option("b", lit.Text(en="Same", fr="deux"))))


# ------------------------------------------------------------------ learner's feedback


def test_an_unknown_word_is_not_yet_an_answer_and_gives_nothing_away() -> None:
    answer = right("which_ai")
    first = items_of(lit.WHICH_AI)[0]
    answer[first] = "deep learning"
    result = check(lit.WHICH_AI, answer)
    text = messages(result)
    assert "Not answered yet" in text and "deep learning" in text and "not one of the options" in text
    assert "expected" not in text
    for key in lit.KINDS.keys:
        assert key in text
    assert "non supervisé" in messages(result, "fr") and "attendue" not in messages(result, "fr")
    assert result.passed, "one item wrong out of eight still passes at 80 %"


def test_wrong_item_explains_the_right_answer_in_the_learners_language() -> None:
    keys = items_of(lit.PITFALLS_QUIZ)
    answer = right("pitfalls")
    item = lit.bank("pitfalls").item(keys[0])
    answer[keys[0]] = "label_bias" if item.answer["answer"][0] != "label_bias" else "leakage"
    result = check(lit.PITFALLS_QUIZ, answer)
    wrong = next(case for case in result.cases if not case.passed)
    assert wrong.name == keys[0]
    assert item.explanation.en in wrong.message_in("en")
    assert typeset(item.explanation.fr, "fr") in wrong.message_in("fr")
    assert wrong.label.fr == item.text.fr


def test_every_item_is_one_reported_case() -> None:
    result = check(lit.FRAME, right("frame"))
    assert [case.name for case in result.cases] == items_of(lit.FRAME)
    assert not any(case.hidden for case in result.cases)


def test_answers_that_are_not_a_dict_get_a_clear_message() -> None:
    for answer in ("supervised", ["supervised"] * 8, 3):
        result = check(lit.WHICH_AI, answer)
        assert not result.passed
        assert "dict" in messages(result)


def test_placeholders_and_partial_answers() -> None:
    keys = items_of(lit.WHICH_AI)
    assert check(lit.WHICH_AI, None).status == "not_attempted"
    partial = {key: None for key in keys}
    partial[keys[0]] = right("which_ai")[keys[0]]
    result = check(lit.WHICH_AI, partial)
    assert result.status == "failed" and result.score == pytest.approx(1 / len(keys))
    assert "replace None" in messages(result)
    missing = {key: value for key, value in right("which_ai").items() if key != keys[1]}
    assert f"add the key `{keys[1]}`" in messages(check(lit.WHICH_AI, missing))
    assert "between quotes" in messages(check(lit.WHICH_AI, {**right("which_ai"), keys[2]: 4}))


def test_item_keys_match_loosely() -> None:
    shouted = {key.upper().replace("_", "-"): value for key, value in right("pitfalls").items()}
    assert check(lit.PITFALLS_QUIZ, shouted).passed


def test_frame_pairs_in_any_order_as_a_dict_or_as_a_string() -> None:
    pairs = right("frame")
    assert check(lit.FRAME, {key: (metric, target) for key, (target, metric) in pairs.items()}).passed
    assert check(lit.FRAME, {key: f"{target}; {metric}" for key, (target, metric) in pairs.items()}).passed
    assert check(lit.FRAME, {key: list(pair) for key, pair in pairs.items()}).passed
    assert check(lit.FRAME, {key: {"metric": metric, "target": target}
                             for key, (target, metric) in pairs.items()}).passed


def test_frame_says_which_half_is_wrong() -> None:
    keys = items_of(lit.FRAME)
    pairs = right("frame")
    target, metric = pairs[keys[0]]
    other_metric = "mape" if metric != "mape" else "mae"
    said = messages(check(lit.FRAME, {**pairs, keys[0]: (target, other_metric)}))
    assert "metric: you answered" in said and "target type:" not in said
    other_target = "multiclass" if target != "multiclass" else "binary"
    said = messages(check(lit.FRAME, {**pairs, keys[0]: (other_target, metric)}))
    assert "target type: you answered" in said and "metric:" not in said.split(".")[0]
    # Half a pair: judged on the half given (a wrong target type is said as such), and only
    # when that half is right is the missing metric asked for (it would give nothing away).
    half = "you answered" if target != "binary" else 'also asks for "metric"'
    for bad, said in [(("binary",), half), ("binary recall", "not one of the options"),
                      ({"target": "binary"}, half)]:
        result = check(lit.FRAME, {**pairs, keys[0]: bad})
        case = next(case for case in result.cases if case.name == keys[0])
        assert not case.passed and said in case.message_in("en"), (bad, case.message_in("en"))


# ------------------------------------------------------------------------- pass marks


@pytest.mark.parametrize(("exercise", "passing_wrong"), [
    (lit.WHICH_AI, 1), (lit.FRAME, 1), (lit.PITFALLS_QUIZ, 2), (lit.GENAI_LIMITS, 2)],
    ids=["which_ai", "frame", "pitfalls", "genai_limits"])
def test_pass_marks_are_those_the_statement_states(exercise: Any, passing_wrong: int) -> None:
    bank = exercise.answer_name
    keys = items_of(exercise)
    wrong_option = {"which_ai": "generative", "pitfalls": "leakage", "frame": ("regression", "f1"),
                    "genai_limits": "hallucination"}
    answers = right(bank)
    flipped = [key for key in keys if answers[key] != wrong_option[bank]]
    for count, passes in ((passing_wrong, True), (passing_wrong + 1, False)):
        attempt = {**answers, **{key: wrong_option[bank] for key in flipped[:count]}}
        assert check(exercise, attempt).passed is passes
    pass_count = exercise.for_student("alice@example.org").params["pass_count"]
    assert pass_count == len(keys) - passing_wrong
    assert f"{pass_count} " in exercise.for_student("alice@example.org").statement_in("en")


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_other_wrong_answers_fail(exercise: Any) -> None:
    bank = exercise.answer_name
    options = list(SINGLE[bank].keys) if bank != "frame" else [("binary", "accuracy")]
    for option in options:
        assert not check(exercise, {key: option for key in right(bank)}).passed
    if bank != "frame":
        keys = SINGLE[bank].keys
        rotated = {key: keys[(keys.index(answer) + 1) % len(keys)] for key, answer in right(bank).items()}
        assert check(exercise, rotated).score == 0


# ---------------------------------------------------------------------------- variants


@pytest.mark.parametrize(("exercise", "size"), [(lit.WHICH_AI, 8), (lit.FRAME, 7), (lit.PITFALLS_QUIZ, 8),
                                                (lit.GENAI_LIMITS, 10)], ids=lambda value: str(value))
def test_variants_are_stratified_samples_listed_in_the_statement(exercise: Any, size: int) -> None:
    bank = lit.bank(exercise.answer_name)
    samples = set()
    for student in STUDENTS:
        bound = exercise.for_student(student)
        keys = bound.params["items"]
        assert len(keys) == len(set(keys)) == bound.params["n_items"] == size
        samples.add(tuple(sorted(keys)))
        answers = Counter(tuple(bank.item(key).answer[bank.parts[-1].name]) for key in keys)
        if exercise is lit.FRAME:
            targets = Counter(bank.item(key).answer["target"][0] for key in keys)
            assert targets == {"binary": 4, "multiclass": 1, "regression": 2}
            assert {("accuracy",), ("f1",), ("recall",), ("precision",)} <= set(answers)
        else:
            assert {answer for (answer,) in answers} == set(bank.parts[0].options.keys)
        english, french = bound.statement_in("en"), bound.statement_in("fr")
        for key in keys:
            assert f"`{key}`: {bank.item(key).text.en}" in english
            assert f"`{key}`\u202f: {typeset(bank.item(key).text.fr, 'fr')}" in french
        assert "{" + "items_" not in english + french
    assert len(samples) >= len(STUDENTS) - 1


def test_solution_shows_the_answers_of_the_students_own_items() -> None:
    exercise = lit.WHICH_AI.for_student("alice@example.org")
    namespace: dict[str, Any] = {}
    exec(exercise.solution_source(), namespace)  # noqa: S102 - the library's own solution text
    asked = [case.name for case in exercise.make_cases()]
    assert list(namespace["which_ai"]) == asked
    assert namespace["which_ai"] == {key: right("which_ai")[key] for key in asked}


# ---------------------------------------------------------------------------- the banks


def test_the_item_banks_are_complete_and_bilingual() -> None:
    import json

    folder = bundled_root() / "quiz_items"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["format"] == "bank" and meta["licence"] == "CC0-1.0" and meta["kind"] == "written"
    assert sorted(path.name for path in folder.glob(meta["file"])) == ["frame.yaml", "pitfalls.yaml",
                                                                       "which_ai.yaml"]
    counts = {name: len(lit.bank(name)) for name in ("which_ai", "frame", "pitfalls", "genai_limits")}
    assert counts == {"which_ai": 33, "frame": 37, "pitfalls": 34, "genai_limits": 30}
    for name in counts:
        bank = lit.bank(name)
        assert bank.licence == "CC0-1.0" and bank.written == "2026-12-07"
        for item in bank:
            for text in (item.text, item.explanation):
                assert text.en.strip() and text.fr.strip() and text.en != text.fr, item.key
            assert item.domain in {"business", "engineering", "health", "all"}


def test_the_banks_load_through_the_data_loader() -> None:
    from caire_exercises.data import load

    frame = load("quiz_items")
    assert len(frame) == 104 and Counter(frame["bank"]) == {"which_ai": 33, "frame": 37, "pitfalls": 34}
    assert {"bank", "key", "text_en", "text_fr", "answer", "explanation_en",
            "explanation_fr", "target", "metric"} <= set(frame.columns)
    assert set(frame.loc[frame["bank"] == "frame", "answer"]) >= {"binary/accuracy", "binary/f1"}
    assert len(load("genai_limits")) == 30


# ------------------------------------------------------ black-box pass: answers and feedback


def test_black_box_wrong_answers_fail_with_useful_words() -> None:
    student = "some@student.org"
    keys = items_of(lit.FRAME, student)
    answers = {key: right("frame")[key] for key in keys}
    classification = {key: ("classification" if target != "regression" else target, metric)
                      for key, (target, metric) in answers.items()}
    result = check(lit.FRAME, classification, student=student)
    assert not result.passed and "is not one of the options" in messages(result)

    keys = items_of(lit.WHICH_AI, student)
    typo = {key: right("which_ai")[key].replace("supervised", "supervized") for key in keys}
    assert "not one of the options" in messages(check(lit.WHICH_AI, typo, student=student))
    as_list = [right("which_ai")[key] for key in keys]
    assert "Answer with a dict" in messages(check(lit.WHICH_AI, as_list, student=student))

    keys = items_of(lit.PITFALLS_QUIZ, student)
    overfitting = {key: "overfitting" for key in keys}
    result = check(lit.PITFALLS_QUIZ, overfitting, student=student)
    assert result.score == 0 and "leakage, selection_bias" in messages(result)


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_forged_observations_earn_nothing(exercise: Any) -> None:
    """What a tampering notebook could send in place of the probe's observations."""
    from caire_exercises.engine.attempt import conclude

    bound = exercise.for_student("alice@example.org")
    cases = bound.make_cases("course secret")
    forged = [{"passed": True}, {"facts": {"readable": True, "right": True}}, {"right": True},
              {"value": None}, {"value": float("nan")}, {"value": ["binary", "recall", "extra"]},
              {"value": "supervised", "problem": None}, {"value": 42}, {"value": {"answer": "x"}}]
    for data in forged:
        outcomes = [{"status": "ok", "data": data} for _ in cases]
        result = conclude(bound, {"state": "ok"}, cases, outcomes)
        assert not result.passed, data
        assert result.score < bound.pass_score, data
    for option in ("supervised", "leakage", "hallucination"):
        outcomes = [{"status": "ok", "data": {"value": {"answer": option}}} for _ in cases]
        assert not conclude(bound, {"state": "ok"}, cases, outcomes).passed


def test_the_right_answer_never_reaches_the_probe() -> None:
    bound = lit.WHICH_AI.for_student("alice@example.org")
    for case in bound.make_cases():
        assert case.private["answer"] == {"answer": list(lit.bank("which_ai").item(case.name).answer["answer"])}
        assert case.public().private == {}
