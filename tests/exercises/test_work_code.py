"""M9, using AI at work (the code exercises): answers a careful teacher would try.

tests/test_registry_proof.py proves each exercise (reference, declared mistakes,
parity with the grader); here, right answers written other ways must pass and
wrong answers nobody declared must fail with a message that helps.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from typing import Any

import numpy as np
import pytest

from caire_exercises.engine.report import Result
from caire_exercises.exercises import work
from caire_exercises.exercises.work import answer_scoring, grounding, judge_agreement, pii_redaction
from caire_exercises.exercises.work import prompt_comparison, structured_output
from caire_exercises.testing import check_answers

STUDENT = "alice@example.org"


def check(exercise: Any, answers: dict[str, Any], *, student: str | None = STUDENT) -> Result:
    return check_answers(exercise.for_student(student), answers, secret="course secret")


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def failed(result: Result) -> set[str]:
    return {case.name for case in result.cases if not case.passed}


def table_of(exercise: Any) -> str:
    return exercise.for_student(STUDENT).params["table"]


# ------------------------------------------------------------------ prompt_comparison

def compare_loop(correct_a, correct_b, seed=0):
    """A paired bootstrap with the standard library, another seed and 1,000 resamples."""
    rng = random.Random(seed + 11)
    n = len(correct_a)
    differences = []
    for _ in range(1000):
        rows = [rng.randrange(n) for _ in range(n)]
        differences.append(sum(correct_b[i] for i in rows) / n - sum(correct_a[i] for i in rows) / n)
    low, high = np.percentile(differences, [2.5, 97.5])
    decision = "B" if low > 0 else "A" if high < 0 else "pas_de_difference"
    return {"difference": sum(correct_b) / n - sum(correct_a) / n, "low": low, "high": high,
            "decision": decision}


def compare_normal(correct_a, correct_b, seed=0):
    """A paired interval from the normal approximation: another method of the same class."""
    d = np.asarray(correct_b, dtype=float) - np.asarray(correct_a, dtype=float)
    half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
    low, high = d.mean() - half, d.mean() + half
    return {"difference": d.mean(), "low": low, "high": high,
            "decision": "B" if low > 0 else "A" if high < 0 else "no_difference"}


def decision_for_student() -> Any:
    return prompt_comparison.DECISIONS[table_of(work.PROMPT_COMPARISON)]


@pytest.mark.parametrize("function", [compare_loop, compare_normal])
def test_prompt_comparison_accepts_other_paired_intervals(function: Any) -> None:
    result = check(work.PROMPT_COMPARISON, {"decision": decision_for_student(), "compare_prompts": function})
    assert result.passed, messages(result)


def test_prompt_comparison_reads_the_decision_in_french_or_as_a_dict() -> None:
    key = table_of(work.PROMPT_COMPARISON)
    french = {"A": "a", "B": "b", "no_difference": "pas de différence"}[decision_for_student()]
    for decision in (french, {key: decision_for_student()}):
        result = check(work.PROMPT_COMPARISON, {"decision": decision,
                                                "compare_prompts": prompt_comparison.compare_prompts})
        assert result.passed, messages(result)


def test_prompt_comparison_fails_an_interval_of_no_width_on_coverage() -> None:
    def no_width(correct_a, correct_b, seed=0):
        difference = float(np.mean(correct_b) - np.mean(correct_a))
        return {"difference": difference, "low": difference, "high": difference,
                "decision": "B" if difference > 0 else "A" if difference < 0 else "no_difference"}

    result = check(work.PROMPT_COMPARISON, {"decision": decision_for_student(), "compare_prompts": no_width})
    assert not result.passed
    assert "misses it too often" in messages(result)


def test_prompt_comparison_names_the_unpaired_bootstrap_written_otherwise() -> None:
    def unpaired(correct_a, correct_b, seed=0):
        rng = np.random.default_rng(seed)
        a, b = np.asarray(correct_a, float), np.asarray(correct_b, float)
        diffs = [rng.choice(b, len(b)).mean() - rng.choice(a, len(a)).mean() for _ in range(1500)]
        low, high = np.quantile(diffs, [0.025, 0.975])
        return {"difference": b.mean() - a.mean(), "low": low, "high": high,
                "decision": "B" if low > 0 else "A" if high < 0 else "no_difference"}

    result = check(work.PROMPT_COMPARISON, {"decision": decision_for_student(), "compare_prompts": unpaired})
    assert not result.passed and "unpaired" in result.mistakes
    assert "as wide as" in messages(result)


# -------------------------------------------------------------------- judge_agreement

def kappa_sklearn(judge, people):
    from sklearn.metrics import cohen_kappa_score

    return cohen_kappa_score(judge, people)


def kappa_pandas(judge, people):
    import pandas as pd

    table = pd.crosstab(pd.Series(judge, name="j"), pd.Series(people, name="p"), normalize=True)
    labels = table.index.union(table.columns)
    table = table.reindex(index=labels, columns=labels, fill_value=0)
    observed = np.trace(table.to_numpy())
    chance = float(table.sum(axis=1) @ table.sum(axis=0))
    return (observed - chance) / (1 - chance)


@pytest.mark.parametrize("function", [kappa_sklearn, kappa_pandas])
def test_judge_agreement_accepts_other_computations_and_a_rounded_hand_value(function: Any) -> None:
    key = table_of(work.JUDGE_AGREEMENT)
    by_hand = round(judge_agreement.KAPPAS[key], 2)
    for value in (by_hand, {key: by_hand}):
        result = check(work.JUDGE_AGREEMENT, {"kappa_by_hand": value, "cohen_kappa": function})
        assert result.passed, messages(result)


def test_judge_agreement_judges_with_the_same_kappa_as_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    for case in work.JUDGE_AGREEMENT.for_student(STUDENT).make_cases("s"):
        if case.args[0] == "cohen_kappa":
            judge, people = ([str(v) for v in labels] for labels in case.args[1:3])
            assert judge_agreement._independent_kappa(case) == pytest.approx(cohen_kappa_score(judge, people))


def test_judge_agreement_reads_a_french_decimal_and_explains_a_pair() -> None:
    key = table_of(work.JUDGE_AGREEMENT)
    written = f"{judge_agreement.KAPPAS[key]:.3f}".replace(".", ",")
    result = check(work.JUDGE_AGREEMENT, {"kappa_by_hand": written, "cohen_kappa": judge_agreement.cohen_kappa})
    assert result.passed, messages(result)
    result = check(work.JUDGE_AGREEMENT, {"kappa_by_hand": (0, 72), "cohen_kappa": judge_agreement.cohen_kappa})
    assert failed(result) == {"by hand"} and "decimal point" in messages(result)


def test_judge_agreement_fails_a_kappa_that_only_takes_integers() -> None:
    def kappa_bincount(judge, people):
        judge, people = np.asarray(judge), np.asarray(people)
        observed = np.mean(judge == people)
        chance = np.sum(np.bincount(judge) / len(judge) * np.bincount(people) / len(people))
        return (observed - chance) / (1 - chance)

    key = table_of(work.JUDGE_AGREEMENT)
    result = check(work.JUDGE_AGREEMENT, {"kappa_by_hand": judge_agreement.KAPPAS[key],
                                          "cohen_kappa": kappa_bincount})
    assert not result.passed
    assert {"three grades", "a judge that always approves"} <= failed(result)
    assert "recorded outputs" not in failed(result)


def test_judge_agreement_quotes_the_raw_agreement_for_a_wrong_hand_value() -> None:
    result = check(work.JUDGE_AGREEMENT, {"kappa_by_hand": 0.5, "cohen_kappa": judge_agreement.cohen_kappa})
    assert failed(result) == {"by hand"}
    assert "raw agreement" in messages(result)


# -------------------------------------------------------------------------- grounding

def flag_decimal(answers, sources):
    from decimal import Decimal

    def values(text):
        text = re.sub(r"(?<=\d)[ \u202f\u00a0](?=\d{3}\b)", "", text)
        return {Decimal(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}

    out = []
    for answer in answers:
        ids = re.findall(r"S\d+", "".join(re.findall(r"\[.*?\]", answer)))
        if any(i not in sources for i in ids):
            out.append(True)
            continue
        known = set()
        for i in ids:
            known |= values(sources[i])
        out.append(not values(re.sub(r"\[.*?\]", "", answer)) <= known)
    return np.array(out)


def test_grounding_accepts_another_parser_and_an_array_of_booleans() -> None:
    result = check(work.GROUNDING, {"flag_answers": flag_decimal}, student=None)
    assert result.passed, messages(result)


def test_grounding_fails_flagging_everything_and_names_the_answers() -> None:
    result = check(work.GROUNDING, {"flag_answers": lambda answers, sources: [True] * len(answers)},
                   student=None)
    assert not result.passed
    assert "answers 1, 3," in messages(result)


# ---------------------------------------------------------------------- pii_redaction

def redact_callback(text):
    """One pattern with named groups and a callback; birth dates found after their cue words."""
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    pattern = re.compile(
        r"(?P<EMAIL>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
        r"|(?P<NIR>\b[12] ?\d\d ?\d\d ?(?:\d\d|2A|2B) ?\d{3} ?\d{3} ?\d\d\b)"
        r"|(?P<TELEPHONE>(?:\+33 ?|\b0)\d(?:[ .-]?\d\d){4}\b)"
        rf"|(?<=le )(?P<BIRTH>(?:\d\d[/.]\d\d[/.]\d{{4}}|\d{{4}}-\d\d-\d\d|(?:1er|\d\d?) (?:{months}) \d{{4}}))"
        rf"|(?<=DDN : )(?P<DDN>\S+)|(?<=naissance )(?P<NAISS>\S+)")

    def replace(match):
        kind = match.lastgroup
        if kind == "BIRTH":
            before = text[:match.start()]
            if not re.search(r"(?:née?|né\(e\)) le $", before):
                return match.group()
            return "[DATE_NAISSANCE]"
        if kind in ("DDN", "NAISS"):
            value = match.group()
            tail = "," if value.endswith(",") else ")" if value.endswith(")") else ""
            return "[DATE_NAISSANCE]" + tail
        return f"[{kind}]"

    return pattern.sub(replace, text)


def kinds_in_french() -> dict[str, str]:
    french = {"personal": "personnelle", "special": "art9", "not_personal": "non_personnelle"}
    asked = work.PII_REDACTION.for_student(STUDENT).params["fields"]
    return {field: french[pii_redaction.KINDS[field]] for field in asked}


def test_pii_redaction_accepts_french_keys_and_another_redactor() -> None:
    result = check(work.PII_REDACTION, {"personal_data": kinds_in_french(), "redact": redact_callback})
    assert result.passed, messages(result)


def test_pii_redaction_judges_lines_the_student_never_saw() -> None:
    exercise = work.PII_REDACTION.for_student(STUDENT)
    shown = {text for case in exercise.make_cases("s") if case.args[0] == "redact" and not case.hidden
             for (text,) in case.args[1]}
    seen = {}
    for case in exercise.make_cases("s"):
        if case.args[0] == "redact" and not case.hidden:
            seen.update(zip((t for (t,) in case.args[1]), case.private["expected"]))
    hidden = next(case for case in exercise.make_cases("s") if case.hidden)
    assert not shown & {text for (text,) in hidden.args[1]}
    assert hidden.public().private == {}
    # A redactor that learnt the shown lines by heart passes them and fails the hidden ones.
    result = check(work.PII_REDACTION, {"personal_data": kinds_in_french(),
                                        "redact": lambda text: seen.get(text, text)})
    assert failed(result) == {"hidden log lines"}


def test_pii_redaction_names_what_leaks() -> None:
    from caire_exercises.authoring.probes import edited

    no_phones = edited(pii_redaction.redact, '    text = re.sub(phone, "[TELEPHONE]", text)\n', "")
    no_phones.__module__ = __name__  # a learner's function, not one of the library's own answers
    result = check(work.PII_REDACTION, {"personal_data": kinds_in_french(), "redact": no_phones})
    assert not result.passed
    assert "telephone numbers are still readable" in messages(result)
    assert "numéros de téléphone restent lisibles" in messages(result, "fr")


def test_pii_redaction_by_hand_says_which_fields_are_wrong() -> None:
    answer = {**kinds_in_french(), "nir": "art9", "pseudonymised_id": "non_personnelle"}
    result = check(work.PII_REDACTION, {"personal_data": answer, "redact": pii_redaction.redact})
    assert failed(result) == {"by hand"}
    assert "nir" in messages(result) and "pseudonymised_id" in messages(result)


# ---------------------------------------------------------------------- answer_scoring

def normalise_regex(text):
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if unicodedata.category(c) != "Mn")
    words = re.sub(r"[\W_]+", " ", text).split()
    return " ".join(w for w in words if w not in answer_scoring.ARTICLES)


def exact_numpy(prediction, reference):
    return np.bool_(normalise_regex(prediction) == normalise_regex(reference))


def f1_numpy(prediction, reference):
    p, r = normalise_regex(prediction).split(), normalise_regex(reference).split()
    if not p or not r:
        return float(p == r)
    shared = sum((Counter(p) & Counter(r)).values())
    return np.float64(0.0 if shared == 0 else 2 * shared / (len(p) + len(r)))


def test_answer_scoring_accepts_another_writing() -> None:
    result = check(work.ANSWER_SCORING, {"normalise": normalise_regex, "exact_match": exact_numpy,
                                         "token_f1": f1_numpy})
    assert result.passed, messages(result)


def test_answer_scoring_fails_a_normalise_that_keeps_double_spaces() -> None:
    def spaced(text):
        return " ".join(normalise_regex(text).split(" ")) + " "

    result = check(work.ANSWER_SCORING, {"normalise": spaced, "exact_match": answer_scoring.exact_match,
                                         "token_f1": answer_scoring.token_f1})
    assert {"normalise: written traps", "normalise: your outputs"} <= failed(result)
    assert "gave" in messages(result)


# -------------------------------------------------------------------- structured_output

def is_valid_jsonschema(obj):
    import jsonschema

    from caire_exercises.data import bundled_root

    schema = json.loads((bundled_root() / "chatbot_json" / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema).is_valid(obj)


def repair_literal(raw_output):
    import ast

    text = raw_output[raw_output.find("{"):raw_output.rfind("}") + 1]
    for attempt in (text, text.replace("true", "True").replace("false", "False")):
        try:
            obj = json.loads(attempt)
        except ValueError:
            try:
                obj = ast.literal_eval(attempt)
            except (ValueError, SyntaxError):
                continue
        return obj if is_valid_jsonschema(obj) else None
    return None


def test_structured_output_accepts_jsonschema_and_literal_eval() -> None:
    pytest.importorskip("jsonschema")
    result = check(work.STRUCTURED_OUTPUT, {"is_valid": is_valid_jsonschema, "repair": repair_literal},
                   student=None)
    assert result.passed, messages(result)


def test_structured_output_fails_a_repair_that_guesses_content() -> None:
    def guessing(raw_output):
        text = raw_output.replace('"oui"', "true").replace('"non"', "false").replace('"yes"', "true")
        return structured_output.repair(text)

    result = check(work.STRUCTURED_OUTPUT, {"is_valid": structured_output.is_valid, "repair": guessing},
                   student=None)
    assert not result.passed
    assert "break the schema" in messages(result)
