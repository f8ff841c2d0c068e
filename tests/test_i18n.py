"""Languages: the engine's messages have French entries, and the language is chosen as documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import caire_exercises as cx
from caire_exercises.model import i18n as _i18n
from caire_exercises.model.i18n import Message, Text, _compile_mo, _parse_po, fill, message

PACKAGE = Path(_i18n.__file__).resolve().parent


def marked_messages() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_engine_message_has_a_french_translation():
    catalogue = _parse_po((PACKAGE / "locale" / "fr.po").read_text(encoding="utf-8"))
    missing = sorted(marked_messages() - set(catalogue))
    assert not missing, f"add these to locale/fr.po: {missing}"


def test_french_entries_keep_the_placeholders():
    catalogue = _parse_po((PACKAGE / "locale" / "fr.po").read_text(encoding="utf-8"))
    import re

    for msgid, msgstr in catalogue.items():
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", msgstr)), msgid


def test_po_parser_skips_fuzzy_and_untranslated_entries():
    po = '''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
msgid "Hello"
msgstr "Salut"

msgid "Bye"
msgstr ""

msgid "Yes"
msgstr "Oui"
'''
    assert _parse_po(po) == {"Yes": "Oui"}


def test_compiled_catalogue_is_read_by_gettext():
    import gettext
    import io

    translations = gettext.GNUTranslations(io.BytesIO(_compile_mo({"": "Content-Type: text/plain; charset=UTF-8\n",
                                                                  "Hello": "Bonjour é"})))
    assert translations.gettext("Hello") == "Bonjour é"


def test_language_from_set_language_then_environment_then_locale(monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert cx.get_language() == "fr"
    monkeypatch.setenv("CAIRE_LANG", "en")
    assert cx.get_language() == "en"
    cx.set_language("fr-CA")
    assert cx.get_language() == "fr"
    with pytest.raises(ValueError, match="fr"):
        cx.set_language("de")


def test_fill_leaves_latex_braces_alone():
    assert fill(r"$\frac{a}{b}$ for {n}", {"n": 3}) == r"$\frac{a}{b}$ for 3"


def test_message_round_trips_as_plain_data_and_renders_in_both_languages():
    original = message("{a} and {b}", a=Text(en="cat", fr="chat"),
                       b=message("expected {expected}, got {obtained}.", expected=1, obtained=2))
    copy = Message.from_plain(original.to_plain())
    assert copy.render("en") == "cat and expected 1, got 2."
    assert copy.render("fr") == "chat and attendu 1, obtenu 2."


def test_fields_inside_latex_arguments_are_maths_not_variant_values():
    from caire_exercises.model.i18n import fill

    values = {"n": 24, "d": 3, "lr": 0.1, "k": 5, "prefix": "P", "body": "B"}
    assert fill(r"$\frac{1}{n}\sum_{i=1}^{n}$, n = {n}", values) == r"$\frac{1}{n}\sum_{i=1}^{n}$, n = 24"
    assert fill(r"$w - \text{lr} \cdot g$ with lr = {lr}", values) == r"$w - \text{lr} \cdot g$ with lr = 0.1"
    assert fill(r"$\frac{n}{d}$ and $k = {k}$", values) == r"$\frac{n}{d}$ and $k = 5$"
    assert fill("{prefix}{body}", values) == "PB"
