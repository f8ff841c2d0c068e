"""work.usage_policy: may this be pasted into a generative AI tool at work, and what is the risk?

The items are the written bank ``usage_policy_items``
(``datasets/usage_policy_items/items.yaml``), judged against the policy the statement sets
out (a public tool without contract, an approved tool under contract). Every student's
sample holds items that each declared mistake gets wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.banks import Item, ItemBank, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, changes, covering_sample, quiz_exercise

DATASET = "usage_policy_items"
N_ITEMS = 8


@lru_cache(maxsize=1)
def bank() -> ItemBank:
    """The bank of requests, read once from the bundled data set."""
    from caire_exercises.data import bundled_root

    return load_bank(bundled_root() / DATASET / "items.yaml")


def _when(test: Callable[[Item], bool], part: str, option: str) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `option` for `part` on the items `test` picks."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        answer = dict(item.answer)
        if part in answer and test(item):
            answer[part] = (option,)
        return answer

    return alter


def _risk(item: Item) -> str:
    return item.answer.get("risk", ("",))[0]


def _decision(item: Item) -> str:
    return item.answer["decision"][0]


#: Requests to the approved tool that the policy still forbids.
APPROVED_NOT_OK = frozenset({"case_without_name_approved", "sick_leave_approved", "patient_list_approved",
                             "cv_auto_reject_approved", "layoff_ranking_approved"})

PERSONAL_DATA_OK = _when(lambda item: _risk(item) in ("personal_data", "health_data"), "decision", "ok")
TRUST_THE_OUTPUT = _when(lambda item: _risk(item) == "hallucination", "decision", "ok")
APPROVED_TOOL_ANYTHING_GOES = _when(lambda item: item.key in APPROVED_NOT_OK, "decision", "ok")
BAN_EVERYTHING = _when(lambda item: _decision(item) == "ok", "decision", "not_ok")
HEALTH_AS_PERSONAL = _when(lambda item: _risk(item) == "health_data", "risk", "personal_data")

MISTAKES = (
    Mistake("personal_data_ok", Text(
        en="You let personal or health data go into a tool as they were. Names, addresses, e-mails, IP "
           "addresses are personal data (GDPR Art. 4(1)), and removing the name does not make a record "
           "anonymous when other details still single the person out (Recital 26). In a public tool with no "
           "processor contract (Art. 28), take them out first; health data do not go into either tool.",
        fr="Vous avez laissé des données personnelles ou de santé partir telles quelles dans un outil. Noms, "
           "adresses, courriels, adresses IP sont des données personnelles (RGPD, art. 4, point 1)), et "
           "retirer le nom ne rend pas un enregistrement anonyme quand d'autres détails permettent encore "
           "d'isoler la personne (considérant 26). Dans un outil public sans contrat de sous-traitance "
           "(art. 28), retirez-les d'abord\u202f; les données de santé ne vont dans aucun des deux outils."),
        QuizAnswers(bank(), PERSONAL_DATA_OK)),
    Mistake("trust_the_output", Text(
        en="You used the tool's output as it came. Generative models produce fluent text that can be false: "
           "invented references and court decisions, dropped conditions in a summary, code calling functions "
           "that do not exist. The request is fine, with a safeguard: check every reference, figure and "
           "line against the source, or review and test the code, before using it.",
        fr="Vous avez utilisé le résultat de l'outil tel quel. Les modèles génératifs produisent un texte "
           "fluide qui peut être faux\u202f: références et décisions de justice inventées, conditions oubliées "
           "dans un résumé, code qui appelle des fonctions inexistantes. La demande est acceptable, avec une "
           "précaution\u202f: vérifier chaque référence, chiffre et ligne par rapport à la source, ou relire et "
           "tester le code, avant de s'en servir."),
        QuizAnswers(bank(), TRUST_THE_OUTPUT)),
    Mistake("approved_tool_anything_goes", Text(
        en="You took the approved tool as a licence for anything. Its contract covers internal documents and "
           "the personal data a task needs, not health data (it has no certified health data host, CSP "
           "art. L.1111-8) and not decisions about people: ranking CVs or a redundancy list is a high-risk use "
           "(AI Act Annex III, point 4) that a general assistant was not assessed for.",
        fr="Vous avez pris l'outil validé pour une autorisation générale. Son contrat couvre les documents "
           "internes et les données personnelles utiles à une tâche, pas les données de santé (il n'a pas "
           "d'hébergeur certifié, CSP, art. L. 1111-8) ni les décisions sur des personnes\u202f: classer des CV "
           "ou dresser une liste de licenciements est un usage à haut risque (règlement sur l'IA, annexe III, "
           "point 4) pour lequel un assistant généraliste n'a pas été évalué."),
        QuizAnswers(bank(), APPROVED_TOOL_ANYTHING_GOES)),
    Mistake("ban_everything", Text(
        en="You refused requests the policy allows. Public information in the public tool, and internal "
           "documents without confidential marking or health data in the approved tool, are ordinary uses: a "
           "policy that forbids everything pushes people to use tools nobody controls.",
        fr="Vous avez refusé des demandes que la politique autorise. Une information publique dans l'outil "
           "public, des documents internes sans mention confidentielle ni données de santé dans l'outil "
           "validé, sont des usages ordinaires\u202f: une politique qui interdit tout pousse à utiliser des "
           "outils que personne ne contrôle."),
        QuizAnswers(bank(), BAN_EVERYTHING)),
    Mistake("health_as_personal", Text(
        en="You named the risk \"personal data\" where the data concern health. Diagnoses, sick-leave reasons "
           "and patients' files are a special category (GDPR Art. 9) covered by professional secrecy (CSP "
           "art. L.1110-4) and, in France, by certified hosting (art. L.1111-8): the stricter risk is the one "
           "to name.",
        fr="Vous avez nommé le risque «\u202fdonnées personnelles\u202f» là où les données concernent la santé. "
           "Diagnostics, motifs d'arrêt maladie et dossiers de patients sont une catégorie particulière "
           "(RGPD, art. 9) couverte par le secret professionnel (CSP, art. L. 1110-4) et, en France, par "
           "l'hébergement certifié (art. L. 1111-8)\u202f: c'est le risque le plus strict qu'il faut nommer."),
        QuizAnswers(bank(), HEALTH_AS_PERSONAL)),
)

GROUPS = tuple(changes(alter) for alter in (HEALTH_AS_PERSONAL, APPROVED_TOOL_ANYTHING_GOES, PERSONAL_DATA_OK,
                                            TRUST_THE_OUTPUT, BAN_EVERYTHING))


def sample(rng: np.random.Generator) -> list[str]:
    """A student's items: two that each declared mistake gets wrong, the rest spread over the decisions."""
    return covering_sample(bank(), rng, N_ITEMS, GROUPS, per_group=2)


TITLE = Text(en="Can I paste this into the AI?", fr="Puis-je coller cela dans l'IA\u202f?")

STATEMENT = Text(
    en="""Colleagues ask whether they may use a generative AI tool for a task. Your organisation's policy:

- **the public tool** is a free public chatbot; the organisation has no contract with its provider,
  which may keep and reuse what is typed. Only public information or your own non-confidential text
  may go into it;
- **the approved tool** is the organisation's assistant under contract (a processor agreement under
  GDPR Art. 28, inputs not used for training, hosted in the EU). It may receive internal documents
  and the personal data a task needs, but not documents marked confidential or secret, and not
  health data (it is not hosted by a certified health data host);
- whatever the tool: check facts, figures, references and code before using them; never let the
  tool decide about a person; only submit content you have the right to use.

For each request, give the decision (`decision`) and, unless it is `ok`, the main risk (`risk`):

- decisions: `ok` (`autorisé`): allowed as described; `ok_with_safeguards` (`autorisé avec
  précautions`): allowed only after a change (remove personal details, switch tools, check the
  output); `not_ok` (`non autorisé`): not to be done, even so;
- risks: `confidentiality` (`confidentialité`), `personal_data` (`données personnelles`),
  `health_data` (`données de santé`), `copyright` (`droit d'auteur`), `hallucination`
  (`hallucination`), `bias` (`biais`).

Answer with one dict keyed by the items' keys (in backticks below); a decision alone, a pair, a dict
or a text all work:

```python
usage_policy = {
    "item_key": "ok",
    "other_key": ("not_ok", "confidentiality"),
    "third_key": {"decision": "ok_with_safeguards", "risk": "personal_data"},
}
```

A risk given for an `ok` request is ignored. You pass with at least 80 % of the items right
({pass_count} of your {n_items}). These items are teaching material written on 7 December 2026
against the texts then in force, not legal advice.

Your items:

{items_en}""",
    fr="""Des collègues demandent s'ils peuvent utiliser un outil d'IA générative pour une tâche. La
politique de votre organisme\u202f:

- **l'outil public** est un robot conversationnel public et gratuit\u202f; l'organisme n'a aucun contrat
  avec son fournisseur, qui peut conserver et réutiliser ce qui est saisi. Seules des informations
  publiques ou vos propres textes non confidentiels peuvent y aller\u202f;
- **l'outil validé** est l'assistant de l'organisme, sous contrat (contrat de sous-traitance au sens
  de l'article 28 du RGPD, contenus saisis non utilisés pour l'entraînement, hébergement dans l'UE).
  Il peut recevoir des documents internes et les données personnelles utiles à une tâche, mais ni
  les documents marqués confidentiels ou secrets, ni les données de santé (il n'est pas hébergé par
  un hébergeur certifié de données de santé)\u202f;
- quel que soit l'outil\u202f: vérifiez faits, chiffres, références et code avant de vous en servir\u202f; ne
  laissez jamais l'outil décider à propos d'une personne\u202f; ne soumettez que des contenus que vous avez
  le droit d'utiliser.

Pour chaque demande, donnez la décision (`decision`) et, sauf si c'est `autorisé`, le risque
principal (`risk`)\u202f:

- décisions\u202f: `autorisé` (`ok`)\u202f: permis tel quel\u202f; `autorisé avec précautions`
  (`ok_with_safeguards`)\u202f: permis seulement après un changement (retirer les données personnelles,
  changer d'outil, vérifier le résultat)\u202f; `non autorisé` (`not_ok`)\u202f: à ne pas faire, même ainsi\u202f;
- risques\u202f: `confidentialité` (`confidentiality`), `données personnelles` (`personal_data`),
  `données de santé` (`health_data`), `droit d'auteur` (`copyright`), `hallucination`
  (`hallucination`), `biais` (`bias`).

Répondez par un seul dictionnaire dont les clés sont celles des questions (entre apostrophes
inverses ci-dessous)\u202f; une décision seule, un couple, un dictionnaire ou un texte conviennent\u202f:

```python
usage_policy = {
    "item_key": "autorisé",
    "other_key": ("non autorisé", "confidentialité"),
    "third_key": {"decision": "autorisé avec précautions", "risk": "données personnelles"},
}
```

Un risque donné pour une demande `autorisé` est ignoré. Vous réussissez avec au moins 80\u202f% de
bonnes réponses ({pass_count} sur vos {n_items}). Ces questions sont un support pédagogique rédigé le
7 décembre 2026 d'après les textes alors en vigueur, pas un conseil juridique.

Vos questions\u202f:

{items_fr}""",
)

HINTS = (
    Text(en="First, what leaves the organisation, and to which tool? Public text is fine anywhere; personal "
            "data need the approved tool or must be removed; health data and documents marked confidential "
            "go into neither.",
         fr="D'abord, qu'est-ce qui sort de l'organisme, et vers quel outil\u202f? Un texte public va partout\u202f; "
            "des données personnelles exigent l'outil validé ou doivent être retirées\u202f; les données de "
            "santé et les documents marqués confidentiels ne vont dans aucun."),
    Text(en="Then, what comes back and how is it used? References, case law, summaries and code must be "
            "checked before use; a ranking of people must not become a decision.",
         fr="Ensuite, qu'est-ce qui revient et comment s'en sert-on\u202f? Références, jurisprudence, résumés et "
            "code doivent être vérifiés avant usage\u202f; un classement de personnes ne doit pas devenir une "
            "décision."),
    Text(en="A safeguard is a change that makes the same request acceptable (remove details, switch tools, "
            "check). If no change would, it is not ok. Name the strictest risk: health data before personal "
            "data.",
         fr="Une précaution est un changement qui rend la même demande acceptable (retirer des détails, changer "
            "d'outil, vérifier). Si aucun changement ne suffit, c'est non autorisé. Nommez le risque le plus "
            "strict\u202f: les données de santé avant les données personnelles."),
)

TEACHER_NOTES = Text(
    en="Objectives: apply a realistic usage policy for generative AI and name the risk behind each rule: "
       "confidentiality (trade secrets, Code de commerce art. L.151-1), personal data (GDPR Art. 4, 5, 28), "
       "health data (GDPR Art. 9, professional secrecy and certified hosting in the Code de la santé "
       "publique), copyright (CPI art. L.122-4), hallucination, bias (AI Act Annex III point 4, Code du "
       "travail art. L.1132-1). Misconceptions aimed at: removing the name anonymises; an approved tool "
       "allows anything; a fluent answer is a true one; the safe policy is to forbid everything. Debrief: "
       "Which of these requests have you seen at work? What would make a request 'ok with safeguards' in "
       "your own organisation? Who should decide that a tool is approved, and on what evidence?",
    fr="Objectifs\u202f: appliquer une politique réaliste d'usage de l'IA générative et nommer le risque derrière "
       "chaque règle\u202f: confidentialité (secret des affaires, code de commerce, art. L. 151-1), données "
       "personnelles (RGPD, art. 4, 5, 28), données de santé (RGPD, art. 9, secret professionnel et "
       "hébergement certifié du code de la santé publique), droit d'auteur (CPI, art. L. 122-4), "
       "hallucination, biais (règlement sur l'IA, annexe III, point 4, code du travail, art. L. 1132-1). "
       "Idées reçues visées\u202f: retirer le nom anonymiserait\u202f; un outil validé permettrait tout\u202f; une "
       "réponse fluide serait vraie\u202f; la politique sûre serait de tout interdire. Pour le débriefing\u202f: "
       "lesquelles de ces demandes avez-vous vues au travail\u202f? Qu'est-ce qui rendrait une demande "
       "«\u202fautorisée avec précautions\u202f» dans votre organisme\u202f? Qui devrait décider qu'un outil est "
       "validé, et sur quels éléments\u202f?",
)

USAGE_POLICY = quiz_exercise(
    bank(), id="work.usage_policy", answer_name="usage_policy", n_items=N_ITEMS, pass_score=0.8,
    sample=sample, mistakes=MISTAKES, title=TITLE, statement=STATEMENT, hints=HINTS,
    teacher_notes=TEACHER_NOTES, audience=("all",), difficulty=1, minutes=15, dataset=DATASET,
    tags=("generative AI", "usage policy", "confidentiality", "GDPR", "hallucination", "quiz", "no code"),
)
