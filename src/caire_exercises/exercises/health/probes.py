"""The probes of M8's code exercises: what an answer does on a case's inputs, as plain data.

A probe here never holds a held-out label, a true population value nor an
expected output, and never decides: the facts of each exercise do, in the
judge. It may tidy what an answer returned (French or English keys, a
tuple or an array, NumPy scalars) so that the judge reads one form. This file
imports no exercise file, no reference and no mistake.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import call_on_copies, observe_estimator, single_threaded
from caire_exercises.exercises.health._common import hospital_table, ward
from caire_exercises.engine.probe_side import probe_factory

#: The names learners give each value, in French and in English, after :func:`key_of`.
ALIASES = {
    "sensitivity": ("sensitivity", "sensibilite", "sens", "se", "tpr", "recall", "rappel"),
    "specificity": ("specificity", "specificite", "spec", "sp", "tnr"),
    "ppv": ("ppv", "vpp", "positive_predictive_value", "valeur_predictive_positive", "precision"),
    "npv": ("npv", "vpn", "negative_predictive_value", "valeur_predictive_negative"),
    "lr_plus": ("lr_plus", "lr+", "lrp", "lr_pos", "lr_positive", "positive_likelihood_ratio", "rv+",
                "rv_plus", "rvp", "rv_pos", "rapport_de_vraisemblance_positif", "plr"),
    "lr_minus": ("lr_minus", "lr-", "lr−", "lrn", "lr_neg", "lr_negative", "negative_likelihood_ratio",
                 "rv-", "rv−", "rv_moins", "rvn", "rv_neg", "rapport_de_vraisemblance_negatif", "nlr"),
    "threshold": ("threshold", "seuil", "cutoff", "cut_off"),
    "interval": ("interval", "intervalle", "ci", "ic", "wilson", "confidence_interval",
                 "intervalle_de_confiance"),
    "accuracy": ("accuracy", "exactitude", "acc", "taux_de_bonnes_reponses"),
    "balanced_accuracy": ("balanced_accuracy", "exactitude_equilibree", "bacc", "balanced_acc"),
    "pr_auc": ("pr_auc", "auc_pr", "average_precision", "precision_moyenne", "auprc", "ap"),
    "oe": ("oe", "o/e", "o_e", "observed_expected", "observed_over_expected", "rapport_o_e"),
    "slope": ("slope", "pente", "calibration_slope", "pente_de_calibration"),
    "intercept": ("intercept", "ordonnee_a_l_origine", "calibration_intercept", "constante"),
    "brier": ("brier", "brier_score", "score_de_brier"),
    "auc": ("auc", "roc_auc", "auc_roc", "c_statistic", "c_index"),
    "measurement": ("measurement", "mesure", "measurement_problem", "probleme_de_mesure"),
    "case_mix": ("case_mix", "casemix", "recrutement", "patientele", "population"),
    "model": ("model", "modele", "net_benefit", "benefice_net"),
    "treat_all": ("treat_all", "traiter_tous", "tous", "all"),
    "treat_none": ("treat_none", "traiter_aucun", "aucun", "none"),
    "useful": ("useful", "utile", "model_useful", "modele_utile"),
}
_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def key_of(key: Any) -> Any:
    """A dict key as the judge reads it: its canonical name when it is a known alias (read in lower case,
    without accents, spaces and dashes as underscores); a single letter in upper case (a hospital)."""
    if not isinstance(key, str) or len(key.strip()) == 1:
        return key.strip().upper() if isinstance(key, str) else key
    plain = unicodedata.normalize("NFKD", key.replace("−", "-").strip().lower())
    plain = plain.encode("ascii", "ignore").decode().replace(" ", "_").replace("'", "_")
    for candidate in (plain, plain.replace("-", "_"), plain.replace("_", "")):
        if candidate in _CANONICAL:
            return _CANONICAL[candidate]
    return key


def tidy(value: Any) -> Any:
    """`value` with dict keys renamed by :func:`key_of`, NumPy scalars and short tuples as floats."""
    if isinstance(value, Mapping):
        return {key_of(key): tidy(item) for key, item in value.items()}
    if isinstance(value, (np.floating, np.integer)) and not isinstance(value, np.bool_):
        return float(value)
    if isinstance(value, (tuple, list)) and value and all(
            isinstance(item, (int, float, np.floating, np.integer)) and not isinstance(item, (bool, np.bool_))
            for item in value):
        return tuple(float(item) for item in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return value.astype(float)
    return value


def blas_one_thread(probe):
    """`probe`, with NumPy's BLAS limited to one thread.

    On a machine whose cores are shared, a BLAS that spreads a small matrix product over
    every core is ten times slower than one thread. Unlike
    :func:`~caire_exercises.authoring.probes.single_threaded`, this does not import
    scikit-learn, which answers that need only NumPy should not pay for.
    """
    import functools

    @functools.wraps(probe)
    def run(answers: Mapping[str, Any], case: Any) -> Any:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return probe(answers, case)

    return run


@probe_factory
def calls(name: str):
    """A probe that calls the function answer `name` on copies of the case's inputs.

    BLAS runs on one thread (:func:`blas_one_thread`); scikit-learn is not imported for it.
    """
    @blas_one_thread
    def probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
        value, changed = call_on_copies(answers[name], case.args, case.kwargs)
        return {"value": tidy(value), "mutated": changed}

    probe.__name__ = f"calls_{name}"
    return probe


# ------------------------------------------------------------------ imbalance


@single_threaded
def imbalance(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The metrics the function gives on the case's scores, and the model's predictions for held-out rows."""
    y_true, y_score, threshold = case.kwargs["y_true"], case.kwargs["y_score"], case.kwargs["threshold"]
    value, changed = call_on_copies(answers["imbalance_metrics"], (y_true, y_score, threshold))
    X, y = ward(case.kwargs["ward_seed"])
    train, test = case.kwargs["train"], case.kwargs["test"]
    model = observe_estimator(answers["make_model"], X[train].copy(), y[train].copy(), X[test].copy())
    return {"value": tidy(value), "mutated": changed, "model": model}


# --------------------------------------------------------------- small samples


@blas_one_thread
def small_samples(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """Every Wilson interval for the case's sizes, and a bootstrap interval for each of its samples."""
    wilson, bootstrap = answers["wilson_interval"], answers["bootstrap_auc"]
    intervals = {}
    for n in case.kwargs["sizes"]:
        intervals[str(n)] = np.asarray([tuple(float(end) for end in wilson(k, n)) for k in range(n + 1)],
                                       dtype=float)
    boots = []
    for y, score in case.kwargs["samples"]:
        low, high = bootstrap(y.copy(), score.copy())
        boots.append((float(low), float(high)))
    own = case.kwargs["cohort"]
    return {"wilson": intervals, "bootstrap": np.asarray(boots, dtype=float).reshape(-1, 2),
            "cohort_wilson": tuple(float(end) for end in wilson(own["k"], own["n"])),
            "cohort_bootstrap": tuple(float(end) for end in bootstrap(own["y"].copy(), own["score"].copy()))}


# --------------------------------------------------------- external validation


@single_threaded
def external_validation(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What the function says of the hospitals table of the case (a fresh copy of it)."""
    table = hospital_table(case.kwargs["seed"]).copy()
    value, changed = call_on_copies(answers["external_validation"], (table,))
    return {"value": tidy(value), "mutated": changed}


# ------------------------------------------------------------- decision curve


def decision_curve(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The three curves and the thresholds where the model is said to be useful, as arrays."""
    value, changed = call_on_copies(answers["net_benefit"], case.args)
    value = tidy(value)
    if isinstance(value, Mapping):
        value = dict(value)
        for key in ("model", "treat_all", "treat_none"):
            if key in value and isinstance(value[key], (list, tuple, np.ndarray)):
                value[key] = np.asarray(value[key], dtype=float)
        useful = value.get("useful")
        if isinstance(useful, (list, tuple, np.ndarray)) and all(item in (0, 1) for item in np.ravel(useful)):
            value["useful"] = np.asarray(useful).astype(bool)
    return {"value": value, "mutated": changed}
