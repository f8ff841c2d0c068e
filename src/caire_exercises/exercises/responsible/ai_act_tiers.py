"""responsible.ai_act_tiers: the AI Act's risk tier of each use case, and the obligation at stake.

The items are the written bank ``ai_act_items`` (``datasets/ai_act_items/items.yaml``);
:func:`~caire_exercises.authoring.quiz.quiz_exercise` builds the cases, the probe and the
facts from it. Each student's sample holds enough items that every declared mistake gets
wrong (:func:`~caire_exercises.authoring.quiz.covering_sample`), so that no mistake passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.banks import Item, ItemBank, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, changes, covering_sample, quiz_exercise

DATASET = "ai_act_items"
N_ITEMS = 8


@lru_cache(maxsize=1)
def bank() -> ItemBank:
    """The bank of use cases, read once from the bundled data set."""
    from caire_exercises.data import bundled_root

    return load_bank(bundled_root() / DATASET / "items.yaml")


def _set(part: str, option: str, keys: frozenset[str] | None = None,
         where: Callable[[Item], bool] | None = None) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `option` for `part` on the items of `keys` (or those `where` picks)."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        answer = dict(item.answer)
        if part in answer and (keys is None or item.key in keys) and (where is None or where(item)):
            answer[part] = (option,)
        return answer

    return alter


def _tier(item: Item) -> str:
    return item.answer["tier"][0]


CHATBOTS = frozenset({"bank_chatbot", "hospital_booking_bot", "hr_policy_bot", "dev_support_bot"})
#: Prohibited uses of biometric data that Annex III otherwise lists as high-risk families.
BIOMETRIC_BANS = frozenset({"callcentre_emotions", "exam_emotions", "meeting_enthusiasm", "photo_orientation"})
#: High-risk through Article 6(1) and Annex I (medical devices), not through Annex III.
MEDICAL_DEVICES = frozenset({"ct_one_scanner", "icu_alarm_override"})

EVERY_CHATBOT_HIGH_RISK = _set("tier", "high_risk", CHATBOTS)
ANNEX_III_MINIMAL = _set("tier", "minimal", where=lambda item: _tier(item) == "high_risk"
                         and item.key not in MEDICAL_DEVICES)
BIOMETRIC_BAN_AS_HIGH_RISK = _set("tier", "high_risk", BIOMETRIC_BANS)
MEDICAL_ALWAYS_HIGH_RISK = _set("tier", "high_risk", where=lambda item: item.domain == "health"
                                and _tier(item) != "high_risk")
OVERSIGHT_FOR_EVERYTHING = _set("obligation", "human_oversight")

MISTAKES = (
    Mistake("every_chatbot_high_risk", Text(
        en="You classed a chatbot as high-risk. A chatbot is not high-risk as such: unless it is used for "
           "one of the purposes of Annex III (hiring, credit, triage...) or is a regulated product, its duty "
           "is transparency: Article 50(1) of the AI Act requires telling people they are talking to an AI "
           "system.",
        fr="Vous avez classé un robot conversationnel à haut risque. Un robot conversationnel n'est pas à "
           "haut risque en soi\u202f: sauf s'il sert à l'un des usages de l'annexe III (recrutement, crédit, "
           "tri des patients...) ou s'il est un produit réglementé, son obligation est la transparence\u202f: "
           "l'article 50, paragraphe 1, du règlement sur l'IA impose de dire aux personnes qu'elles parlent à "
           "un système d'IA."),
        QuizAnswers(bank(), EVERY_CHATBOT_HIGH_RISK)),
    Mistake("annex_iii_minimal", Text(
        en="You took a use listed in Annex III for ordinary office software. Screening CVs (Annex III, "
           "point 4(a), employment), scoring credit (5(b)), admissions and exam proctoring (3), public "
           "benefits (5(a)), triage (5(d)) and safety components of critical infrastructure (2) are "
           "high-risk (Article 6(2)), whatever the tool looks like.",
        fr="Vous avez pris un usage de l'annexe III pour un logiciel de bureau ordinaire. Trier des CV "
           "(annexe III, point 4 a), emploi), noter le crédit (5 b)), l'admission et la surveillance des "
           "examens (3), les prestations sociales (5 a)), le tri des patients (5 d)) et les composants de "
           "sécurité des infrastructures critiques (2) sont à haut risque (article 6, paragraphe 2), quelle "
           "que soit l'allure de l'outil."),
        QuizAnswers(bank(), ANNEX_III_MINIMAL)),
    Mistake("biometric_ban_as_high_risk", Text(
        en="You classed a banned practice as high-risk. Emotion recognition is an Annex III family, but "
           "inferring emotions at the workplace or in education is prohibited by Article 5(1)(f) since "
           "2 February 2025, and inferring sexual orientation or religion from biometric data by "
           "Article 5(1)(g): no obligation makes these uses acceptable.",
        fr="Vous avez classé une pratique interdite à haut risque. La reconnaissance des émotions est une "
           "famille de l'annexe III, mais déduire les émotions sur le lieu de travail ou dans "
           "l'enseignement est interdit par l'article 5, paragraphe 1, point f), depuis le 2 février 2025, "
           "et déduire l'orientation sexuelle ou la religion de données biométriques par le point g)\u202f: "
           "aucune obligation ne rend ces usages acceptables."),
        QuizAnswers(bank(), BIOMETRIC_BAN_AS_HIGH_RISK)),
    Mistake("medical_always_high_risk", Text(
        en="You treated every health use as high-risk. A health setting is not a tier: software is high-risk "
           "through Article 6(1) only when it is a medical device (or its safety component) that needs a "
           "notified body's conformity assessment (Annex I lists the MDR), or through an Annex III use such "
           "as emergency triage. Bed or stock forecasts and a booking chatbot are neither; exploiting "
           "vulnerable residents is worse: prohibited (Article 5(1)(b)).",
        fr="Vous avez traité tout usage en santé comme à haut risque. Le cadre de soins n'est pas un niveau "
           "de risque\u202f: un logiciel est à haut risque par l'article 6, paragraphe 1, seulement s'il est un "
           "dispositif médical (ou son composant de sécurité) dont l'évaluation de la conformité exige un "
           "organisme notifié (l'annexe I cite le règlement relatif aux dispositifs médicaux), ou par un "
           "usage de l'annexe III comme le tri des urgences. Prévoir des lits ou des stocks, ou prendre des "
           "rendez-vous, n'en fait pas partie\u202f; exploiter la vulnérabilité de résidents est pire\u202f: "
           "interdit (article 5, paragraphe 1, point b))."),
        QuizAnswers(bank(), MEDICAL_ALWAYS_HIGH_RISK)),
    Mistake("oversight_for_everything", Text(
        en="You named human oversight for every high-risk case. All four obligations apply to every "
           "high-risk system, but each case points to one: unrepresentative or biased training data is data "
           "governance (Article 10), no trace of what the system did is record-keeping (Article 12), "
           "missing accuracy or limits in the instructions for use is information to deployers "
           "(Article 13).",
        fr="Vous avez répondu «\u202fcontrôle humain\u202f» pour tous les cas à haut risque. Les quatre "
           "obligations s'appliquent à tout système à haut risque, mais chaque cas en désigne une\u202f: des "
           "données d'entraînement non représentatives ou biaisées relèvent de la gouvernance des données "
           "(article 10), l'absence de trace de ce qu'a fait le système de l'enregistrement (article 12), "
           "une notice d'utilisation muette sur l'exactitude ou les limites de l'information des déployeurs "
           "(article 13)."),
        QuizAnswers(bank(), OVERSIGHT_FOR_EVERYTHING)),
)

#: Each group is the items one declared mistake gets wrong; two of each in every sample.
GROUPS = tuple(changes(alter) for alter in (MEDICAL_ALWAYS_HIGH_RISK, EVERY_CHATBOT_HIGH_RISK,
                                            BIOMETRIC_BAN_AS_HIGH_RISK, ANNEX_III_MINIMAL,
                                            OVERSIGHT_FOR_EVERYTHING))


def sample(rng: np.random.Generator) -> list[str]:
    """A student's items: two that each declared mistake gets wrong, the rest spread over the tiers."""
    return covering_sample(bank(), rng, N_ITEMS, GROUPS, per_group=2)


TITLE = Text(en="The AI Act's risk tiers", fr="Les niveaux de risque du règlement sur l'IA")

STATEMENT = Text(
    en="""The EU AI Act (Regulation (EU) 2024/1689) sorts AI systems by what they are used for. For each
use case below, give its tier; for a **high-risk** case, also name the obligation that the
situation puts at stake. Answer with one dict, keyed by the items' keys (in backticks below):

```python
ai_act_tiers = {
    "item_key": "minimal",                          # a tier alone...
    "other_key": ("high_risk", "data_governance"),  # ...or a tier and an obligation
}
```

Tiers (`tier`):

- `prohibited` (French `interdit`): a practice banned by Article 5 (manipulation, exploiting
  vulnerabilities, social scoring, scraping faces, emotion recognition at work or school,
  biometric categorisation by sensitive traits...);
- `high_risk` (`haut risque`): a safety component or product under the laws of Annex I that needs
  a third-party conformity assessment (Article 6(1)), or a use listed in Annex III (Article 6(2));
- `transparency` (`transparence`): a duty to inform under Article 50 (chatbots, generated content,
  deep fakes);
- `minimal` (`minimal`): none of these; no specific obligation.

Obligations of high-risk systems (`obligation`): `human_oversight` (`contrôle humain`, Art. 14),
`data_governance` (`gouvernance des données`, Art. 10), `logging` (`enregistrement`, Art. 12,
record-keeping), `information_to_users` (`information des déployeurs`, Art. 13, transparency and
provision of information to deployers). All four apply to every high-risk system: name the one the
case is about.

Options may be written in English or French, with any capitals or accents; a pair may also be
written as a dict `{"tier": ..., "obligation": ...}` or as a text `"high_risk, logging"`. You pass
with at least 80 % of the items right ({pass_count} of your {n_items}). These items are teaching
material written on 7 December 2026 against the texts then in force, not legal advice.

Your items:

{items_en}""",
    fr="""Le règlement européen sur l'intelligence artificielle (règlement (UE) 2024/1689) classe les
systèmes d'IA selon leur usage. Pour chaque cas ci-dessous, donnez son niveau\u202f; pour un cas **à haut
risque**, nommez aussi l'obligation que la situation met en jeu. Répondez par un seul dictionnaire,
dont les clés sont celles des questions (entre apostrophes inverses ci-dessous)\u202f:

```python
ai_act_tiers = {
    "item_key": "minimal",                          # un niveau seul...
    "other_key": ("high_risk", "data_governance"),  # ...ou un niveau et une obligation
}
```

Niveaux (`tier`)\u202f:

- `interdit` (`prohibited`)\u202f: une pratique interdite par l'article 5 (manipulation, exploitation
  des vulnérabilités, notation sociale, moissonnage de visages, reconnaissance des émotions au
  travail ou à l'école, catégorisation biométrique selon des traits sensibles...)\u202f;
- `haut risque` (`high_risk`)\u202f: un composant de sécurité ou un produit relevant des textes de
  l'annexe I dont l'évaluation de la conformité exige un tiers (article 6, paragraphe 1), ou un
  usage de l'annexe III (article 6, paragraphe 2)\u202f;
- `transparence` (`transparency`)\u202f: une obligation d'information de l'article 50 (robots
  conversationnels, contenus générés, hypertrucages)\u202f;
- `minimal` (`minimal`)\u202f: rien de tout cela\u202f; aucune obligation particulière.

Obligations des systèmes à haut risque (`obligation`)\u202f: `contrôle humain` (`human_oversight`,
art. 14), `gouvernance des données` (`data_governance`, art. 10), `enregistrement` (`logging`,
art. 12), `information des déployeurs` (`information_to_users`, art. 13, transparence et fourniture
d'informations aux déployeurs). Les quatre s'appliquent à tout système à haut risque\u202f: nommez celle
dont le cas traite.

Les options s'écrivent en français ou en anglais, avec ou sans majuscules ni accents\u202f; un couple
peut aussi s'écrire comme un dictionnaire `{"tier": ..., "obligation": ...}` ou comme un texte
`"haut risque, enregistrement"`. Vous réussissez avec au moins 80\u202f% de bonnes réponses
({pass_count} sur vos {n_items}). Ces questions sont un support pédagogique rédigé le 7 décembre 2026
d'après les textes alors en vigueur, pas un conseil juridique.

Vos questions\u202f:

{items_fr}""",
)

HINTS = (
    Text(en="Start with Article 5: is the practice banned whatever its safeguards (emotions at work or "
            "school, social scoring, scraped faces, exploiting vulnerable people)? If so, stop there.",
         fr="Commencez par l'article 5\u202f: la pratique est-elle interdite quelles que soient ses garanties "
            "(émotions au travail ou à l'école, notation sociale, visages moissonnés, exploitation de "
            "personnes vulnérables)\u202f? Si oui, arrêtez-vous là."),
    Text(en="High risk comes from the use, not from the technique or the sector: look for an Annex III "
            "purpose (jobs, education, credit, public benefits, triage, critical infrastructure) or a "
            "medical device that needs a notified body. A chatbot or a hospital setting alone is neither.",
         fr="Le haut risque vient de l'usage, pas de la technique ni du secteur\u202f: cherchez une finalité "
            "de l'annexe III (emploi, enseignement, crédit, prestations publiques, tri des patients, "
            "infrastructures critiques) ou un dispositif médical qui exige un organisme notifié. Un robot "
            "conversationnel ou un cadre hospitalier seul n'en est pas un."),
    Text(en="For the obligation, ask what went wrong in the story: people cannot step in (oversight), the "
            "data do not represent the people or settings (data governance), nothing can be traced "
            "afterwards (record-keeping), the deployer was not told the accuracy or limits (information).",
         fr="Pour l'obligation, demandez-vous ce qui cloche dans l'histoire\u202f: personne ne peut intervenir "
            "(contrôle humain), les données ne représentent pas les personnes ou les contextes (gouvernance "
            "des données), rien ne peut être retracé ensuite (enregistrement), le déployeur n'a pas été "
            "informé de l'exactitude ou des limites (information)."),
)

TEACHER_NOTES = Text(
    en="Objectives: classify an AI use case under Regulation (EU) 2024/1689 in the order a lawyer would "
       "(Article 5, then Article 6 with Annex I and Annex III, then Article 50), and tie each high-risk case "
       "to the obligation it puts at stake (Articles 10, 12, 13, 14). Misconceptions aimed at: the risk "
       "comes from the technology (\"chatbots are high-risk\") or the sector (\"medical is always "
       "high-risk\"); emotion recognition at work is merely high-risk; HR screening tools are ordinary "
       "software; human oversight is the answer to everything. Debrief: Why does the Act ban emotion "
       "recognition at work but only regulate it elsewhere? A hospital's booking chatbot starts to suggest "
       "whether to come to the emergency department: what changes? Which obligation would have prevented "
       "a failure you have seen in a real project?",
    fr="Objectifs\u202f: classer un usage de l'IA selon le règlement (UE) 2024/1689 dans l'ordre d'un juriste "
       "(article 5, puis article 6 avec les annexes I et III, puis article 50), et relier chaque cas à haut "
       "risque à l'obligation qu'il met en jeu (articles 10, 12, 13, 14). Idées reçues visées\u202f: le risque "
       "viendrait de la technique («\u202fles robots conversationnels sont à haut risque\u202f») ou du secteur "
       "(«\u202fle médical est toujours à haut risque\u202f»)\u202f; la reconnaissance des émotions au travail "
       "serait seulement à haut risque\u202f; les outils de tri de candidatures seraient des logiciels "
       "ordinaires\u202f; le contrôle humain répondrait à tout. Pour le débriefing\u202f: pourquoi le règlement "
       "interdit-il la reconnaissance des émotions au travail mais l'encadre-t-il seulement ailleurs\u202f? Le "
       "robot de prise de rendez-vous d'un hôpital se met à conseiller de venir ou non aux urgences\u202f: "
       "qu'est-ce qui change\u202f? Quelle obligation aurait évité une défaillance que vous avez vue dans un "
       "vrai projet\u202f?",
)

AI_ACT_TIERS = quiz_exercise(
    bank(), id="responsible.ai_act_tiers", answer_name="ai_act_tiers", n_items=N_ITEMS, pass_score=0.8,
    sample=sample, mistakes=MISTAKES, title=TITLE, statement=STATEMENT, hints=HINTS,
    teacher_notes=TEACHER_NOTES, audience=("all",), difficulty=1, minutes=15, dataset=DATASET,
    tags=("AI Act", "regulation", "high-risk", "prohibited practices", "transparency", "quiz", "no code"),
)
