"""text.faq_search: find the entries of a French health FAQ that answer a reworded question.

The probe asks the learner's ``search`` each question of a case and reports the ids it
returned; the entry each question is about stays in the case's private part, and the judge
counts the hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import same_as_mistake
from caire_exercises.exercises.text._common import (FAQ_HIT_AT_1, FAQ_HIT_AT_3, MODULE_ID, NARROW_NBSP, faq, french_percent, judged_once,
                      reworded)
from caire_exercises.exercises.text.probes import observe_search

# ------------------------------------------------------------------------------- reference


@lru_cache(maxsize=4)
def _faq_index(columns: tuple[str, ...]) -> tuple[Any, Any, np.ndarray]:
    """A TF-IDF index of the FAQ over `columns` joined: the vectoriser, the matrix, the ids."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    table = faq()
    documents = table[list(columns)].astype(str).agg(" ".join, axis=1)
    vectoriser = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True)
    return vectoriser, vectoriser.fit_transform(documents), table["faq_id"].to_numpy()


def _faq_scores(question: str, columns: tuple[str, ...] = ("question", "answer")) -> np.ndarray:
    from sklearn.metrics.pairwise import linear_kernel

    vectoriser, matrix, _ = _faq_index(columns)
    return linear_kernel(vectoriser.transform([question]), matrix).ravel()


def search(question, k=3):
    scores = _faq_scores(question)
    best = np.argsort(-scores, kind="stable")[:k]
    return [int(faq_id) for faq_id in _faq_index(("question", "answer"))[2][best]]


# ---------------------------------------------------------------------------------- cases


_POLITE = (("Bonjour, ", ""), ("", " Merci d'avance."), ("Petite question : ", ""), ("", " Merci !"))


def _case(name: str, queries: list[tuple[str, int]], k: int, at: int, **options: Any) -> Case:
    """A case: the questions are asked, the entry each one is about stays with the judge."""
    kwargs = {"questions": [question for question, _ in queries], "k": k, "at": at}
    if options.pop("in_order", False):
        kwargs["in_order"] = True
    return Case(name, kwargs=kwargs, private={"ids": [int(faq_id) for _, faq_id in queries]}, **options)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pairs = list(zip(reworded()["question"], reworded()["faq_id"].astype(int)))
    shown, held = pairs[0::2], pairs[1::2]
    own = list(zip(faq()["question"], faq()["faq_id"].astype(int)))[::3]
    rows = rng.choice(len(held), size=min(50, len(held)), replace=False)
    hidden = []
    for row in rows:
        question, faq_id = held[int(row)]
        before, after = _POLITE[int(rng.integers(len(_POLITE)))]
        hidden.append((f"{before}{question.rstrip(' ?')}{after}", faq_id))
    return [
        _case("reworded questions", shown, 3, 3,
              label=Text(en=f"{len(shown)} reworded questions: is the right entry in your top 3?",
                         fr=f"{len(shown)} questions reformulées\u202f: la bonne entrée est-elle dans vos 3 "
                            f"premières\u202f?")),
        _case("the FAQ's own questions", own, 1, 1,
              label=Text(en="questions of the FAQ itself, k=1: each must find its own entry first",
                         fr="questions de la FAQ elle-même, k=1\u202f: chacune doit trouver sa propre entrée en "
                            "premier")),
        _case("k = 5", shown[:12], 5, 3, in_order=True,
              label=Text(en="k=5: five distinct ids, best first",
                         fr="k=5\u202f: cinq identifiants distincts, le meilleur en premier")),
        _case("hidden", hidden, 3, 3, hidden=True),
    ]


# ------------------------------------------------------------------------------------ facts


@judged_once
def _summary(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """What the judge reads in the ids returned, against the entry each question is about."""
    questions, truth = case.kwargs["questions"], list(case.private["ids"])
    k, at = case.kwargs["k"], case.kwargs["at"]
    known = {int(i) for i in faq()["faq_id"]}
    facts = {"sequence": True, "integers": True, "length": True, "known_ids": True, "distinct": True}
    results: list[list[int]] = []
    misses: list[dict[str, Any]] = []
    disorder: list[dict[str, Any]] = []
    hits = 0
    entries = list(observed["results"])
    if len(entries) > len(questions):
        raise ValueError("more results than questions")
    for question, faq_id, entry in zip(questions, truth, entries):
        if "ids" not in entry:
            facts["sequence"] = "type" not in entry
            facts["integers"] = False
            got = entry.get("type") or entry.get("items")
            return {"facts": {**facts, "complete": False}, "got": str(got)[:80]}
        found = [int(i) for i in entry["ids"]]
        facts["length"] &= len(found) == k
        facts["known_ids"] &= set(found) <= known
        facts["distinct"] &= len(set(found)) == len(found)
        results.append(found)
        if case.kwargs.get("in_order"):
            # Best first: the first results of a longer list are the shorter list.
            shown = [part["ids"] if "ids" in part else (part.get("type") or part.get("items"))
                     for part in entry["shorter"]]
            if shown != [found[:1], found[:3]]:
                disorder.append({"question": question, "found": found, "one": shown[0], "three": shown[1]})
        if faq_id in found[:at]:
            hits += 1
        elif len(misses) < 3:
            misses.append({"question": question, "faq_id": int(faq_id), "found": found})
    facts["complete"] = len(results) == len(questions)
    if case.kwargs.get("in_order"):
        # Exact ties in the scores may be broken another way from one k to the next.
        facts["best_first"] = len(disorder) <= len(results) // 10
    rate = hits / len(questions)
    bar = FAQ_HIT_AT_3 if at == 3 else FAQ_HIT_AT_1
    facts["good_enough"] = facts["complete"] and rate >= bar
    return {"facts": facts, "rate": rate, "bar": bar, "at": at, "k": k, "results": results,
            "misses": misses, "lengths": sorted({len(r) for r in results}), "disorder": disorder[:1]}


def _where(d: Mapping[str, Any]) -> Text:
    if d.get("at") == 1:
        return Text(en="Your first result is the right entry", fr="Votre premier résultat est la bonne entrée")
    return Text(en=f"The right entry is among your first {d.get('at')} results",
                fr=f"La bonne entrée figure parmi vos {d.get('at')} premiers résultats")


def _disordered(d: Mapping[str, Any], language: str = "en") -> str:
    if not d.get("disorder"):
        return ""
    seen = d["disorder"][0]
    one, three = seen["one"], seen["three"]
    if language == "fr":
        return (f"pour «\u202f{seen['question']}\u202f», search(question, 5) a donné {seen['found']}, mais "
                f"search(question, 1) a donné {one} et search(question, 3) {three}")
    return (f"for «{seen['question']}», search(question, 5) gave {seen['found']}, but "
            f"search(question, 1) gave {one} and search(question, 3) {three}")


def _misses(d: Mapping[str, Any], language: str = "en") -> str:
    space = NARROW_NBSP if language == "fr" else ""
    return "; ".join(f"«{space}{m['question']}{space}» → {m['found']} (≠ {m['faq_id']})"
                     for m in d.get("misses", []))


_FEEDBACK = {
    "sequence": lambda d: Text(
        en=f"search returned a {d.get('got')}; expected a list of faq_id values.",
        fr=f"search a renvoyé un {d.get('got')}\u202f; une liste de valeurs de faq_id est attendue."),
    "integers": lambda d: Text(
        en=f"search returned {d.get('got')}; expected a list of integers, the faq_id of each entry "
           f"(not the question text, nor a row of the table).",
        fr=f"search a renvoyé {d.get('got')}\u202f; une liste d'entiers est attendue, le faq_id de chaque "
           f"entrée (ni le texte de la question, ni une ligne de la table)."),
    "length": lambda d: Text(
        en=f"Asked for k={d.get('k')} results, search returned lists of length {d.get('lengths')}. "
           f"Return exactly k ids: slice with [:k].",
        fr=f"Pour k={d.get('k')} résultats demandés, search a renvoyé des listes de longueur "
           f"{d.get('lengths')}. Renvoyez exactement k identifiants\u202f: découpez avec [:k]."),
    "known_ids": lambda d: Text(
        en="search returned numbers that are not faq_id values of the FAQ (1 to 70). A position in "
           "the table (0, 1, 2...) is not an id: read faq['faq_id'] at those positions.",
        fr="search a renvoyé des nombres qui ne sont pas des faq_id de la FAQ (de 1 à 70). Une "
           "position dans la table (0, 1, 2...) n'est pas un identifiant\u202f: lisez faq['faq_id'] à ces "
           "positions."),
    "distinct": lambda d: Text(
        en="search returned the same id twice in one list: each entry should appear once.",
        fr="search a renvoyé deux fois le même identifiant dans une liste\u202f: chaque entrée ne doit "
           "apparaître qu'une fois."),
    "complete": lambda d: Text(
        en="search did not answer every question.", fr="search n'a pas répondu à toutes les questions."),
    "best_first": lambda d: Text(
        en=f"Your lists are not sorted best first: {_disordered(d)}. A longer list must begin with "
           f"the shorter one. Sort by decreasing similarity (np.argsort(-scores)) and keep that "
           f"order: sorted(), set() or np.argpartition lose it.",
        fr=f"Vos listes ne sont pas triées de la meilleure entrée à la moins bonne\u202f: "
           f"{_disordered(d, 'fr')}. Une liste plus longue doit commencer par la plus courte. Triez "
           f"par similarité décroissante (np.argsort(-scores)) et gardez cet ordre\u202f: sorted(), set() "
           f"ou np.argpartition le perdent."),
    "good_enough": lambda d: Text(
        en=f"{_where(d).en} for {d.get('rate', 0):.0%} of the questions; at least {d.get('bar', 0):.0%} "
           f"is expected. Missed, e.g.: {_misses(d)}.",
        fr=f"{_where(d).fr} pour {french_percent(d.get('rate', 0))} des questions\u202f; il faut au moins "
           f"{french_percent(d.get('bar', 0))}. Manquées, par exemple\u202f: {_misses(d, 'fr')}."),
}


def _fact(name: str) -> Fact:
    def holds(observed: Any, expected: Any, case: Case) -> bool:
        facts = _summary(observed, case)["facts"]
        # best_first is asked only where the order is checked (the case with k = 5).
        return facts.get(name, name == "best_first" and not case.kwargs.get("in_order")) is True

    return Fact(name, holds, lambda observed, expected, case: _FEEDBACK[name](_summary(observed, case)))


FACTS = tuple(_fact(name) for name in _FEEDBACK)


def _ids_found(observed: Any, case: Case) -> Any:
    """What tells two searches apart when their facts agree: the very ids they returned."""
    return _summary(observed, case).get("results")


# --------------------------------------------------------------------------------- mistakes


def _search_positions(question, k=3):
    return [int(row) for row in np.argsort(-_faq_scores(question), kind="stable")[:k]]


def _search_worst_first(question, k=3):
    ids = _faq_index(("question", "answer"))[2]
    return [int(faq_id) for faq_id in ids[np.argsort(_faq_scores(question), kind="stable")[:k]]]


def _search_questions_only(question, k=3):
    ids = _faq_index(("question",))[2]
    best = np.argsort(-_faq_scores(question, ("question",)), kind="stable")[:k]
    return [int(faq_id) for faq_id in ids[best]]


def _search_ignores_k(question, k=3):
    return search(question, 3)


TEACHER_NOTES = Text(
    en=("Objectives: index documents once with TF-IDF, rank them by cosine similarity, return "
        "ids best first; measure retrieval with hit@k on reworded questions. Misconception "
        "aimed at: that a question shares its words with the entry that answers it, and that "
        "np.argsort sorts best first. Debrief: why does indexing the answers as well as the "
        "questions help? Which reworded questions still fail, and what would a model of "
        "meaning (embeddings) change? Why must a health FAQ search say when it found nothing "
        "close?"),
    fr=("Objectifs\u202f: indexer une fois des documents avec TF-IDF, les classer par "
        "similarité cosinus, renvoyer les identifiants du meilleur au moins bon\u202f; "
        "mesurer la recherche par hit@k sur des questions reformulées. Idée fausse "
        "visée\u202f: une question partagerait ses mots avec l'entrée qui y répond, et "
        "np.argsort trierait du meilleur au moins bon. Questions pour le bilan\u202f: "
        "pourquoi indexer aussi les réponses aide-t-il\u202f? Quelles questions reformulées "
        "échouent encore, et que changerait un modèle du sens (plongements)\u202f? Pourquoi "
        "une recherche dans une FAQ santé doit-elle dire quand elle n'a rien trouvé d'assez "
        "proche\u202f?"),
)


FAQ_SEARCH = Exercise(
    id="text.faq_search",
    module=MODULE_ID,
    audience=("engineering", "health"),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="Search a health FAQ with TF-IDF", fr="Chercher dans une FAQ santé avec TF-IDF"),
    statement=Text(
        en="""People rarely ask a question in the FAQ's own words. Write `search(question, k)` which
returns the `faq_id` of the `k` entries of a French health FAQ that best match `question`,
best first, as a list of integers.

The FAQ is `faq = caire_exercises.data.load("health_faq")`: 70 entries with the columns
`faq_id`, `category`, `question` and `answer`. Build a TF-IDF index of the entries **once**,
outside `search` (your function may use it as a global variable), then for each question
compute its similarity to every entry (cosine similarity: `linear_kernel` on TF-IDF vectors)
and return the ids of the `k` most similar.

The checker asks reworded questions, written by people who did not copy the FAQ
("On m'a volé ma carte Vitale, que dois-je faire ?"). Expected:

* for reworded questions, the right entry among your first 3 results at least 80 % of the
  time (hit@3 ≥ 0.8);
* for the FAQ's own questions with `k=1`, the entry itself at least 90 % of the time;
* exactly `k` distinct ids in each list.""",
        fr="""On pose rarement une question avec les mots mêmes de la FAQ. Écrivez
`search(question, k)` qui renvoie le `faq_id` des `k` entrées d'une FAQ santé en français qui
correspondent le mieux à `question`, la meilleure en premier, sous forme de liste d'entiers.

La FAQ est `faq = caire_exercises.data.load("health_faq")`\u202f: 70 entrées avec les colonnes
`faq_id`, `category`, `question` et `answer`. Construisez un index TF-IDF des entrées **une
seule fois**, hors de `search` (votre fonction peut s'en servir comme d'une variable globale),
puis pour chaque question calculez sa similarité avec chaque entrée (similarité cosinus\u202f:
`linear_kernel` sur des vecteurs TF-IDF) et renvoyez les identifiants des `k` plus proches.

Le correcteur pose des questions reformulées, écrites par des personnes qui n'ont pas recopié
la FAQ («\u202fOn m'a volé ma carte Vitale, que dois-je faire\u202f?\u202f»). Attendu\u202f:

* pour les questions reformulées, la bonne entrée parmi vos 3 premiers résultats dans au moins
  80\u202f% des cas (hit@3 ≥ 0,8)\u202f;
* pour les questions de la FAQ elle-même avec `k=1`, l'entrée elle-même dans au moins 90\u202f% des
  cas\u202f;
* exactement `k` identifiants distincts dans chaque liste.""",
    ),
    answer_name="search",
    kind="function",
    reference=search,
    cases=_cases,
    probe=observe_search,
    facts=FACTS,
    checks=(same_as_mistake(FACTS, _ids_found),),
    compare_values=False,
    difficulty=3,
    minutes=25,
    tags=("information retrieval", "TF-IDF", "cosine similarity", "French", "health"),
    dataset="health_faq",
    timeout=10.0,
    mistakes=(
        Mistake("row_positions", Text(
            en="Your search returns positions in the table (0 for the first row), not faq_id values. "
               "Read the ids at those positions: faq['faq_id'].to_numpy()[best].",
            fr="Votre recherche renvoie des positions dans la table (0 pour la première ligne), pas des "
               "faq_id. Lisez les identifiants à ces positions\u202f: faq['faq_id'].to_numpy()[meilleurs]."),
            _search_positions),
        Mistake("worst_first", Text(
            en="np.argsort sorts from the smallest similarity to the largest: your first results are the "
               "least similar entries. Sort by -scores (or reverse the order) before taking [:k].",
            fr="np.argsort trie de la plus petite similarité à la plus grande\u202f: vos premiers résultats sont "
               "les entrées les moins proches. Triez selon -scores (ou inversez l'ordre) avant de prendre "
               "[:k]."),
            _search_worst_first),
        Mistake("questions_only", Text(
            en="You indexed the FAQ's questions only. A reworded question shares few words with the "
               "original question, but often shares some with the answer: index question and answer "
               "together (faq.question + ' ' + faq.answer).",
            fr="Vous n'avez indexé que les questions de la FAQ. Une question reformulée partage peu de mots "
               "avec la question d'origine, mais en partage souvent avec la réponse\u202f: indexez la question "
               "et la réponse ensemble (faq.question + ' ' + faq.answer)."),
            _search_questions_only),
        Mistake("ignores_k", Text(
            en="Your search always returns 3 results, whatever k is. Slice with [:k].",
            fr="Votre recherche renvoie toujours 3 résultats, quel que soit k. Découpez avec [:k]."),
            _search_ignores_k),
    ),
    hints=(
        Text(en="`vectoriser = TfidfVectorizer(strip_accents=\"unicode\")`, then "
                "`documents = vectoriser.fit_transform(faq.question + \" \" + faq.answer)`: fit once, on "
                "the FAQ.",
             fr="`vectoriseur = TfidfVectorizer(strip_accents=\"unicode\")`, puis "
                "`documents = vectoriseur.fit_transform(faq.question + \" \" + faq.answer)`\u202f: ajustez une "
                "seule fois, sur la FAQ."),
        Text(en="In `search`, use `transform` (not `fit_transform`) on `[question]`, then "
                "`scores = linear_kernel(query, documents).ravel()`.",
             fr="Dans `search`, utilisez `transform` (pas `fit_transform`) sur `[question]`, puis "
                "`scores = linear_kernel(requete, documents).ravel()`."),
        Text(en="`best = np.argsort(-scores)[:k]` gives the positions of the best entries; return "
                "`[int(i) for i in faq.faq_id.to_numpy()[best]]`.",
             fr="`meilleurs = np.argsort(-scores)[:k]` donne les positions des meilleures entrées\u202f; "
                "renvoyez `[int(i) for i in faq.faq_id.to_numpy()[meilleurs]]`."),
    ),
    solution_code='''
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from caire_exercises.data import load

    faq = load("health_faq")
    vectoriser = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True)
    documents = vectoriser.fit_transform(faq["question"] + " " + faq["answer"])


    def search(question, k=3):
        scores = linear_kernel(vectoriser.transform([question]), documents).ravel()
        best = np.argsort(-scores, kind="stable")[:k]
        return [int(faq_id) for faq_id in faq["faq_id"].to_numpy()[best]]
    ''',
)


