"""Sphinx extension with the book's build-time fixes.

Registered in ``_config.yml`` under ``sphinx.extra_extensions``.

- Drops exact duplicates from a page's script list. Jupyter Book 1 triggers
  sphinx-thebe's set-up twice, which writes the same inline
  ``const THEBE_JS_URL = ...`` twice and throws an uncaught SyntaxError on every
  page. Removing only identical entries keeps every script that was asked for.
- Gives bibliography entries ``role="listitem"``: docutils wraps them in a
  ``role="list"`` element but marks each with the DPub role ``doc-biblioentry``,
  which a list may not contain (axe: aria-required-children, critical).
- Offers each executed page as a notebook: the executed ``.ipynb`` (outputs and
  widget state included) is copied beside the page sources and added to the
  page's download menu, because the ``.md`` source confuses Jupyter, Colab and
  Binder users.
- Keeps executed pages in step with the code and data they call. jupyter-cache
  re-executes a notebook only when its own code cells change, so an edit to the
  package or to the case data would leave pages showing old results. The
  extension hashes those inputs; when the hash changes it clears the execution
  cache and marks every page for re-reading.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive

# What executed pages read besides their own cells, relative to the book's root.
EXECUTION_INPUTS = (
    "src/coproduction/**/*.py",
    # Widget front ends: executed pages embed them in their widget state.
    "src/coproduction/**/*.js",
    "src/coproduction/**/*.css",
    "exercises/bank/*.yaml",
    "case_data/**/*.yaml",
    "tests/data/cases/**/*.yaml",
)
STAMP_NAME = "coproduction-inputs.sha256"
# The same digest, kept beside the execution cache it describes.
CACHE_STAMP = STAMP_NAME


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


def inputs_digest(root: Path) -> str:
    """A hash of every file that executed pages read besides their own cells."""
    h = hashlib.sha256()
    files = sorted({p for pattern in EXECUTION_INPUTS for p in root.glob(pattern) if p.is_file()})
    for path in files:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _stamp(app) -> Path:
    return Path(app.doctreedir) / STAMP_NAME


# Pages computed from other pages (the index of key terms): re-read every build.
ALWAYS_REREAD = ("back/index-of-terms",)


class TermIndex(Directive):
    """``{term-index}``: the key terms and the chapters that use them."""

    has_content = False

    def run(self):
        from coproduction.book import term_index_html

        root = Path(self.state.document.settings.env.srcdir)
        return [nodes.raw("", term_index_html(root), format="html")]


def _on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    always = [d for d in ALWAYS_REREAD if d in env.found_docs]
    digest = inputs_digest(Path(app.srcdir))
    app.coproduction_inputs_digest = digest
    stamp = _stamp(app)
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return always
    # The inputs changed since the last build: every page is read again, and the
    # execution cache is cleared unless it was filled under these very inputs (by
    # ``python -m coproduction.build``, which executes notebooks in parallel).
    cache = _cache_dir(env)
    if cache is not None and cache.is_dir() and not _matches(cache / CACHE_STAMP, digest):
        shutil.rmtree(cache)
    return sorted(env.found_docs - set(added))


def _cache_dir(env) -> Path | None:
    path = getattr(getattr(env, "mystnb_config", None), "execution_cache_path", "")
    return Path(path) if path else None


def _matches(stamp: Path, digest: str) -> bool:
    return stamp.is_file() and stamp.read_text().strip() == digest


def _executed(app) -> Path:
    """Where myst-nb writes executed notebooks (beside the HTML output folder)."""
    return Path(app.outdir).parent / "jupyter_execute"


def _on_page_context_notebook(app, pagename, templatename, context, doctree) -> None:
    if (_executed(app) / f"{pagename}.ipynb").is_file():
        context["ipynb_source"] = f"{pagename}.ipynb"


def copy_executed_notebooks(executed: Path, sources: Path) -> list[Path]:
    """Copy every executed notebook into the HTML ``_sources`` folder."""
    copied = []
    for nb in sorted(executed.rglob("*.ipynb")):
        target = sources / nb.relative_to(executed)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, target)
        copied.append(target)
    return copied


def _on_build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html" and _executed(app).is_dir():
        copy_executed_notebooks(_executed(app), Path(app.outdir) / "_sources")
    digest = getattr(app, "coproduction_inputs_digest", None)
    if exception is None and digest is not None:
        _stamp(app).parent.mkdir(parents=True, exist_ok=True)
        _stamp(app).write_text(digest + "\n")
        cache = _cache_dir(getattr(app, "env", None))
        if cache is not None and cache.is_dir():
            (cache / CACHE_STAMP).write_text(digest + "\n")


def _citation_as_listitem(self, node) -> None:
    """HTML5 translator ``visit_citation`` with entries as list items."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _on_builder_inited(app) -> None:
    translator = app.builder.get_translator_class()
    if translator is not None and hasattr(translator, "visit_citation"):
        translator.visit_citation = _citation_as_listitem


def setup(app) -> dict[str, Any]:
    app.add_directive("term-index", TermIndex)
    # After the theme has chosen its translator class, so the fix reaches it.
    app.connect("builder-inited", _on_builder_inited, priority=900)
    app.connect("html-page-context", _on_page_context, priority=900)
    # Before sphinx-book-theme builds its download menu from the context.
    app.connect("html-page-context", _on_page_context_notebook, priority=100)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
