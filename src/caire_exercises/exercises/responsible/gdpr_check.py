"""responsible.gdpr_check: the first problem a data protection officer would raise about a processing.

The items are the written bank ``gdpr_items`` (``datasets/gdpr_items/items.yaml``), one
question each; every student's sample holds items that each declared mistake gets wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.banks import Item, ItemBank, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, changes, covering_sample, quiz_exercise

DATASET = "gdpr_items"
N_ITEMS = 8


@lru_cache(maxsize=1)
def bank() -> ItemBank:
    """The bank of processing scenarios, read once from the bundled data set."""
    from caire_exercises.data import bundled_root

    return load_bank(bundled_root() / DATASET / "items.yaml")


def _answer_with(change: Callable[[Item, str], str]) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `change(item, right option)` for each item."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        return {"answer": (change(item, item.answer["answer"][0]),)}

    return alter


#: Pseudonymised data (hashed or coded identifiers) presented as anonymous.
PSEUDONYMISED = frozenset({"hashed_location_sale", "coded_records_startup", "scans_free_annotation_tool",
                           "sleep_app_depression"})
#: Lawful without consent: contract, legitimate interest, legal obligation, care.
OTHER_BASES = frozenset({"delivery_addresses", "card_fraud_screening", "payroll_tax", "gp_consultation_notes"})
#: Processing that stays inside the organisation (employees, internal analytics).
INTERNAL = frozenset({"cctv_breaks", "fleet_gps_bonus", "churn_full_export", "union_attrition",
                      "email_risk_flags", "heating_cameras"})

PSEUDONYMISED_AS_ANONYMOUS = _answer_with(lambda item, right: "ok" if item.key in PSEUDONYMISED else right)
CONSENT_ONLY_BASIS = _answer_with(lambda item, right: "no_legal_basis" if item.key in OTHER_BASES else right)
INTERNAL_USE_NO_GDPR = _answer_with(lambda item, right: "ok" if item.key in INTERNAL else right)
PURPOSE_VS_MINIMISATION = _answer_with(lambda item, right: {"purpose_creep": "not_minimised",
                                                            "not_minimised": "purpose_creep"}.get(right, right))
SPECIAL_DATA_AS_LEGAL_BASIS = _answer_with(
    lambda item, right: "no_legal_basis" if right == "sensitive_data_art9" else right)

MISTAKES = (
    Mistake("pseudonymised_as_anonymous", Text(
        en="You took pseudonymised data for anonymous data. Replacing a name by a code or a hash is "
           "pseudonymisation (GDPR Art. 4(5)): whoever holds the key, or can link the records to other "
           "data, can single the person out again, so the data stay personal data and the GDPR applies in "
           "full (Recital 26). Only data that can no longer be linked to anyone are anonymous.",
        fr="Vous avez pris des données pseudonymisées pour des données anonymes. Remplacer un nom par un "
           "code ou une empreinte, c'est pseudonymiser (RGPD, art. 4, point 5))\u202f: qui détient la table de "
           "correspondance, ou peut relier les enregistrements à d'autres données, peut de nouveau isoler la "
           "personne\u202f; les données restent donc personnelles et le RGPD s'applique pleinement "
           "(considérant 26). Seules des données qu'on ne peut plus rattacher à personne sont anonymes."),
        QuizAnswers(bank(), PSEUDONYMISED_AS_ANONYMOUS)),
    Mistake("consent_only_basis", Text(
        en="You treated consent as the only legal basis. Article 6(1) lists six: consent, contract, legal "
           "obligation, vital interests, public task and legitimate interests; care by a health "
           "professional rests on Article 9(2)(h). Delivering an order, paying taxes on salaries, "
           "preventing fraud or keeping a medical file need no consent.",
        fr="Vous avez traité le consentement comme la seule base légale. L'article 6, paragraphe 1, en "
           "énumère six\u202f: consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt "
           "public et intérêts légitimes\u202f; les soins par un professionnel de santé reposent sur "
           "l'article 9, paragraphe 2, point h). Livrer une commande, déclarer les salaires, prévenir la "
           "fraude ou tenir un dossier médical ne demandent aucun consentement."),
        QuizAnswers(bank(), CONSENT_ONLY_BASIS)),
    Mistake("internal_use_no_gdpr", Text(
        en="You answered as if internal use escaped the GDPR. Any operation on personal data is processing "
           "(Art. 4(2)), whether the data leave the organisation or not: employees and customers analysed "
           "inside the company keep all their rights, and purpose limitation, minimisation and the rules on "
           "special categories apply. Only purely personal or household activity is outside (Art. 2(2)(c)).",
        fr="Vous avez répondu comme si l'usage interne échappait au RGPD. Toute opération sur des données "
           "personnelles est un traitement (art. 4, point 2)), que les données sortent ou non de "
           "l'organisme\u202f: les salariés et les clients analysés en interne gardent tous leurs droits, et "
           "la limitation des finalités, la minimisation et les règles sur les catégories particulières "
           "s'appliquent. Seule une activité strictement personnelle ou domestique est hors champ "
           "(art. 2, paragraphe 2, point c))."),
        QuizAnswers(bank(), INTERNAL_USE_NO_GDPR)),
    Mistake("purpose_vs_minimisation", Text(
        en="You confused purpose creep with a lack of minimisation. Purpose creep is reusing data collected "
           "for one purpose for another, incompatible one (Art. 5(1)(b)); minimisation is collecting or "
           "using more data than the purpose needs (Art. 5(1)(c)). Ask: is the purpose new, or is it the "
           "amount of data?",
        fr="Vous avez confondu détournement de finalité et défaut de minimisation. Le détournement, c'est "
           "réutiliser des données recueillies pour une finalité à une autre, incompatible (art. 5, "
           "paragraphe 1, point b))\u202f; la minimisation, c'est ne pas collecter ni utiliser plus de données "
           "que la finalité n'en demande (point c)). Demandez-vous\u202f: est-ce la finalité qui est nouvelle, "
           "ou la quantité de données qui est en cause\u202f?"),
        QuizAnswers(bank(), PURPOSE_VS_MINIMISATION)),
    Mistake("special_data_as_legal_basis", Text(
        en="You saw a legal-basis problem where the data are a special category. Health, trade-union "
           "membership, religion, political opinions... (Art. 9(1)) may not be processed at all unless one of "
           "the exceptions of Article 9(2) applies, such as explicit consent or care: that is the first "
           "problem to raise, before the choice of an Article 6 basis.",
        fr="Vous avez vu un problème de base légale là où les données relèvent d'une catégorie "
           "particulière. La santé, l'appartenance syndicale, la religion, les opinions politiques... "
           "(art. 9, paragraphe 1) ne peuvent pas être traitées du tout sauf si l'une des exceptions de "
           "l'article 9, paragraphe 2, s'applique, comme le consentement explicite ou les soins\u202f: c'est le "
           "premier problème à soulever, avant le choix d'une base de l'article 6."),
        QuizAnswers(bank(), SPECIAL_DATA_AS_LEGAL_BASIS)),
)

GROUPS = tuple(changes(alter) for alter in (PSEUDONYMISED_AS_ANONYMOUS, SPECIAL_DATA_AS_LEGAL_BASIS,
                                            INTERNAL_USE_NO_GDPR, PURPOSE_VS_MINIMISATION, CONSENT_ONLY_BASIS))


def sample(rng: np.random.Generator) -> list[str]:
    """A student's items: two that each declared mistake gets wrong, the rest spread over the answers."""
    return covering_sample(bank(), rng, N_ITEMS, GROUPS, per_group=2)


TITLE = Text(en="GDPR check: what would the DPO say?", fr="Contrôle RGPD\u202f: que dirait le DPO\u202f?")

STATEMENT = Text(
    en="""You are the data protection officer (DPO) of each organisation below (General Data Protection
Regulation, Regulation (EU) 2016/679). For each processing, name the **first problem** you would raise,
or `ok` if there is none. Each situation is written so that one problem stands out. Answer with a dict
keyed by the items' keys (in backticks below):

```python
gdpr_check = {"item_key": "purpose_creep", ...}
```

The options (French names in brackets):

- `no_legal_basis` (`absence de base légale`): none of the six legal bases of Article 6(1) applies;
- `purpose_creep` (`détournement de finalité`): data collected for one purpose reused for an
  incompatible one (Art. 5(1)(b));
- `not_minimised` (`données non minimisées`): more data than the purpose needs (Art. 5(1)(c));
- `sensitive_data_art9` (`données sensibles (art. 9)`): special-category data (health, union
  membership, religion, political opinions, biometrics for identification...) without an exception
  of Article 9(2);
- `transfer_outside_eu` (`transfert hors UE`): data sent or made accessible outside the EU without
  an adequacy decision or appropriate safeguards (Art. 44-46);
- `dpia_required` (`AIPD requise`): a processing likely to result in a high risk started without a
  data protection impact assessment (Art. 35);
- `ok` (`conforme`): nothing to object.

Remember that pseudonymised data are still personal data (Recital 26), that consent is one legal
basis among six, and that internal use is processing like any other. Options may be written in
English or French, with any capitals or accents. You pass with at least 80 % of the items right
({pass_count} of your {n_items}). These items are teaching material written on 7 December 2026
against the texts then in force, not legal advice.

Your items:

{items_en}""",
    fr="""Vous êtes le délégué à la protection des données (DPO) de chacun des organismes ci-dessous
(règlement général sur la protection des données, RGPD, règlement (UE) 2016/679). Pour chaque
traitement, nommez le **premier problème** que vous soulèveriez, ou `conforme` s'il n'y en a pas.
Chaque situation est écrite pour qu'un problème ressorte. Répondez par un dictionnaire dont les clés
sont celles des questions (entre apostrophes inverses ci-dessous)\u202f:

```python
gdpr_check = {"item_key": "détournement de finalité", ...}
```

Les options (noms anglais entre parenthèses)\u202f:

- `absence de base légale` (`no_legal_basis`)\u202f: aucune des six bases légales de l'article 6,
  paragraphe 1, ne s'applique\u202f;
- `détournement de finalité` (`purpose_creep`)\u202f: des données recueillies pour une finalité sont
  réutilisées pour une finalité incompatible (art. 5, paragraphe 1, point b))\u202f;
- `données non minimisées` (`not_minimised`)\u202f: plus de données que la finalité n'en demande
  (art. 5, paragraphe 1, point c))\u202f;
- `données sensibles (art. 9)` (`sensitive_data_art9`)\u202f: des données d'une catégorie particulière
  (santé, appartenance syndicale, religion, opinions politiques, biométrie aux fins d'identification...)
  sans exception de l'article 9, paragraphe 2\u202f;
- `transfert hors UE` (`transfer_outside_eu`)\u202f: des données envoyées ou rendues accessibles hors de
  l'UE sans décision d'adéquation ni garanties appropriées (art. 44 à 46)\u202f;
- `AIPD requise` (`dpia_required`)\u202f: un traitement susceptible d'engendrer un risque élevé lancé sans
  analyse d'impact relative à la protection des données (AIPD, art. 35)\u202f;
- `conforme` (`ok`)\u202f: rien à objecter.

Rappelez-vous que des données pseudonymisées restent des données personnelles (considérant 26), que
le consentement est une base légale parmi six, et qu'un usage interne est un traitement comme un
autre. Les options s'écrivent en français ou en anglais, avec ou sans majuscules ni accents. Vous
réussissez avec au moins 80\u202f% de bonnes réponses ({pass_count} sur vos {n_items}). Ces questions
sont un support pédagogique rédigé le 7 décembre 2026 d'après les textes alors en vigueur, pas un
conseil juridique.

Vos questions\u202f:

{items_fr}""",
)

HINTS = (
    Text(en="First ask whether the data are personal at all: can anyone, with a key or other data, single a "
            "person out? Coded, hashed or \"de-identified\" records usually still can.",
         fr="Demandez-vous d'abord si les données sont personnelles\u202f: quelqu'un peut-il, avec une table "
            "de correspondance ou d'autres données, isoler une personne\u202f? Des dossiers codés, hachés ou "
            "«\u202fdésidentifiés\u202f» le permettent en général encore."),
    Text(en="Then the order of a DPO: is there a special category (Art. 9)? A legal basis (Art. 6, six of "
            "them)? Is the purpose the one announced? Is every field needed? Does the data leave the EU? Is "
            "the risk high enough to need an impact assessment first?",
         fr="Puis l'ordre d'un DPO\u202f: y a-t-il une catégorie particulière (art. 9)\u202f? Une base légale "
            "(art. 6, il y en a six)\u202f? La finalité est-elle celle annoncée\u202f? Chaque champ est-il "
            "nécessaire\u202f? Les données sortent-elles de l'UE\u202f? Le risque est-il assez élevé pour "
            "exiger d'abord une analyse d'impact\u202f?"),
    Text(en="\"Internal\", \"we did not ask for consent\" and \"the names were removed\" are not answers by "
            "themselves: look for what the text says is done with the data, and what is missing.",
         fr="«\u202fC'est interne\u202f», «\u202fon n'a pas demandé le consentement\u202f» et «\u202fles noms ont "
            "été retirés\u202f» ne sont pas des réponses en soi\u202f: cherchez ce que le texte dit qu'on fait des "
            "données, et ce qui manque."),
)

TEACHER_NOTES = Text(
    en="Objectives: read a processing the way a DPO does under Regulation (EU) 2016/679: personal data or "
       "not (Art. 4(1), 4(5), Recital 26), special categories (Art. 9), legal basis (Art. 6), purpose and "
       "minimisation (Art. 5(1)(b)-(c)), transfers (Art. 44-46), impact assessment (Art. 35). "
       "Misconceptions aimed at: pseudonymised means anonymous; consent is the only legal basis; internal "
       "use is outside the GDPR; a special category is just one more legal-basis question. Debrief: Which "
       "of your organisation's datasets are called \"anonymised\" but are only pseudonymised? When would "
       "consent be the wrong basis even if people agree (employees, patients)? What would you ask before "
       "sending data to a free online AI tool?",
    fr="Objectifs\u202f: lire un traitement comme le fait un DPO au regard du règlement (UE) 2016/679\u202f: "
       "données personnelles ou non (art. 4, points 1) et 5), considérant 26), catégories particulières "
       "(art. 9), base légale (art. 6), finalité et minimisation (art. 5, paragraphe 1, points b) et c)), "
       "transferts (art. 44 à 46), analyse d'impact (art. 35). Idées reçues visées\u202f: pseudonymisé "
       "voudrait dire anonyme\u202f; le consentement serait la seule base légale\u202f; l'usage interne "
       "échapperait au RGPD\u202f; une catégorie particulière ne serait qu'une question de base légale de "
       "plus. Pour le débriefing\u202f: quels jeux de données de votre organisme sont dits «\u202fanonymisés\u202f» "
       "alors qu'ils ne sont que pseudonymisés\u202f? Quand le consentement serait-il la mauvaise base même si "
       "les personnes sont d'accord (salariés, patients)\u202f? Que demanderiez-vous avant d'envoyer des "
       "données à un outil d'IA gratuit en ligne\u202f?",
)

GDPR_CHECK = quiz_exercise(
    bank(), id="responsible.gdpr_check", answer_name="gdpr_check", n_items=N_ITEMS, pass_score=0.8,
    sample=sample, mistakes=MISTAKES, title=TITLE, statement=STATEMENT, hints=HINTS,
    teacher_notes=TEACHER_NOTES, audience=("all",), difficulty=1, minutes=15, dataset=DATASET,
    tags=("GDPR", "RGPD", "data protection", "DPIA", "pseudonymisation", "quiz", "no code"),
)
