"""health.regulation: for a piece of health software, its MDR class, AI Act status, HDS hosting and DPIA.

The items are the written bank ``health_software_items``
(``datasets/health_software_items/items.yaml``); each asks up to four parts. Every
student's sample holds items that each declared mistake gets wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.banks import Item, ItemBank, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, changes, covering_sample, quiz_exercise

DATASET = "health_software_items"
N_ITEMS = 8


@lru_cache(maxsize=1)
def bank() -> ItemBank:
    """The bank of health software, read once from the bundled data set."""
    from caire_exercises.data import bundled_root

    return load_bank(bundled_root() / DATASET / "items.yaml")


def _replace(part: str, new: str, *old: str, keys: frozenset[str] | None = None
             ) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `new` for `part` where the right answer is one of `old` (on `keys` only)."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        answer = dict(item.answer)
        if part in answer and answer[part][0] in old and (keys is None or item.key in keys):
            answer[part] = (new,)
        return answer

    return alter


#: Health data from care that the care provider hosts itself (no certified host needed).
OWN_HOSTING = frozenset({"icu_vitals_onprem", "dose_formula_onprem", "solo_gp_local", "research_model_onprem"})

HEALTH_SOFTWARE_IS_DEVICE = _replace("mdr", "class_iia", "not_device")
ALWAYS_HIGH_RISK = _replace("ai_act", "yes", "no")
HDS_WHENEVER_HEALTH_DATA = _replace("hds", "yes", "no", keys=OWN_HOSTING)
SOFTWARE_IS_CLASS_I = _replace("mdr", "class_i", "class_iia", "class_iib", "class_iii")

MISTAKES = (
    Mistake("health_software_is_device", Text(
        en="You made a medical device of software that has no medical purpose. Under MDR Art. 2(1), software "
           "is a medical device only if its manufacturer intends it for a medical purpose for individual "
           "patients (diagnosis, prevention, monitoring, prediction, prognosis, treatment...). Billing, "
           "planning, stock, storage and simple display or search (MDCG 2019-11), well-being apps (Recital "
           "19) and research models not placed on the market are not, even in a hospital.",
        fr="Vous avez fait un dispositif médical d'un logiciel sans finalité médicale. Selon l'article 2, "
           "point 1), du règlement 2017/745, un logiciel n'est un dispositif médical que si son fabricant le "
           "destine à une fin médicale pour des patients (diagnostic, prévention, contrôle, prédiction, "
           "pronostic, traitement...). La facturation, la planification, les stocks, le stockage et "
           "l'affichage ou la recherche simples (MDCG 2019-11), les applications de bien-être (considérant "
           "19) et les modèles de recherche non mis sur le marché n'en sont pas, même à l'hôpital."),
        QuizAnswers(bank(), HEALTH_SOFTWARE_IS_DEVICE)),
    Mistake("medical_always_high_risk", Text(
        en="You answered that every piece of health software is high-risk under the AI Act. It is high-risk "
           "only if it is an AI system (Art. 3(1); fixed rules written by people are not, Recital 12) and "
           "either a medical device that needs a notified body (Art. 6(1), Annex I) or an Annex III use "
           "(hiring, emergency call triage...). Administrative software, storage without AI and research "
           "models (Art. 2(6)) are not.",
        fr="Vous avez répondu que tout logiciel en santé est à haut risque selon le règlement sur l'IA. Il "
           "ne l'est que s'il est un système d'IA (art. 3, point 1)\u202f; des règles fixes écrites par des "
           "personnes n'en sont pas, considérant 12) et soit un dispositif médical qui exige un organisme "
           "notifié (art. 6, § 1, annexe I), soit un usage de l'annexe III (recrutement, régulation des "
           "appels d'urgence...). Les logiciels administratifs, le stockage sans IA et les modèles de "
           "recherche (art. 2, § 6) ne le sont pas."),
        QuizAnswers(bank(), ALWAYS_HIGH_RISK)),
    Mistake("hds_whenever_health_data", Text(
        en="You required a certified health data host wherever there are health data. Article L.1111-8 of "
           "the Code de la santé publique concerns those who host health data from care on behalf of "
           "others (the hospital, the doctor or the patient): a hospital or a doctor hosting their own data "
           "on their own servers needs no HDS certificate, though they must still secure the data.",
        fr="Vous avez exigé un hébergeur certifié partout où il y a des données de santé. L'article "
           "L. 1111-8 du code de la santé publique vise ceux qui hébergent des données de santé issues des "
           "soins pour le compte d'autrui (l'hôpital, le médecin ou le patient)\u202f: un hôpital ou un médecin "
           "qui héberge ses propres données sur ses propres serveurs n'a pas besoin d'un certificat HDS, "
           "même s'il doit toujours les sécuriser."),
        QuizAnswers(bank(), HDS_WHENEVER_HEALTH_DATA)),
    Mistake("software_is_class_i", Text(
        en="You put medical software in class I, as most software was under the old directive. Under MDR "
           "Annex VIII, rule 11, software that informs diagnostic or therapeutic decisions is at least class "
           "IIa, IIb when the decision may cause a serious deterioration or a surgical intervention, III when "
           "it may cause death or an irreversible deterioration; monitoring vital parameters where variations "
           "may be an immediate danger is IIb. Class I is what is left.",
        fr="Vous avez mis un logiciel médical en classe I, comme la plupart des logiciels sous l'ancienne "
           "directive. Selon l'annexe VIII, règle 11, du règlement 2017/745, un logiciel qui éclaire des "
           "décisions diagnostiques ou thérapeutiques est au moins en classe IIa, en IIb si la décision peut "
           "entraîner une détérioration grave ou une intervention chirurgicale, en III si elle peut causer "
           "la mort ou une détérioration irréversible\u202f; surveiller des paramètres vitaux dont les "
           "variations peuvent mettre en danger immédiat relève de la IIb. La classe I est ce qui reste."),
        QuizAnswers(bank(), SOFTWARE_IS_CLASS_I)),
)

GROUPS = tuple(changes(alter) for alter in (HDS_WHENEVER_HEALTH_DATA, SOFTWARE_IS_CLASS_I,
                                            HEALTH_SOFTWARE_IS_DEVICE, ALWAYS_HIGH_RISK))


def sample(rng: np.random.Generator) -> list[str]:
    """A student's items: two that each declared mistake gets wrong, the rest spread over the classes."""
    return covering_sample(bank(), rng, N_ITEMS, GROUPS, per_group=2)


TITLE = Text(en="Health software: which rules apply?", fr="Logiciels en santé\u202f: quelles règles s'appliquent\u202f?")

STATEMENT = Text(
    en="""A hospital, a clinic or a company in France uses each piece of software below. For each one,
answer four questions:

- `mdr`: is it a medical device under the MDR (Regulation (EU) 2017/745, Art. 2(1)) and, if so, its
  class under Annex VIII, rule 11: `not_device`, `class_i`, `class_iia`, `class_iib` or `class_iii`
  (French: `pas un dispositif médical`, `classe I`, `classe IIa`...);
- `ai_act`: is it a high-risk AI system under the AI Act (Regulation (EU) 2024/1689, Art. 6)? `yes`
  or `no` (`oui`, `non`);
- `hds`: must the health data be hosted by a certified health data host (HDS, Code de la santé
  publique, art. L.1111-8)? `yes` or `no`;
- `dpia`: does the organisation need a data protection impact assessment (DPIA, French AIPD, GDPR
  Art. 35)? `yes` or `no`.

Answer with one dict, each item's key (in backticks below) mapped to a dict of the four answers, or
to a tuple in the order (mdr, ai_act, hds, dpia):

```python
health_regulation = {
    "item_key": {"mdr": "class_iia", "ai_act": "yes", "hds": "no", "dpia": "yes"},
    "other_key": ("not_device", "no", "yes", "yes"),
}
```

When a question cannot be settled from the text, the item does not ask it: what you give for it is
ignored. An item is right when all the parts it asks are right; you pass with at least 80 % of the
items right ({pass_count} of your {n_items}). These items are teaching material written on
7 December 2026 against the texts then in force, not legal or regulatory advice.

Your items:

{items_en}""",
    fr="""Un hôpital, une clinique ou une entreprise en France utilise chacun des logiciels ci-dessous.
Pour chacun, répondez à quatre questions\u202f:

- `mdr`\u202f: est-ce un dispositif médical au sens du règlement (UE) 2017/745 (art. 2, point 1)) et, si
  oui, sa classe selon l'annexe VIII, règle 11\u202f: `pas un dispositif médical`, `classe I`,
  `classe IIa`, `classe IIb` ou `classe III` (en anglais `not_device`, `class_i`, `class_iia`...)\u202f;
- `ai_act`\u202f: est-ce un système d'IA à haut risque selon le règlement sur l'IA (règlement (UE)
  2024/1689, art. 6)\u202f? `oui` ou `non`\u202f;
- `hds`\u202f: les données de santé doivent-elles être hébergées par un hébergeur certifié de données de
  santé (HDS, code de la santé publique, art. L. 1111-8)\u202f? `oui` ou `non`\u202f;
- `dpia`\u202f: l'organisme doit-il mener une analyse d'impact relative à la protection des données
  (AIPD, RGPD, art. 35)\u202f? `oui` ou `non`.

Répondez par un seul dictionnaire, qui associe à la clé de chaque question (entre apostrophes
inverses ci-dessous) un dictionnaire des quatre réponses, ou un tuple dans l'ordre (mdr, ai_act,
hds, dpia)\u202f:

```python
health_regulation = {
    "item_key": {"mdr": "classe IIa", "ai_act": "oui", "hds": "non", "dpia": "oui"},
    "other_key": ("pas un dispositif médical", "non", "oui", "oui"),
}
```

Quand le texte ne permet pas de trancher une question, celle-ci n'est pas posée\u202f: ce que vous y
répondez est ignoré. Une question est juste quand toutes ses parties posées le sont\u202f; vous réussissez
avec au moins 80\u202f% de bonnes réponses ({pass_count} sur vos {n_items}). Ces questions sont un
support pédagogique rédigé le 7 décembre 2026 d'après les textes alors en vigueur, pas un conseil
juridique ni réglementaire.

Vos questions\u202f:

{items_fr}""",
)

HINTS = (
    Text(en="Medical device first: what does the manufacturer intend the software for? A medical purpose for "
            "individual patients makes it one; storing, billing, planning or well-being does not. Then rule "
            "11: what could a wrong output lead to?",
         fr="Le dispositif médical d'abord\u202f: à quoi le fabricant destine-t-il le logiciel\u202f? Une fin "
            "médicale pour des patients en fait un dispositif\u202f; stocker, facturer, planifier ou le "
            "bien-être, non. Puis la règle 11\u202f: à quoi pourrait mener un résultat faux\u202f?"),
    Text(en="AI Act: is it an AI system at all (learning or inference, not fixed rules)? Then, is it a medical "
            "device that needs a notified body (class IIa and above), or an Annex III use?",
         fr="Règlement sur l'IA\u202f: est-ce seulement un système d'IA (apprentissage ou inférence, pas des "
            "règles fixes)\u202f? Ensuite, est-ce un dispositif médical qui exige un organisme notifié (classe "
            "IIa et au-delà), ou un usage de l'annexe III\u202f?"),
    Text(en="HDS: are health data from care stored by someone else on the care provider's behalf? DPIA: health "
            "data on a large scale, HR profiling or systematic monitoring call for one; a single doctor's "
            "records or aggregate counts do not.",
         fr="HDS\u202f: des données de santé issues des soins sont-elles stockées par un tiers pour le compte du "
            "soignant\u202f? AIPD\u202f: des données de santé à grande échelle, du profilage RH ou une surveillance "
            "systématique l'exigent\u202f; les dossiers d'un médecin seul ou des comptages agrégés, non."),
)

TEACHER_NOTES = Text(
    en="Objectives: see that four independent regimes apply to health software and answer each from its own "
       "test: intended medical purpose and MDR rule 11 for the class; AI system plus Article 6(1) (notified "
       "body) or Annex III for the AI Act; hosting on behalf of others for HDS (CSP art. L.1111-8); high risk "
       "to people for the DPIA (GDPR Art. 35, CNIL list). Misconceptions aimed at: any software in a "
       "hospital is a medical device; medical means high-risk AI; any health data need an HDS host; "
       "software is class I. Debrief: Which of your department's tools would change class if their "
       "intended purpose were worded differently? Why does the AI Act lean on the MDR's notified bodies? "
       "Who, in your organisation, decides that a DPIA is needed?",
    fr="Objectifs\u202f: voir que quatre régimes indépendants s'appliquent aux logiciels en santé, et répondre "
       "à chacun par son propre critère\u202f: finalité médicale et règle 11 pour la classe\u202f; système d'IA "
       "plus article 6, paragraphe 1 (organisme notifié), ou annexe III pour le règlement sur l'IA\u202f; "
       "hébergement pour le compte d'autrui pour l'HDS (CSP, art. L. 1111-8)\u202f; risque élevé pour les "
       "personnes pour l'AIPD (RGPD, art. 35, liste de la CNIL). Idées reçues visées\u202f: tout logiciel à "
       "l'hôpital serait un dispositif médical\u202f; médical voudrait dire IA à haut risque\u202f; toute donnée "
       "de santé exigerait un hébergeur HDS\u202f; les logiciels seraient en classe I. Pour le débriefing\u202f: "
       "quels outils de votre service changeraient de classe si leur destination était formulée "
       "autrement\u202f? Pourquoi le règlement sur l'IA s'appuie-t-il sur les organismes notifiés du "
       "règlement relatif aux dispositifs médicaux\u202f? Qui, dans votre organisme, décide qu'une AIPD est "
       "nécessaire\u202f?",
)

REGULATION = quiz_exercise(
    bank(), id="health.regulation", answer_name="health_regulation", n_items=N_ITEMS, pass_score=0.8,
    sample=sample, mistakes=MISTAKES, title=TITLE, statement=STATEMENT, hints=HINTS,
    teacher_notes=TEACHER_NOTES, audience=("all",), difficulty=1, minutes=15, dataset=DATASET,
    tags=("MDR", "medical device", "AI Act", "HDS", "DPIA", "AIPD", "quiz", "no code"),
)
