"""prep.group_split: a split by patient, stratified on the outcome, repeatable by its seed.

The probe reports the two sides the answer gave (and, on one case, what two
more calls gave); the judge reads the patients and outcomes of the case's
own table to tell whether patients are kept apart and classes balanced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.exercises.prep._common import MODULE_ID, french_number, judged_once, patients_table
from caire_exercises.exercises.prep.probes import group_probe


#: Accepted share of the patients on the test side, and accepted gap of class balance.
TEST_PATIENTS = (0.15, 0.35)
BALANCE_POINTS = 0.03


def split_patients(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)
    train, test = next(folds.split(df, df["outcome"], groups=df["patient_id"]))
    return train, test


def _split_rows_not_patients(df, seed):
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(df))
    train, test = train_test_split(rows, test_size=0.25, stratify=df["outcome"], random_state=seed)
    return train, test


def _split_fixed_seed(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=42)
    train, test = next(folds.split(df, df["outcome"], groups=df["patient_id"]))
    return train, test


def _split_patient_ids(df, seed):
    from sklearn.model_selection import train_test_split

    ids = np.unique(df["patient_id"])
    train, test = train_test_split(ids, test_size=0.25, random_state=seed)
    return train, test


def _split_swapped(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)
    train, test = next(folds.split(df, df["outcome"], groups=df["patient_id"]))
    return test, train


def _group_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_patients": int(rng.integers(150, 301)),
            "seed": int(rng.integers(0, 1000))}


def _group_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = patients_table(params["data_seed"], params["n_patients"])
    # Shuffled rows keep their labels, so the index is no longer 0, 1, 2...: positions and
    # labels part ways, as they do after any sample() or filter.
    shuffled = table.sample(frac=1.0, random_state=params["seed"])
    hidden = patients_table(int(rng.integers(0, 2**31)), int(rng.integers(150, 301)))
    return [
        Case("patients", (table, params["seed"]), {"try_seeds": True}, label=Text(
            en=f"your {params['n_patients']} patients, seed={params['seed']}; then the same "
               "seed again, and another seed",
            fr=f"vos {params['n_patients']} patients, seed={params['seed']} ; puis la même "
               "graine à nouveau, et une autre graine")),
        Case("shuffled visits", (shuffled, params["seed"] + 1), label=Text(
            en="the same visits in random order, each keeping its index label: one patient's "
               "rows are not next to each other, and labels are not positions",
            fr="les mêmes visites dans le désordre, chacune avec son étiquette d'index : les "
               "lignes d'un patient ne se suivent pas, et les étiquettes ne sont pas des "
               "positions")),
        Case("hidden", (hidden, int(rng.integers(0, 1000))), hidden=True),
    ]



def _derive(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """The split read against the case's table: rows, patients, outcome shares, seeds."""
    table, _ = case.args
    train = np.asarray(observed["train"]).astype(np.int64, casting="same_kind").reshape(-1)
    test = np.asarray(observed["test"]).astype(np.int64, casting="same_kind").reshape(-1)
    rows = np.concatenate([train, test])
    derived: dict[str, Any] = {
        "every_row_once": bool(rows.size == len(table)
                               and np.array_equal(np.sort(rows), np.arange(len(table))))}
    if not derived["every_row_once"]:
        return derived
    ids = table["patient_id"].to_numpy()
    shared = np.intersect1d(ids[train], ids[test])
    outcome = table["outcome"].to_numpy(dtype=float)
    derived.update({
        "shared_patients": int(shared.size),
        "index_labels": bool(shared.size and _labels_split_patients(table, train, test)),
        "test_share": len(np.unique(ids[test])) / len(np.unique(ids)),
        "gap": float(max(abs(outcome[train].mean() - outcome.mean()),
                         abs(outcome[test].mean() - outcome.mean()))),
    })
    if case.kwargs.get("try_seeds"):
        again = np.asarray(observed["test_again"]).reshape(-1)
        other = np.asarray(observed["test_other_seed"]).reshape(-1)
        derived["same_seed_same_split"] = bool(again.shape == test.shape and np.array_equal(again, test))
        derived["seed_changes_split"] = not (other.shape == test.shape and np.array_equal(other, test))
    return derived


_derived = judged_once(_derive)

def _labels_split_patients(table: Any, train: np.ndarray, test: np.ndarray) -> bool:
    """Whether `train` and `test`, read as index labels instead of positions, split the patients."""
    index = table.index
    if not (index.is_unique and index.isin(train).sum() == train.size
            and index.isin(test).sum() == test.size):
        return False
    ids = table["patient_id"]
    return np.intersect1d(ids.loc[train].to_numpy(), ids.loc[test].to_numpy()).size == 0


def _explain_group(fact: str, details: Mapping[str, Any]) -> Message | Text:
    if fact == "every_row_once":
        return Text(en="Every row position (0 to len(df) - 1) must be in exactly one of train and "
                       "test.",
                    fr="Chaque position de ligne (0 à len(df) - 1) doit être dans exactement un "
                       "des deux côtés, train ou test.")
    if fact == "index_labels":
        return message(Text(
            en="Your arrays hold index labels (df.index), not row positions: in this table the "
               "index is shuffled, so {n} patients end up on both sides. Return positions from 0 "
               "to len(df) - 1, as .iloc takes them (those a splitter's split() gives).",
            fr="Vos tableaux contiennent des étiquettes d'index (df.index), pas des positions de "
               "lignes : dans cette table l'index est mélangé, et {n} patients se retrouvent des "
               "deux côtés. Renvoyez des positions de 0 à len(df) - 1, comme les prend .iloc "
               "(celles que donne le split() d'un séparateur)."), n=details["shared_patients"])
    if fact == "no_patient_on_both_sides":
        return message(Text(
            en="{n} patients have visits on both sides: the model would be tested on people it "
               "has already seen. Split the patients, not the rows (groups=df[\"patient_id\"]).",
            fr="{n} patients ont des visites des deux côtés : le modèle serait testé sur des "
               "personnes qu'il a déjà vues. Séparez les patients, pas les lignes "
               "(groups=df[\"patient_id\"])."), n=details["shared_patients"])
    if fact == "test_share_of_patients":
        return message(Text(
            en="{share} of the patients are on the test side; expected about a quarter (between "
               "15 % and 35 %).",
            fr="{share} des patients sont du côté test ; on en attend environ un quart (entre "
               "15 % et 35 %)."), share=f"{100 * details['test_share']:.0f} %")
    if fact == "classes_balanced":
        return message(Text(
            en="The share of outcome = 1 on one side is {gap} points away from the whole table "
               "(at most 3 allowed). Stratify on the outcome while grouping by patient "
               "(StratifiedGroupKFold).",
            fr="La part de outcome = 1 d'un côté s'écarte de {gap_fr} points de celle de toute la "
               "table (3 au plus). Stratifiez sur outcome tout en groupant par patient "
               "(StratifiedGroupKFold)."), gap=f"{100 * details['gap']:.1f}",
            gap_fr=french_number(100 * details["gap"], 1))
    if fact == "same_seed_same_split":
        return Text(en="Two calls with the same seed gave different splits: pass the seed as "
                       "random_state.",
                    fr="Deux appels avec la même graine ont donné des partages différents : "
                       "passez la graine comme random_state.")
    if fact == "seed_changes_split":
        return Text(en="Another seed gives the same split: the seed argument is not used. Pass it "
                       "as random_state instead of a fixed number.",
                    fr="Une autre graine donne le même partage : l'argument seed n'est pas "
                       "utilisé. Passez-le comme random_state au lieu d'un nombre fixe.")
    return Text(en="The split is not the one the statement asks for.",
                fr="Le partage n'est pas celui que demande l'énoncé.")



def _returns_check(obtained: Any, expected: Any, case: Case) -> Message | None:
    """What the answer returned must be what the reference returns: two arrays of integers."""
    if obtained["returns"] == expected["returns"]:
        return None
    return message(Text(
        en="split_patients should return a tuple (train, test) of two NumPy arrays of row "
           "positions (integers); it returned {got}.",
        fr="split_patients doit renvoyer un tuple (train, test) de deux tableaux NumPy de "
           "positions de lignes (des entiers) ; elle a renvoyé {got_fr}."),
        got=str(obtained["returns"]), got_fr=str(obtained["returns_fr"]))


def _fact(name: str, holds: Any, explained: str | None = None) -> Fact:
    return Fact(name, lambda observed, expected, case: bool(holds(_derived(observed, case), case)),
                lambda observed, expected, case: _explain_group(explained or name,
                                                                _derived(observed, case)))


#: In the order they are told. A test share too large and one past 60 % (the sides swapped,
#: most likely) are two facts, so that a half split is not named as the swapped mistake.
_FACTS = (
    _fact("every_row_once", lambda d, case: d["every_row_once"]),
    _fact("positions_not_labels", lambda d, case: not d["index_labels"], "index_labels"),
    _fact("patients_apart", lambda d, case: d["shared_patients"] == 0, "no_patient_on_both_sides"),
    _fact("test_share", lambda d, case: TEST_PATIENTS[0] <= d["test_share"] <= TEST_PATIENTS[1],
          "test_share_of_patients"),
    _fact("not_swapped", lambda d, case: d["test_share"] <= 0.6, "test_share_of_patients"),
    _fact("classes_balanced", lambda d, case: d["gap"] <= BALANCE_POINTS),
    _fact("same_seed_same_split",
          lambda d, case: d["same_seed_same_split"] if case.kwargs.get("try_seeds") else True),
    _fact("seed_changes_split",
          lambda d, case: d["seed_changes_split"] if case.kwargs.get("try_seeds") else True),
)

GROUP_SPLIT = Exercise(
    id="prep.group_split",
    module=MODULE_ID,
    title=Text(en="Split patients, not rows", fr="Séparer les patients, pas les lignes"),
    statement=Text(
        en="""The table `df` has one row per **visit**; a patient (`patient_id`) comes one to six
times, and the column `outcome` (0 or 1) is what a model will predict. Two visits of one
patient look alike, so a patient seen in training and again in test makes the test too easy.

Write `split_patients(df, seed)` which returns a tuple `(train, test)` of two NumPy arrays of
**row positions** (integers from 0 to `len(df) - 1`, as `.iloc` takes them) such that:

* every row is on exactly one side, and **no patient has rows on both sides**;
* about a quarter of the patients are on the test side (between 15 % and 35 %);
* the share of `outcome == 1` on each side is within **3 points** of that of the whole table;
* the same `seed` gives the same split, another seed another split.

Your variant: {n_patients} patients, `seed={seed}`. Try it on
`caire_exercises.data.load("patients", student=...)`.""",
        fr="""La table `df` a une ligne par **visite** ; un patient (`patient_id`) vient d'une à
six fois, et la colonne `outcome` (0 ou 1) est ce qu'un modèle prédira. Deux visites d'un même
patient se ressemblent : un patient vu à l'entraînement puis de nouveau au test rend le test
trop facile.

Écrivez `split_patients(df, seed)` qui renvoie un tuple `(train, test)` de deux tableaux NumPy
de **positions de lignes** (des entiers de 0 à `len(df) - 1`, comme les prend `.iloc`) tels
que :

* chaque ligne est d'un seul côté, et **aucun patient n'a de lignes des deux côtés** ;
* environ un quart des patients sont du côté test (entre 15 % et 35 %) ;
* la part de `outcome == 1` de chaque côté est à **3 points** au plus de celle de toute la
  table ;
* la même graine `seed` donne le même partage, une autre graine un autre partage.

Votre variante : {n_patients} patients, `seed={seed}`. Essayez sur
`caire_exercises.data.load("patients", student=...)`.""",
    ),
    answer_name="split_patients",
    kind="function",
    reference=split_patients,
    cases=_group_cases,
    variant=_group_variant,
    probe=group_probe,
    checks=(_returns_check,),
    facts=_FACTS,
    compare_values=False,
    difficulty=2,
    minutes=15,
    tags=("scikit-learn", "splitting", "groups", "leakage", "stratification"),
    dataset="patients",
    timeout=20.0,
    audience=("health", "engineering"),
    teacher_notes=Text(
        en="Objectives: split by the unit that must generalise (the patient, not the "
           "visit); keep the class balance; make a split repeatable with its seed. "
           "Misconception aimed at: a random split of rows is always an honest test. "
           "Debrief: which score would a row split report, and why is it too good? "
           "What is the unit of generalisation in your own data (patient, hospital, "
           "machine, customer)? Cross-validation (seen in M3) repeats this split k "
           "times: what does GroupKFold add?",
        fr="Objectifs : séparer selon l'unité qui doit généraliser (le patient, pas la"
           " visite) ; garder l'équilibre des classes ; rendre un partage "
           "reproductible par sa graine. Idée fausse visée : un partage aléatoire des "
           "lignes est toujours un test honnête. Questions de débriefing : quel score "
           "donnerait un partage par lignes, et pourquoi est-il trop beau ? Quelle est"
           " l'unité de généralisation dans vos propres données (patient, hôpital, "
           "machine, client) ? La validation croisée (vue en M3) répète ce partage k "
           "fois : qu'apporte GroupKFold ?"),
    mistakes=(
        Mistake("rows", Text(
            en="You split the rows: most patients have visits on both sides, and the test score "
               "measures memory, not generalisation. Split by patient_id (GroupShuffleSplit, "
               "StratifiedGroupKFold).",
            fr="Vous avez séparé les lignes : la plupart des patients ont des visites des deux "
               "côtés, et le score de test mesure la mémoire, pas la généralisation. Séparez "
               "par patient_id (GroupShuffleSplit, StratifiedGroupKFold)."),
            _split_rows_not_patients),
        Mistake("fixed_seed", Text(
            en="The split ignores the seed argument (random_state is a fixed number). Pass "
               "random_state=seed.",
            fr="Le partage ignore l'argument seed (random_state est un nombre fixe). Passez "
               "random_state=seed."), _split_fixed_seed),
        Mistake("patient_ids", Text(
            en="You returned patient identifiers. The exercise asks for row positions: the rows "
               "of the train patients and the rows of the test patients "
               "(np.flatnonzero(df[\"patient_id\"].isin(ids))).",
            fr="Vous avez renvoyé des identifiants de patients. L'exercice demande des positions "
               "de lignes : les lignes des patients d'entraînement et celles des patients de "
               "test (np.flatnonzero(df[\"patient_id\"].isin(ids)))."), _split_patient_ids),
        Mistake("swapped", Text(
            en="Train and test are swapped: three quarters of the patients ended on the test "
               "side. Return (train, test) in this order.",
            fr="Train et test sont inversés : trois quarts des patients se retrouvent côté "
               "test. Renvoyez (train, test) dans cet ordre."), _split_swapped),
    ),
    hints=(
        Text(en="scikit-learn splitters take `groups=`: rows of one group always stay together.",
             fr="Les séparateurs de scikit-learn acceptent `groups=` : les lignes d'un même "
                "groupe restent toujours ensemble."),
        Text(en="`StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)` keeps both "
                "the groups and the class balance; one fold out of four is about a quarter.",
             fr="`StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)` respecte à "
                "la fois les groupes et l'équilibre des classes ; un pli sur quatre fait environ "
                "un quart."),
        Text(en="`train, test = next(splitter.split(df, df[\"outcome\"], groups=df[\"patient_id\"]))`"
                " gives row positions directly.",
             fr="`train, test = next(splitter.split(df, df[\"outcome\"], groups=df[\"patient_id\"]))`"
                " donne directement des positions de lignes."),
    ),
)


