"""text.build_dataset: a Hugging Face DatasetDict from a pandas table, stratified and seeded.

The probe calls the learner's ``make_dataset`` on tables of messages with several seeds and
reports the splits it built (columns, label feature, texts, label codes); the judge decides from
those and from the table itself whether the split is the one asked for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import same_as_mistake
from caire_exercises.exercises.text._common import MODULE_ID, NEEDS_DATASETS, TEST_FRACTION, french_number, judged_once, messages
from caire_exercises.exercises.text.probes import observe_dataset_builder

# ------------------------------------------------------------------------------- reference


def make_dataset(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False)
    dataset = dataset.class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


# ---------------------------------------------------------------------------- variant, cases


_LABEL_PAIRS = (("ham", "spam"), ("normal", "spam"), ("légitime", "indésirable"), ("ok", "spam"))


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    negative, positive = _LABEL_PAIRS[int(rng.integers(len(_LABEL_PAIRS)))]
    return {"n_rows": int(rng.integers(100, 161)), "spam_share": round(float(rng.uniform(0.2, 0.4)), 2),
            "negative": negative, "positive": positive, "rows_seed": int(rng.integers(1, 1_000_000))}


def _message_frame(n_rows: int, spam_share: float, negative: str, positive: str,
                   rng: np.random.Generator) -> Any:
    """`n_rows` messages with about `spam_share` of spam, labels renamed, index kept from the table."""
    table = messages()
    spam = np.flatnonzero((table["label"] == "spam").to_numpy())
    ham = np.flatnonzero((table["label"] == "ham").to_numpy())
    n_spam = max(2, round(n_rows * spam_share))
    rows = np.concatenate([rng.choice(spam, n_spam, replace=False),
                           rng.choice(ham, n_rows - n_spam, replace=False)])
    frame = table.iloc[np.sort(rows)].copy()
    frame["label"] = frame["label"].map({"ham": negative, "spam": positive})
    return frame


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    negative, positive = params["negative"], params["positive"]
    shown_rng = np.random.default_rng(params["rows_seed"])
    frame = _message_frame(params["n_rows"], params["spam_share"], negative, positive, shown_rng)
    rare = _message_frame(100, 0.1, negative, positive, shown_rng)
    # The first row carries the label that comes last alphabetically: names taken in the order
    # of first appearance (list(df.label.unique())) come out in the wrong order here.
    late = max(negative, positive)
    shuffled = _message_frame(60, 0.3, negative, positive, shown_rng)
    top = int(np.flatnonzero((shuffled["label"] == late).to_numpy())[0])
    shuffled = shuffled.iloc[[top] + [i for i in range(len(shuffled)) if i != top]]
    hidden_size, hidden_share = int(rng.integers(80, 161)), float(rng.uniform(0.1, 0.45))
    hidden = _message_frame(hidden_size, hidden_share, negative, positive, rng)
    hidden_seeds = tuple(int(s) for s in rng.choice(10_000, size=3, replace=False))
    return [
        Case("messages", (frame,), {"seeds": (0, 1, 2)},
             label=Text(en=f"{len(frame)} messages ({positive} or {negative}), seeds 0, 1 and 2",
                        fr=f"{len(frame)} messages ({positive} ou {negative}), graines 0, 1 et 2")),
        Case("rare spam", (rare,), {"seeds": (7, 8, 9)},
             label=Text(en=f"100 messages, only 10 of them {positive}",
                        fr=f"100 messages, dont 10 seulement {positive}")),
        Case("late label first", (shuffled,), {"seeds": (3, 4, 5)},
             label=Text(en=f"60 messages, the first of them {late}: the label names still go in "
                           f"alphabetical order",
                        fr=f"60 messages, dont le premier est {late}\u202f: les noms des étiquettes restent dans "
                           f"l'ordre alphabétique")),
        Case("hidden", (hidden,), {"seeds": hidden_seeds}, hidden=True),
    ]


# ------------------------------------------------------------------------------------ facts


def _decodes_to(split: Mapping[str, Any], truth: Mapping[str, str]) -> bool:
    """Whether every row of `split`, decoded with its own ClassLabel names, carries its true label."""
    names, texts, codes = split.get("names"), split.get("texts"), split.get("labels")
    if names is None or texts is None or codes is None or len(texts) != len(codes):
        return False
    return all(isinstance(code, int) and not isinstance(code, bool) and 0 <= code < len(names)
               and names[code] == truth.get(text) for text, code in zip(texts, codes))


@judged_once
def _summary(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """What the judge reads in the splits the answer built, against the table it was given."""
    frame = case.args[0]
    labels = sorted(frame["label"].unique())
    facts: dict[str, bool] = {"type": observed["is_dataset_dict"] is True}
    if not facts["type"]:
        return {"facts": facts, "got": str(observed.get("type"))}
    splits = list(observed["splits"])
    facts["splits"] = splits == ["test", "train"]
    if not facts["splits"]:
        return {"facts": facts, "splits": splits}
    train, test = observed["train"], observed["test"]
    columns = sorted(set(train["columns"]) | set(test["columns"]))
    facts["columns"] = columns == ["label", "lang", "text"]
    # Both splits must carry the same ClassLabel: a test split left with text labels (or
    # encoded on its own) would be decoded with names that are not its own.
    label_split, names, feature = "train", train["names"], train["feature"]
    if names is not None and test["feature"] != train["feature"]:
        label_split, names, feature = "test", test["names"], test["feature"]
    facts["label_feature"] = names is not None and list(names) == labels
    n_test, n_train = int(test["rows"]), int(train["rows"])
    wanted_test = math.ceil(TEST_FRACTION * len(frame))
    facts["sizes"] = n_train + n_test == len(frame) and abs(n_test - wanted_test) <= 1
    texts = frame["text"].tolist()
    given = (train["texts"] or []) + (test["texts"] or [])
    facts["rows_kept"] = train["texts"] is not None and test["texts"] is not None and sorted(given) == sorted(texts)
    truth = dict(zip(texts, frame["label"]))
    facts["labels_match"] = facts["rows_kept"] and all(_decodes_to(split, truth) for split in (train, test))
    test_sets = [sorted(test["texts"])] if facts["rows_kept"] else []
    if facts["rows_kept"]:
        test_sets += [list(other) if other is not None else None for other in observed["other_seeds"]]
    share = float(np.mean(frame["label"] == labels[-1]))
    off_by = [abs(sum(truth.get(text) == labels[-1] for text in test_texts) - share * len(test_texts))
              for test_texts in test_sets if test_texts is not None]
    facts["stratified"] = bool(off_by) and None not in test_sets and max(off_by) <= 1.0
    again = observed.get("same_seed_again") if facts["rows_kept"] else None
    facts["reproducible"] = again is not None and list(again) == test_sets[0]
    # Every seed its own split: a seed folded onto a few values (seed % 2) is not "used".
    distinct = {tuple(test_texts) for test_texts in test_sets if test_texts is not None}
    facts["seed_used"] = len(test_sets) > 1 and len(distinct) == len(test_sets)
    facts["input_unchanged"] = observed["input_changed"] is False
    return {"facts": facts, "columns": columns, "names": names, "labels": labels, "feature": feature,
            "label_split": label_split, "n_test": n_test, "n_train": n_train, "n_rows": len(frame),
            "wanted_test": wanted_test, "off_by": max(off_by) if off_by else None}


_FEEDBACK = {
    "type": lambda d: Text(
        en=f"make_dataset returned a {d.get('got')}; expected a datasets.DatasetDict with a 'train' and a "
           f"'test' split. Dataset.train_test_split returns one.",
        fr=f"make_dataset a renvoyé un {d.get('got')}\u202f; un datasets.DatasetDict avec une partie 'train' et "
           f"une partie 'test' est attendu. Dataset.train_test_split en renvoie un."),
    "splits": lambda d: Text(
        en=f"The DatasetDict has the splits {d.get('splits')}; expected exactly 'train' and 'test'.",
        fr=f"Le DatasetDict a les parties {d.get('splits')}\u202f; exactement 'train' et 'test' sont attendues."),
    "columns": lambda d: Text(
        en=f"The splits have the columns {d.get('columns')}; expected exactly label, lang and text. A column "
           f"'__index_level_0__' comes from the DataFrame's index: use "
           f"Dataset.from_pandas(df, preserve_index=False).",
        fr=f"Les parties ont les colonnes {d.get('columns')}\u202f; exactement label, lang et text sont "
           f"attendues. Une colonne '__index_level_0__' vient de l'index du DataFrame\u202f: utilisez "
           f"Dataset.from_pandas(df, preserve_index=False)."),
    "label_feature": lambda d: Text(
        en=f"The label column of the {d.get('label_split', 'train')} split is {d.get('feature')}; expected "
           f"ClassLabel(names={d.get('labels')}), the label values in alphabetical order, in both splits. "
           f"dataset.class_encode_column('label') makes it.",
        fr=f"La colonne label de la partie {d.get('label_split', 'train')} est {d.get('feature')}\u202f; "
           f"ClassLabel(names={d.get('labels')}) est attendu, les valeurs des étiquettes dans l'ordre "
           f"alphabétique, dans les deux parties. dataset.class_encode_column('label') le construit."),
    "sizes": lambda d: Text(
        en=f"The test split has {d.get('n_test')} rows and the train split {d.get('n_train')}, out of "
           f"{d.get('n_rows')}; expected {d.get('wanted_test')} test rows (20 %, rounded up) and all the "
           f"others in train.",
        fr=f"La partie test a {d.get('n_test')} lignes et la partie train {d.get('n_train')}, sur "
           f"{d.get('n_rows')}\u202f; {d.get('wanted_test')} lignes de test sont attendues (20\u202f%, arrondi "
           f"au-dessus) et toutes les autres dans train."),
    "rows_kept": lambda d: Text(
        en="The messages of train and test together are not the messages given: every message must be in "
           "exactly one split, unchanged.",
        fr="Les messages de train et de test réunis ne sont pas ceux reçus\u202f: chaque message doit se "
           "trouver dans une seule partie, inchangé."),
    "labels_match": lambda d: Text(
        en="Some messages carry the wrong label once decoded with the ClassLabel's names: encode the "
           "column with class_encode_column rather than by hand.",
        fr="Certains messages portent une mauvaise étiquette une fois décodée avec les noms du "
           "ClassLabel\u202f: encodez la colonne avec class_encode_column plutôt qu'à la main."),
    "stratified": lambda d: Text(
        en=f"The split is not stratified: the share of each label in the test split is off by "
           f"{d.get('off_by') or 0:.1f} messages for at least one seed. Pass stratify_by_column='label' to "
           f"train_test_split.",
        fr=f"La partition n'est pas stratifiée\u202f: la part de chaque étiquette dans la partie test s'écarte "
           f"de {french_number(d.get('off_by') or 0, 1)} messages pour au moins une graine. Passez "
           f"stratify_by_column='label' à train_test_split."),
    "reproducible": lambda d: Text(
        en="Called twice with the same seed, make_dataset gave two different splits: pass seed=seed to "
           "train_test_split.",
        fr="Appelée deux fois avec la même graine, make_dataset a donné deux partitions différentes\u202f: "
           "passez seed=seed à train_test_split."),
    "seed_used": lambda d: Text(
        en="Different seeds gave the same split: the argument seed is not used. Pass seed=seed to "
           "train_test_split instead of a fixed number.",
        fr="Des graines différentes ont donné la même partition\u202f: l'argument seed n'est pas utilisé. "
           "Passez seed=seed à train_test_split au lieu d'un nombre fixe."),
    "input_unchanged": lambda d: Text(
        en="make_dataset changed the DataFrame it was given (a column, the index or the values): the "
           "caller's df must stay as it was. Work on what Dataset.from_pandas returns, or on "
           "df.copy(), and avoid inplace=True.",
        fr="make_dataset a modifié le DataFrame reçu (une colonne, l'index ou les valeurs)\u202f: le df de "
           "l'appelant doit rester tel quel. Travaillez sur ce que renvoie Dataset.from_pandas, ou sur "
           "df.copy(), et évitez inplace=True."),
}


def _fact(name: str) -> Fact:
    return Fact(name, lambda observed, expected, case: _summary(observed, case)["facts"].get(name) is True,
                lambda observed, expected, case: _FEEDBACK[name](_summary(observed, case)))


FACTS = tuple(_fact(name) for name in _FEEDBACK)


def _label_and_columns(observed: Any, case: Case) -> Any:
    """What tells two wrong datasets apart when their facts agree: the label column and the columns."""
    summary = _summary(observed, case)
    return [summary.get("feature"), summary.get("columns")]


# --------------------------------------------------------------------------------- mistakes


def _dataset_not_stratified(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, seed=seed)


def _dataset_string_labels(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False)
    return dataset.train_test_split(test_size=0.2, seed=seed)


def _dataset_index_column(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def _dataset_fixed_seed(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=42)


TEACHER_NOTES = Text(
    en=("Objectives: build a Hugging Face DatasetDict from a pandas table; encode labels as a "
        "ClassLabel; make a stratified, seeded train/test split. Misconception aimed at: that "
        "any random split will do, and that a seed is a detail (a fixed seed=42 inside the "
        "function hides it from the caller). Debrief: why does a test split with too few spam "
        "messages make its scores unreliable? What does ClassLabel keep that a column of "
        "numbers loses? Who should choose the seed, and why?"),
    fr=("Objectifs\u202f: construire un DatasetDict Hugging Face à partir d'une table "
        "pandas\u202f; encoder les étiquettes en ClassLabel\u202f; faire une partition "
        "train/test stratifiée et reproductible. Idée fausse visée\u202f: n'importe quelle "
        "partition aléatoire ferait l'affaire, et la graine serait un détail (un seed=42 "
        "écrit dans la fonction la cache à l'appelant). Questions pour le bilan\u202f: "
        "pourquoi une partie test avec trop peu de spams rend-elle ses scores peu "
        "fiables\u202f? Que garde un ClassLabel qu'une colonne de nombres perd\u202f? Qui "
        "doit choisir la graine, et pourquoi\u202f?"),
)


BUILD_DATASET = Exercise(
    id="text.build_dataset",
    module=MODULE_ID,
    audience=("engineering",),
    teacher_notes=TEACHER_NOTES,
    title=Text(en="A Hugging Face dataset from a table of messages",
               fr="Un dataset Hugging Face à partir d'une table de messages"),
    statement=Text(
        en="""Write `make_dataset(df, seed)` which turns a pandas DataFrame of short messages into a
Hugging Face `datasets.DatasetDict` ready for training.

`df` has the columns `text` (the message), `label` (here `{positive}` or `{negative}`) and
`lang` (`fr` or `en`); its index is that of the rows picked from a larger table (not 0, 1, 2...).
Return a `DatasetDict` with two splits, `"train"` and `"test"`, such that:

* the test split holds 20 % of the messages (rounded up, as `train_test_split` does), train all
  the others; every message is in exactly one split;
* `label` is a `ClassLabel` whose names are the label values in alphabetical order;
* the split is **stratified** on `label`: each split has the same share of each label as `df`;
* the columns are exactly `text`, `label` and `lang`: no column made from the index;
* `seed` decides the split: the same seed gives the same split, another seed another split.

Build the dataset in memory with `Dataset.from_pandas` (no file, no download). The checker
calls your function several times with different seeds, on your variant's messages
({n_rows} of them) and on other tables.""",
        fr="""Écrivez `make_dataset(df, seed)` qui transforme un DataFrame pandas de messages courts en
`datasets.DatasetDict` Hugging Face prêt pour l'entraînement.

`df` a les colonnes `text` (le message), `label` (ici `{positive}` ou `{negative}`) et `lang`
(`fr` ou `en`)\u202f; son index est celui des lignes tirées d'une table plus grande (pas 0, 1, 2...).
Renvoyez un `DatasetDict` de deux parties, `"train"` et `"test"`, telles que\u202f:

* la partie test contient 20\u202f% des messages (arrondi au-dessus, comme le fait
  `train_test_split`), train tous les autres\u202f; chaque message est dans une seule partie\u202f;
* `label` est un `ClassLabel` dont les noms sont les valeurs des étiquettes dans l'ordre
  alphabétique\u202f;
* la partition est **stratifiée** sur `label`\u202f: chaque partie a la même proportion de chaque
  étiquette que `df`\u202f;
* les colonnes sont exactement `text`, `label` et `lang`\u202f: aucune colonne tirée de l'index\u202f;
* `seed` décide de la partition\u202f: la même graine donne la même partition, une autre graine une
  autre partition.

Construisez le dataset en mémoire avec `Dataset.from_pandas` (ni fichier, ni téléchargement).
Le correcteur appelle votre fonction plusieurs fois avec des graines différentes, sur les
messages de votre variante ({n_rows} messages) et sur d'autres tables.""",
    ),
    answer_name="make_dataset",
    kind="function",
    reference=make_dataset,
    cases=_cases,
    variant=_variant,
    probe=observe_dataset_builder,
    facts=FACTS,
    checks=(same_as_mistake(FACTS, _label_and_columns),),
    compare_values=False,
    difficulty=1,
    minutes=15,
    tags=("hugging face", "datasets", "ClassLabel", "stratification", "train/test split"),
    dataset="messages",
    timeout=10.0,
    requires=NEEDS_DATASETS,
    mistakes=(
        Mistake("not_stratified", Text(
            en="Your split is random but not stratified: with few spam messages, the test split can get "
               "too many or too few of them, and its scores mean little. Pass "
               "stratify_by_column='label' to train_test_split (the column must be a ClassLabel).",
            fr="Votre partition est aléatoire mais pas stratifiée\u202f: avec peu de spams, la partie test peut "
               "en recevoir trop ou trop peu, et ses scores ne veulent plus dire grand-chose. Passez "
               "stratify_by_column='label' à train_test_split (la colonne doit être un ClassLabel)."),
            _dataset_not_stratified),
        Mistake("string_labels", Text(
            en="The label column is still text. Models and stratification need class numbers with their "
               "names: dataset.class_encode_column('label') turns it into a ClassLabel, then split with "
               "stratify_by_column='label'.",
            fr="La colonne label est encore du texte. Les modèles et la stratification ont besoin de "
               "numéros de classe accompagnés de leurs noms\u202f: dataset.class_encode_column('label') en fait "
               "un ClassLabel\u202f; partitionnez ensuite avec stratify_by_column='label'."),
            _dataset_string_labels),
        Mistake("index_column", Text(
            en="Your dataset has an extra column '__index_level_0__': Dataset.from_pandas keeps a "
               "DataFrame index that is not 0, 1, 2... as a column. Pass preserve_index=False.",
            fr="Votre dataset a une colonne de trop, '__index_level_0__'\u202f: Dataset.from_pandas garde "
               "comme colonne un index de DataFrame qui n'est pas 0, 1, 2... Passez preserve_index=False."),
            _dataset_index_column),
        Mistake("fixed_seed", Text(
            en="Your split does not depend on seed: a fixed number (seed=42) is written in the call. Pass "
               "the argument itself, seed=seed, so that whoever calls make_dataset chooses the split.",
            fr="Votre partition ne dépend pas de seed\u202f: un nombre fixe (seed=42) est écrit dans l'appel. "
               "Passez l'argument lui-même, seed=seed, pour que l'appelant de make_dataset choisisse la "
               "partition."),
            _dataset_fixed_seed),
    ),
    hints=(
        Text(en="`Dataset.from_pandas(df, preserve_index=False)` builds the dataset in memory, without "
                "turning the index into a column.",
             fr="`Dataset.from_pandas(df, preserve_index=False)` construit le dataset en mémoire, sans "
                "faire de l'index une colonne."),
        Text(en="`dataset.class_encode_column(\"label\")` replaces the text labels by a ClassLabel whose "
                "names are sorted alphabetically.",
             fr="`dataset.class_encode_column(\"label\")` remplace les étiquettes textuelles par un "
                "ClassLabel dont les noms sont triés par ordre alphabétique."),
        Text(en="`dataset.train_test_split(test_size=0.2, stratify_by_column=\"label\", seed=seed)` "
                "returns the DatasetDict with its 'train' and 'test' splits.",
             fr="`dataset.train_test_split(test_size=0.2, stratify_by_column=\"label\", seed=seed)` "
                "renvoie le DatasetDict avec ses parties 'train' et 'test'."),
    ),
)
