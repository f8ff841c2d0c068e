"""M2, preparing data: missing values, messy tables, preprocessors, honest splits, leakage.

Answers that are tables (a report, a cleaned frame) are turned into plain data
by this module's probes. Answers that are estimators are checked by what they
do: the probe builds a fresh one (``sklearn.base.clone``), fits it on training
rows only, and reports facts about its behaviour on rows it never saw
(numbers standardised with the training statistics, an unseen category
tolerated, a cross-validated accuracy at chance on pure noise). Those probes
return ``{"value": facts, "details": ...}``: the facts are compared, the
details only serve to word the feedback.

Reference solutions import what they use inside their body: they are shown to
learners (``ex.solution()``) and must run as pasted in a notebook.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.model.exercise import Case, Exercise, Mistake
from caire_exercises.model.module import Module
from caire_exercises.model.i18n import Message, Text, message
from caire_exercises.exercises._estimator_probes import one_thread, remembers_own_answers

MODULE = "prep"


# ----------------------------------------------------------------- shared helpers


@lru_cache(maxsize=1)
def _penguins() -> Any:
    from caire_exercises.data import load

    return load("penguins")


def penguins() -> Any:
    """A fresh copy of the Palmer penguins table (344 rows, 8 columns)."""
    return _penguins().copy()


def _frame_unchanged(after: Any, before: Any) -> bool:
    try:
        return bool(before.equals(after)) and list(before.columns) == list(after.columns)
    except Exception:  # noqa: BLE001 - a comparison that fails means "changed"
        return False


def _call_on_copies(function: Callable[..., Any], case: Case, *,
                    single_threaded: bool = False) -> tuple[Any, list[int]]:
    """Call `function` on deep copies of the case's inputs; also say which inputs it changed.

    With `single_threaded` (answers that use scikit-learn) the call runs inside :func:`one_thread`.
    """
    args = copy.deepcopy(case.args)
    if single_threaded:
        with one_thread():
            value = function(*args)
    else:
        value = function(*args)
    mutated = [index for index, (after, before) in enumerate(zip(args, case.args))
               if hasattr(before, "equals") and not _frame_unchanged(after, before)]
    return value, mutated


def fresh_estimator(answer: Any) -> Any:
    """A new, unfitted estimator from an estimator or from a zero-argument factory.

    A fitted estimator given by the learner is cloned too, so nothing it
    learnt before the check (on rows it should not have seen) survives.
    """
    from sklearn.base import clone

    if isinstance(answer, type):
        built = answer()
    elif hasattr(answer, "fit") and hasattr(answer, "get_params"):
        built = answer
    elif callable(answer):
        built = answer()
    else:
        raise TypeError(f"expected an estimator or a function returning one, got "
                        f"{type(answer).__name__}")
    if not (hasattr(built, "fit") and hasattr(built, "get_params")):
        raise TypeError(f"the function returned {type(built).__name__}, not a scikit-learn estimator")
    return clone(built)


def parts_of(estimator: Any) -> list[Any]:
    """The estimator and every estimator nested inside it (pipeline steps, column transformers)."""
    found = [estimator]
    for value in estimator.get_params(deep=True).values():
        if hasattr(value, "fit") and hasattr(value, "get_params") and not isinstance(value, type):
            found.append(value)
    return found


def _dense(matrix: Any) -> np.ndarray:
    if hasattr(matrix, "toarray"):
        matrix = matrix.toarray()
    if hasattr(matrix, "to_numpy"):
        matrix = matrix.to_numpy()
    return np.asarray(matrix, dtype=float)


Probe = Callable[[Mapping[str, Any], Case], Any]


_remembered = remembers_own_answers(__name__)


Explain = Callable[[str, Mapping[str, Any], Mapping[str, Any]], "Message | Text | None"]


def facts_check(explain: Explain) -> Callable[[Any, Any, Case], Message | Text | None]:
    """A check comparing the ``facts`` of two probe outcomes one by one, in order.

    `explain(fact, obtained, expected)` words the first fact that differs; the
    comparison is exact, so an answer that behaves like a declared mistake is
    recognised as that mistake.
    """

    def check(obtained: Any, expected: Any, case: Case) -> Message | Text | None:
        got, want = obtained["value"], expected["value"]
        for fact, wanted in want.items():
            if got.get(fact) != wanted:
                said = explain(fact, obtained, expected)
                if said is not None:
                    return said
                return message(Text(en="{fact}: expected {want}, got {got}.",
                                    fr="{fact} : attendu {want}, obtenu {got}."),
                               fact=fact, want=str(wanted), got=str(got.get(fact)))
        return None

    return check


# ------------------------------------------------------------------ missing_report

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
            en="complete rows only: every share is 0", fr="lignes complètes : toutes les parts valent 0")),
        Case("empty column", (empty_column,), label=Text(
            en="a column with nothing in it", fr="une colonne entièrement vide")),
        Case("one column", (table[["sex"]].copy(),), label=Text(
            en="a table with a single column", fr="une table à une seule colonne")),
        Case("hidden", (hidden,), hidden=True),
    ]


@_remembered
def _report_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    report, mutated = _call_on_copies(answers["missing_report"], case)
    kind = type(report).__name__
    if kind != "Series" or not type(report).__module__.startswith("pandas"):
        return {"value": None, "kind": kind, "mutated": mutated}
    shares: dict[str, float] = {}
    for column, share in report.items():
        try:
            if isinstance(share, (str, bytes)):
                raise TypeError("a share given as text")
            shares[str(column)] = float(share)
        except (TypeError, ValueError):
            # Text such as "12.5%" is the learner's mistake to be told, not a crash of the check.
            return {"value": None, "kind": kind, "not_a_number": repr(share), "mutated": mutated}
    return {"value": shares, "kind": kind, "entries": len(report), "mutated": mutated}


def _some(names: list[str], limit: int = 8) -> str:
    """At most `limit` names, then how many more: a report per row must not flood the feedback."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}, … (+{len(names) - limit})"


def _non_increasing(values: list[float]) -> bool:
    return all(a >= b - 1e-12 for a, b in itertools.pairwise(values))


def _report_check(obtained: Any, expected: Any, case: Case) -> Message | Text | None:
    from caire_exercises.engine.compare import compare

    if obtained["kind"] == "NoneType":
        return Text(en="missing_report returned None: did you forget `return`?",
                    fr="missing_report a renvoyé None : avez-vous oublié `return` ?")
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
            fr="Le rapport doit avoir une entrée par colonne de la table ({want}) ; entrées du "
               "vôtre : {got_fr}."),
            want=_some(list(want)), got=_some(list(got)) or "none", got_fr=_some(list(got)) or "aucune")
    if obtained.get("entries", len(got)) != len(want):
        return message(Text(
            en="Each column must appear once in the report; yours has {got} entries for a table "
               "of {want} column(s).",
            fr="Chaque colonne doit figurer une seule fois dans le rapport ; le vôtre compte {got} "
               "entrées pour une table de {want} colonne(s)."),
            got=str(obtained["entries"]), want=str(len(want)))
    for column, share in want.items():
        if compare(got[column], share) is not None:
            values = {"column": column, "want": f"{share:.4g}", "got": f"{got[column]:.4g}"}
            if not 0.0 <= got[column] <= 1.0:  # NaN too
                return message(Text(
                    en="For column {column} the share of missing values is {want}; your report says "
                       "{got}. A share is a number between 0 and 1: missing cells / rows.",
                    fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                       "rapport indique {got}. Une part est un nombre entre 0 et 1 : cellules "
                       "manquantes / lignes."), **values)
            if share != 0.5 and compare(got[column], 1.0 - share) is None:
                return message(Text(
                    en="For column {column} the share of missing values is {want}; your report says "
                       "{got}, the share of values present. Count the missing cells (isna), not "
                       "the filled ones.",
                    fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                       "rapport indique {got}, la part des valeurs présentes. Comptez les cellules "
                       "manquantes (isna), pas les cellules remplies."), **values)
            return message(Text(
                en="For column {column} the share of missing values is {want}; your report says "
                   "{got}. Give the exact share (missing cells / rows), without rounding it.",
                fr="Pour la colonne {column}, la part de valeurs manquantes vaut {want} ; votre "
                   "rapport indique {got}. Donnez la part exacte (cellules manquantes / lignes), "
                   "sans l'arrondir."), **values)
    if _non_increasing(list(want.values())):
        if not _non_increasing(list(got.values())):
            return message(Text(
                en="The shares are right but not in order: the largest share must come first.",
                fr="Les parts sont justes mais pas dans l'ordre : la plus grande doit venir en "
                   "premier."))
    elif list(got) != list(want):
        return message(Text(en="The columns are not in the same order.",
                            fr="Les colonnes ne sont pas dans le même ordre."))
    return None


MISSING_REPORT = Exercise(
    id="prep.missing_report",
    module=MODULE,
    title=Text(en="How much is missing?", fr="Que manque-t-il ?"),
    statement=Text(
        en="""Write `missing_report(df)` which takes a pandas DataFrame and returns a pandas
**Series** giving, for each column, the **share** of missing values (a number between 0 and 1:
missing cells divided by the number of rows), sorted from the **largest** share to the smallest.
The index of the Series holds the column names. Do not modify `df`.

Your variant: the Palmer penguins table, in which we blanked out extra cells in
{gap_columns}. Try it on `caire_exercises.data.load("penguins")` first.""",
        fr="""Écrivez `missing_report(df)` qui reçoit un DataFrame pandas et renvoie une
**Series** pandas donnant, pour chaque colonne, la **part** de valeurs manquantes (un nombre
entre 0 et 1 : cellules manquantes divisées par le nombre de lignes), triée de la **plus grande**
part à la plus petite. L'index de la Series contient les noms des colonnes. Ne modifiez pas `df`.

Votre variante : la table des manchots de Palmer, dans laquelle nous avons effacé des cellules
supplémentaires dans {gap_columns}. Essayez d'abord sur `caire_exercises.data.load("penguins")`.""",
    ),
    answer_name="missing_report",
    kind="function",
    reference=missing_report,
    cases=_report_cases,
    variant=_report_variant,
    probe=_report_probe,
    checks=(_report_check,),
    compare_values=False,
    difficulty=1,
    minutes=10,
    tags=("pandas", "missing values", "data quality"),
    dataset="penguins",
    mistakes=(
        Mistake("ascending", Text(
            en="Your report is sorted from the smallest share to the largest. Sort in descending "
               "order: .sort_values(ascending=False).",
            fr="Votre rapport est trié de la plus petite part à la plus grande. Triez par ordre "
               "décroissant : .sort_values(ascending=False)."), _report_ascending),
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
               "0 et 1 : ne multipliez pas par 100."), _report_percent),
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
             fr="La moyenne de booléens est la part de True : `df.isna().mean()` donne une part "
                "par colonne."),
        Text(en="Finish with `.sort_values(ascending=False)`.",
             fr="Terminez par `.sort_values(ascending=False)`."),
    ),
)


# ------------------------------------------------------------------ clean_clinical


def clean_clinical(df):
    import numpy as np
    import pandas as pd

    clean = df.copy()
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            continue
        # '?' and an empty cell (nothing left once the blanks are stripped) mean "missing".
        text = clean[column].str.strip().str.lower().replace(["?", ""], np.nan)
        numbers = pd.to_numeric(text, errors="coerce")
        # A column is numeric when every value that is there reads as a number.
        clean[column] = numbers if numbers.notna().sum() == text.notna().sum() else text
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].fillna(clean[column].median())
        else:
            clean[column] = clean[column].fillna(clean[column].mode().iloc[0])
    return clean


def _clean_keeping_question_marks(df):
    import pandas as pd

    clean = df.copy()
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            continue
        text = clean[column].str.strip().str.lower()
        numbers = pd.to_numeric(text, errors="coerce")
        clean[column] = numbers if numbers.notna().sum() >= 0.5 * text.notna().sum() else text
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].fillna(clean[column].median())
        else:
            clean[column] = clean[column].fillna(clean[column].mode().iloc[0])
    return clean


def _parse_text_columns(frame, *, strip=True, lower=True, numeric_share=1.0, blanks=True):
    """The parsing the mistakes below share: '?' to NaN, text columns to numbers where they are."""
    import pandas as pd

    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        text = frame[column]
        text = text.str.strip() if strip else text
        text = (text.str.lower() if lower else text).replace(["?", ""] if blanks else "?", np.nan)
        numbers = pd.to_numeric(text, errors="coerce")
        frame[column] = numbers if numbers.notna().sum() >= numeric_share * text.notna().sum() else text
    return frame


def _fill_gaps(frame, numeric_fill="median"):
    import pandas as pd

    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].fillna(getattr(frame[column], numeric_fill)())
        else:
            frame[column] = frame[column].fillna(frame[column].mode().iloc[0])
    return frame


def _clean_keeping_tabs(df):
    return _fill_gaps(_parse_text_columns(df.copy(), strip=False, numeric_share=0.5))


def _clean_keeping_case(df):
    return _fill_gaps(_parse_text_columns(df.copy(), lower=False))


def _clean_keeping_blanks(df):
    return _fill_gaps(_parse_text_columns(df.copy(), blanks=False))


def _clean_with_means(df):
    return _fill_gaps(_parse_text_columns(df.copy()), numeric_fill="mean")


def _clean_in_place(df):
    return _fill_gaps(_parse_text_columns(df))


def _clean_dropping_rows(df):
    return _parse_text_columns(df.copy()).dropna()


@lru_cache(maxsize=16)
def _drawn_kidney(seed: int, n_ckd: int, n_not_ckd: int) -> Any:
    from caire_exercises.data.generators import kidney

    return kidney(np.random.default_rng(seed), n_ckd=n_ckd, n_not_ckd=n_not_ckd)


def _kidney_table(seed: int, n_ckd: int, n_not_ckd: int) -> Any:
    # Drawing a table takes a while; a check draws the same ones again, so they are kept.
    return _drawn_kidney(seed, n_ckd, n_not_ckd).copy()


def _clean_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_ckd, n_not_ckd = int(rng.integers(150, 261)), int(rng.integers(100, 161))
    return {"seed": int(rng.integers(0, 2**31)), "n_ckd": n_ckd, "n_not_ckd": n_not_ckd,
            "n_rows": n_ckd + n_not_ckd}


def _small_messy_table() -> Any:
    import pandas as pd

    # `room` mixes numbers and codes, so by rule 3 it stays text; the last row repeats the one
    # before it (two identical visits), and a cleaning must not drop it. No column has two
    # most frequent labels: the statement does not say which one a tie should keep. Some cells
    # hold only blanks ('\t', '  ', ''): empty once stripped, they are missing (rule 2).
    return pd.DataFrame({
        "id": [10, 11, 12, 13, 14, 15, 16, 16],
        "sc": [1.2, np.nan, 0.9, 7.5, np.nan, 1.1, 2.0, 2.0],
        "sg": [" 1.020", "1.010\t", "?", "\t?", "\t", "1.025", "1.020", "1.020"],
        "htn": ["Yes", "no\t", "?", " yes", "", "NO", "YES", "YES"],
        "appet": ["good", "\tpoor", "good", "?", "GOOD", "  ", "good ", "good "],
        "room": ["12", "3b", "?", " 3B", np.nan, "7", "3b", "3b"],
    }, index=pd.Index([40, 41, 42, 43, 44, 45, 46, 47]))


def _clean_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = _kidney_table(params["seed"], params["n_ckd"], params["n_not_ckd"])
    tidy = clean_clinical(_kidney_table(params["seed"] + 1, 40, 30))
    hidden = _kidney_table(int(rng.integers(0, 2**31)), int(rng.integers(40, 120)),
                           int(rng.integers(30, 80)))
    return [
        Case("kidney", (table,), label=Text(
            en=f"your kidney table ({params['n_rows']} patients)",
            fr=f"votre table rénale ({params['n_rows']} patients)")),
        Case("small", (_small_messy_table(),), label=Text(
            en="eight rows, every kind of mess, an index that starts at 40, a column mixing "
               "numbers and codes, the last row twice",
            fr="huit lignes, toutes les sortes de désordre, un index qui commence à 40, une "
               "colonne qui mêle nombres et codes, la dernière ligne en double")),
        Case("already clean", (tidy,), label=Text(
            en="a table that is already clean must come back unchanged",
            fr="une table déjà propre doit revenir inchangée")),
        Case("hidden", (hidden,), hidden=True),
    ]


MISSING_MARK = "<missing>"


@_remembered
def _clean_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    import pandas as pd

    clean, mutated = _call_on_copies(answers["clean_clinical"], case)
    kind = type(clean).__name__
    if not isinstance(clean, pd.DataFrame):
        return {"value": None, "kind": kind, "mutated": mutated}
    numbers: dict[str, np.ndarray] = {}
    texts: dict[str, np.ndarray] = {}
    for column in clean.columns:
        values = clean[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            numbers[str(column)] = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            texts[str(column)] = np.array([MISSING_MARK if pd.isna(v) else str(v) for v in values],
                                          dtype=str)
    value = {"columns": [str(c) for c in clean.columns],
             "index": np.asarray(clean.index.to_numpy(), dtype=np.int64) if
             pd.api.types.is_integer_dtype(clean.index) else np.array([str(i) for i in clean.index]),
             "numbers": numbers, "texts": texts}
    return {"value": value, "kind": kind, "mutated": mutated}


def _reads_as_number(text: str) -> bool:
    """Whether a cell pandas would turn into a number as it is (no stripping done for it)."""
    import pandas as pd

    return text.strip() == text and not pd.isna(pd.to_numeric(pd.Series([text]),
                                                               errors="coerce").iloc[0])


def _first_difference(got: np.ndarray, want: np.ndarray) -> int | None:
    if got.dtype.kind == "f":
        same = np.isclose(got, want, rtol=1e-6, atol=1e-9, equal_nan=True)
    else:
        same = got == want
    wrong = np.flatnonzero(~same)
    return int(wrong[0]) if wrong.size else None


def _clean_check(obtained: Any, expected: Any, case: Case) -> Message | Text | None:
    if obtained["kind"] != expected["kind"]:
        return message(Text(en="clean_clinical should return a pandas DataFrame, not a {kind}.",
                            fr="clean_clinical doit renvoyer un DataFrame pandas, pas un objet "
                               "{kind}."), kind=obtained["kind"])
    got, want = obtained["value"], expected["value"]
    if got["columns"] != want["columns"]:
        return message(Text(en="Keep the same columns in the same order: expected {want}; got {got}.",
                            fr="Gardez les mêmes colonnes dans le même ordre : attendu {want} ; "
                               "obtenu {got}."),
                       want=", ".join(want["columns"]), got=", ".join(got["columns"]))
    if len(got["index"]) != len(want["index"]):
        return message(Text(en="Keep every row: expected {want} rows, got {got}. Fill the gaps "
                               "instead of dropping rows.",
                            fr="Gardez toutes les lignes : {want} attendues, {got} obtenues. "
                               "Comblez les trous au lieu de supprimer des lignes."),
                       want=len(want["index"]), got=len(got["index"]))
    if got["index"].dtype.kind != want["index"].dtype.kind or _first_difference(
            got["index"], want["index"]) is not None:
        return Text(en="Keep the index of the table as it is (do not reset it).",
                    fr="Gardez l'index de la table tel quel (ne le réinitialisez pas).")
    for column in want["columns"]:
        if column in want["numbers"]:
            if column not in got["numbers"]:
                texts = got["texts"][column]
                example = next((text for text in texts if not _reads_as_number(text)), texts[0])
                return message(Text(
                    en="Column {column} should be numeric but still holds text (for example "
                       "{example}). Convert it with pd.to_numeric once '?' and blanks are gone.",
                    fr="La colonne {column} devrait être numérique mais contient encore du texte "
                       "(par exemple {example}). Convertissez-la avec pd.to_numeric une fois les "
                       "'?' et les blancs retirés."),
                    column=column, example=repr(str(example)))
            values, wanted = got["numbers"][column], want["numbers"][column]
        else:
            if column not in got["texts"]:
                return message(Text(en="Column {column} holds labels, not numbers.",
                                    fr="La colonne {column} contient des libellés, pas des nombres."),
                               column=column)
            values, wanted = got["texts"][column], want["texts"][column]
        row = _first_difference(values, wanted)
        if row is not None:
            return message(Text(
                en="Column {column}, row {row}: expected {want}, got {got}.",
                fr="Colonne {column}, ligne {row} : attendu {want}, obtenu {got}."),
                column=column, row=str(want["index"][row]), want=repr(wanted[row].item()),
                got=repr(values[row].item()))
    return None


CLEAN_CLINICAL = Exercise(
    id="prep.clean_clinical",
    module=MODULE,
    title=Text(en="Clean a clinical table", fr="Nettoyer une table clinique"),
    statement=Text(
        en="""A hospital exported a kidney-disease table (synthetic, shaped like the UCI *Chronic
Kidney Disease* data) with the usual mess: `'?'` for a missing value, numbers stored as text,
stray tabs and spaces around labels (`'yes\\t'`, `' no'`), mixed case (`'Yes'`, `'NO'`).
Write `clean_clinical(df)` which returns a **new** DataFrame, cleaned as follows:

1. around every text value, remove spaces and tabs, and write it in lower case;
2. `'?'` means missing, as does an empty cell;
3. a text column whose present values all read as numbers becomes a numeric column;
4. fill the gaps: a numeric column with its **median**, a text column with its **most frequent
   label** (both computed after steps 1 to 3, on the values present).

Keep the same columns in the same order and the same rows with the same index; do not modify
`df`.

Your variant: a table of {n_rows} patients. Try it on
`caire_exercises.data.load("kidney", student=...)`.""",
        fr="""Un hôpital a exporté une table sur la maladie rénale (synthétique, à la manière des
données UCI *Chronic Kidney Disease*) avec le désordre habituel : `'?'` pour une valeur
manquante, des nombres stockés comme du texte, des tabulations et des espaces autour des
libellés (`'yes\\t'`, `' no'`), des majuscules mélangées (`'Yes'`, `'NO'`). Écrivez
`clean_clinical(df)` qui renvoie un **nouveau** DataFrame, nettoyé ainsi :

1. autour de chaque valeur textuelle, retirez espaces et tabulations, et écrivez-la en
   minuscules ;
2. `'?'` signifie « manquant », tout comme une cellule vide ;
3. une colonne de texte dont toutes les valeurs présentes se lisent comme des nombres devient
   numérique ;
4. comblez les trous : une colonne numérique avec sa **médiane**, une colonne de texte avec son
   **libellé le plus fréquent** (calculés après les étapes 1 à 3, sur les valeurs présentes).

Gardez les mêmes colonnes dans le même ordre et les mêmes lignes avec le même index ; ne
modifiez pas `df`.

Votre variante : une table de {n_rows} patients. Essayez sur
`caire_exercises.data.load("kidney", student=...)`.""",
    ),
    answer_name="clean_clinical",
    kind="function",
    reference=clean_clinical,
    cases=_clean_cases,
    variant=_clean_variant,
    probe=_clean_probe,
    checks=(_clean_check,),
    compare_values=False,
    difficulty=2,
    minutes=25,
    tags=("pandas", "cleaning", "missing values", "imputation", "dtypes"),
    dataset="kidney",
    mistakes=(
        Mistake("question_marks", Text(
            en="'?' is still there in text columns: it is a marker for a missing value, not a "
               "label. Replace it by NaN (after stripping) before filling the gaps.",
            fr="Le '?' est encore là dans les colonnes de texte : c'est une marque de valeur "
               "manquante, pas un libellé. Remplacez-le par NaN (après avoir retiré les blancs) "
               "avant de combler les trous."), _clean_keeping_question_marks),
        Mistake("tabs", Text(
            en="Some labels still carry tabs or spaces ('yes\\t', '\\tno'), so 'yes' counts as "
               "several labels. Strip every text value first: .str.strip().",
            fr="Certains libellés portent encore des tabulations ou des espaces ('yes\\t', "
               "'\\tno') : 'yes' compte alors comme plusieurs libellés. Retirez d'abord les "
               "blancs de chaque valeur textuelle : .str.strip()."), _clean_keeping_tabs),
        Mistake("case", Text(
            en="'Yes' and 'yes' are still two labels. Write every label in lower case: "
               ".str.lower().",
            fr="'Yes' et 'yes' sont encore deux libellés. Écrivez chaque libellé en minuscules : "
               ".str.lower()."), _clean_keeping_case),
        Mistake("empty_cells", Text(
            en="A cell that holds only blanks ('\\t', '  ') is empty once stripped, and an empty "
               "cell means missing, like '?'. Yours stayed as the text '' (so a numeric column "
               "stays text). Replace both: .replace(['?', ''], np.nan).",
            fr="Une cellule qui ne contient que des blancs ('\\t', '  ') est vide une fois ceux-ci "
               "retirés, et une cellule vide signifie « manquant », comme '?'. Dans votre table, elle "
               "est restée le texte '' (si bien qu'une colonne numérique reste du texte). Remplacez les deux : "
               ".replace(['?', ''], np.nan)."), _clean_keeping_blanks),
        Mistake("mean", Text(
            en="You filled numeric gaps with the mean. The exercise asks for the median, which "
               "a few extreme values (creatinine at 15 mg/dL) do not pull away.",
            fr="Vous avez comblé les trous numériques avec la moyenne. L'exercice demande la "
               "médiane, que quelques valeurs extrêmes (une créatinine à 15 mg/dL) n'entraînent "
               "pas."), _clean_with_means),
        Mistake("in_place", Text(
            en="Your function changed the table it was given. Start with clean = df.copy() and "
               "work on the copy.",
            fr="Votre fonction a modifié la table reçue. Commencez par propre = df.copy() et "
               "travaillez sur la copie."), _clean_in_place),
        Mistake("dropped_rows", Text(
            en="You dropped the rows with gaps (dropna) instead of filling them: most patients "
               "would be lost. Fill with the median or the most frequent label.",
            fr="Vous avez supprimé les lignes à trous (dropna) au lieu de les combler : la "
               "plupart des patients seraient perdus. Comblez avec la médiane ou le libellé le "
               "plus fréquent."), _clean_dropping_rows),
    ),
    hints=(
        Text(en="For a text column `s`: `s.str.strip().str.lower().replace([\"?\", \"\"], np.nan)` "
                "('?' and what is left empty once stripped both become missing).",
             fr="Pour une colonne de texte `s` : `s.str.strip().str.lower().replace([\"?\", \"\"], "
                "np.nan)` ('?' et ce qui reste vide une fois les blancs retirés deviennent tous "
                "deux manquants)."),
        Text(en="`pd.to_numeric(s, errors=\"coerce\")` turns what is not a number into NaN: if it "
                "keeps as many values as `s` had, the column is numeric.",
             fr="`pd.to_numeric(s, errors=\"coerce\")` change en NaN ce qui n'est pas un nombre : "
                "s'il garde autant de valeurs que `s` en avait, la colonne est numérique."),
        Text(en="`s.fillna(s.median())` for numbers, `s.fillna(s.mode().iloc[0])` for labels; "
                "`pd.api.types.is_numeric_dtype(s)` tells them apart.",
             fr="`s.fillna(s.median())` pour les nombres, `s.fillna(s.mode().iloc[0])` pour les "
                "libellés ; `pd.api.types.is_numeric_dtype(s)` les distingue."),
    ),
)


# ------------------------------------------------------------------- preprocessor

NUMERIC = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
CATEGORICAL = ("island", "sex")


def make_preprocessor():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    categorical = ["island", "sex"]
    return ColumnTransformer([
        ("numbers", StandardScaler(), numeric),
        ("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])


def _preprocessor_no_scaling():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder

    return ColumnTransformer([
        ("numbers", "passthrough", list(NUMERIC)),
        ("categories", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL)),
    ])


def _preprocessor_unknown_error():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([
        ("numbers", StandardScaler(), list(NUMERIC)),
        ("categories", OneHotEncoder(), list(CATEGORICAL)),
    ])


def _preprocessor_ordinal():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OrdinalEncoder, StandardScaler

    return ColumnTransformer([
        ("numbers", StandardScaler(), list(NUMERIC)),
        ("categories", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
         list(CATEGORICAL)),
    ])


def _preprocessor_numbers_only():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import StandardScaler

    return ColumnTransformer([("numbers", StandardScaler(), list(NUMERIC))])


def _penguin_features() -> Any:
    table = penguins().dropna().reset_index(drop=True)
    return table[["island", *NUMERIC, "sex"]], table["species"]


def _split_rows(labels: Any, test_share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(labels))
    return tuple(train_test_split(rows, test_size=test_share, stratify=labels, random_state=seed))


def _preprocessor_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    features, species = _penguin_features()
    train, test = _split_rows(species, 0.25, 0)
    shown = (features.iloc[train].reset_index(drop=True), features.iloc[test].reset_index(drop=True))
    seen = features[features["island"] != "Torgersen"].reset_index(drop=True)
    unseen = (seen.iloc[::2].reset_index(drop=True), features.iloc[::3].reset_index(drop=True))
    column = str(rng.choice(CATEGORICAL))
    withheld = str(rng.choice(sorted(features[column].unique())))
    kept = features[features[column] != withheld]
    hidden_train = kept.sample(frac=0.7, random_state=int(rng.integers(0, 2**31)))
    hidden_test = features.drop(index=hidden_train.index)
    return [
        Case("penguins", shown, label=Text(
            en="fit on 3/4 of the penguins, transform the other quarter",
            fr="ajustement sur 3/4 des manchots, transformation du dernier quart")),
        Case("unseen island", unseen, label=Text(
            en="no Torgersen penguin among the training rows, some among the new rows",
            fr="aucun manchot de Torgersen dans les lignes d'entraînement, quelques-uns parmi "
               "les nouvelles lignes")),
        Case("hidden", (hidden_train.reset_index(drop=True), hidden_test.reset_index(drop=True)),
             hidden=True),
    ]


def _matching_column(output: np.ndarray, column: np.ndarray) -> int | None:
    for index in range(output.shape[1]):
        if np.allclose(output[:, index], column, rtol=1e-6, atol=1e-6):
            return index
    return None


@_remembered
def _preprocessor_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    from sklearn.preprocessing import OneHotEncoder

    train, test = case.args
    with one_thread():
        transformer = fresh_estimator(answers["make_preprocessor"])
        fitted_output = transformer.fit_transform(train.copy())
        try:
            output = _dense(fitted_output)
        except (TypeError, ValueError):
            # Text left in the output (a column passed through) is the learner's to be told.
            return {"value": {"output_is_numeric": False},
                    "details": {"text": _first_text(fitted_output),
                                "steps": sorted({type(part).__name__ for part in parts_of(transformer)})}}
        try:
            output_test = _dense(transformer.transform(test.copy()))
            test_error = None
        except Exception as error:  # noqa: BLE001 - the failure is a fact we report
            output_test, test_error = None, f"{type(error).__name__}: {str(error)[:160]}"
    matches: list[tuple[int | None, np.ndarray]] = []
    standardised = raw = True
    # Per column, for the feedback: which numeric columns are not standardised, which of them
    # are not in the output at all, and which categorical columns have no 0/1 column at all.
    not_standardised: list[str] = []
    absent_numbers: list[str] = []
    absent_categories: list[str] = []
    for name in NUMERIC:
        mean, std = train[name].mean(), train[name].std(ddof=0)
        found = _matching_column(output, ((train[name] - mean) / std).to_numpy())
        standardised &= found is not None
        kept_raw = _matching_column(output, train[name].to_numpy(dtype=float)) is not None
        raw &= kept_raw
        if found is None:
            not_standardised.append(name)
            if not kept_raw:
                absent_numbers.append(name)
        matches.append((found, ((test[name] - mean) / std).to_numpy()))
    indicators_found = 0
    n_categories = 0
    for name in CATEGORICAL:
        found_here = 0
        for category in sorted(train[name].unique()):
            n_categories += 1
            found = _matching_column(output, (train[name] == category).to_numpy(dtype=float))
            found_here += found is not None
            matches.append((found, (test[name] == category).to_numpy(dtype=float)))
        indicators_found += found_here
        if not found_here:
            absent_categories.append(name)
    test_correct: bool | None = None
    if output_test is not None and any(found is not None for found, _ in matches):
        test_correct = all(np.allclose(output_test[:, found], wanted, rtol=1e-6, atol=1e-6)
                           for found, wanted in matches if found is not None)
    fitted_parts = parts_of(transformer)
    facts = {
        "output_is_numeric": True,
        "numbers": "standardised" if standardised else "unchanged" if raw else "other",
        "categories": ("one-hot" if indicators_found == n_categories
                       else "partly one-hot" if indicators_found else "not one-hot"),
        "columns": int(output.shape[1]),
        "new_rows_transformed": test_error is None,
        "new_rows_use_training_statistics": test_correct,
    }
    details = {
        "expected_columns": len(NUMERIC) + n_categories,
        "steps": sorted({type(part).__name__ for part in fitted_parts}),
        "scaler": any(type(part).__name__.endswith("Scaler") for part in fitted_parts),
        "handle_unknown": [str(part.handle_unknown) for part in fitted_parts
                           if isinstance(part, OneHotEncoder)],
        "error": test_error,
        "not_standardised": not_standardised,
        "absent_numbers": absent_numbers,
        "absent_categories": absent_categories,
    }
    return {"value": facts, "details": details}


def _absent_columns(names: list[str], kind: str, encoder: str) -> Message:
    """The columns of one kind ("numeric", "category") missing from the output, named."""
    one = len(names) == 1
    what_en = {"numeric": "numeric column", "category": "categorical column"}[kind]
    what_fr = {"numeric": "colonne numérique", "category": "colonne catégorielle"}[kind]
    if one:
        text = Text(
            en="The " + what_en + " {columns} is missing from the output of your preprocessor: "
               "a column listed in no transformer is dropped (remainder=\"drop\"). Add it to the "
               "columns of your {encoder}.",
            fr="La " + what_fr + " {columns} manque dans la sortie de votre préprocesseur : une "
               "colonne absente de tout transformateur est supprimée (remainder=\"drop\"). "
               "Ajoutez-la aux colonnes de votre {encoder}.")
    else:
        plural_fr = {"numeric": "colonnes numériques", "category": "colonnes catégorielles"}[kind]
        text = Text(
            en="The " + what_en + "s {columns} are missing from the output of your preprocessor: "
               "a column listed in no transformer is dropped (remainder=\"drop\"). Add them to "
               "the columns of your {encoder}.",
            fr="Les " + plural_fr + " {columns} manquent dans la sortie de votre préprocesseur : "
               "une colonne absente de tout transformateur est supprimée (remainder=\"drop\"). "
               "Ajoutez-les aux colonnes de votre {encoder}.")
    return message(text, columns=", ".join(names), encoder=encoder)


def _first_text(output: Any) -> str:
    """The first cell of a transformer's output that is not a number, as the learner would see it."""
    values = output.to_numpy() if hasattr(output, "to_numpy") else np.asarray(output, dtype=object)
    for value in np.ravel(values):
        try:
            float(value)
        except (TypeError, ValueError):
            return repr(value)
    return "?"


def _explain_preprocessor(fact: str, obtained: Mapping[str, Any],
                          expected: Mapping[str, Any]) -> Message | Text | None:
    details = obtained["details"]
    if fact == "output_is_numeric":
        return message(Text(
            en="The output of your preprocessor still holds text (for example {text}): a column "
               "passed on as it is (\"passthrough\", remainder=\"passthrough\") keeps its labels. "
               "Every column must come out as a number: put a OneHotEncoder on island and sex. "
               "Parts found: {steps}.",
            fr="La sortie de votre préprocesseur contient encore du texte (par exemple {text}) : "
               "une colonne transmise telle quelle (\"passthrough\", remainder=\"passthrough\") "
               "garde ses libellés. Chaque colonne doit ressortir sous forme de nombre : placez un "
               "OneHotEncoder sur island et sex. Éléments trouvés : {steps}."),
            text=details["text"], steps=", ".join(details["steps"]))
    if fact == "numbers" and obtained["value"]["numbers"] == "unchanged":
        return Text(
            en="The four numeric columns come out unchanged: they must be standardised (mean 0 "
               "and standard deviation 1 on the training rows). Put a StandardScaler on them.",
            fr="Les quatre colonnes numériques ressortent inchangées : elles doivent être "
               "standardisées (moyenne 0 et écart type 1 sur les lignes d'entraînement). "
               "Placez-leur un StandardScaler.")
    partly_scaled = fact == "numbers" and 0 < len(details.get("not_standardised", ())) < len(NUMERIC)
    if partly_scaled and details.get("absent_numbers") == details["not_standardised"]:
        return _absent_columns(list(details["absent_numbers"]), "numeric", "StandardScaler")
    if partly_scaled:
        names = list(details["not_standardised"])
        one = len(names) == 1
        return message(Text(
            en=("The numeric column {columns} does" if one else "The numeric columns {columns} do")
               + " not come out standardised (mean 0 and standard deviation 1 on the training "
               "rows), unlike the others. Give every numeric column to your StandardScaler.",
            fr=("La colonne numérique {columns} ne ressort pas standardisée" if one else
                "Les colonnes numériques {columns} ne ressortent pas standardisées")
               + " (moyenne 0 et écart type 1 sur les lignes d'entraînement), contrairement aux "
               "autres. Confiez chaque colonne numérique à votre StandardScaler."),
            columns=", ".join(names))
    if fact == "categories" and 0 < len(details.get("absent_categories", ())) < len(CATEGORICAL):
        return _absent_columns(list(details["absent_categories"]), "category", "OneHotEncoder")
    if fact == "numbers":
        return message(Text(
            en="The four numeric columns do not come out standardised (mean 0 and standard "
               "deviation 1 on the training rows). Parts found in your preprocessor: {steps}. "
               "Put a StandardScaler on the numeric columns.",
            fr="Les quatre colonnes numériques ne ressortent pas standardisées (moyenne 0 et "
               "écart type 1 sur les lignes d'entraînement). Éléments trouvés dans votre "
               "préprocesseur : {steps}. Placez un StandardScaler sur les colonnes numériques."),
            steps=", ".join(details["steps"]))
    if fact == "categories":
        return message(Text(
            en="The categories (island, sex) are {state}: expected one 0/1 column for each "
               "category seen in training (no category dropped). Parts found: {steps}.",
            fr="Les catégories (île, sexe) sont {state_fr} : il faut une colonne 0/1 par "
               "catégorie vue à l'entraînement (aucune catégorie retirée). Éléments trouvés : "
               "{steps}."),
            state=obtained["value"]["categories"],
            state_fr={"partly one-hot": "encodées en one-hot en partie seulement"}.get(
                obtained["value"]["categories"], "non encodées en one-hot"),
            steps=", ".join(details["steps"]))
    if fact == "columns":
        return message(Text(
            en="Your preprocessor gives {got} columns; expected {want}: one per numeric column "
               "and one per category seen in training, nothing else.",
            fr="Votre préprocesseur donne {got} colonnes ; il en faut {want} : une par colonne "
               "numérique et une par catégorie vue à l'entraînement, rien d'autre."),
            got=obtained["value"]["columns"], want=expected["value"]["columns"])
    if fact == "new_rows_transformed":
        return message(Text(
            en="Transforming new rows that hold a category never seen in training failed "
               "({error}). handle_unknown of your OneHotEncoder: {handle}; use "
               "OneHotEncoder(handle_unknown=\"ignore\").",
            fr="La transformation de nouvelles lignes contenant une catégorie jamais vue à "
               "l'entraînement a échoué ({error}). handle_unknown de votre OneHotEncoder : "
               "{handle} ; utilisez OneHotEncoder(handle_unknown=\"ignore\")."),
            error=str(details["error"]), handle=", ".join(details["handle_unknown"]) or "-")
    if fact == "new_rows_use_training_statistics":
        return Text(
            en="New rows are not transformed with what was learnt on the training rows (their "
               "means, standard deviations and categories). Fit on training rows only, then "
               "only call transform on new rows.",
            fr="Les nouvelles lignes ne sont pas transformées avec ce qui a été appris sur les "
               "lignes d'entraînement (moyennes, écarts types, catégories). Ajustez sur les "
               "lignes d'entraînement seulement, puis appelez seulement transform sur les "
               "nouvelles lignes.")
    return None


PREPROCESSOR = Exercise(
    id="prep.preprocessor",
    module=MODULE,
    title=Text(en="One preprocessor for numbers and categories",
               fr="Un seul préprocesseur pour les nombres et les catégories"),
    statement=Text(
        en="""Write `make_preprocessor()` which returns a new, **unfitted** scikit-learn
`ColumnTransformer` for the penguin measurements. Its input is a DataFrame with the columns
`island`, `bill_length_mm`, `bill_depth_mm`, `flipper_length_mm`, `body_mass_g` and `sex`
(complete rows, no gaps); its output must hold exactly this, nothing else:

* the four numeric columns **standardised** (mean 0 and standard deviation 1 on the rows it was
  fitted on);
* `island` and `sex` **one-hot encoded**, one 0/1 column per category seen in training, and a
  category never seen in training must not raise an error (its row gets zeros).

The checker fits a fresh copy on training rows only and transforms rows it never saw, some with
an island it was never shown.""",
        fr="""Écrivez `make_preprocessor()` qui renvoie un `ColumnTransformer` scikit-learn
neuf, **non ajusté**, pour les mesures des manchots. Son entrée est un DataFrame avec les
colonnes `island`, `bill_length_mm`, `bill_depth_mm`, `flipper_length_mm`, `body_mass_g` et
`sex` (lignes complètes, sans trous) ; sa sortie doit contenir exactement ceci, rien d'autre :

* les quatre colonnes numériques **standardisées** (moyenne 0 et écart type 1 sur les lignes
  d'ajustement) ;
* `island` et `sex` **encodées en one-hot**, une colonne 0/1 par catégorie vue à
  l'entraînement ; une catégorie jamais vue à l'entraînement ne doit pas lever d'erreur (sa
  ligne reçoit des zéros).

Le correcteur ajuste une copie neuve sur les seules lignes d'entraînement et transforme des
lignes qu'elle n'a jamais vues, dont certaines d'une île qu'on ne lui a jamais montrée.""",
    ),
    answer_name="make_preprocessor",
    kind="estimator",
    reference=make_preprocessor,
    cases=_preprocessor_cases,
    probe=_preprocessor_probe,
    checks=(facts_check(_explain_preprocessor),),
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "ColumnTransformer", "scaling", "one-hot", "unseen categories"),
    dataset="penguins",
    timeout=20.0,
    mistakes=(
        Mistake("no_scaling", Text(
            en="The numbers go through unscaled ('passthrough'). Models that use distances or "
               "penalties (k-NN, SVM, regularised regression) then weigh the grams of body mass "
               "a thousand times more than millimetres: put a StandardScaler on them.",
            fr="Les nombres passent sans mise à l'échelle ('passthrough'). Les modèles fondés "
               "sur des distances ou des pénalités (k-NN, SVM, régression régularisée) pèsent "
               "alors les grammes de la masse mille fois plus que les millimètres : placez un "
               "StandardScaler sur ces colonnes."), _preprocessor_no_scaling),
        Mistake("unknown_error", Text(
            en="OneHotEncoder() raises an error on a category it never saw during fit, which "
               "happens in production (a new site, a new code). Use "
               "OneHotEncoder(handle_unknown=\"ignore\").",
            fr="OneHotEncoder() lève une erreur sur une catégorie jamais vue pendant fit, ce qui "
               "arrive en production (un nouveau site, un nouveau code). Utilisez "
               "OneHotEncoder(handle_unknown=\"ignore\")."), _preprocessor_unknown_error),
        Mistake("ordinal", Text(
            en="OrdinalEncoder turns the islands into 0, 1, 2, as if Dream lay between Biscoe "
               "and Torgersen. Categories without an order need one-hot encoding "
               "(OneHotEncoder).",
            fr="OrdinalEncoder transforme les îles en 0, 1, 2, comme si Dream se trouvait entre "
               "Biscoe et Torgersen. Des catégories sans ordre demandent un encodage one-hot "
               "(OneHotEncoder)."), _preprocessor_ordinal),
        Mistake("numbers_only", Text(
            en="Your ColumnTransformer only handles the numbers: columns not listed in any "
               "transformer are dropped (remainder=\"drop\"). Add a OneHotEncoder for island "
               "and sex.",
            fr="Votre ColumnTransformer ne traite que les nombres : les colonnes absentes de "
               "tout transformateur sont supprimées (remainder=\"drop\"). Ajoutez un "
               "OneHotEncoder pour island et sex."), _preprocessor_numbers_only),
    ),
    hints=(
        Text(en="`ColumnTransformer([(name, transformer, columns), ...])` applies each "
                "transformer to its own list of columns and puts the results side by side.",
             fr="`ColumnTransformer([(nom, transformateur, colonnes), ...])` applique chaque "
                "transformateur à sa liste de colonnes et met les résultats côte à côte."),
        Text(en="StandardScaler for the four measurements, OneHotEncoder for island and sex.",
             fr="StandardScaler pour les quatre mesures, OneHotEncoder pour island et sex."),
        Text(en="Unseen categories: `OneHotEncoder(handle_unknown=\"ignore\")`. Return the "
                "transformer without calling fit: the checker fits it.",
             fr="Catégories inconnues : `OneHotEncoder(handle_unknown=\"ignore\")`. Renvoyez le "
                "transformateur sans appeler fit : le correcteur l'ajuste lui-même."),
    ),
)


# -------------------------------------------------------------------- group_split

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


@lru_cache(maxsize=16)
def _drawn_patients(seed: int, n_patients: int) -> Any:
    from caire_exercises.data.generators import patients

    return patients(np.random.default_rng(seed), n_patients=n_patients)


def _patients_table(seed: int, n_patients: int) -> Any:
    return _drawn_patients(seed, n_patients).copy()


def _group_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_patients": int(rng.integers(150, 301)),
            "seed": int(rng.integers(0, 1000))}


def _group_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = _patients_table(params["data_seed"], params["n_patients"])
    # Shuffled rows keep their labels, so the index is no longer 0, 1, 2...: positions and
    # labels part ways, as they do after any sample() or filter.
    shuffled = table.sample(frac=1.0, random_state=params["seed"])
    hidden = _patients_table(int(rng.integers(0, 2**31)), int(rng.integers(150, 301)))
    return [
        Case("patients", (table, params["seed"]), {"try_seeds": True}, label=Text(
            en=f"your {params['n_patients']} patients, seed={params['seed']}; then the same "
               "seed again, and another seed",
            fr=f"vos {params['n_patients']} patients, seed={params['seed']} ; puis la même "
               "graine à nouveau, et une autre graine")),
        Case("shuffled visits", (shuffled, params["seed"] + 1), label=Text(
            en="the same visits in random order, each keeping its index label: one patient's "
               "rows are not next to each other, and labels are not positions",
            fr="les mêmes visites dans le désordre, chacune avec son étiquette d'index : les "
               "lignes d'un patient ne se suivent pas, et les étiquettes ne sont pas des "
               "positions")),
        Case("hidden", (hidden, int(rng.integers(0, 1000))), hidden=True),
    ]


_KIND_WORDS = {"i": ("integers", "d'entiers"), "u": ("integers", "d'entiers"),
               "U": ("strings", "de chaînes"), "O": ("objects", "d'objets"),
               "f": ("floats", "de flottants"), "b": ("booleans", "de booléens")}


def _describe_sides(result: Any) -> tuple[str, str]:
    """What `split_patients` returned, in English and in French ("two arrays of integers" is right)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return f"a {type(result).__name__}", f"un objet {type(result).__name__}"
    english, french = [], []
    for side in result:
        if isinstance(side, np.ndarray) and side.ndim == 1:
            en, fr = _KIND_WORDS.get(side.dtype.kind, (str(side.dtype), f"de {side.dtype}"))
            english.append(f"an array of {en}")
            french.append(f"un tableau {fr}")
        elif isinstance(side, np.ndarray):
            english.append(f"an array of shape {side.shape}")
            french.append(f"un tableau de forme {side.shape}")
        else:
            english.append(f"a {type(side).__name__}")
            french.append(f"un objet {type(side).__name__}")
    if english == ["an array of integers"] * 2:
        return "two arrays of integers", "deux tableaux d'entiers"
    return " and ".join(english), " et ".join(french)


@_remembered
def _group_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    split = answers["split_patients"]
    table, seed = case.args
    result, mutated = _call_on_copies(split, case, single_threaded=True)
    returns, returns_fr = _describe_sides(result)
    facts: dict[str, Any] = {"returns": returns}
    details: dict[str, Any] = {"returns_fr": returns_fr}
    if returns == "two arrays of integers":
        train, test = (np.asarray(side, dtype=np.int64) for side in result)
        rows = np.concatenate([train, test])
        every_row_once = bool(rows.size == len(table) and np.array_equal(np.sort(rows),
                                                                         np.arange(len(table))))
        facts["every_row_once"] = every_row_once
        if every_row_once:
            ids = table["patient_id"].to_numpy()
            shared = np.intersect1d(ids[train], ids[test])
            outcome = table["outcome"].to_numpy(dtype=float)
            share = len(np.unique(ids[test])) / len(np.unique(ids))
            gap = max(abs(outcome[train].mean() - outcome.mean()),
                      abs(outcome[test].mean() - outcome.mean()))
            facts.update({
                "no_patient_on_both_sides": (True if shared.size == 0 else
                                             "index labels" if _labels_split_patients(table, train, test)
                                             else False),
                # Past 60 % the two sides were most likely returned the wrong way round; between
                # 35 % and 60 % the test side is just too large (a 50/50 split, say).
                "test_share_of_patients": ("too small" if share < TEST_PATIENTS[0] else
                                           "swapped?" if share > 0.6 else
                                           "too large" if share > TEST_PATIENTS[1] else "ok"),
                "classes_balanced": bool(gap <= BALANCE_POINTS),
            })
            if case.kwargs.get("try_seeds"):
                with one_thread():
                    again = split(table.copy(), seed)
                    other = split(table.copy(), seed + 7919)
                facts["same_seed_same_split"] = bool(np.array_equal(np.asarray(again[1]), test))
                facts["seed_changes_split"] = not (len(np.asarray(other[1])) == len(test) and
                                                   np.array_equal(np.asarray(other[1]), test))
            details.update({"shared_patients": int(shared.size), "test_share": share, "gap": gap})
    return {"value": facts, "details": details, "mutated": mutated}


def _labels_split_patients(table: Any, train: np.ndarray, test: np.ndarray) -> bool:
    """Whether `train` and `test`, read as index labels instead of positions, split the patients."""
    index = table.index
    if not (index.is_unique and index.isin(train).sum() == train.size
            and index.isin(test).sum() == test.size):
        return False
    ids = table["patient_id"]
    return np.intersect1d(ids.loc[train].to_numpy(), ids.loc[test].to_numpy()).size == 0


def _explain_group(fact: str, obtained: Mapping[str, Any],
                   expected: Mapping[str, Any]) -> Message | Text | None:
    details = obtained["details"]
    if fact == "returns":
        return message(Text(
            en="split_patients should return a tuple (train, test) of two NumPy arrays of row "
               "positions (integers); it returned {got}.",
            fr="split_patients doit renvoyer un tuple (train, test) de deux tableaux NumPy de "
               "positions de lignes (des entiers) ; elle a renvoyé {got_fr}."),
            got=obtained["value"]["returns"], got_fr=details["returns_fr"])
    if fact == "every_row_once":
        return Text(en="Every row position (0 to len(df) - 1) must be in exactly one of train and "
                       "test.",
                    fr="Chaque position de ligne (0 à len(df) - 1) doit être dans exactement un "
                       "des deux côtés, train ou test.")
    if fact == "no_patient_on_both_sides" and obtained["value"][fact] == "index labels":
        return message(Text(
            en="Your arrays hold index labels (df.index), not row positions: in this table the "
               "index is shuffled, so {n} patients end up on both sides. Return positions from 0 "
               "to len(df) - 1, as .iloc takes them (those a splitter's split() gives).",
            fr="Vos tableaux contiennent des étiquettes d'index (df.index), pas des positions de "
               "lignes : dans cette table l'index est mélangé, et {n} patients se retrouvent des "
               "deux côtés. Renvoyez des positions de 0 à len(df) - 1, comme les prend .iloc "
               "(celles que donne le split() d'un séparateur)."), n=details["shared_patients"])
    if fact == "no_patient_on_both_sides":
        return message(Text(
            en="{n} patients have visits on both sides: the model would be tested on people it "
               "has already seen. Split the patients, not the rows (groups=df[\"patient_id\"]).",
            fr="{n} patients ont des visites des deux côtés : le modèle serait testé sur des "
               "personnes qu'il a déjà vues. Séparez les patients, pas les lignes "
               "(groups=df[\"patient_id\"])."), n=details["shared_patients"])
    if fact == "test_share_of_patients":
        return message(Text(
            en="{share} of the patients are on the test side; expected about a quarter (between "
               "15 % and 35 %).",
            fr="{share} des patients sont du côté test ; on en attend environ un quart (entre "
               "15 % et 35 %)."), share=f"{100 * details['test_share']:.0f} %")
    if fact == "classes_balanced":
        return message(Text(
            en="The share of outcome = 1 on one side is {gap} points away from the whole table "
               "(at most 3 allowed). Stratify on the outcome while grouping by patient "
               "(StratifiedGroupKFold).",
            fr="La part de outcome = 1 d'un côté s'écarte de {gap} points de celle de toute la "
               "table (3 au plus). Stratifiez sur outcome tout en groupant par patient "
               "(StratifiedGroupKFold)."), gap=f"{100 * details['gap']:.1f}")
    if fact == "same_seed_same_split":
        return Text(en="Two calls with the same seed gave different splits: pass the seed as "
                       "random_state.",
                    fr="Deux appels avec la même graine ont donné des partages différents : "
                       "passez la graine comme random_state.")
    if fact == "seed_changes_split":
        return Text(en="Another seed gives the same split: the seed argument is not used. Pass it "
                       "as random_state instead of a fixed number.",
                    fr="Une autre graine donne le même partage : l'argument seed n'est pas "
                       "utilisé. Passez-le comme random_state au lieu d'un nombre fixe.")
    return None


GROUP_SPLIT = Exercise(
    id="prep.group_split",
    module=MODULE,
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
        fr="""La table `df` a une ligne par **visite** ; un patient (`patient_id`) vient d'une à
six fois, et la colonne `outcome` (0 ou 1) est ce qu'un modèle prédira. Deux visites d'un même
patient se ressemblent : un patient vu à l'entraînement puis de nouveau au test rend le test
trop facile.

Écrivez `split_patients(df, seed)` qui renvoie un tuple `(train, test)` de deux tableaux NumPy
de **positions de lignes** (des entiers de 0 à `len(df) - 1`, comme les prend `.iloc`) tels
que :

* chaque ligne est d'un seul côté, et **aucun patient n'a de lignes des deux côtés** ;
* environ un quart des patients sont du côté test (entre 15 % et 35 %) ;
* la part de `outcome == 1` de chaque côté est à **3 points** au plus de celle de toute la
  table ;
* la même graine `seed` donne le même partage, une autre graine un autre partage.

Votre variante : {n_patients} patients, `seed={seed}`. Essayez sur
`caire_exercises.data.load("patients", student=...)`.""",
    ),
    answer_name="split_patients",
    kind="function",
    reference=split_patients,
    cases=_group_cases,
    variant=_group_variant,
    probe=_group_probe,
    checks=(facts_check(_explain_group),),
    compare_values=False,
    difficulty=2,
    minutes=15,
    tags=("scikit-learn", "splitting", "groups", "leakage", "stratification"),
    dataset="patients",
    timeout=20.0,
    mistakes=(
        Mistake("rows", Text(
            en="You split the rows: most patients have visits on both sides, and the test score "
               "measures memory, not generalisation. Split by patient_id (GroupShuffleSplit, "
               "StratifiedGroupKFold).",
            fr="Vous avez séparé les lignes : la plupart des patients ont des visites des deux "
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
               "de lignes : les lignes des patients d'entraînement et celles des patients de "
               "test (np.flatnonzero(df[\"patient_id\"].isin(ids)))."), _split_patient_ids),
        Mistake("swapped", Text(
            en="Train and test are swapped: three quarters of the patients ended on the test "
               "side. Return (train, test) in this order.",
            fr="Train et test sont inversés : trois quarts des patients se retrouvent côté "
               "test. Renvoyez (train, test) dans cet ordre."), _split_swapped),
    ),
    hints=(
        Text(en="scikit-learn splitters take `groups=`: rows of one group always stay together.",
             fr="Les séparateurs de scikit-learn acceptent `groups=` : les lignes d'un même "
                "groupe restent toujours ensemble."),
        Text(en="`StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)` keeps both "
                "the groups and the class balance; one fold out of four is about a quarter.",
             fr="`StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)` respecte à "
                "la fois les groupes et l'équilibre des classes ; un pli sur quatre fait environ "
                "un quart."),
        Text(en="`train, test = next(splitter.split(df, df[\"outcome\"], groups=df[\"patient_id\"]))`"
                " gives row positions directly.",
             fr="`train, test = next(splitter.split(df, df[\"outcome\"], groups=df[\"patient_id\"]))`"
                " donne directement des positions de lignes."),
    ),
)


# ------------------------------------------------------------------------ leakage

LEAK_K = 20
NOISE_ROWS, NOISE_FEATURES, NOISE_SEED = 100, 2000, 2024
#: A cross-validated accuracy above this, on labels that are pure noise, means a leak.
CHANCE_CEILING = 0.65
#: On data whose label really lives in a few columns, a sound pipeline reaches this.
SIGNAL_FLOOR = 0.80


@lru_cache(maxsize=1)
def _noise_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(NOISE_SEED)
    X = rng.normal(size=(NOISE_ROWS, NOISE_FEATURES))
    y = rng.permutation(np.repeat([0, 1], NOISE_ROWS // 2))
    return X, y


def noise_data() -> tuple[np.ndarray, np.ndarray]:
    """The pure-noise data of the statement of ``prep.leakage``: 100 rows, 2,000 columns."""
    X, y = _noise_data()
    return X.copy(), y.copy()


def signal_data(seed: int, rows: int = 120, informative: int = 5,
                shift: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """2,000 noise columns of which `informative` are shifted by ±`shift` according to the label."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, NOISE_FEATURES))
    y = rng.permutation(np.repeat([0, 1], rows // 2))
    columns = rng.choice(NOISE_FEATURES, size=informative, replace=False)
    X[:, columns] += shift * (2 * y - 1)[:, None]
    return X, y


def make_pipeline_without_leak():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))


def _take_columns(X: np.ndarray, columns: np.ndarray) -> np.ndarray:
    return np.asarray(X)[:, columns]


def _pipeline_selected_outside():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    # The leak as learners write it: the columns are chosen once, on every row of the
    # statement's data, and the pipeline only replays that choice.
    X, y = noise_data()
    columns = SelectKBest(f_classif, k=20).fit(X, y).get_support(indices=True)
    return make_pipeline(FunctionTransformer(_take_columns, kw_args={"columns": columns}),
                         LogisticRegression(max_iter=1000))


def _pipeline_no_selection():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _pipeline_default_k():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectKBest(f_classif), LogisticRegression(max_iter=1000))


def _leakage_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"signal_seed": int(rng.integers(0, 2**31)), "informative": int(rng.integers(4, 8))}


def _leakage_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    fresh = []
    for _ in range(2):
        X = rng.normal(size=(NOISE_ROWS, NOISE_FEATURES))
        fresh.append((X, rng.permutation(np.repeat([0, 1], NOISE_ROWS // 2))))
    return [
        Case("pure noise", ("noise", [noise_data()]), label=Text(
            en="the statement's data: labels that are pure noise, 2,000 columns",
            fr="les données de l'énoncé : des étiquettes qui sont du pur bruit, 2 000 colonnes")),
        Case("real signal", ("signal", [signal_data(params["signal_seed"],
                                                    informative=params["informative"])]),
             label=Text(en=f"{params['informative']} of 2,000 columns carry the label",
                        fr=f"{params['informative']} colonnes sur 2 000 portent l'étiquette")),
        Case("hidden", ("noise", fresh), hidden=True),
    ]


def _before_the_model(model: Any) -> Any:
    """What a fitted pipeline does to X before its final classifier, or None when nothing.

    A pipeline nested as the last step (``Pipeline([("all", make_pipeline(...))])``) is opened:
    its own steps come before the classifier just the same.
    """
    from sklearn.pipeline import Pipeline

    stages = []
    while isinstance(model, Pipeline):
        if len(model.steps) > 1:
            stages.append(model[:-1])
        model = model.steps[-1][1]
    if not stages:
        return None

    def transform(X: Any) -> Any:
        for stage in stages:
            X = stage.transform(X)
        return X

    return transform


def _columns_follow_training_rows(answer: Any, X: np.ndarray, y: np.ndarray) -> bool | None:
    """Whether the columns reaching the model change with the rows the pipeline is fitted on.

    Fitted on two halves of pure noise, a selector that really fits picks two different sets of
    columns; columns chosen beforehand (a fixed list, a frozen selector) stay the same.
    """
    halves = [np.arange(0, len(y), 2), np.arange(1, len(y), 2)]
    outputs = []
    for rows in halves:
        transform = _before_the_model(fresh_estimator(answer).fit(X[rows], y[rows]))
        if transform is None:
            return None
        outputs.append(_dense(transform(X[:5])))
    first, second = outputs
    return bool(first.shape != second.shape or not np.allclose(first, second))


@_remembered
def _leakage_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
    from sklearn.pipeline import Pipeline

    kind, datasets = case.args
    answer = answers["make_pipeline_without_leak"]
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0)
    with one_thread():
        scores = [float(cross_val_score(fresh_estimator(answer), X, y, cv=folds).mean())
                  for X, y in datasets]
        X, y = datasets[0]
        model = fresh_estimator(answer).fit(X, y)
        kept = None
        refitted = None
        if isinstance(model, Pipeline):
            transform = _before_the_model(model)
            kept = X.shape[1] if transform is None else int(_dense(transform(X[:2])).shape[1])
            refitted = _columns_follow_training_rows(answer, X, y)
    accuracy = float(np.mean(scores))
    facts: dict[str, Any] = {"is_pipeline": isinstance(model, Pipeline), "features_kept": kept}
    if kind == "noise":
        facts["at_chance_on_noise"] = accuracy <= CHANCE_CEILING
    else:
        facts["learns_real_signal"] = accuracy >= SIGNAL_FLOOR
    facts["columns_chosen_on_training_rows"] = refitted
    steps = [type(step).__name__ for _, step in model.steps] if isinstance(model, Pipeline) else []
    return {"value": facts, "details": {"accuracy": accuracy, "steps": steps}}


def _explain_leakage(fact: str, obtained: Mapping[str, Any],
                     expected: Mapping[str, Any]) -> Message | Text | None:
    details = obtained["details"]
    if fact == "is_pipeline":
        return Text(en="Return a scikit-learn Pipeline (make_pipeline(...)), so that the feature "
                       "selection is refitted inside every fold of the cross-validation.",
                    fr="Renvoyez un Pipeline scikit-learn (make_pipeline(...)), pour que la "
                       "sélection de variables soit réajustée dans chaque pli de la validation "
                       "croisée.")
    if fact == "features_kept":
        return message(Text(
            en="{kept} columns reach the model of your pipeline ({steps}); expected the {k} best "
               "columns chosen by SelectKBest inside the pipeline.",
            fr="{kept} colonnes atteignent le modèle de votre pipeline ({steps}) ; on attend les "
               "{k} meilleures colonnes choisies par SelectKBest dans le pipeline."),
            kept=str(obtained["value"]["features_kept"]), steps=" → ".join(details["steps"]),
            k=str(expected["value"]["features_kept"]))
    if fact == "at_chance_on_noise":
        return message(Text(
            en="On labels that are pure noise your pipeline reaches a cross-validated accuracy of "
               "{accuracy}, far above chance (0.5): the columns were chosen by looking at every "
               "row, test folds included. Nothing may be fitted outside the pipeline.",
            fr="Sur des étiquettes qui sont du pur bruit, votre pipeline atteint une exactitude "
               "en validation croisée de {accuracy}, bien au-dessus du hasard (0,5) : les "
               "colonnes ont été choisies en regardant toutes les lignes, plis de test compris. "
               "Rien ne doit être ajusté hors du pipeline."),
            accuracy=f"{details['accuracy']:.2f}")
    if fact == "columns_chosen_on_training_rows":
        return Text(
            en="Your pipeline sends the same columns to the model whatever rows it is fitted on: "
               "they were chosen once, beforehand, instead of by a selector fitted on the "
               "training folds. Put SelectKBest(f_classif, k=20) itself inside the pipeline, "
               "unfitted.",
            fr="Votre pipeline transmet les mêmes colonnes au modèle, quelles que soient les "
               "lignes sur lesquelles on l'ajuste : elles ont été choisies une fois pour toutes, "
               "à l'avance, au lieu de l'être par un sélecteur ajusté sur les plis "
               "d'entraînement. Placez SelectKBest(f_classif, k=20) lui-même dans le pipeline, "
               "non ajusté.")
    if fact == "learns_real_signal":
        return message(Text(
            en="When a few columns really carry the label, your pipeline only reaches a "
               "cross-validated accuracy of {accuracy} (expected at least {floor}).",
            fr="Quand quelques colonnes portent vraiment l'étiquette, votre pipeline n'atteint "
               "qu'une exactitude en validation croisée de {accuracy} (au moins {floor} "
               "attendu)."),
            accuracy=f"{details['accuracy']:.2f}", floor=f"{SIGNAL_FLOOR:.2f}")
    return None


LEAKAGE = Exercise(
    id="prep.leakage",
    module=MODULE,
    title=Text(en="Feature selection without leakage", fr="Sélection de variables sans fuite"),
    statement=Text(
        en="""This code finds a cross-validated accuracy of about 0.85 on data whose labels are
**pure noise** (`X` has 100 rows and 2,000 random columns):

```python
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

rng = np.random.default_rng(2024)
X = rng.normal(size=(100, 2000))
y = rng.permutation(np.repeat([0, 1], 50))

X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)   # looks at every row
print(cross_val_score(LogisticRegression(max_iter=1000), X_best, y, cv=5).mean())
```

The 20 columns were chosen by looking at all the rows, the test folds included: the test rows
leaked into the model. Write `make_pipeline_without_leak()` which returns an unfitted
scikit-learn **Pipeline** that keeps the 20 best columns (`SelectKBest(f_classif, k=20)`) and
then classifies, so that `cross_val_score(make_pipeline_without_leak(), X, y)` chooses the
columns again inside each fold.

The checker cross-validates your pipeline on the data above (it must stay near chance), on
fresh noise, and on your variant's data, where {informative} of the 2,000 columns really carry
the label (it must learn them: accuracy at least 0.80).""",
        fr="""Ce code trouve une exactitude en validation croisée d'environ 0,85 sur des données
dont les étiquettes sont du **pur bruit** (`X` a 100 lignes et 2 000 colonnes aléatoires) :

```python
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

rng = np.random.default_rng(2024)
X = rng.normal(size=(100, 2000))
y = rng.permutation(np.repeat([0, 1], 50))

X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)   # regarde toutes les lignes
print(cross_val_score(LogisticRegression(max_iter=1000), X_best, y, cv=5).mean())
```

Les 20 colonnes ont été choisies en regardant toutes les lignes, plis de test compris : les
lignes de test ont fui dans le modèle. Écrivez `make_pipeline_without_leak()` qui renvoie un
**Pipeline** scikit-learn non ajusté qui garde les 20 meilleures colonnes
(`SelectKBest(f_classif, k=20)`) puis classe, de sorte que
`cross_val_score(make_pipeline_without_leak(), X, y)` choisisse à nouveau les colonnes dans
chaque pli.

Le correcteur évalue votre pipeline en validation croisée sur les données ci-dessus (il doit
rester proche du hasard), sur un bruit neuf, et sur les données de votre variante, où
{informative} des 2 000 colonnes portent vraiment l'étiquette (il doit les apprendre :
exactitude d'au moins 0,80).""",
    ),
    answer_name="make_pipeline_without_leak",
    kind="estimator",
    reference=make_pipeline_without_leak,
    cases=_leakage_cases,
    variant=_leakage_variant,
    probe=_leakage_probe,
    checks=(facts_check(_explain_leakage),),
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "leakage", "feature selection", "Pipeline", "cross-validation"),
    dataset=None,
    timeout=30.0,
    mistakes=(
        Mistake("selected_outside", Text(
            en="Your pipeline replays columns chosen beforehand, outside the cross-validation: "
               "chosen on all the rows, they score far above chance on pure noise, and on other "
               "data they miss the columns that carry the label. Put "
               "SelectKBest(f_classif, k=20) itself inside the pipeline, unfitted.",
            fr="Votre pipeline rejoue des colonnes choisies à l'avance, hors de la validation "
               "croisée : choisies sur toutes les lignes, elles dépassent largement le hasard "
               "sur du pur bruit, et sur d'autres données elles passent à côté des colonnes qui "
               "renseignent sur l'étiquette. Placez SelectKBest(f_classif, k=20) lui-même dans le "
               "pipeline, non ajusté."),
            _pipeline_selected_outside),
        Mistake("no_selection", Text(
            en="Your pipeline has no feature selection: all 2,000 columns reach the model, and "
               "it cannot find the few that matter. Add SelectKBest(f_classif, k=20) before the "
               "classifier.",
            fr="Votre pipeline n'a pas de sélection de variables : les 2 000 colonnes atteignent "
               "le modèle, qui ne trouve pas les quelques-unes qui comptent. Ajoutez "
               "SelectKBest(f_classif, k=20) avant le classifieur."), _pipeline_no_selection),
        Mistake("default_k", Text(
            en="SelectKBest keeps k=10 columns by default; the exercise asks for 20. Pass k=20.",
            fr="SelectKBest garde k=10 colonnes par défaut ; l'exercice en demande 20. Passez "
               "k=20."), _pipeline_default_k),
    ),
    hints=(
        Text(en="Anything fitted on the data (a scaler, a selector, a model) must be fitted on "
                "the training folds only: put it in the pipeline.",
             fr="Tout ce qui s'ajuste sur les données (une mise à l'échelle, un sélecteur, un "
                "modèle) doit l'être sur les seuls plis d'entraînement : mettez-le dans le "
                "pipeline."),
        Text(en="`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))`"
                " builds the whole chain; cross_val_score refits all of it in every fold.",
             fr="`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))`"
                " construit toute la chaîne ; cross_val_score la réajuste en entier dans chaque "
                "pli."),
        Text(en="Check yourself: on the noise data, cross_val_score of your pipeline should be "
                "close to 0.5.",
             fr="Vérifiez vous-même : sur les données de bruit, cross_val_score de votre "
                "pipeline doit être proche de 0,5."),
    ),
)


EXERCISES = (MISSING_REPORT, CLEAN_CLINICAL, PREPROCESSOR, GROUP_SPLIT, LEAKAGE)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='prep', code='M2', audience=("engineering",),
    title=Text(en='Preparing data', fr='Préparer les données'),
    intro=Text(en='Missing values, messy tables, preprocessing pipelines and splits that do not leak.',
               fr="Valeurs manquantes, tables mal formées, chaînes de prétraitement et découpages sans fuite d'information."),
    exercises=EXERCISES,
)
