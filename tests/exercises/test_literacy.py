"""M0, AI literacy: the quizzes, their spellings, their variants and the item bank behind them."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

import caire_exercises as cx
from caire_exercises.testing import check_answers
from caire_exercises import Result
from caire_exercises.data import bundled_root
from caire_exercises.exercises import literacy as lit

STUDENTS = tuple(f"student{number}@example.org" for number in range(10))
BANKS = {"which_ai": lit.KINDS, "pitfalls": lit.PITFALLS}


def right(bank: str) -> dict[str, Any]:
    return dict(lit.BankAnswers(bank))


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
    return {key: BANKS[bank].name(answer).fr for key, answer in right(bank).items()}


def with_words(bank: str) -> dict[str, Any]:
    words = {"supervised": "Supervised learning", "unsupervised": "apprentissage NON-supervisé",
             "reinforcement": "Reinforcement Learning",
             "rules": "rule-based system", "generative": "IA générative",
             "leakage": "Data leakage", "selection_bias": "Selection-Bias",
             "label_bias": "biais d’étiquetage", "distribution_shift": "dérive des données"}
    if bank == "frame":
        return {key: f"{target} classification / {metric.replace('_', ' ')}"
                for key, (target, metric) in right(bank).items()}
    return {key: words[answer] for key, answer in right(bank).items()}


@pytest.mark.parametrize("exercise", lit.EXERCISES, ids=lambda exercise: exercise.id)
def test_right_answers_in_other_spellings_pass_on_every_variant(exercise: Any) -> None:
    # Each quiz is proven by tests/test_registry_proof.py; here, the spellings it accepts.
    bank = exercise.answer_name
    for student in (None, *STUDENTS):
        bound = exercise.for_student(student)
        for answers in (in_french(bank), with_words(bank)):
            assert check_answers(bound, {bank: answers}).passed, (student, answers)


def test_the_quizzes_are_registered() -> None:
    assert [exercise.id for exercise in lit.EXERCISES] == [
        "literacy.which_ai", "literacy.frame", "literacy.pitfalls"]
    for exercise in lit.EXERCISES:
        assert cx.get(exercise.id).kind == "choice"
    assert lit.WHICH_AI.pass_score == 0.8


# ------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(("spelling", "key"), [
    ("supervised", "supervised"), ("Supervised", "supervised"), ("SUPERVISED LEARNING", "supervised"),
    ("supervisé", "supervised"), ("supervise", "supervised"), ("Apprentissage supervisé", "supervised"),
    ("non supervisé", "unsupervised"), ("Non-supervisé", "unsupervised"), ("unsupervised", "unsupervised"),
    ("apprentissage par renforcement", "reinforcement"), ("RL", "reinforcement"),
    ("règles", "rules"), ("regles", "rules"), ("à base de règles", "rules"), ("rule_based", "rules"),
    ("génératif", "generative"), ("Generative AI", "generative"), ("IA générative", "generative"),
])
def test_kinds_are_read_in_english_or_french(spelling: str, key: str) -> None:
    assert lit.KINDS.resolve(spelling) == key


@pytest.mark.parametrize("spelling", ["deep learning", "", "learning", "semi-supervised",
                                      "classification", "neural network", "supervisedd"])
def test_unknown_spellings_are_not_guessed(spelling: str) -> None:
    assert lit.KINDS.resolve(spelling) is None


def test_metric_and_pitfall_spellings() -> None:
    assert lit.METRICS.resolve("Sensibilité") == "recall"
    assert lit.METRICS.resolve("F1-score") == "f1"
    assert lit.METRICS.resolve("balanced_accuracy") == "balanced_accuracy"
    assert lit.METRICS.resolve("exactitude équilibrée") == "balanced_accuracy"
    assert lit.METRICS.resolve("accuracy") == "accuracy"
    assert lit.METRICS.resolve("Racine de l'erreur quadratique moyenne") == "rmse"
    assert lit.TARGETS.resolve("Classification binaire") == "binary"
    assert lit.TARGETS.resolve("multi-class") == "multiclass"
    assert lit.PITFALLS.resolve("Fuite de données") == "leakage"
    assert lit.PITFALLS.resolve("concept drift") == "distribution_shift"
    assert lit.PITFALLS.resolve("bias") is None


def test_option_sets_refuse_ambiguous_spellings() -> None:
    with pytest.raises(ValueError):
        lit.OptionSet((lit.Option("a", lit.Text(en="same", fr="un")),
                       lit.Option("b", lit.Text(en="Same", fr="deux"))))


# ------------------------------------------------------------------ learner's feedback


def test_unknown_option_lists_the_allowed_ones() -> None:
    answer = right("which_ai")
    first = items_of(lit.WHICH_AI)[0]
    answer[first] = "deep learning"
    result = check(lit.WHICH_AI, answer)
    text = messages(result)
    assert "deep learning" in text and "not one of the options" in text
    for key in lit.KINDS.keys:
        assert key in text
    assert "non supervisé" in messages(result, "fr")
    assert result.passed, "one item wrong out of eight still passes at 80 %"


def test_wrong_item_explains_the_right_answer_in_the_learners_language() -> None:
    keys = items_of(lit.PITFALLS_QUIZ)
    answer = right("pitfalls")
    item = lit.bank_items("pitfalls")[keys[0]]
    answer[keys[0]] = "label_bias" if item["answer"] != "label_bias" else "leakage"
    result = check(lit.PITFALLS_QUIZ, answer)
    wrong = next(case for case in result.cases if not case.passed)
    assert wrong.name == keys[0]
    assert item["explanation_en"] in wrong.message_in("en")
    assert item["explanation_fr"] in wrong.message_in("fr")
    assert wrong.label.fr == item["text_fr"]


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
    assert check(lit.WHICH_AI, {key: None for key in keys}).status == "not_attempted"
    assert check(lit.WHICH_AI, {key: ... for key in keys}).status == "not_attempted"
    partial = {key: None for key in keys}
    partial[keys[0]] = right("which_ai")[keys[0]]
    result = check(lit.WHICH_AI, partial)
    assert result.status == "failed" and result.score == pytest.approx(1 / len(keys))
    assert "replace None" in messages(result)
    missing = {key: value for key, value in right("which_ai").items() if key != keys[1]}
    assert f"add the key `{keys[1]}`" in messages(check(lit.WHICH_AI, missing))
    assert "as text" in messages(check(lit.WHICH_AI, {**right("which_ai"), keys[2]: 4}))


def test_item_keys_match_loosely() -> None:
    shouted = {key.upper().replace("_", "-"): value for key, value in right("pitfalls").items()}
    assert check(lit.PITFALLS_QUIZ, shouted).passed


def test_frame_pairs_in_any_order_or_as_a_string() -> None:
    pairs = right("frame")
    assert check(lit.FRAME, {key: (metric, target) for key, (target, metric) in pairs.items()}).passed
    assert check(lit.FRAME, {key: f"{target}; {metric}" for key, (target, metric) in pairs.items()}).passed
    assert check(lit.FRAME, {key: list(pair) for key, pair in pairs.items()}).passed


def test_frame_says_which_half_is_wrong() -> None:
    keys = items_of(lit.FRAME)
    pairs = right("frame")
    target, metric = pairs[keys[0]]
    other_metric = "mape" if metric != "mape" else "mae"
    half = {**pairs, keys[0]: (target, other_metric)}
    assert "target type is right" in messages(check(lit.FRAME, half))
    other_target = "multiclass" if target != "multiclass" else "binary"
    half = {**pairs, keys[0]: (other_target, metric)}
    assert "metric is right" in messages(check(lit.FRAME, half))
    for bad in [("binary",), ("binary", "multiclass"), "binary recall", {"target": "binary"}]:
        assert "pair (target type, metric)" in messages(check(lit.FRAME, {**pairs, keys[0]: bad}))


# ------------------------------------------------------------------------- pass marks


@pytest.mark.parametrize(("exercise", "passing_wrong"), [
    (lit.WHICH_AI, 1), (lit.FRAME, 1), (lit.PITFALLS_QUIZ, 2)],
    ids=["which_ai", "frame", "pitfalls"])
def test_pass_marks_are_those_the_statement_states(exercise: Any, passing_wrong: int) -> None:
    bank = exercise.answer_name
    keys = items_of(exercise)
    wrong_option = {"which_ai": "generative", "pitfalls": "leakage", "frame": ("regression", "f1")}
    answers = right(bank)
    flipped = [key for key in keys if answers[key] != wrong_option[bank]]
    for count, passes in ((passing_wrong, True), (passing_wrong + 1, False)):
        attempt = {**answers, **{key: wrong_option[bank] for key in flipped[:count]}}
        assert check(exercise, attempt).passed is passes
    pass_count = exercise.for_student("alice@example.org").params["pass_count"]
    assert pass_count == len(keys) - passing_wrong
    assert f"{pass_count} " in exercise.for_student("alice@example.org").statement_in("en")


@pytest.mark.parametrize("exercise", lit.EXERCISES, ids=lambda exercise: exercise.id)
def test_other_wrong_answers_fail(exercise: Any) -> None:
    bank = exercise.answer_name
    options = list(BANKS[bank].keys) if bank != "frame" else [("binary", "accuracy")]
    for option in options:
        assert not check(exercise, {key: option for key in right(bank)}).passed
    if bank != "frame":
        keys = BANKS[bank].keys
        rotated = {key: keys[(keys.index(answer) + 1) % len(keys)]
                   for key, answer in right(bank).items()}
        result = check(exercise, rotated)
        assert result.score == 0


# ---------------------------------------------------------------------------- variants


@pytest.mark.parametrize("exercise", lit.EXERCISES, ids=lambda exercise: exercise.id)
def test_variants_are_stratified_samples_listed_in_the_statement(exercise: Any) -> None:
    bank = exercise.answer_name
    items = lit.bank_items(bank)
    samples = set()
    for student in STUDENTS:
        bound = exercise.for_student(student)
        keys = bound.params["items"]
        assert len(keys) == len(set(keys)) == bound.params["n_items"]
        samples.add(tuple(sorted(keys)))
        if bank == "frame":
            assert len(keys) == 6
            assert Counter(items[key]["target"] for key in keys)["regression"] == 2
        else:
            counts = Counter(items[key]["answer"] for key in keys)
            assert len(keys) == 8 and set(counts) == set(BANKS[bank].keys)
        english, french = bound.statement_in("en"), bound.statement_in("fr")
        for key in keys:
            assert f"`{key}`: {items[key]['text_en']}" in english
            assert f"`{key}`\u202f: {items[key]['text_fr']}" in french
        assert "{" + "items_" not in english + french
    assert len(samples) >= len(STUDENTS) - 1


def test_solution_shows_the_answers_of_the_students_own_items() -> None:
    exercise = lit.WHICH_AI.for_student("alice@example.org")
    namespace: dict[str, Any] = {}
    exec(exercise.solution_source(), namespace)  # the library's own solution text, not a learner's
    asked = [case.name for case in exercise.make_cases()]
    assert list(namespace["which_ai"]) == asked
    assert namespace["which_ai"] == {key: right("which_ai")[key] for key in asked}


# ---------------------------------------------------------------------------- the bank


def test_the_item_bank_is_complete_and_bilingual() -> None:
    folder = bundled_root() / "quiz_items"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta == {"name": "quiz_items", "kind": "written", "licence": "CC0-1.0",
                    "file": "items.jsonl", "format": "jsonl", "target": None,
                    "title": meta["title"]}
    assert meta["title"]["en"] and meta["title"]["fr"]
    for language in ("en", "fr"):
        assert (folder / f"datasheet.{language}.md").read_text(encoding="utf-8").strip()
    rows = [json.loads(line) for line in (folder / meta["file"]).read_text(encoding="utf-8").splitlines()]
    assert len({row["key"] for row in rows}) == len(rows)
    assert Counter(row["bank"] for row in rows) == {"which_ai": 31, "frame": 30, "pitfalls": 28}
    for row in rows:
        for field in ("text", "explanation"):
            english, french = row[f"{field}_en"].strip(), row[f"{field}_fr"].strip()
            assert english and french and english != french, row["key"]
        assert row["domain"] in {"business", "engineering", "health"}
        if row["bank"] == "frame":
            assert row["answer"] == f"{row['target']}/{row['metric']}"
            assert row["target"] in lit.TARGETS.keys and row["metric"] in lit.METRICS.keys
        else:
            assert row["answer"] in BANKS[row["bank"]].keys
            assert row["target"] is None and row["metric"] is None


def test_the_bank_loads_through_the_data_loader() -> None:
    from caire_exercises.data import load

    frame = load("quiz_items")
    assert len(frame) == 89
    assert {"bank", "key", "text_en", "text_fr", "answer", "explanation_en",
            "explanation_fr", "target", "metric"} <= set(frame.columns)


# ------------------------------------------------------ black-box pass: answers and feedback


def test_black_box_right_answers_in_other_styles_pass() -> None:
    student = "some@student.org"
    for exercise in lit.EXERCISES:
        bank = exercise.answer_name
        keys = items_of(exercise, student)
        answers = {key: right(bank)[key] for key in keys}
        if bank == "frame":
            styles = [
                {key: f"{target} / {metric}" for key, (target, metric) in answers.items()},
                {key: [metric, target] for key, (target, metric) in answers.items()},
                {key: (f"{target} classification" if target != "regression" else "Regression",
                       metric.upper()) for key, (target, metric) in answers.items()},
            ]
        else:
            options = BANKS[bank]
            styles = [
                {key: options.name(answer).fr.upper() for key, answer in answers.items()},
                {key: answer.replace("_", "-").title() for key, answer in answers.items()},
                {key.upper(): answer for key, answer in answers.items()},
            ]
        for style in styles:
            assert check(exercise, style, student=student).passed, (exercise.id, style)


def test_black_box_wrong_answers_fail_with_useful_words() -> None:
    student = "some@student.org"
    keys = items_of(lit.FRAME, student)
    answers = {key: right("frame")[key] for key in keys}
    classification = {key: ("classification" if target != "regression" else target, metric)
                      for key, (target, metric) in answers.items()}
    result = check(lit.FRAME, classification, student=student)
    assert not result.passed and "is not one of the options" in messages(result)
    metric_only = {key: metric for key, (_, metric) in answers.items()}
    assert "Give a pair" in messages(check(lit.FRAME, metric_only, student=student))

    keys = items_of(lit.WHICH_AI, student)
    typo = {key: right("which_ai")[key].replace("supervised", "supervized") for key in keys}
    assert "not one of the options" in messages(check(lit.WHICH_AI, typo, student=student))
    as_list = [right("which_ai")[key] for key in keys]
    assert "Answer with a dict" in messages(check(lit.WHICH_AI, as_list, student=student))

    keys = items_of(lit.PITFALLS_QUIZ, student)
    overfitting = {key: "overfitting" for key in keys}
    result = check(lit.PITFALLS_QUIZ, overfitting, student=student)
    assert result.score == 0 and "leakage, selection_bias" in messages(result)


@pytest.mark.parametrize(("exercise", "mistake", "wrong_for"), [
    (lit.FRAME, "recall_everywhere", lambda answer: (answer[0], "recall")),
    (lit.FRAME, "accuracy_everywhere", lambda answer: (answer[0], "accuracy")),
    (lit.WHICH_AI, "learning_means_supervised", lambda answer: "supervised"),
    (lit.PITFALLS_QUIZ, "everything_selection_bias", lambda answer: "selection_bias"),
], ids=["recall", "accuracy", "supervised", "selection_bias"])
def test_a_mistake_named_on_one_item_does_not_claim_every_item(
        exercise: Any, mistake: str, wrong_for: Any) -> None:
    # The judge names a declared mistake when it explains one wrong item out of one: its words
    # must then be true of that one item, not say "for every problem" or "almost everywhere".
    bank = exercise.answer_name
    declared = next(m for m in exercise.mistakes if m.id == mistake)
    for language in ("en", "fr"):
        text = getattr(declared.feedback, language)
        for claim in ("every", "everywhere", "tous les", "tout système", "partout"):
            assert claim not in text.split(".")[0], (mistake, language, claim)
    # And the situation exists: one item answered the mistake's way, the others right.
    for student in STUDENTS:
        answers = right(bank)
        keys = items_of(exercise, student)
        target = next((key for key in keys if wrong_for(answers[key]) != answers[key]
                       and declared.answer[key] == wrong_for(answers[key])), None)
        if target is None:
            continue
        attempt = {key: answers[key] for key in keys}
        attempt[target] = wrong_for(answers[target])
        result = check(exercise, attempt, student=student)
        if result.mistakes == [mistake]:
            return
    pytest.fail(f"no student shows {mistake} on a single item")


@pytest.mark.parametrize("exercise", lit.EXERCISES, ids=lambda exercise: exercise.id)
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
    # Every item answered with the same option cannot pass a quiz stratified by answer.
    for option in ("supervised", "leakage", "rules"):
        outcomes = [{"status": "ok", "data": {"value": option}} for _ in cases]
        assert not conclude(bound, {"state": "ok"}, cases, outcomes).passed


def test_the_right_answer_never_reaches_the_probe() -> None:
    bound = lit.WHICH_AI.for_student("alice@example.org")
    for case in bound.make_cases():
        assert case.private["answer"] == lit.right_answer(lit.bank_items("which_ai")[case.name])
        assert case.public().private == {}
