"""M6, text with Hugging Face datasets: the written data sets, every exercise proven, and the
answers a careful teacher would try."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from caire_exercises.engine.report import Result, result_html
from caire_exercises.data import bundled_root, load
from caire_exercises.exercises import text
from caire_exercises.testing import check_answers

STUDENT = "alice@example.org"
TWO_STUDENTS = ("alice@example.org", "bob@example.org")


def check(exercise: Any, answer: Any, *, student: str = STUDENT, secret: str = "course secret") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, {bound.answer_names[0]: answer}, secret=secret)


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def needs_datasets() -> Any:
    return pytest.importorskip("datasets")


# ====================================================================== the written data sets


WRITTEN = ("messages", "sentences", "health_faq")


@pytest.mark.parametrize("name", WRITTEN)
def test_written_set_is_documented_in_both_languages(name: str) -> None:
    folder = bundled_root() / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == name and meta["kind"] == "written" and meta["licence"] == "CC0-1.0"
    assert meta["format"] == "csv" and (folder / meta["file"]).is_file()
    assert meta["title"]["en"] and meta["title"]["fr"] and meta["title"]["en"] != meta["title"]["fr"]
    english = (folder / "datasheet.en.md").read_text(encoding="utf-8")
    french = (folder / "datasheet.fr.md").read_text(encoding="utf-8")
    assert "CC0" in english and "CC0" in french
    assert "written" in english and "écrit" in french
    assert "make.py" in english and "make.py" in french
    assert "Known biases" in english and "Biais" in french


@pytest.mark.parametrize("name", WRITTEN)
def test_written_set_is_what_its_script_writes(name: str, tmp_path: Path) -> None:
    source = bundled_root() / name
    copy = tmp_path / name
    shutil.copytree(source, copy)
    for produced in copy.glob("*.csv"):
        produced.unlink()
    subprocess.run([sys.executable, str(copy / "make.py")], check=True, capture_output=True)
    for original in source.glob("*.csv"):
        assert filecmp.cmp(original, copy / original.name, shallow=False), original.name


def test_messages_are_bilingual_and_labelled() -> None:
    frame = load("messages")
    assert list(frame.columns) == ["text", "label", "lang"]
    assert len(frame) >= 400 and frame["text"].is_unique
    counts = frame.groupby(["lang", "label"]).size()
    assert set(counts.index) == {("fr", "ham"), ("fr", "spam"), ("en", "ham"), ("en", "spam")}
    assert counts.min() >= 80
    spam = frame[frame["label"] == "spam"]["text"]
    assert spam.str.contains(r"https?://|www\.").mean() > 0.5      # phishing with links...
    assert (~spam.str.contains(r"https?://|www\.")).sum() >= 20     # ...and scams without any


def test_sentences_include_short_and_borrowed_ones() -> None:
    frame = load("sentences")
    assert list(frame.columns) == ["text", "lang"]
    assert len(frame) >= 400 and frame["text"].is_unique
    assert set(frame["lang"]) == {"fr", "en"} and abs((frame["lang"] == "fr").mean() - 0.5) < 0.05
    words = frame["text"].str.split().str.len()
    assert (words <= 2).sum() >= 30 and words.max() >= 20
    assert {"Le restaurant", "The restaurant", "Information importante"} <= set(frame["text"])


def test_health_faq_has_reworded_questions() -> None:
    faq = load("health_faq")
    assert list(faq.columns) == ["faq_id", "category", "question", "answer"]
    assert len(faq) >= 60 and faq["faq_id"].tolist() == list(range(1, len(faq) + 1))
    from caire_exercises.exercises.text._common import reworded as reworded_questions

    reworded = reworded_questions()
    per_entry = reworded.groupby("faq_id").size()
    assert set(per_entry.index) == set(faq["faq_id"]) and per_entry.between(2, 3).all()
    assert not set(reworded["question"]) & set(faq["question"])


def test_statements_give_the_true_sizes_of_the_data() -> None:
    sizes = {text.SPAM: len(load("messages")), text.LANGUAGE_ID: len(load("sentences")),
             text.FAQ_SEARCH: len(load("health_faq"))}
    for exercise, size in sizes.items():
        assert f" {size} " in exercise.statement.en and f" {size} " in exercise.statement.fr, exercise.id


def test_written_sets_load_as_hugging_face_datasets() -> None:
    datasets = needs_datasets()
    dataset = load("messages", as_="hf")
    assert isinstance(dataset.features["label"], datasets.ClassLabel)
    assert dataset.features["label"].names == ["ham", "spam"]
    assert load("health_faq", as_="hf").num_rows == len(load("health_faq"))


# ========================================================================= text.build_dataset


def make_dataset_with_sklearn(df, seed):
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value
    from sklearn.model_selection import train_test_split

    names = sorted(df["label"].unique())
    features = Features({"text": Value("string"), "label": ClassLabel(names=names),
                         "lang": Value("string")})
    train, test = train_test_split(df, test_size=0.2, stratify=df["label"], random_state=seed)
    return DatasetDict({
        split: Dataset.from_pandas(part.assign(label=part["label"].map(names.index)).reset_index(drop=True),
                                   features=features, preserve_index=False)
        for split, part in (("train", train), ("test", test))})


def make_dataset_cast(df, seed):
    from datasets import ClassLabel, Dataset

    dataset = Dataset.from_pandas(df.reset_index(drop=True))
    dataset = dataset.cast_column("label", ClassLabel(names=sorted(set(df["label"]))))
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


@pytest.mark.parametrize("answer", [make_dataset_with_sklearn, make_dataset_cast])
def test_build_dataset_alternatives_pass(answer: Any) -> None:
    needs_datasets()
    for student in (None, *TWO_STUDENTS):
        result = check(text.BUILD_DATASET, answer, student=student)
        assert result.passed, messages(result)


def make_dataset_unseeded(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label")


def make_dataset_sliced(df, seed):
    from datasets import Dataset, DatasetDict

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    cut = int(0.8 * len(dataset))
    return DatasetDict({"train": dataset.select(range(cut)),
                        "test": dataset.select(range(cut, len(dataset)))})


def make_dataset_thirty_percent(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.3, stratify_by_column="label", seed=seed)


def make_dataset_without_lang(df, seed):
    from datasets import Dataset

    dataset = Dataset.from_pandas(df[["text", "label"]], preserve_index=False).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def make_dataset_plain(df, seed):
    from datasets import Dataset

    return Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")


@pytest.mark.parametrize(("answer", "said"), [
    (make_dataset_unseeded, "same seed"),
    (make_dataset_sliced, "split"),
    (make_dataset_thirty_percent, "20 %"),
    (make_dataset_without_lang, "label, lang and text"),
    (make_dataset_plain, "DatasetDict"),
])
def test_build_dataset_other_wrong_answers_fail(answer: Any, said: str) -> None:
    needs_datasets()
    result = check(text.BUILD_DATASET, answer)
    assert not result.passed and said in messages(result)


# ============================================================================ text.normalise


def normalise_in_place(batch):
    import re

    pattern = re.compile(r"(?P<url>(?:https?://|www\.)\S+)|(?P<num>\d+(?:[.,]\d+)*)")
    batch["text"] = [pattern.sub(lambda m: "<url>" if m.group("url") else "<num>", message.lower())
                     for message in batch["text"]]
    return batch


def normalise_two_passes(batch):
    import re

    links = re.compile(r"(https?://|www\.)[^\s]*")
    numbers = re.compile(r"[0-9]+([.,][0-9]+)*")
    out = dict(batch)
    out["text"] = [numbers.sub("<num>", links.sub("<url>", message.lower())) for message in batch["text"]]
    return out


@pytest.mark.parametrize("answer", [normalise_in_place, normalise_two_passes])
def test_normalise_alternatives_pass(answer: Any) -> None:
    needs_datasets()
    for student in (None, *TWO_STUDENTS):
        result = check(text.NORMALISE, answer, student=student)
        assert result.passed, messages(result)


_URL = re.compile(r"(?:https?://|www\.)\S+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _clean(message: str, url: str = "<url>", number: str = "<num>") -> str:
    return _NUMBER.sub(number, _URL.sub(url, message.lower()))


def normalise_upper_tokens(batch):
    return {**batch, "text": [_clean(t, "<URL>", "<NUM>") for t in batch["text"]]}


def normalise_first_message_only(batch):
    return {**batch, "text": [_clean(batch["text"][0])]}


def normalise_urls_dropped(batch):
    return {**batch, "text": [_clean(t, url="") for t in batch["text"]]}


def normalise_labels_changed(batch):
    return {**batch, "text": [_clean(t) for t in batch["text"]], "label": ["ham"] * len(batch["text"])}


@pytest.mark.parametrize("answer", [normalise_upper_tokens, normalise_first_message_only,
                                    normalise_urls_dropped, normalise_labels_changed])
def test_normalise_other_wrong_answers_fail(answer: Any) -> None:
    needs_datasets()
    result = check(text.NORMALISE, answer)
    assert not result.passed and not result.mistakes


def test_normalise_names_the_message_that_differs() -> None:
    needs_datasets()
    result = check(text.NORMALISE, normalise_urls_dropped)
    tricky = next(case for case in result.cases if case.name == "tricky messages")
    assert "https://suivi-colis.example/8841" in tricky.message_in("en")
    assert "est devenu" in tricky.message_in("fr")


# ========================================================================== text.tokenise_fr


_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}


def tokenise_by_hand(text_in):
    """The same rules written as a scanner, without one big regular expression."""
    tokens: list[str] = []
    chars = text_in.replace("’", "'")
    i = 0
    while i < len(chars):
        char = chars[i]
        if char.isspace():
            i += 1
        elif char.isalnum() or char == "_":
            j = i
            while j < len(chars) and (chars[j].isalnum() or chars[j] == "_"):
                j += 1
            head = chars[i:j]
            # Runs of word characters are always read whole, so a run starts a word here.
            if (head.lower() in _ELISIONS and j + 1 < len(chars) and chars[j] == "'"
                    and (chars[j + 1].isalnum() or chars[j + 1] == "_")):
                tokens.append(chars[i:j + 1])
                i = j + 1
                continue
            if head.isdigit() and j + 1 < len(chars) and chars[j] in ".," and chars[j + 1].isdigit():
                while j + 1 < len(chars) and chars[j] in ".," and chars[j + 1].isdigit():
                    j += 1
                    while j < len(chars) and chars[j].isdigit():
                        j += 1
                tokens.append(chars[i:j])
                i = j
                continue
            while j + 1 < len(chars) and chars[j] in "-'" and (chars[j + 1].isalnum() or chars[j + 1] == "_"):
                j += 1
                while j < len(chars) and (chars[j].isalnum() or chars[j] == "_"):
                    j += 1
            tokens.append(chars[i:j])
            i = j
        else:
            tokens.append(char)
            i += 1
    return tokens


def tokenise_regex_verbose(sentence):
    import re

    token = re.compile(r"""
        (?<!\w)(?:[LlDdJjMmNnSsTtCc]|[Qq][Uu]|[Jj][Uu][Ss][Qq][Uu]|[Ll][Oo][Rr][Ss][Qq][Uu]|[Pp][Uu][Ii][Ss][Qq][Uu])'(?=\w)
      | \d+(?:[.,]\d+)+
      | \w+(?:[-']\w+)*
      | [^\w\s]
    """, re.VERBOSE)
    return token.findall(sentence.replace("\u2019", "'"))


@pytest.mark.parametrize("answer", [tokenise_by_hand, tokenise_regex_verbose])
def test_tokenise_fr_alternatives_pass(answer: Any) -> None:
    for student in (None, *TWO_STUDENTS):
        result = check(text.TOKENISE_FR, answer, student=student)
        assert result.passed, messages(result)


@pytest.mark.parametrize(("sentence", "tokens"), [
    ("L’école est fermée jusqu’à lundi.", ["L'", "école", "est", "fermée", "jusqu'", "à", "lundi", "."]),
    ("Qu'est-ce qu'il fait aujourd'hui ? 3,5 °C !",
     ["Qu'", "est-ce", "qu'", "il", "fait", "aujourd'hui", "?", "3,5", "°", "C", "!"]),
    ("Quelqu’un, presqu’île", ["Quelqu'un", ",", "presqu'île"]),
    ("l' arbre -- 12.50€ (10%)", ["l", "'", "arbre", "-", "-", "12.50", "€", "(", "10", "%", ")"]),
    ("", []),
])
def test_tokenise_fr_follows_the_stated_rules(sentence: str, tokens: list[str]) -> None:
    assert text.tokenise_fr(sentence) == tokens


def tokenise_keeps_curly(sentence):
    import re

    elision = r"\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])['’](?=\w)"
    return re.findall(rf"{elision}|\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s]", sentence, re.IGNORECASE)


def tokenise_no_punctuation(sentence):
    return [token for token in text.tokenise_fr(sentence) if token[0].isalnum()]


def tokenise_every_apostrophe(sentence):
    import re

    return re.findall(r"\w+'|\w+(?:-\w+)*|[^\w\s]", sentence.replace("’", "'"))


@pytest.mark.parametrize("answer", [tokenise_keeps_curly, tokenise_no_punctuation, tokenise_every_apostrophe])
def test_tokenise_fr_other_wrong_answers_fail(answer: Any) -> None:
    assert not check(text.TOKENISE_FR, answer).passed


# ============================================================================ text models


def spam_naive_bayes():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(), MultinomialNB())


def spam_character_grams():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)), LinearSVC())


def spam_balanced_pipeline_object():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("words", TfidfVectorizer(ngram_range=(1, 2))),
                     ("model", LogisticRegression(class_weight="balanced", max_iter=500))])


@pytest.mark.parametrize("answer", [spam_naive_bayes, spam_character_grams, spam_balanced_pipeline_object()])
def test_spam_alternatives_pass(answer: Any) -> None:
    result = check(text.SPAM, answer)
    assert result.passed, messages(result)


def spam_always_ham():
    from sklearn.dummy import DummyClassifier
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(), DummyClassifier(strategy="most_frequent"))


def spam_letters_only():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(analyzer="char"), LogisticRegression(max_iter=50))


def spam_forgot_return():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    make_pipeline(TfidfVectorizer(), LogisticRegression())


@pytest.mark.parametrize("answer", [spam_always_ham, spam_letters_only, spam_forgot_return])
def test_spam_other_wrong_answers_fail(answer: Any) -> None:
    result = check(text.SPAM, answer)
    assert not result.passed


def test_spam_feedback_shows_confusion_matrices_and_wrong_messages() -> None:
    result = check(text.SPAM, mistake_answer(text.SPAM, "tiny_vocabulary"))
    shown = next(case for case in result.cases if not case.hidden)
    assert shown.figure is not None and shown.figure.count("<svg") == 2
    assert "<li>" in shown.figure and "predicted ham" in shown.figure
    hidden = next(case for case in result.cases if case.hidden)
    assert hidden.figure is None
    assert "F1" in messages(result) and "0.92" in messages(result)
    assert "<svg" in result_html(result, "fr")


def test_wrong_messages_are_escaped_in_the_figure() -> None:
    from caire_exercises.exercises.text._classifier import wrong_texts_html

    shown = wrong_texts_html([{"text": "<script>alert('x')</script>", "label": "ham", "predicted": "spam"}], 1)
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_the_figure_is_drawn_from_the_predictions_and_the_judges_labels() -> None:
    case = text.SPAM.make_cases("")[0]
    labels = list(case.private["labels"])
    flipped = ["spam" if label == "ham" else "ham" for label in labels[:3]] + labels[3:]
    observed = {"stage": "done", "predictions": flipped}
    figure = text.SPAM.figure(case, observed, {"stage": "done", "predictions": labels})
    assert figure.count("<svg") == 2 and figure.count("<li>") == 3
    assert "(3 in all)" in figure


def language_words_naive_bayes():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(), MultinomialNB())


def language_character_svm():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True), LinearSVC())


@pytest.mark.parametrize("answer", [language_words_naive_bayes, language_character_svm])
def test_language_id_alternatives_pass(answer: Any) -> None:
    result = check(text.LANGUAGE_ID, answer)
    assert result.passed, messages(result)


def language_ten_words():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(max_features=10), LogisticRegression())


def language_fitted_on_numbers():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(), LinearRegression())


@pytest.mark.parametrize("answer", [language_ten_words, language_fitted_on_numbers, "a model"])
def test_language_id_other_wrong_answers_fail(answer: Any) -> None:
    assert not check(text.LANGUAGE_ID, answer).passed


# ========================================================================== text.faq_search


def _faq_alternative_index() -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    faq = load("health_faq")
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    # The question counts twice: it is where the words of a question are most likely to be.
    documents = faq["question"] + " " + faq["question"] + " " + faq["answer"]
    return faq, vectoriser, vectoriser.fit_transform(documents)


_ALTERNATIVE = _faq_alternative_index()


def search_character_grams(question, k):
    from sklearn.metrics.pairwise import cosine_similarity

    faq, vectoriser, documents = _ALTERNATIVE
    similarity = cosine_similarity(vectoriser.transform([question]), documents)[0]
    order = sorted(range(len(similarity)), key=lambda row: -similarity[row])
    return faq["faq_id"].to_numpy()[order[:k]]          # a NumPy array of ids is accepted too


def _faq_neighbours() -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    faq = load("health_faq")
    vectoriser = TfidfVectorizer()
    documents = vectoriser.fit_transform(faq["question"] + " " + faq["answer"])
    index = NearestNeighbors(metric="cosine").fit(documents)
    return faq, vectoriser, index


_NEIGHBOURS = _faq_neighbours()


def search_neighbours(question, k=3):
    faq, vectoriser, index = _NEIGHBOURS
    _, rows = index.kneighbors(vectoriser.transform([question]), n_neighbors=k)
    return [int(faq.faq_id.iloc[row]) for row in rows[0]]


@pytest.mark.parametrize("answer", [search_character_grams, search_neighbours])
def test_faq_search_alternatives_pass(answer: Any) -> None:
    for student in TWO_STUDENTS:
        result = check(text.FAQ_SEARCH, answer, student=student)
        assert result.passed, messages(result)


def search_refits_on_the_question(question, k=3):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    faq = load("health_faq")
    vectoriser = TfidfVectorizer()
    documents = TfidfVectorizer().fit_transform(faq.question + " " + faq.answer)
    scores = linear_kernel(vectoriser.fit_transform([question]), documents).ravel()
    return [int(i) for i in faq.faq_id.to_numpy()[np.argsort(-scores)[:k]]]


def search_returns_questions(question, k=3):
    faq = load("health_faq")
    return [faq.question[faq.faq_id == faq_id].item() for faq_id in text.search(question, k)]


def search_returns_everything(question, k=3):
    return text.search(question, 70)


def search_repeats_the_best(question, k=3):
    return text.search(question, 1) * k


@pytest.mark.parametrize(("answer", "said"), [
    (search_refits_on_the_question, "raised"),
    (search_returns_questions, "integers"),
    (search_returns_everything, "exactly k"),
    (search_repeats_the_best, "twice"),
])
def test_faq_search_other_wrong_answers_fail(answer: Any, said: str) -> None:
    result = check(text.FAQ_SEARCH, answer)
    assert not result.passed and said in messages(result)


# ============================================================================== the module


@pytest.mark.parametrize("exercise", text.EXERCISES, ids=lambda exercise: exercise.id)
def test_the_solution_shown_to_learners_passes(exercise: Any) -> None:
    if exercise.requires:
        needs_datasets()
    namespace: dict[str, Any] = {}
    # The solution is the library's own text, run as a learner would run it in a cell.
    exec(compile(exercise.solution_source(), f"<solution of {exercise.id}>", "exec"), namespace)  # noqa: S102
    assert check(exercise, namespace[exercise.answer_name]).passed


def test_the_module_imports_and_explains_itself_without_datasets() -> None:
    script = """
import sys
sys.modules["datasets"] = None
import caire_exercises
from caire_exercises import get
from caire_exercises.exercises import text
from caire_exercises.testing import check_answers
from caire_exercises.model.errors import MissingExtraError

assert [e.id for e in text.EXERCISES][0] == "text.build_dataset"
assert check_answers(text.TOKENISE_FR, {"tokenise_fr": text.tokenise_fr}).passed
assert get("text.normalise").id == "text.normalise"
try:
    check_answers(text.NORMALISE, {"normalise": text.normalise})
except MissingExtraError as error:
    assert error.extra == "nlp" and "caire-exercises[nlp]" in str(error), str(error)
else:
    raise AssertionError("checking text.normalise without datasets should say which extra to install")
print("ok")
"""
    environment = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")


def test_loading_the_exercises_switches_hugging_face_offline() -> None:
    script = ("import os\nimport caire_exercises.exercises.text\n"
              "print(os.environ['HF_HUB_OFFLINE'], os.environ['HF_DATASETS_OFFLINE'])")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("HF_")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                          timeout=60, check=True)
    assert done.stdout.split() == ["1", "1"]
    kept = {**environment, "HF_HUB_OFFLINE": "0"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=kept,
                          timeout=60, check=True)
    assert done.stdout.split() == ["0", "1"]      # a user's own setting is left alone


def test_a_learners_model_is_fitted_afresh_at_every_check() -> None:
    calls = []

    def counted():
        calls.append(1)
        return text.make_spam_model()

    cases = text.SPAM.make_cases("course secret")
    assert check(text.SPAM, counted).passed
    assert check(text.SPAM, counted).passed
    assert len(calls) == 2 * sum(case.kwargs["folds"] for case in cases)


# =================================================================== red-team: more answers
# Answers written after the first release of the checkers: right ones written in other ways,
# and wrong ones beyond the declared mistakes, each failing where (and with what) it should.


def mistake_answer(exercise: Any, mistake_id: str) -> Any:
    return next(mistake.answer for mistake in exercise.mistakes if mistake.id == mistake_id)


def failed_cases(result: Result) -> dict[str, str]:
    return {case.name: case.message_in("en") for case in result.cases if not case.passed}


# ---------------------------------------------------------------------- text.build_dataset


def make_dataset_from_dict(df, seed):
    from datasets import ClassLabel, Dataset, Features, Value

    names = sorted(set(df["label"]))
    features = Features({"text": Value("string"), "label": ClassLabel(names=names), "lang": Value("string")})
    dataset = Dataset.from_dict({"text": df["text"].tolist(), "label": [names.index(v) for v in df["label"]],
                                 "lang": df["lang"].tolist()}, features=features)
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def make_dataset_groupby_sample(df, seed):
    from datasets import ClassLabel, Dataset, DatasetDict

    test = df.groupby("label", group_keys=False).sample(frac=0.2, random_state=seed)
    names = ClassLabel(names=sorted(df["label"].unique()))
    return DatasetDict({split: Dataset.from_pandas(part, preserve_index=False).cast_column("label", names)
                        for split, part in (("train", df.drop(test.index)), ("test", test))})


def make_dataset_each_split_encoded(df, seed):
    from datasets import Dataset, DatasetDict
    from sklearn.model_selection import train_test_split

    train, test = train_test_split(df, test_size=0.2, stratify=df["label"], random_state=seed)
    return DatasetDict({split: Dataset.from_pandas(part, preserve_index=False).class_encode_column("label")
                        for split, part in (("train", train), ("test", test))})


def make_dataset_shuffle_split(df, seed):
    from datasets import Dataset, DatasetDict
    from sklearn.model_selection import StratifiedShuffleSplit

    dataset = Dataset.from_pandas(df, preserve_index=False).class_encode_column("label")
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    train, test = next(splitter.split(np.zeros(len(dataset)), dataset["label"]))
    return DatasetDict(train=dataset.select(train), test=dataset.select(test))


@pytest.mark.parametrize("answer", [make_dataset_from_dict, make_dataset_groupby_sample,
                                    make_dataset_each_split_encoded, make_dataset_shuffle_split])
def test_build_dataset_other_right_answers_pass(answer: Any) -> None:
    needs_datasets()
    result = check(text.BUILD_DATASET, answer, student="bob@example.org")
    assert result.passed, failed_cases(result)


def make_dataset_test_labels_left_as_text(df, seed):
    from datasets import Dataset, DatasetDict
    from sklearn.model_selection import train_test_split

    train, test = train_test_split(df, test_size=0.2, stratify=df["label"], random_state=seed)
    return DatasetDict(train=Dataset.from_pandas(train, preserve_index=False).class_encode_column("label"),
                       test=Dataset.from_pandas(test, preserve_index=False))


def make_dataset_names_reversed(df, seed):
    from datasets import ClassLabel, Dataset

    names = ClassLabel(names=sorted(set(df["label"]), reverse=True))
    dataset = Dataset.from_pandas(df, preserve_index=False).cast_column("label", names)
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def make_dataset_codes_by_hand(df, seed):
    from datasets import ClassLabel, Dataset

    first_seen = list(dict.fromkeys(df["label"]))        # codes in order of appearance...
    dataset = Dataset.from_pandas(df.assign(label=[first_seen.index(v) for v in df["label"]]),
                                  preserve_index=False)
    dataset = dataset.cast_column("label", ClassLabel(names=sorted(first_seen)))   # ...names sorted
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def make_dataset_seed_folded(df, seed):
    return text.make_dataset(df, seed % 2)


def make_dataset_changes_df(df, seed):
    from datasets import Dataset

    df.reset_index(drop=True, inplace=True)
    dataset = Dataset.from_pandas(df).class_encode_column("label")
    return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)


def make_dataset_splits_swapped(df, seed):
    from datasets import DatasetDict

    split = text.make_dataset(df, seed)
    return DatasetDict(train=split["test"], test=split["train"])


@pytest.mark.parametrize(("answer", "said"), [
    (make_dataset_test_labels_left_as_text, "label column of the test split"),
    (make_dataset_names_reversed, "alphabetical order"),
    (make_dataset_codes_by_hand, "wrong label once decoded"),
    (make_dataset_seed_folded, "Different seeds gave the same split"),
    (make_dataset_changes_df, "changed the DataFrame it was given"),
    (make_dataset_splits_swapped, "20 %, rounded up"),
])
def test_build_dataset_red_team_wrong_answers_fail(answer: Any, said: str) -> None:
    needs_datasets()
    result = check(text.BUILD_DATASET, answer, student="bob@example.org")
    assert not result.passed
    shown = {name: said_there for name, said_there in failed_cases(result).items() if name != "hidden"}
    assert shown and all(said in message for message in shown.values()), shown
    assert "Your code raised" not in messages(result)


def test_build_dataset_reversed_names_are_not_called_text_labels() -> None:
    needs_datasets()
    for student in TWO_STUDENTS:
        assert check(text.BUILD_DATASET, make_dataset_names_reversed, student=student).mistakes == []


# -------------------------------------------------------------------------- text.normalise


def normalise_with_pandas(batch):
    import pandas as pd

    texts = pd.Series(batch["text"], dtype=object).str.lower()
    texts = texts.str.replace(r"(?:https?://|www\.)\S+", "<url>", regex=True)
    texts = texts.str.replace(r"\d+(?:[.,]\d+)*", "<num>", regex=True)
    return {**batch, "text": texts.tolist()}


def normalise_word_by_word(batch):
    import re

    texts = []
    for message in batch["text"]:
        pieces = re.split(r"(\s+)", message.lower())       # the separators are kept as they were
        pieces = ["<url>" if p.startswith(("http://", "https://", "www.")) else p for p in pieces]
        texts.append(re.sub(r"[0-9]+(?:[.,][0-9]+)*", "<num>", "".join(pieces)))
    return {column: (texts if column == "text" else list(values)) for column, values in batch.items()}


def normalise_by_scanning(batch):
    digits = "0123456789"

    def clean(message):
        message, out, i = message.lower(), [], 0
        while i < len(message):
            if message.startswith(("http://", "https://", "www."), i):
                while i < len(message) and not message[i].isspace():
                    i += 1
                out.append("<url>")
            elif message[i] in digits:
                i += 1
                while i < len(message) and (message[i] in digits or (
                        message[i] in ".," and i + 1 < len(message) and message[i + 1] in digits)):
                    i += 1
                out.append("<num>")
            else:
                out.append(message[i])
                i += 1
        return "".join(out)

    return {**batch, "text": [clean(message) for message in batch["text"]]}


def normalise_numbers_first_ignorecase(batch):
    import re

    numbers, links = re.compile(r"\d+(?:[.,]\d+)*"), re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
    return {**batch, "text": [links.sub("<url>", numbers.sub("<num>", m)).lower() for m in batch["text"]]}


@pytest.mark.parametrize("answer", [normalise_with_pandas, normalise_word_by_word, normalise_by_scanning,
                                    normalise_numbers_first_ignorecase])
def test_normalise_other_right_answers_pass(answer: Any) -> None:
    needs_datasets()
    result = check(text.NORMALISE, answer, student="bob@example.org")
    assert result.passed, failed_cases(result)


def _normalised_with(link: str, number: str):
    import re

    def normalise_answer(batch):
        return {**batch, "text": [re.sub(number, "<num>", re.sub(link, "<url>", m.lower())) for m in batch["text"]]}

    return normalise_answer


@pytest.mark.parametrize(("answer", "case_name", "said"), [
    (_normalised_with(r"(?:https?://|www\.)\S+", r"[\d.,]*\d"), "look-alikes", "barré...9,99"),
    (_normalised_with(r"(?:http|www)\S*", r"\d+(?:[.,]\d+)*"), "look-alikes", "site en https"),
    (_normalised_with(r"(?:https?://|www\.)[^ ]+", r"\d+(?:[.,]\d+)*"), "look-alikes", "colis.example/42"),
    (_normalised_with(r"(?:https?://|www\.)[^\s,;!?)]+", r"\d+(?:[.,]\d+)*"), "tricky messages", "?code=77"),
    (_normalised_with(r"(?:https?://|www\.)\S+", r"\b\d+(?:[.,]\d+)*\b"), "tricky messages", "6.30pm"),
])
def test_normalise_red_team_wrong_answers_fail(answer: Any, case_name: str, said: str) -> None:
    needs_datasets()
    result = check(text.NORMALISE, answer)
    failed = failed_cases(result)
    assert not result.passed and not result.mistakes
    assert case_name in failed and said in failed[case_name], failed


def normalise_keeps_the_original_too(batch):
    return {**batch, "original": list(batch["text"]), "text": [_clean(t) for t in batch["text"]]}


def test_normalise_extra_column_is_named_not_called_a_lost_one() -> None:
    needs_datasets()
    result = check(text.NORMALISE, normalise_keeps_the_original_too)
    assert not result.passed and result.mistakes == []
    assert "['original'] added" in messages(result) and "en trop" in messages(result, "fr")


# ------------------------------------------------------------------------ text.tokenise_fr


_TOKEN_PARTS = (r"\d+(?:[.,]\d+)+", r"\w+(?:[-']\w+)*", r"[^\w\s]")


def tokenise_chunk_by_chunk(sentence):
    import re

    pattern = re.compile(r"(?i:\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w))|" + "|".join(_TOKEN_PARTS))
    return [token for chunk in sentence.replace("\u2019", "'").split() for token in pattern.findall(chunk)]


def tokenise_with_split(sentence):
    import re

    elision = r"\b(?:[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]u|[cdjlmnstCDJLMNST])'(?=\w)"
    parts = re.split(f"({elision}|{'|'.join(_TOKEN_PARTS)})", sentence.replace("’", "'"))
    return [part for part in parts[1::2] if part]


def tokenise_letters_and_digits(sentence):
    import re

    return re.findall(r"(?i)\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=[^\W_])|\d+(?:[.,]\d+)+"
                      r"|[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]|_", sentence.replace("’", "'"))


@pytest.mark.parametrize("answer", [tokenise_chunk_by_chunk, tokenise_with_split, tokenise_letters_and_digits])
def test_tokenise_fr_other_right_answers_pass(answer: Any) -> None:
    for student in TWO_STUDENTS:
        result = check(text.TOKENISE_FR, answer, student=student)
        assert result.passed, failed_cases(result)


def _tokenised_with(elision: str, number: str = r"\d+(?:[.,]\d+)+", word: str = r"\w+(?:[-']\w+)*",
                    other: str = r"[^\w\s]"):
    import re

    pattern = re.compile(f"{elision}|{number}|{word}|{other}", re.IGNORECASE)
    return lambda sentence: pattern.findall(sentence.replace("’", "'"))


_ALL_ELISIONS = r"\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=\w)"
_LATIN = "a-zA-ZÀ-ÖØ-öø-ÿ0-9"


@pytest.mark.parametrize(("answer", "case_name", "said"), [
    (_tokenised_with(rf"\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=[{_LATIN}])", word=f"[{_LATIN}]+(?:[-'][{_LATIN}]+)*",
                     other=r"[^\s]"), "ligatures and numbers", "'s', 'œ', 'ur'"),
    (_tokenised_with(r"\b(?:jusqu|lorsqu|qu|[cdjlmnst])'(?=\w)"), "ligatures and numbers", "\"Puisqu'il\""),
    (_tokenised_with(_ALL_ELISIONS, number=r"\d+(?:,\d+)+"), "ligatures and numbers", "'12', '.', '50'"),
    (_tokenised_with(_ALL_ELISIONS, number=r"\d+(?:[.,\s]\d+)+"), "ligatures and numbers", "2\\u202f000"),
    (_tokenised_with(_ALL_ELISIONS, other=r"[^\w\s]+"), "decimals and hyphens", "'...'"),
])
def test_tokenise_fr_red_team_wrong_answers_fail(answer: Any, case_name: str, said: str) -> None:
    result = check(text.TOKENISE_FR, answer)
    failed = failed_cases(result)
    assert not result.passed and case_name in failed, failed
    assert said in failed[case_name] and "part from the expected ones at token" in failed[case_name]


def test_tokenise_fr_an_apostrophe_before_a_space_is_no_elision() -> None:
    # "l' arbre": without the look-ahead (?=\w), "l'" is taken for an elision; only hidden cases show it.
    result = check(text.TOKENISE_FR, _tokenised_with(r"\b(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'"))
    assert list(failed_cases(result)) == ["hidden"]
    assert check(text.TOKENISE_FR, _tokenised_with(_ALL_ELISIONS)).passed


def test_tokenise_fr_feedback_points_at_the_first_different_token() -> None:
    result = check(text.TOKENISE_FR, _tokenised_with(_ALL_ELISIONS, word=r"\w+(?:'\w+)*"))
    decimals = failed_cases(result)["decimals and hyphens"]
    assert "token 15" in decimals and "'peut', '-', 'être'" in decimals and "['peut-être'" in decimals
    assert "au jeton 15" in next(c.message_in("fr") for c in result.cases if c.name == "decimals and hyphens")


# ------------------------------------------------------------------------------ text models


def spam_sgd():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), SGDClassifier(random_state=0))


def spam_hashing_ridge():
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import RidgeClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(HashingVectorizer(alternate_sign=False, ngram_range=(1, 2)), RidgeClassifier())


def spam_complement_nb_float32():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(dtype=np.float32, strip_accents="unicode"), ComplementNB())


def language_char_naive_bayes():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(CountVectorizer(analyzer="char_wb", ngram_range=(1, 3)), MultinomialNB())


def language_hashing_sgd():
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(HashingVectorizer(analyzer="char", ngram_range=(2, 4)), SGDClassifier(random_state=0))


def language_words_logistic():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression())


@pytest.mark.parametrize(("exercise", "answer"), [
    (text.SPAM, spam_sgd), (text.SPAM, spam_hashing_ridge), (text.SPAM, spam_complement_nb_float32),
    (text.LANGUAGE_ID, language_char_naive_bayes), (text.LANGUAGE_ID, language_hashing_sgd),
    (text.LANGUAGE_ID, language_words_logistic),
])
def test_text_models_other_right_answers_pass(exercise: Any, answer: Any) -> None:
    result = check(exercise, answer)
    assert result.passed, failed_cases(result)


class LinkMeansSpam:
    """A hand-written rule: a message with a link is spam. Many scams carry none."""

    def fit(self, texts, labels):
        return self

    def predict(self, texts):
        return ["spam" if "http" in t or "www" in t else "ham" for t in texts]


class FrenchStopWords:
    """A hand-written rule: a sentence with a common French word is French."""

    words = frozenset({"le", "la", "les", "de", "des", "un", "une", "et", "est", "à", "en", "du", "au", "pour", "il",
                       "elle", "je", "nous", "vous"})

    def fit(self, texts, labels):
        return self

    def predict(self, texts):
        return ["fr" if set(t.lower().split()) & self.words else "en" for t in texts]


def spam_shallow_tree():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.tree import DecisionTreeClassifier

    return make_pipeline(CountVectorizer(), DecisionTreeClassifier(max_depth=2, random_state=0))


def language_one_neighbour():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)), KNeighborsClassifier(1))


@pytest.mark.parametrize(("exercise", "answer", "said"), [
    (text.SPAM, LinkMeansSpam, "F1 on the spam class"), (text.SPAM, spam_shallow_tree, "F1 on the spam class"),
    (text.LANGUAGE_ID, FrenchStopWords, "The accuracy"), (text.LANGUAGE_ID, language_one_neighbour, "The accuracy"),
])
def test_text_models_red_team_wrong_answers_fail(exercise: Any, answer: Any, said: str) -> None:
    result = check(exercise, answer)
    assert not result.passed and not result.mistakes
    assert said in failed_cases(result)["cross-validation"]


# ------------------------------------------------------------------------- text.faq_search


@cache
def _faq_tfidf(kind: str) -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    faq = load("health_faq")
    vectoriser = TfidfVectorizer() if kind == "tfidf" else CountVectorizer(strip_accents="unicode", binary=True)
    return faq, vectoriser, vectoriser.fit_transform(faq["question"] + " " + faq["answer"])


def search_cosine_tuple(question, k=3):
    from sklearn.metrics.pairwise import cosine_similarity

    faq, vectoriser, documents = _faq_tfidf("tfidf")
    similarity = cosine_similarity(vectoriser.transform([question]), documents)[0]
    ranked = sorted(range(len(similarity)), key=lambda row: similarity[row], reverse=True)
    return tuple(int(faq["faq_id"].iloc[row]) for row in ranked[:k])


@cache
def _bm25_index() -> tuple[list[Counter[str]], list[int], Counter[str], float]:
    import re

    faq = load("health_faq")
    documents = [re.findall(r"\w+", d.lower()) for d in faq["question"] + " " + faq["answer"]]
    frequencies = Counter(word for document in documents for word in set(document))
    return ([Counter(d) for d in documents], [len(d) for d in documents], frequencies,
            sum(map(len, documents)) / len(documents))


def search_bm25(question, k=3):
    import math
    import re

    counts, lengths, frequencies, mean_length = _bm25_index()
    n = len(counts)
    scores = []
    for count, length in zip(counts, lengths):
        score = 0.0
        for word in re.findall(r"\w+", question.lower()):
            if word in count:
                idf = math.log(1 + (n - frequencies[word] + 0.5) / (frequencies[word] + 0.5))
                score += idf * count[word] * 2.2 / (count[word] + 1.2 * (0.25 + 0.75 * length / mean_length))
        scores.append(score)
    return [row + 1 for row in sorted(range(n), key=lambda row: -scores[row])[:k]]   # faq_id = row + 1


# Binary term counts (TfidfVectorizer(binary=True), cosine similarity) sit at the statement's hit@3 of 0.8 on reworded
# questions: they pass some hidden draws and fail others, so they are not listed as a right answer.
@pytest.mark.parametrize("answer", [search_cosine_tuple, search_bm25])
def test_faq_search_other_right_answers_pass(answer: Any) -> None:
    result = check(text.FAQ_SEARCH, answer)
    assert result.passed, failed_cases(result)


def search_sorted_ids(question, k=3):
    return sorted(text.search(question, k))


def search_best_last(question, k=3):
    return text.search(question, k)[::-1]


def search_answers_only(question, k=3):
    faq, vectoriser, documents = _faq_answers_index()
    scores = (vectoriser.transform([question]) @ documents.T).toarray().ravel()
    return [int(i) for i in faq["faq_id"].to_numpy()[np.argsort(-scores)[:k]]]


@cache
def _faq_answers_index() -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    faq = load("health_faq")
    vectoriser = TfidfVectorizer(strip_accents="unicode")
    return faq, vectoriser, vectoriser.fit_transform(faq["answer"])


def search_raw_counts(question, k=3):
    faq, vectoriser, documents = _faq_counts_index()
    scores = (vectoriser.transform([question]) @ documents.T).toarray().ravel()   # no idf, no norm
    return [int(i) for i in faq["faq_id"].to_numpy()[np.argsort(-scores, kind="stable")[:k]]]


@cache
def _faq_counts_index() -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import CountVectorizer

    faq = load("health_faq")
    vectoriser = CountVectorizer()
    return faq, vectoriser, vectoriser.fit_transform(faq["question"] + " " + faq["answer"])


@pytest.mark.parametrize(("answer", "case_name", "said"), [
    (search_sorted_ids, "k = 5", "not sorted best first"),
    (search_best_last, "k = 5", "not sorted best first"),
    (search_answers_only, "the FAQ's own questions", "at least 90%"),
    (search_raw_counts, "reworded questions", "at least 80%"),
])
def test_faq_search_red_team_wrong_answers_fail(answer: Any, case_name: str, said: str) -> None:
    result = check(text.FAQ_SEARCH, answer)
    failed = failed_cases(result)
    assert not result.passed and not result.mistakes
    assert case_name in failed and said in failed[case_name], failed


# ------------------------------------------------------------------ black-box answers (outside team)


def test_blackbox_build_dataset_label_names_in_order_of_appearance_fail_visibly() -> None:
    datasets = needs_datasets()

    def first_seen(df, seed):
        names = list(df["label"].unique())
        dataset = datasets.Dataset.from_pandas(df, preserve_index=False)
        dataset = dataset.cast_column("label", datasets.ClassLabel(names=names))
        return dataset.train_test_split(test_size=0.2, stratify_by_column="label", seed=seed)

    result = check(text.BUILD_DATASET, first_seen)
    assert not result.passed
    # Whatever label the variant's first message has, this case puts the late one first.
    shown = next(case for case in result.cases if case.name == "late label first")
    assert not shown.passed
    assert "alphabetical order" in shown.message_in("en")
    assert "ordre alphabétique" in shown.message_in("fr")


def test_blackbox_build_dataset_other_styles_pass() -> None:
    datasets = needs_datasets()
    from sklearn.model_selection import train_test_split

    def with_sklearn(df, seed):
        train, test = train_test_split(df, test_size=0.2, stratify=df["label"], random_state=seed)
        names = sorted(df["label"].unique())
        features = datasets.Features({"text": datasets.Value("string"),
                                      "label": datasets.ClassLabel(names=names),
                                      "lang": datasets.Value("string")})

        def one(part):
            part = part.reset_index(drop=True).copy()
            part["label"] = part["label"].map({name: i for i, name in enumerate(names)})
            return datasets.Dataset.from_pandas(part[["text", "label", "lang"]], features=features,
                                                preserve_index=False)

        return datasets.DatasetDict(train=one(train), test=one(test))

    def index_dropped(df, seed):
        dataset = datasets.Dataset.from_pandas(df).remove_columns("__index_level_0__")
        return dataset.class_encode_column("label").train_test_split(
            test_size=0.2, stratify_by_column="label", seed=seed)

    for answer in (with_sklearn, index_dropped):
        result = check(text.BUILD_DATASET, answer)
        assert result.passed, messages(result)


def test_blackbox_normalise_keeps_spaces() -> None:
    needs_datasets()
    import re

    def clean(message):
        message = re.sub(r"(?:https?://|www\.)\S+", "<url>", message.lower())
        return re.sub(r"\d+(?:[.,]\d+)*", "<num>", message)

    def with_pandas(batch):
        import pandas as pd

        series = (pd.Series(batch["text"]).str.lower()
                  .str.replace(r"(?:https?://|www\.)\S+", "<url>", regex=True)
                  .str.replace(r"\d+(?:[.,]\d+)*", "<num>", regex=True))
        return {key: (series.tolist() if key == "text" else value) for key, value in batch.items()}

    assert check(text.NORMALISE, with_pandas).passed

    def stripped(batch):
        return {**batch, "text": [clean(t).strip() for t in batch["text"]]}

    def squeezed(batch):
        return {**batch, "text": [" ".join(clean(t).split()) for t in batch["text"]]}

    for wrong in (stripped, squeezed):
        result = check(text.NORMALISE, wrong)
        assert not result.passed
        assert "look-alikes" in {case.name for case in result.cases if not case.passed}
    # Only the message with spaces at its ends tells strip() apart.
    assert "Rendez-vous" in messages(check(text.NORMALISE, stripped))


def test_blackbox_spam_examples_are_not_repeated() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def weak():
        return make_pipeline(TfidfVectorizer(stop_words="english", min_df=5), LogisticRegression())

    result = check(text.SPAM, weak)
    assert not result.passed
    shown = next(case for case in result.cases if not case.passed)
    examples = shown.message_in("en").split("e.g.")[1].split("»")
    quoted = [part.split("«")[1] for part in examples if "«" in part]
    assert len(quoted) == len(set(quoted)) >= 2, quoted


# ============================================================== forged observations earn nothing
# What a tampering notebook could make a probe send to the grader: the verdicts of the old probes
# ("facts", scores), lists of the wrong length, NaN. Every verdict is the judge's, taken against
# the table, the labels and the expected texts it holds, so none of them earns a point.


def _all_true(*names: str) -> dict[str, bool]:
    return dict.fromkeys(names, True)


def _forged(exercise: Any, case: Any) -> list[Any]:
    old_verdicts = {"facts": _all_true("type", "splits", "columns", "label_feature", "sizes", "rows_kept",
                                       "labels_match", "stratified", "reproducible", "seed_used",
                                       "input_unchanged", "columns_kept", "rows", "others_unchanged",
                                       "estimator", "labels", "both_classes", "good_enough", "sequence",
                                       "integers", "length", "known_ids", "distinct", "best_first"),
                    "score": 1.0, "rate": 1.0, "accurate": True, "value": {"F1 (spam)": 1.0}}
    nan = float("nan")
    if exercise is text.BUILD_DATASET:
        frame = case.args[0]
        split = {"columns": ["text", "label", "lang"], "rows": len(frame), "feature": "ClassLabel",
                 "names": sorted(frame["label"].unique()), "texts": ["forged"] * len(frame),
                 "labels": [0] * len(frame)}
        return [old_verdicts, {**old_verdicts, "is_dataset_dict": True, "splits": ["test", "train"],
                               "train": split, "test": {**split, "rows": nan}, "input_changed": False,
                               "other_seeds": [], "same_seed_again": None}]
    if exercise is text.NORMALISE:
        frame = case.args[0]
        return [old_verdicts, {"returned": sorted(frame.columns), "columns": sorted(frame.columns),
                               "rows": len(frame), "others": {}, "texts": case.private["texts"][:-1]}]
    if exercise is text.TOKENISE_FR:
        return [old_verdicts, {"value": nan}, {"value": [nan]}]
    if exercise in (text.SPAM, text.LANGUAGE_ID):
        n = len(case.private["labels"])
        return [old_verdicts, {"stage": "done", "predictions": ["spam", "fr"] * 5},
                {"stage": "done", "predictions": [nan] * n}, {"stage": "done", "predictions": "x" * n}]
    if exercise is text.FAQ_SEARCH:
        return [old_verdicts, {"results": [{"ids": [1, 2, 3]}]},
                {"results": [{"ids": [nan] * 3}] * len(case.kwargs["questions"])}]
    raise AssertionError(exercise.id)


@pytest.mark.parametrize("exercise", text.EXERCISES, ids=lambda exercise: exercise.id)
def test_forged_observations_earn_nothing(exercise: Any) -> None:
    from caire_exercises.engine.attempt import conclude

    if exercise.requires:
        needs_datasets()
    cases = exercise.make_cases("course secret")
    for variant in range(len(_forged(exercise, cases[0]))):
        outcomes = [{"status": "ok", "data": _forged(exercise, case)[variant]} for case in cases]
        result = conclude(exercise, {"state": "ok"}, cases, outcomes)
        assert not result.passed and result.score == 0, (exercise.id, variant)
        assert not result.mistakes, (exercise.id, variant)


# ====================================================================== French typography

_NARROW = "\u202f"


def typography_problems(french: str) -> list[str]:
    """Places where French prose lacks its narrow no-break space (code spans and quoted data aside)."""
    prose = re.sub(r"`[^`]*`", "`code`", french)
    prose = re.sub(r"(?<![A-Za-zÀ-ÿ])'[^'\n]*'(?![A-Za-zÀ-ÿ])", "'data'", prose)
    prose = re.sub(r'(?<![A-Za-zÀ-ÿ])"[^"\n]*"(?![A-Za-zÀ-ÿ])', '"data"', prose)
    prose = re.sub("«\u202f[^«»]*\u202f»", "«\u202fdata\u202f»", prose)     # a quoted message is data
    problems = [match.group(0) for match in re.finditer(r"\S[ \u00a0][:;?!](?=\s|$)", prose)]
    problems += [match.group(0) for match in re.finditer(r"«(?!\u202f).{0,10}|.{0,10}(?<!\u202f)»", prose)]
    problems += [match.group(0) for match in re.finditer(r"\d[ \u00a0]?%", prose)]
    return problems


def _french_texts(exercise: Any) -> list[str]:
    bound = exercise.for_student(STUDENT)
    texts = [bound.title.fr, bound.statement_in("fr")]
    texts += [hint.fr for hint in bound.hints] + [mistake.feedback.fr for mistake in bound.mistakes]
    texts += [case.label.fr for case in bound.make_cases("") if case.label is not None]
    return texts + [bound.teacher_notes.fr]


@pytest.mark.parametrize("exercise", text.EXERCISES, ids=lambda exercise: exercise.id)
def test_french_texts_follow_french_typography(exercise: Any) -> None:
    if exercise.requires:
        needs_datasets()
    problems = {french[:60]: typography_problems(french) for french in _french_texts(exercise)}
    assert not {key: found for key, found in problems.items() if found}


@pytest.mark.parametrize("exercise", [text.BUILD_DATASET, text.NORMALISE, text.SPAM, text.FAQ_SEARCH],
                         ids=lambda exercise: exercise.id)
def test_french_feedback_follows_french_typography(exercise: Any) -> None:
    if exercise.requires:
        needs_datasets()
    for mistake in exercise.mistakes:
        result = check(exercise, mistake.answer)
        # The engine words what a hidden case or an error says; the exercise's facts word the rest.
        shown = "\n".join(case.message_in("fr") for case in result.cases
                          if case.status == "failed" and not case.hidden)
        found = typography_problems(shown)
        assert not found, (mistake.id, found)


def test_french_scores_have_a_decimal_comma() -> None:
    result = check(text.SPAM, mistake_answer(text.SPAM, "tiny_vocabulary"))
    french = messages(result, "fr")
    assert re.search(r"vaut \d,\d{3}\u202f; il faut au moins 0,92\.", french), french
    result = check(text.FAQ_SEARCH, mistake_answer(text.FAQ_SEARCH, "questions_only"))
    assert re.search(r"pour \d+\u202f% des questions\u202f; il faut au moins 80\u202f%", messages(result, "fr"))


def test_the_judges_own_data_reaches_the_graders_worker() -> None:
    # The grader sends each student's cases to a worker as plain data; the judge there needs the
    # private part (expected texts, held-out labels, the entry each question is about).
    from caire_exercises.engine.plain import dumps, loads
    from caire_exercises.grading.jobs import job_exercises, make_job
    from caire_exercises.grading.sandbox import Limits

    needs_datasets()
    chosen = [exercise.for_student(STUDENT) for exercise in (text.NORMALISE, text.SPAM, text.FAQ_SEARCH)]
    job = make_job(job_id="1", student=STUDENT, cells=[], exercises=chosen, secret="course secret",
                   limits=Limits(), language="en")
    _, received = job_exercises(loads(dumps(job)))
    for exercise, cases in zip(chosen, received):
        sent = exercise.make_cases("course secret")
        assert [dict(case.private) for case in cases] == [dict(case.private) for case in sent], exercise.id
    assert received[1][0].private["labels"] and received[2][0].private["ids"]
