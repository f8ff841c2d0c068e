"""work.prompt_comparison: which prompt template is better, with a paired bootstrap interval.

Two parts: ``decision``, read by hand from a table and its interval (no code),
and ``compare_prompts``, a function. The interval is judged by what it does,
not by one number: on many draws from a known population of paired outcomes,
its coverage of the true difference and its width against the reference's
(an unpaired bootstrap is about twice as wide there), and every decision must
follow from the learner's own interval.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.work._common import (MODULE_ID, correct_by_template, english_number,
                                                    french_number)
from caire_exercises.exercises.work.probes import parts_probe


def compare_prompts(correct_a, correct_b, seed=0):
    import numpy as np

    a = np.asarray(correct_a, dtype=float)
    b = np.asarray(correct_b, dtype=float)
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(a), size=(1000, len(a)))
    # The same rows for both templates: each resample keeps the pairs together.
    differences = b[rows].mean(axis=1) - a[rows].mean(axis=1)
    low, high = np.quantile(differences, [0.025, 0.975])
    decision = "B" if low > 0 else "A" if high < 0 else "no_difference"
    return {"difference": float(b.mean() - a.mean()), "low": float(low), "high": float(high),
            "decision": decision}


# ------------------------------------------------------------------ tables read by hand

def _bank() -> dict[str, dict[str, Any]]:
    """Tables of paired outcomes for the case done by hand, with the interval the statement shows."""
    rng = np.random.default_rng(20261207)
    tables = {}
    while len(tables) < 16:
        n = int(rng.integers(6, 21)) * 10
        both, gap = rng.uniform(0.45, 0.7), rng.uniform(-0.12, 0.12)
        discordant = rng.uniform(0.1, 0.25)
        only_b = int(round(n * (discordant + gap) / 2))
        only_a = int(round(n * discordant)) - only_b
        only_a, only_b = max(only_a, 0), max(only_b, 0)
        both_right = int(round(n * both))
        counts = np.array([both_right, only_a, only_b, n - both_right - only_a - only_b])
        draws = rng.multinomial(n, counts / n, size=2000)
        differences = (draws[:, 2] - draws[:, 1]) / n
        low, high = np.quantile(differences, [0.025, 0.975])
        if only_a == only_b or min(abs(low), abs(high)) < 0.005:
            continue  # no tie, and no end of the interval that the statement would round to 0
        tables[f"T{len(tables) + 1:02d}"] = {"n": n, "counts": [int(c) for c in counts],
                                    "accuracy_a": (counts[0] + counts[1]) / n,
                                    "accuracy_b": (counts[0] + counts[2]) / n,
                                    "low": float(low), "high": float(high)}
    return tables


TABLES = _bank()


def _decision_of(table: Mapping[str, Any]) -> str:
    return "B" if table["low"] > 0 else "A" if table["high"] < 0 else "no_difference"


#: The reference's answer by hand, for every table a variant may show.
DECISIONS = {key: _decision_of(table) for key, table in TABLES.items()}


# ------------------------------------------------------------------------- variant, cases

_PAIRS = (("A", "B"), ("A", "C"), ("B", "C"), ("C", "A"), ("C", "B"), ("B", "A"))


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    table_id = str(rng.choice(sorted(TABLES)))
    table = TABLES[table_id]
    first, second = _PAIRS[int(rng.integers(0, len(_PAIRS)))]
    percent = {f"{key}_{lang}": number(100 * table[key], 1)
               for key in ("accuracy_a", "accuracy_b", "low", "high")
               for lang, number in (("en", english_number), ("fr", french_number))}
    return {"table": table_id, "n": table["n"], "first": first, "second": second,
            "seed": int(rng.integers(0, 2**31)), **percent}


def _paired_draws(rng: np.random.Generator, n: int, probabilities: list[float], k: int) -> list[tuple]:
    """`k` data sets of `n` paired outcomes (both right, only A, only B, both wrong)."""
    sets = []
    for _ in range(k):
        kind = rng.choice(4, size=n, p=probabilities)
        a = ((kind == 0) | (kind == 1)).astype(np.int64)
        b = ((kind == 0) | (kind == 2)).astype(np.int64)
        sets.append((a, b, int(rng.integers(0, 2**31))))
    return sets


def _draws_case(name: str, rng: np.random.Generator, n: int, probabilities: list[float], *,
                hidden: bool = False, label: Text | None = None) -> Case:
    return Case(name, ("compare_prompts", _paired_draws(rng, n, probabilities, 20)),
                kwargs={"each": True}, hidden=hidden, label=label, timeout=20.0,
                private={"true_difference": probabilities[2] - probabilities[1]})


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    outcomes = correct_by_template()
    first, second = params["first"], params["second"]
    fixed = np.random.default_rng(params["seed"])
    hidden_gap = float(rng.uniform(-0.06, 0.06))
    return [
        Case("by hand", ("decision", params["table"]), label=Text(
            en=f"decision: table {params['table']} of the statement",
            fr=f"decision : le tableau {params['table']} de l'énoncé")),
        Case("recorded outputs", ("compare_prompts", outcomes[first], outcomes[second], params["seed"]),
             label=Text(en=f"compare_prompts: template {first} against template {second} on the "
                           f"{len(outcomes[first])} recorded items",
                        fr=f"compare_prompts : le modèle {first} contre le modèle {second} sur les "
                           f"{len(outcomes[first])} questions enregistrées")),
        _draws_case("no clear winner", fixed, 150, [0.7, 0.04, 0.06, 0.2], label=Text(
            en="compare_prompts on 20 data sets of 150 paired items where B is better by 2 points "
               "and both templates fail on the same items",
            fr="compare_prompts sur 20 jeux de 150 questions appariées où B fait mieux de 2 points "
               "et où les deux modèles échouent sur les mêmes questions")),
        _draws_case("a clear winner", fixed, 200, [0.6, 0.15, 0.03, 0.22], label=Text(
            en="compare_prompts on 20 data sets of 200 paired items where A is better by 12 points",
            fr="compare_prompts sur 20 jeux de 200 questions appariées où A fait mieux de 12 points")),
        _draws_case("hidden", rng, int(rng.integers(120, 200)),
                    [0.65, 0.05, 0.05 + hidden_gap / 2 + 0.03, 0.25 - hidden_gap / 2 - 0.03], hidden=True),
    ]


# ------------------------------------------------------------------------------- facts

def _folded(text: Any) -> str:
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return plain.strip().replace(" ", "_").replace("-", "_").replace("'", "_")


_SAME = {"a": "A", "b": "B", "no_difference": "no_difference", "aucune_difference": "no_difference",
         "pas_de_difference": "no_difference", "none": "no_difference", "tie": "no_difference",
         "egalite": "no_difference"}


def _decision(value: Any) -> str | None:
    return _SAME.get(_folded(value))


def _asked(observed: Any, case: Case) -> str | None:
    value = observed.get("value")
    if isinstance(value, Mapping):
        value = value.get(case.args[1])
    return _decision(value)


def _results(observed: Any, case: Case) -> list[dict[str, Any]]:
    """The learner's results on a case, as a list of dicts with the four keys (ValueError else)."""
    value = observed["value"]
    results = value if case.kwargs.get("each") else [value]
    for result in results:
        if not isinstance(result, Mapping) or not {"difference", "low", "high", "decision"} <= set(result):
            raise ValueError("not a dict with difference, low, high and decision")
        if not all(np.isfinite(float(result[key])) for key in ("difference", "low", "high")):
            raise ValueError("not finite")
    return list(results)


def _by_hand(case: Case) -> bool:
    return case.args[0] == "decision"


def _consistent(result: Mapping[str, Any]) -> bool:
    own = "B" if float(result["low"]) > 0 else "A" if float(result["high"]) < 0 else "no_difference"
    return _decision(result["decision"]) == own


def _width(results: list[Mapping[str, Any]]) -> float:
    return float(np.mean([float(r["high"]) - float(r["low"]) for r in results]))


def _coverage(results: list[Mapping[str, Any]], truth: float) -> float:
    return float(np.mean([float(r["low"]) - 1e-12 <= truth <= float(r["high"]) + 1e-12 for r in results]))


def _data(case: Case) -> list[tuple]:
    return case.args[1] if case.kwargs.get("each") else [case.args[1:3]]


FACTS = (
    Fact("decision_by_hand", lambda o, e, c: not _by_hand(c) or _asked(o, c) == _asked(e, c), Text(
        en="This is not the decision the table supports. Look at the interval of the difference "
           "B − A: entirely above 0, B is better; entirely below 0, A is better; if it contains "
           "0, the data do not show a difference (answer \"no_difference\"), whichever mean is higher.",
        fr="Ce n'est pas la décision que le tableau permet. Regardez l'intervalle de la différence "
           "B − A : entièrement au-dessus de 0, B est meilleur ; entièrement en dessous, A est "
           "meilleur ; s'il contient 0, les données ne montrent pas de différence (répondez "
           "\"no_difference\"), quelle que soit la moyenne la plus haute.")),
    Fact("result", lambda o, e, c: _by_hand(c) or bool(_results(o, c)), Text(
        en="compare_prompts should return a dict with the keys \"difference\", \"low\", \"high\" "
           "(finite numbers) and \"decision\" (\"A\", \"B\" or \"no_difference\").",
        fr="compare_prompts doit renvoyer un dict avec les clés \"difference\", \"low\", \"high\" "
           "(des nombres finis) et \"decision\" (\"A\", \"B\" ou \"no_difference\").")),
    Fact("difference", lambda o, e, c: _by_hand(c) or all(
        np.isclose(float(r["difference"]), np.mean(b) - np.mean(a), rtol=1e-6, atol=1e-9)
        for r, (a, b, *_) in zip(_results(o, c), _data(c))), Text(
        en="\"difference\" is not the accuracy of the second template minus that of the first "
           "(mean of correct_b minus mean of correct_a). Mind the order: B − A.",
        fr="\"difference\" n'est pas l'exactitude du second modèle moins celle du premier "
           "(moyenne de correct_b moins moyenne de correct_a). Attention à l'ordre : B − A.")),
    Fact("interval_around_difference", lambda o, e, c: _by_hand(c) or all(
        float(r["low"]) <= float(r["difference"]) <= float(r["high"]) for r in _results(o, c)), Text(
        en="Your interval does not contain the observed difference: \"low\" and \"high\" should be "
           "the 2.5th and 97.5th percentiles of the resampled differences B − A.",
        fr="Votre intervalle ne contient pas la différence observée : \"low\" et \"high\" doivent "
           "être les centiles 2,5 et 97,5 des différences B − A rééchantillonnées.")),
    Fact("coverage", lambda o, e, c: "true_difference" not in c.private or _coverage(
        _results(o, c), c.private["true_difference"]) >= 0.8, Text(
        en="On data sets drawn from a population whose true difference is known, your interval "
           "misses it too often (it should contain it about 95 times in 100). Resample the items "
           "with replacement, many times, and take the percentiles of the differences.",
        fr="Sur des jeux tirés d'une population dont la vraie différence est connue, votre "
           "intervalle la manque trop souvent (il devrait la contenir environ 95 fois sur 100). "
           "Rééchantillonnez les questions avec remise, de nombreuses fois, et prenez les centiles "
           "des différences.")),
    Fact("width", lambda o, e, c: "true_difference" not in c.private or 0.88 <= _width(
        _results(o, c)) / _width(_results(e, c)) <= 1.15,
        lambda o, e, c: Text(
            en=f"Your intervals are on average {_width(_results(o, c)) / _width(_results(e, c)):.2f} "
               f"times as wide as a 95 % paired bootstrap interval. Wider: were the two templates "
               f"resampled separately? The same items must be drawn for both. Narrower: is it a "
               f"95 % interval (percentiles 2.5 and 97.5)?",
            fr=f"Vos intervalles sont en moyenne {_width(_results(o, c)) / _width(_results(e, c)):.2f} "
               f"fois aussi larges qu'un intervalle bootstrap apparié à 95 %. Plus larges : les deux "
               f"modèles ont-ils été rééchantillonnés séparément ? Les mêmes questions doivent être "
               f"tirées pour les deux. Plus étroits : est-ce bien un intervalle à 95 % (centiles "
               f"2,5 et 97,5) ?")),
    Fact("decision_follows_interval", lambda o, e, c: _by_hand(c) or all(
        _consistent(r) for r in _results(o, c)), Text(
        en="A \"decision\" does not follow from its own interval: \"B\" only when low > 0, \"A\" only "
           "when high < 0, otherwise \"no_difference\", even when one mean is higher.",
        fr="Une \"decision\" ne découle pas de son propre intervalle : \"B\" seulement si low > 0, "
           "\"A\" seulement si high < 0, sinon \"no_difference\", même quand une moyenne est plus "
           "haute.")),
)


# ---------------------------------------------------------------------------- mistakes

def _unpaired(correct_a, correct_b, seed=0):
    a = np.asarray(correct_a, dtype=float)
    b = np.asarray(correct_b, dtype=float)
    rng = np.random.default_rng(seed)
    differences = (b[rng.integers(0, len(b), size=(1000, len(b)))].mean(axis=1)
                   - a[rng.integers(0, len(a), size=(1000, len(a)))].mean(axis=1))
    low, high = np.quantile(differences, [0.025, 0.975])
    decision = "B" if low > 0 else "A" if high < 0 else "no_difference"
    return {"difference": float(b.mean() - a.mean()), "low": float(low), "high": float(high),
            "decision": decision}


def _best_mean(correct_a, correct_b, seed=0):
    result = compare_prompts(correct_a, correct_b, seed)
    result["decision"] = "B" if result["difference"] > 0 else "A"
    return result


def _reversed(correct_a, correct_b, seed=0):
    return compare_prompts(correct_b, correct_a, seed)


_ninety = edited(compare_prompts, "[0.025, 0.975]", "[0.05, 0.95]", name="compare_prompts_ninety")


_BEST_MEAN_BY_HAND = {key: "B" if t["accuracy_b"] > t["accuracy_a"] else "A" for key, t in TABLES.items()}

PROMPT_COMPARISON = Exercise(
    id="work.prompt_comparison",
    module=MODULE_ID,
    title=Text(en="Which prompt is better? A paired bootstrap", fr="Quel prompt est le meilleur ? Un bootstrap apparié"),
    statement=Text(
        en="""Two prompt templates were tried on the same questions; each output is marked right (1) or
wrong (0). Is one template better, or could the gap be chance?

**1. By hand (no code).** Table {table}: on {n} questions, template A is right {accuracy_a_en} %
of the time and template B {accuracy_b_en} %. A paired bootstrap gives a 95 % interval for the
difference B − A of [{low_en} ; {high_en}] points. Set `decision` to `"A"`, `"B"` or
`"no_difference"`: the decision this supports.

**2. Code.** Write `compare_prompts(correct_a, correct_b, seed=0)`: `correct_a[i]` and
`correct_b[i]` say whether each template was right on question `i`. Return a dict with
`"difference"` (accuracy of B minus accuracy of A), `"low"` and `"high"` (a 95 % **paired**
bootstrap interval of that difference: resample the questions with replacement, keeping each
question's two outcomes together, at least 1,000 times) and `"decision"` (`"B"` if the interval
is above 0, `"A"` if below, else `"no_difference"`). It is tried on the recorded outputs of
template {first} against template {second}, then on data sets drawn from a known population:
the check looks at how often your interval covers the true difference and how wide it is, so
another seed or number of resamples is fine.

Check both: `ex.check(decision=decision, compare_prompts=compare_prompts)`.""",
        fr="""Deux modèles de prompt ont été essayés sur les mêmes questions ; chaque réponse est
notée juste (1) ou fausse (0). L'un des modèles est-il meilleur, ou l'écart peut-il venir du
hasard ?

**1. À la main (sans code).** Tableau {table} : sur {n} questions, le modèle A répond juste dans
{accuracy_a_fr} % des cas et le modèle B dans {accuracy_b_fr} %. Un bootstrap apparié donne un
intervalle à 95 % de la différence B − A de [{low_fr} ; {high_fr}] points. Donnez à `decision` la
valeur `"A"`, `"B"` ou `"no_difference"` : la décision que ces chiffres permettent.

**2. Code.** Écrivez `compare_prompts(correct_a, correct_b, seed=0)` : `correct_a[i]` et
`correct_b[i]` disent si chaque modèle a répondu juste à la question `i`. Renvoyez un dict avec
`"difference"` (l'exactitude de B moins celle de A), `"low"` et `"high"` (un intervalle bootstrap
**apparié** à 95 % de cette différence : rééchantillonnez les questions avec remise, en gardant
ensemble les deux résultats de chaque question, au moins 1 000 fois) et `"decision"` (`"B"` si
l'intervalle est au-dessus de 0, `"A"` s'il est en dessous, sinon `"no_difference"`). La fonction
est essayée sur les réponses enregistrées du modèle {first} contre le modèle {second}, puis sur des
jeux tirés d'une population connue : la vérification regarde combien de fois votre intervalle
contient la vraie différence et quelle est sa largeur ; une autre graine ou un autre nombre de
tirages conviennent donc.

Vérifiez les deux : `ex.check(decision=decision, compare_prompts=compare_prompts)`.""",
    ),
    answer_name=("decision", "compare_prompts"),
    kind="function",
    reference={"decision": DECISIONS, "compare_prompts": compare_prompts},
    cases=_cases,
    variant=_variant,
    probe=parts_probe(("decision",)),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=25,
    tags=("evaluation", "bootstrap", "prompting", "statistics"),
    dataset="chatbot_outputs",
    audience=("all", "engineering"),
    mistakes=(
        Mistake("best_mean", Text(
            en="You picked the template with the higher mean while its interval crosses 0. A gap "
               "the interval cannot tell from zero is not evidence: answer \"no_difference\" "
               "unless the whole interval is on one side of 0.",
            fr="Vous avez choisi le modèle à la moyenne la plus haute alors que l'intervalle "
               "contient 0. Un écart que l'intervalle ne distingue pas de zéro n'est pas une "
               "preuve : répondez \"no_difference\" sauf si tout l'intervalle est d'un côté de 0."),
            {"decision": _BEST_MEAN_BY_HAND, "compare_prompts": _best_mean}),
        Mistake("unpaired", Text(
            en="Your bootstrap resamples the two templates separately. The outputs are paired (the "
               "same questions): draw one set of question indices per resample and use it for "
               "both, or the interval ignores that both fail on the same hard questions and comes "
               "out far too wide.",
            fr="Votre bootstrap rééchantillonne les deux modèles séparément. Les réponses sont "
               "appariées (les mêmes questions) : tirez un seul jeu d'indices de questions par "
               "tirage et utilisez-le pour les deux, sinon l'intervalle ignore que les deux "
               "échouent sur les mêmes questions difficiles et sort bien trop large."),
            {"decision": DECISIONS, "compare_prompts": _unpaired}),
        Mistake("reversed", Text(
            en="Your difference is A − B. The exercise asks for B − A (the second argument minus "
               "the first), and \"B\" means the second template is better.",
            fr="Votre différence est A − B. L'exercice demande B − A (le second argument moins le "
               "premier), et \"B\" signifie que le second modèle est meilleur."),
            {"decision": DECISIONS, "compare_prompts": _reversed}),
        Mistake("ninety", Text(
            en="Your interval is too narrow: percentiles 5 and 95 give a 90 % interval. A 95 % "
               "interval takes percentiles 2.5 and 97.5.",
            fr="Votre intervalle est trop étroit : les centiles 5 et 95 donnent un intervalle à "
               "90 %. Un intervalle à 95 % prend les centiles 2,5 et 97,5."),
            {"decision": DECISIONS, "compare_prompts": _ninety}),
    ),
    hints=(
        Text(en="By hand: only the interval matters. Does it contain 0?",
             fr="À la main : seul l'intervalle compte. Contient-il 0 ?"),
        Text(en="Paired: draw `rows = rng.integers(0, n, size=(n_resamples, n))` once and index both "
                "arrays with the same `rows`.",
             fr="Apparié : tirez une fois `rows = rng.integers(0, n, size=(n_resamples, n))` et "
                "indexez les deux tableaux avec les mêmes `rows`."),
        Text(en="`np.quantile(differences, [0.025, 0.975])` gives the two ends; the decision then "
                "compares them with 0.",
             fr="`np.quantile(differences, [0.025, 0.975])` donne les deux bornes ; la décision les "
                "compare ensuite à 0."),
    ),
    teacher_notes=Text(
        en="Objectives: compare two prompts on the same questions with an interval, not two means; "
           "see why pairing matters (the same hard questions defeat both prompts) and read a "
           "decision off an interval. Misconceptions aimed at: the higher mean wins; resampling "
           "each prompt on its own. Debrief: how many questions would you need to show a "
           "2-point gain? Why is the unpaired interval wider when the prompts fail on the same "
           "questions? What changes if the questions were chosen after seeing the outputs?",
        fr="Objectifs : comparer deux prompts sur les mêmes questions avec un intervalle, pas deux "
           "moyennes ; voir pourquoi l'appariement compte (les mêmes questions difficiles font "
           "échouer les deux prompts) et lire une décision sur un intervalle. Idées fausses "
           "visées : la moyenne la plus haute l'emporte ; rééchantillonner chaque prompt à part. "
           "Pour le débriefing : combien de questions faudrait-il pour montrer un gain de "
           "2 points ? Pourquoi l'intervalle non apparié est-il plus large quand les prompts "
           "échouent sur les mêmes questions ? Que change un choix des questions fait après "
           "avoir vu les réponses ?"),
)
