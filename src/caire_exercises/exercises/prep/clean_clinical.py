"""prep.clean_clinical: a messy clinical export made clean, column by column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, message
from caire_exercises.exercises.prep._common import MODULE_ID, kidney_table
from caire_exercises.exercises.prep.probes import clean_probe


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



def _clean_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_ckd, n_not_ckd = int(rng.integers(150, 261)), int(rng.integers(100, 161))
    return {"seed": int(rng.integers(0, 2**31)), "n_ckd": n_ckd, "n_not_ckd": n_not_ckd,
            "n_rows": n_ckd + n_not_ckd}


def _small_messy_table() -> Any:
    import pandas as pd

    # `room` holds mostly numbers and one code ('3b'), so by rule 3 it stays text: a column
    # converted because most of its values are numbers loses the code. The last row repeats the one
    # before it (two identical visits), and a cleaning must not drop it. No column has two
    # most frequent labels: the statement does not say which one a tie should keep. Some cells
    # hold only blanks ('\t', '  ', ''): empty once stripped, they are missing (rule 2).
    return pd.DataFrame({
        "id": [10, 11, 12, 13, 14, 15, 16, 16],
        "sc": [1.2, np.nan, 0.9, 7.5, np.nan, 1.1, 2.0, 2.0],
        "sg": [" 1.020", "1.010\t", "?", "\t?", "\t", "1.025", "1.020", "1.020"],
        "htn": ["Yes", "no\t", "?", " yes", "", "NO", "YES", "YES"],
        "appet": ["good", "\tpoor", "good", "?", "GOOD", "  ", "good ", "good "],
        "room": ["12", "3b", "?", " 14", np.nan, "7", "12", "12"],
    }, index=pd.Index([40, 41, 42, 43, 44, 45, 46, 47]))


def _clean_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = kidney_table(params["seed"], params["n_ckd"], params["n_not_ckd"])
    tidy = clean_clinical(kidney_table(params["seed"] + 1, 40, 30))
    hidden = kidney_table(int(rng.integers(0, 2**31)), int(rng.integers(40, 120)),
                           int(rng.integers(30, 80)))
    return [
        Case("kidney", (table,), label=Text(
            en=f"your kidney table ({params['n_rows']} patients)",
            fr=f"votre table rénale ({params['n_rows']} patients)")),
        Case("small", (_small_messy_table(),), label=Text(
            en="eight rows, every kind of mess, an index that starts at 40, a column of numbers "
               "but for one code, the last row twice",
            fr="huit lignes, toutes les sortes de désordre, un index qui commence à 40, une "
               "colonne de nombres à un code près, la dernière ligne en double")),
        Case("already clean", (tidy,), label=Text(
            en="a table that is already clean must come back unchanged",
            fr="une table déjà propre doit revenir inchangée")),
        Case("hidden", (hidden,), hidden=True),
    ]



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
                            fr="Gardez les mêmes colonnes dans le même ordre : attendu {want} ; "
                               "obtenu {got}."),
                       want=", ".join(want["columns"]), got=", ".join(got["columns"]))
    if len(got["index"]) != len(want["index"]):
        return message(Text(en="Keep every row: expected {want} rows, got {got}. Fill the gaps "
                               "instead of dropping rows.",
                            fr="Gardez toutes les lignes : {want} attendues, {got} obtenues. "
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
                fr="Colonne {column}, ligne {row} : attendu {want}, obtenu {got}."),
                column=column, row=str(want["index"][row]), want=repr(wanted[row].item()),
                got=repr(values[row].item()))
    return None


CLEAN_CLINICAL = Exercise(
    id="prep.clean_clinical",
    module=MODULE_ID,
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
données UCI *Chronic Kidney Disease*) avec le désordre habituel : `'?'` pour une valeur
manquante, des nombres stockés comme du texte, des tabulations et des espaces autour des
libellés (`'yes\\t'`, `' no'`), des majuscules mélangées (`'Yes'`, `'NO'`). Écrivez
`clean_clinical(df)` qui renvoie un **nouveau** DataFrame, nettoyé ainsi :

1. autour de chaque valeur textuelle, retirez espaces et tabulations, et écrivez-la en
   minuscules ;
2. `'?'` signifie « manquant », tout comme une cellule vide ;
3. une colonne de texte dont toutes les valeurs présentes se lisent comme des nombres devient
   numérique ;
4. comblez les trous : une colonne numérique avec sa **médiane**, une colonne de texte avec son
   **libellé le plus fréquent** (calculés après les étapes 1 à 3, sur les valeurs présentes).

Gardez les mêmes colonnes dans le même ordre et les mêmes lignes avec le même index ; ne
modifiez pas `df`.

Votre variante : une table de {n_rows} patients. Essayez sur
`caire_exercises.data.load("kidney", student=...)`.""",
    ),
    answer_name="clean_clinical",
    kind="function",
    reference=clean_clinical,
    cases=_clean_cases,
    variant=_clean_variant,
    probe=clean_probe,
    checks=(_clean_check,),
    compare_values=False,
    difficulty=3,
    minutes=40,
    tags=("pandas", "cleaning", "missing values", "imputation", "dtypes"),
    dataset="kidney",
    audience=("health", "engineering"),
    teacher_notes=Text(
        en="Objectives: read an export as it comes (markers of missing values, numbers"
           " stored as text, stray blanks and case); decide a column's type by a rule,"
           " not by eye; impute with robust statistics. Misconception aimed at: a "
           "column is numeric when most of its values are numbers (a code such as '3b'"
           " then silently becomes NaN). Debrief: why the median rather than the mean "
           "for lab values? What does imputing before the train/test split leak? Which"
           " cleaning steps would you log for the clinicians who read the results?",
        fr="Objectifs : lire un export tel qu'il arrive (marques de valeurs "
           "manquantes, nombres stockés comme du texte, blancs et casse parasites) ; "
           "décider du type d'une colonne par une règle, pas à l'œil ; imputer avec "
           "des statistiques robustes. Idée fausse visée : une colonne est numérique "
           "quand la plupart de ses valeurs sont des nombres (un code comme '3b' "
           "devient alors NaN sans bruit). Questions de débriefing : pourquoi la "
           "médiane plutôt que la moyenne pour des valeurs biologiques ? Que fait fuir"
           " une imputation faite avant la séparation entraînement/test ? Quelles "
           "étapes du nettoyage consigneriez-vous pour les cliniciens qui liront les "
           "résultats ?"),
    mistakes=(
        Mistake("question_marks", Text(
            en="'?' is still there in text columns: it is a marker for a missing value, not a "
               "label. Replace it by NaN (after stripping) before filling the gaps.",
            fr="Le '?' est encore là dans les colonnes de texte : c'est une marque de valeur "
               "manquante, pas un libellé. Remplacez-le par NaN (après avoir retiré les blancs) "
               "avant de combler les trous."), _clean_keeping_question_marks),
        Mistake("tabs", Text(
            en="Some labels still carry tabs or spaces ('yes\\t', '\\tno'), so 'yes' counts as "
               "several labels. Strip every text value first: .str.strip().",
            fr="Certains libellés portent encore des tabulations ou des espaces ('yes\\t', "
               "'\\tno') : 'yes' compte alors comme plusieurs libellés. Retirez d'abord les "
               "blancs de chaque valeur textuelle : .str.strip()."), _clean_keeping_tabs),
        Mistake("case", Text(
            en="'Yes' and 'yes' are still two labels. Write every label in lower case: "
               ".str.lower().",
            fr="'Yes' et 'yes' sont encore deux libellés. Écrivez chaque libellé en minuscules : "
               ".str.lower()."), _clean_keeping_case),
        Mistake("empty_cells", Text(
            en="A cell that holds only blanks ('\\t', '  ') is empty once stripped, and an empty "
               "cell means missing, like '?'. Yours stayed as the text '' (so a numeric column "
               "stays text). Replace both: .replace(['?', ''], np.nan).",
            fr="Une cellule qui ne contient que des blancs ('\\t', '  ') est vide une fois ceux-ci "
               "retirés, et une cellule vide signifie « manquant », comme '?'. Dans votre table, elle "
               "est restée le texte '' (si bien qu'une colonne numérique reste du texte). Remplacez les deux : "
               ".replace(['?', ''], np.nan)."), _clean_keeping_blanks),
        Mistake("mean", Text(
            en="You filled numeric gaps with the mean. The exercise asks for the median, which "
               "a few extreme values (a serum creatinine of 15 mg/dL, about 1,330 µmol/L) do not "
               "pull away.",
            fr="Vous avez comblé les trous numériques avec la moyenne. L'exercice demande la "
               "médiane, que quelques valeurs extrêmes (une créatininémie de 15 mg/dL, soit environ "
               "1 330 µmol/L) n'entraînent pas."), _clean_with_means),
        Mistake("in_place", Text(
            en="Your function changed the table it was given. Start with clean = df.copy() and "
               "work on the copy.",
            fr="Votre fonction a modifié la table reçue. Commencez par propre = df.copy() et "
               "travaillez sur la copie."), _clean_in_place),
        Mistake("dropped_rows", Text(
            en="You dropped the rows with gaps (dropna) instead of filling them: most patients "
               "would be lost. Fill with the median or the most frequent label.",
            fr="Vous avez supprimé les lignes à trous (dropna) au lieu de les combler : la "
               "plupart des patients seraient perdus. Comblez avec la médiane ou le libellé le "
               "plus fréquent."), _clean_dropping_rows),
    ),
    hints=(
        Text(en="For a text column `s`: `s.str.strip().str.lower().replace([\"?\", \"\"], np.nan)` "
                "('?' and what is left empty once stripped both become missing).",
             fr="Pour une colonne de texte `s` : `s.str.strip().str.lower().replace([\"?\", \"\"], "
                "np.nan)` ('?' et ce qui reste vide une fois les blancs retirés deviennent tous "
                "deux manquants)."),
        Text(en="`pd.to_numeric(s, errors=\"coerce\")` turns what is not a number into NaN: if it "
                "keeps as many values as `s` had, the column is numeric.",
             fr="`pd.to_numeric(s, errors=\"coerce\")` change en NaN ce qui n'est pas un nombre : "
                "s'il garde autant de valeurs que `s` en avait, la colonne est numérique."),
        Text(en="`s.fillna(s.median())` for numbers, `s.fillna(s.mode().iloc[0])` for labels; "
                "`pd.api.types.is_numeric_dtype(s)` tells them apart.",
             fr="`s.fillna(s.median())` pour les nombres, `s.fillna(s.mode().iloc[0])` pour les "
                "libellés ; `pd.api.types.is_numeric_dtype(s)` les distingue."),
    ),
)


