"""M6, text with Hugging Face datasets: build a dataset, clean it, tokenise, classify, retrieve.

The learners work on data the project wrote (``messages``, ``sentences``,
``health_faq``). Hugging Face ``datasets`` answers are checked as Hugging Face
objects: features and ``ClassLabel`` names, split sizes and stratification,
and ``map(batched=True)`` on batches the learner never saw. Text models are
fitted by the probe on training messages only and judged on held-out ones; the
feedback shows their confusion matrix beside the reference's, and messages they
got wrong.

Nothing heavy is imported at module level: ``datasets`` and scikit-learn are
imported inside the functions that need them, ``datasets`` through
:func:`caire_exercises.data._forms.import_datasets`, which sets the offline
variables first and names the ``[nlp]`` extra when it is missing.
"""

from __future__ import annotations

import copy
import html
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.model.exercise import Case, Exercise, Mistake
from caire_exercises.model.module import Module
from caire_exercises.model.i18n import Text
from caire_exercises.exercises._estimator_probes import confusion_figure, count_matrix, fresh_estimator, one_thread, type_name

MODULE = "text"
NEEDS_DATASETS = ("datasets",)


def _stay_offline() -> None:
    """Hugging Face's offline switches, unless the user set them (``setdefault``)."""
    for variable, value in (("HF_HUB_OFFLINE", "1"), ("HF_DATASETS_OFFLINE", "1"),
                            ("HF_UPDATE_DOWNLOAD_COUNTS", "0")):
        os.environ.setdefault(variable, value)


# The checking engine imports `datasets` itself before probing an exercise that requires it:
# the switches must already be set then, so they are set when these exercises are loaded.
_stay_offline()


SPAM_F1 = 0.92
LANGUAGE_ACCURACY = 0.97
FAQ_HIT_AT_3 = 0.8
TEST_FRACTION = 0.2


# ------------------------------------------------------------------------ data and tools


def _datasets() -> Any:
    """Hugging Face ``datasets``, offline; a clear MissingExtraError naming ``[nlp]`` without it."""
    from caire_exercises.data._forms import import_datasets

    return import_datasets()


@contextmanager
def _quiet(datasets: Any) -> Iterator[None]:
    """No progress bars while the checker works; the learner's own setting is restored after."""
    enabled = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if enabled:
            datasets.enable_progress_bars()


@lru_cache(maxsize=1)
def _messages() -> Any:
    from caire_exercises.data import load

    return load("messages")


@lru_cache(maxsize=1)
def _sentences() -> Any:
    from caire_exercises.data import load

    return load("sentences")


@lru_cache(maxsize=1)
def _faq() -> Any:
    from caire_exercises.data import load

    return load("health_faq")


@lru_cache(maxsize=1)
def _reworded() -> Any:
    import pandas as pd

    from caire_exercises.data import info

    return pd.read_csv(info("health_faq").folder / "reworded.csv", keep_default_na=False)


_MEMO: dict[tuple[Any, ...], Any] = {}
_MEMO_SIZE = 256


def _remembered(answer: Any, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()`, kept for the answers this module declares (references and mistakes).

    The judge runs the reference, and on a failure every declared mistake, for each check;
    they are deterministic, so their plain data is computed once per process and case. A
    learner's answer is never looked up here: it always runs.
    """
    if not any(answer is known for known in _DECLARED):
        return compute()
    full = (getattr(answer, "__qualname__", repr(answer)), *key)
    if full not in _MEMO:
        if len(_MEMO) >= _MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
        _MEMO[full] = compute()
    return copy.deepcopy(_MEMO[full])


def _facts_differ(obtained: Any, expected: Any, feedback: Mapping[str, Any]) -> Text | None:
    """The feedback of the first fact (in the expected order) on which the two data differ."""
    theirs = obtained.get("facts", {}) if isinstance(obtained, Mapping) else {}
    for fact, wanted in dict(expected.get("facts", {})).items():
        if theirs.get(fact) != wanted:
            return feedback[fact](obtained)
    return None


# ===================================================================== text.build_dataset


def make_dataset(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False)
    dataset = dataset.class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


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


_LABEL_PAIRS = (("ham", "spam"), ("normal", "spam"), ("légitime", "indésirable"), ("ok", "spam"))


def _build_variant(rng: np.random.Generator) -> dict[str, Any]:
    negative, positive = _LABEL_PAIRS[int(rng.integers(len(_LABEL_PAIRS)))]
    return {"n_rows": int(rng.integers(100, 161)), "spam_share": round(float(rng.uniform(0.2, 0.4)), 2),
            "negative": negative, "positive": positive, "rows_seed": int(rng.integers(1, 1_000_000))}


def _message_frame(n_rows: int, spam_share: float, negative: str, positive: str,
                   rng: np.random.Generator) -> Any:
    """`n_rows` messages with about `spam_share` of spam, labels renamed, index kept from the table."""
    messages = _messages()
    spam = np.flatnonzero((messages["label"] == "spam").to_numpy())
    ham = np.flatnonzero((messages["label"] == "ham").to_numpy())
    n_spam = max(2, round(n_rows * spam_share))
    rows = np.concatenate([rng.choice(spam, n_spam, replace=False),
                           rng.choice(ham, n_rows - n_spam, replace=False)])
    frame = messages.iloc[np.sort(rows)].copy()
    frame["label"] = frame["label"].map({"ham": negative, "spam": positive})
    return frame


def _build_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
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
                        fr=f"60 messages, dont le premier est {late} : les noms des étiquettes restent dans "
                           f"l'ordre alphabétique")),
        Case("hidden", (hidden,), {"seeds": hidden_seeds}, hidden=True),
    ]


def _build_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    frame, seeds = case.args[0], case.kwargs["seeds"]
    key = (case.name, tuple(frame.index), tuple(frame["label"]), tuple(seeds))
    make = answers["make_dataset"]
    return _remembered(make, key, lambda: _build_facts(make, frame, seeds))


def _build_facts(make: Any, frame: Any, seeds: tuple[int, ...]) -> dict[str, Any]:
    datasets = _datasets()
    labels = sorted(frame["label"].unique())
    facts: dict[str, Any] = {}
    with _quiet(datasets):
        given = frame.copy()
        first = make(given, seeds[0])
        # Checked on the first call, told last: a learner's df must come back as it was given.
        input_unchanged = (given.equals(frame) and list(given.columns) == list(frame.columns)
                           and given.index.equals(frame.index))
        facts["type"] = isinstance(first, datasets.DatasetDict)
        if not facts["type"]:
            return {"value": {"type": type_name(first)}, "got": type_name(first), "facts": facts}
        splits = sorted(first.keys())
        facts["splits"] = splits == ["test", "train"]
        if not facts["splits"]:
            return {"value": {"splits": splits}, "splits": splits, "facts": facts}
        columns = sorted(set(first["train"].column_names) | set(first["test"].column_names))
        facts["columns"] = columns == ["label", "lang", "text"]
        feature = first["train"].features.get("label")
        names = list(feature.names) if isinstance(feature, datasets.ClassLabel) else None
        # Both splits must carry the same ClassLabel: a test split left with text labels (or
        # encoded on its own) would be decoded with names that are not its own.
        label_split = "train"
        test_feature = first["test"].features.get("label")
        if names is not None and test_feature != feature:
            feature, label_split = test_feature, "test"
            names = list(feature.names) if isinstance(feature, datasets.ClassLabel) else None
        facts["label_feature"] = names == labels
        n_test, n_train = first["test"].num_rows, first["train"].num_rows
        wanted_test = math.ceil(TEST_FRACTION * len(frame))
        facts["sizes"] = n_train + n_test == len(frame) and abs(n_test - wanted_test) <= 1
        kept = sorted(list(first["train"]["text"]) + list(first["test"]["text"])) if "text" in columns else []
        facts["rows_kept"] = kept == sorted(frame["text"])
        truth = dict(zip(frame["text"], frame["label"]))
        facts["labels_match"] = bool(facts["rows_kept"]) and all(
            _decodes_to(first[split], truth, datasets) for split in ("train", "test"))
        test_sets = [frozenset(list(first["test"]["text"]))] if facts["rows_kept"] else []
        share = float(np.mean(frame["label"] == labels[-1]))
        off_by: list[float] = []
        for seed in seeds[1:] if facts["rows_kept"] else ():
            split = make(frame.copy(), seed)
            test_sets.append(frozenset(list(split["test"]["text"])))
        for test_texts in test_sets:
            positives = sum(truth[text] == labels[-1] for text in test_texts)
            off_by.append(abs(positives - share * len(test_texts)))
        facts["stratified"] = bool(off_by) and max(off_by) <= 1.0
        again = make(frame.copy(), seeds[0]) if facts["rows_kept"] else None
        facts["reproducible"] = again is not None and frozenset(list(again["test"]["text"])) == test_sets[0]
        # Every seed its own split: a seed folded onto a few values (seed % 2) is not "used".
        facts["seed_used"] = len(test_sets) > 1 and len(set(test_sets)) == len(test_sets)
        facts["input_unchanged"] = input_unchanged
    return {"value": {"train": n_train, "test": n_test, "columns": columns,
                      "label": names if names is not None else str(feature)},
            "facts": facts, "columns": columns, "names": names, "labels": labels,
            "feature": str(feature), "label_split": label_split, "n_test": n_test, "n_train": n_train,
            "n_rows": len(frame),
            "wanted_test": wanted_test, "off_by": max(off_by) if off_by else None}


def _decodes_to(split: Any, truth: Mapping[str, str], datasets: Any) -> bool:
    """Whether every row of `split`, decoded with its own ClassLabel, carries its true label."""
    feature = split.features.get("label")
    if not isinstance(feature, datasets.ClassLabel):
        return False
    names = list(feature.names)
    return all(isinstance(code, int) and 0 <= code < len(names) and names[code] == truth.get(text)
               for text, code in zip(list(split["text"]), list(split["label"])))


_BUILD_FEEDBACK = {
    "type": lambda d: Text(
        en=f"make_dataset returned a {d.get('got')}; expected a datasets.DatasetDict with a 'train' and a "
           f"'test' split. Dataset.train_test_split returns one.",
        fr=f"make_dataset a renvoyé un {d.get('got')} ; un datasets.DatasetDict avec une partie 'train' et "
           f"une partie 'test' est attendu. Dataset.train_test_split en renvoie un."),
    "splits": lambda d: Text(
        en=f"The DatasetDict has the splits {d.get('splits')}; expected exactly 'train' and 'test'.",
        fr=f"Le DatasetDict a les parties {d.get('splits')} ; exactement 'train' et 'test' sont attendues."),
    "columns": lambda d: Text(
        en=f"The splits have the columns {d.get('columns')}; expected exactly label, lang and text. A column "
           f"'__index_level_0__' comes from the DataFrame's index: use "
           f"Dataset.from_pandas(df, preserve_index=False).",
        fr=f"Les parties ont les colonnes {d.get('columns')} ; exactement label, lang et text sont "
           f"attendues. Une colonne '__index_level_0__' vient de l'index du DataFrame : utilisez "
           f"Dataset.from_pandas(df, preserve_index=False)."),
    "label_feature": lambda d: Text(
        en=f"The label column of the {d.get('label_split', 'train')} split is {d.get('feature')}; expected "
           f"ClassLabel(names={d.get('labels')}), the label values in alphabetical order, in both splits. "
           f"dataset.class_encode_column('label') makes it.",
        fr=f"La colonne label de la partie {d.get('label_split', 'train')} est {d.get('feature')} ; "
           f"ClassLabel(names={d.get('labels')}) est attendu, les valeurs des étiquettes dans l'ordre "
           f"alphabétique, dans les deux parties. dataset.class_encode_column('label') le construit."),
    "sizes": lambda d: Text(
        en=f"The test split has {d.get('n_test')} rows and the train split {d.get('n_train')}, out of "
           f"{d.get('n_rows')}; expected {d.get('wanted_test')} test rows (20 %, rounded up) and all the "
           f"others in train.",
        fr=f"La partie test a {d.get('n_test')} lignes et la partie train {d.get('n_train')}, sur "
           f"{d.get('n_rows')} ; {d.get('wanted_test')} lignes de test sont attendues (20 %, arrondi "
           f"au-dessus) et toutes les autres dans train."),
    "rows_kept": lambda d: Text(
        en="The messages of train and test together are not the messages given: every message must be in "
           "exactly one split, unchanged.",
        fr="Les messages de train et de test réunis ne sont pas ceux reçus : chaque message doit se "
           "trouver dans une seule partie, inchangé."),
    "labels_match": lambda d: Text(
        en="Some messages carry the wrong label once decoded with the ClassLabel's names: encode the "
           "column with class_encode_column rather than by hand.",
        fr="Certains messages portent une mauvaise étiquette une fois décodée avec les noms du "
           "ClassLabel : encodez la colonne avec class_encode_column plutôt qu'à la main."),
    "stratified": lambda d: Text(
        en=f"The split is not stratified: the share of each label in the test split is off by "
           f"{d.get('off_by') or 0:.1f} messages for at least one seed. Pass stratify_by_column='label' to "
           f"train_test_split.",
        fr=f"La partition n'est pas stratifiée : la part de chaque étiquette dans la partie test s'écarte "
           f"de {d.get('off_by') or 0:.1f} messages pour au moins une graine. Passez "
           f"stratify_by_column='label' à train_test_split."),
    "reproducible": lambda d: Text(
        en="Called twice with the same seed, make_dataset gave two different splits: pass seed=seed to "
           "train_test_split.",
        fr="Appelée deux fois avec la même graine, make_dataset a donné deux partitions différentes : "
           "passez seed=seed à train_test_split."),
    "seed_used": lambda d: Text(
        en="Different seeds gave the same split: the argument seed is not used. Pass seed=seed to "
           "train_test_split instead of a fixed number.",
        fr="Des graines différentes ont donné la même partition : l'argument seed n'est pas utilisé. "
           "Passez seed=seed à train_test_split au lieu d'un nombre fixe."),
    "input_unchanged": lambda d: Text(
        en="make_dataset changed the DataFrame it was given (a column, the index or the values): the "
           "caller's df must stay as it was. Work on what Dataset.from_pandas returns, or on "
           "df.copy(), and avoid inplace=True.",
        fr="make_dataset a modifié le DataFrame reçu (une colonne, l'index ou les valeurs) : le df de "
           "l'appelant doit rester tel quel. Travaillez sur ce que renvoie Dataset.from_pandas, ou sur "
           "df.copy(), et évitez inplace=True."),
}


def _build_check(obtained: Any, expected: Any, case: Case) -> Text | None:
    different = _facts_differ(obtained, expected, _BUILD_FEEDBACK)
    if different is not None or all(expected.get("facts", {}).values()):
        return different
    # A declared mistake's data: the learner made it only if their label column is the same too.
    if any(obtained.get(key) != expected.get(key) for key in ("feature", "columns")):
        return Text(en="different dataset", fr="dataset différent")
    return None


BUILD_DATASET = Exercise(
    id="text.build_dataset",
    module=MODULE,
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
(`fr` ou `en`) ; son index est celui des lignes tirées d'une table plus grande (pas 0, 1, 2...).
Renvoyez un `DatasetDict` de deux parties, `"train"` et `"test"`, telles que :

* la partie test contient 20 % des messages (arrondi au-dessus, comme le fait
  `train_test_split`), train tous les autres ; chaque message est dans une seule partie ;
* `label` est un `ClassLabel` dont les noms sont les valeurs des étiquettes dans l'ordre
  alphabétique ;
* la partition est **stratifiée** sur `label` : chaque partie a la même proportion de chaque
  étiquette que `df` ;
* les colonnes sont exactement `text`, `label` et `lang` : aucune colonne tirée de l'index ;
* `seed` décide de la partition : la même graine donne la même partition, une autre graine une
  autre partition.

Construisez le dataset en mémoire avec `Dataset.from_pandas` (ni fichier, ni téléchargement).
Le correcteur appelle votre fonction plusieurs fois avec des graines différentes, sur les
messages de votre variante ({n_rows} messages) et sur d'autres tables.""",
    ),
    answer_name="make_dataset",
    kind="function",
    reference=make_dataset,
    cases=_build_cases,
    variant=_build_variant,
    probe=_build_probe,
    checks=(_build_check,),
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
            fr="Votre partition est aléatoire mais pas stratifiée : avec peu de spams, la partie test peut "
               "en recevoir trop ou trop peu, et ses scores ne veulent plus dire grand-chose. Passez "
               "stratify_by_column='label' à train_test_split (la colonne doit être un ClassLabel)."),
            _dataset_not_stratified),
        Mistake("string_labels", Text(
            en="The label column is still text. Models and stratification need class numbers with their "
               "names: dataset.class_encode_column('label') turns it into a ClassLabel, then split with "
               "stratify_by_column='label'.",
            fr="La colonne label est encore du texte. Les modèles et la stratification ont besoin de "
               "numéros de classe accompagnés de leurs noms : dataset.class_encode_column('label') en fait "
               "un ClassLabel ; partitionnez ensuite avec stratify_by_column='label'."),
            _dataset_string_labels),
        Mistake("index_column", Text(
            en="Your dataset has an extra column '__index_level_0__': Dataset.from_pandas keeps a "
               "DataFrame index that is not 0, 1, 2... as a column. Pass preserve_index=False.",
            fr="Votre dataset a une colonne de trop, '__index_level_0__' : Dataset.from_pandas garde "
               "comme colonne un index de DataFrame qui n'est pas 0, 1, 2... Passez preserve_index=False."),
            _dataset_index_column),
        Mistake("fixed_seed", Text(
            en="Your split does not depend on seed: a fixed number (seed=42) is written in the call. Pass "
               "the argument itself, seed=seed, so that whoever calls make_dataset chooses the split.",
            fr="Votre partition ne dépend pas de seed : un nombre fixe (seed=42) est écrit dans l'appel. "
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


# ========================================================================= text.normalise

_URL = re.compile(r"(?:https?://|www\.)\S+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(batch):
    texts = []
    for text in batch["text"]:
        text = text.lower()
        text = re.sub(r"(?:https?://|www\.)\S+", "<url>", text)
        text = re.sub(r"\d+(?:[.,]\d+)*", "<num>", text)
        texts.append(text)
    return {**batch, "text": texts}


def _normalise_one_example(batch):
    text = batch["text"].lower()
    text = _URL.sub("<url>", text)
    return {**batch, "text": _NUMBER.sub("<num>", text)}


def _normalise_drops_columns(batch):
    texts = [_NUMBER.sub("<num>", _URL.sub("<url>", text.lower())) for text in batch["text"]]
    return {"text": texts}


def _normalise_each_digit(batch):
    texts = [re.sub(r"\d", "<num>", _URL.sub("<url>", text.lower())) for text in batch["text"]]
    return {**batch, "text": texts}


def _normalise_misses_www(batch):
    texts = [_NUMBER.sub("<num>", re.sub(r"https?://\S+", "<url>", text.lower())) for text in batch["text"]]
    return {**batch, "text": texts}


def _normalise_no_lower(batch):
    texts = [_NUMBER.sub("<num>", _URL.sub("<url>", text)) for text in batch["text"]]
    return {**batch, "text": texts}


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


def _normalise_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n_messages": int(rng.integers(12, 25)), "batch_size": int(rng.choice([3, 4, 5])),
            "rows_seed": int(rng.integers(1, 1_000_000))}


def _message_batch(texts: list[str], rng: np.random.Generator) -> Any:
    import pandas as pd

    return pd.DataFrame({"text": texts, "label": rng.choice(["ham", "spam"], size=len(texts)).tolist(),
                         "lang": rng.choice(["fr", "en"], size=len(texts)).tolist(),
                         "id": list(range(1, len(texts) + 1))})


def _normalise_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    messages = _messages()
    shown_rng = np.random.default_rng(params["rows_seed"])
    rows = shown_rng.choice(len(messages), size=params["n_messages"], replace=False)
    shown = messages.iloc[np.sort(rows)].reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))
    hidden_rows = rng.choice(len(messages), size=int(rng.integers(30, 60)), replace=False)
    hidden = messages.iloc[hidden_rows].reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))
    size = params["batch_size"]
    return [
        Case("messages", (shown,), {"batch_size": size},
             label=Text(en=f"{len(shown)} messages, map(batched=True, batch_size={size})",
                        fr=f"{len(shown)} messages, map(batched=True, batch_size={size})")),
        Case("tricky messages", (_message_batch(list(_TRICKY_MESSAGES), shown_rng),), {"batch_size": 2},
             label=Text(en="links with digits, www. links in capitals, decimals, phone numbers, times",
                        fr="liens avec chiffres, liens www. en majuscules, décimaux, téléphones, heures")),
        Case("look-alikes", (_message_batch(list(_LOOK_ALIKES), shown_rng),), {"batch_size": 2},
             label=Text(en="'https' and 'www' that are not links, a link before a tab or a line break, "
                           "dots around numbers, spaces to keep as they are",
                        fr="« https » et « www » qui ne sont pas des liens, un lien suivi d'une tabulation "
                           "ou d'un retour à la ligne, des points autour de nombres, des espaces à "
                           "garder tels quels")),
        Case("one message per batch", (shown.head(5),), {"batch_size": 1},
             label=Text(en="batch_size=1: each batch holds a list of one message",
                        fr="batch_size=1 : chaque lot contient une liste d'un seul message")),
        Case("hidden", (hidden,), {"batch_size": int(rng.choice([7, 16, 32]))}, hidden=True),
    ]


def _normalise_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    answer, frame, size = answers["normalise"], case.args[0], case.kwargs["batch_size"]
    key = (case.name, tuple(frame["text"]), size)
    return _remembered(answer, key, lambda: _normalise_run(answer, frame, size))


def _normalise_run(normalise_answer: Any, frame: Any, batch_size: int) -> dict[str, Any]:
    datasets = _datasets()
    dataset = datasets.Dataset.from_pandas(frame, preserve_index=False)
    # Called on its own, as a batch of rows (a dict of lists), normalise must give back every column.
    alone = normalise_answer(dataset[:batch_size])
    returned = sorted(alone) if isinstance(alone, Mapping) else [type_name(alone)]
    facts: dict[str, Any] = {"columns_kept": returned == sorted(dataset.column_names)}
    with _quiet(datasets):
        mapped = dataset.map(normalise_answer, batched=True, batch_size=batch_size,
                             load_from_cache_file=False, new_fingerprint="caire-normalise-check")
    columns = sorted(mapped.column_names)
    facts["rows"] = "text" in columns and mapped.num_rows == dataset.num_rows
    if not (facts["columns_kept"] and facts["rows"]):
        return {"value": {"returned": returned, "rows": mapped.num_rows}, "facts": facts,
                "returned": returned, "wanted": sorted(dataset.column_names), "columns": columns,
                "rows": mapped.num_rows,
                "wanted_rows": dataset.num_rows}
    others = [column for column in dataset.column_names if column != "text"]
    facts["others_unchanged"] = all(list(mapped[column]) == list(dataset[column]) for column in others)
    texts = [str(text) for text in list(mapped["text"])]
    return {"value": texts[:3], "facts": facts, "texts": texts, "columns": columns,
            "originals": [str(text) for text in list(dataset["text"])]}


def _columns_feedback(d: Mapping[str, Any]) -> Text:
    """What normalise(batch) returned instead of the batch's columns: too few, or too many."""
    extra = [column for column in d.get("returned", []) if column not in d.get("wanted", [])]
    if extra and all(column in d.get("returned", []) for column in d.get("wanted", [])):
        return Text(
            en=f"normalise(batch) returned the columns {d.get('returned')}, with {extra} added: return the "
               f"columns of the batch and no others, 'text' replaced by the new texts.",
            fr=f"normalise(batch) a renvoyé les colonnes {d.get('returned')}, dont {extra} en trop : renvoyez "
               f"les colonnes du lot et aucune autre, 'text' remplacée par les nouveaux textes.")
    return Text(
        en=f"normalise(batch) returned {d.get('returned')}: it must return the whole batch, every column "
           f"of it, not only the text. Return {{**batch, 'text': new_texts}}.",
        fr=f"normalise(batch) a renvoyé {d.get('returned')} : elle doit renvoyer tout le lot, chacune de "
           f"ses colonnes, pas seulement le texte. Renvoyez {{**batch, 'text': nouveaux_textes}}.")


def _normalise_check(obtained: Any, expected: Any, case: Case) -> Text | None:
    feedback = {
        "columns_kept": _columns_feedback,
        "rows": lambda d: Text(
            en=f"After map, the dataset has {d.get('rows')} rows and the columns {d.get('columns')}; "
               f"expected {d.get('wanted_rows')} rows with a 'text' column: return one text for each text "
               f"of the batch.",
            fr=f"Après map, le dataset a {d.get('rows')} lignes et les colonnes {d.get('columns')} ; "
               f"{d.get('wanted_rows')} lignes avec une colonne 'text' sont attendues : renvoyez un texte "
               f"pour chaque texte du lot."),
        "others_unchanged": lambda d: Text(
            en="The columns other than text changed: normalise must give them back as they came.",
            fr="Les colonnes autres que text ont changé : normalise doit les rendre telles qu'elle les a "
               "reçues."),
    }
    different = _facts_differ(obtained, expected, feedback)
    if different is not None:
        return different
    if obtained.get("returned") != expected.get("returned"):
        # Both lost or changed columns, but not the same ones: not the declared mistake's answer.
        return _columns_feedback(obtained)
    mine, wanted = obtained.get("texts"), expected.get("texts")
    if mine == wanted:
        return None
    if mine is None or wanted is None or len(mine) != len(wanted):
        return Text(en="The normalised texts differ.", fr="Les textes normalisés diffèrent.")
    index = next(i for i, (a, b) in enumerate(zip(mine, wanted)) if a != b)
    original = obtained["originals"][index]
    return Text(
        en=f"Message {index + 1}, {original!r}, became {mine[index]!r}; expected {wanted[index]!r}.",
        fr=f"Le message {index + 1}, {original!r}, est devenu {mine[index]!r} ; attendu : {wanted[index]!r}.")


NORMALISE = Exercise(
    id="text.normalise",
    module=MODULE,
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

Avec `batched=True`, `batch` est un dict de listes : `batch["text"]` est une **liste** de
messages, et les autres colonnes (`label`, `lang`, `id`) sont des listes de même longueur.
Renvoyez un dict avec **toutes** les colonnes du lot, les autres colonnes inchangées, et
`"text"` remplacée par la liste des messages normalisés. Normalisez chaque message avec ces
règles, dans cet ordre :

1. le mettre en minuscules (`str.lower()`) ;
2. remplacer chaque lien par `<url>` : un lien commence par `http://`, `https://` ou `www.` et
   s'étend jusqu'à l'espace, la tabulation ou le retour à la ligne qui suit (quoi qu'il
   contienne, ponctuation comprise) ;
3. remplacer chaque nombre par `<num>` : une suite de chiffres, où `,` ou `.` entre deux
   chiffres restent dans le nombre (`12,50`, `3.5` et `1.299,90` sont chacun un nombre ;
   `06 12 34` en fait trois).

Rien d'autre ne change : les espaces (même en début ou en fin de message, ou doublés) et la
ponctuation restent tels quels.

Exemple : `"Colis 8841 : https://suivi.example/8841, frais 1,99 € !"` devient
`"colis <num> : <url> frais <num> € !"`.

Le correcteur appelle `normalise` directement sur un lot, `normalise(dataset[:{batch_size}])`, et
au travers de `dataset.map(normalise, batched=True, batch_size={batch_size})` : les deux doivent
marcher. Une fonction qui ne renvoie que le texte perdrait les autres colonnes, appelée seule ou
quand `map` reçoit `remove_columns=dataset.column_names` pour remplacer les lignes. Votre
variante : {n_messages} messages par lots de {batch_size} ; les cas cachés utilisent d'autres
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
    cases=_normalise_cases,
    variant=_normalise_variant,
    probe=_normalise_probe,
    checks=(_normalise_check,),
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
               "liste de messages. Parcourez-la : [nettoyer(texte) for texte in batch['text']]."),
            _normalise_one_example),
        Mistake("drops_columns", Text(
            en="You returned only the text column, so label, lang and id are lost when normalise is called "
               "on its own or when map replaces the rows (remove_columns). Return the whole batch with the "
               "new texts: {**batch, 'text': texts}.",
            fr="Vous ne renvoyez que la colonne text : label, lang et id sont perdues quand normalise est "
               "appelée seule ou quand map remplace les lignes (remove_columns). Renvoyez tout le lot avec "
               "les nouveaux textes : {**batch, 'text': textes}."),
            _normalise_drops_columns),
        Mistake("each_digit", Text(
            en="You replaced each digit by <num>, so 2024 became <num><num><num><num>. A number is a run "
               "of digits: use \\d+ (with (?:[.,]\\d+)* for decimals), not \\d.",
            fr="Vous avez remplacé chaque chiffre par <num> : 2024 est devenu <num><num><num><num>. Un "
               "nombre est une suite de chiffres : utilisez \\d+ (avec (?:[.,]\\d+)* pour les décimaux), "
               "pas \\d."),
            _normalise_each_digit),
        Mistake("misses_www", Text(
            en="Links that start with www. (without http) are not replaced. Accept both forms: "
               "(?:https?://|www\\.)\\S+.",
            fr="Les liens qui commencent par www. (sans http) ne sont pas remplacés. Acceptez les deux "
               "formes : (?:https?://|www\\.)\\S+."),
            _normalise_misses_www),
        Mistake("no_lower", Text(
            en="The messages are not lower-cased: 'URGENT' and 'urgent' would count as two different "
               "words. Call text.lower() first.",
            fr="Les messages ne sont pas mis en minuscules : 'URGENT' et 'urgent' compteraient comme deux "
               "mots différents. Appelez d'abord texte.lower()."),
            _normalise_no_lower),
    ),
    hints=(
        Text(en="With batched=True, write a loop: `texts = [clean(t) for t in batch[\"text\"]]`, where "
                "`clean` handles one message.",
             fr="Avec batched=True, écrivez une boucle : `textes = [nettoyer(t) for t in batch[\"text\"]]`, "
                "où `nettoyer` traite un seul message."),
        Text(en="`re.sub(r\"(?:https?://|www\\.)\\S+\", \"<url>\", text)` replaces links; do it before the "
                "numbers, since links often hold digits.",
             fr="`re.sub(r\"(?:https?://|www\\.)\\S+\", \"<url>\", texte)` remplace les liens ; faites-le "
                "avant les nombres, car les liens contiennent souvent des chiffres."),
        Text(en="`re.sub(r\"\\d+(?:[.,]\\d+)*\", \"<num>\", text)` replaces numbers; return "
                "`{**batch, \"text\": texts}` to keep the other columns.",
             fr="`re.sub(r\"\\d+(?:[.,]\\d+)*\", \"<num>\", texte)` remplace les nombres ; renvoyez "
                "`{**batch, \"text\": textes}` pour garder les autres colonnes."),
    ),
)


# ======================================================================= text.tokenise_fr

_ELISION = r"(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
_TOKEN = re.compile(rf"\b{_ELISION}|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]", re.IGNORECASE)


def tokenise_fr(text):
    text = text.replace("’", "'")
    return _TOKEN.findall(text)


def _tokenise_split(text):
    return text.split()


def _tokenise_straight_only(text):
    return _TOKEN.findall(text)


def _tokenise_apostrophe_lost(text):
    return re.findall(r"\w+|[^\w\s]", text.replace("’", "'"))


def _tokenise_no_accents(text):
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return _TOKEN.findall(plain)


def _tokenise_lowercase(text):
    return _TOKEN.findall(text.replace("’", "'").lower())


_ELISION_SENTENCES = (
    "L’hôpital n’est pas loin : c’est à deux pas d’ici, jusqu’à la place.",
    "Qu’est-ce qu’il a dit ? « J’arrive aujourd’hui, vers 14h30. »",
    "Lorsqu'on s'inscrit, on reçoit 3,5 jours de congés... peut-être plus !",
    "Quelqu’un m’a dit qu’elle t’appellerait lorsqu’elle serait à l’école.",
    "Puisqu’il pleut, ma sœur reste : l’Œuvre coûte 12.50 € (2\u202f000 € pour 160 élèves).",
    "Jusqu’où ira-t-il ? L' arbre -- et 3.5 ou 3,5 : c’est pareil.",
)


def _french_sentences() -> list[str]:
    sentences = _sentences()
    return [text for text, lang in zip(sentences["text"], sentences["lang"]) if lang == "fr"]


def _tokenise_variant(rng: np.random.Generator) -> dict[str, Any]:
    french = _french_sentences()
    with_elision = [i for i, text in enumerate(french) if "'" in text and len(text) > 30]
    picked = [int(i) for i in rng.choice(len(french), size=3, replace=False)]
    example = int(rng.choice(with_elision))
    return {"example": french[example].replace("'", "’"), "rows": [example, *picked]}


def _tokenise_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    french = _french_sentences()
    rows = params["rows"]
    cases = [Case("your sentence", (params["example"],),
                  label=Text(en="the sentence of your variant, with typographic apostrophes",
                             fr="la phrase de votre variante, avec des apostrophes typographiques"))]
    for number, row in enumerate(rows[1:], 1):
        cases.append(Case(f"sentence {number}", (french[row],),
                          label=Text(en="a French sentence", fr="une phrase en français")))
    cases += [
        Case("elisions", (_ELISION_SENTENCES[0],),
             label=Text(en="l’, n’, c’, d’, jusqu’ with the typographic apostrophe",
                        fr="l’, n’, c’, d’, jusqu’ avec l'apostrophe typographique")),
        Case("quotes and times", (_ELISION_SENTENCES[1],),
             label=Text(en="qu’, j’, aujourd’hui, « » and 14h30", fr="qu’, j’, aujourd’hui, « » et 14h30")),
        Case("decimals and hyphens", (_ELISION_SENTENCES[2],),
             label=Text(en="lorsqu', s', a decimal comma, three dots, peut-être",
                        fr="lorsqu', s', une virgule décimale, trois points, peut-être")),
        Case("ligatures and numbers", (_ELISION_SENTENCES[4],),
             label=Text(en="puisqu’, œ and Œ, a decimal point, a thousands separator",
                        fr="puisqu’, œ et Œ, un point décimal, une espace des milliers")),
        Case("spaces", ("  Bonjour\u00a0!\tÇa\u202fva ?\n",),
             label=Text(en="tabs, line breaks and non-breaking spaces",
                        fr="tabulations, retours à la ligne et espaces insécables")),
        Case("empty", ("",), label=Text(en="an empty text", fr="un texte vide")),
    ]
    hidden_rows = rng.choice(len(french), size=6, replace=False)
    hidden_text = " ".join(french[int(i)] for i in hidden_rows)
    curly = "’" if rng.random() < 0.5 else "'"
    cases.append(Case("hidden", (f"{_ELISION_SENTENCES[3]} {hidden_text} {_ELISION_SENTENCES[5]}"
                                 .replace("'", curly),), hidden=True))
    return cases


def _tokens_check(obtained: Any, expected: Any, case: Case) -> Text | None:
    """Where two lists of tokens first part, shown with the tokens before; None when they agree.

    Anything but two lists of strings is left to the engine's comparison (type, length).
    """
    mine, wanted = obtained.get("value"), expected.get("value")
    if not (isinstance(mine, list) and isinstance(wanted, list)
            and all(isinstance(token, str) for token in (*mine, *wanted))):
        return None
    if mine == wanted:
        return None
    index = next((i for i, (a, b) in enumerate(zip(mine, wanted)) if a != b), min(len(mine), len(wanted)))
    before = wanted[max(0, index - 3):index]
    return Text(
        en=f"Your tokens part from the expected ones at token {index + 1} (after {before}): you gave "
           f"{mine[index:index + 4]}, expected {wanted[index:index + 4]}.",
        fr=f"Vos jetons s'écartent de ceux attendus au jeton {index + 1} (après {before}) : vous avez "
           f"donné {mine[index:index + 4]}, attendu : {wanted[index:index + 4]}.")


TOKENISE_FR = Exercise(
    id="text.tokenise_fr",
    module=MODULE,
    title=Text(en="Tokenise French text", fr="Découper un texte français en mots"),
    statement=Text(
        en="""Write `tokenise_fr(text)` which cuts a French text into a list of tokens (strings),
following these rules exactly:

1. the typographic apostrophe `’` is written as the straight one `'`, everywhere;
2. an elided word at the start of a word is a token of its own, apostrophe included: `l'`, `d'`,
   `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`, `puisqu'` (in any case:
   `L'`, `Qu'`). Any other apostrophe inside a word keeps the word whole: `aujourd'hui`,
   `quelqu'un`, `presqu'île`;
3. a word is a run of letters and digits (accents kept) and may hold inner hyphens or
   apostrophes: `peut-être`, `est-ce`, `14h30`, `aujourd'hui` are one token each;
4. a number with a decimal comma or point is one token: `3,5`, `12.50`;
5. every other character that is not a space is a token on its own: `.` `,` `;` `:` `!` `?`
   `«` `»` `(` `)` `€` `%` `…`, and a hyphen or apostrophe that is not inside a word;
6. spaces of any kind (tabs, line breaks, non-breaking spaces) only separate tokens;
7. nothing else changes: keep the case and the accents.

Examples:

* `tokenise_fr("L’école est fermée jusqu’à lundi.")` →
  `["L'", "école", "est", "fermée", "jusqu'", "à", "lundi", "."]`
* `tokenise_fr("Qu'est-ce qu'il fait aujourd'hui ? 3,5 °C !")` →
  `["Qu'", "est-ce", "qu'", "il", "fait", "aujourd'hui", "?", "3,5", "°", "C", "!"]`

Your variant's sentence: « {example} »""",
        fr="""Écrivez `tokenise_fr(texte)` qui découpe un texte français en une liste de jetons
(chaînes de caractères), en suivant exactement ces règles :

1. l'apostrophe typographique `’` s'écrit partout comme l'apostrophe droite `'` ;
2. un mot élidé au début d'un mot forme un jeton à lui seul, apostrophe comprise : `l'`, `d'`,
   `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`, `puisqu'` (quelle que soit la
   casse : `L'`, `Qu'`). Toute autre apostrophe à l'intérieur d'un mot le laisse entier :
   `aujourd'hui`, `quelqu'un`, `presqu'île` ;
3. un mot est une suite de lettres et de chiffres (accents gardés) qui peut contenir des traits
   d'union ou des apostrophes internes : `peut-être`, `est-ce`, `14h30`, `aujourd'hui` forment
   chacun un jeton ;
4. un nombre à virgule ou à point décimal forme un jeton : `3,5`, `12.50` ;
5. tout autre caractère qui n'est pas une espace est un jeton à lui seul : `.` `,` `;` `:` `!`
   `?` `«` `»` `(` `)` `€` `%` `…`, ainsi qu'un trait d'union ou une apostrophe qui n'est pas à
   l'intérieur d'un mot ;
6. les espaces de toute sorte (tabulations, retours à la ligne, espaces insécables) ne font
   que séparer les jetons ;
7. rien d'autre ne change : gardez la casse et les accents.

Exemples :

* `tokenise_fr("L’école est fermée jusqu’à lundi.")` →
  `["L'", "école", "est", "fermée", "jusqu'", "à", "lundi", "."]`
* `tokenise_fr("Qu'est-ce qu'il fait aujourd'hui ? 3,5 °C !")` →
  `["Qu'", "est-ce", "qu'", "il", "fait", "aujourd'hui", "?", "3,5", "°", "C", "!"]`

La phrase de votre variante : « {example} »""",
    ),
    answer_name="tokenise_fr",
    kind="function",
    reference=tokenise_fr,
    solution_code=r'''
    import re

    ELISION = r"(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
    TOKEN = re.compile(rf"\b{ELISION}|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]", re.IGNORECASE)


    def tokenise_fr(text):
        text = text.replace("’", "'")
        return TOKEN.findall(text)
    ''',
    cases=_tokenise_cases,
    variant=_tokenise_variant,
    checks=(_tokens_check,),
    difficulty=2,
    minutes=20,
    tags=("tokenisation", "French", "regular expressions", "unicode"),
    dataset="sentences",
    mistakes=(
        Mistake("whitespace_split", Text(
            en="text.split() cuts at spaces only: punctuation stays glued to words ('lundi.') and "
               "elisions stay inside them ('L'école'). Use a regular expression that finds elisions, "
               "words and punctuation marks.",
            fr="texte.split() ne coupe qu'aux espaces : la ponctuation reste collée aux mots ('lundi.') et "
               "les élisions restent dedans ('L'école'). Utilisez une expression régulière qui trouve les "
               "élisions, les mots et les signes de ponctuation."),
            _tokenise_split),
        Mistake("straight_apostrophe_only", Text(
            en="Your elisions work with the straight apostrophe ' but not with the typographic one ’, "
               "which French texts often use: replace ’ by ' before cutting.",
            fr="Vos élisions marchent avec l'apostrophe droite ' mais pas avec l'apostrophe "
               "typographique ’, fréquente dans les textes français : remplacez ’ par ' avant de "
               "découper."),
            _tokenise_straight_only),
        Mistake("apostrophe_lost", Text(
            en="With \\w+|[^\\w\\s], the apostrophe becomes a token of its own ('l', \"'\", 'école') and "
               "words such as aujourd'hui or peut-être fall apart. Match the elision with its apostrophe "
               "first, then words that may hold inner hyphens and apostrophes.",
            fr="Avec \\w+|[^\\w\\s], l'apostrophe devient un jeton à elle seule ('l', \"'\", 'école') et "
               "des mots comme aujourd'hui ou peut-être se disloquent. Reconnaissez d'abord l'élision avec "
               "son apostrophe, puis les mots qui peuvent contenir traits d'union et apostrophes."),
            _tokenise_apostrophe_lost),
        Mistake("no_accents", Text(
            en="Your tokens lost their accents ('ecole' for 'école'). In French, accents tell words apart "
               "(a / à, ou / où): keep them.",
            fr="Vos jetons ont perdu leurs accents ('ecole' pour 'école'). En français, les accents "
               "distinguent des mots (a / à, ou / où) : gardez-les."),
            _tokenise_no_accents),
        Mistake("lowercase", Text(
            en="Your tokens are lower-cased. The rules keep the text as written: lower-casing is a "
               "separate choice, made later if a model needs it.",
            fr="Vos jetons sont en minuscules. Les règles gardent le texte tel qu'il est écrit : la mise "
               "en minuscules est un autre choix, à faire ensuite si un modèle en a besoin."),
            _tokenise_lowercase),
    ),
    hints=(
        Text(en="`re.findall(pattern, text)` with alternatives `A|B|C` tries them in order at each "
                "position: put the elision first, then numbers, then words, then any other character.",
             fr="`re.findall(motif, texte)` avec des alternatives `A|B|C` les essaie dans l'ordre à chaque "
                "position : mettez l'élision d'abord, puis les nombres, puis les mots, puis tout autre "
                "caractère."),
        Text(en="An elision: `\\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\\w)` with re.IGNORECASE; "
                "`(?=\\w)` checks that a word follows without taking it.",
             fr="Une élision : `\\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\\w)` avec re.IGNORECASE ; "
                "`(?=\\w)` vérifie qu'un mot suit sans le prendre."),
        Text(en="A number: `\\d+(?:[.,]\\d+)+`; a word: `\\w+(?:[-']\\w+)*`; anything else: "
                "`[^\\w\\s]`. Replace ’ by ' first.",
             fr="Un nombre : `\\d+(?:[.,]\\d+)+` ; un mot : `\\w+(?:[-']\\w+)*` ; le reste : `[^\\w\\s]`. "
                "Remplacez d'abord ’ par '."),
    ),
)


# ================================================================ text models (spam, language)


def _cross_validated(answer: Any, texts: list[str], labels: list[str], seed: int,
                     folds: int) -> dict[str, Any]:
    """Predictions for every text by a fresh copy of the learner's model fitted on the other folds."""
    from sklearn.model_selection import StratifiedKFold

    predictions: list[Any] = [None] * len(texts)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        model, _, got = fresh_estimator(answer)
        if model is None:
            return {"stage": "estimator", "got": got}
        try:
            model.fit([texts[i] for i in train], [labels[i] for i in train])
        except Exception as error:  # noqa: BLE001 - the learner's model failed: that is the finding
            return {"stage": "fit", "error_type": type(error).__name__, "error": str(error)[:300]}
        try:
            guessed = list(np.asarray(model.predict([texts[i] for i in test])).reshape(-1))
        except Exception as error:  # noqa: BLE001
            return {"stage": "predict", "error_type": type(error).__name__, "error": str(error)[:300]}
        if len(guessed) != len(test):
            return {"stage": "predict", "error_type": "ValueError",
                    "error": f"{len(guessed)} predictions for {len(test)} texts"}
        for row, guess in zip(test, guessed):
            predictions[row] = guess.item() if isinstance(guess, np.generic) else guess
    return {"stage": "done", "predictions": predictions}


def _shortened(text: str, width: int = 70) -> str:
    """`text` cut at a word boundary near `width` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut or text[:width]}…"


def _model_probe(answer: Any, table: Any, column: str, classes: tuple[str, str], case: Case, *,
                 metric: str) -> dict[str, Any]:
    """Fit the learner's model by cross-validation on `table` and return plain facts and figures."""
    from sklearn.metrics import accuracy_score, f1_score

    texts = [str(text) for text in table["text"]]
    labels = [str(label) for label in table[column]]
    seed, folds = case.kwargs["seed"], case.kwargs["folds"]
    with one_thread():
        run = _remembered(answer, (column, seed, folds),
                          lambda: _cross_validated(answer, texts, labels, seed, folds))
    facts: dict[str, Any] = {"estimator": run["stage"] != "estimator"}
    if run["stage"] != "done":
        facts.update({"stage": run["stage"], "error_type": run.get("error_type")})
        return {"value": {"error": run.get("error", run.get("got"))}, "facts": facts, **run}
    facts.update({"stage": "done", "error_type": None})
    predicted = [str(p) if isinstance(p, str) else repr(p) for p in run["predictions"]]
    facts["labels"] = set(predicted) <= set(classes)
    facts["both_classes"] = len(set(predicted)) > 1
    score = (f1_score(labels, predicted, pos_label=classes[1], labels=list(classes), average="binary",
                      zero_division=0.0)
             if metric == "f1" else accuracy_score(labels, predicted))
    bar = SPAM_F1 if metric == "f1" else LANGUAGE_ACCURACY
    facts["good_enough"] = bool(score >= bar)
    wrong = [{"text": text, "label": label, "predicted": guess}
             for text, label, guess in zip(texts, labels, predicted) if label != guess]
    # Some messages differ only after their first words: show each shortened text once.
    shown: set[str] = set()
    examples = [item for item in wrong
                if not (_shortened(item["text"]) in shown or shown.add(_shortened(item["text"])))]
    name = "F1 (spam)" if metric == "f1" else "accuracy"
    return {"value": {name: round(float(score), 4)}, "facts": facts, "score": float(score), "bar": bar,
            "metric": metric, "predicted": np.array(predicted), "classes": list(classes),
            "confusion": count_matrix(labels, predicted, list(classes)),
            "wrong": examples[:5], "n_wrong": len(wrong), "seen": sorted(set(predicted))[:5]}


def _model_feedback(what: Text) -> dict[str, Any]:
    """Feedback for each fact of a text model's probe data; `what` names the model's task."""
    def fit_failed(d: Mapping[str, Any]) -> Text:
        stage = d.get("stage")
        if stage == "estimator":
            return Text(en=f"Your answer gave {d.get('got')}, not an unfitted scikit-learn estimator or "
                           f"pipeline (nor a function of no argument returning one).",
                        fr=f"Votre réponse a fourni {d.get('got')}, ni un estimateur ou pipeline "
                           f"scikit-learn non ajusté, ni une fonction sans argument qui en renvoie un.")
        step = Text(en="Fitting", fr="L'ajustement") if stage == "fit" else Text(en="Predicting",
                                                                                fr="La prédiction")
        return Text(
            en=f"{step.en} your model on a list of raw texts raised {d.get('error_type')}: {d.get('error')}. "
               f"The model receives strings: its first step must turn them into numbers (a "
               f"TfidfVectorizer or a CountVectorizer), and that step must give the classifier what it "
               f"accepts.",
            fr=f"{step.fr} de votre modèle sur une liste de textes bruts a levé {d.get('error_type')} : "
               f"{d.get('error')}. Le modèle reçoit des chaînes de caractères : sa première étape doit les "
               f"transformer en nombres (un TfidfVectorizer ou un CountVectorizer), et cette étape doit "
               f"fournir au classifieur ce qu'il accepte.")

    def labels(d: Mapping[str, Any]) -> Text:
        return Text(en=f"Your model predicts values such as {d.get('seen')}, not the labels "
                       f"{d.get('classes')}. A clustering model (KMeans...) ignores the labels it is "
                       f"given: use a classifier.",
                    fr=f"Votre modèle prédit des valeurs comme {d.get('seen')}, pas les étiquettes "
                       f"{d.get('classes')}. Un modèle de partitionnement (KMeans...) ignore les étiquettes "
                       f"qu'on lui donne : utilisez un classifieur.")

    def one_class(d: Mapping[str, Any]) -> Text:
        return Text(en=f"Your model predicts {d.get('seen')} for every text. It is too constrained to "
                       f"learn anything (a tiny C, a huge alpha?) or it never saw the other class.",
                    fr=f"Votre modèle prédit {d.get('seen')} pour tous les textes. Il est trop contraint "
                       f"pour apprendre quoi que ce soit (C minuscule, alpha énorme ?) ou n'a jamais vu "
                       f"l'autre classe.")

    def too_weak(d: Mapping[str, Any]) -> Text:
        examples = "; ".join(f"«{_shortened(w['text'])}» ({w['label']} → {w['predicted']})"
                             for w in d.get("wrong", [])[:3])
        name = Text(en="F1 on the spam class", fr="Le F1 de la classe spam") if d.get("metric") == "f1" \
            else Text(en="The accuracy", fr="L'exactitude")
        return Text(
            en=f"{name.en} of your {what.en} on held-out texts is {d.get('score', 0):.3f}; at least "
               f"{d.get('bar')} is needed. {d.get('n_wrong')} texts were misclassified, e.g. {examples}.",
            fr=f"{name.fr} de votre {what.fr} sur les textes mis de côté vaut {d.get('score', 0):.3f} ; il "
               f"faut au moins {d.get('bar')}. {d.get('n_wrong')} textes ont été mal classés, par exemple "
               f"{examples}.")

    return {"estimator": fit_failed, "stage": fit_failed, "error_type": fit_failed, "labels": labels,
            "both_classes": one_class, "good_enough": too_weak}


def _model_check(what: Text) -> Any:
    feedback = _model_feedback(what)

    def check(obtained: Any, expected: Any, case: Case) -> Text | None:
        different = _facts_differ(obtained, expected, feedback)
        if different is not None or expected.get("facts", {}).get("good_enough", True):
            return different
        # The expected data is a declared mistake's (the reference always clears the bar): the
        # learner made that mistake only if their model predicts exactly what the mistake predicts.
        mine, theirs = obtained.get("predicted"), expected.get("predicted")
        if mine is None or theirs is None or not np.array_equal(mine, theirs):
            return Text(en="different predictions", fr="prédictions différentes")
        return None

    return check


def _model_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    if "confusion" not in obtained:
        return None
    charts = confusion_figure([(Text(en="your model", fr="votre modèle"), obtained["confusion"]),
                               (Text(en="reference model", fr="modèle de référence"), expected["confusion"])],
                              obtained["classes"]) or ""
    wrong = obtained.get("wrong") or []
    if not wrong:
        return charts or None
    title = Text(en=f"Texts your model got wrong ({obtained.get('n_wrong')} in all), a few of them:",
                 fr=f"Textes mal classés par votre modèle ({obtained.get('n_wrong')} en tout), quelques-uns "
                    f":").render()
    arrow = Text(en="true {label}, predicted {predicted}", fr="réel {label}, prédit {predicted}")
    items = "".join(
        f"<li>{html.escape(w['text'])} "
        f"<i>({html.escape(arrow.render(label=w['label'], predicted=w['predicted']))})</i></li>"
        for w in wrong)
    return f"{charts}<div><b>{html.escape(title)}</b><ul>{items}</ul></div>"


def _cv_cases(label: Text, rng: np.random.Generator, folds: int) -> list[Case]:
    return [Case("cross-validation", kwargs={"seed": 0, "folds": folds}, label=label),
            Case("hidden", kwargs={"seed": int(rng.integers(1, 1_000_000)), "folds": folds}, hidden=True)]


# --------------------------------------------------------------------------- text.spam


def make_spam_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=10, max_iter=1000))


def _spam_no_vectoriser():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(LogisticRegression())


def _spam_dense_bayes():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), GaussianNB())


def _spam_over_regularised():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression(C=0.01))


def _spam_tiny_vocabulary():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(max_features=20), LogisticRegression())


_SPAM_FOLDS = 4


def _spam_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    n = len(_messages())
    return _cv_cases(Text(en=f"{_SPAM_FOLDS}-fold cross-validation on the {n} messages",
                          fr=f"validation croisée à {_SPAM_FOLDS} plis sur les {n} messages"),
                     rng, _SPAM_FOLDS)


def _spam_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    return _model_probe(answers["make_spam_model"], _messages(), "label", ("ham", "spam"), case, metric="f1")


SPAM = Exercise(
    id="text.spam",
    module=MODULE,
    title=Text(en="A spam filter for French and English messages",
               fr="Un filtre à spam pour des messages en français et en anglais"),
    statement=Text(
        en="""Write `make_spam_model()`, a function of no argument that returns an **unfitted**
scikit-learn pipeline which tells spam from legitimate messages ("ham").

Its data is `caire_exercises.data.load("messages")`: 730 short messages in French and English,
with the columns `text`, `label` (`"spam"` or `"ham"`) and `lang`. The checker calls
`model.fit(X, y)` with `X` a **list of raw messages** (strings) and `y` the list of their labels,
then `model.predict(X_new)` on messages the model never saw: it does so four times
(4-fold cross-validation), so that every message is predicted once by a model that did not
train on it. Your pipeline must therefore turn text into numbers itself.

Expected: an **F1 score of at least 0.92 on the spam class** over the held-out messages.
The feedback shows your confusion matrix beside the reference's and messages your model got
wrong.""",
        fr="""Écrivez `make_spam_model()`, une fonction sans argument qui renvoie un pipeline
scikit-learn **non ajusté** qui distingue les spams des messages légitimes (« ham »).

Ses données sont `caire_exercises.data.load("messages")` : 730 messages courts en français et
en anglais, avec les colonnes `text`, `label` (`"spam"` ou `"ham"`) et `lang`. Le correcteur
appelle `model.fit(X, y)` avec `X` une **liste de messages bruts** (chaînes de caractères) et
`y` la liste de leurs étiquettes, puis `model.predict(X_nouveaux)` sur des messages que le
modèle n'a jamais vus : il le fait quatre fois (validation croisée à 4 plis), de sorte que
chaque message est prédit une fois par un modèle qui ne s'est pas entraîné dessus. Votre
pipeline doit donc transformer lui-même le texte en nombres.

Attendu : un **F1 d'au moins 0,92 sur la classe spam** pour les messages mis de côté. Le
retour montre votre matrice de confusion à côté de celle de la référence, et des messages
que votre modèle a mal classés.""",
    ),
    answer_name="make_spam_model",
    kind="estimator",
    reference=make_spam_model,
    cases=_spam_cases,
    probe=_spam_probe,
    checks=(_model_check(Text(en="spam filter", fr="filtre à spam")),),
    compare_values=False,
    figure=_model_figure,
    difficulty=2,
    minutes=20,
    tags=("text classification", "TF-IDF", "pipeline", "F1", "spam"),
    dataset="messages",
    timeout=20.0,
    mistakes=(
        Mistake("no_vectoriser", Text(
            en="Your pipeline gives raw strings to the classifier, which only reads numbers. Put a "
               "TfidfVectorizer (or a CountVectorizer) first: make_pipeline(TfidfVectorizer(), "
               "LogisticRegression()).",
            fr="Votre pipeline donne des chaînes brutes au classifieur, qui ne lit que des nombres. "
               "Placez d'abord un TfidfVectorizer (ou un CountVectorizer) : "
               "make_pipeline(TfidfVectorizer(), LogisticRegression())."),
            _spam_no_vectoriser),
        Mistake("dense_naive_bayes", Text(
            en="GaussianNB needs a dense array, but a vectoriser gives a sparse matrix (mostly zeros, "
               "one column per word). Use MultinomialNB, made for word counts, or a LogisticRegression.",
            fr="GaussianNB a besoin d'un tableau dense, mais un vectoriseur fournit une matrice creuse "
               "(surtout des zéros, une colonne par mot). Utilisez MultinomialNB, fait pour des comptes "
               "de mots, ou une LogisticRegression."),
            _spam_dense_bayes),
        Mistake("over_regularised", Text(
            en="With C=0.01 the logistic regression is so regularised that it answers 'ham' for every "
               "message: it found it safest, since two messages in three are ham. Keep the default C=1 "
               "or raise it (C=10), and look at the spam it misses.",
            fr="Avec C=0.01, la régression logistique est si régularisée qu'elle répond 'ham' pour tous "
               "les messages : c'est le plus sûr, puisque deux messages sur trois sont des ham. Gardez "
               "C=1 par défaut ou augmentez-le (C=10), et regardez les spams qu'elle manque."),
            _spam_over_regularised),
        Mistake("tiny_vocabulary", Text(
            en="max_features=20 keeps only the 20 most frequent words ('de', 'your', 'the', 'à'...), "
               "which say almost nothing about spam. Keep the whole vocabulary (the default), or "
               "several thousand words.",
            fr="max_features=20 ne garde que les 20 mots les plus fréquents ('de', 'your', 'the', "
               "'à'...), qui ne disent presque rien du spam. Gardez tout le vocabulaire (par défaut), ou "
               "plusieurs milliers de mots."),
            _spam_tiny_vocabulary),
    ),
    hints=(
        Text(en="`make_pipeline(TfidfVectorizer(), LogisticRegression())` turns each message into word "
                "weights, then learns which words point to spam.",
             fr="`make_pipeline(TfidfVectorizer(), LogisticRegression())` transforme chaque message en "
                "poids de mots, puis apprend quels mots signalent le spam."),
        Text(en="Spam is the rarer class, and F1 looks at it only: a model that misses spam is "
                "punished. A larger C (less regularisation), class_weight=\"balanced\" or MultinomialNB "
                "helps.",
             fr="Le spam est la classe la plus rare, et le F1 ne regarde qu'elle : un modèle qui manque "
                "des spams est pénalisé. Un C plus grand (moins de régularisation), "
                "class_weight=\"balanced\" ou MultinomialNB aident."),
        Text(en="Try your pipeline yourself: `cross_val_predict(make_spam_model(), df.text, df.label, "
                "cv=4)` then `f1_score(df.label, predictions, pos_label=\"spam\")`.",
             fr="Essayez votre pipeline vous-même : `cross_val_predict(make_spam_model(), df.text, "
                "df.label, cv=4)` puis `f1_score(df.label, predictions, pos_label=\"spam\")`."),
    ),
    solution_code='''
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline


    def make_spam_model():
        return make_pipeline(TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=10, max_iter=1000))
    ''',
)


# ----------------------------------------------------------------------- text.language_id


def make_language_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                         LogisticRegression(C=10, max_iter=1000))


def _language_no_vectoriser():
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(LinearSVC())


def _language_single_letters():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression())


def _language_clustering():
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                         KMeans(n_clusters=2, n_init=4, random_state=0))


def _language_over_regularised():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)), LogisticRegression(C=0.001))


_LANGUAGE_FOLDS = 4


def _language_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    n = len(_sentences())
    return _cv_cases(Text(en=f"{_LANGUAGE_FOLDS}-fold cross-validation on the {n} sentences",
                          fr=f"validation croisée à {_LANGUAGE_FOLDS} plis sur les {n} phrases"),
                     rng, _LANGUAGE_FOLDS)


def _language_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    return _model_probe(answers["make_language_model"], _sentences(), "lang", ("en", "fr"), case,
                        metric="accuracy")


LANGUAGE_ID = Exercise(
    id="text.language_id",
    module=MODULE,
    title=Text(en="French or English?", fr="Français ou anglais ?"),
    statement=Text(
        en="""Write `make_language_model()`, a function of no argument that returns an **unfitted**
scikit-learn pipeline which tells whether a text is French (`"fr"`) or English (`"en"`).

Its data is `caire_exercises.data.load("sentences")`: 516 sentences with the columns `text` and
`lang`. Some are very short ("Le restaurant", "Free parking"), and some borrow words from the
other language ("She ordered a croissant and a café au lait."). The checker calls
`model.fit(X, y)` with `X` a **list of raw sentences** and `y` their languages, and predicts
sentences the model never saw (4-fold cross-validation).

Expected: an **accuracy of at least 0.97** on the held-out sentences. The feedback shows your
confusion matrix and sentences your model got wrong.""",
        fr="""Écrivez `make_language_model()`, une fonction sans argument qui renvoie un pipeline
scikit-learn **non ajusté** qui dit si un texte est en français (`"fr"`) ou en anglais
(`"en"`).

Ses données sont `caire_exercises.data.load("sentences")` : 516 phrases avec les colonnes
`text` et `lang`. Certaines sont très courtes (« Le restaurant », « Free parking »), d'autres
empruntent des mots à l'autre langue (« She ordered a croissant and a café au lait. »). Le
correcteur appelle `model.fit(X, y)` avec `X` une **liste de phrases brutes** et `y` leurs
langues, puis prédit des phrases que le modèle n'a jamais vues (validation croisée à 4 plis).

Attendu : une **exactitude d'au moins 0,97** sur les phrases mises de côté. Le retour montre
votre matrice de confusion et des phrases que votre modèle a mal classées.""",
    ),
    answer_name="make_language_model",
    kind="estimator",
    reference=make_language_model,
    cases=_language_cases,
    probe=_language_probe,
    checks=(_model_check(Text(en="language model", fr="modèle de langue")),),
    compare_values=False,
    figure=_model_figure,
    difficulty=2,
    minutes=20,
    tags=("text classification", "character n-grams", "language identification", "pipeline"),
    dataset="sentences",
    timeout=20.0,
    mistakes=(
        Mistake("no_vectoriser", Text(
            en="Your pipeline gives raw strings to the classifier, which only reads numbers. Put a "
               "vectoriser first, e.g. TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 3)).",
            fr="Votre pipeline donne des chaînes brutes au classifieur, qui ne lit que des nombres. "
               "Placez d'abord un vectoriseur, par exemple TfidfVectorizer(analyzer='char_wb', "
               "ngram_range=(1, 3))."),
            _language_no_vectoriser),
        Mistake("single_letters", Text(
            en="analyzer='char' with the default ngram_range=(1, 1) counts single letters only. Letter "
               "frequencies differ little between French and English; groups of 2 to 4 letters ('th', "
               "'eau', 'ing', 'qu') tell them apart: ngram_range=(1, 3) or more.",
            fr="analyzer='char' avec ngram_range=(1, 1) par défaut ne compte que des lettres isolées. La "
               "fréquence des lettres diffère peu entre le français et l'anglais ; les groupes de 2 à 4 "
               "lettres ('th', 'eau', 'ing', 'qu') les distinguent : ngram_range=(1, 3) ou plus."),
            _language_single_letters),
        Mistake("clustering", Text(
            en="KMeans makes two groups without looking at the labels, and names them 0 and 1: it is "
               "not a classifier. Use LogisticRegression, MultinomialNB or LinearSVC after the "
               "vectoriser.",
            fr="KMeans forme deux groupes sans regarder les étiquettes, et les nomme 0 et 1 : ce n'est "
               "pas un classifieur. Utilisez LogisticRegression, MultinomialNB ou LinearSVC après le "
               "vectoriseur."),
            _language_clustering),
        Mistake("over_regularised", Text(
            en="With C=0.001 the logistic regression is so regularised that it gives almost every sentence "
               "the same language. Keep the default C=1 or raise it (C=10).",
            fr="Avec C=0.001, la régression logistique est si régularisée qu'elle donne la même langue à "
               "presque toutes les phrases. Gardez C=1 par défaut ou augmentez-le (C=10)."),
            _language_over_regularised),
    ),
    hints=(
        Text(en="Languages show in groups of letters more than in whole words: `TfidfVectorizer("
                "analyzer=\"char_wb\", ngram_range=(1, 3))` counts them, even in unknown words.",
             fr="Les langues se voient dans les groupes de lettres plus que dans les mots entiers : "
                "`TfidfVectorizer(analyzer=\"char_wb\", ngram_range=(1, 3))` les compte, même dans des "
                "mots inconnus."),
        Text(en="Then any linear classifier: `LogisticRegression(C=10)`, `LinearSVC()` or "
                "`MultinomialNB()` (with counts).",
             fr="Puis n'importe quel classifieur linéaire : `LogisticRegression(C=10)`, `LinearSVC()` ou "
                "`MultinomialNB()` (avec des comptes)."),
        Text(en="Look at the sentences your model gets wrong: short ones and those with borrowed words "
                "are the hard ones.",
             fr="Regardez les phrases que votre modèle classe mal : les courtes et celles aux mots "
                "empruntés sont les plus difficiles."),
    ),
    solution_code='''
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline


    def make_language_model():
        return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                             LogisticRegression(C=10, max_iter=1000))
    ''',
)


# ======================================================================= text.faq_search


@lru_cache(maxsize=4)
def _faq_index(columns: tuple[str, ...]) -> tuple[Any, Any, np.ndarray]:
    """A TF-IDF index of the FAQ over `columns` joined: the vectoriser, the matrix, the ids."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    faq = _faq()
    documents = faq[list(columns)].astype(str).agg(" ".join, axis=1)
    vectoriser = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True)
    return vectoriser, vectoriser.fit_transform(documents), faq["faq_id"].to_numpy()


def _faq_scores(question: str, columns: tuple[str, ...] = ("question", "answer")) -> np.ndarray:
    from sklearn.metrics.pairwise import linear_kernel

    vectoriser, matrix, _ = _faq_index(columns)
    return linear_kernel(vectoriser.transform([question]), matrix).ravel()


def search(question, k=3):
    scores = _faq_scores(question)
    best = np.argsort(-scores, kind="stable")[:k]
    return [int(faq_id) for faq_id in _faq_index(("question", "answer"))[2][best]]


def _search_positions(question, k=3):
    return [int(row) for row in np.argsort(-_faq_scores(question), kind="stable")[:k]]


def _search_worst_first(question, k=3):
    ids = _faq_index(("question", "answer"))[2]
    return [int(faq_id) for faq_id in ids[np.argsort(_faq_scores(question), kind="stable")[:k]]]


def _search_questions_only(question, k=3):
    ids = _faq_index(("question",))[2]
    best = np.argsort(-_faq_scores(question, ("question",)), kind="stable")[:k]
    return [int(faq_id) for faq_id in ids[best]]


def _search_ignores_k(question, k=3):
    return search(question, 3)


_POLITE = (("Bonjour, ", ""), ("", " Merci d'avance."), ("Petite question : ", ""), ("", " Merci !"))


def _faq_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    reworded = _reworded()
    faq = _faq()
    pairs = list(zip(reworded["question"], reworded["faq_id"].astype(int)))
    shown, held = pairs[0::2], pairs[1::2]
    own = list(zip(faq["question"], faq["faq_id"].astype(int)))[::3]
    rows = rng.choice(len(held), size=min(50, len(held)), replace=False)
    hidden = []
    for row in rows:
        question, faq_id = held[int(row)]
        before, after = _POLITE[int(rng.integers(len(_POLITE)))]
        hidden.append((f"{before}{question.rstrip(' ?')}{after}", faq_id))
    return [
        Case("reworded questions", kwargs={"queries": shown, "k": 3, "at": 3},
             label=Text(en=f"{len(shown)} reworded questions: is the right entry in your top 3?",
                        fr=f"{len(shown)} questions reformulées : la bonne entrée est-elle dans vos 3 "
                           f"premières ?")),
        Case("the FAQ's own questions", kwargs={"queries": own, "k": 1, "at": 1},
             label=Text(en="questions of the FAQ itself, k=1: each must find its own entry first",
                        fr="questions de la FAQ elle-même, k=1 : chacune doit trouver sa propre entrée en "
                           "premier")),
        Case("k = 5", kwargs={"queries": shown[:12], "k": 5, "at": 3, "in_order": True},
             label=Text(en="k=5: five distinct ids, best first", fr="k=5 : cinq identifiants distincts, le "
                                                                    "meilleur en premier")),
        Case("hidden", kwargs={"queries": hidden, "k": 3, "at": 3}, hidden=True),
    ]


def _faq_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    answer, queries, k, at = answers["search"], case.kwargs["queries"], case.kwargs["k"], case.kwargs["at"]
    in_order = bool(case.kwargs.get("in_order", False))
    key = (case.name, tuple(map(tuple, queries)), k, at, in_order)
    return _remembered(answer, key, lambda: _faq_run(answer, queries, k, at, in_order))


def _as_list(found: Any) -> Any:
    """A NumPy array or a pandas Series of ids as a list; anything else as it is."""
    if isinstance(found, np.ndarray) or type(found).__module__.startswith("pandas"):
        return list(np.asarray(found).tolist())
    return found


def _faq_run(search_answer: Any, queries: Any, k: int, at: int, in_order: bool = False) -> dict[str, Any]:
    known = {int(i) for i in _faq()["faq_id"]}
    results, misses, hits = [], [], 0
    facts = {"sequence": True, "integers": True, "length": True, "known_ids": True, "distinct": True}
    disorder: list[dict[str, Any]] = []
    for question, faq_id in queries:
        found = _as_list(search_answer(question, k))
        if not isinstance(found, (list, tuple)):
            facts["sequence"] = False
            return {"value": {"got": type_name(found)}, "facts": facts, "got": type_name(found)}
        whole = [isinstance(i, (int, np.integer)) and not isinstance(i, (bool, np.bool_)) for i in found]
        if not all(whole):
            facts["integers"] = False
            return {"value": {"got": repr(found)[:80]}, "facts": facts, "got": repr(found)[:80]}
        found = [int(i) for i in found]
        facts["length"] &= len(found) == k
        facts["known_ids"] &= set(found) <= known
        facts["distinct"] &= len(set(found)) == len(found)
        results.append(found)
        if in_order:
            # Best first: the first results of a longer list are the shorter list.
            shorter = [_as_list(search_answer(question, n)) for n in (1, 3)]
            shown = [[int(i) for i in part] if isinstance(part, (list, tuple))
                     and all(isinstance(i, (int, np.integer)) for i in part) else repr(part)[:80]
                     for part in shorter]
            if shown != [found[:1], found[:3]]:
                disorder.append({"question": question, "found": found, "one": shown[0], "three": shown[1]})
        if faq_id in found[:at]:
            hits += 1
        elif len(misses) < 3:
            misses.append({"question": question, "faq_id": int(faq_id), "found": found})
    if in_order:
        # Exact ties in the scores may be broken another way from one k to the next.
        facts["best_first"] = len(disorder) <= len(results) // 10
    rate = hits / len(results)
    bar = FAQ_HIT_AT_3 if at == 3 else 0.9
    facts["good_enough"] = rate >= bar
    name = f"hit@{at}"
    return {"value": {name: round(rate, 4)}, "facts": facts, "rate": rate, "bar": bar, "at": at, "k": k,
            "results": results, "misses": misses, "lengths": sorted({len(r) for r in results}),
            "disorder": disorder[:1]}


def _faq_feedback() -> dict[str, Any]:
    def where(d: Mapping[str, Any]) -> Text:
        if d.get("at") == 1:
            return Text(en="Your first result is the right entry",
                        fr="Votre premier résultat est la bonne entrée")
        return Text(en=f"The right entry is among your first {d.get('at')} results",
                    fr=f"La bonne entrée figure parmi vos {d.get('at')} premiers résultats")

    def disordered(d: Mapping[str, Any], language: str = "en") -> str:
        if not d.get("disorder"):
            return ""
        seen = d["disorder"][0]
        one, three = seen["one"], seen["three"]
        if language == "fr":
            return (f"pour « {seen['question']} », search(question, 5) a donné {seen['found']}, mais "
                    f"search(question, 1) a donné {one} et search(question, 3) {three}")
        return (f"for «{seen['question']}», search(question, 5) gave {seen['found']}, but "
                f"search(question, 1) gave {one} and search(question, 3) {three}")

    def misses(d: Mapping[str, Any]) -> str:
        return "; ".join(f"«{m['question']}» → {m['found']} (≠ {m['faq_id']})" for m in d.get("misses", []))

    return {
        "sequence": lambda d: Text(
            en=f"search returned a {d.get('got')}; expected a list of faq_id values.",
            fr=f"search a renvoyé un {d.get('got')} ; une liste de valeurs de faq_id est attendue."),
        "integers": lambda d: Text(
            en=f"search returned {d.get('got')}; expected a list of integers, the faq_id of each entry "
               f"(not the question text, nor a row of the table).",
            fr=f"search a renvoyé {d.get('got')} ; une liste d'entiers est attendue, le faq_id de chaque "
               f"entrée (ni le texte de la question, ni une ligne de la table)."),
        "length": lambda d: Text(
            en=f"Asked for k={d.get('k')} results, search returned lists of length {d.get('lengths')}. "
               f"Return exactly k ids: slice with [:k].",
            fr=f"Pour k={d.get('k')} résultats demandés, search a renvoyé des listes de longueur "
               f"{d.get('lengths')}. Renvoyez exactement k identifiants : découpez avec [:k]."),
        "known_ids": lambda d: Text(
            en="search returned numbers that are not faq_id values of the FAQ (1 to 70). A position in "
               "the table (0, 1, 2...) is not an id: read faq['faq_id'] at those positions.",
            fr="search a renvoyé des nombres qui ne sont pas des faq_id de la FAQ (de 1 à 70). Une "
               "position dans la table (0, 1, 2...) n'est pas un identifiant : lisez faq['faq_id'] à ces "
               "positions."),
        "distinct": lambda d: Text(
            en="search returned the same id twice in one list: each entry should appear once.",
            fr="search a renvoyé deux fois le même identifiant dans une liste : chaque entrée ne doit "
               "apparaître qu'une fois."),
        "best_first": lambda d: Text(
            en=f"Your lists are not sorted best first: {disordered(d)}. A longer list must begin with "
               f"the shorter one. Sort by decreasing similarity (np.argsort(-scores)) and keep that "
               f"order: sorted(), set() or np.argpartition lose it.",
            fr=f"Vos listes ne sont pas triées de la meilleure entrée à la moins bonne : "
               f"{disordered(d, 'fr')}. Une liste plus longue doit commencer par la plus courte. Triez "
               f"par similarité décroissante (np.argsort(-scores)) et gardez cet ordre : sorted(), set() "
               f"ou np.argpartition le perdent."),
        "good_enough": lambda d: Text(
            en=f"{where(d).en} for {d.get('rate', 0):.0%} of the questions; at least {d.get('bar', 0):.0%} "
               f"is expected. Missed, e.g.: {misses(d)}.",
            fr=f"{where(d).fr} pour {d.get('rate', 0):.0%} des questions ; il faut au moins "
               f"{d.get('bar', 0):.0%}. Manquées, par exemple : {misses(d)}."),
    }


def _faq_check(obtained: Any, expected: Any, case: Case) -> Text | None:
    different = _facts_differ(obtained, expected, _faq_feedback())
    if different is not None or all(expected.get("facts", {}).values()):
        return different
    # A declared mistake's data: the learner made it only if they return the very same lists.
    if obtained.get("results") != expected.get("results"):
        return Text(en="different results", fr="résultats différents")
    return None


FAQ_SEARCH = Exercise(
    id="text.faq_search",
    module=MODULE,
    title=Text(en="Search a health FAQ with TF-IDF", fr="Chercher dans une FAQ santé avec TF-IDF"),
    statement=Text(
        en="""People rarely ask a question in the FAQ's own words. Write `search(question, k)` which
returns the `faq_id` of the `k` entries of a French health FAQ that best match `question`,
best first, as a list of integers.

The FAQ is `faq = caire_exercises.data.load("health_faq")`: 70 entries with the columns
`faq_id`, `category`, `question` and `answer`. Build a TF-IDF index of the entries **once**,
outside `search` (your function may use it as a global variable), then for each question
compute its similarity to every entry (cosine similarity: `linear_kernel` on TF-IDF vectors)
and return the ids of the `k` most similar.

The checker asks reworded questions, written by people who did not copy the FAQ
("On m'a volé ma carte Vitale, que dois-je faire ?"). Expected:

* for reworded questions, the right entry among your first 3 results at least 80 % of the
  time (hit@3 ≥ 0.8);
* for the FAQ's own questions with `k=1`, the entry itself at least 90 % of the time;
* exactly `k` distinct ids in each list.""",
        fr="""On pose rarement une question avec les mots mêmes de la FAQ. Écrivez
`search(question, k)` qui renvoie le `faq_id` des `k` entrées d'une FAQ santé en français qui
correspondent le mieux à `question`, la meilleure en premier, sous forme de liste d'entiers.

La FAQ est `faq = caire_exercises.data.load("health_faq")` : 70 entrées avec les colonnes
`faq_id`, `category`, `question` et `answer`. Construisez un index TF-IDF des entrées **une
seule fois**, hors de `search` (votre fonction peut s'en servir comme d'une variable globale),
puis pour chaque question calculez sa similarité avec chaque entrée (similarité cosinus :
`linear_kernel` sur des vecteurs TF-IDF) et renvoyez les identifiants des `k` plus proches.

Le correcteur pose des questions reformulées, écrites par des personnes qui n'ont pas recopié
la FAQ (« On m'a volé ma carte Vitale, que dois-je faire ? »). Attendu :

* pour les questions reformulées, la bonne entrée parmi vos 3 premiers résultats dans au moins
  80 % des cas (hit@3 ≥ 0,8) ;
* pour les questions de la FAQ elle-même avec `k=1`, l'entrée elle-même dans au moins 90 % des
  cas ;
* exactement `k` identifiants distincts dans chaque liste.""",
    ),
    answer_name="search",
    kind="function",
    reference=search,
    cases=_faq_cases,
    probe=_faq_probe,
    checks=(_faq_check,),
    compare_values=False,
    difficulty=3,
    minutes=25,
    tags=("information retrieval", "TF-IDF", "cosine similarity", "French", "health"),
    dataset="health_faq",
    timeout=10.0,
    mistakes=(
        Mistake("row_positions", Text(
            en="Your search returns positions in the table (0 for the first row), not faq_id values. "
               "Read the ids at those positions: faq['faq_id'].to_numpy()[best].",
            fr="Votre recherche renvoie des positions dans la table (0 pour la première ligne), pas des "
               "faq_id. Lisez les identifiants à ces positions : faq['faq_id'].to_numpy()[meilleurs]."),
            _search_positions),
        Mistake("worst_first", Text(
            en="np.argsort sorts from the smallest similarity to the largest: your first results are the "
               "least similar entries. Sort by -scores (or reverse the order) before taking [:k].",
            fr="np.argsort trie de la plus petite similarité à la plus grande : vos premiers résultats sont "
               "les entrées les moins proches. Triez selon -scores (ou inversez l'ordre) avant de prendre "
               "[:k]."),
            _search_worst_first),
        Mistake("questions_only", Text(
            en="You indexed the FAQ's questions only. A reworded question shares few words with the "
               "original question, but often shares some with the answer: index question and answer "
               "together (faq.question + ' ' + faq.answer).",
            fr="Vous n'avez indexé que les questions de la FAQ. Une question reformulée partage peu de mots "
               "avec la question d'origine, mais en partage souvent avec la réponse : indexez la question "
               "et la réponse ensemble (faq.question + ' ' + faq.answer)."),
            _search_questions_only),
        Mistake("ignores_k", Text(
            en="Your search always returns 3 results, whatever k is. Slice with [:k].",
            fr="Votre recherche renvoie toujours 3 résultats, quel que soit k. Découpez avec [:k]."),
            _search_ignores_k),
    ),
    hints=(
        Text(en="`vectoriser = TfidfVectorizer(strip_accents=\"unicode\")`, then "
                "`documents = vectoriser.fit_transform(faq.question + \" \" + faq.answer)`: fit once, on "
                "the FAQ.",
             fr="`vectoriseur = TfidfVectorizer(strip_accents=\"unicode\")`, puis "
                "`documents = vectoriseur.fit_transform(faq.question + \" \" + faq.answer)` : ajustez une "
                "seule fois, sur la FAQ."),
        Text(en="In `search`, use `transform` (not `fit_transform`) on `[question]`, then "
                "`scores = linear_kernel(query, documents).ravel()`.",
             fr="Dans `search`, utilisez `transform` (pas `fit_transform`) sur `[question]`, puis "
                "`scores = linear_kernel(requete, documents).ravel()`."),
        Text(en="`best = np.argsort(-scores)[:k]` gives the positions of the best entries; return "
                "`[int(i) for i in faq.faq_id.to_numpy()[best]]`.",
             fr="`meilleurs = np.argsort(-scores)[:k]` donne les positions des meilleures entrées ; "
                "renvoyez `[int(i) for i in faq.faq_id.to_numpy()[meilleurs]]`."),
    ),
    solution_code='''
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from caire_exercises.data import load

    faq = load("health_faq")
    vectoriser = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True)
    documents = vectoriser.fit_transform(faq["question"] + " " + faq["answer"])


    def search(question, k=3):
        scores = linear_kernel(vectoriser.transform([question]), documents).ravel()
        best = np.argsort(-scores, kind="stable")[:k]
        return [int(faq_id) for faq_id in faq["faq_id"].to_numpy()[best]]
    ''',
)


EXERCISES = (BUILD_DATASET, NORMALISE, TOKENISE_FR, SPAM, LANGUAGE_ID, FAQ_SEARCH)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='text', code='M6', audience=("engineering",),
    title=Text(en='Text with Hugging Face datasets', fr='Le texte avec Hugging Face datasets'),
    intro=Text(en='Building text data sets, normalising and tokenising text, and simple classifiers and search.',
               fr='Construire des jeux de données textuels, normaliser et découper le texte, puis classer et rechercher simplement.'),
    exercises=EXERCISES,
)

#: The answers this module declares, whose probe data :func:`_remembered` may keep.
_DECLARED = tuple(answer for exercise in EXERCISES
                  for answer in (exercise.reference, *(mistake.answer for mistake in exercise.mistakes)))
