"""M0, AI literacy and framing: no code, a dict of answers.

Three quizzes: which kind of system a situation describes (``literacy.which_ai``), how to
frame a prediction problem, by its target type and the metric that matters
(``literacy.frame``), and which pitfall a project fell into (``literacy.pitfalls``). The
learner answers with a dict ``{item key: option}``; ``frame`` takes a pair
``(target type, metric)`` for each item.

Each student gets a sample of items from a bank written by the project (the CC0 data set
``quiz_items``, read from ``datasets/quiz_items/items.jsonl``), stratified by answer, so
that every student meets every kind of answer and every declared mistake costs the pass.
Each item is one case, so every item is reported, with the explanation of the right answer
when the learner's is wrong.

Accepted spellings of an option: its key (``supervised``) or its French name
(``supervisé``), with any capitals, with or without accents, with spaces, hyphens or
underscores alike, and with the words "learning", "apprentissage", "AI", "IA", "based",
"system", "classification" or "score" left out or added (``"Supervised learning"``,
``"apprentissage non supervisé"``, ``"rule-based"``, ``"IA générative"``,
``"F1-score"``). A few usual synonyms are accepted too (``sensitivity`` for ``recall``,
``RL`` for ``reinforcement``); see the ``spellings`` of each :class:`Option`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .._compare import describe
from .._exercise import Case, Check, Exercise, Mistake, Probe
from .._module import Module
from .._i18n import Message, Text, message

MODULE = "literacy"
DATASET = "quiz_items"


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Option:
    """One allowed answer: its key, its name in both languages and its other spellings."""

    key: str
    name: Text
    spellings: tuple[str, ...] = ()


#: Words that do not change an answer: "supervised learning" is "supervised".
_FILLER_WORDS = frozenset({
    "learning", "apprentissage", "par", "ai", "ia", "based", "base", "a", "de", "d", "l", "la",
    "le", "the", "system", "systems", "systeme", "systemes", "classification", "score",
})


def normalise_spelling(text: str) -> str:
    """`text` without accents, capitals, punctuation or filler words.

    >>> normalise_spelling("Apprentissage NON-supervisé")
    'non supervise'
    >>> normalise_spelling("F1-score")
    'f1'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    words = re.split(r"[^a-z0-9]+", plain)
    return " ".join(word for word in words if word and word not in _FILLER_WORDS)


class OptionSet:
    """The options of a quiz, and the spellings that name each one."""

    def __init__(self, options: Sequence[Option]) -> None:
        self.options = tuple(options)
        self._by_spelling: dict[str, str] = {}
        for option in self.options:
            for spelling in (option.key, option.name.en, option.name.fr, *option.spellings):
                normalised = normalise_spelling(spelling)
                owner = self._by_spelling.setdefault(normalised, option.key)
                if not normalised or owner != option.key:
                    raise ValueError(f"spelling {spelling!r} is ambiguous or empty")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def resolve(self, text: str) -> str | None:
        """The key of the option `text` names, or None."""
        return self._by_spelling.get(normalise_spelling(text))

    def name(self, key: str) -> Text:
        return next(option.name for option in self.options if option.key == key)

    def listing(self) -> Text:
        """The allowed options, for messages: keys, then the French names."""
        keys = ", ".join(self.keys)
        french = ", ".join(option.name.fr for option in self.options)
        return Text(en=f"{keys} (or in French: {french})", fr=f"{keys} (ou en français : {french})")


KINDS = OptionSet((
    Option("supervised", Text(en="supervised", fr="supervisé"), ("supervisee",)),
    Option("unsupervised", Text(en="unsupervised", fr="non supervisé"),
           ("non supervisee", "nonsupervise", "nonsupervisee", "not supervised")),
    Option("reinforcement", Text(en="reinforcement", fr="renforcement"), ("rl",)),
    Option("rules", Text(en="rules", fr="règles"), ("rule", "règle", "expert", "if then")),
    Option("generative", Text(en="generative", fr="génératif"),
           ("generative", "générative", "genai", "gen")),
))

TARGETS = OptionSet((
    Option("binary", Text(en="binary", fr="binaire")),
    Option("multiclass", Text(en="multiclass", fr="multiclasse"),
           ("multi class", "multi classe", "multinomial")),
    Option("regression", Text(en="regression", fr="régression")),
))

METRICS = OptionSet((
    Option("accuracy", Text(en="accuracy", fr="exactitude")),
    Option("balanced_accuracy", Text(en="balanced accuracy", fr="exactitude équilibrée"),
           ("accuracy équilibrée", "balanced_accuracy")),
    Option("recall", Text(en="recall", fr="rappel"),
           ("sensitivity", "sensibilité", "true positive rate", "tpr", "taux de vrais positifs")),
    Option("precision", Text(en="precision", fr="précision"),
           ("positive predictive value", "ppv", "valeur prédictive positive", "vpp")),
    Option("f1", Text(en="F1", fr="F1"), ("f1 score", "f measure", "f mesure", "f-mesure")),
    Option("mae", Text(en="MAE", fr="MAE"),
           ("mean absolute error", "erreur absolue moyenne", "eam")),
    Option("rmse", Text(en="RMSE", fr="RMSE"),
           ("root mean squared error", "root mean square error",
            "racine de l'erreur quadratique moyenne", "reqm")),
    Option("mape", Text(en="MAPE", fr="MAPE"),
           ("mean absolute percentage error", "erreur absolue moyenne en pourcentage", "eamp")),
))

PITFALLS = OptionSet((
    Option("leakage", Text(en="leakage", fr="fuite de données"),
           ("data leakage", "fuite", "fuite de donnees", "target leakage")),
    Option("selection_bias", Text(en="selection bias", fr="biais de sélection"),
           ("sampling bias", "biais d'échantillonnage", "survivorship bias", "biais du survivant")),
    Option("label_bias", Text(en="label bias", fr="biais d'étiquetage"),
           ("labelling bias", "labeling bias", "biais d'étiquette", "biais des étiquettes")),
    Option("distribution_shift", Text(en="distribution shift", fr="changement de distribution"),
           ("dataset shift", "data drift", "drift", "concept drift", "dérive",
            "dérive des données", "dérive de concept", "glissement de distribution")),
))


# ----------------------------------------------------------------------- item banks


@lru_cache(maxsize=1)
def _all_items() -> tuple[dict[str, Any], ...]:
    from ..data import bundled_root

    path = bundled_root() / DATASET / "items.jsonl"
    with path.open(encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines if line.strip())


def bank_items(bank: str) -> dict[str, dict[str, Any]]:
    """The items of `bank` (``which_ai``, ``frame`` or ``pitfalls``) by key, in file order."""
    return {item["key"]: item for item in _all_items() if item["bank"] == bank}


def right_answer(item: Mapping[str, Any]) -> Any:
    """An item's answer: an option key, or the pair (target, metric) for ``frame``."""
    if item["bank"] == "frame":
        return (item["target"], item["metric"])
    return item["answer"]


class BankAnswers(Mapping[str, Any]):
    """The answers to every item of a bank, read from the data set when first needed.

    The reference of a quiz is the bank's right answers; a declared mistake is the same
    with `alter` applied to each answer (a real confusion, such as calling every
    learning system "supervised"). Items outside a student's variant are simply not asked.
    """

    def __init__(self, bank: str, alter: Callable[[Any], Any] | None = None) -> None:
        self.bank = bank
        self.alter = alter
        self._answers: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._answers is None:
            change = self.alter or (lambda answer: answer)
            self._answers = {key: change(right_answer(item))
                             for key, item in bank_items(self.bank).items()}
        return self._answers

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BankAnswers):
            return (self.bank, self.alter) == (other.bank, other.alter)
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash((self.bank, self.alter))

    def __repr__(self) -> str:
        lines = [f"    {key!r}: {value!r}," for key, value in self._data().items()]
        return "{\n" + "\n".join(lines) + "\n}"


def _swap(first: str, second: str) -> Callable[[str], str]:
    return lambda answer: second if answer == first else first if answer == second else answer


def _replace(wrong: str, *confused: str) -> Callable[[str], str]:
    return lambda answer: wrong if answer in confused else answer


# ------------------------------------------------------------------------- variants

#: How a variant is drawn: for each stratum, a test on an item and how many items to take.
Strata = Sequence[tuple[Callable[[Mapping[str, Any]], bool], int]]


def _answer_is(*answers: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda item: item["answer"] in answers


def _framed_as(target: str, *metrics: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda item: item["target"] == target and (not metrics or item["metric"] in metrics)


def _item_list(keys: Sequence[str], items: Mapping[str, Mapping[str, Any]], language: str) -> str:
    return "\n".join(f"{number}. `{key}`: {items[key]['text_' + language]}"
                     for number, key in enumerate(keys, 1))


def _sampler(bank: str, strata: Strata, pass_score: float
             ) -> Callable[[np.random.Generator], dict[str, Any]]:
    def variant(rng: np.random.Generator) -> dict[str, Any]:
        items = bank_items(bank)
        chosen: list[str] = []
        for belongs, count in strata:
            pool = [key for key, item in items.items() if belongs(item)]
            chosen.extend(pool[int(i)] for i in sorted(rng.choice(len(pool), size=count, replace=False)))
        keys = [chosen[int(i)] for i in rng.permutation(len(chosen))]
        return {"items": keys, "n_items": len(keys),
                "pass_count": math.ceil(pass_score * len(keys) - 1e-9),
                "items_en": _item_list(keys, items, "en"), "items_fr": _item_list(keys, items, "fr")}

    return variant


def _item_cases(bank: str) -> Callable[[Mapping[str, Any], np.random.Generator], list[Case]]:
    def cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
        items = bank_items(bank)
        return [Case(key, kwargs={"item": key},
                     label=Text(en=items[key]["text_en"], fr=items[key]["text_fr"]))
                for key in params["items"]]

    return cases


# --------------------------------------------------------------------- probe, check

_MISSING = object()


def _lookup(answers: Mapping[Any, Any], key: str) -> Any:
    """The learner's answer to item `key`; keys match ignoring case, spaces and hyphens."""
    if key in answers:
        return answers[key]
    wanted = key.lower()
    for given_key, value in answers.items():
        if isinstance(given_key, str) and re.sub(r"[\s\-]+", "_", given_key.strip().lower()) == wanted:
            return value
    return _MISSING


def _is_blank(value: Any) -> bool:
    return value is None or value is Ellipsis or (isinstance(value, str) and not value.strip())


def _read_option(raw: Any, options: OptionSet) -> dict[str, Any]:
    if not isinstance(raw, str):
        return {"problem": "not_text", "value": describe(raw)}
    key = options.resolve(raw)
    return {"value": key} if key is not None else {"problem": "unknown", "value": raw[:80]}


def _read_frame(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        parts: Sequence[Any] = re.split(r"\s*[,;/+|]\s*", raw.strip())
    elif isinstance(raw, (tuple, list)):
        parts = raw
    else:
        return {"problem": "not_pair", "value": describe(raw)}
    if len(parts) != 2 or not all(isinstance(part, str) for part in parts):
        return {"problem": "not_pair", "value": repr(raw)[:80]}
    target = metric = None
    for part in parts:
        as_target, as_metric = TARGETS.resolve(part), METRICS.resolve(part)
        if as_target is None and as_metric is None:
            return {"problem": "unknown", "value": part[:80]}
        if as_target is not None and target is None:
            target = as_target
        elif as_metric is not None and metric is None:
            metric = as_metric
    if target is None or metric is None:
        return {"problem": "not_pair", "value": repr(raw)[:80]}
    return {"value": [target, metric]}


def _choice_probe(answer_name: str, read: Callable[[Any], dict[str, Any]]) -> Probe:
    def probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        given = answers[answer_name]
        if not isinstance(given, Mapping):
            return {"problem": "not_dict", "value": describe(given)}
        raw = _lookup(given, case.kwargs["item"])
        if raw is _MISSING:
            return {"problem": "missing", "value": None}
        if _is_blank(raw):
            return {"problem": "blank", "value": None if raw is Ellipsis else raw}
        return read(raw)

    return probe


_EXAMPLE = {"which_ai": '{"item_key": "supervised", ...}',
            "frame": '{"item_key": ("binary", "recall"), ...}',
            "pitfalls": '{"item_key": "leakage", ...}'}
_EXAMPLE_OPTION = {"which_ai": "supervised", "frame": "binary", "pitfalls": "leakage"}


def _problem_message(bank: str, answer_name: str, obtained: Mapping[str, Any], case: Case,
                     allowed: Text) -> Message:
    problem, given = obtained["problem"], obtained.get("value")
    key = case.kwargs["item"]
    if problem == "not_dict":
        return message(Text(
            en="Answer with a dict that maps each item's key to your answer, e.g. "
               "`{name} = {example}`; `{name}` is of type {given}.",
            fr="Répondez par un dictionnaire qui associe à la clé de chaque question votre "
               "réponse, par exemple `{name} = {example}` ; `{name}` est de type {given}."),
            name=answer_name, example=_EXAMPLE[bank], given=given)
    if problem == "missing":
        return message(Text(en="No answer for this item: add the key `{key}` to `{name}`.",
                            fr="Pas de réponse à cette question : ajoutez la clé `{key}` à "
                               "`{name}`."), key=key, name=answer_name)
    if problem == "blank":
        return message(Text(en="Not answered yet: replace None by your answer. Allowed: {allowed}.",
                            fr="Pas encore de réponse : remplacez None par votre réponse. "
                               "Possibles : {allowed}."), allowed=allowed)
    if problem == "not_pair":
        return message(Text(
            en="Give a pair (target type, metric), e.g. (\"binary\", \"recall\"): one target "
               "type and one metric. Got {given}. Allowed: {allowed}.",
            fr="Donnez un couple (type de cible, mesure), par exemple (\"binary\", \"recall\") : "
               "un type de cible et une mesure. Reçu {given}. Possibles : {allowed}."),
            given=given, allowed=allowed)
    if problem == "not_text":
        return message(Text(en="Write your answer as text, such as \"{first}\", not {given}.",
                            fr="Écrivez votre réponse sous forme de texte, comme \"{first}\", et "
                               "non {given}."),
                       first=_EXAMPLE_OPTION[bank], given=given)
    return message(Text(en="\"{given}\" is not one of the options. Write one of: {allowed}.",
                        fr="« {given} » ne fait pas partie des options. Écrivez l'une de "
                           "celles-ci : {allowed}."), given=given, allowed=allowed)


def _wrong_answer(item: Mapping[str, Any], got: Any, options: OptionSet) -> Message:
    why = Text(en=item["explanation_en"], fr=item["explanation_fr"])
    return message(Text(en="You answered \"{given}\"; the expected answer is \"{right}\". {why}",
                        fr="Vous avez répondu « {given} » ; la réponse attendue est « {right} ». "
                           "{why}"),
                   given=options.name(got), right=options.name(item["answer"]), why=why)


def _wrong_frame(item: Mapping[str, Any], got: Sequence[str]) -> Message:
    why = Text(en=item["explanation_en"], fr=item["explanation_fr"])
    (target, metric), (right_target, right_metric) = got, right_answer(item)
    values = {"given_target": TARGETS.name(target), "right_target": TARGETS.name(right_target),
              "given_metric": METRICS.name(metric), "right_metric": METRICS.name(right_metric),
              "why": why}
    if target == right_target:
        template = Text(
            en="The target type is right (\"{right_target}\"), but not the metric: you chose "
               "\"{given_metric}\", the one that matters here is \"{right_metric}\". {why}",
            fr="Le type de cible est juste (« {right_target} »), mais pas la mesure : vous avez "
               "choisi « {given_metric} », celle qui compte ici est « {right_metric} ». {why}")
    elif metric == right_metric:
        template = Text(
            en="The metric is right (\"{right_metric}\"), but not the target type: you said "
               "\"{given_target}\", it is \"{right_target}\". {why}",
            fr="La mesure est juste (« {right_metric} »), mais pas le type de cible : vous avez "
               "dit « {given_target} », c'est « {right_target} ». {why}")
    else:
        template = Text(
            en="Target type: you said \"{given_target}\", it is \"{right_target}\". Metric: "
               "you chose \"{given_metric}\", the one that matters here is \"{right_metric}\". "
               "{why}",
            fr="Type de cible : vous avez dit « {given_target} », c'est « {right_target} ». "
               "Mesure : vous avez choisi « {given_metric} », celle qui compte ici est "
               "« {right_metric} ». {why}")
    return message(template, **values)


def _choice_check(bank: str, answer_name: str, options: OptionSet | None) -> Check:
    """The check of one item; `options` is None for ``frame`` (targets and metrics)."""
    allowed = options.listing() if options is not None else Text(
        en=f"target types {TARGETS.listing().en}; metrics {METRICS.listing().en}",
        fr=f"types de cible {TARGETS.listing().fr} ; mesures {METRICS.listing().fr}")

    def check(obtained: Any, expected: Any, case: Case) -> Message | None:
        if obtained == expected:
            return None
        if "problem" in obtained:
            return _problem_message(bank, answer_name, obtained, case, allowed)
        if "problem" in expected:
            # Only when the judge compares with a declared mistake of another form: they differ.
            return message(Text(en="The answers differ.", fr="Les réponses diffèrent."))
        item = bank_items(bank)[case.kwargs["item"]]
        if options is None:
            return _wrong_frame(item, obtained["value"])
        return _wrong_answer(item, obtained["value"], options)

    return check


def _quiz(bank: str, options: OptionSet | None, read: Callable[[Any], dict[str, Any]],
          strata: Strata, pass_score: float, **declaration: Any) -> Exercise:
    return Exercise(
        id=f"literacy.{bank}",
        module=MODULE,
        answer_name=bank,
        kind="choice",
        reference=BankAnswers(bank),
        cases=_item_cases(bank),
        variant=_sampler(bank, strata, pass_score),
        probe=_choice_probe(bank, read),
        checks=(_choice_check(bank, bank, options),),
        compare_values=False,
        pass_score=pass_score,
        difficulty=1,
        dataset=DATASET,
        **declaration,
    )


def _spelling_note(examples_en: str, examples_fr: str,
                   fillers_en: str = '"learning", "AI" or "based"',
                   fillers_fr: str = "« apprentissage », « IA » ou « à base de »") -> Text:
    """How options may be written (see the module docstring), with examples for one quiz."""
    return Text(
        en="You may write an option in English or in French, in capitals or not, with or "
           f"without accents; words such as {fillers_en} may be added or "
           f"left out ({examples_en} are accepted). An unknown word is reported with the list "
           "of allowed options.",
        fr="Vous pouvez écrire une option en anglais ou en français, en majuscules ou non, avec "
           f"ou sans accents ; des mots comme {fillers_fr} peuvent "
           f"être ajoutés ou omis ({examples_fr} sont acceptés). Un mot inconnu est signalé "
           "avec la liste des options possibles.")


_WHICH_AI_NOTE = _spelling_note(
    '"Supervised learning", "rule-based" and "IA générative"',
    "« apprentissage supervisé », « à base de règles » et « Generative AI »")

_FRAME_NOTE = _spelling_note(
    '"Binary classification", "F1-score" and "sensibilité"',
    "« classification binaire », « F1-score » et « sensitivity »",
    '"classification" or "score"', "« classification » ou « score »")

_PITFALLS_NOTE = _spelling_note(
    '"Data leakage", "biais de sélection" and "Distribution-shift"',
    "« Fuite de données », « biais de selection » et « data leakage »")


# ------------------------------------------------------------------------- which_ai

WHICH_AI = _quiz(
    "which_ai", KINDS, lambda raw: _read_option(raw, KINDS),
    strata=((_answer_is("supervised"), 2), (_answer_is("unsupervised"), 2),
            (_answer_is("reinforcement"), 1), (_answer_is("rules"), 2),
            (_answer_is("generative"), 1)),
    pass_score=0.8,
    title=Text(en="Which kind of AI system?", fr="Quel type de système d'IA ?"),
    statement=Text(
        en="""For each situation below, say which kind of system it describes. Answer with a dict
that maps each item's key (in backticks in your list below) to one option:

```python
which_ai = {"item_key": "option", ...}
```

The options:

- `supervised`: learns from past examples whose right answer (the *label*) is known, to
  predict it for new cases;
- `unsupervised`: finds structure in data that has no label (groups, unusual cases, a
  summary of many variables);
- `reinforcement`: learns to act by trial and error, from rewards;
- `rules`: follows rules or thresholds written by people; nothing is learnt from data;
- `generative`: produces new content (text, images, code, artificial records).

""" + _WHICH_AI_NOTE.en + """
French names: `supervisé`, `non supervisé`, `renforcement`,
`règles`, `génératif`.

You pass with at least 80 % of the items right ({pass_count} of your {n_items}).

Your items:

{items_en}""",
        fr="""Pour chaque situation ci-dessous, dites quel type de système elle décrit. Répondez par un
dictionnaire qui associe à la clé de chaque question (entre apostrophes inverses dans votre
liste ci-dessous) une option :

```python
which_ai = {"item_key": "option", ...}
```

Les options :

- `supervisé` (`supervised`) : apprend sur des exemples passés dont la bonne réponse
  (l'*étiquette*) est connue, pour la prédire sur de nouveaux cas ;
- `non supervisé` (`unsupervised`) : trouve une structure dans des données sans étiquette
  (des groupes, des cas inhabituels, un résumé de nombreuses variables) ;
- `renforcement` (`reinforcement`) : apprend à agir par essais et erreurs, grâce à des
  récompenses ;
- `règles` (`rules`) : suit des règles ou des seuils écrits par des personnes ; rien n'est
  appris à partir de données ;
- `génératif` (`generative`) : produit un contenu nouveau (texte, images, code, dossiers
  artificiels).

""" + _WHICH_AI_NOTE.fr + """

Vous réussissez avec au moins 80 % de bonnes réponses ({pass_count} sur vos {n_items}).

Vos questions :

{items_fr}""",
    ),
    minutes=10,
    tags=("AI literacy", "kinds of AI", "quiz"),
    mistakes=(
        Mistake("everything_generative", Text(
            en="You called systems that predict a label, find groups or learn to act "
               "\"generative\". Generative AI produces new content (text, images, code). A system "
               "that learns from labelled examples is supervised; one that finds structure "
               "without labels is unsupervised; one that learns from rewards is reinforcement "
               "learning.",
            fr="Vous avez qualifié de « génératifs » des systèmes qui prédisent une étiquette, "
               "trouvent des groupes ou apprennent à agir. L'IA générative produit un contenu "
               "nouveau (texte, images, code). Un système qui apprend sur des exemples "
               "étiquetés est supervisé ; celui qui trouve une structure sans étiquette est non "
               "supervisé ; celui qui apprend grâce à des récompenses relève du renforcement."),
            BankAnswers("which_ai", _replace("generative", "supervised", "unsupervised",
                                             "reinforcement"))),
        Mistake("unsupervised_with_labels", Text(
            en="You answered \"unsupervised\" where the past examples come with their right "
               "answer (a label: left or stayed, fracture or not, the final price). When labels "
               "are known and the system learns to predict them, it is supervised learning.",
            fr="Vous avez répondu « non supervisé » là où les exemples passés sont accompagnés "
               "de leur bonne réponse (une étiquette : parti ou resté, fracture ou non, le prix "
               "final). Quand les étiquettes sont connues et que le système apprend à les "
               "prédire, c'est de l'apprentissage supervisé."),
            BankAnswers("which_ai", _replace("unsupervised", "supervised"))),
        Mistake("learning_means_supervised", Text(
            en="You answered \"supervised\" for a system that learns without labels or from "
               "rewards, as if learning from data always meant supervised learning. Supervised "
               "learning needs a known right answer for each example. Finding groups or unusual cases "
               "without labels is unsupervised; learning to act from rewards is reinforcement "
               "learning.",
            fr="Vous avez répondu « supervisé » pour un système qui apprend sans étiquette ou "
               "grâce à des récompenses, comme si apprendre à partir de données voulait toujours "
               "dire « apprentissage supervisé ». L'apprentissage supervisé demande une bonne réponse connue pour chaque "
               "exemple. Trouver des groupes ou des cas inhabituels sans étiquette relève de "
               "l'apprentissage non supervisé ; apprendre à agir grâce à des récompenses, de "
               "l'apprentissage par renforcement."),
            BankAnswers("which_ai", _replace("supervised", "unsupervised", "reinforcement"))),
        Mistake("rules_as_learning", Text(
            en="You took hand-written rules for a learnt model. When people wrote the thresholds "
               "or the table (a policy, a manual, a score grid), nothing is learnt from data: "
               "it is a rule-based system, however \"smart\" it looks.",
            fr="Vous avez pris des règles écrites à la main pour un modèle appris. Quand des "
               "personnes ont écrit les seuils ou la table (une politique, un manuel, une grille "
               "de score), rien n'est appris à partir de données : c'est un système à base de "
               "règles, aussi « intelligent » qu'il paraisse."),
            BankAnswers("which_ai", _replace("supervised", "rules"))),
    ),
    hints=(
        Text(en="Ask first: does the system learn from data at all? If people wrote its rules or "
                "thresholds, the answer is `rules`.",
             fr="Demandez-vous d'abord : le système apprend-il à partir de données ? Si des "
                "personnes ont écrit ses règles ou ses seuils, la réponse est `règles`."),
        Text(en="If it learns from data: are the right answers (labels) known for past examples? "
                "Yes: `supervised`. No label, it looks for structure: `unsupervised`. It acts and "
                "receives rewards: `reinforcement`.",
             fr="S'il apprend à partir de données : les bonnes réponses (étiquettes) sont-elles "
                "connues pour les exemples passés ? Oui : `supervisé`. Pas d'étiquette, il cherche "
                "une structure : `non supervisé`. Il agit et reçoit des récompenses : "
                "`renforcement`."),
        Text(en="Does it produce new content (text, images, code, artificial records)? Then it is "
                "`generative`, even though it was trained on examples.",
             fr="Produit-il un contenu nouveau (texte, images, code, dossiers artificiels) ? C'est "
                "alors `génératif`, même s'il a été entraîné sur des exemples."),
    ),
)


# ---------------------------------------------------------------------------- frame

FRAME = _quiz(
    "frame", None, _read_frame,
    strata=((_framed_as("binary", "recall"), 1), (_framed_as("binary", "precision"), 1),
            (_framed_as("binary", "f1", "accuracy"), 1), (_framed_as("multiclass"), 1),
            (_framed_as("regression", "mae", "mape"), 1), (_framed_as("regression", "rmse"), 1)),
    pass_score=0.8,
    title=Text(en="Frame the problem: target and metric",
               fr="Cadrer le problème : cible et mesure"),
    statement=Text(
        en="""Before building a model, say what it predicts and how it will be judged. For each
situation below, give the **type of target** and the **metric that matters**, as a pair, under the
item's key (in backticks in your list below):

```python
frame = {"item_key": ("target type", "metric"), ...}
```

Target types: `binary` (one of two classes), `multiclass` (one of more than two classes),
`regression` (a number).

Metrics:

- `accuracy`: the share of correct predictions (classes about equally frequent, all errors
  alike);
- `balanced_accuracy`: the mean of the recall of each class (rare classes matter as much as
  common ones);
- `recall` (sensitivity): the share of real positives that are caught (a missed case is the
  costly error);
- `precision`: the share of predicted positives that are real (a false alarm is the costly
  error);
- `f1`: the harmonic mean of precision and recall (a rare positive class, both errors alike);
- `mae`: the mean absolute error (every unit of error costs the same);
- `rmse`: the root mean squared error (large errors weigh much more);
- `mape`: the mean absolute percentage error (errors judged relative to the true value).

""" + _FRAME_NOTE.en + """
French names: `binaire`, `multiclasse`, `régression`;
`exactitude`, `exactitude équilibrée`, `rappel` or `sensibilité`, `précision`. The pair may
be in either order, or a string such as `"binary, recall"`.

An item is right when both the target type and the metric are. You pass with at least
{pass_count} of your {n_items} situations right.

Your items:

{items_en}""",
        fr="""Avant de construire un modèle, dites ce qu'il prédit et comment il sera jugé. Pour
chaque situation ci-dessous, donnez le **type de cible** et la **mesure qui compte**, sous
forme de couple, associé à la clé de la question (entre apostrophes inverses dans votre liste
ci-dessous) :

```python
frame = {"item_key": ("type de cible", "mesure"), ...}
```

Types de cible : `binaire` (`binary`, l'une de deux classes), `multiclasse` (`multiclass`,
l'une de plus de deux classes), `régression` (`regression`, un nombre).

Mesures :

- `exactitude` (`accuracy`) : la part de prédictions justes (classes à peu près aussi
  fréquentes, toutes les erreurs se valent) ;
- `exactitude équilibrée` (`balanced_accuracy`) : la moyenne des rappels de chaque classe
  (les classes rares comptent autant que les fréquentes) ;
- `rappel` ou `sensibilité` (`recall`) : la part des vrais positifs détectés (un cas manqué
  est l'erreur coûteuse) ;
- `précision` (`precision`) : la part des positifs prédits qui sont réels (une fausse alerte
  est l'erreur coûteuse) ;
- `f1` : la moyenne harmonique de la précision et du rappel (une classe positive rare, deux
  erreurs qui se valent) ;
- `mae` : l'erreur absolue moyenne (chaque unité d'erreur coûte autant) ;
- `rmse` : la racine de l'erreur quadratique moyenne (les grosses erreurs pèsent beaucoup
  plus) ;
- `mape` : l'erreur absolue moyenne en pourcentage (les erreurs jugées par rapport à la
  vraie valeur).

""" + _FRAME_NOTE.fr + """ Le couple peut être dans un ordre ou dans l'autre, ou être
une chaîne comme `"binaire, rappel"`.

Une question est juste quand le type de cible et la mesure le sont tous deux. Vous réussissez
avec au moins {pass_count} situations justes sur vos {n_items}.

Vos questions :

{items_fr}""",
    ),
    minutes=15,
    tags=("AI literacy", "framing", "metrics", "quiz"),
    mistakes=(
        Mistake("accuracy_everywhere", Text(
            en="You chose accuracy for a classification problem where it is not the metric that "
               "matters. Accuracy treats all errors "
               "alike and is misleading when one class is rare: when a missed case is the costly "
               "error, judge by recall; when a false alarm is, by precision; with a rare "
               "positive class and equal costs, by F1.",
            fr="Vous avez choisi l'exactitude pour un problème de classification où ce n'est pas "
               "la mesure qui compte. "
               "L'exactitude traite toutes les erreurs de la même façon et trompe quand une "
               "classe est rare : quand un cas manqué est l'erreur coûteuse, jugez par le "
               "rappel ; quand c'est une fausse alerte, par la précision ; avec une classe "
               "positive rare et des coûts égaux, par le F1."),
            BankAnswers("frame", lambda answer: (answer[0], "accuracy")
                        if answer[0] in ("binary", "multiclass") else answer)),
        Mistake("precision_recall_swapped", Text(
            en="You swapped precision and recall. Recall is the share of real positives that "
               "are caught: it matters when a missed case is costly. Precision is the share of "
               "alarms that are real: it matters when a false alarm is costly.",
            fr="Vous avez inversé précision et rappel. Le rappel est la part des vrais positifs "
               "détectés : il compte quand un cas manqué coûte cher. La précision est la part "
               "des alertes qui sont réelles : elle compte quand une fausse alerte coûte cher."),
            BankAnswers("frame", lambda answer: (answer[0], _swap("recall", "precision")(answer[1])))),
        Mistake("accuracy_for_numbers", Text(
            en="You chose accuracy for a number to predict. A predicted quantity (days, mg, "
               "units) is almost never exactly right, so accuracy means nothing there: judge a "
               "regression by the size of its errors, with MAE, RMSE or MAPE.",
            fr="Vous avez choisi l'exactitude pour un nombre à prédire. Une quantité prédite "
               "(jours, mg, unités) n'est presque jamais exactement juste, donc l'exactitude n'y "
               "a pas de sens : jugez une régression par la taille de ses erreurs, avec la MAE, "
               "la RMSE ou la MAPE."),
            BankAnswers("frame", lambda answer: (answer[0], "accuracy")
                        if answer[0] == "regression" else answer)),
        Mistake("recall_everywhere", Text(
            en="You chose recall for a two-class problem where it is not the metric that "
               "matters. Recall is right when missing a "
               "case is the costly error; when each alarm triggers a costly or harmful action, "
               "precision matters; when both errors cost the same, F1 or accuracy.",
            fr="Vous avez choisi le rappel pour un problème à deux classes où ce n'est pas la "
               "mesure qui compte. Le rappel "
               "convient quand manquer un cas est l'erreur coûteuse ; quand chaque alerte "
               "déclenche une action coûteuse ou risquée, c'est la précision qui compte ; quand "
               "les deux erreurs se valent, le F1 ou l'exactitude."),
            BankAnswers("frame", lambda answer: (answer[0], "recall")
                        if answer[0] == "binary" else answer)),
    ),
    hints=(
        Text(en="Target type: is the answer one of two classes (`binary`), one of several "
                "classes (`multiclass`), or a number (`regression`)?",
             fr="Type de cible : la réponse est-elle l'une de deux classes (`binaire`), l'une de "
                "plusieurs classes (`multiclasse`), ou un nombre (`régression`) ?"),
        Text(en="For classes, ask which error is costly: a missed case → `recall`; a false alarm "
                "→ `precision`; both alike with a rare positive class → `f1`; both alike and "
                "balanced classes → `accuracy`; several classes, rare ones that matter → "
                "`balanced_accuracy`.",
             fr="Pour des classes, demandez-vous quelle erreur coûte cher : un cas manqué → "
                "`rappel` ; une fausse alerte → `précision` ; les deux se valent avec une classe "
                "positive rare → `f1` ; les deux se valent et les classes sont équilibrées → "
                "`exactitude` ; plusieurs classes dont des rares qui comptent → `exactitude "
                "équilibrée`."),
        Text(en="For a number: every unit of error costs the same → `mae`; large errors much "
                "worse → `rmse`; errors judged in percent of the true value → `mape`. Answer "
                "with a pair, e.g. `(\"regression\", \"mae\")`.",
             fr="Pour un nombre : chaque unité d'erreur coûte autant → `mae` ; les grosses "
                "erreurs sont bien pires → `rmse` ; les erreurs se jugent en pourcentage de la "
                "vraie valeur → `mape`. Répondez par un couple, par exemple "
                "`(\"régression\", \"mae\")`."),
    ),
)


# ------------------------------------------------------------------------- pitfalls

PITFALLS_QUIZ = _quiz(
    "pitfalls", PITFALLS, lambda raw: _read_option(raw, PITFALLS),
    strata=tuple((_answer_is(option.key), 2) for option in PITFALLS.options),
    pass_score=0.75,
    title=Text(en="Name the pitfall", fr="Nommer le piège"),
    statement=Text(
        en="""Each situation below went wrong in one typical way. Name the pitfall, with a dict that
maps each item's key (in backticks in your list below) to one option:

```python
pitfalls = {"item_key": "option", ...}
```

The options:

- `leakage`: during training or testing, the model sees information it will not have when
  it is used (a field filled in later, test rows used in preprocessing, the same patient on
  both sides of the split);
- `selection_bias`: the way the data were collected left part of the population out, so
  the sample does not represent the people or things the model is meant for;
- `label_bias`: the examples are the right ones, but their labels are systematically wrong,
  or are a biased stand-in for what should be predicted;
- `distribution_shift`: the data were fine when the model was trained, but the world, the
  equipment or the practices changed between training and use.

""" + _PITFALLS_NOTE.en + """
French names: `fuite de données`, `biais de sélection`,
`biais d'étiquetage`, `changement de distribution` (or `dérive`).

You pass with at least 75 % of the items right ({pass_count} of your {n_items}).

Your items:

{items_en}""",
        fr="""Chaque situation ci-dessous a mal tourné d'une façon typique. Nommez le piège, par un
dictionnaire qui associe à la clé de chaque question (entre apostrophes inverses dans votre
liste ci-dessous) une option :

```python
pitfalls = {"item_key": "option", ...}
```

Les options :

- `fuite de données` (`leakage`) : pendant l'apprentissage ou le test, le modèle voit une
  information qu'il n'aura pas en utilisation (un champ rempli plus tard, des lignes de test
  utilisées dans le prétraitement, le même patient des deux côtés du découpage) ;
- `biais de sélection` (`selection_bias`) : la façon dont les données ont été recueillies a
  laissé de côté une partie de la population, si bien que l'échantillon ne représente pas
  les personnes ou les objets auxquels le modèle est destiné ;
- `biais d'étiquetage` (`label_bias`) : les exemples sont les bons, mais leurs étiquettes
  sont systématiquement fausses, ou sont un substitut biaisé de ce qu'il faudrait prédire ;
- `changement de distribution` (`distribution_shift`) : les données convenaient quand le
  modèle a été entraîné, mais le monde, l'équipement ou les pratiques ont changé entre
  l'apprentissage et l'utilisation.

""" + _PITFALLS_NOTE.fr + """ Les mots `dérive` et `fuite` sont aussi acceptés.

Vous réussissez avec au moins 75 % de bonnes réponses ({pass_count} sur vos {n_items}).

Vos questions :

{items_fr}""",
    ),
    minutes=10,
    tags=("AI literacy", "pitfalls", "bias", "leakage", "quiz"),
    mistakes=(
        Mistake("leakage_vs_shift", Text(
            en="You confused leakage with distribution shift. Leakage is a flaw of the training "
               "or the evaluation: the model saw information it will not have in use, so its "
               "test score is too good from the start. A distribution shift happens later: the "
               "model was fine, then the data changed.",
            fr="Vous avez confondu fuite de données et changement de distribution. La fuite est "
               "un défaut de l'apprentissage ou de l'évaluation : le modèle a vu une information "
               "qu'il n'aura pas en utilisation, si bien que son score de test est trop beau dès "
               "le départ. Le changement de distribution survient plus tard : le modèle allait "
               "bien, puis les données ont changé."),
            BankAnswers("pitfalls", _swap("leakage", "distribution_shift"))),
        Mistake("selection_vs_label", Text(
            en="You confused selection bias with label bias. Selection bias is about *which* "
               "examples are in the data (some people or cases never enter it); label bias is "
               "about *what the labels say* for the examples that are there (the recorded answer "
               "is systematically wrong or a biased stand-in).",
            fr="Vous avez confondu biais de sélection et biais d'étiquetage. Le biais de "
               "sélection porte sur *quels* exemples figurent dans les données (certaines "
               "personnes ou certains cas n'y entrent jamais) ; le biais d'étiquetage porte sur "
               "*ce que disent les étiquettes* des exemples présents (la réponse enregistrée est "
               "systématiquement fausse ou un substitut biaisé)."),
            BankAnswers("pitfalls", _swap("selection_bias", "label_bias"))),
        Mistake("selection_vs_shift", Text(
            en="You confused selection bias with distribution shift. Selection bias is built in "
               "when the data are collected (part of the population is left out); a "
               "distribution shift is a change over time or between settings after the model was "
               "trained on data that were fine then.",
            fr="Vous avez confondu biais de sélection et changement de distribution. Le biais de "
               "sélection naît au recueil des données (une partie de la population est laissée "
               "de côté) ; le changement de distribution est un changement dans le temps ou de "
               "contexte, après un apprentissage sur des données qui convenaient alors."),
            BankAnswers("pitfalls", _swap("selection_bias", "distribution_shift"))),
        Mistake("everything_selection_bias", Text(
            en="You answered \"selection bias\" where the cue points to another pitfall. Look "
               "for the cue of each "
               "pitfall: information the model will not have in use (leakage), labels that are "
               "systematically wrong (label bias), a change after training (distribution shift).",
            fr="Vous avez répondu « biais de sélection » là où l'indice désigne un autre piège. "
               "Cherchez l'indice de "
               "chaque piège : une information que le modèle n'aura pas en utilisation (fuite de "
               "données), des étiquettes systématiquement fausses (biais d'étiquetage), un "
               "changement après l'apprentissage (changement de distribution)."),
            BankAnswers("pitfalls", lambda answer: "selection_bias")),
    ),
    hints=(
        Text(en="Leakage: would the model have this information at the moment it is used? A "
                "field filled in after the outcome, test rows used to fit the preprocessing, or "
                "the same patient in training and test all leak.",
             fr="Fuite de données : le modèle aurait-il cette information au moment où il sert ? "
                "Un champ rempli après l'issue, des lignes de test utilisées pour ajuster le "
                "prétraitement, ou le même patient en apprentissage et en test sont des fuites."),
        Text(en="Selection bias: who is missing from the data, and why (only granted loans, only "
                "volunteers, only survivors)? Label bias: the examples are there, but is the "
                "recorded answer trustworthy for all of them?",
             fr="Biais de sélection : qui manque dans les données, et pourquoi (seulement les "
                "prêts accordés, seulement des volontaires, seulement les survivants) ? Biais "
                "d'étiquetage : les exemples sont là, mais la réponse enregistrée est-elle fiable "
                "pour tous ?"),
        Text(en="Distribution shift: did the model work at first, then degrade after something "
                "changed (new equipment, new habits, a new site, adapting fraudsters)?",
             fr="Changement de distribution : le modèle marchait-il au début, puis s'est-il "
                "dégradé après un changement (nouvel équipement, nouvelles habitudes, nouveau "
                "site, fraudeurs qui s'adaptent) ?"),
    ),
)


EXERCISES = (WHICH_AI, FRAME, PITFALLS_QUIZ)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='literacy', code='M0', audience=("all",),
    title=Text(en='AI literacy and framing', fr="Culture de l'IA et cadrage"),
    intro=Text(en='What kind of system fits a problem, what to predict and how to judge it, and the pitfalls that make a model look better than it is. No code is needed: you answer by filling in a dictionary.',
               fr="Quel type de système convient à un problème, que prédire et comment en juger, et les pièges qui font paraître un modèle meilleur qu'il ne l'est. Aucun code n'est nécessaire : vous répondez en remplissant un dictionnaire."),
    exercises=EXERCISES,
)
