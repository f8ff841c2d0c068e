"""work.time_saved: does a drafting tool save time once review and errors are counted?

No code: the statement fixes a model of the work (drafting by hand, asking the tool, reviewing a
share of its drafts, redrafting the faulty drafts that review catches, paying later for those
that slip through), so that there is one right answer; the learner gives the net minutes saved
per 100 requests and the error rate above which the tool loses time. Each student gets another
kind of request and other figures, all invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Exercise, Mistake, Text
from caire_exercises.exercises._values import Quantity, ValueSheet, Worked, value_facts, value_probe

ANSWER = "time_saved"

#: The requests a team answers, in both languages.
REQUESTS = (
    ("replies to customer complaints", "A customer service team", "réponses aux réclamations de clients",
     "Une équipe de service client"),
    ("letters to patients after a consultation", "A hospital's medical secretariat", "courriers aux "
     "patients après une consultation", "Le secrétariat médical d'un hôpital"),
    ("answers to residents' questions", "A town hall's front office", "réponses aux questions des "
     "habitants", "L'accueil d'une mairie"),
    ("summaries of supplier contracts", "A purchasing department", "synthèses de contrats fournisseurs",
     "Un service achats"),
)

QUANTITIES = (
    Quantity("minutes_saved", Text(en="Net minutes saved per 100 requests", fr="Minutes gagnées nettes pour "
                                                                               "100 demandes"),
             Text(en="Minutes saved per 100 requests = 100 × (D − T), with the time per request with the "
                     "tool T = A + q × R + e × q × D + e × (1 − q) × K: asking and reading, reviewing "
                     "the share q, redrafting by hand the faulty drafts that review catches, and the "
                     "cost of those that slip through.",
                  fr="Minutes gagnées pour 100 demandes = 100 × (D − T), avec le temps par demande avec "
                     "l'outil T = A + q × R + e × q × D + e × (1 − q) × K\u202f: demander et lire, relire la "
                     "part q, rédiger à la main les brouillons fautifs que la relecture repère, et le coût "
                     "de ceux qui passent."),
             spellings=("minutes", "saved", "net minutes saved", "minutes saved", "minutes gagnees",
                        "minutes economisees", "gain", "gain net", "temps gagne"), unit="min"),
    Quantity("break_even_error_rate", Text(en="Break-even error rate", fr="Taux d'erreur d'équilibre"),
             Text(en="The tool loses time when T > D, that is when e > (D − A − q × R) / (q × D + (1 − q) × "
                     "K).",
                  fr="L'outil fait perdre du temps quand T > D, c'est-à-dire quand "
                     "e > (D − A − q × R) / (q × D + (1 − q) × K)."),
             spellings=("break even", "break even rate", "error rate", "seuil", "taux d erreur",
                        "taux d erreur seuil", "taux d erreur limite", "taux equilibre", "threshold"),
             proportion=True),
)


def solve(inputs: Mapping[str, Any], *, review: bool = True, slipped: bool = True, redraft: bool = True,
          per: float = 100.0) -> dict[str, float]:
    """The model of the statement; a declared mistake leaves one of its terms out."""
    draft, ask, share, minutes, rate, cost = (float(inputs[key]) for key in ("D", "A", "q", "R", "e", "K"))
    fixed = ask + (share * minutes if review else 0.0)
    per_error = (share * draft if redraft else 0.0) + ((1 - share) * cost if slipped else 0.0)
    with_tool = fixed + rate * per_error
    return {"minutes_saved": per * (draft - with_tool), "break_even_error_rate": (draft - fixed) / per_error}


def draw_figures(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    requests_en, team_en, requests_fr, team_fr = REQUESTS[int(rng.integers(len(REQUESTS)))]
    while True:
        figures = {"D": int(rng.integers(8, 21)), "A": int(rng.integers(1, 4)),
                   "q": float(rng.choice([0.2, 0.25, 0.3, 0.4, 0.5, 0.6])), "R": int(rng.integers(2, 6)),
                   "e": round(float(rng.uniform(0.04, 0.20)), 2), "K": int(rng.choice(np.arange(30, 95, 5)))}
        right = solve(figures)
        # The answer must be a clear gain or loss, and each declared mistake must miss both values.
        if 0.05 < right["break_even_error_rate"] < 0.6 and abs(right["minutes_saved"]) > 20 and \
                abs(right["break_even_error_rate"] - figures["e"]) > 0.02:
            break
    return {"requests_en": requests_en, "team_en": team_en, "requests_fr": requests_fr, "team_fr": team_fr,
            **figures, "q_pct": int(round(figures["q"] * 100)), "e_pct": int(round(figures["e"] * 100)),
            "show_expected": bool((settings or {}).get("show_expected", True))}


def _inputs(params: Mapping[str, Any]) -> dict[str, float]:
    return {key: params[key] for key in ("D", "A", "q", "R", "e", "K")}


SHEET = ValueSheet(QUANTITIES, solve, _inputs)

STATEMENT = Text(
    en="""{team_en} writes {requests_en}. The figures are invented for this exercise; take the model
below exactly as it is written.

- By hand, a person drafts one answer in **D = {D} min**, without errors.
- With an AI drafting tool, asking the tool and reading its draft takes **A = {A} min** per
  request.
- A share **q = {q_pct}%** of the drafts is reviewed by a colleague, **R = {R} min** each
  (the others are sent as they are).
- A share **e = {e_pct}%** of the tool's drafts contains an error, whether the draft is reviewed
  or not.
- An error in a reviewed draft is always caught, and that answer is then drafted by hand (D
  minutes more).
- An error in a draft that is not reviewed slips through and costs **K = {K} min** later
  (a complaint to handle, a correction to send).

Give:

- `"minutes_saved"`: the net minutes saved per 100 requests with the tool, compared with drafting
  everything by hand (negative if the tool loses time);
- `"break_even_error_rate"`: the error rate e above which the tool loses time, all other figures
  unchanged (a proportion between 0 and 1).

```python
time_saved = {"minutes_saved": ..., "break_even_error_rate": ...}
```

Each value must be right to within 0.1% (four significant figures; writing the calculation is
safest). A percentage is accepted only as text with the % sign (`"30 %"` is read as 0.30). The
keys may be written in French: `"minutes_gagnées"`, `"taux_d_erreur_seuil"`.""",
    fr="""{team_fr} rédige des {requests_fr}. Les chiffres sont inventés pour l'exercice\u202f; prenez le
modèle ci-dessous exactement comme il est écrit.

- À la main, une personne rédige une réponse en **D = {D} min**, sans erreur.
- Avec un outil de rédaction par IA, interroger l'outil et lire son brouillon prend **A = {A} min** par demande.
- Une part **q = {q_pct} %** des brouillons est relue par un collègue, **R = {R} min** chacun
  (les autres partent tels quels).
- Une part **e = {e_pct} %** des brouillons de l'outil contient une erreur, qu'ils soient relus ou
  non.
- Une erreur dans un brouillon relu est toujours repérée, et la réponse est alors rédigée à la
  main (D minutes de plus).
- Une erreur dans un brouillon non relu passe et coûte **K = {K} min** plus tard (une
  réclamation à traiter, une correction à envoyer).

Donnez\u202f:

- `"minutes_saved"`\u202f: les minutes gagnées nettes pour 100 demandes avec l'outil, par rapport à
  tout rédiger à la main (négatives si l'outil fait perdre du temps)\u202f;
- `"break_even_error_rate"`\u202f: le taux d'erreur e au-delà duquel l'outil fait perdre du temps,
  tous les autres chiffres inchangés (une proportion entre 0 et 1).

```python
time_saved = {"minutes_saved": ..., "break_even_error_rate": ...}
```

Chaque valeur doit être juste à 0,1 % près (quatre chiffres significatifs\u202f; le plus sûr est
d'écrire le calcul). Un pourcentage n'est accepté que sous forme de texte avec le signe %
(`"30 %"` est lu 0,30). Les clés peuvent s'écrire en français\u202f: `"minutes_gagnées"`,
`"taux_d_erreur_seuil"`.""")


def _scenario(params: Mapping[str, Any]) -> Text:
    p = params
    return Text(
        en=f"{p['team_en']} writes {p['requests_en']}. By hand: D = {p['D']} min per answer, no errors. "
           f"With an AI tool: A = {p['A']} min to ask and read; a share q = {p['q_pct']}% of drafts is "
           f"reviewed, R = {p['R']} min each; e = {p['e_pct']}% of drafts contain an error; a reviewed "
           "error is caught and the answer redrafted by hand (D min more); an unreviewed error slips "
           f"through and costs K = {p['K']} min later.",
        fr=f"{p['team_fr']} rédige des {p['requests_fr']}. À la main\u202f: D = {p['D']} min par réponse, "
           f"sans erreur. Avec un outil d'IA\u202f: A = {p['A']} min pour interroger et lire\u202f; une "
           f"part q = {p['q_pct']} % des brouillons est relue, R = {p['R']} min chacun\u202f; "
           f"e = {p['e_pct']} % des brouillons contiennent une erreur\u202f; une erreur relue est repérée "
           "et la réponse rédigée à la main (D min de plus)\u202f; une erreur non relue passe et coûte "
           f"K = {p['K']} min plus tard.")


MISTAKES = (
    Mistake("review_forgotten", Text(
        en="You left the review time out. Reviewing costs R minutes for each reviewed draft, that is "
           "q × R minutes per request on average, whether the draft turns out right or wrong: add it to "
           "the time with the tool, and to the fixed cost in the break-even rate.",
        fr="Vous avez oublié le temps de relecture. Relire coûte R minutes pour chaque brouillon relu, "
           "soit q × R minutes par demande en moyenne, que le brouillon soit juste ou non\u202f: ajoutez-le "
           "au temps avec l'outil, et au coût fixe dans le taux d'équilibre."),
        Worked(lambda inputs: solve(inputs, review=False), "review forgotten")),
    Mistake("errors_only_in_reviewed_drafts", Text(
        en="You counted the errors only in the reviewed drafts. The tool makes errors in the drafts "
           "nobody reviews too, at the same rate e, and those slip through: e × (1 − q) × K minutes per "
           "request. They are the errors that cost most.",
        fr="Vous n'avez compté les erreurs que dans les brouillons relus. L'outil se trompe aussi dans "
           "les brouillons que personne ne relit, au même taux e, et ces erreurs passent\u202f: "
           "e × (1 − q) × K minutes par demande. Ce sont les erreurs qui coûtent le plus."),
        Worked(lambda inputs: solve(inputs, slipped=False), "errors only in reviewed drafts")),
    Mistake("caught_errors_free", Text(
        en="You counted caught errors as free. An error found at review means the answer is drafted by "
           "hand after all: e × q × D minutes per request on average.",
        fr="Vous avez compté les erreurs repérées comme gratuites. Une erreur trouvée à la relecture "
           "oblige à rédiger la réponse à la main malgré tout\u202f: e × q × D minutes par demande en "
           "moyenne."),
        Worked(lambda inputs: solve(inputs, redraft=False), "caught errors free")),
    Mistake("per_request", Text(
        en="Your minutes saved are per request. The statement asks for 100 requests: multiply the gain "
           "per request by 100.",
        fr="Vos minutes gagnées sont comptées par demande. L'énoncé demande pour 100 demandes\u202f: "
           "multipliez le gain par demande par 100."),
        Worked(lambda inputs: solve(inputs, per=1.0), "per request")),
)

HINTS = (
    Text(en="Work per request first: the time by hand is D. With the tool, list what every request costs "
            "(A, and the review for a share q of them) and what an error costs, depending on whether the "
            "draft was reviewed.",
         fr="Raisonnez d'abord par demande\u202f: à la main, c'est D. Avec l'outil, listez ce que coûte "
            "chaque demande (A, et la relecture pour une part q d'entre elles) et ce que coûte une erreur, "
            "selon que le brouillon a été relu ou non."),
    Text(en="The average time with the tool is the fixed part (A + q × R) plus e times the average cost of "
            "an error (q × D if caught, (1 − q) × K if not). Net minutes saved per 100 requests: 100 × "
            "(D − that time).",
         fr="Le temps moyen avec l'outil, c'est la partie fixe (A + q × R) plus e fois le coût moyen d'une "
            "erreur (q × D si elle est repérée, (1 − q) × K sinon). Minutes gagnées pour 100 demandes\u202f: "
            "100 × (D − ce temps)."),
    Text(en="The break-even rate is the e for which both times are equal: set D = fixed part + e × cost "
            "of an error, and solve for e.",
         fr="Le taux d'équilibre est le e pour lequel les deux temps sont égaux\u202f: posez D = partie fixe "
            "+ e × coût d'une erreur, et résolvez en e."),
)

TEACHER_NOTES = Text(
    en="Objectives: build a simple expected-time model of an AI drafting tool with review, and find the "
       "error rate at which it stops paying. Misconceptions aimed at: \"the tool drafts in seconds, so it "
       "saves D minutes\" (review and errors forgotten); errors matter only where someone looks "
       "(unreviewed errors forgotten); a caught error costs nothing. Debrief: Reviewing every draft (q = "
       "100%) or none: which share minimises the time, and what else than time should decide it (risk "
       "to patients, to customers, legal duty)? Where would you get real values of e and K? Who bears "
       "the cost K: the team, the customer or the patient?",
    fr="Objectifs\u202f: construire un modèle simple de temps moyen pour un outil de rédaction par IA avec "
       "relecture, et trouver le taux d'erreur à partir duquel il cesse d'être rentable. Idées reçues "
       "visées\u202f: «\u202fl'outil rédige en quelques secondes, il fait donc gagner D minutes\u202f» "
       "(relecture et erreurs oubliées)\u202f; les erreurs ne compteraient que là où quelqu'un regarde "
       "(erreurs non relues oubliées)\u202f; une erreur repérée ne coûterait rien. Pour le "
       "débriefing\u202f: tout relire (q = 100 %) ou rien\u202f: quelle part minimise le temps, et "
       "qu'est-ce qui, en dehors du temps, devrait en décider (risque pour les patients, les clients, "
       "obligation légale)\u202f? Où trouveriez-vous des valeurs réelles de e et de K\u202f? Qui "
       "supporte le coût K\u202f: l'équipe, le client ou le patient\u202f?")

SOLUTION = '''
import caire_exercises as cx

f = cx.get("work.time_saved").params              # the numbers of your statement
D, A, q, R, e, K = f["D"], f["A"], f["q"], f["R"], f["e"], f["K"]
fixed = A + q * R                                  # every request: ask, read, review a share q
per_error = q * D + (1 - q) * K                    # caught and redrafted, or slipped through
with_tool = fixed + e * per_error
time_saved = {"minutes_saved": 100 * (D - with_tool), "break_even_error_rate": (D - fixed) / per_error}
'''

TIME_SAVED = Exercise(
    id="work.time_saved",
    module="work",
    title=Text(en="Time saved by an AI drafting tool, review and errors included",
               fr="Temps gagné avec un outil de rédaction par IA, relecture et erreurs comprises"),
    statement=STATEMENT,
    answer_name=ANSWER,
    kind="value",
    reference=Worked(solve, "minutes saved, break-even error rate"),
    cases=SHEET.cases,
    variant=draw_figures,
    probe=value_probe(ANSWER, QUANTITIES),
    facts=value_facts(ANSWER, QUANTITIES, '{"minutes_saved": 350, "break_even_error_rate": 0.25}'),
    mistakes=MISTAKES,
    hints=HINTS,
    difficulty=1,
    minutes=15,
    tags=("productivity", "generative AI", "human review", "expected value", "no code"),
    audience=("all", "business"),
    teacher_notes=TEACHER_NOTES,
    solution_code=SOLUTION,
    questions=SHEET.questions(_scenario, "work.time_saved"),
)
