"""work.pii_redaction: personal data out of support logs before they go into a prompt.

Two parts: ``personal_data``, which fields are personal data and which are the
special categories of Art. 9 GDPR (a value, no code), and ``redact``, a
function. Redaction is judged on log lines the student never saw: the hidden
case's lines are drawn from the ``pii_logs`` generator with the case's own
seed, and the expected redaction (from the generator's spans, not from the
reference) stays in the case's private part.

Legal basis of the by-hand part (Regulation (EU) 2016/679, GDPR): Art. 4(1)
defines personal data (any information relating to an identified or
identifiable natural person); Art. 9(1) lists the special categories (racial
or ethnic origin, political opinions, religious or philosophical beliefs,
trade-union membership, genetic data, biometric data for the purpose of
uniquely identifying a natural person, data concerning health, sex life or
sexual orientation); Recital 26: pseudonymised data that can be attributed to a
person with additional information remain personal data; Art. 87: Member States
may set the conditions for processing a national identification number (the NIR).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.work._common import MODULE_ID
from caire_exercises.exercises.work.probes import parts_probe


def redact(text):
    import re

    email = r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
    nir = r"(?<![\w])[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}(?!\d)"
    phone = r"(?<![\w+])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    date = rf"\d{{2}}/\d{{2}}/\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{2}}\.\d{{2}}\.\d{{4}}|(?:1er|\d{{1,2}}) (?:{months}) \d{{4}}"
    birth = rf"((?:née?|né\(e\)) le |date de naissance :?\s?|DDN\s?:\s?)({date})"
    text = re.sub(email, "[EMAIL]", text)
    text = re.sub(nir, "[NIR]", text)
    text = re.sub(phone, "[TELEPHONE]", text)
    return re.sub(birth, r"\1[DATE_NAISSANCE]", text, flags=re.IGNORECASE)


# --------------------------------------------------------------- the by-hand part

#: Fields of a health insurer's support record: (English, French) descriptions and the kind of data.
FIELDS = {
    "full_name": (("the caller's first name and surname", "les nom et prénom de l'appelant"), "personal"),
    "work_email": (("a nurse's work e-mail address (first.last@hospital.example)",
                    "l'adresse électronique professionnelle d'une infirmière (prenom.nom@hopital.example)"),
                   "personal"),
    "nir": (("the social-security number (NIR)", "le numéro de sécurité sociale (NIR)"), "personal"),
    "birth_date": (("the date of birth", "la date de naissance"), "personal"),
    "mobile_number": (("the caller's mobile telephone number", "le numéro de téléphone portable de l'appelant"),
                      "personal"),
    "pseudonymised_id": (("a patient code whose key to the name is kept by the hospital",
                          "un code patient dont la clé de correspondance avec le nom est conservée par "
                          "l'hôpital"), "personal"),
    "diagnosis": (("the diagnosis written in the request", "le diagnostic écrit dans la demande"), "special"),
    "blood_group": (("the patient's blood group", "le groupe sanguin du patient"), "special"),
    "medication": (("the medicines the caller takes", "les médicaments que prend l'appelant"), "special"),
    "union_membership": (("membership of a trade union", "l'appartenance à un syndicat"), "special"),
    "religion": (("the caller's religion, given to explain a diet", "la religion de l'appelant, donnée "
                  "pour expliquer un régime alimentaire"), "special"),
    "fingerprint_template": (("a fingerprint template used to log the agent in",
                              "le gabarit d'empreinte digitale qui sert à identifier l'agent à la "
                              "connexion"), "special"),
    "bed_count": (("the number of beds in the cardiology ward", "le nombre de lits du service de "
                   "cardiologie"), "not_personal"),
    "insurer_turnover": (("the insurer's yearly turnover", "le chiffre d'affaires annuel de la mutuelle"),
                         "not_personal"),
    "readmission_rate": (("the hospital's readmission rate for 2025, all patients together",
                          "le taux de réhospitalisation de l'hôpital en 2025, tous patients confondus"),
                         "not_personal"),
    "drug_price": (("the public price of a box of paracetamol", "le prix public d'une boîte de "
                    "paracétamol"), "not_personal"),
}

#: The reference's answer for every field a variant may ask about.
KINDS = {field: kind for field, (_, kind) in FIELDS.items()}

_ALWAYS = ("nir", "pseudonymised_id")


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    by_kind = {kind: sorted(f for f, k in KINDS.items() if k == kind and f not in _ALWAYS)
               for kind in ("personal", "special", "not_personal")}
    fields = list(_ALWAYS)
    for kind, count in (("personal", 1), ("special", 2), ("not_personal", 2)):
        fields += [str(f) for f in rng.choice(by_kind[kind], size=count, replace=False)]
    order = [fields[i] for i in rng.permutation(len(fields))]
    listed = {lang: "\n".join(f"* `{field}`: {FIELDS[field][0][index]}" if lang == "en" else
                              f"* `{field}` : {FIELDS[field][0][index]}" for field in order)
              for index, lang in enumerate(("en", "fr"))}
    return {"fields": order, "fields_en": listed["en"], "fields_fr": listed["fr"],
            "seed": int(rng.integers(0, 2**31))}


# ------------------------------------------------------------------ log lines and cases

def _written_lines() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Lines written for the traps the generator meets rarely: Corsica, a second telephone, no data."""
    from caire_exercises.data._pii import _fill, nir_key, redact as truth

    body = "285032A012345"
    values = {"name": "Anne-Sophie Leroy", "nir": f"2 85 03 2A 012 345 {nir_key(body):02d}",
              "birth": "3 mars 1985", "phone": "04 65 71 20 30", "phone2": "+33 5 36 49 10 11",
              "email": "Anne-Sophie.Leroy@courriel.example", "date": "12/03/2025", "order": "4065712030"}
    templates = (
        "Patiente {name}, NIR {nir}, née le {birth} à Ajaccio, tél. {phone}.",
        "Rendez-vous du {date} confirmé ; commande {order} expédiée.",
        "Nouveau numéro : {phone2} (l'ancien, {phone}, n'est plus attribué). Contact : {email}.",
    )
    lines = []
    for template in templates:
        text, spans = _fill(template, values)
        lines.append((text, truth(text, spans), spans))
    return lines


def _logged(rng: np.random.Generator, n: int) -> list[tuple[str, str, list[dict[str, Any]]]]:
    from caire_exercises.data._pii import pii_logs

    table = pii_logs(rng, n=n)
    return [(str(text), str(redacted), [dict(span) for span in spans])
            for text, redacted, spans in zip(table["text"], table["redacted"], table["spans"])]


def _redact_case(name: str, lines: list[tuple[str, str, list[dict[str, Any]]]], **options: Any) -> Case:
    """A case of log lines; what is expected of them, and where the personal data is, only the judge knows."""
    spans = [[{"label": str(span["label"]), "start": int(span["start"]), "end": int(span["end"])}
              for span in line_spans] for _, _, line_spans in lines]
    return Case(name, ("redact", [(text,) for text, _, _ in lines]), kwargs={"each": True},
                private={"expected": [redacted for _, redacted, _ in lines], "spans": spans}, **options)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        Case("by hand", ("personal_data", list(params["fields"])), label=Text(
            en="personal_data: the fields of the statement", fr="personal_data : les champs de l'énoncé")),
        _redact_case("your log lines", _logged(np.random.default_rng(params["seed"]), 20), label=Text(
                en="redact: the 20 log lines of `load(\"pii_logs\", ...)` drawn for you (see the statement)",
                fr="redact : les 20 lignes de journal tirées pour vous (voir l'énoncé)")),
        _redact_case("traps", _written_lines(), label=Text(
                en="redact: a Corsican NIR, two numbers in one line, an order number and an "
                   "appointment date that must stay",
                fr="redact : un NIR corse, deux numéros dans une ligne, un numéro de commande et une "
                   "date de rendez-vous qui doivent rester")),
        _redact_case("hidden log lines", _logged(rng, 40), hidden=True),
    ]


# -------------------------------------------------------------------------------- facts

def _folded(text: Any) -> str:
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum())


_KIND_WORDS = {"personal": "personal", "personnelle": "personal", "personnel": "personal",
               "personaldata": "personal", "donneepersonnelle": "personal",
               "special": "special", "art9": "special", "article9": "special", "sensible": "special",
               "specialcategory": "special", "categorieparticuliere": "special",
               "notpersonal": "not_personal", "nonpersonnelle": "not_personal",
               "nonpersonnel": "not_personal", "pasdedonneepersonnelle": "not_personal"}


def _by_hand(case: Case) -> bool:
    return case.args[0] == "personal_data"


def _wrong_fields(observed: Any, expected: Any, case: Case) -> list[str]:
    given = observed["value"]
    if not isinstance(given, Mapping):
        raise ValueError("not a dict")
    return [field for field in case.args[1]
            if _KIND_WORDS.get(_folded(given.get(field))) != expected["value"][field]]


def _wrong_or_all(observed: Any, expected: Any, case: Case) -> list[str]:
    """The fields answered wrong; every field asked when the answer is not a dict."""
    try:
        return _wrong_fields(observed, expected, case)
    except (ValueError, KeyError, TypeError):
        return list(case.args[1])


def _outputs(observed: Any, case: Case) -> list[str]:
    outputs = observed["value"]
    if not isinstance(outputs, list) or len(outputs) != len(case.args[1]) or not all(
            isinstance(o, str) for o in outputs):
        raise ValueError("not one string per line")
    return outputs


_PLACEHOLDER = {"EMAIL": "EMAIL", "PHONE": "TELEPHONE", "NIR": "NIR", "BIRTH_DATE": "DATE_NAISSANCE"}


def _values(case: Case, label: str) -> list[tuple[int, str]]:
    """The personal values of kind `label` in the case's lines, with their line number (judge only)."""
    return [(line, text[span["start"]:span["end"]])
            for line, ((text,), spans) in enumerate(zip(case.args[1], case.private["spans"]))
            for span in spans if _PLACEHOLDER[span["label"]] == label]


def _left(observed: Any, case: Case, label: str) -> int:
    outputs = _outputs(observed, case)
    return sum(value in outputs[line] for line, value in _values(case, label))


def _kept_everything_else(observed: Any, case: Case) -> bool:
    """Whether every piece of text between personal values is still there, in order."""
    for (text,), spans, output in zip(case.args[1], case.private["spans"], _outputs(observed, case)):
        bounds = [0] + [b for span in sorted(spans, key=lambda s: s["start"])
                        for b in (span["start"], span["end"])] + [len(text)]
        position = 0
        for start, end in zip(bounds[::2], bounds[1::2]):
            found = output.find(text[start:end], position)
            if found < 0:
                return False
            position = found + end - start
    return True


_WHAT = {"EMAIL": ("e-mail addresses", "adresses électroniques"),
         "TELEPHONE": ("telephone numbers", "numéros de téléphone"),
         "NIR": ("social-security numbers (NIR)", "numéros de sécurité sociale (NIR)"),
         "DATE_NAISSANCE": ("birth dates", "dates de naissance")}
_HOW = {"EMAIL": ("any letters, digits, dots, hyphens or capitals before the @",
                  "lettres, chiffres, points, tirets ou majuscules avant l'@"),
        "TELEPHONE": ("06 39 98 12 34, 0639981234, 06.39.98.12.34, 06-39-98-12-34, +33 6 39 98 12 34 "
                      "and +33639981234 are all the same kind of number",
                      "06 39 98 12 34, 0639981234, 06.39.98.12.34, 06-39-98-12-34, +33 6 39 98 12 34 "
                      "et +33639981234 sont tous le même genre de numéro"),
        "NIR": ("13 characters and a 2-digit key, grouped or not; Corsica writes 2A or 2B in the "
                "department", "13 caractères et une clé de 2 chiffres, groupés ou non ; la Corse écrit "
                "2A ou 2B à la place du département"),
        "DATE_NAISSANCE": ("after né le, née le, né(e) le, date de naissance or DDN :, in every "
                           "format (12/03/1985, 12 mars 1985, 1er mars 1985, 1985-03-12, 12.03.1985)",
                           "après né le, née le, né(e) le, date de naissance ou DDN :, sous tous ses "
                           "formats (12/03/1985, 12 mars 1985, 1er mars 1985, 1985-03-12, 12.03.1985)")}


def _no_leak(label: str) -> Fact:
    def feedback(o: Any, e: Any, c: Case) -> Text:
        count = _left(o, c, label)
        return Text(en=f"{count} {_WHAT[label][0]} are still readable in your output. Look for "
                       f"{_HOW[label][0]}.",
                    fr=f"{count} {_WHAT[label][1]} restent lisibles dans votre sortie. Cherchez "
                       f"{_HOW[label][1]}.")

    return Fact(f"no_{label.lower()}_left", lambda o, e, c: _by_hand(c) or _left(o, c, label) == 0, feedback)


FACTS = (
    Fact("kinds", lambda o, e, c: not _by_hand(c) or not _wrong_fields(o, e, c), lambda o, e, c: Text(
        en=f"Not right for: {', '.join(_wrong_or_all(o, e, c))} (give a dict {{field: \"personal\", "
           f"\"special\" or \"not_personal\"}}). Personal data is any information "
           f"about a person who can be identified, directly or not (GDPR Art. 4(1)); pseudonymised "
           f"data stay personal (Recital 26). Art. 9(1) lists the special categories: health, "
           f"genetic and biometric data used to identify someone, ethnic origin, political "
           f"opinions, religious beliefs, trade-union membership, sex life and sexual orientation.",
        fr=f"Pas juste pour : {', '.join(_wrong_or_all(o, e, c))} (donnez un dict {{champ\u202f: "
           f"\"personal\", \"special\" ou \"not_personal\"}}). Une donnée personnelle est toute "
           f"information sur une personne identifiable, directement ou non (RGPD, art. 4, 1)) ; "
           f"des données pseudonymisées restent personnelles (considérant 26). L'article 9, "
           f"paragraphe 1, énumère les catégories particulières : santé, données génétiques et "
           f"biométriques servant à identifier une personne, origine raciale ou ethnique, opinions "
           f"politiques, convictions religieuses, appartenance syndicale, vie sexuelle et "
           f"orientation sexuelle.")),
    Fact("one_string_per_line", lambda o, e, c: _by_hand(c) or bool(_outputs(o, c)) or not c.args[1], Text(
        en="redact(text) should return the redacted line as a string.",
        fr="redact(text) doit renvoyer la ligne masquée, sous forme de chaîne.")),
    *(_no_leak(label) for label in ("EMAIL", "TELEPHONE", "NIR", "DATE_NAISSANCE")),
    Fact("nothing_else_removed", lambda o, e, c: _by_hand(c) or _kept_everything_else(o, c), Text(
        en="Your redaction removes text that is not personal data: order and ticket numbers, "
           "amounts, and dates that are not birth dates (appointments, invoices) must stay, or the "
           "prompt loses what the request is about.",
        fr="Votre masquage retire du texte qui n'est pas une donnée personnelle : numéros de "
           "commande et de ticket, montants, et dates qui ne sont pas des dates de naissance "
           "(rendez-vous, factures) doivent rester, sinon le prompt perd l'objet de la demande.")),
    Fact("placeholders", lambda o, e, c: _by_hand(c) or _outputs(o, c) == list(c.private["expected"]), Text(
        en="Some lines are not redacted as asked: each value must become exactly [EMAIL], "
           "[TELEPHONE], [NIR] or [DATE_NAISSANCE], the whole value (the NIR's key included) and "
           "nothing around it.",
        fr="Certaines lignes ne sont pas masquées comme demandé : chaque valeur doit devenir "
           "exactement [EMAIL], [TELEPHONE], [NIR] ou [DATE_NAISSANCE], toute la valeur (clé du NIR "
           "comprise) et rien autour.")),
)


# ----------------------------------------------------------------------------- mistakes

_one_phone_format = edited(redact, r'phone = r"(?<![\w+])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"',
                           r'phone = r"0[1-9](?: \d{2}){4}"', name="redact_one_phone_format")
_no_corsica = edited(redact, r"(?:\d{2}|2[AB])", r"\d{2}", name="redact_no_corsica")
_every_date = edited(redact, r'birth = rf"((?:née?|né\(e\)) le |date de naissance :?\s?|DDN\s?:\s?)({date})"',
                     r'birth = rf"()({date})"', name="redact_every_date")
_own_placeholders = edited(redact, ('"[TELEPHONE]"', '"[PHONE]"'), (r'r"\1[DATE_NAISSANCE]"', r'r"\1[DATE]"'),
                           name="redact_own_placeholders")
_numeric_birth_dates = edited(redact, r"|(?:1er|\d{{1,2}}) (?:{months}) \d{{4}}", "",
                              name="redact_numeric_birth_dates")

PII_REDACTION = Exercise(
    id="work.pii_redaction",
    module=MODULE_ID,
    title=Text(en="Personal data out before prompting", fr="Les données personnelles dehors avant le prompt"),
    statement=Text(
        en="""A support team wants to paste its logs into a chatbot to summarise them. Personal data must
come out first.

**1. No code.** Set `personal_data` to a dict giving, for each field below, `"personal"`
(personal data), `"special"` (a special category of GDPR Art. 9) or `"not_personal"`:

{fields_en}

**2. Code.** Write `redact(text)` which returns the log line `text` with each e-mail address
replaced by `[EMAIL]`, each French telephone number by `[TELEPHONE]`, each social-security number
(NIR, key included) by `[NIR]` and each **birth** date by `[DATE_NAISSANCE]`; nothing else
changes (order numbers and other dates stay). Practise on
`from caire_exercises.data import load; load("pii_logs", student=...)`:
its `redacted` column is what is expected. Your function is then tried on log lines you have
not seen.

Check both: `ex.check(personal_data=personal_data, redact=redact)`.""",
        fr="""Une équipe de support veut coller ses journaux dans un chatbot pour les résumer. Les
données personnelles doivent d'abord en sortir.

**1. Sans code.** Donnez à `personal_data` un dict indiquant, pour chaque champ ci-dessous,
`"personal"` (donnée personnelle), `"special"` (catégorie particulière de l'article 9 du RGPD) ou
`"not_personal"` :

{fields_fr}

**2. Code.** Écrivez `redact(text)` qui renvoie la ligne de journal `text` où chaque adresse
électronique est remplacée par `[EMAIL]`, chaque numéro de téléphone français par `[TELEPHONE]`,
chaque numéro de sécurité sociale (NIR, clé comprise) par `[NIR]` et chaque date **de naissance**
par `[DATE_NAISSANCE]` ; rien d'autre ne change (numéros de commande et autres dates restent).
Entraînez-vous sur `from caire_exercises.data import load; load("pii_logs", student=...)` :
sa colonne `redacted` donne le résultat attendu. Votre fonction est ensuite essayée sur des lignes que vous n'avez pas vues.

Vérifiez les deux : `ex.check(personal_data=personal_data, redact=redact)`.""",
    ),
    answer_name=("personal_data", "redact"),
    kind="function",
    reference={"personal_data": KINDS, "redact": redact},
    cases=_cases,
    variant=_variant,
    probe=parts_probe(("personal_data",)),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=25,
    tags=("personal data", "GDPR", "regular expressions", "prompting"),
    dataset="pii_logs",
    audience=("all", "engineering"),
    mistakes=(
        Mistake("nir_special", Text(
            en="The NIR is personal data, but it is not one of the special categories of Art. 9 "
               "GDPR: as a national identification number, its use is framed by Art. 87 GDPR and by "
               "French law. Art. 9 concerns what the data "
               "reveal (health, religion, union membership...), not how sensitive an identifier feels.",
            fr="Le NIR est une donnée personnelle, mais pas une catégorie particulière de l'article 9 "
               "du RGPD : numéro d'identification national, son usage est encadré par l'article 87 du "
               "RGPD et par le droit français. "
               "L'article 9 vise ce que révèlent les données (santé, religion, appartenance "
               "syndicale...), pas le caractère plus ou moins sensible d'un identifiant."),
            {"personal_data": {**KINDS, "nir": "special"}, "redact": redact}),
        Mistake("pseudonymised_anonymous", Text(
            en="A patient code is pseudonymised, not anonymous: whoever holds the key can find the "
               "person again, so it remains personal data (GDPR Recital 26).",
            fr="Un code patient est pseudonymisé, pas anonyme : qui détient la clé peut retrouver la "
               "personne, c'est donc toujours une donnée personnelle (RGPD, considérant 26)."),
            {"personal_data": {**KINDS, "pseudonymised_id": "not_personal"}, "redact": redact}),
        Mistake("one_phone_format", Text(
            en="Your redaction finds telephone numbers written one way only. Logs write them with "
               "spaces, dots, hyphens, nothing, or +33 without the first 0.",
            fr="Votre masquage ne trouve les numéros de téléphone que sous une seule forme. Les "
               "journaux les écrivent avec espaces, points, tirets, sans séparateur, ou en +33 sans "
               "le premier 0."), {"personal_data": KINDS, "redact": _one_phone_format}),
        Mistake("no_corsica", Text(
            en="Your NIR pattern expects digits only: people born in Corsica have 2A or 2B as "
               "department, and their numbers stay readable.",
            fr="Votre motif de NIR n'attend que des chiffres : les personnes nées en Corse ont 2A ou "
               "2B comme département, et leurs numéros restent lisibles."),
            {"personal_data": KINDS, "redact": _no_corsica}),
        Mistake("every_date", Text(
            en="You redact every date. Only birth dates are personal data here; an appointment or "
               "an invoice date is what the request is about. Look at the words before the date "
               "(né le, née le, date de naissance, DDN).",
            fr="Vous masquez toutes les dates. Seules les dates de naissance sont ici des données "
               "personnelles ; une date de rendez-vous ou de facture est l'objet de la demande. "
               "Regardez les mots avant la date (né le, née le, date de naissance, DDN)."),
            {"personal_data": KINDS, "redact": _every_date}),
        Mistake("own_placeholders", Text(
            en="Use the placeholders the statement gives ([EMAIL], [TELEPHONE], [NIR], "
               "[DATE_NAISSANCE]): the next step of the pipeline looks for them.",
            fr="Utilisez les marqueurs de l'énoncé ([EMAIL], [TELEPHONE], [NIR], [DATE_NAISSANCE]) : "
               "l'étape suivante de la chaîne les recherche."),
            {"personal_data": KINDS, "redact": _own_placeholders}),
        Mistake("numeric_birth_dates", Text(
            en="Birth dates written in words (12 mars 1985, 1er mars 1985) stay readable: add the "
               "month names.",
            fr="Les dates de naissance écrites en toutes lettres (12 mars 1985, 1er mars 1985) restent "
               "lisibles : ajoutez les noms de mois."),
            {"personal_data": KINDS, "redact": _numeric_birth_dates}),
    ),
    hints=(
        Text(en="Ask of each field: could it, alone or combined, point to one person? Then: does it "
                "reveal health, beliefs, origin, union membership or sexual life?",
             fr="Demandez-vous pour chaque champ : peut-il, seul ou combiné, désigner une personne ? "
                "Puis : révèle-t-il la santé, des convictions, une origine, une appartenance "
                "syndicale ou la vie sexuelle ?"),
        Text(en="One regular expression per kind, applied in an order where a longer number (the "
                "NIR) goes before a shorter one (the telephone) that could match inside it.",
             fr="Une expression régulière par genre, appliquées dans un ordre où le numéro le plus "
                "long (le NIR) passe avant le plus court (le téléphone) qui pourrait s'y trouver."),
        Text(en="For birth dates, capture the words before the date in a group and put them back: "
                "`re.sub(r\"(née? le )(DATE)\", r\"\\1[DATE_NAISSANCE]\", text)`.",
             fr="Pour les dates de naissance, capturez les mots avant la date dans un groupe et "
                "remettez-les : `re.sub(r\"(née? le )(DATE)\", r\"\\1[DATE_NAISSANCE]\", text)`."),
    ),
    teacher_notes=Text(
        en="Objectives: tell personal data from special-category data (GDPR Art. 4(1), Art. 9(1), "
           "Recital 26); redact identifiers robustly before text leaves the organisation, and "
           "test the redaction on lines never seen. Misconceptions aimed at: a pseudonymised code "
           "is anonymous; a regex that works on the examples works on the logs; every date is "
           "personal. Debrief: what does the redaction not remove (names, addresses, free-text "
           "symptoms)? Is a redacted log anonymous? Who may paste what into which tool under "
           "your organisation's policy?",
        fr="Objectifs : distinguer donnée personnelle et catégorie particulière (RGPD, art. 4, 1), "
           "art. 9, paragraphe 1, considérant 26) ; masquer les identifiants de façon robuste avant "
           "que le texte ne sorte de l'organisation, et éprouver le masquage sur des lignes jamais "
           "vues. Idées fausses visées : un code pseudonymisé est anonyme ; une regex qui marche "
           "sur les exemples marche sur les journaux ; toute date est personnelle. Pour le "
           "débriefing : que le masquage ne retire-t-il pas (noms, adresses, symptômes en texte "
           "libre) ? Un journal masqué est-il anonyme ? Qui peut coller quoi dans quel outil selon "
           "la politique de votre organisation ?"),
)
