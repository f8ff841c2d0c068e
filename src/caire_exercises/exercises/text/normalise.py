"""text.normalise: clean messages with ``Dataset.map(batched=True)``, every column kept.

The probe calls the learner's ``normalise`` on one batch directly, then through
``Dataset.map``, and reports the columns and texts it gave back. The texts the
rules give are worked out when the cases are made and kept in the cases' private
part: the judge compares with them, and names the first message that differs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import same_as_mistake
from caire_exercises.exercises.text._common import MODULE_ID, NEEDS_DATASETS, messages
from caire_exercises.exercises.text.probes import observe_normaliser

# ------------------------------------------------------------------------------- reference


def normalise(batch):
    texts = []
    for text in batch["text"]:
        text = text.lower()
        text = re.sub(r"(?:https?://|www\.)\S+", "<url>", text)
        text = re.sub(r"\d+(?:[.,]\d+)*", "<num>", text)
        texts.append(text)
    return {**batch, "text": texts}


_URL = re.compile(r"(?:https?://|www\.)\S+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalised(message: str) -> str:
    """One message as the rules make it: lower case, then links, then numbers."""
    return _NUMBER.sub("<num>", _URL.sub("<url>", message.lower()))


# ---------------------------------------------------------------------------- variant, cases


_TRICKY_MESSAGES = (
    "URGENT ! Votre colis 8841 vous attend : https://suivi-colis.example/8841?code=77 (frais 1,99 €)",
    "Meet me at 6.30pm, platform 4 — www.trains.example.co.uk/live has the times",
    "RDV le 12/03 à 14h30 au 06 12 34 56 78.",
    "Pas de chiffre ni de lien ici, juste des MAJUSCULES.",
    "Prix : 1.299,90 € au lieu de 2 000 € sur WWW.PROMO-FLASH.EXAMPLE !!!",
    "http://a.example and http://b.example, then 3 numbers: 7, 8.5 and 1,000",
)

# Words that look like links or numbers without being whole ones, and links ended by a tab or a
# line break: they tell `\S+` from `[^ ]+`, `https?://` from `http\S*`, `\d+(?:[.,]\d+)*` from
# `[\d.,]+`; and spaces at the ends or doubled, which `.strip()` or `" ".join(t.split())` lose.
_LOOK_ALIKES = (
    "Méfiez-vous : un site en https n'est pas forcément sûr, même avec un cadenas.",
    "Tapez www puis le nom du site, sans http devant.",
    "Suivi du colis : https://colis.example/42\nLivraison demain entre 8 et 12h.",
    "Prix barré...9,99 € au lieu de 19,99 € ! Offre valable jusqu'au 31.12.",
    "Nouvelle version 2.0 sur http://maj.example\tdès maintenant.",
    # Spaces are left as they are: no rule strips them or merges them.
    "  Rendez-vous  à 9h,  salle 2  ",
)


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n_messages": int(rng.integers(12, 25)), "batch_size": int(rng.choice([3, 4, 5])),
            "rows_seed": int(rng.integers(1, 1_000_000))}


def _message_batch(texts: list[str], rng: np.random.Generator) -> Any:
    import pandas as pd

    return pd.DataFrame({"text": texts, "label": rng.choice(["ham", "spam"], size=len(texts)).tolist(),
                         "lang": rng.choice(["fr", "en"], size=len(texts)).tolist(),
                         "id": list(range(1, len(texts) + 1))})


def _case(name: str, frame: Any, batch_size: int, **options: Any) -> Case:
    """A case, with what the rules make of its messages kept for the judge alone."""
    return Case(name, (frame,), {"batch_size": batch_size},
                private={"texts": [normalised(str(text)) for text in frame["text"]]}, **options)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    table = messages()
    shown_rng = np.random.default_rng(params["rows_seed"])
    rows = shown_rng.choice(len(table), size=params["n_messages"], replace=False)
    shown = table.iloc[np.sort(rows)].reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))
    hidden_rows = rng.choice(len(table), size=int(rng.integers(30, 60)), replace=False)
    hidden = table.iloc[hidden_rows].reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))
    size = params["batch_size"]
    return [
        _case("messages", shown, size,
              label=Text(en=f"{len(shown)} messages, map(batched=True, batch_size={size})",
                         fr=f"{len(shown)} messages, map(batched=True, batch_size={size})")),
        _case("tricky messages", _message_batch(list(_TRICKY_MESSAGES), shown_rng), 2,
              label=Text(en="links with digits, www. links in capitals, decimals, phone numbers, times",
                         fr="liens avec chiffres, liens www. en majuscules, décimaux, téléphones, heures")),
        _case("look-alikes", _message_batch(list(_LOOK_ALIKES), shown_rng), 2,
              label=Text(en="'https' and 'www' that are not links, a link before a tab or a line break, "
                            "dots around numbers, spaces to keep as they are",
                         fr="«\u202fhttps\u202f» et «\u202fwww\u202f» qui ne sont pas des liens, un lien suivi d'une tabulation "
                            "ou d'un retour à la ligne, des points autour de nombres, des espaces à "
                            "garder tels quels")),
        _case("one message per batch", shown.head(5), 1,
              label=Text(en="batch_size=1: each batch holds a list of one message",
                         fr="batch_size=1\u202f: chaque lot contient une liste d'un seul message")),
        _case("hidden", hidden, int(rng.choice([7, 16, 32])), hidden=True),
    ]


# ------------------------------------------------------------------------------------ facts


def _columns_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Text:
    """What normalise(batch) returned instead of the batch's columns: too few, or too many."""
    returned, wanted = list(observed["returned"]), sorted(case.args[0].columns)
    extra = [column for column in returned if column not in wanted]
    if extra and all(column in returned for column in wanted):
        return Text(
            en=f"normalise(batch) returned the columns {returned}, with {extra} added: return the "
               f"columns of the batch and no others, 'text' replaced by the new texts.",
            fr=f"normalise(batch) a renvoyé les colonnes {returned}, dont {extra} en trop\u202f: renvoyez "
               f"les colonnes du lot et aucune autre, 'text' remplacée par les nouveaux textes.")
    return Text(
        en=f"normalise(batch) returned {returned}: it must return the whole batch, every column "
           f"of it, not only the text. Return {{**batch, 'text': new_texts}}.",
        fr=f"normalise(batch) a renvoyé {returned}\u202f: elle doit renvoyer tout le lot, chacune de "
           f"ses colonnes, pas seulement le texte. Renvoyez {{**batch, 'text': nouveaux_textes}}.")


def _columns_kept(observed: Mapping[str, Any], case: Case) -> bool:
    return list(observed["returned"]) == sorted(case.args[0].columns)


def _all_rows(observed: Mapping[str, Any], case: Case) -> bool:
    return "text" in observed["columns"] and observed["rows"] == len(case.args[0])


def _others_unchanged(observed: Mapping[str, Any], case: Case) -> bool:
    frame = case.args[0]
    others = observed["others"]
    return all(column in others and list(others[column]) == frame[column].tolist()
               for column in frame.columns if column != "text")


def _texts_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Text:
    mine, wanted = observed.get("texts"), case.private["texts"]
    if not isinstance(mine, list) or len(mine) != len(wanted):
        return Text(en="The normalised texts differ.", fr="Les textes normalisés diffèrent.")
    index = next(i for i, (a, b) in enumerate(zip(mine, wanted)) if a != b)
    original = str(case.args[0]["text"].iloc[index])
    return Text(
        en=f"Message {index + 1}, {original!r}, became {mine[index]!r}; expected {wanted[index]!r}.",
        fr=f"Le message {index + 1}, {original!r}, est devenu {mine[index]!r}\u202f; attendu\u202f: {wanted[index]!r}.")


FACTS = (
    Fact("columns_kept", lambda observed, expected, case: _columns_kept(observed, case), _columns_feedback),
    Fact("rows", lambda observed, expected, case: _all_rows(observed, case),
         lambda observed, expected, case: Text(
             en=f"After map, the dataset has {observed['rows']} rows and the columns {observed['columns']}; "
                f"expected {len(case.args[0])} rows with a 'text' column: return one text for each text "
                f"of the batch.",
             fr=f"Après map, le dataset a {observed['rows']} lignes et les colonnes {observed['columns']}\u202f; "
                f"{len(case.args[0])} lignes avec une colonne 'text' sont attendues\u202f: renvoyez un texte "
                f"pour chaque texte du lot.")),
    Fact("others_unchanged",
         lambda observed, expected, case: (_columns_kept(observed, case) and _all_rows(observed, case)
                                           and _others_unchanged(observed, case)),
         Text(en="The columns other than text changed: normalise must give them back as they came.",
              fr="Les colonnes autres que text ont changé\u202f: normalise doit les rendre telles qu'elle les a "
                 "reçues.")),
    Fact("texts", lambda observed, expected, case: list(observed["texts"]) == list(case.private["texts"]),
         _texts_feedback),
)


# --------------------------------------------------------------------------------- mistakes


def _normalise_one_example(batch):
    text = batch["text"].lower()
    text = _URL.sub("<url>", text)
    return {**batch, "text": _NUMBER.sub("<num>", text)}


def _normalise_drops_columns(batch):
    return {"text": [normalised(text) for text in batch["text"]]}


def _normalise_each_digit(batch):
    texts = [re.sub(r"\d", "<num>", _URL.sub("<url>", text.lower())) for text in batch["text"]]
    return {**batch, "text": texts}


def _normalise_misses_www(batch):
    texts = [_NUMBER.sub("<num>", re.sub(r"https?://\S+", "<url>", text.lower())) for text in batch["text"]]
    return {**batch, "text": texts}


def _normalise_no_lower(batch):
    texts = [_NUMBER.sub("<num>", _URL.sub("<url>", text)) for text in batch["text"]]
    return {**batch, "text": texts}


TEACHER_NOTES = Text(
    en=("Objectives: write a batched function for Dataset.map; apply ordered "
        "regular-expression rules exactly as stated. Misconception aimed at: that "
        "batch['text'] is one message when batched=True, and that returning only the changed "
        "column is enough. Debrief: why replace links before numbers? What does lower-casing "
        "gain and lose for a spam filter? What would remove_columns do to a function that "
        "returns only the text?"),
    fr=("Objectifs\u202f: écrire une fonction par lots pour Dataset.map\u202f; appliquer "
        "exactement des règles d'expressions régulières dans l'ordre donné. Idée fausse "
        "visée\u202f: avec batched=True, batch['text'] serait un seul message, et il "
        "suffirait de renvoyer la colonne modifiée. Questions pour le bilan\u202f: pourquoi "
        "remplacer les liens avant les nombres\u202f? Que gagne-t-on et que perd-on à tout "
        "mettre en minuscules pour un filtre à spam\u202f? Que ferait remove_columns d'une "
        "fonction qui ne renvoie que le texte\u202f?"),
)


NORMALISE = Exercise(
    id="text.normalise",
    module=MODULE_ID,
    audience=("engineering",),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="Clean messages with Dataset.map", fr="Nettoyer des messages avec Dataset.map"),
    statement=Text(
        en="""Write `normalise(batch)`, a function for `Dataset.map(normalise, batched=True)`.

With `batched=True`, `batch` is a dict of lists: `batch["text"]` is a **list** of messages, and
the other columns (`label`, `lang`, `id`) are lists of the same length. Return a dict with
**every** column of the batch, the other columns unchanged, and `"text"` replaced by the list
of normalised messages. Normalise each message with these rules, in this order:

1. lower-case it (`str.lower()`);
2. replace each link by `<url>`: a link starts with `http://`, `https://` or `www.` and runs
   up to the next space, tab or line break (whatever it holds, punctuation included);
3. replace each number by `<num>`: a run of digits, with `,` or `.` between digits kept inside
   it (`12,50`, `3.5` and `1.299,90` are one number each; `06 12 34` is three numbers).

Nothing else changes: spaces (even at the ends, or doubled) and punctuation stay as they are.

Example: `"Colis 8841 : https://suivi.example/8841, frais 1,99 € !"` becomes
`"colis <num> : <url> frais <num> € !"`.

The checker calls `normalise` on a batch directly, `normalise(dataset[:{batch_size}])`, and through
`dataset.map(normalise, batched=True, batch_size={batch_size})`: both must work. A function that
returns only the text would lose the other columns when called on its own, or when `map` is
given `remove_columns=dataset.column_names` to replace the rows. Your variant: {n_messages}
messages in batches of {batch_size}; hidden cases use other messages and other batch sizes.""",
        fr="""Écrivez `normalise(batch)`, une fonction pour `Dataset.map(normalise, batched=True)`.

Avec `batched=True`, `batch` est un dict de listes\u202f: `batch["text"]` est une **liste** de
messages, et les autres colonnes (`label`, `lang`, `id`) sont des listes de même longueur.
Renvoyez un dict avec **toutes** les colonnes du lot, les autres colonnes inchangées, et
`"text"` remplacée par la liste des messages normalisés. Normalisez chaque message avec ces
règles, dans cet ordre\u202f:

1. le mettre en minuscules (`str.lower()`)\u202f;
2. remplacer chaque lien par `<url>`\u202f: un lien commence par `http://`, `https://` ou `www.` et
   s'étend jusqu'à l'espace, la tabulation ou le retour à la ligne qui suit (quoi qu'il
   contienne, ponctuation comprise)\u202f;
3. remplacer chaque nombre par `<num>`\u202f: une suite de chiffres, où `,` ou `.` entre deux
   chiffres restent dans le nombre (`12,50`, `3.5` et `1.299,90` sont chacun un nombre\u202f;
   `06 12 34` en fait trois).

Rien d'autre ne change\u202f: les espaces (même en début ou en fin de message, ou doublés) et la
ponctuation restent tels quels.

Exemple\u202f: `"Colis 8841 : https://suivi.example/8841, frais 1,99 € !"` devient
`"colis <num> : <url> frais <num> € !"`.

Le correcteur appelle `normalise` directement sur un lot, `normalise(dataset[:{batch_size}])`, et
au travers de `dataset.map(normalise, batched=True, batch_size={batch_size})`\u202f: les deux doivent
marcher. Une fonction qui ne renvoie que le texte perdrait les autres colonnes, appelée seule ou
quand `map` reçoit `remove_columns=dataset.column_names` pour remplacer les lignes. Votre
variante\u202f: {n_messages} messages par lots de {batch_size}\u202f; les cas cachés utilisent d'autres
messages et d'autres tailles de lot.""",
    ),
    answer_name="normalise",
    kind="function",
    reference=normalise,
    solution_code=r'''
    import re


    def normalise(batch):
        texts = []
        for text in batch["text"]:
            text = text.lower()
            text = re.sub(r"(?:https?://|www\.)\S+", "<url>", text)
            text = re.sub(r"\d+(?:[.,]\d+)*", "<num>", text)
            texts.append(text)
        return {**batch, "text": texts}
    ''',
    cases=_cases,
    variant=_variant,
    probe=observe_normaliser,
    facts=FACTS,
    checks=(same_as_mistake(FACTS, "returned", "texts"),),
    compare_values=False,
    difficulty=1,
    minutes=15,
    tags=("hugging face", "datasets", "map", "batched", "regular expressions", "text cleaning"),
    dataset="messages",
    timeout=10.0,
    requires=NEEDS_DATASETS,
    mistakes=(
        Mistake("one_example", Text(
            en="Your function treats batch['text'] as one message, but with batched=True it is a list of "
               "messages. Loop over it: [clean(text) for text in batch['text']].",
            fr="Votre fonction traite batch['text'] comme un seul message, mais avec batched=True c'est une "
               "liste de messages. Parcourez-la\u202f: [nettoyer(texte) for texte in batch['text']]."),
            _normalise_one_example),
        Mistake("drops_columns", Text(
            en="You returned only the text column, so label, lang and id are lost when normalise is called "
               "on its own or when map replaces the rows (remove_columns). Return the whole batch with the "
               "new texts: {**batch, 'text': texts}.",
            fr="Vous ne renvoyez que la colonne text\u202f: label, lang et id sont perdues quand normalise est "
               "appelée seule ou quand map remplace les lignes (remove_columns). Renvoyez tout le lot avec "
               "les nouveaux textes\u202f: {**batch, 'text': textes}."),
            _normalise_drops_columns),
        Mistake("each_digit", Text(
            en="You replaced each digit by <num>, so 2024 became <num><num><num><num>. A number is a run "
               "of digits: use \\d+ (with (?:[.,]\\d+)* for decimals), not \\d.",
            fr="Vous avez remplacé chaque chiffre par <num>\u202f: 2024 est devenu <num><num><num><num>. Un "
               "nombre est une suite de chiffres\u202f: utilisez \\d+ (avec (?:[.,]\\d+)* pour les décimaux), "
               "pas \\d."),
            _normalise_each_digit),
        Mistake("misses_www", Text(
            en="Links that start with www. (without http) are not replaced. Accept both forms: "
               "(?:https?://|www\\.)\\S+.",
            fr="Les liens qui commencent par www. (sans http) ne sont pas remplacés. Acceptez les deux "
               "formes\u202f: (?:https?://|www\\.)\\S+."),
            _normalise_misses_www),
        Mistake("no_lower", Text(
            en="The messages are not lower-cased: 'URGENT' and 'urgent' would count as two different "
               "words. Call text.lower() first.",
            fr="Les messages ne sont pas mis en minuscules\u202f: 'URGENT' et 'urgent' compteraient comme deux "
               "mots différents. Appelez d'abord texte.lower()."),
            _normalise_no_lower),
    ),
    hints=(
        Text(en="With batched=True, write a loop: `texts = [clean(t) for t in batch[\"text\"]]`, where "
                "`clean` handles one message.",
             fr="Avec batched=True, écrivez une boucle\u202f: `textes = [nettoyer(t) for t in batch[\"text\"]]`, "
                "où `nettoyer` traite un seul message."),
        Text(en="`re.sub(r\"(?:https?://|www\\.)\\S+\", \"<url>\", text)` replaces links; do it before the "
                "numbers, since links often hold digits.",
             fr="`re.sub(r\"(?:https?://|www\\.)\\S+\", \"<url>\", texte)` remplace les liens\u202f; faites-le "
                "avant les nombres, car les liens contiennent souvent des chiffres."),
        Text(en="`re.sub(r\"\\d+(?:[.,]\\d+)*\", \"<num>\", text)` replaces numbers; return "
                "`{**batch, \"text\": texts}` to keep the other columns.",
             fr="`re.sub(r\"\\d+(?:[.,]\\d+)*\", \"<num>\", texte)` remplace les nombres\u202f; renvoyez "
                "`{**batch, \"text\": textes}` pour garder les autres colonnes."),
    ),
)


