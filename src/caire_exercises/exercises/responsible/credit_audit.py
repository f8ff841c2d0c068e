"""responsible.credit_audit: approval rates, the selective-labels trap, and a bias adjusted for finances.

A function answer over a generated table of past credit decisions in which
the generator plants a log-odds penalty against group B. The planted value
and the raw odds ratio are known to the judge only (from the case's private
part and its inputs); the learner's adjusted odds ratio must land within 0.1
of the planted odds ratio, whatever estimator computed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import MODULE_ID, close, credit_table, decimal_fr, number, same_rates

KEYS = ("approval_rate", "approval_rate_repaid", "adjusted_odds_ratio", "dropping_group_removes_bias")
#: How far from the planted odds ratio an estimate may land (the catalogue's ±0.1).
TOLERANCE = 0.1
N_APPLICANTS = 10_000


def audit(df):
    from sklearn.linear_model import LogisticRegression

    approval = df.groupby("group")["approved"].mean()
    if df["repaid"].notna().all():
        repaid = df[df["repaid"] == 1].groupby("group")["approved"].mean()
        approval_repaid = {group: float(rate) for group, rate in repaid.items()}
    else:
        # Refused applicants' repayment is never observed: the rate cannot be estimated.
        approval_repaid = {group: None for group in approval.index}
    finance = df[["income", "debt_ratio", "history_years", "late_payments", "amount"]]
    X = (finance - finance.mean()) / finance.std()
    X["group_B"] = (df["group"] == "B").astype(float)
    model = LogisticRegression(C=1e6, max_iter=1000).fit(X, df["approved"])
    return {
        "approval_rate": {group: float(rate) for group, rate in approval.items()},
        "approval_rate_repaid": approval_repaid,
        "adjusted_odds_ratio": float(np.exp(model.coef_[0][-1])),
        "dropping_group_removes_bias": False,
    }


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n": N_APPLICANTS}


def _planted(pick: np.random.Generator) -> float:
    return round(float(pick.uniform(0.5, 1.0)), 3)


def _books(df: Any) -> Any:
    """The same decisions as a lender's books show them: no repayment observed for refused applicants."""
    books = df.copy()
    books["repaid"] = books["repaid"].astype(float).where(books["approved"] == 1)
    return books


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    seed = params["data_seed"]
    bias = _planted(np.random.default_rng([seed, 1]))
    study = credit_table(seed, params["n"], bias)
    books_bias = _planted(np.random.default_rng([seed, 2]))
    books = _books(credit_table(seed + 1, params["n"], books_bias))
    hidden_bias = _planted(rng)
    hidden = credit_table(int(rng.integers(0, 2**31)), params["n"], hidden_bias)
    return [
        Case("follow-up study", (study,), private={"planted": float(np.exp(-bias))},
             label=Text(en=f"{params['n']} applicants, repayment known for all (a follow-up study)",
                        fr=f"{params['n']} demandeurs, remboursement connu pour tous (une étude de suivi)")),
        Case("lender's books", (books,), private={"planted": float(np.exp(-books_bias))},
             label=Text(en="the lender's own books: repayment missing for refused applicants",
                        fr="les livres du prêteur : remboursement manquant pour les demandeurs refusés")),
        Case("hidden", (hidden,), hidden=True, private={"planted": float(np.exp(-hidden_bias))}),
    ]


def _value(observed: Mapping[str, Any]) -> Mapping[str, Any]:
    value = observed["value"]
    if not isinstance(value, dict):
        raise ValueError("not a dict")
    return value


def _raw_odds_ratio(df: Any) -> float:
    rate = df.groupby("group")["approved"].mean()
    return float((rate["B"] / (1 - rate["B"])) / (rate["A"] / (1 - rate["A"])))


def _odds(observed: Any) -> float:
    return number(_value(observed)["adjusted_odds_ratio"])


def _not_inverted(observed: Any, expected: Any, case: Case) -> bool:
    got, planted = _odds(observed), case.private["planted"]
    return not abs(got - 1 / planted) < abs(got - planted)


def _not_raw(observed: Any, expected: Any, case: Case) -> bool:
    return not close(_odds(observed), _raw_odds_ratio(case.args[0]), rtol=1e-4)


def _adjusted(observed: Any, expected: Any, case: Case) -> bool:
    got = _odds(observed)
    # The reference's own estimate is the safeguard of an unlucky draw: an estimate that agrees
    # with it is as right as the data allows.
    return abs(got - case.private["planted"]) <= TOLERANCE or abs(got - _odds(expected)) <= 0.02


def _unaware(observed: Any, expected: Any, case: Case) -> bool:
    answer = _value(observed)["dropping_group_removes_bias"]
    return answer is False or (isinstance(answer, float) and answer == 0.0)


FACTS = (
    Fact("keys", lambda observed, expected, case: set(KEYS) <= set(_value(observed)), Text(
        en="Return a dict with the keys " + ", ".join(f"'{key}'" for key in KEYS) + ".",
        fr="Renvoyez un dict avec les clés " + ", ".join(f"'{key}'" for key in KEYS) + ".")),
    Fact("approval_rate", lambda observed, expected, case: same_rates(
        _value(observed)["approval_rate"], _value(expected)["approval_rate"]), Text(
        en="The approval rates are not right: for each group ('A', 'B'), the share of its applicants "
           "with approved == 1.",
        fr="Les taux d'acceptation ne sont pas justes : pour chaque groupe ('A', 'B'), la part de ses "
           "demandeurs avec approved == 1.")),
    Fact("approval_rate_repaid", lambda observed, expected, case: same_rates(
        _value(observed)["approval_rate_repaid"], _value(expected)["approval_rate_repaid"]), Text(
        en="The approval rates among applicants who repaid are not right. Among each group's applicants "
           "with repaid == 1, the share approved; and when `repaid` is missing for refused applicants, "
           "this rate cannot be computed: give None for each group.",
        fr="Les taux d'acceptation parmi les demandeurs qui ont remboursé ne sont pas justes. Parmi les "
           "demandeurs de chaque groupe avec repaid == 1, la part acceptée ; et quand `repaid` manque "
           "pour les refusés, ce taux ne peut pas être calculé : donnez None pour chaque groupe.")),
    Fact("not_inverted", _not_inverted, Text(
        en="Your odds ratio is above 1: it compares A with B. The statement asks for B's odds of approval "
           "divided by A's, at equal finances.",
        fr="Votre rapport de cotes dépasse 1 : il compare A à B. L'énoncé demande la cote d'acceptation de "
           "B divisée par celle de A, à finances égales.")),
    Fact("not_raw", _not_raw, Text(
        en="Your odds ratio is the raw one, computed from the two approval rates. Group B has lower "
           "incomes, so part of that gap is explained by finances: fit a logistic regression of "
           "`approved` on the financial variables AND a 0/1 indicator of group B, and take exp of the "
           "indicator's coefficient.",
        fr="Votre rapport de cotes est le rapport brut, calculé à partir des deux taux d'acceptation. Le "
           "groupe B a des revenus plus bas : une partie de l'écart s'explique par les finances. Ajustez "
           "une régression logistique de `approved` sur les variables financières ET une indicatrice 0/1 "
           "du groupe B, et prenez l'exponentielle du coefficient de l'indicatrice.")),
    Fact("adjusted", _adjusted, lambda observed, expected, case: Text(
        en=f"Your adjusted odds ratio ({_odds(observed):.3f}) is more than {TOLERANCE} away from the value "
           f"planted in this table. Adjust for the five financial variables (income, debt_ratio, "
           f"history_years, late_payments, amount), without heavy regularisation (scale the columns, or "
           f"use a large C), and take exp(coefficient of the B indicator).",
        fr=f"Votre rapport de cotes ajusté ({decimal_fr(f'{_odds(observed):.3f}')}) est à plus de 0,1 de la valeur "
           f"introduite dans cette table. Ajustez sur les cinq variables financières (income, debt_ratio, "
           f"history_years, late_payments, amount), sans forte régularisation (standardisez les colonnes "
           f"ou prenez un grand C), et prenez exp(coefficient de l'indicatrice de B).")),
    Fact("unawareness", _unaware, Text(
        en="'dropping_group_removes_bias' should be False: a model trained on these past decisions "
           "without the `group` column still learns the penalty through variables linked to the group "
           "(district, income).",
        fr="'dropping_group_removes_bias' doit valoir False : un modèle entraîné sur ces décisions "
           "passées sans la colonne `group` apprend encore la pénalité par les variables liées au groupe "
           "(quartier, revenu).")),
)


def _audit_raw(df):
    result = audit(df)
    rate = df.groupby("group")["approved"].mean()
    result["adjusted_odds_ratio"] = float((rate["B"] / (1 - rate["B"])) / (rate["A"] / (1 - rate["A"])))
    return result


_audit_inverted = edited(audit, "float(np.exp(model.coef_[0][-1]))", "float(np.exp(-model.coef_[0][-1]))",
                         name="audit_inverted")
_audit_unaware = edited(audit, '"dropping_group_removes_bias": False', '"dropping_group_removes_bias": True',
                        name="audit_unaware")
_audit_selective = edited(
    audit,
    ("    if df[\"repaid\"].notna().all():\n", "    if True:\n"),
    name="audit_selective")
_audit_swapped = edited(
    audit, 'repaid = df[df["repaid"] == 1].groupby("group")["approved"].mean()',
    'repaid = df[df["approved"] == 1].groupby("group")["repaid"].mean()', name="audit_swapped")

CREDIT_AUDIT = Exercise(
    id="responsible.credit_audit",
    module=MODULE_ID,
    title=Text(en="Auditing past credit decisions", fr="Auditer des décisions de crédit passées"),
    statement=Text(
        en="""`df` holds past credit applications (generated data): `group` ('A' or 'B'), the financial
variables `income` (k€), `debt_ratio`, `history_years`, `late_payments`, `amount` (k€), also `age`
and `district`, the decision `approved` (1 = granted) and `repaid` (1 = the loan was repaid).
Write `audit(df)` that returns a dict with:

* `"approval_rate"`: {group: share of the group's applicants approved};
* `"approval_rate_repaid"`: {group: among the group's applicants with `repaid == 1`, the share
  approved}; when `repaid` is missing (NaN) for some applicants, as in a lender's books where
  refused applicants never got the chance to repay, this cannot be computed: give `None` for each group;
* `"adjusted_odds_ratio"`: B's odds of approval divided by A's **at equal finances**: exp of the
  coefficient of a 0/1 indicator of group B in a logistic regression of `approved` on the five
  financial variables and that indicator (it must land within 0.1 of the value planted in the data);
* `"dropping_group_removes_bias"`: `True` or `False`: would a model trained on these decisions
  without the `group` column be free of this bias?

Do not change `df`.""",
        fr="""`df` contient des demandes de crédit passées (données générées) : `group` ('A' ou 'B'), les
variables financières `income` (k€), `debt_ratio`, `history_years`, `late_payments`, `amount` (k€),
ainsi que `age` et `district`, la décision `approved` (1 = accordé) et `repaid` (1 = prêt
remboursé). Écrivez `audit(df)` qui renvoie un dict avec :

* `"approval_rate"` : {groupe : part des demandeurs du groupe acceptés} ;
* `"approval_rate_repaid"` : {groupe : parmi les demandeurs du groupe avec `repaid == 1`, la part
  acceptée} ; quand `repaid` manque (NaN) pour certains demandeurs, comme dans les livres d'un
  prêteur où les refusés n'ont jamais eu l'occasion de rembourser, ce taux ne peut pas être calculé :
  donnez `None` pour chaque groupe ;
* `"adjusted_odds_ratio"` : la cote d'acceptation de B divisée par celle de A **à finances
  égales** : l'exponentielle du coefficient d'une indicatrice 0/1 du groupe B dans une régression
  logistique de `approved` sur les cinq variables financières et cette indicatrice (elle doit tomber
  à 0,1 près de la valeur introduite dans les données) ;
* `"dropping_group_removes_bias"` : `True` ou `False` : un modèle entraîné sur ces décisions sans la
  colonne `group` serait-il exempt de ce biais ?

Ne modifiez pas `df`.""",
    ),
    answer_name="audit",
    kind="function",
    reference=audit,
    cases=_cases,
    variant=_variant,
    probe=probes.returns_dict("audit"),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=25,
    timeout=20.0,
    tags=("fairness", "audit", "odds ratio", "confounding", "selective labels"),
    dataset="credit",
    mistakes=(
        Mistake("raw_gap", Text(
            en="You took the raw gap as the bias. Group B earns less, and income drives both approval and "
               "repayment: the raw odds ratio mixes the planted penalty with differences in finances. "
               "Adjust for the financial variables.",
            fr="Vous avez pris l'écart brut pour le biais. Le groupe B gagne moins, et le revenu pèse à la "
               "fois sur l'acceptation et le remboursement : le rapport de cotes brut mêle la pénalité "
               "introduite et les écarts de finances. Ajustez sur les variables financières."), _audit_raw),
        Mistake("unawareness", Text(
            en="Dropping `group` does not remove the bias: the model learns it again from the district and "
               "the income, which are linked to the group ('fairness through unawareness' fails). See the "
               "exercise responsible.proxies.",
            fr="Retirer `group` ne supprime pas le biais : le modèle le réapprend par le quartier et le "
               "revenu, liés au groupe (l'« équité par ignorance » échoue). Voyez l'exercice "
               "responsible.proxies."), _audit_unaware),
        Mistake("selective_labels", Text(
            en="You used `repaid` for refused applicants. In a lender's books, a refused applicant never "
               "repays nor defaults: `repaid` is missing, and every observed repayer was approved, so the "
               "rate comes out as 1.0. These are selective labels: the rate cannot be computed, give None.",
            fr="Vous avez utilisé `repaid` pour des demandeurs refusés. Dans les livres d'un prêteur, un "
               "refusé ne rembourse ni ne fait défaut : `repaid` manque, et tout remboursement observé "
               "vient d'un accepté, d'où un taux de 1,0. Ce sont des étiquettes sélectives : le taux ne "
               "peut pas être calculé, donnez None."), _audit_selective),
        Mistake("inverted", Text(
            en="Your odds ratio is A's odds over B's. The statement asks for B over A: a value below 1 "
               "means B is approved less often at equal finances.",
            fr="Votre rapport de cotes est la cote de A sur celle de B. L'énoncé demande B sur A : une "
               "valeur inférieure à 1 signifie que B est moins souvent accepté à finances égales."),
            _audit_inverted),
        Mistake("conditional_swapped", Text(
            en="Your second rate is the share of approved applicants who repaid, P(repaid | approved). "
               "The statement asks the other way round: among those who repaid, the share approved.",
            fr="Votre second taux est la part des acceptés qui ont remboursé, P(remboursé | accepté). "
               "L'énoncé demande l'inverse : parmi ceux qui ont remboursé, la part acceptée."),
            _audit_swapped),
    ),
    hints=(
        Text(en="`df.groupby('group')['approved'].mean()` gives approval rates; filter the rows with "
                "repaid == 1 first for the second rate, after checking `df['repaid'].isna().any()`.",
             fr="`df.groupby('group')['approved'].mean()` donne les taux d'acceptation ; filtrez d'abord "
                "les lignes avec repaid == 1 pour le second taux, après avoir testé "
                "`df['repaid'].isna().any()`."),
        Text(en="For the odds ratio, build X from the five financial columns (standardised) plus "
                "`(df['group'] == 'B').astype(float)`, and fit LogisticRegression with a large C.",
             fr="Pour le rapport de cotes, construisez X avec les cinq colonnes financières "
                "(standardisées) et `(df['group'] == 'B').astype(float)`, puis ajustez une "
                "LogisticRegression avec un grand C."),
        Text(en="A coefficient is a log odds ratio: `np.exp(coef)` for the indicator's column. Think about "
                "which columns still tell the group apart once `group` is dropped.",
             fr="Un coefficient est un logarithme de rapport de cotes : `np.exp(coef)` pour la colonne de "
                "l'indicatrice. Demandez-vous quelles colonnes révèlent encore le groupe une fois `group` "
                "retiré."),
    ),
    audience=("business", "engineering"),
    teacher_notes=Text(
        en="Objectives: measure approval gaps, separate a bias from differences in finances by adjusting "
           "(an odds ratio at equal finances), and recognise selective labels. Misconceptions aimed at: "
           "the raw gap is the discrimination; dropping the protected column removes the bias; the "
           "lender's books show who would have repaid. Debrief: why is the raw gap larger than the "
           "adjusted one here, and could it be smaller elsewhere? What would a lender need to do to "
           "learn whether refused applicants would have repaid? Is adjusting for income always right "
           "(what if income itself carries past discrimination)?",
        fr="Objectifs : mesurer des écarts d'acceptation, distinguer un biais des écarts de situation "
           "financière par l'ajustement (un rapport de cotes à finances égales), et reconnaître des "
           "étiquettes sélectives. Idées fausses visées : l'écart brut est la discrimination ; retirer "
           "la colonne protégée supprime le biais ; les livres du prêteur disent qui aurait remboursé. "
           "Pour le débriefing : pourquoi l'écart brut dépasse-t-il ici l'écart ajusté, et pourrait-il "
           "être plus petit ailleurs ? Que devrait faire un prêteur pour savoir si les refusés auraient "
           "remboursé ? Ajuster sur le revenu est-il toujours légitime (et si le revenu portait lui-même "
           "une discrimination passée) ?"),
)
