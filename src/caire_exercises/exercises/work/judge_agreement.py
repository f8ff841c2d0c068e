"""work.judge_agreement: does a model judge agree with people beyond chance? Cohen's kappa.

Two parts: ``kappa_by_hand``, the kappa of a 2×2 table shown in the statement
(a value), and ``cohen_kappa``, a function. The judge computes kappa itself
(from the confusion matrix, independently of the reference; the tests hold it
to scikit-learn's ``cohen_kappa_score``) on each student's own draw of verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.exercises.work._common import MODULE_ID, correct_by_template
from caire_exercises.exercises.work.probes import parts_probe


def cohen_kappa(judge, people):
    labels = sorted(set(judge) | set(people), key=str)
    n = len(judge)
    observed = sum(j == p for j, p in zip(judge, people)) / n
    chance = sum((list(judge).count(label) / n) * (list(people).count(label) / n) for label in labels)
    return (observed - chance) / (1 - chance)


# ------------------------------------------------------------------ tables done by hand

def _bank() -> dict[str, list[list[int]]]:
    """2×2 tables: rows the model judge (right, wrong), columns the people (right, wrong)."""
    rng = np.random.default_rng(7122026)
    tables: dict[str, list[list[int]]] = {}
    while len(tables) < 16:
        n = int(rng.integers(4, 11)) * 10
        share = rng.uniform(0.4, 0.8)
        agree = rng.uniform(0.6, 0.95)
        people_right = int(round(n * share))
        both_right = int(round(people_right * agree))
        both_wrong = int(round((n - people_right) * rng.uniform(0.4, 0.9)))
        table = [[both_right, n - people_right - both_wrong], [people_right - both_right, both_wrong]]
        if min(min(row) for row in table) > 0:
            tables[f"K{len(tables) + 1:02d}"] = table
    return tables


TABLES = _bank()


def _as_labels(table: list[list[int]]) -> tuple[list[str], list[str]]:
    judge, people = [], []
    for row, judged in zip(table, ("right", "wrong")):
        for count, said in zip(row, ("right", "wrong")):
            judge += [judged] * count
            people += [said] * count
    return judge, people


#: The reference's answer by hand: the kappa of every table a variant may show.
KAPPAS = {key: cohen_kappa(*_as_labels(table)) for key, table in TABLES.items()}


# --------------------------------------------------------------------------- variant, cases

def _variant(rng: np.random.Generator) -> dict[str, Any]:
    table_id = str(rng.choice(sorted(TABLES)))
    (a, b), (c, d) = TABLES[table_id]
    return {"table": table_id, "a": a, "b": b, "c": c, "d": d, "total": a + b + c + d,
            "agreement": round(float(rng.uniform(0.7, 0.9)), 2), "template": str(rng.choice(["A", "B", "C"])),
            "seed": int(rng.integers(0, 2**31))}


def _judged(rng: np.random.Generator, people: np.ndarray, labels: list[Any], agreement: float) -> np.ndarray:
    """A simulated model judge: it agrees with the people with probability `agreement`."""
    keep = rng.random(len(people)) < agreement
    other = np.asarray(labels, dtype=people.dtype)[rng.integers(0, len(labels), len(people))]
    return np.where(keep, people, other)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    fixed = np.random.default_rng(params["seed"])
    people = correct_by_template()[params["template"]]
    judge = _judged(fixed, people, [0, 1], params["agreement"])
    grades = np.asarray(["correct", "partiel", "faux"])[fixed.choice(3, size=60, p=[0.5, 0.2, 0.3])]
    graded = _judged(fixed, grades, ["correct", "partiel", "faux"], params["agreement"])
    lenient = np.asarray(["juste"] * 40)
    strict = np.where(fixed.random(40) < 0.7, "juste", "faux")
    hidden_people = np.asarray(["oui", "non"])[(rng.random(int(rng.integers(30, 90))) < 0.6).astype(int)]
    return [
        Case("by hand", ("kappa_by_hand", params["table"]), atol=0.005, label=Text(
            en=f"kappa_by_hand: table {params['table']} of the statement",
            fr=f"kappa_by_hand : le tableau {params['table']} de l'énoncé")),
        Case("recorded outputs", ("cohen_kappa", [int(v) for v in judge], [int(v) for v in people]),
             label=Text(en=f"cohen_kappa: people's marks (0/1) of template {params['template']}'s "
                           f"{len(people)} recorded outputs, and a judge that agrees about "
                           f"{round(100 * params['agreement'])} % of the time",
                        fr=f"cohen_kappa : les notes (0/1) données par des personnes aux "
                           f"{len(people)} réponses enregistrées du modèle {params['template']}, et un "
                           f"juge d'accord environ {round(100 * params['agreement'])} % du temps")),
        Case("three grades", ("cohen_kappa", [str(v) for v in graded], [str(v) for v in grades]),
             label=Text(en="cohen_kappa: three grades as text (correct, partiel, faux)",
                        fr="cohen_kappa : trois notes en toutes lettres (correct, partiel, faux)")),
        Case("a judge that always approves", ("cohen_kappa", [str(v) for v in lenient],
                                              [str(v) for v in strict]),
             label=Text(en="cohen_kappa: the judge says \"juste\" to everything",
                        fr="cohen_kappa : le juge répond \"juste\" à tout")),
        Case("hidden", ("cohen_kappa", [str(v) for v in _judged(rng, hidden_people, ["oui", "non"], 0.75)],
                        [str(v) for v in hidden_people]), hidden=True),
    ]


# ---------------------------------------------------------------------------------- facts

def _by_hand(case: Case) -> bool:
    return case.args[0] == "kappa_by_hand"


def _number(observed: Any, case: Case) -> float:
    value = observed["value"]
    if _by_hand(case) and isinstance(value, Mapping):
        value = value[case.args[1]]
    if _by_hand(case) and isinstance(value, str):
        value = value.strip().replace(",", ".")  # "0,72", as French writes it
    if isinstance(value, bool) or not np.isfinite(float(value)):
        raise ValueError("not a finite number")
    return float(value)


def _independent_kappa(case: Case) -> float:
    """Kappa from the case's own data, through its confusion matrix (never from the reference)."""
    if _by_hand(case):
        judge, people = _as_labels(TABLES[case.args[1]])
    else:
        judge, people = case.args[1], case.args[2]
    labels, codes = np.unique(np.asarray([str(v) for v in list(judge) + list(people)]), return_inverse=True)
    counts = np.zeros((len(labels), len(labels)))
    np.add.at(counts, (codes[:len(judge)], codes[len(judge):]), 1)
    shares = counts / counts.sum()
    chance = float(shares.sum(axis=1) @ shares.sum(axis=0))
    return float((np.trace(shares) - chance) / (1 - chance))


def _observed_agreement(case: Case) -> float:
    judge, people = _as_labels(TABLES[case.args[1]]) if _by_hand(case) else case.args[1:3]
    return float(np.mean([str(j) == str(p) for j, p in zip(judge, people)]))


def _agree(observed: Any, case: Case) -> bool:
    tolerance = 0.005 if _by_hand(case) else 1e-9
    return bool(np.isclose(_number(observed, case), _independent_kappa(case), rtol=1e-6, atol=tolerance))


FACTS = (
    Fact("number", lambda o, e, c: isinstance(_number(o, c), float), Text(
        en="The answer should be one number (a float): kappa, between −1 and 1. Write it with a "
           "decimal point: 0.72 (in Python, 0,72 is a pair of numbers).",
        fr="La réponse doit être un nombre (un float) : le kappa, entre −1 et 1. Écrivez-le avec un "
           "point décimal : 0.72 (en Python, 0,72 est un couple de nombres).")),
    Fact("kappa", lambda o, e, c: _agree(o, c), lambda o, e, c: Text(
        en=f"Your kappa is {_number(o, c):.4f}; on these verdicts it is {_independent_kappa(c):.4f} "
           f"(the raw agreement is {_observed_agreement(c):.4f}). Kappa = (p_o − p_e) / (1 − p_e): "
           f"p_o the share of items where both agree, p_e the agreement expected by chance, the sum "
           f"over labels of (share of the judge's verdicts with that label) × (share of the people's).",
        fr=f"Votre kappa vaut {_number(o, c):.4f} ; sur ces verdicts, il vaut "
           f"{_independent_kappa(c):.4f} (l'accord brut est de {_observed_agreement(c):.4f}). "
           f"Kappa = (p_o − p_e) / (1 − p_e) : p_o la part des éléments où les deux sont d'accord, "
           f"p_e l'accord attendu par hasard, la somme sur les étiquettes de (part des verdicts du "
           f"juge portant cette étiquette) × (part de ceux des personnes).")),
)


# -------------------------------------------------------------------------------- mistakes

def _raw_agreement(judge, people):
    return sum(j == p for j, p in zip(judge, people)) / len(judge)


def _uniform_chance(judge, people):
    labels = set(judge) | set(people)
    observed = _raw_agreement(judge, people)
    return (observed - 1 / len(labels)) / (1 - 1 / len(labels))


def _pooled(judge, people):
    labels = set(judge) | set(people)
    pooled = list(judge) + list(people)
    observed = _raw_agreement(judge, people)
    chance = sum((pooled.count(label) / len(pooled)) ** 2 for label in labels)
    return (observed - chance) / (1 - chance)


def _no_rescaling(judge, people):
    labels = set(judge) | set(people)
    n = len(judge)
    chance = sum((list(judge).count(label) / n) * (list(people).count(label) / n) for label in labels)
    return _raw_agreement(judge, people) - chance


def _by_hand_with(function: Any) -> dict[str, float]:
    return {key: function(*_as_labels(table)) for key, table in TABLES.items()}


JUDGE_AGREEMENT = Exercise(
    id="work.judge_agreement",
    module=MODULE_ID,
    title=Text(en="Can a model judge replace people? Cohen's kappa",
               fr="Un modèle peut-il juger à la place des personnes ? Le kappa de Cohen"),
    statement=Text(
        en="""A language model is used as a judge: it marks chatbot answers right or wrong. Before
trusting it, compare its verdicts with people's on the same answers. Agreeing 80 % of the time
means little if both say "right" 80 % of the time: Cohen's kappa corrects for the agreement
expected by chance, κ = (p_o − p_e) / (1 − p_e).

**1. By hand (no code).** Table {table}, {total} answers:

| model judge \\ people | right | wrong |
| --- | --- | --- |
| right | {a} | {b} |
| wrong | {c} | {d} |

Set `kappa_by_hand` to its kappa (a number, to at least two decimals).

**2. Code.** Write `cohen_kappa(judge, people)`: two lists of the same length holding the verdicts
(integers or strings, two labels or more) of the model judge and of the people; return kappa as
a float. It is checked against an independent computation on verdicts drawn for you.

Check both: `ex.check(kappa_by_hand=kappa_by_hand, cohen_kappa=cohen_kappa)`.""",
        fr="""Un modèle de langage sert de juge : il note des réponses de chatbot justes ou fausses.
Avant de s'y fier, comparez ses verdicts à ceux de personnes sur les mêmes réponses. Être
d'accord 80 % du temps ne dit pas grand-chose si les deux répondent « juste » 80 % du temps : le
kappa de Cohen corrige l'accord attendu par hasard, κ = (p_o − p_e) / (1 − p_e).

**1. À la main (sans code).** Tableau {table}, {total} réponses :

| juge (modèle) \\ personnes | juste | fausse |
| --- | --- | --- |
| juste | {a} | {b} |
| fausse | {c} | {d} |

Donnez à `kappa_by_hand` son kappa (un nombre, avec au moins deux décimales).

**2. Code.** Écrivez `cohen_kappa(judge, people)` : deux listes de même longueur contenant les
verdicts (entiers ou chaînes, deux étiquettes ou plus) du juge et des personnes ; renvoyez le
kappa (un float). Il est comparé à un calcul indépendant sur des verdicts tirés pour vous.

Vérifiez les deux : `ex.check(kappa_by_hand=kappa_by_hand, cohen_kappa=cohen_kappa)`.""",
    ),
    answer_name=("kappa_by_hand", "cohen_kappa"),
    kind="function",
    reference={"kappa_by_hand": KAPPAS, "cohen_kappa": cohen_kappa},
    cases=_cases,
    variant=_variant,
    probe=parts_probe(("kappa_by_hand",)),
    facts=FACTS,
    compare_values=False,
    difficulty=1,
    minutes=15,
    tags=("evaluation", "agreement", "kappa", "LLM as a judge"),
    dataset="chatbot_outputs",
    audience=("all", "engineering"),
    mistakes=(
        Mistake("raw_agreement", Text(
            en="You gave the raw agreement p_o (the share of items where both agree). Kappa takes "
               "away the agreement expected by chance: (p_o − p_e) / (1 − p_e).",
            fr="Vous avez donné l'accord brut p_o (la part des éléments où les deux sont "
               "d'accord). Le kappa retire l'accord attendu par hasard : (p_o − p_e) / (1 − p_e)."),
            {"kappa_by_hand": _by_hand_with(_raw_agreement), "cohen_kappa": _raw_agreement}),
        Mistake("uniform_chance", Text(
            en="Your chance agreement is 1 / (number of labels), as if each rater picked labels "
               "at random in equal shares. p_e uses each rater's own shares: the sum over labels "
               "of judge share × people share.",
            fr="Votre accord dû au hasard vaut 1 / (nombre d'étiquettes), comme si chaque juge "
               "tirait les étiquettes au hasard à parts égales. p_e utilise les parts propres à "
               "chacun : la somme sur les étiquettes de part du juge × part des personnes."),
            {"kappa_by_hand": _by_hand_with(_uniform_chance), "cohen_kappa": _uniform_chance}),
        Mistake("pooled_shares", Text(
            en="You pooled the two raters' verdicts to compute the chance agreement (that is "
               "Scott's pi). Cohen's kappa multiplies the judge's share of each label by the "
               "people's share of it.",
            fr="Vous avez mis en commun les verdicts des deux juges pour l'accord dû au hasard "
               "(c'est le pi de Scott). Le kappa de Cohen multiplie la part de chaque étiquette "
               "chez le juge par sa part chez les personnes."),
            {"kappa_by_hand": _by_hand_with(_pooled), "cohen_kappa": _pooled}),
        Mistake("no_rescaling", Text(
            en="You returned p_o − p_e without dividing by 1 − p_e: kappa rescales the gain over "
               "chance by the largest gain possible.",
            fr="Vous avez renvoyé p_o − p_e sans diviser par 1 − p_e : le kappa rapporte le gain "
               "sur le hasard au plus grand gain possible."),
            {"kappa_by_hand": _by_hand_with(_no_rescaling), "cohen_kappa": _no_rescaling}),
    ),
    hints=(
        Text(en="By hand: p_o = (a + d) / n. For p_e, the judge says \"right\" (a + b) / n of the "
                "time and the people (a + c) / n; add the same product for \"wrong\".",
             fr="À la main : p_o = (a + d) / n. Pour p_e, le juge dit « juste » dans (a + b) / n "
                "des cas et les personnes dans (a + c) / n ; ajoutez le même produit pour "
                "« fausse »."),
        Text(en="In code, loop over the labels that appear in either list; count each label's share "
                "in each list.",
             fr="En code, parcourez les étiquettes présentes dans l'une ou l'autre liste ; comptez "
                "la part de chaque étiquette dans chaque liste."),
        Text(en="A judge that approves everything has p_o equal to p_e: its kappa is 0, whatever "
                "its raw agreement.",
             fr="Un juge qui approuve tout a un p_o égal à p_e : son kappa vaut 0, quel que soit "
                "son accord brut."),
    ),
    teacher_notes=Text(
        en="Objectives: measure agreement between a model judge and people beyond chance; compute "
           "kappa from a 2×2 table and in code for any labels. Misconceptions aimed at: raw "
           "agreement is enough; a judge that approves everything is a good judge. Debrief: why "
           "is the kappa of a judge that always says \"right\" 0? What kappa would you require "
           "before replacing a human review, and on which answers? Does high agreement on easy "
           "answers tell you about the hard ones?",
        fr="Objectifs : mesurer l'accord entre un juge automatique et des personnes au-delà du "
           "hasard ; calculer le kappa à partir d'un tableau 2×2 et en code pour toutes "
           "étiquettes. Idées fausses visées : l'accord brut suffit ; un juge qui approuve tout "
           "est un bon juge. Pour le débriefing : pourquoi le kappa d'un juge qui dit toujours "
           "« juste » vaut-il 0 ? Quel kappa exigeriez-vous avant de remplacer une relecture "
           "humaine, et sur quelles réponses ? Un fort accord sur les réponses faciles dit-il "
           "quelque chose des difficiles ?"),
)
