"""MkDocs hook: the French pages (``fr/...``) get French labels, menus, ``lang`` and typography.

Material for MkDocs takes its interface words ("Search", "Table of contents",
"Previous", "Next", the ``<html lang>``) from ``theme.language``, one setting
for the whole site. This hook sets it page by page, and gives a French page
the French section of the navigation as its menu, so a French reader meets
no English around the text. The header's language switch (``extra.alternate``
in mkdocs.yml) leads from one side to the other. The text of a French page goes
through the library's own French typography (``caire_exercises.model.i18n.typeset``),
which leaves code, maths, links and HTML as written.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation, Section

FRENCH_PREFIX = "fr/"
FRENCH_SECTION = "Français"

_french_nav: Navigation | None = None


def _is_french(page: Any) -> bool:
    return page.file.src_uri.startswith(FRENCH_PREFIX)


def on_nav(nav: Navigation, config: Any, files: Any) -> Navigation:
    global _french_nav
    section = next((item for item in nav.items
                    if isinstance(item, Section) and item.title == FRENCH_SECTION), None)
    _french_nav = Navigation(list(section.children), nav.pages) if section is not None else None
    return nav


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not _is_french(page):
        return markdown
    from caire_exercises.model.i18n import typeset

    return typeset(markdown, "fr")


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Navigation) -> dict[str, Any]:
    french = _is_french(page)
    config.theme["language"] = "fr" if french else "en"
    if french and _french_nav is not None:
        context["nav"] = _french_nav
    return context
