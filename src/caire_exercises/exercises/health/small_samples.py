"""health.small_samples: a Wilson interval for a sensitivity, a bootstrap interval for an AUC.

Intervals are judged by what they are for: covering the truth. The probe
asks the learner's Wilson function for every k out of n, and the judge
computes its exact coverage over a grid of true sensitivities (binomial
probabilities); the probe asks the bootstrap function for an interval on
each of 12 samples drawn from a population whose AUC only the judge knows
(binormal scores, AUC = Φ(δ/√2)), and the judge counts how many cover it
and compares their widths with the reference's on the same samples (a
coverage count on 12 samples alone would not tell 68 % from 95 %).
Any seed and any number of resamples passes; so does another interval with
the right coverage that is not much wider (Clopper-Pearson, a BCa bootstrap).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import erf, sqrt
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import in_order
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import MODULE_ID, binormal_sample, small_cohort_table

#: The true sensitivities over which a Wilson function's coverage is averaged.
P_GRID = np.round(np.arange(0.60, 0.981, 0.02), 2)
N_SAMPLES, SAMPLE_SICK, SAMPLE_HEALTHY = 12, 25, 45
#: The least coverage accepted: the mean exact coverage over P_GRID (Wilson's is about 0.95), and
#: the share of the 12 bootstrap intervals that cover the true AUC (the reference covers about 0.93).
WILSON_COVERAGE, BOOTSTRAP_COVERAGE = 0.93, 0.75
#: How much wider than the reference's an interval may be, on average; and, for the bootstrap, how
#: much narrower (Monte Carlo noise moves a percentile interval's width by a few per cent).
WIDER, NARROWER = 1.5, 0.75


def wilson_interval(k, n, confidence=0.95):
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    centre = (k + z**2 / 2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)
    return float(centre - half), float(centre + half)


def bootstrap_auc(y_true, score, n_boot=500, seed=0):
    y, score = np.asarray(y_true) == 1, np.asarray(score, dtype=float)
    n = len(y)
    rng = np.random.default_rng(seed)
    # wins[i, j]: patient i scores above patient j, ties count one half.
    wins = (score[:, None] > score[None, :]) + 0.5 * (score[:, None] == score[None, :])
    # One resample a row: how many times each patient is drawn (with replacement).
    rows = rng.integers(0, n, size=(n_boot, n))
    flat = (np.arange(n_boot)[:, None] * n + rows).ravel()
    counts = np.bincount(flat, minlength=n_boot * n).reshape(n_boot, n).astype(float)
    sick, healthy = counts * y, counts * ~y
    pairs = sick.sum(axis=1) * healthy.sum(axis=1)
    aucs = ((sick @ wins) * healthy).sum(axis=1)[pairs > 0] / pairs[pairs > 0]
    low, high = np.percentile(aucs, [2.5, 97.5])
    return float(low), float(high)


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"cohort_seed": int(rng.integers(0, 2**31)), "separation": round(float(rng.uniform(0.8, 1.4)), 2)}


def _true_auc(separation: float) -> float:
    return 0.5 * (1 + erf(separation / sqrt(2) / sqrt(2)))


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = small_cohort_table(params["cohort_seed"])
    sick = table["disease"].to_numpy() == 1
    cohort = {"k": int(table["test_positive"].to_numpy()[sick].sum()), "n": int(sick.sum()),
              "y": table["disease"].to_numpy().astype(np.int64), "score": table["score"].to_numpy(dtype=float)}

    def case(name: str, pick: np.random.Generator, separation: float, **options: Any) -> Case:
        samples = [binormal_sample(pick, SAMPLE_SICK, SAMPLE_HEALTHY, separation) for _ in range(N_SAMPLES)]
        return Case(name, kwargs={"sizes": [cohort["n"], SAMPLE_SICK], "samples": samples, "cohort": cohort},
                    private={"auc": _true_auc(separation)}, timeout=120.0, **options)

    separation = params["separation"]
    return [
        case("your cohort and 12 samples", np.random.default_rng(params["cohort_seed"]), separation,
             label=Text(en=f"your cohort ({cohort['n']} diseased), then 12 samples of 70 patients",
                        fr=f"votre cohorte ({cohort['n']} malades), puis 12 échantillons de 70 patients")),
        case("other samples", rng, round(float(rng.uniform(0.6, 1.6)), 2), hidden=True),
    ]


def _exact_coverage(intervals: np.ndarray, n: int) -> float:
    """The mean over P_GRID of the probability that the interval for k ~ Binomial(n, p) covers p."""
    from math import comb

    intervals = np.asarray(intervals, dtype=float)
    if intervals.shape != (n + 1, 2) or not np.all(np.isfinite(intervals)):
        raise ValueError("one interval for each k from 0 to n expected")
    k = np.arange(n + 1)
    chances = np.array([comb(n, int(j)) for j in k], dtype=float)
    return float(np.mean([np.sum(chances * p**k * (1 - p) ** (n - k)
                                 * ((intervals[:, 0] <= p) & (p <= intervals[:, 1]))) for p in P_GRID]))


def _wilson_valid(observed: Any, expected: Any, case: Case) -> bool:
    for n in case.kwargs["sizes"]:
        intervals = np.asarray(observed["wilson"][str(n)], dtype=float)
        share = np.arange(n + 1) / n
        if intervals.shape != (n + 1, 2) or not (np.all(intervals[:, 0] <= share + 1e-9)
                                                  and np.all(share <= intervals[:, 1] + 1e-9)):
            return False
    low, high = observed["cohort_wilson"]
    return bool(low <= high)


def _wilson_covers(observed: Any, expected: Any, case: Case) -> bool:
    return all(_exact_coverage(observed["wilson"][str(n)], n) >= WILSON_COVERAGE for n in case.kwargs["sizes"])


def _mean_width(intervals: Any) -> float:
    intervals = np.asarray(intervals, dtype=float)
    return float(np.mean(intervals[:, 1] - intervals[:, 0]))


def _wilson_narrow(observed: Any, expected: Any, case: Case) -> bool:
    return all(_mean_width(observed["wilson"][str(n)]) <= WIDER * _mean_width(expected["wilson"][str(n)])
               for n in case.kwargs["sizes"])


def _bootstrap_valid(observed: Any, expected: Any, case: Case) -> bool:
    boots = np.asarray(observed["bootstrap"], dtype=float)
    low, high = observed["cohort_bootstrap"]
    return bool(boots.shape == (N_SAMPLES, 2) and np.all(np.isfinite(boots)) and np.all(boots[:, 0] <= boots[:, 1])
                and 0 <= low <= high <= 1)


def _bootstrap_share(observed: Any, case: Case) -> float:
    boots = np.asarray(observed["bootstrap"], dtype=float)
    truth = case.private["auc"]
    return float(np.mean((boots[:, 0] <= truth) & (truth <= boots[:, 1])))


def _coverage_feedback(observed: Any, expected: Any, case: Case) -> Text:
    share = round(100 * _bootstrap_share(observed, case))
    return Text(
        en=f"Your bootstrap intervals cover the true AUC of the population in {share} % of the "
           f"{N_SAMPLES} samples; a 95 % interval should cover it in about 95 % (at least "
           f"{round(100 * BOOTSTRAP_COVERAGE)} % here). Resample the PATIENTS with replacement (the "
           f"labels with their scores), compute the AUC of each resample, and take the 2.5th and "
           f"97.5th percentiles.",
        fr=f"Vos intervalles bootstrap couvrent la vraie AUC de la population dans {share} % des "
           f"{N_SAMPLES} échantillons ; un intervalle à 95 % devrait la couvrir dans environ 95 % des "
           f"cas (au moins {round(100 * BOOTSTRAP_COVERAGE)} % ici). Rééchantillonnez les PATIENTS avec "
           f"remise (les étiquettes avec leurs scores), calculez l'AUC de chaque rééchantillon et "
           f"prenez les 2,5e et 97,5e centiles.")


FACTS = in_order(
    Fact("wilson_valid", _wilson_valid, Text(
        en="`wilson_interval(k, n)` must return (low, high) with low <= k/n <= high, for every k from "
           "0 to n.",
        fr="`wilson_interval(k, n)` doit renvoyer (bas, haut) avec bas <= k/n <= haut, pour tout k de "
           "0 à n.")),
    Fact("wilson_coverage", _wilson_covers, Text(
        en="Your interval for a sensitivity covers the true value less often than a 95 % interval "
           "should (its exact coverage, averaged over true sensitivities from 0.60 to 0.98, is below "
           "0.93). The Wald interval p ± z·√(p(1 − p)/n) does that near 1: use Wilson's, with "
           "z = 1.96.",
        fr="Votre intervalle pour une sensibilité couvre la vraie valeur moins souvent que ne le "
           "devrait un intervalle à 95 % (sa couverture exacte, en moyenne sur des sensibilités vraies "
           "de 0,60 à 0,98, est inférieure à 0,93). L'intervalle de Wald p ± z·√(p(1 − p)/n) fait "
           "cela près de 1 : utilisez celui de Wilson, avec z = 1,96.")),
    Fact("wilson_width", _wilson_narrow, Text(
        en="Your interval for a sensitivity covers the truth, but it is much wider than Wilson's: an "
           "interval as wide as [0, 1] always covers and says nothing.",
        fr="Votre intervalle pour une sensibilité couvre la vérité, mais il est bien plus large que "
           "celui de Wilson : un intervalle aussi large que [0, 1] couvre toujours et ne dit rien.")),
    Fact("bootstrap_valid", _bootstrap_valid, Text(
        en="`bootstrap_auc(y_true, score)` must return (low, high), two numbers between 0 and 1 with "
           "low <= high.",
        fr="`bootstrap_auc(y_true, score)` doit renvoyer (bas, haut), deux nombres entre 0 et 1 avec "
           "bas <= haut.")),
    Fact("bootstrap_coverage", lambda observed, expected, case: _bootstrap_share(observed, case)
         >= BOOTSTRAP_COVERAGE, _coverage_feedback),
    Fact("bootstrap_width", lambda observed, expected, case: NARROWER * _mean_width(expected["bootstrap"])
         <= _mean_width(observed["bootstrap"]) <= WIDER * _mean_width(expected["bootstrap"]), Text(
        en="Your AUC intervals are much narrower or much wider than a 95 % percentile bootstrap's on "
           "the same samples. Too narrow, they promise more than the data hold (mean ± one standard "
           "deviation covers about 68 %); too wide, they say nothing. Take the 2.5th and 97.5th "
           "percentiles of the bootstrap AUCs.",
        fr="Vos intervalles d'AUC sont bien plus étroits ou bien plus larges que ceux d'un bootstrap "
           "par percentiles à 95 % sur les mêmes échantillons. Trop étroits, ils promettent plus que "
           "ce que les données contiennent (la moyenne ± un écart-type couvre environ 68 %) ; trop "
           "larges, ils ne disent rien. Prenez les 2,5e et 97,5e centiles des AUC bootstrap.")),
)


_wald = edited(wilson_interval, ("centre = (k + z**2 / 2) / (n + z**2)", "centre = k / n"), (
    "half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)", "half = z * np.sqrt(centre * (1 - centre) / n)"))
_one_sided_z = edited(wilson_interval, "inv_cdf(1 - (1 - confidence) / 2)", "inv_cdf(confidence)")
_no_replacement = edited(bootstrap_auc, "rows = rng.integers(0, n, size=(n_boot, n))",
                         "rows = np.argsort(rng.random((n_boot, n)), axis=1)")
_pairs_broken = edited(bootstrap_auc, "sick, healthy = counts * y, counts * ~y",
                       "sick, healthy = counts * y[rng.permutation(n)], counts * ~y[rng.permutation(n)]")
_one_sd = edited(bootstrap_auc, "low, high = np.percentile(aucs, [2.5, 97.5])",
                 "low, high = aucs.mean() - aucs.std(), aucs.mean() + aucs.std()")

SMALL_SAMPLES = Exercise(
    id="health.small_samples",
    module=MODULE_ID,
    title=Text(en="Small samples: intervals that cover", fr="Petits échantillons : des intervalles qui couvrent"),
    statement=Text(
        en=r"""A diagnostic study on a few dozen patients (data set `small_cohort`) reports a sensitivity
and an AUC. With so few patients, the numbers mean little without their 95 % confidence intervals.
Write two functions:

- `wilson_interval(k, n, confidence=0.95)`: the **Wilson interval** of a proportion k/n (k
  positive tests among n diseased patients), returned as `(low, high)`;
- `bootstrap_auc(y_true, score)`: a 95 % **percentile bootstrap** interval for the AUC of `score`
  (1 = diseased): resample the patients with replacement, compute each resample's AUC, take the
  2.5th and 97.5th percentiles; choose your own number of resamples (1,000 is plenty) and seed.

An interval is right when it **covers** the truth about 95 % of the time. The check computes your
Wilson function's exact coverage for every k out of n, and runs your bootstrap on 12 samples of 70
patients from a population whose AUC it knows; it also runs both on your cohort.""",
        fr=r"""Une étude diagnostique sur quelques dizaines de patients (jeu de données `small_cohort`)
rapporte une sensibilité et une AUC. Avec si peu de patients, ces nombres ne disent pas grand-chose
sans leurs intervalles de confiance à 95 %. Écrivez deux fonctions :

- `wilson_interval(k, n, confidence=0.95)` : l'**intervalle de Wilson** d'une proportion k/n
  (k tests positifs parmi n patients malades), renvoyé sous la forme `(low, high)` ;
- `bootstrap_auc(y_true, score)` : un intervalle **bootstrap par percentiles** à 95 % pour l'AUC
  de `score` (1 = malade) : rééchantillonnez les patients avec remise, calculez l'AUC de chaque
  rééchantillon, prenez les 2,5e et 97,5e centiles ; choisissez vous-même le nombre de
  rééchantillons (1 000 suffisent) et la graine.

Un intervalle est juste quand il **couvre** la vérité environ 95 fois sur 100. La vérification
calcule la couverture exacte de votre fonction de Wilson pour chaque k sur n, et lance votre
bootstrap sur 12 échantillons de 70 patients tirés d'une population dont elle connaît l'AUC ; elle
lance aussi les deux sur votre cohorte.""",
    ),
    answer_name=("wilson_interval", "bootstrap_auc"),
    kind="function",
    reference={"wilson_interval": wilson_interval, "bootstrap_auc": bootstrap_auc},
    cases=_cases,
    variant=_variant,
    probe=probes.small_samples,
    facts=FACTS,
    compare_values=False,
    timeout=120.0,
    difficulty=2,
    minutes=15,
    tags=("confidence interval", "Wilson", "bootstrap", "AUC", "coverage", "small samples"),
    dataset="small_cohort",
    mistakes=(
        Mistake("wald", Text(
            en="Your interval for a sensitivity is Wald's, p ± z·√(p(1 − p)/n). Near a sensitivity of 1 "
               "with few patients it is too narrow (at k = n its width is 0): use Wilson's formula.",
            fr="Votre intervalle pour une sensibilité est celui de Wald, p ± z·√(p(1 − p)/n). Près "
               "d'une sensibilité de 1 avec peu de patients, il est trop étroit (pour k = n, sa "
               "largeur est nulle) : utilisez la formule de Wilson."),
            {"wilson_interval": _wald, "bootstrap_auc": bootstrap_auc}),
        Mistake("one_sided_z", Text(
            en="Your z is that of a one-sided 95 % bound (1.645): a two-sided 95 % interval leaves "
               "2.5 % on each side, z = 1.96 (`norm.ppf(0.975)`).",
            fr="Votre z est celui d'une borne unilatérale à 95 % (1,645) : un intervalle bilatéral à "
               "95 % laisse 2,5 % de chaque côté, z = 1,96 (`norm.ppf(0.975)`)."),
            {"wilson_interval": _one_sided_z, "bootstrap_auc": bootstrap_auc}),
        Mistake("without_replacement", Text(
            en="Your resamples are drawn without replacement: each one is the same patients in another "
               "order, so every AUC is the same and the interval has no width. Draw with replacement.",
            fr="Vos rééchantillons sont tirés sans remise : chacun contient les mêmes patients dans un "
               "autre ordre, toutes les AUC sont donc égales et l'intervalle n'a pas de largeur. Tirez "
               "avec remise."), {"wilson_interval": wilson_interval, "bootstrap_auc": _no_replacement}),
        Mistake("pairs_broken", Text(
            en="You resample the labels and the scores separately, which breaks the link between a "
               "patient and their score: the AUCs fall around 0.5. Resample row indices and take "
               "`y[rows]` and `score[rows]` together.",
            fr="Vous rééchantillonnez séparément les étiquettes et les scores, ce qui rompt le lien "
               "entre un patient et son score : les AUC tombent autour de 0,5. Rééchantillonnez des "
               "indices de lignes et prenez ensemble `y[rows]` et `score[rows]`."),
            {"wilson_interval": wilson_interval, "bootstrap_auc": _pairs_broken}),
        Mistake("one_standard_deviation", Text(
            en="Your AUC interval is the mean ± one standard deviation of the bootstrap AUCs: that "
               "covers about 68 %, not 95 %. Take the 2.5th and 97.5th percentiles.",
            fr="Votre intervalle d'AUC est la moyenne ± un écart-type des AUC bootstrap : il couvre "
               "environ 68 %, pas 95 %. Prenez les 2,5e et 97,5e centiles."),
            {"wilson_interval": wilson_interval, "bootstrap_auc": _one_sd}),
    ),
    hints=(
        Text(en="Wilson: with z = 1.96, centre (k + z²/2) / (n + z²), half-width "
                "z / (n + z²) · √(k(n − k)/n + z²/4).",
             fr="Wilson : avec z = 1,96, centre (k + z²/2) / (n + z²), demi-largeur "
                "z / (n + z²) · √(k(n − k)/n + z²/4)."),
        Text(en="Bootstrap: `rows = rng.integers(0, n, size=n)` draws one resample of patients; keep "
                "`y[rows]` and `score[rows]` together.",
             fr="Bootstrap : `rows = rng.integers(0, n, size=n)` tire un rééchantillon de patients ; "
                "gardez ensemble `y[rows]` et `score[rows]`."),
        Text(en="A resample may hold no diseased patient: skip it. Then `np.percentile(aucs, [2.5, 97.5])`.",
             fr="Un rééchantillon peut ne contenir aucun malade : ignorez-le. Puis "
                "`np.percentile(aucs, [2.5, 97.5])`."),
    ),
    audience=("health", "engineering"),
    teacher_notes=Text(
        en="Objectives: compute a Wilson interval and a percentile bootstrap interval, and understand "
           "what a 95 % interval promises (coverage over repeated studies). Misconceptions aimed at: "
           "an interval is checked against one 'right' number; the Wald interval is fine for a "
           "sensitivity near 1; resampling without replacement or breaking the pairs still gives an "
           "interval. Debrief: how many diseased patients does a study need for the interval of a "
           "sensitivity of 0.9 to be narrower than ±0.05? Why is an interval of width 0 a warning? "
           "What does a study of 60 patients say about an AUC of 0.85?",
        fr="Objectifs : calculer un intervalle de Wilson et un intervalle bootstrap par percentiles, "
           "et comprendre ce que promet un intervalle à 95 % (la couverture sur des études répétées). "
           "Idées fausses visées : un intervalle se vérifie contre un seul nombre « juste » ; "
           "l'intervalle de Wald convient pour une sensibilité proche de 1 ; rééchantillonner sans "
           "remise ou en cassant les paires donne encore un intervalle. Pour le débriefing : combien "
           "de patients malades faut-il pour que l'intervalle d'une sensibilité de 0,9 soit plus "
           "étroit que ±0,05 ? Pourquoi un intervalle de largeur nulle est-il un signal d'alerte ? "
           "Que dit une étude de 60 patients d'une AUC de 0,85 ?"),
)
