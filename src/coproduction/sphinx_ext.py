"""Sphinx extension with the book's build-time fixes.

Registered in ``_config.yml`` under ``sphinx.extra_extensions``.

- Drops exact duplicates from a page's script list. Jupyter Book 1 triggers
  sphinx-thebe's set-up twice, which writes the same inline
  ``const THEBE_JS_URL = ...`` twice and throws an uncaught SyntaxError on every
  page. Removing only identical entries keeps every script that was asked for.
"""

from __future__ import annotations

from typing import Any


def _script_key(script: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    # An inline script's filename may be None or "" depending on who added it.
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def dedupe_scripts(scripts: list[Any]) -> list[Any]:
    """Return ``scripts`` without exact repeats, keeping the first of each."""
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    kept = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(context["script_files"])


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
