"""What text.spam and text.language_id share: cases, facts and the figure of a text classifier.

The probe (:func:`.probes.cross_validated_predictions`) fits fresh copies of the learner's
pipeline fold by fold and returns the prediction it made for each text. The judge holds the
true labels in each case's private part and computes the score, the confusion matrix and the
texts the model got wrong.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Fact, Text
from caire_exercises.authoring.facts import same_as_mistake
from caire_exercises.authoring.figures import confusion_figure, count_matrix
from caire_exercises.exercises.text._common import NARROW_NBSP, french_number, judged_once, shortened


@dataclass(frozen=True)
class TextTask:
    """A text classification task: its data, its classes and the score it is held to."""

    table: Callable[[], Any]
    label_column: str
    classes: tuple[str, str]
    metric: str                 # "f1" (of the second class) or "accuracy"
    bar: float
    what: Text                  # the model's task, for feedback ("spam filter")
    folds: int = 4

    def cases(self, label: Text, rng: np.random.Generator) -> list[Case]:
        """The shown cross-validation, and a hidden one with folds drawn from the secret."""
        truth = {"labels": [str(value) for value in self.table()[self.label_column]]}
        return [Case("cross-validation", kwargs={"seed": 0, "folds": self.folds}, label=label, private=truth),
                Case("hidden", kwargs={"seed": int(rng.integers(1, 1_000_000)), "folds": self.folds},
                     hidden=True, private=truth)]

    # ------------------------------------------------------------------------------ judge

    def summary(self, observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
        """The facts and figures of a model's predictions, against the labels only the judge holds."""
        return _summary(self, observed, case)

    def _summary(self, observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
        stage = observed["stage"]
        facts = {"estimator": stage != "estimator"}
        if stage != "done":
            facts.update({"stage": False, "error_type": False})
            return {"facts": facts, "stage": stage, "got": observed.get("got"),
                    "error_type": observed.get("error_type"), "error": observed.get("error")}
        labels = list(case.private["labels"])
        raw = list(observed["predictions"])
        if len(raw) != len(labels):
            raise ValueError(f"{len(raw)} predictions for {len(labels)} texts")
        predicted = [guess if isinstance(guess, str) else repr(guess) for guess in raw]
        facts.update({"stage": True, "error_type": True, "labels": set(predicted) <= set(self.classes),
                      "both_classes": len(set(predicted)) > 1})
        score = f1_of(labels, predicted, self.classes[1]) if self.metric == "f1" else accuracy_of(labels, predicted)
        facts["good_enough"] = bool(score >= self.bar)
        texts = [str(text) for text in self.table()["text"]]
        wrong = [{"text": text, "label": label, "predicted": guess}
                 for text, label, guess in zip(texts, labels, predicted) if label != guess]
        # Some messages differ only after their first words: show each shortened text once.
        seen: set[str] = set()
        examples = [item for item in wrong
                    if not (shortened(item["text"]) in seen or seen.add(shortened(item["text"])))]
        return {"facts": facts, "score": float(score), "confusion": count_matrix(labels, predicted, self.classes),
                "wrong": examples[:5], "n_wrong": len(wrong), "seen": sorted(set(predicted))[:5]}

    def feedback(self, name: str, d: Mapping[str, Any]) -> Text:
        if name in ("estimator", "stage", "error_type"):
            return _fit_failed(d)
        if name == "labels":
            return Text(en=f"Your model predicts values such as {d.get('seen')}, not the labels "
                           f"{list(self.classes)}. A clustering model (KMeans...) ignores the labels it is "
                           f"given: use a classifier.",
                        fr=f"Votre modèle prédit des valeurs comme {d.get('seen')}, pas les étiquettes "
                           f"{list(self.classes)}. Un modèle de partitionnement (KMeans...) ignore les "
                           f"étiquettes qu'on lui donne\u202f: utilisez un classifieur.")
        if name == "both_classes":
            return Text(en=f"Your model predicts {d.get('seen')} for every text. It is too constrained to "
                           f"learn anything (a tiny C, a huge alpha?) or it never saw the other class.",
                        fr=f"Votre modèle prédit {d.get('seen')} pour tous les textes. Il est trop contraint "
                           f"pour apprendre quoi que ce soit (C minuscule, alpha énorme\u202f?) ou n'a jamais vu "
                           f"l'autre classe.")
        def examples(space: str) -> str:
            return "; ".join(f"«{space}{shortened(w['text'])}{space}» ({w['label']} → {w['predicted']})"
                             for w in d.get("wrong", [])[:3])

        name_of = (Text(en="F1 on the spam class", fr="Le F1 de la classe spam") if self.metric == "f1"
                   else Text(en="The accuracy", fr="L'exactitude"))
        score = d.get("score", 0.0)
        return Text(
            en=f"{name_of.en} of your {self.what.en} on held-out texts is {score:.3f}; at least "
               f"{self.bar} is needed. {d.get('n_wrong')} texts were misclassified, e.g. {examples('')}.",
            fr=f"{name_of.fr} de votre {self.what.fr} sur les textes mis de côté vaut "
               f"{french_number(score, 3)}\u202f; il faut au moins {french_number(self.bar, 2)}. "
               f"{d.get('n_wrong')} textes ont été mal classés, par exemple {examples(NARROW_NBSP)}.")

    @property
    def facts(self) -> tuple[Fact, ...]:
        def fact(name: str) -> Fact:
            return Fact(name,
                        lambda observed, expected, case: self.summary(observed, case)["facts"].get(name) is True,
                        lambda observed, expected, case: self.feedback(name, self.summary(observed, case)))

        return tuple(fact(name) for name in ("estimator", "stage", "error_type", "labels", "both_classes",
                                             "good_enough"))

    def checks(self) -> tuple[Callable[[Any, Any, Case], Text | None], ...]:
        """A declared mistake is named only when the learner's model fails as it does, or predicts as it does."""
        return (same_as_mistake(self.facts, "stage", "error_type", "predictions"),)

    def figure(self, case: Case, obtained: Any, expected: Any) -> str | None:
        """The learner's confusion matrix beside the reference's, and texts the learner's model got wrong."""
        mine = self.summary(obtained, case)
        if "confusion" not in mine:
            return None
        theirs = self.summary(expected, case)
        charts = confusion_figure([(Text(en="your model", fr="votre modèle"), mine["confusion"]),
                                   (Text(en="reference model", fr="modèle de référence"), theirs["confusion"])],
                                  list(self.classes)) or ""
        return charts + wrong_texts_html(mine.get("wrong") or [], mine.get("n_wrong")) or None


_summary = judged_once(TextTask._summary)


def f1_of(truth: list[str], predicted: list[str], positive: str) -> float:
    """F1 of the `positive` class (0 when it is never predicted nor true), as scikit-learn computes it."""
    true_positive = sum(t == positive and p == positive for t, p in zip(truth, predicted))
    false_positive = sum(t != positive and p == positive for t, p in zip(truth, predicted))
    false_negative = sum(t == positive and p != positive for t, p in zip(truth, predicted))
    denominator = 2 * true_positive + false_positive + false_negative
    return 2 * true_positive / denominator if denominator else 0.0


def accuracy_of(truth: list[str], predicted: list[str]) -> float:
    return sum(t == p for t, p in zip(truth, predicted)) / len(truth)


def wrong_texts_html(wrong: list[Mapping[str, Any]], n_wrong: Any) -> str:
    """A few texts a model got wrong, as HTML, every text escaped."""
    if not wrong:
        return ""
    title = Text(en=f"Texts your model got wrong ({n_wrong} in all), a few of them:",
                 fr=f"Textes mal classés par votre modèle ({n_wrong} en tout), quelques-uns\u202f:").render()
    arrow = Text(en="true {label}, predicted {predicted}", fr="réel {label}, prédit {predicted}")
    items = "".join(
        f"<li>{html.escape(str(w['text']))} "
        f"<i>({html.escape(arrow.render(label=w['label'], predicted=w['predicted']))})</i></li>"
        for w in wrong)
    return f"<div><b>{html.escape(title)}</b><ul>{items}</ul></div>"


def _fit_failed(d: Mapping[str, Any]) -> Text:
    stage = d.get("stage")
    if stage == "estimator":
        return Text(en=f"Your answer gave {d.get('got')}, not an unfitted scikit-learn estimator or "
                       f"pipeline (nor a function of no argument returning one).",
                    fr=f"Votre réponse a fourni {d.get('got')}, ni un estimateur ou pipeline "
                       f"scikit-learn non ajusté, ni une fonction sans argument qui en renvoie un.")
    step = Text(en="Fitting", fr="L'ajustement") if stage == "fit" else Text(en="Predicting", fr="La prédiction")
    return Text(
        en=f"{step.en} your model on a list of raw texts raised {d.get('error_type')}: {d.get('error')}. "
           f"The model receives strings: its first step must turn them into numbers (a "
           f"TfidfVectorizer or a CountVectorizer), and that step must give the classifier what it "
           f"accepts.",
        fr=f"{step.fr} de votre modèle sur une liste de textes bruts a levé {d.get('error_type')}\u202f: "
           f"{d.get('error')}. Le modèle reçoit des chaînes de caractères\u202f: sa première étape doit les "
           f"transformer en nombres (un TfidfVectorizer ou un CountVectorizer), et cette étape doit "
           f"fournir au classifieur ce qu'il accepte.")
