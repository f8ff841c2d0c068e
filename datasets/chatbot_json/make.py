"""Build data.jsonl and schema.json: JSON outputs of a chatbot, written by the project.

No model produced these outputs. Each row is an appointment request (made-up
people), the JSON the chatbot should have returned, and a raw output written
to look like what chatbots return: often right, sometimes with a trivial
formatting error (a Markdown code fence, a trailing comma, single quotes,
Python's True/False, a sentence around the JSON), sometimes with an error no
formatting repair can fix (a missing key, a wrong type, a date in the wrong
format). Run ``python datasets/chatbot_json/make.py``; the output is the same
every time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Appointment request",
    "type": "object",
    "properties": {
        "patient": {"type": "string", "minLength": 1},
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "department": {"type": "string", "minLength": 1},
        "urgent": {"type": "boolean"},
    },
    "required": ["patient", "date", "department", "urgent"],
    "additionalProperties": False,
}

INSTRUCTION = {
    "fr": "Extrais le rendez-vous du message sous la forme d'un objet JSON avec les clés patient (texte), "
          "date (AAAA-MM-JJ), department (texte) et urgent (booléen). Réponds uniquement par le JSON.",
    "en": "Extract the appointment from the message as a JSON object with the keys patient (text), "
          "date (YYYY-MM-DD), department (text) and urgent (boolean). Reply with the JSON only.",
}

NAMES = ("Camille Martin", "Hugo Bernard", "Inès Dubois", "Karim Benali", "Zoé Lefèvre", "Thierry Moreau",
         "Aïcha N'Diaye", "Louis Garcia", "Hélène Roux", "Mamadou Diallo", "Nathalie Faure", "Yann Le Gall",
         "Sarah Nguyen", "Benoît Girard", "Océane Lambert", "Jérôme Petit", "Fatou Sow", "Raphaël Simon",
         "Agnès Mercier", "Loïc Chevalier")
DEPARTMENTS = {
    "fr": ("cardiologie", "dermatologie", "radiologie", "pédiatrie", "ophtalmologie", "neurologie",
           "rhumatologie", "gynécologie"),
    "en": ("cardiology", "dermatology", "radiology", "paediatrics", "ophthalmology", "neurology",
           "rheumatology", "gynaecology"),
}
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
REQUESTS = {
    "fr": ("Bonjour, je souhaite prendre rendez-vous en {department} pour {patient} le {long_date}. {urgency}",
           "Merci de programmer {patient} en {department} le {short_date}. {urgency}",
           "Demande de consultation ({department}) : patient {patient}, date souhaitée {long_date}. {urgency}",
           "{urgency} Pourriez-vous voir {patient} en {department} le {long_date} ?"),
    "en": ("Hello, I would like to book an appointment in {department} for {patient} on {long_date}. {urgency}",
           "Please schedule {patient} in {department} on {short_date}. {urgency}",
           "Consultation request ({department}): patient {patient}, preferred date {long_date}. {urgency}",
           "{urgency} Could you see {patient} in {department} on {long_date}?"),
}
URGENCY = {
    "fr": {True: ("C'est urgent.", "À traiter en priorité : c'est urgent."),
           False: ("Ce n'est pas urgent.", "Rien d'urgent.")},
    "en": {True: ("This is urgent.", "Urgent, please treat as a priority."),
           False: ("This is not urgent.", "Nothing urgent.")},
}
# error: (share of the rows, can a formatting repair make the output valid?)
ERRORS = {
    "none": (0.45, True), "code_fence": (0.10, True), "trailing_comma": (0.08, True),
    "single_quotes": (0.08, True), "python_literals": (0.07, True), "extra_text": (0.08, True),
    "missing_field": (0.05, False), "wrong_type": (0.05, False), "bad_date": (0.04, False),
}


def raw_output(rng: np.random.Generator, expected: dict, error: str, language: str) -> str:
    pretty = bool(rng.random() < 0.5)
    record = dict(expected)
    if error == "missing_field":
        del record[str(rng.choice(["department", "urgent"]))]
    elif error == "wrong_type":
        record["urgent"] = ("oui" if record["urgent"] else "non") if language == "fr" else (
            "yes" if record["urgent"] else "no")
    elif error == "bad_date":
        year, month, day = record["date"].split("-")
        record["date"] = f"{day}/{month}/{year}"
    text = json.dumps(record, ensure_ascii=False, indent=2 if pretty else None)
    if error == "code_fence":
        return f"```json\n{text}\n```"
    if error == "trailing_comma":
        return text[:-1].rstrip() + (",\n}" if pretty else ",}")
    if error == "single_quotes":
        return text.replace('"', "'")
    if error == "python_literals":
        return text.replace("true", "True").replace("false", "False")
    if error == "extra_text":
        before = "Voici le JSON demandé :" if language == "fr" else "Here is the requested JSON:"
        after = "Dites-moi si je peux aider autrement." if language == "fr" else "Let me know if you need anything else."
        return f"{before}\n{text}\n{after}" if rng.random() < 0.5 else f"{before} {text}"
    return text


def parses(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def main() -> None:
    rng = np.random.default_rng(20240918)
    names = list(ERRORS)
    shares = np.array([ERRORS[name][0] for name in names])
    rows = []
    for language in ("fr", "en"):
        for number in range(1, 61):
            month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
            urgent = bool(rng.random() < 0.35)
            expected = {
                "patient": str(rng.choice(NAMES)),
                "date": f"2025-{month:02d}-{day:02d}",
                "department": str(rng.choice(DEPARTMENTS[language])),
                "urgent": urgent,
            }
            month_name = MONTHS[language][month - 1]
            long_date = (f"{'1er' if day == 1 else day} {month_name} 2025" if language == "fr"
                         else f"{month_name} {day}, 2025")
            request = str(rng.choice(REQUESTS[language])).format(
                patient=expected["patient"], department=expected["department"], long_date=long_date,
                short_date=f"{day:02d}/{month:02d}/2025", urgency=str(rng.choice(URGENCY[language][urgent])))
            error = names[int(rng.choice(len(names), p=shares / shares.sum()))]
            if error == "single_quotes" and "'" in expected["patient"]:
                error = "trailing_comma"  # a name with an apostrophe would make the quotes ambiguous
            raw = raw_output(rng, expected, error, language)
            rows.append({
                "item_id": f"json-{language}-{number:03d}", "language": language,
                "instruction": INSTRUCTION[language], "source_text": request.strip(), "raw_output": raw,
                "expected": json.dumps(expected, ensure_ascii=False), "error": error,
                "parses_as_is": int(parses(raw)), "repairable": int(ERRORS[error][1]),
            })
    with (HERE / "data.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (HERE / "schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
