"""The generator of French support logs that carry personal data to redact.

Every person, address, number and date is made up: names from lists of
common French first names and surnames, e-mail addresses at reserved example
domains (``example.com``, ``.test``, ``.example``), telephone numbers drawn
only from blocks that ARCEP, the French telecoms regulator, keeps out of
assignment for fiction (films, series, examples; see :data:`FICTION_BLOCKS`),
and social-security numbers (NIR) whose two-digit key is computed as the real
ones are (97 minus the first thirteen digits modulo 97; for Corsica, ``2A`` and
``2B`` count as 19 and 18), so that a redactor can check a key but no real
person is described.

The ground truth comes with each message: the character spans of the
e-mails, telephone numbers, NIR and birth dates, and the redacted text.
Dates that are not birth dates (appointments, orders) and long numbers that
are not telephone numbers (orders, tickets) are there on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

import numpy as np

from caire_exercises.data._draws import Draws

if TYPE_CHECKING:
    import pandas as pd

PLACEHOLDERS = {"EMAIL": "[EMAIL]", "PHONE": "[TELEPHONE]", "NIR": "[NIR]", "BIRTH_DATE": "[DATE_NAISSANCE]"}

_WOMEN = ("Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Hélène", "Zoé", "Élodie", "Nathalie",
          "Isabelle", "Sylvie", "Aïcha", "Fatou", "Marie-Claire", "Anne-Sophie", "Josiane", "Océane",
          "Bérénice", "Yasmina", "Agnès", "Maëlle", "Françoise", "Lucie")
_MEN = ("Lucas", "Hugo", "Théo", "Nathan", "Louis", "Gabriel", "Jérôme", "Karim", "Mamadou", "Thierry",
        "Jean-Pierre", "François", "Benoît", "Stéphane", "Yann", "Loïc", "Mehdi", "Raphaël", "Cédric",
        "Noé", "Joël", "Antoine", "Olivier", "Bruno")
_SURNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
             "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
             "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
             "François", "Martinez", "Le Gall", "N'Diaye", "Benali", "Nguyen", "D'Almeida", "Chevalier",
             "Rousseau", "Blanc", "Guérin", "Muller", "Faure")
_DOMAINS = ("example.com", "example.org", "example.net", "courriel.example", "mutuelle.test",
            "boite-mail.example")
_CITIES = ("Lyon", "Villeurbanne", "Grenoble", "Saint-Étienne", "Bourg-en-Bresse", "Vienne", "Valence",
           "Annecy", "Chambéry", "Roanne")
_DEPARTMENT_CODES = ("01", "06", "13", "31", "33", "35", "38", "42", "44", "59", "67", "69", "75", "92",
                     "93", "94", "2A", "2B")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
#: The first six digits of the blocks of 10,000 numbers ARCEP keeps for fiction, as the French
#: numbering plan is cited (décision n° 2018-0881 modifiée, plan national de numérotation):
#: Paris region, North-West, South-East, South-West, and mobile. The North-East block (03) is
#: given in two different forms, and none was found for 07: as they could not be checked
#: against the decision, neither is used (see the datasheet).
FICTION_BLOCKS = ("019900", "026191", "046571", "053649", "063998")
_CHANNELS = ("chat", "email", "telephone", "formulaire")

# Gendered words ({born}, {patient}, ...) agree with the person; {phone2} is their second number.
_TEMPLATES = (
    ("Bonjour, je m'appelle {name}, {born} le {birth}. Mon adresse e-mail est {email} et vous pouvez "
     "me joindre au {phone}."),
    "{client} {name} ({email}) signale une erreur sur la facture du {date} : montant débité {amount}.",
    ("Appel entrant du {phone} : l'assuré demande le remboursement de sa consultation du {date}. "
     "N° de sécurité sociale : {nir}."),
    "{title} {name}, date de naissance {birth}, NIR {nir}, souhaite mettre à jour son adresse à {city}.",
    ("Bonjour, je n'arrive pas à me connecter à mon espace. Mon identifiant est {email}. Merci de me "
     "rappeler au {phone} après 18 h."),
    "Commande n° {order} non reçue. Contact : {email}.",
    "{patient} {name}, {born} le {birth}, a rendez-vous le {date} en cardiologie.",
    "Suite à notre échange téléphonique, voici mon numéro de sécu : {nir} et mon portable : {phone}.",
    "Ticket {ticket} : l'utilisateur ne reçoit pas les SMS de confirmation sur le {phone}.",
    "Je souhaite résilier mon abonnement. Numéro client {order}. Merci de confirmer par courriel à {email}.",
    "Dossier de {name} (DDN : {birth}) transmis au service facturation le {date}.",
    "Erreur 502 sur la page de paiement depuis le {date}, plusieurs clients touchés, aucune donnée exposée.",
    ("Bonjour, {relative} {name}, {born} le {birth}, n'a pas reçu sa carte Vitale. Son numéro : {nir}. "
     "Vous pouvez me joindre au {phone} ou à {email}."),
    "Demande de rappel : {phone}. Motif : question sur le tiers payant.",
    "L'assuré indique que son numéro de sécurité sociale ({nir}) est mal saisi sur l'attestation du {date}.",
    "Mot de passe réinitialisé pour {email} à la demande de l'utilisateur.",
    "Remboursement de {amount} effectué le {date} pour la commande {order}.",
    "Message vocal de {name} : « Rappelez-moi au {phone}, c'est urgent. »",
    "Formulaire reçu : nom {name} ; né(e) le {birth} ; courriel {email} ; tél. {phone}.",
    "La cliente demande la suppression de ses données (RGPD). Adresse concernée : {email}. Ticket {ticket}.",
    "Le centre de {city} signale une panne du lecteur de cartes depuis le {date}.",
    "{patient_short} {name}, NIR {nir}, {born} le {birth} à {city}, tél. {phone}.",
    "Relance : le client {email} attend toujours une réponse à son ticket {ticket} ouvert le {date}.",
    "Bonjour, nouveau numéro de téléphone : {phone} (l'ancien, {phone2}, n'est plus attribué).",
    "Rendez-vous du {date} annulé à la demande de {name}. Prévenir par SMS au {phone}.",
)

_LABELS = {"email": "EMAIL", "phone": "PHONE", "phone2": "PHONE", "nir": "NIR", "birth": "BIRTH_DATE"}
_SLOT = re.compile(r"\{(\w+)\}")


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z-]", "", folded.lower())


def _date_text(draw: Draws, year: int, month: int, day: int) -> str:
    style = draw.pick(range(4), [0.5, 0.25, 0.15, 0.1])
    if style == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if style == 1:
        return f"{'1er' if day == 1 else day} {_MONTHS[month - 1]} {year}"
    if style == 2:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day:02d}.{month:02d}.{year}"


def _random_date(draw: Draws, first_year: int, last_year: int) -> tuple[int, int, int]:
    year = draw.integer(first_year, last_year + 1)
    month = draw.integer(1, 13)
    day = draw.integer(1, 29)  # every month has 28 days
    return year, month, day


def _phone(draw: Draws) -> str:
    block = draw.pick(FICTION_BLOCKS, [0.15, 0.1, 0.1, 0.1, 0.55])
    digits = block + f"{draw.integer(0, 10_000):04d}"
    pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
    style = draw.pick(range(6), [0.4, 0.2, 0.15, 0.15, 0.05, 0.05])
    international = [pairs[0][1]] + pairs[1:]
    return (" ".join(pairs), digits, ".".join(pairs), "+33 " + " ".join(international),
            "+33" + digits[1:], "-".join(pairs))[style]


def nir_key(first_thirteen: str) -> int:
    """The control key of a French social-security number: 97 minus the number modulo 97.

    A person born in Corsica has ``2A`` or ``2B`` as department: the key is computed
    with 19 and 18 in their place.

    >>> nir_key("1850375123456"), nir_key("285032A123456") == nir_key("2850319123456")
    (41, True)
    """
    digits = first_thirteen.upper().replace("2A", "19", 1).replace("2B", "18", 1)
    return 97 - int(digits) % 97


def _nir(draw: Draws, female: bool, year: int, month: int) -> str:
    department = draw.pick(_DEPARTMENT_CODES)
    commune = draw.integer(1, 1000)
    order = draw.integer(1, 1000)
    body = f"{2 if female else 1}{year % 100:02d}{month:02d}{department}{commune:03d}{order:03d}"
    key = f"{nir_key(body):02d}"
    style = draw.pick(range(3), [0.5, 0.3, 0.2])
    if style == 0:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"
    if style == 1:
        return body + key
    return f"{body} {key}"


def _person(draw: Draws) -> dict[str, Any]:
    female = draw.rng.random() < 0.55
    names = _WOMEN if female else _MEN
    first = draw.pick(names)
    last = draw.pick(_SURNAMES)
    year, month, day = _random_date(draw, 1932, 2005)
    style = draw.pick(range(4), [0.4, 0.2, 0.2, 0.2])
    local = (f"{_ascii(first)}.{_ascii(last)}", f"{_ascii(first)[0]}{_ascii(last)}",
             f"{_ascii(first)}{draw.integer(1, 100)}",
             f"{_ascii(first)}_{_ascii(last)}")[style]
    domain = draw.pick(_DOMAINS)
    email = f"{local}@{domain}"
    if draw.rng.random() < 0.1:
        email = f"{local.capitalize()}@{domain}"
    return {
        "female": female, "name": f"{first} {last}", "title": "Mme" if female else "M.",
        "born": "née" if female else "né", "patient": "La patiente" if female else "Le patient",
        "patient_short": "Patiente" if female else "Patient", "client": "Cliente" if female else "Client",
        "relative": "ma mère" if female else "mon père", "birth": _date_text(draw, year, month, day),
        "email": email, "phone": _phone(draw), "phone2": _phone(draw),
        "nir": _nir(draw, female, year, month),
    }


def _fill(template: str, values: dict[str, str]) -> tuple[str, list[dict[str, Any]]]:
    pieces: list[str] = []
    spans: list[dict[str, Any]] = []
    position = 0
    length = 0
    for match in _SLOT.finditer(template):
        literal = template[position:match.start()]
        pieces.append(literal)
        length += len(literal)
        slot = match.group(1)
        value = values[slot]
        if slot in _LABELS:
            spans.append({"start": length, "end": length + len(value), "label": _LABELS[slot],
                          "text": value})
        pieces.append(value)
        length += len(value)
        position = match.end()
    pieces.append(template[position:])
    return "".join(pieces), spans


def redact(text: str, spans: list[dict[str, Any]]) -> str:
    """`text` with each span replaced by the placeholder of its label (``[EMAIL]``, ...)."""
    result = text
    for span in sorted(spans, key=lambda s: s["start"], reverse=True):
        result = result[:span["start"]] + PLACEHOLDERS[span["label"]] + result[span["end"]:]
    return result


def pii_logs(rng: np.random.Generator, *, n: int = 300) -> pd.DataFrame:
    """Support-desk messages in French with personal data, and where that data is.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int, default 300

    Returns
    -------
    pandas.DataFrame
        ``log_id, received_at, channel, text, spans, redacted``; ``spans`` is a
        list of ``{"start", "end", "label", "text"}`` (labels ``EMAIL``,
        ``PHONE``, ``NIR``, ``BIRTH_DATE``; ``text[start:end]`` is the value)
        and ``redacted`` the text with each span replaced by ``[EMAIL]``,
        ``[TELEPHONE]``, ``[NIR]`` or ``[DATE_NAISSANCE]``.
    """
    import pandas as pd

    draw = Draws(rng)
    rows = []
    template_ids = draw.integers(0, len(_TEMPLATES), n)
    minutes = np.sort(draw.integers(0, 366 * 24 * 60, n))
    for number, template_id in enumerate(template_ids):
        person = _person(draw)
        other_date = _date_text(draw, *_random_date(draw, 2023, 2025))
        values = {key: value for key, value in person.items() if isinstance(value, str)}
        values.update({
            "date": other_date,
            "order": str(draw.integer(1_000_000_000, 10_000_000_000)),
            "ticket": f"#{draw.integer(10_000, 100_000)}",
            "amount": f"{draw.integer(5, 400)},{draw.integer(0, 100):02d} €",
            "city": draw.pick(_CITIES),
        })
        text, spans = _fill(_TEMPLATES[int(template_id)], values)
        rows.append({
            "log_id": number + 1,
            "received_at": str(np.datetime64("2024-01-01T00:00") + np.timedelta64(int(minutes[number]), "m"))
            .replace("T", " "),
            "channel": draw.pick(_CHANNELS, [0.35, 0.3, 0.2, 0.15]),
            "text": text,
            "spans": spans,
            "redacted": redact(text, spans),
        })
    return pd.DataFrame(rows)
