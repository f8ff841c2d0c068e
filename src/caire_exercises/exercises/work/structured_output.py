"""work.structured_output: validate recorded JSON outputs against a schema, repair the trivial errors.

Two functions: ``is_valid(obj)`` checks a parsed object against the schema
of ``datasets/chatbot_json/schema.json``, ``repair(raw_output)`` returns the
object a raw output stands for when formatting repairs make it valid, else
``None``. The recorded outputs are written by the project, not produced by a
model; what each should give (the ``expected`` and ``repairable`` columns of
the data) stays in the cases' private part. The rows of each kind of error
are split between a shown case and a hidden one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.work._common import MODULE_ID, json_rows
from caire_exercises.exercises.work.probes import parts_probe


def is_valid(obj):
    import re

    fields = {"patient": str, "date": str, "department": str, "urgent": bool}
    if not isinstance(obj, dict) or set(obj) != set(fields):
        return False
    if not all(type(obj[key]) is kind for key, kind in fields.items()):
        return False
    if not obj["patient"] or not obj["department"]:
        return False
    return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", obj["date"]) is not None


def repair(raw_output):
    import json
    import re

    text = raw_output.strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    if "{" in text and "}" in text:
        text = text[text.index("{"):text.rindex("}") + 1]
    attempts = [text]
    fixed = re.sub(r",\s*}", "}", text)
    fixed = re.sub(r"\bTrue\b", "true", re.sub(r"\bFalse\b", "false", re.sub(r"\bNone\b", "null", fixed)))
    if '"' not in fixed:
        fixed = fixed.replace("'", '"')
    attempts.append(fixed)
    for attempt in attempts:
        try:
            obj = json.loads(attempt)
        except ValueError:
            continue
        return obj if is_valid(obj) else None
    return None


# --------------------------------------------------------------------------------- cases

def _objects() -> list[dict[str, Any]]:
    """Parsed objects, valid or broken one way each, for is_valid."""
    good = json.loads(json_rows()[0]["expected"])
    broken = [dict(good, urgent="true"), dict(good, urgent=1), dict(good, date="28/07/2025"),
              dict(good, patient=""), dict(good, extra="oui"), {k: v for k, v in good.items() if k != "urgent"},
              dict(good, department=None), dict(good, date="2025-7-28")]
    second = json.loads(json_rows()[1]["expected"])
    return [good, second, dict(second, urgent=True)] + broken


def _expected(row: Mapping[str, Any]) -> Any:
    return json.loads(row["expected"]) if int(row["repairable"]) else None


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    rows = json_rows()
    shown, hidden = [], []
    for error in sorted({row["error"] for row in rows}):
        kind = [row for row in rows if row["error"] == error]
        shown += kind[:2]
        hidden += kind[2:]
    picked = sorted(rng.choice(len(hidden), size=40, replace=False))
    hidden = [hidden[i] for i in picked]
    return [
        Case("is_valid", ("is_valid", [(obj,) for obj in _objects()]), kwargs={"each": True}, label=Text(
            en="is_valid on two valid objects and on objects broken one way each (a string or 1 for "
               "urgent, a French date, an empty patient, an extra or a missing key...)",
            fr="is_valid sur deux objets valides et sur des objets cassés chacun d'une façon (une chaîne "
               "ou 1 pour urgent, une date à la française, un patient vide, une clé en trop ou "
               "manquante...)")),
        Case("repair: two outputs of each kind", ("repair", [(row["raw_output"],) for row in shown]),
             kwargs={"each": True}, private={"expected": [_expected(row) for row in shown]}, label=Text(
                en="repair on two recorded outputs of each kind of error (see the `error` column)",
                fr="repair sur deux réponses enregistrées de chaque genre d'erreur (voir la colonne "
                   "`error`)")),
        Case("repair: hidden outputs", ("repair", [(row["raw_output"],) for row in hidden]),
             kwargs={"each": True}, private={"expected": [_expected(row) for row in hidden]}, hidden=True),
    ]


# --------------------------------------------------------------------------------- facts

def _results(observed: Any, case: Case) -> list[Any]:
    values = observed["value"]
    if not isinstance(values, list) or len(values) != len(case.args[1]):
        raise ValueError("one result per input expected")
    return values


def _wrong_validity(observed: Any, expected: Any, case: Case) -> list[int]:
    got, want = _results(observed, case), _results(expected, case)
    return [i for i, (g, w) in enumerate(zip(got, want)) if not isinstance(g, (bool, int)) or bool(g) != w]


def _wrong_repairs(observed: Any, case: Case, *, kind: str) -> list[int]:
    """Outputs repaired into something else than expected (`kind` "missed": None for a repairable
    output; "accepted": an object for an output no formatting repair makes valid; "other")."""
    wrong = []
    for index, (got, want) in enumerate(zip(_results(observed, case), case.private["expected"])):
        if kind == "missed" and want is not None and got is None:
            wrong.append(index)
        elif kind == "accepted" and want is None and got is not None:
            wrong.append(index)
        elif kind == "other" and got is not None and want is not None and got != want:
            wrong.append(index)
    return wrong


def _errors(case: Case, indices: list[int]) -> str:
    if case.hidden:
        return str(len(indices))
    rows = {row["raw_output"]: row["error"] for row in json_rows()}
    kinds = sorted({rows.get(case.args[1][i][0], "?") for i in indices})
    return f"{len(indices)} ({', '.join(kinds)})"


def _is_valid_case(case: Case) -> bool:
    return case.args[0] == "is_valid"


FACTS = (
    Fact("one_result_per_input", lambda o, e, c: isinstance(_results(o, c), list), Text(
        en="is_valid should return True or False, and repair a dict or None, for each input.",
        fr="is_valid doit renvoyer True ou False, et repair un dict ou None, pour chaque entrée.")),
    Fact("validity", lambda o, e, c: not _is_valid_case(c) or not _wrong_validity(o, e, c),
         lambda o, e, c: Text(
            en=f"is_valid is wrong on {len(_wrong_validity(o, e, c))} objects, e.g. "
               f"{c.args[1][_wrong_validity(o, e, c)[0]][0]!r}. The schema wants exactly the four keys, "
               f"non-empty strings for patient and department, a YYYY-MM-DD date and a real boolean "
               f"for urgent (not \"true\", not 1: in Python, isinstance(1, bool) is False but "
               f"isinstance(True, int) is True).",
            fr=f"is_valid se trompe sur {len(_wrong_validity(o, e, c))} objets, par exemple "
               f"{c.args[1][_wrong_validity(o, e, c)[0]][0]!r}. Le schéma veut exactement les quatre "
               f"clés, des chaînes non vides pour patient et department, une date AAAA-MM-JJ et un vrai "
               f"booléen pour urgent (ni \"true\", ni 1 : en Python, isinstance(1, bool) vaut False "
               f"mais isinstance(True, int) vaut True).")),
    Fact("repairs_trivial_errors", lambda o, e, c: _is_valid_case(c) or not _wrong_repairs(o, c, kind="missed"),
         lambda o, e, c: Text(
            en=f"repair gives None for {_errors(c, _wrong_repairs(o, c, kind='missed'))} outputs that a "
               f"formatting repair makes valid: a Markdown fence, text around the JSON, a trailing "
               f"comma, single quotes, True/False written the Python way.",
            fr=f"repair renvoie None pour {_errors(c, _wrong_repairs(o, c, kind='missed'))} réponses "
               f"qu'une réparation de forme rend valides : bloc Markdown, texte autour du JSON, "
               f"virgule finale, apostrophes au lieu de guillemets, True/False écrits à la Python.")),
    Fact("rejects_invalid", lambda o, e, c: _is_valid_case(c) or not _wrong_repairs(o, c, kind="accepted"),
         lambda o, e, c: Text(
            en=f"repair returns an object for {_errors(c, _wrong_repairs(o, c, kind='accepted'))} outputs "
               f"that break the schema (a missing field, \"oui\" for a boolean, a DD/MM/YYYY date). "
               f"Formatting cannot fix those: validate the parsed object and return None.",
            fr=f"repair renvoie un objet pour {_errors(c, _wrong_repairs(o, c, kind='accepted'))} "
               f"réponses qui enfreignent le schéma (un champ manquant, \"oui\" pour un booléen, une "
               f"date JJ/MM/AAAA). La forme ne peut pas les corriger : validez l'objet lu et renvoyez "
               f"None.")),
    Fact("same_content", lambda o, e, c: _is_valid_case(c) or not _wrong_repairs(o, c, kind="other"),
         Text(en="repair changed what an output says (a value, a key): repair the form only.",
              fr="repair a changé ce que dit une réponse (une valeur, une clé) : ne réparez que la "
                 "forme.")),
)


# ------------------------------------------------------------------------------- mistakes

_no_fence = edited(repair, ('    text = re.sub(r"^```(?:json)?\\s*|\\s*```$", "", text)\n', ""),
                  ('    if "{" in text and "}" in text:\n        text = text[text.index("{"):text.rindex("}") + 1]\n', ""),
                  name="repair_no_fence")
_no_validation = edited(repair, "return obj if is_valid(obj) else None", "return obj",
                        name="repair_without_validation")


def _loads_only(raw_output):
    try:
        obj = json.loads(raw_output)
    except ValueError:
        return None
    return obj if is_valid(obj) else None


_extra_keys = edited(is_valid, "set(obj) != set(fields)", "not set(fields) <= set(obj)",
                     name="is_valid_extra_keys")
_int_is_bool = edited(is_valid, "type(obj[key]) is kind", "isinstance(obj[key], kind if kind is not bool else int)",
                      name="is_valid_int_is_bool")
_any_date = edited(is_valid, 'return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", obj["date"]) is not None',
                   "return True", name="is_valid_any_date")

STRUCTURED_OUTPUT = Exercise(
    id="work.structured_output",
    module=MODULE_ID,
    title=Text(en="JSON from a chatbot: validate, then repair", fr="Du JSON venu d'un chatbot : valider, puis réparer"),
    statement=Text(
        en="""A chatbot was asked to turn appointment requests into JSON for a booking system. Its
recorded outputs (`from caire_exercises.data import load; load("chatbot_json")`, written by the
project: no model produced them) are often almost right. The schema: an object with exactly the
keys `patient` (non-empty string), `date` (string `YYYY-MM-DD`), `department` (non-empty
string) and `urgent` (boolean).

* Write `is_valid(obj)`: `True` when the parsed object `obj` follows the schema.
* Write `repair(raw_output)`: the object the raw text stands for when it is valid after
  **formatting** repairs only (a Markdown ```` ```json ```` fence, text around the JSON, a
  trailing comma, single quotes, `True`/`False`); `None` when no such repair makes it valid (a
  missing field, a wrong type, a date in another format: those need a person, or a new request).

Check both: `ex.check(is_valid=is_valid, repair=repair)`. `repair` is also tried on outputs you
have not seen.""",
        fr="""On a demandé à un chatbot de transformer des demandes de rendez-vous en JSON pour un
logiciel de réservation. Ses réponses enregistrées (`from caire_exercises.data import load;
load("chatbot_json")`, écrites par le projet : aucun modèle ne les a produites) sont souvent
presque justes. Le schéma : un objet avec exactement les clés `patient` (chaîne non vide),
`date` (chaîne `AAAA-MM-JJ`), `department` (chaîne non vide) et `urgent` (booléen).

* Écrivez `is_valid(obj)` : `True` quand l'objet lu `obj` respecte le schéma.
* Écrivez `repair(raw_output)` : l'objet que représente le texte brut quand il est valide après
  des réparations **de forme** seulement (un bloc Markdown ```` ```json ````, du texte autour du
  JSON, une virgule finale, des apostrophes au lieu de guillemets, `True`/`False`) ; `None`
  quand aucune réparation de ce genre ne le rend valide (un champ manquant, un mauvais type, une
  date dans un autre format : il faut alors une personne, ou une nouvelle demande).

Vérifiez les deux : `ex.check(is_valid=is_valid, repair=repair)`. `repair` est aussi essayée sur
des réponses que vous n'avez pas vues.""",
    ),
    answer_name=("is_valid", "repair"),
    kind="function",
    reference={"is_valid": is_valid, "repair": repair},
    cases=_cases,
    probe=parts_probe(()),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("generative AI", "JSON", "validation", "structured output"),
    dataset="chatbot_json",
    audience=("engineering",),
    mistakes=(
        Mistake("no_fence", Text(
            en="repair misses the outputs wrapped in a Markdown fence (```json ... ```) or in a "
               "sentence: strip the fence, and take the text from the first { to the last }.",
            fr="repair manque les réponses entourées d'un bloc Markdown (```json ... ```) ou d'une "
               "phrase : retirez le bloc, et prenez le texte de la première { à la dernière }."),
            {"is_valid": is_valid, "repair": _no_fence}),
        Mistake("no_validation", Text(
            en="repair returns whatever parses, even when it breaks the schema. A booking system "
               "must not receive \"urgent\": \"oui\" or a missing department: validate with "
               "is_valid and return None.",
            fr="repair renvoie tout ce qui se lit, même quand le schéma est enfreint. Un logiciel "
               "de réservation ne doit pas recevoir \"urgent\": \"oui\" ni un service manquant : "
               "validez avec is_valid et renvoyez None."),
            {"is_valid": is_valid, "repair": _no_validation}),
        Mistake("loads_only", Text(
            en="repair only tries json.loads on the raw text: most near-misses (fence, trailing "
               "comma, single quotes, Python booleans, text around) can be fixed before parsing.",
            fr="repair se contente de json.loads sur le texte brut : la plupart des presque-réussites "
               "(bloc Markdown, virgule finale, apostrophes, booléens Python, texte autour) se "
               "corrigent avant la lecture."), {"is_valid": is_valid, "repair": _loads_only}),
        Mistake("extra_keys", Text(
            en="is_valid accepts keys the schema does not have (additionalProperties is false): "
               "the set of keys must be exactly the four.",
            fr="is_valid accepte des clés absentes du schéma (additionalProperties vaut false) : "
               "l'ensemble des clés doit être exactement les quatre."),
            {"is_valid": _extra_keys, "repair": repair}),
        Mistake("int_is_bool", Text(
            en="is_valid accepts 1 for urgent. JSON Schema's boolean is true or false only; in "
               "Python test type(value) is bool.",
            fr="is_valid accepte 1 pour urgent. Le booléen de JSON Schema n'est que true ou false ; "
               "en Python, testez type(valeur) is bool."), {"is_valid": _int_is_bool, "repair": repair}),
        Mistake("any_date", Text(
            en="is_valid does not check the date's format: the schema wants YYYY-MM-DD "
               "(re.fullmatch(r\"[0-9]{4}-[0-9]{2}-[0-9]{2}\", date)).",
            fr="is_valid ne vérifie pas le format de la date : le schéma veut AAAA-MM-JJ "
               "(re.fullmatch(r\"[0-9]{4}-[0-9]{2}-[0-9]{2}\", date))."),
            {"is_valid": _any_date, "repair": repair}),
    ),
    hints=(
        Text(en="Write is_valid first, and make repair end with it: a repair is done only when the "
                "result is valid.",
             fr="Écrivez d'abord is_valid, et terminez repair par elle : une réparation n'est "
                "finie que si le résultat est valide."),
        Text(en="Before json.loads: strip the fence, keep the text from the first { to the last }, "
                "then remove a comma before }.",
             fr="Avant json.loads : retirez le bloc Markdown, gardez le texte de la première { à la "
                "dernière }, puis supprimez une virgule avant }."),
        Text(en="Python's True and False become true and false; single quotes become double quotes "
                "when the text has no double quote at all.",
             fr="True et False de Python deviennent true et false ; les apostrophes deviennent des "
                "guillemets quand le texte ne contient aucun guillemet."),
    ),
    teacher_notes=Text(
        en="Objectives: never trust a model's structured output without validating it; separate "
           "form errors (safe to repair) from content errors (not safe: a guessed date or a "
           "guessed urgency is an invented fact). Misconceptions aimed at: if it parses, it is "
           "right; a repair can fix any output. Debrief: why not turn \"oui\" into true? What "
           "should the booking system do with the outputs repair rejects? How would you measure "
           "the share of outputs that need a person?",
        fr="Objectifs : ne jamais se fier à une sortie structurée d'un modèle sans la valider ; "
           "séparer les erreurs de forme (réparables sans risque) des erreurs de fond (non "
           "réparables : une date ou une urgence devinées sont des faits inventés). Idées fausses "
           "visées : si ça se lit, c'est juste ; une réparation peut corriger n'importe quelle "
           "sortie. Pour le débriefing : pourquoi ne pas transformer \"oui\" en true ? Que doit "
           "faire le logiciel des sorties que repair rejette ? Comment mesurer la part des sorties "
           "qui demandent une personne ?"),
)
