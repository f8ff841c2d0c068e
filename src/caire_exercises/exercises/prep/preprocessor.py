"""prep.preprocessor: one ColumnTransformer that scales the numbers and one-hot encodes the categories.

The probe fits a fresh copy on training rows and reports its output on them
and on new rows; the judge finds in those matrices the standardised numbers
and the 0/1 columns of each category, from the case's own tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.exercises.prep._common import CATEGORICAL, MODULE_ID, NUMERIC, judged_once, penguin_features
from caire_exercises.exercises.prep.probes import preprocessor_probe


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


def _split_rows(labels: Any, test_share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(labels))
    return tuple(train_test_split(rows, test_size=test_share, stratify=labels, random_state=seed))


def _preprocessor_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    features, species = penguin_features()
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



def _columns_of(case: Case) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns a right output holds, on the training rows and on the new rows.

    For each numeric column: standardised with the training rows' statistics,
    as it is, and the new rows standardised likewise; for each categorical
    column, the 0/1 column of each category seen in training.
    """
    train, test = case.args
    numbers = {}
    for name in NUMERIC:
        mean, std = train[name].mean(), train[name].std(ddof=0)
        numbers[name] = (((train[name] - mean) / std).to_numpy(), train[name].to_numpy(dtype=float),
                         ((test[name] - mean) / std).to_numpy())
    categories = {name: [((train[name] == category).to_numpy(dtype=float),
                          (test[name] == category).to_numpy(dtype=float))
                         for category in sorted(train[name].unique())] for name in CATEGORICAL}
    return numbers, categories


_targets = judged_once(lambda case, _: _columns_of(case), size=16)


def _derive(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """What the preprocessor's output says, worked out from the case's own tables.

    For each numeric column: is it in the output standardised with the
    training rows' mean and standard deviation, or as it was? For each category
    seen in training: is its 0/1 column there? And do the new rows come out
    with what was learnt on the training rows?
    """
    train, test = case.args
    numbers, categories = _targets(case, None)
    derived: dict[str, Any] = {
        "steps": [str(step) for step in observed["steps"]],
        "handle_unknown": [str(value) for value in observed["handle_unknown"]],
        "error": observed.get("error"), "text": observed.get("text"),
        "expected_columns": len(numbers) + sum(len(indicators) for indicators in categories.values()),
    }
    if "output" not in observed:
        if not isinstance(derived["text"], str):
            raise ValueError("no output observed")
        derived["output_is_numeric"] = False
        return derived
    output = np.asarray(observed["output"], dtype=float)
    if output.ndim != 2 or output.shape[0] != len(train):
        raise ValueError(f"an output of shape {output.shape} for {len(train)} rows")
    output_new = observed.get("output_new")
    if output_new is not None:
        output_new = np.asarray(output_new, dtype=float)
        if output_new.ndim != 2 or output_new.shape[0] != len(test):
            raise ValueError(f"an output of shape {output_new.shape} for {len(test)} new rows")
    elif not isinstance(derived["error"], str):
        raise ValueError("neither an output for the new rows nor an error")
    matches: list[tuple[int | None, np.ndarray]] = []
    standardised = raw = True
    not_standardised: list[str] = []
    absent_numbers: list[str] = []
    absent_categories: list[str] = []
    for name, (scaled, as_is, scaled_new) in numbers.items():
        found = _matching_column(output, scaled)
        standardised &= found is not None
        kept_raw = _matching_column(output, as_is) is not None
        raw &= kept_raw
        if found is None:
            not_standardised.append(name)
            if not kept_raw:
                absent_numbers.append(name)
        matches.append((found, scaled_new))
    indicators_found = n_categories = 0
    for name, indicators in categories.items():
        found_here = 0
        for indicator, indicator_new in indicators:
            n_categories += 1
            found = _matching_column(output, indicator)
            found_here += found is not None
            matches.append((found, indicator_new))
        indicators_found += found_here
        if not found_here:
            absent_categories.append(name)
    test_correct: bool | None = None
    if output_new is not None and any(found is not None for found, _ in matches):
        test_correct = all(found < output_new.shape[1] and np.allclose(output_new[:, found], wanted,
                                                                      rtol=1e-6, atol=1e-6)
                           for found, wanted in matches if found is not None)
    derived.update({
        "output_is_numeric": True,
        "numbers": "standardised" if standardised else "unchanged" if raw else "other",
        "categories": ("one-hot" if indicators_found == n_categories
                       else "partly one-hot" if indicators_found else "not one-hot"),
        "columns": int(output.shape[1]),
        "new_rows_transformed": output_new is not None,
        "new_rows_use_training_statistics": test_correct,
        "not_standardised": not_standardised, "absent_numbers": absent_numbers,
        "absent_categories": absent_categories,
    })
    return derived


_derived = judged_once(_derive)


def _fact(name: str, holds: Any, explained: str) -> Fact:
    """A fact over the derived output; its feedback is the explanation of `explained`."""
    return Fact(name, lambda observed, expected, case: bool(holds(_derived(observed, case))),
                lambda observed, expected, case: _explain(explained, _derived(observed, case)))


#: In the order they are told: each one the learner fails is a distinct kind of error, so that a
#: declared mistake is named only for an answer that fails the same ones.
_FACTS = (
    _fact("numeric_output", lambda d: d["output_is_numeric"], "output_is_numeric"),
    _fact("numbers_scaled", lambda d: d["numbers"] != "unchanged", "numbers"),
    _fact("numbers_standardised", lambda d: d["numbers"] == "standardised", "numbers"),
    _fact("categories_in_output", lambda d: d["columns"] > len(NUMERIC) or not d["absent_categories"],
          "categories"),
    _fact("some_one_hot", lambda d: d["categories"] != "not one-hot", "categories"),
    _fact("one_hot", lambda d: d["categories"] == "one-hot", "categories"),
    _fact("columns", lambda d: d["columns"] == d["expected_columns"], "columns"),
    _fact("new_rows_transformed", lambda d: d["new_rows_transformed"], "new_rows_transformed"),
    _fact("training_statistics", lambda d: d["new_rows_use_training_statistics"] is True,
          "new_rows_use_training_statistics"),
)

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
            fr="La " + what_fr + " {columns} manque dans la sortie de votre préprocesseur : une "
               "colonne absente de tout transformateur est supprimée (remainder=\"drop\"). "
               "Ajoutez-la aux colonnes de votre {encoder}.")
    else:
        plural_fr = {"numeric": "colonnes numériques", "category": "colonnes catégorielles"}[kind]
        text = Text(
            en="The " + what_en + "s {columns} are missing from the output of your preprocessor: "
               "a column listed in no transformer is dropped (remainder=\"drop\"). Add them to "
               "the columns of your {encoder}.",
            fr="Les " + plural_fr + " {columns} manquent dans la sortie de votre préprocesseur : "
               "une colonne absente de tout transformateur est supprimée (remainder=\"drop\"). "
               "Ajoutez-les aux colonnes de votre {encoder}.")
    return message(text, columns=", ".join(names), encoder=encoder)



def _explain(fact: str, derived: Mapping[str, Any]) -> Message | Text:
    details = derived
    if fact == "output_is_numeric":
        return message(Text(
            en="The output of your preprocessor still holds text (for example {text}): a column "
               "passed on as it is (\"passthrough\", remainder=\"passthrough\") keeps its labels. "
               "Every column must come out as a number: put a OneHotEncoder on island and sex. "
               "Parts found: {steps}.",
            fr="La sortie de votre préprocesseur contient encore du texte (par exemple {text}) : "
               "une colonne transmise telle quelle (\"passthrough\", remainder=\"passthrough\") "
               "garde ses libellés. Chaque colonne doit ressortir sous forme de nombre : placez un "
               "OneHotEncoder sur island et sex. Éléments trouvés : {steps}."),
            text=details["text"], steps=", ".join(details["steps"]))
    if fact == "numbers" and derived["numbers"] == "unchanged":
        return Text(
            en="The four numeric columns come out unchanged: they must be standardised (mean 0 "
               "and standard deviation 1 on the training rows). Put a StandardScaler on them.",
            fr="Les quatre colonnes numériques ressortent inchangées : elles doivent être "
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
               "préprocesseur : {steps}. Placez un StandardScaler sur les colonnes numériques."),
            steps=", ".join(details["steps"]))
    if fact == "categories":
        return message(Text(
            en="The categories (island, sex) are {state}: expected one 0/1 column for each "
               "category seen in training (no category dropped). Parts found: {steps}.",
            fr="Les catégories (île, sexe) sont {state_fr} : il faut une colonne 0/1 par "
               "catégorie vue à l'entraînement (aucune catégorie retirée). Éléments trouvés : "
               "{steps}."),
            state=derived["categories"],
            state_fr={"partly one-hot": "encodées en one-hot en partie seulement"}.get(
                derived["categories"], "non encodées en one-hot"),
            steps=", ".join(details["steps"]))
    if fact == "columns":
        return message(Text(
            en="Your preprocessor gives {got} columns; expected {want}: one per numeric column "
               "and one per category seen in training, nothing else.",
            fr="Votre préprocesseur donne {got} colonnes ; il en faut {want} : une par colonne "
               "numérique et une par catégorie vue à l'entraînement, rien d'autre."),
            got=derived["columns"], want=derived["expected_columns"])
    if fact == "new_rows_transformed":
        return message(Text(
            en="Transforming new rows that hold a category never seen in training failed "
               "({error}). handle_unknown of your OneHotEncoder: {handle}; use "
               "OneHotEncoder(handle_unknown=\"ignore\").",
            fr="La transformation de nouvelles lignes contenant une catégorie jamais vue à "
               "l'entraînement a échoué ({error}). handle_unknown de votre OneHotEncoder : "
               "{handle} ; utilisez OneHotEncoder(handle_unknown=\"ignore\")."),
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
    return Text(en="The output of your preprocessor is not the one the statement describes.",
                fr="La sortie de votre préprocesseur n'est pas celle que décrit l'énoncé.")


PREPROCESSOR = Exercise(
    id="prep.preprocessor",
    module=MODULE_ID,
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
`sex` (lignes complètes, sans trous) ; sa sortie doit contenir exactement ceci, rien d'autre :

* les quatre colonnes numériques **standardisées** (moyenne 0 et écart type 1 sur les lignes
  d'ajustement) ;
* `island` et `sex` **encodées en one-hot**, une colonne 0/1 par catégorie vue à
  l'entraînement ; une catégorie jamais vue à l'entraînement ne doit pas lever d'erreur (sa
  ligne reçoit des zéros).

Le correcteur ajuste une copie neuve sur les seules lignes d'entraînement et transforme des
lignes qu'elle n'a jamais vues, dont certaines d'une île qu'on ne lui a jamais montrée.""",
    ),
    answer_name="make_preprocessor",
    kind="estimator",
    reference=make_preprocessor,
    cases=_preprocessor_cases,
    probe=preprocessor_probe,
    facts=_FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "ColumnTransformer", "scaling", "one-hot", "unseen categories"),
    dataset="penguins",
    timeout=20.0,
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: one ColumnTransformer for columns of different kinds; "
           "statistics learnt on the training rows only; categories never seen in "
           "training handled. Misconception aimed at: categories can be numbered (an "
           "ordinal code), and a category unseen in training cannot happen in "
           "production. Debrief: what does a model see when Dream lies 'between' "
           "Biscoe and Torgersen? Where would a new island break a deployed model? "
           "Which models need scaling, and which do not?",
        fr="Objectifs : un seul ColumnTransformer pour des colonnes de natures "
           "différentes ; des statistiques apprises sur les seules lignes "
           "d'entraînement ; les catégories jamais vues à l'entraînement prises en "
           "charge. Idée fausse visée : on peut numéroter des catégories (un code "
           "ordinal), et une catégorie inconnue à l'entraînement n'arrive pas en "
           "production. Questions de débriefing : que voit un modèle quand Dream se "
           "trouve « entre » Biscoe et Torgersen ? Où une nouvelle île ferait-elle "
           "échouer un modèle déployé ? Quels modèles demandent une mise à l'échelle, "
           "lesquels non ?"),
    mistakes=(
        Mistake("no_scaling", Text(
            en="The numbers go through unscaled ('passthrough'). Models that use distances or "
               "penalties (k-NN, SVM, regularised regression) then weigh the grams of body mass "
               "a thousand times more than millimetres: put a StandardScaler on them.",
            fr="Les nombres passent sans mise à l'échelle ('passthrough'). Les modèles fondés "
               "sur des distances ou des pénalités (k-NN, SVM, régression régularisée) pèsent "
               "alors les grammes de la masse mille fois plus que les millimètres : placez un "
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
            fr="Votre ColumnTransformer ne traite que les nombres : les colonnes absentes de "
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
             fr="Catégories inconnues : `OneHotEncoder(handle_unknown=\"ignore\")`. Renvoyez le "
                "transformateur sans appeler fit : le correcteur l'ajuste lui-même."),
    ),
)


