"""responsible.reidentify: a linkage attack on a "de-identified" table, then k-anonymity by generalisation.

A two-part answer. `reidentify` is compared with the reference's count;
`generalise` is judged by what its table is: every row and every clinical
column kept, sex kept, and each combination of age, sex and postcode shared
by at least five rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import MODULE_ID, close, privacy_tables

K = 5


def reidentify(deid, public):
    keys = ["age", "sex", "postcode"]
    in_deid = deid.groupby(keys).size().rename("in_deid")
    in_public = public.groupby(keys).size().rename("in_public")
    both = in_deid.to_frame().join(in_public, how="inner")
    return int(((both["in_deid"] == 1) & (both["in_public"] == 1)).sum())


def generalise(df):
    out = df.copy()
    age = df["age"].to_numpy()
    # From the finest generalisation to the coarsest, the first that leaves no group under 5 rows.
    for width, postcode in ((10, 2), (20, 2), (20, 0), (100, 0)):
        low = age // width * width
        out["age"] = [f"{a}-{a + width - 1}" for a in low]
        out["postcode"] = df["postcode"].str[:postcode] + "*" * (5 - postcode)
        if out.groupby(["age", "sex", "postcode"]).size().min() >= 5:
            break
    return out


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_patients": int(rng.integers(18, 26)) * 10,
            "listed_percent": int(rng.integers(40, 71))}


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    deid, public = privacy_tables(params["data_seed"], params["n_patients"], params["listed_percent"] / 100)
    hidden_deid, hidden_public = privacy_tables(int(rng.integers(0, 2**31)), int(rng.integers(150, 260)),
                                                float(rng.uniform(0.4, 0.7)))
    return [
        Case("register", kwargs={"deid": deid, "public": public},
             label=Text(en=f"{len(deid)} patients, a register of {len(public)} people",
                        fr=f"{len(deid)} patients, un registre de {len(public)} personnes")),
        Case("hidden", kwargs={"deid": hidden_deid, "public": hidden_public}, hidden=True),
    ]


FACTS = (
    Fact("count", lambda observed, expected, case: close(observed["count"], expected["count"]),
         lambda observed, expected, case: Text(
             en=f"`reidentify` returned {observed['count']}; that is not the number of de-identified rows whose "
                f"(age, sex, postcode) appears exactly once in `deid` and exactly once in `public`.",
             fr=f"`reidentify` a renvoyé {observed['count']} ; ce n'est pas le nombre de lignes "
                f"désidentifiées dont le triplet (âge, sexe, code postal) apparaît exactement une fois dans "
                f"`deid` et exactement une fois dans `public`.")),
    Fact("table", lambda observed, expected, case: observed["table"] == "DataFrame", Text(
        en="`generalise` should return a pandas DataFrame.",
        fr="`generalise` doit renvoyer un DataFrame pandas.")),
    Fact("rows_and_measures_kept", lambda observed, expected, case: observed["others_kept"] is True, Text(
        en="`generalise` must keep every row, in order, and leave the clinical columns (smoker, systolic_bp, "
           "heart_rate, bmi, glucose, outcome) unchanged: only the quasi-identifiers are generalised.",
        fr="`generalise` doit garder toutes les lignes, dans l'ordre, et laisser intactes les colonnes "
           "cliniques (smoker, systolic_bp, heart_rate, bmi, glucose, outcome) : seuls les "
           "quasi-identifiants sont généralisés.")),
    Fact("sex_kept", lambda observed, expected, case: observed["sex_kept"] is True, Text(
        en="Keep the `sex` column as it is: generalise age (into bands) and postcode (to fewer digits) "
           "instead.",
        fr="Gardez la colonne `sex` telle quelle : généralisez plutôt l'âge (en tranches) et le code postal "
           "(avec moins de chiffres).")),
    Fact("k_anonymous", lambda observed, expected, case: observed["k"] >= K,
         lambda observed, expected, case: Text(
             en=f"Your table is only {observed['k']}-anonymous: some combination of (age, sex, postcode) is "
                f"shared by fewer than {K} rows. Widen the age bands or keep fewer postcode digits.",
             fr=f"Votre table n'est que {observed['k']}-anonyme : une combinaison (âge, sexe, code postal) est "
                f"partagée par moins de {K} lignes. Élargissez les tranches d'âge ou gardez moins de "
                f"chiffres du code postal.")),
)


def _names_removed(deid, public):
    return 0


def _any_match(deid, public):
    keys = ["age", "sex", "postcode"]
    return int(deid.merge(public[keys].drop_duplicates(), on=keys).shape[0])


_generalise_all_columns = edited(
    generalise, ('out["postcode"] = df["postcode"].str[:postcode] + "*" * (5 - postcode)\n',
                 'out["postcode"] = df["postcode"].str[:postcode] + "*" * (5 - postcode)\n'
                 '        out["systolic_bp"] = df["systolic_bp"] // 20 * 20\n'
                 '        out["bmi"] = (df["bmi"] // 5 * 5).astype(int)\n'),
    name="generalise_all_columns")
def _generalise_age_only(df):
    out = df.copy()
    out["age"] = [f"{a}-{a + 9}" for a in df["age"] // 10 * 10]
    return out


def _generalise_drop_rows(df):
    counts = df.groupby(["age", "sex", "postcode"])["age"].transform("size")
    return df[counts >= 5].copy()


REIDENTIFY = Exercise(
    id="responsible.reidentify",
    module=MODULE_ID,
    title=Text(en="Re-identification and k-anonymity", fr="Réidentification et k-anonymat"),
    statement=Text(
        en="""A hospital shares a "de-identified" table `deid` of its patients (generated data): names and
ids were removed, but it keeps `age`, `sex` and `postcode` with clinical measurements. Anyone can
read `public`, a register of people (fictional) with `name`, `age`, `sex` and `postcode`.

1. Write `reidentify(deid, public)` that returns how many patients are **re-identified** by joining the
   two tables on (`age`, `sex`, `postcode`): the number of rows of `deid` whose combination appears
   exactly once in `deid` and exactly once in `public` (an `int`).
2. Write `generalise(df)` that returns a new table that is **{k}-anonymous** on (`age`, `sex`, `postcode`):
   every combination of these three columns is shared by at least {k} rows. Keep every row in order,
   keep `sex` and the clinical columns unchanged; generalise `age` (bands such as `"40-49"`) and
   `postcode` (fewer digits, such as `"69***"`), as finely as you can.

Do not change the tables you receive. In your variant, {listed_percent} % of the patients are in the
register.""",
        fr="""Un hôpital partage une table « désidentifiée » `deid` de ses patients (données générées) : noms
et identifiants ont été retirés, mais elle garde `age`, `sex` et `postcode` avec des mesures
cliniques. N'importe qui peut lire `public`, un registre de personnes (fictives) avec `name`, `age`,
`sex` et `postcode`.

1. Écrivez `reidentify(deid, public)` qui renvoie combien de patients sont **réidentifiés** en
   joignant les deux tables sur (`age`, `sex`, `postcode`) : le nombre de lignes de `deid` dont la
   combinaison apparaît exactement une fois dans `deid` et exactement une fois dans `public` (un `int`).
2. Écrivez `generalise(df)` qui renvoie une nouvelle table **{k}-anonyme** sur (`age`, `sex`,
   `postcode`) : chaque combinaison de ces trois colonnes est partagée par au moins {k} lignes.
   Gardez toutes les lignes dans l'ordre, gardez `sex` et les colonnes cliniques intactes ;
   généralisez `age` (des tranches comme `"40-49"`) et `postcode` (moins de chiffres, comme
   `"69***"`), aussi finement que possible.

Ne modifiez pas les tables reçues. Dans votre variante, {listed_percent} % des patients figurent dans
le registre.""",
    ),
    answer_name=("reidentify", "generalise"),
    kind="function",
    reference={"reidentify": reidentify, "generalise": generalise},
    cases=_cases,
    variant=lambda rng: {**_variant(rng), "k": K},
    probe=probes.reidentify,
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=25,
    tags=("privacy", "re-identification", "k-anonymity", "quasi-identifiers", "GDPR"),
    dataset="patients",
    mistakes=(
        Mistake("names_removed", Text(
            en="'Names removed, so anonymous' is wrong: age, sex and postcode together single out many "
               "people, and a public list puts the names back. Count the unique matches of the join.",
            fr="« Noms retirés, donc anonyme » est faux : âge, sexe et code postal ensemble isolent beaucoup "
               "de personnes, et une liste publique remet les noms. Comptez les correspondances uniques de "
               "la jointure."), {"reidentify": _names_removed, "generalise": generalise}),
        Mistake("any_match", Text(
            en="You counted every patient with at least one match. When two people of the register (or two "
               "patients) share a combination, the join does not say who is who: count only the "
               "combinations found exactly once on each side.",
            fr="Vous avez compté chaque patient ayant au moins une correspondance. Quand deux personnes du "
               "registre (ou deux patients) partagent une combinaison, la jointure ne dit pas qui est qui : "
               "ne comptez que les combinaisons présentes exactement une fois de chaque côté."),
            {"reidentify": _any_match, "generalise": generalise}),
        Mistake("k_all_columns", Text(
            en="You generalised the clinical measurements too, as if k-anonymity were computed over all "
               "columns. It is computed over the quasi-identifiers only (the columns an attacker can find "
               "elsewhere: age, sex, postcode); the measurements are what the table is shared for.",
            fr="Vous avez aussi généralisé les mesures cliniques, comme si le k-anonymat se calculait sur "
               "toutes les colonnes. Il se calcule sur les seuls quasi-identifiants (les colonnes qu'un "
               "attaquant trouve ailleurs : âge, sexe, code postal) ; les mesures sont la raison du "
               "partage."), {"reidentify": reidentify, "generalise": _generalise_all_columns}),
        Mistake("age_only", Text(
            en="Generalising age alone leaves the full postcode: many combinations still have fewer than 5 "
               "rows. Keep fewer postcode digits as well, and widen the bands until every group has 5.",
            fr="Généraliser l'âge seul laisse le code postal complet : bien des combinaisons gardent moins "
               "de 5 lignes. Gardez aussi moins de chiffres du code postal, et élargissez les tranches "
               "jusqu'à ce que chaque groupe en compte 5."), {"reidentify": reidentify,
                                                                "generalise": _generalise_age_only}),
        Mistake("drop_rows", Text(
            en="You dropped the rows of small groups. Suppression loses patients (and often the rarest, who "
               "matter most); the statement asks to keep every row and generalise instead.",
            fr="Vous avez supprimé les lignes des petits groupes. La suppression perd des patients (souvent "
               "les plus rares, qui comptent le plus) ; l'énoncé demande de garder toutes les lignes et de "
               "généraliser."), {"reidentify": reidentify, "generalise": _generalise_drop_rows}),
    ),
    hints=(
        Text(en="`deid.groupby(['age', 'sex', 'postcode']).size()` counts each combination; do the same on "
                "`public` and join the two counts.",
             fr="`deid.groupby(['age', 'sex', 'postcode']).size()` compte chaque combinaison ; faites de "
                "même sur `public` et joignez les deux comptes."),
        Text(en="k is the size of the smallest group: `table.groupby([...]).size().min()`. Compute it on "
                "the three quasi-identifiers only.",
             fr="k est la taille du plus petit groupe : `table.groupby([...]).size().min()`. Calculez-le "
                "sur les trois seuls quasi-identifiants."),
        Text(en="Try generalisations from the finest to the coarsest (10-year bands and 2 postcode "
                "digits, then 20-year bands, ...) and stop at the first that gives k ≥ 5.",
             fr="Essayez des généralisations de la plus fine à la plus grossière (tranches de 10 ans et "
                "2 chiffres du code postal, puis tranches de 20 ans...) et arrêtez-vous à la première qui "
                "donne k ≥ 5."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: show that removing names does not anonymise (a linkage attack on quasi-identifiers), "
           "measure k-anonymity, and reach it by generalisation while keeping the data useful. "
           "Misconceptions aimed at: 'names removed, so anonymous'; k computed over every column; "
           "pseudonymised data treated as anonymous (it remains personal data under the GDPR, Recital 26). "
           "Debrief: what else could an attacker link on (dates of visit, rare diagnoses)? What does "
           "k-anonymity not protect against (a group whose members all share the same diagnosis)? What "
           "did the generalisation cost the researchers?",
        fr="Objectifs : montrer que retirer les noms n'anonymise pas (une attaque par recoupement sur les "
           "quasi-identifiants), mesurer le k-anonymat, et l'atteindre par généralisation en gardant des "
           "données utiles. Idées fausses visées : « noms retirés, donc anonyme » ; k calculé sur toutes "
           "les colonnes ; des données pseudonymisées prises pour anonymes (elles restent des données à "
           "caractère personnel au sens du RGPD, considérant 26). Pour le débriefing : sur quoi d'autre un "
           "attaquant pourrait-il recouper (dates de consultation, diagnostics rares) ? Contre quoi le "
           "k-anonymat ne protège-t-il pas (un groupe dont tous les membres ont le même diagnostic) ? "
           "Qu'a coûté la généralisation aux chercheurs ?"),
)
