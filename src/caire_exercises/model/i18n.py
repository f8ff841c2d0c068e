"""Languages: the learner's language, bilingual texts and the engine's own messages.

Two kinds of text reach a learner:

* texts that an exercise declares (title, statement, hints, the feedback of a
  mistake) are :class:`Text` objects holding both languages side by side, so a
  course designer writes them together and a test can prove both exist;
* messages of the engine itself ("expected shape {expected}, got {obtained}")
  are written in English in the code, marked with :func:`N_`, and translated
  through a standard gettext catalogue (``locale/fr.po``), which translators
  edit with their usual tools. The catalogue is compiled in memory when first
  needed, so no binary ``.mo`` file is kept in the repository.

A message is rendered only when it is shown, in the language in force then:
results computed in one language can be shown in the other, and a grader can
store them as plain data (see :class:`Message`).
"""

from __future__ import annotations

import ast
import gettext
import io
import locale
import os
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal, Union

Language = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")

_chosen_language: Language | None = None


def _normalise_language(value: str | None) -> Language | None:
    if not value:
        return None
    code = value.strip().lower().replace("-", "_")[:2]
    return code if code in LANGUAGES else None  # type: ignore[return-value]


def set_language(language: str) -> None:
    """Choose the language of statements, hints and feedback for this session.

    Parameters
    ----------
    language : {"fr", "en"}
        Also accepts locale-like spellings such as ``"fr_FR"`` or ``"en-GB"``.

    Raises
    ------
    ValueError
        If the language is neither French nor English.
    """
    global _chosen_language
    normalised = _normalise_language(language) if isinstance(language, str) else None
    if normalised is None:
        raise ValueError(f"Unknown language {language!r}: use 'fr' or 'en'. "
                         f"Langue inconnue {language!r} : utilisez 'fr' ou 'en'.")
    _chosen_language = normalised


def get_language() -> Language:
    """The language in force: `set_language`, else ``CAIRE_LANG``, else the locale, else English."""
    if _chosen_language is not None:
        return _chosen_language
    from_env = _normalise_language(os.environ.get("CAIRE_LANG"))
    if from_env:
        return from_env
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        from_locale = _normalise_language(os.environ.get(variable))
        if from_locale:
            return from_locale
    try:
        from_locale = _normalise_language(locale.getlocale()[0])
    except ValueError:
        from_locale = None
    return from_locale or "en"


def resolve_language(language: str | None) -> Language:
    """`language` if given and valid, else the language in force."""
    return _normalise_language(language) or get_language()


# --------------------------------------------------------------------------- texts


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _is_latex_argument(text: str, brace: int) -> bool:
    """Whether the brace at `brace` opens a LaTeX argument, not a field.

    It does after ``^``, ``_`` or ``\\command``, and after a group that is itself an
    argument (the second group of ``\\frac{1}{n}``); ``{prefix}{body}`` are two fields.
    """
    before = text[:brace].rstrip("*")
    if before.endswith(("^", "_")):
        return True
    if re.search(r"\\[A-Za-z]+$", before):
        return True
    if before.endswith("}"):
        depth, index = 0, len(before) - 1
        while index >= 0:
            if before[index] == "}":
                depth += 1
            elif before[index] == "{":
                depth -= 1
                if depth == 0:
                    return _is_latex_argument(text, index)
            index -= 1
    return False


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace ``{name}`` by ``values[name]`` where `name` is known; leave other braces alone.

    Statements are Markdown with LaTeX, whose braces (``\\frac{a}{b}``) must
    survive, so :meth:`str.format` cannot be used.

    A brace group that is the argument of a LaTeX command, a superscript or a
    subscript (``\\frac{1}{n}``, ``\\sum_{i=1}^{n}``, ``\\text{lr}``) is maths,
    not a field, and stays as written; ``$k = {k}$`` is a field.

    >>> fill(r"$\\frac{x}{n}$ with n = {n}", {"n": 5})
    '$\\\\frac{x}{n}$ with n = 5'
    """
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values or _is_latex_argument(template, match.start()):
            return match.group(0)
        return str(values[name])

    return _PLACEHOLDER.sub(replace, template)


@dataclass(frozen=True)
class Text:
    """A text in French and English, written side by side.

    >>> t = Text(en="Hello {name}", fr="Bonjour {name}")
    >>> t.render("fr", name="Alice")
    'Bonjour Alice'
    """

    en: str
    fr: str

    def render(self, language: str | None = None, /, **values: Any) -> str:
        """The text in `language` (default: the language in force), placeholders filled."""
        lang = resolve_language(language)
        return fill(getattr(self, lang), values) if values else getattr(self, lang)

    def __str__(self) -> str:
        return self.render()


# ------------------------------------------------------------------ the catalogue

def N_(message: str) -> str:
    """Mark an engine message for translation; it is translated when rendered."""
    return message


def _parse_po(text: str) -> dict[str, str]:
    """The msgid -> msgstr pairs of a .po file (entries separated by blank lines; no plurals).

    Fuzzy and untranslated entries are left out, so gettext falls back to English.
    """
    entries: dict[str, str] = {}
    for block in re.split(r"\n[ \t]*\n", text):
        fuzzy = False
        msgid: list[str] = []
        msgstr: list[str] = []
        current: list[str] | None = None
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#"):
                fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
                continue
            if line.startswith("msgid "):
                current, line = msgid, line[len("msgid "):]
            elif line.startswith("msgstr "):
                current, line = msgstr, line[len("msgstr "):]
            if current is not None and line.startswith('"'):
                current.append(ast.literal_eval(line))
        key, value = "".join(msgid), "".join(msgstr)
        if key and value and not fuzzy:
            entries[key] = value
    return entries


def _compile_mo(entries: Mapping[str, str]) -> bytes:
    """A GNU .mo file holding `entries` (the layout documented by GNU gettext)."""
    keys = sorted(entries)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        encoded_id, encoded_str = key.encode("utf-8"), entries[key].encode("utf-8")
        offsets.append((len(ids), len(encoded_id), len(strs), len(encoded_str)))
        ids += encoded_id + b"\0"
        strs += encoded_str + b"\0"
    header_size = 7 * 4
    table_size = len(keys) * 8
    ids_start = header_size + 2 * table_size
    strs_start = ids_start + len(ids)
    id_table = b"".join(struct.pack("<2I", length, ids_start + off) for off, length, _, _ in offsets)
    str_table = b"".join(struct.pack("<2I", length, strs_start + off) for _, _, off, length in offsets)
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), header_size, header_size + table_size, 0, 0
    )
    return header + id_table + str_table + ids + strs


_translations: dict[str, gettext.NullTranslations] = {}


def translations(language: str) -> gettext.NullTranslations:
    """The gettext translations of the engine's messages into `language`."""
    if language not in _translations:
        if language == "en":
            _translations[language] = gettext.NullTranslations()
        else:
            po = resources.files("caire_exercises.model").joinpath("locale", f"{language}.po")
            entries = _parse_po(po.read_text(encoding="utf-8"))
            entries[""] = "Content-Type: text/plain; charset=UTF-8\n"
            _translations[language] = gettext.GNUTranslations(io.BytesIO(_compile_mo(entries)))
    return _translations[language]


def translate(message: str, language: str | None = None) -> str:
    """`message` (an English msgid) in `language`."""
    return translations(resolve_language(language)).gettext(message)


MessageArg = Union[str, int, float, bool, None, "Message", Text]


@dataclass(frozen=True)
class Message:
    """A message rendered when shown: an engine msgid or an exercise's :class:`Text`, with values.

    Values may themselves be messages or texts (rendered in the same
    language). A message turns into plain data with :meth:`to_plain` and back
    with :meth:`from_plain`, so a grader can store it and show it later in
    any language.
    """

    template: str | Text
    values: Mapping[str, MessageArg] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        lang = resolve_language(language)
        if isinstance(self.template, Text):
            template = getattr(self.template, lang)
        else:
            template = translate(self.template, lang)
        rendered = {key: _render_value(value, lang) for key, value in self.values.items()}
        return fill(template, rendered)

    def __str__(self) -> str:
        return self.render()

    def to_plain(self) -> dict[str, Any]:
        template: Any = (
            {"en": self.template.en, "fr": self.template.fr}
            if isinstance(self.template, Text)
            else self.template
        )
        return {"template": template, "values": {k: _plain_value(v) for k, v in self.values.items()}}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Message:
        template = data["template"]
        if isinstance(template, dict):
            template = Text(en=str(template["en"]), fr=str(template["fr"]))
        values = {k: _from_plain_value(v) for k, v in dict(data.get("values", {})).items()}
        return cls(template, values)


def message(template: str | Text, /, **values: MessageArg) -> Message:
    """Shorthand for ``Message(template, values)``."""
    return Message(template, values)


def _render_value(value: MessageArg, language: Language) -> str:
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, Text):
        return value.render(language)
    return str(value)


def _plain_value(value: MessageArg) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_plain()}
    if isinstance(value, Text):
        return {"text": {"en": value.en, "fr": value.fr}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _from_plain_value(value: Any) -> MessageArg:
    if isinstance(value, dict) and "message" in value:
        return Message.from_plain(value["message"])
    if isinstance(value, dict) and "text" in value:
        return Text(en=str(value["text"]["en"]), fr=str(value["text"]["fr"]))
    return value  # type: ignore[no-any-return]
