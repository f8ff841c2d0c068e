"""prep.missing_report: the share of missing values in each column, largest first."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, message
from caire_exercises.exercises.prep._common import MODULE_ID, penguins, some
from caire_exercises.exercises.prep.probes import report_probe


_GAP_COLUMNS = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex",
                "island")


def missing_report(df):
    return df.isna().mean().sort_values(ascending=False)


def _report_ascending(df):
    return df.isna().mean().sort_values()


def _report_counts(df):
    return df.isna().sum().sort_values(ascending=False)


def _report_percent(df):
    return (df.isna().mean() * 100).sort_values(ascending=False)


def _report_unsorted(df):
    return df.isna().mean()


def _with_gaps(frame: Any, columns: list[str], rates: list[float], seed: int) -> Any:
    rng = np.random.default_rng(seed)
    frame = frame.copy()
    for column, rate in zip(columns, rates):
        rows = rng.choice(len(frame), size=round(rate * len(frame)), replace=False)
        frame.loc[frame.index[rows], column] = np.nan
    return frame


def _report_variant(rng: np.random.Generator) -> dict[str, Any]:
    columns = [str(c) for c in rng.choice(_GAP_COLUMNS, size=3, replace=False)]
    # Distinct rates, far enough apart that the order of the report is never a tie.
    rates = sorted((float(r) for r in rng.choice(np.arange(0.04, 0.40, 0.03), 3, replace=False)),
                   reverse=True)
    return {"gap_columns": ", ".join(columns), "columns": columns,
            "rates": [round(r, 2) for r in rates], "gap_seed": int(rng.integers(0, 2**31))}


def _report_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    import pandas as pd

    table = _with_gaps(penguins(), list(params["columns"]), list(params["rates"]),
                       params["gap_seed"])
    empty_column = table.head(12).copy()
    empty_column["comment"] = pd.Series([np.nan] * 12, index=empty_column.index, dtype=float)
    hidden_rows = int(rng.integers(15, 40))
    hidden = pd.DataFrame(rng.normal(size=(hidden_rows, 4)), columns=["a", "b", "c", "d"])
    for column, rate in zip(hidden.columns, rng.uniform(0, 0.6, size=4)):
        hidden.loc[rng.random(hidden_rows) < rate, column] = np.nan
    return [
        Case("penguins", (table,), label=Text(
            en=f"the penguins table with your gaps in {params['gap_columns']}",
            fr=f"la table des manchots avec vos trous dans {params['gap_columns']}")),
        Case("no gaps", (penguins().dropna().reset_index(drop=True),), label=Text(
            en="complete rows only: every share is 0", fr="lignes complètes : toutes les parts valent 0")),
        Case("empty column", (empty_column,), label=Text(
            en="a column with nothing in it", fr="une colonne entièrement vide")),
        Case("one column", (table[["sex"]].copy(),), label=Text(
            en="a table with a single column", fr="une table à une seule colonne")),
        Case("hidden", (hidden,), hidden=True),
    ]



def _non_increasing(values: list[float]) -> bool:
    return all(a >= b - 1e-12 for a, b in itertools.pairwise(values))


def _report_check(obtained: Any, expected: Any, case: Case) -> Message | Text | None:
    from caire_exercises.authoring import compare

    if obtained["kind"] == "NoneType":
        return Text(en="missing_report returned None: did you forget `return`?",
                    fr="missing_report a renvoyé None : avez-vous oublié `return` ?")
    if obtained["kind"] != expected["kind"]:
        return message(Text(
            en="missing_report should return a pandas Series (one value per column), not a {kind}.",
            fr="missing_report doit renvoyer une Series pandas (une valeur par colonne), pas un "
               "objet {kind}."), kind=obtained["kind"])
    if obtained.get("not_a_number") is not None:
        return message(Text(
            en="Your report holds {value}, which is not a number. Give each share as a number "
               "between 0 and 1, not as text.",
            fr="Votre rapport contient {value}, qui n'est pas un nombre. Donnez chaque part sous "
               "forme de nombre entre 0 et 1, et non de texte."), value=obtained["not_a_number"])
    got, want = obtained["value"], expected["value"]
    if set(got) != set(want):
        return message(Text(
            en="The report should have one entry per column of the table ({want}); yours has {got}.",
            fr="Le rapport doit avoir une entrée par colonne de la table ({want}) ; entrées du "
               "vôtre : {got_fr}."),
            want=some(list(want)), got=some(list(got)) or "none", got_fr=some(list(got)) or "aucune")
    if obtained.get("entries", len(got)) != len(want):
        return message(Text(
            en="Each column must appear once in the report; yours has {got} entries for a table "
               "of {want} column(s).",
            fr="Chaque colonne doit figurer une seule fois dans le rapport ; le vôtre compte {got} "
               "entrées pour une table de {want} colonne(s)."),
            got=str(obtained["entries"]), want=str(len(want)))
    for column, share in want.items():
        if compare(got[column], share) is not None:
            values = {"column": column, "want": f"{share:.4g}", "got": f"{got[column]:.4g}"}
            if not 0.0 <= got[column] <= 1.0:  # NaN too
                return message(Text(
                    en="For column {column} the share of missing values is {want}; your report says "
                       "{got}. A share is a number between 0 and 1: missing cells / rows.",
                    fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                       "rapport indique {got}. Une part est un nombre entre 0 et 1 : cellules "
                       "manquantes / lignes."), **values)
            if share != 0.5 and compare(got[column], 1.0 - share) is None:
                return message(Text(
                    en="For column {column} the share of missing values is {want}; your report says "
                       "{got}, the share of values present. Count the missing cells (isna), not "
                       "the filled ones.",
                    fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                       "rapport indique {got}, la part des valeurs présentes. Comptez les cellules "
                       "manquantes (isna), pas les cellules remplies."), **values)
            return message(Text(
                en="For column {column} the share of missing values is {want}; your report says "
                   "{got}. Give the exact share (missing cells / rows), without rounding it.",
                fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                   "rapport indique {got}. Donnez la part exacte (cellules manquantes / lignes), "
                   "sans l'arrondir."), **values)
    if _non_increasing(list(want.values())):
        if not _non_increasing(list(got.values())):
            return message(Text(
                en="The shares are right but not in order: the largest share must come first.",
                fr="Les parts sont justes mais pas dans l'ordre : la plus grande doit venir en "
                   "premier."))
    elif list(got) != list(want):
        return message(Text(en="The columns are not in the same order.",
                            fr="Les colonnes ne sont pas dans le même ordre."))
    return None


MISSING_REPORT = Exercise(
    id="prep.missing_report",
    module=MODULE_ID,
    title=Text(en="How much is missing?", fr="Que manque-t-il ?"),
    statement=Text(
        en="""Write `missing_report(df)` which takes a pandas DataFrame and returns a pandas
**Series** giving, for each column, the **share** of missing values (a number between 0 and 1:
missing cells divided by the number of rows), sorted from the **largest** share to the smallest.
The index of the Series holds the column names. Do not modify `df`.

Your variant: the Palmer penguins table, in which we blanked out extra cells in
{gap_columns}. Try it on `caire_exercises.data.load("penguins")` first.""",
        fr="""Écrivez `missing_report(df)` qui reçoit un DataFrame pandas et renvoie une
**Series** pandas donnant, pour chaque colonne, la **part** de valeurs manquantes (un nombre
entre 0 et 1 : cellules manquantes divisées par le nombre de lignes), triée de la **plus grande**
part à la plus petite. L'index de la Series contient les noms des colonnes. Ne modifiez pas `df`.

Votre variante : la table des manchots de Palmer, dans laquelle nous avons effacé des cellules
supplémentaires dans {gap_columns}. Essayez d'abord sur `caire_exercises.data.load("penguins")`.""",
    ),
    answer_name="missing_report",
    kind="function",
    reference=missing_report,
    cases=_report_cases,
    variant=_report_variant,
    probe=report_probe,
    checks=(_report_check,),
    compare_values=False,
    difficulty=1,
    minutes=10,
    tags=("pandas", "missing values", "data quality"),
    dataset="penguins",
    audience=("business", "health", "engineering"),
    teacher_notes=Text(
        en="Objectives: measure data quality before modelling; turn booleans into "
           "shares with a mean; sort a report so the worst columns come first. "
           "Misconception aimed at: a count of missing cells, or a percentage, is as "
           "good as a share. Debrief: which column would you drop, and which would you"
           " impute? Is a column missing at 30 % unusable? Could missing values depend"
           " on the outcome (missing not at random)?",
        fr="Objectifs : mesurer la qualité des données avant de modéliser ; "
           "transformer des booléens en parts par une moyenne ; trier un rapport pour "
           "que les pires colonnes viennent en premier. Idée fausse visée : un nombre "
           "de cellules manquantes, ou un pourcentage, vaut une part. Questions de "
           "débriefing : quelle colonne supprimeriez-vous, laquelle imputeriez-vous ? "
           "Une colonne manquante à 30 % est-elle inutilisable ? Les valeurs "
           "manquantes peuvent-elles dépendre de l'issue (données manquantes non au "
           "hasard) ?"),
    mistakes=(
        Mistake("ascending", Text(
            en="Your report is sorted from the smallest share to the largest. Sort in descending "
               "order: .sort_values(ascending=False).",
            fr="Votre rapport est trié de la plus petite part à la plus grande. Triez par ordre "
               "décroissant : .sort_values(ascending=False)."), _report_ascending),
        Mistake("counts", Text(
            en="You counted the missing cells (.sum()) instead of taking their share. Divide by "
               "the number of rows, or use .mean() on df.isna().",
            fr="Vous avez compté les cellules manquantes (.sum()) au lieu d'en prendre la part. "
               "Divisez par le nombre de lignes, ou utilisez .mean() sur df.isna()."),
            _report_counts),
        Mistake("percent", Text(
            en="You gave percentages (0 to 100). The exercise asks for shares between 0 and 1: "
               "do not multiply by 100.",
            fr="Vous avez donné des pourcentages (de 0 à 100). L'exercice demande des parts entre "
               "0 et 1 : ne multipliez pas par 100."), _report_percent),
        Mistake("unsorted", Text(
            en="The shares are right but in the order of the columns. Sort them, largest first, "
               "so the worst columns stand out.",
            fr="Les parts sont justes mais dans l'ordre des colonnes. Triez-les, la plus grande "
               "d'abord, pour que les pires colonnes sautent aux yeux."), _report_unsorted),
    ),
    hints=(
        Text(en="`df.isna()` gives a table of True/False, True where a value is missing.",
             fr="`df.isna()` donne une table de True/False, True là où une valeur manque."),
        Text(en="The mean of booleans is the share of True: `df.isna().mean()` has one share per "
                "column.",
             fr="La moyenne de booléens est la part de True : `df.isna().mean()` donne une part "
                "par colonne."),
        Text(en="Finish with `.sort_values(ascending=False)`.",
             fr="Terminez par `.sort_values(ascending=False)`."),
    ),
)


