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
  Binder users. A page taken from the execution cache is written by myst-nb
  without its outputs, so they are filled in from the cache first.
- Offers the package with them: its wheel is built into the book's root
  (:mod:`coproduction.book.downloads`), listed in every notebook page's download menu
  and linked by the ``{wheel}`` role, and every notebook offered starts with a
  set-up cell that installs the package where it is missing.
- Draws the book's widgets with its own small host instead of the ipywidgets
  manager (:mod:`coproduction.book.widgethost`, ``book_static/widget-host.js``):
  on a page whose widgets are all anywidgets (explorers, exercise items) or boxes
  of them, the saved views become placeholders, the widget state, require.js and
  the manager's scripts are dropped, and each explorer's states move to a file of
  their own, loaded when the explorer comes into view. A page with any other kind
  of widget keeps the manager, and the build log says which page and why.
- Trims what a page does not use (:func:`trim_assets`, :func:`trim_theme_html`):
  the theme's 1.5 MB Font Awesome script (its icons come from the theme's CSS
  web font), the search index on pages other than the search page (the theme's
  search-as-you-type is off, so only the search page reads it), the code copy
  button, Pygments, myst-nb and sphinx-design styles on pages with no code, no
  notebook cells or no design elements, and sphinx-thebe (live code is off).
  The theme's solid icon font is cut to the icons the book uses
  (:func:`subset_icon_font`).
- Launch buttons only once ``repository.url`` is set; "Run in the browser" on
  each chapter once ``make lite`` has fetched the in-browser notebooks' inputs
  (``scripts/lite.py`` builds them into ``lite/`` after Sphinx).
- Keeps executed pages in step with the code and data they call. jupyter-cache
  re-executes a notebook only when its own code cells change, so an edit to the
  package or to the case data would leave pages showing old results. The
  extension hashes those inputs; when the hash changes it clears the execution
  cache and marks every page for re-reading.
- Builds the book in one of two editions, set by the config value
  ``coproduction_edition``: ``"instructor"`` (the default, the complete book) or
  ``"student"``. Lecturer-only passages carry the class ``instructor-only``: a
  sphinx-design dropdown with ``:class-container: instructor-only``, a
  ``:::{container} instructor-only`` block, or any directive with that class. In
  the student edition they are removed from the doctree by a read-time transform,
  before references inside them are resolved and before the search index sees
  them, so a link from such a passage to a page left out of the student edition
  cannot break the build. The student edition also never copies page sources
  (``html_copy_source`` is forced off, and the download menu loses its source
  link), and it still offers each executed notebook for download, but with every
  instructor-only block cut from its Markdown cells, both in the copy offered and
  in the build's ``jupyter_execute`` folder. Offering the notebooks keeps what
  students need (the outputs and explorers, runnable in Jupyter); cutting the
  blocks from the Markdown is exact because they are fenced directives, found
  with the same Markdown parser MyST uses. Which pages belong to the student
  edition is decided by its table of contents (``scripts/edition.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coproduction.book import widgethost
from coproduction.book.downloads import add_setup_cell, build_wheel, wheel_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# What executed pages read besides their own cells, relative to the book's root.
EXECUTION_INPUTS = (
    "src/coproduction/**/*.py",
    # Widget front ends: executed pages embed them in their widget state.
    "src/coproduction/**/*.js",
    "src/coproduction/**/*.css",
    # The data shipped in the package: frameworks, cases, comparison, bank, examples.
    "src/coproduction/**/*.yaml",
)
STAMP_NAME = "coproduction-inputs.sha256"
# Present once `make lite` has fetched the in-browser notebooks' inputs (scripts/lite.py).
LITE_READY = Path("_vendor_lite") / "READY.json"
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


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    pathto = context.get("pathto")
    offer_wheel(context, pathto(wheel_name(), 1) if pathto else wheel_name())
    trim_assets(context)
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(context["script_files"])
    drop_source_download(context)


def _attributes(script: Any) -> dict[str, Any]:
    return getattr(script, "attributes", None) or {}


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _manager_scripts(app: Sphinx, pagename: str) -> set[str]:
    """The scripts myst-nb added to this page for the widget manager (``nb_ipywidgets_js``)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    files = NbMetadataCollector.get_js_files(app.env, pagename)
    return {str(uri) for key, (uri, _) in files.items() if key.startswith("ipywidgets_") and uri}


def _on_page_context_widgets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Serve the page's widgets with the book's host instead of the widget manager."""
    scripts = context.get("script_files")
    if not scripts or "body" not in context:
        return
    saved = [s for s in scripts if _attributes(s).get("type") == widgethost.STATE_MIME]
    if not saved:
        return
    state = json.loads(_attributes(saved[0])["body"])
    pathto = context["pathto"]
    result = widgethost.static_widgets(
        state, context["body"], lambda p: pathto(p, 1), budget=widgethost.PAGE_BUDGET
    )
    if result is None:
        why = ", ".join(widgethost.unsupported_models(state, context["body"]))
        logger.info(
            f"{pagename}: keeps the ipywidgets manager (3.6 MB), because it shows {why}; "
            "the book's widget host draws only anywidgets and boxes of them"
        )
        return
    widgethost.write_files(Path(app.outdir), result.files)
    manager = _manager_scripts(app, pagename)
    # Sphinx names a static file by its path in _static/.
    manager |= {f"_static/{m}" for m in manager}
    scripts[:] = [s for s in scripts if s not in saved and _filename(s) not in manager]
    context["body"] = result.body
    html: Any = app.builder  # the HTML builder, which has add_js_file
    html.add_js_file(None, body=widgethost.host_json(result.models), type=widgethost.HOST_MIME)
    html.add_js_file(widgethost.HOST_SCRIPT, defer="defer")


# Assets a page loads only when its body uses them: (markers in the body, any of
# which means the page needs the files; the files).
OPTIONAL_ASSETS = (
    (
        ('class="highlight',),
        ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css"),
    ),
    (('class="sd-',), ("sphinx-design.min.css", "design-tabs.js")),
    # myst-nb's styles are for notebook cells, their outputs and code.
    (('class="cell', 'class="highlight', "pasted-"), ("mystnb.css",)),
    # Live code on the page (thebe) is off: no page offers its launch button.
    (("thebe-launch", "thebelab", "data-executable"), ("sphinx-thebe.js", "sphinx-thebe.css")),
)


def _asset_name(asset: Any) -> str:
    """A static file's name, without its folder and a content hash (``mystnb.HASH.css``)."""
    name = _filename(asset).rsplit("/", 1)[-1]
    return re.sub(r"\.[0-9a-f]{32,}(?=\.(?:css|js)$)", "", name)


def trim_assets(context: dict[str, Any]) -> None:
    """Drop from a page the scripts and styles of features its body does not use."""
    body = context.get("body", "")
    drop = {
        name
        for markers, names in OPTIONAL_ASSETS
        if not any(m in body for m in markers)
        for name in names
    }
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [a for a in context[key] if _asset_name(a) not in drop]


FONTAWESOME_SCRIPT = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)">'
    r"</script>"
)


def trim_theme_html(page: str, pagename: str, search_as_you_type: bool = False) -> str:
    """A rendered page without the theme's scripts it does not need.

    The theme (pydata-sphinx-theme, under sphinx-book-theme) writes these in its
    templates, outside Sphinx's list of scripts: the Font Awesome script (1.5 MB;
    it only swaps icons for SVG, and the theme's CSS already draws them with its
    web font) and, on every page, the search tools and the whole search index,
    which only its search-as-you-type (off here) and the search page use.
    """
    page = FONTAWESOME_SCRIPT.sub("", page)
    if pagename != "search" and not search_as_you_type:
        page = SEARCH_SCRIPTS.sub("", page)
    return page


def _on_builder_inited_trim(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render
    as_you_type = (
        str((app.config.html_theme_options or {}).get("search_as_you_type", False)).lower()
        == "true"
    )

    def trimmed(template: str, context: dict[str, Any]) -> str:
        page: str = render(template, context)
        if template.endswith(".html") and "pagename" in context:
            page = trim_theme_html(page, context["pagename"], as_you_type)
        return page

    templates.render = trimmed


# The theme's solid icon font (156 KB) holds some 1,400 icons; the book shows a few
# dozen. After the build it is cut to the glyphs the book's pages, the theme's
# scripts and its styles use, and ICONS_CSS, loaded after the theme's styles, points
# the same font family at the cut copy, so browsers fetch only that.
ICON_FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.ttf")
ICON_SUBSET = Path(widgethost.OUT_FOLDER) / "fa-solid-900-subset.woff"
ICONS_CSS = Path(widgethost.OUT_FOLDER) / "icons.css"
_PUA = re.compile("[\ue000-\uf8ff]")
_ESCAPE = re.compile(r'"\\([ef][0-9a-f]{3})"')
_ICON_SELECTOR = re.compile(r"^\.fa-([\w-]+):(?:before|after)$")
_ICON_NAME = re.compile(r"\bfa-([a-z0-9-]+)")


def used_icon_codepoints(outdir: Path) -> set[int]:
    """The icon font's code points the built book can show.

    Those in the styles that are not an icon class (the theme's own components,
    and characters written literally in its CSS variables), and those of every icon
    class (``fa-NAME``) named in a page or in a script of the book's static files.
    """
    static = outdir / "_static"
    by_name: dict[str, int] = {}
    codepoints: set[int] = set()
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            found = {int(h, 16) for h in _ESCAPE.findall(body)}
            found |= {ord(c) for c in _PUA.findall(body)}
            if not found:
                continue
            parts = [_ICON_SELECTOR.match(p.strip()) for p in selector.split(",")]
            if all(parts) and len(found) == 1:
                for part in parts:
                    if part is not None:
                        by_name.setdefault(part.group(1), next(iter(found)))
            else:
                codepoints |= found
    names: set[str] = set()
    pages = [
        p
        for p in outdir.rglob("*.html")
        if not {"_static", "_sources", "lite"} & set(p.relative_to(outdir).parts)
    ]
    # The scripts pages load: the book's static scripts and the theme's, not the
    # icon script the build leaves out nor the widget manager's bundle.
    scripts = [*static.glob("*.js"), *static.glob("scripts/*.js")]
    for path in pages + scripts:
        if path.name == "fontawesome.js":
            continue
        names |= set(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return codepoints | {by_name[n] for n in names if n in by_name}


def subset_icon_font(outdir: Path) -> bool:
    """Write the cut icon font and its stylesheet; False if the theme has no such font."""
    from fontTools import subset  # type: ignore[import-untyped]  # no type information

    source = outdir / ICON_FONT
    if not source.is_file():
        # Another theme (or a test project): nothing to cut, and nothing is wrong.
        logger.info(f"no icon font at {source}: nothing to cut")
        (outdir / ICONS_CSS).parent.mkdir(parents=True, exist_ok=True)
        (outdir / ICONS_CSS).write_text("/* theme icon font not found: nothing to cut */\n")
        return False
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(used_icon_codepoints(outdir)))
    subsetter.subset(font)
    target = outdir / ICON_SUBSET
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    (outdir / ICONS_CSS).write_text(
        "/* The theme's solid icons, cut to those the book uses (by its Sphinx extension). */\n"
        '@font-face{font-display:block;font-family:"Font Awesome 6 Free";font-style:normal;'
        f'font-weight:900;src:url({ICON_SUBSET.name}) format("woff")}}\n',
        encoding="utf-8",
    )
    return True


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


def _stamp(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STAMP_NAME


# Pages computed from other pages (the index of key terms): re-read every build.
ALWAYS_REREAD = ("back/index-of-terms",)


class TermIndex(Directive):  # type: ignore[misc]  # docutils has no type information
    """``{term-index}``: the key terms and the chapters that use them."""

    has_content = False

    def run(self) -> list[Any]:
        from coproduction.book.facts import term_index_html

        root = Path(self.state.document.settings.env.srcdir)
        return [nodes.raw("", term_index_html(root), format="html")]


def _lite_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The chapters, when the in-browser notebooks came or went since the last build
    (their pages gain or lose the "Run in the browser" link)."""
    ready = (Path(app.srcdir) / LITE_READY).is_file()
    if getattr(env, "coproduction_lite", None) == ready:
        return []
    setattr(env, "coproduction_lite", ready)  # noqa: B010 - remembered with the environment
    return sorted(d for d in env.found_docs if d.startswith("chapters/"))


def _on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    always = [d for d in ALWAYS_REREAD if d in env.found_docs] + _lite_changed(app, env)
    digest = inputs_digest(Path(app.srcdir))
    setattr(app, "coproduction_inputs_digest", digest)  # noqa: B010 - read when the build ends
    stamp = _stamp(app)
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return always
    # The inputs changed since the last build: every page is read again, and the
    # execution cache is cleared unless it was filled under these very inputs (by
    # ``python -m coproduction.book.build``, which executes notebooks in parallel).
    cache = _cache_dir(env)
    if cache is not None and cache.is_dir() and not _matches(cache / CACHE_STAMP, digest):
        shutil.rmtree(cache)
    return sorted(env.found_docs - set(added))


def _cache_dir(env: BuildEnvironment | None) -> Path | None:
    path = getattr(getattr(env, "mystnb_config", None), "execution_cache_path", "")
    return Path(path) if path else None


def _matches(stamp: Path, digest: str) -> bool:
    return stamp.is_file() and stamp.read_text().strip() == digest


def _executed(app: Sphinx) -> Path:
    """Where myst-nb writes executed notebooks (beside the HTML output folder)."""
    return Path(app.outdir).parent / "jupyter_execute"


def _on_page_context_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if (_executed(app) / f"{pagename}.ipynb").is_file():
        context["ipynb_source"] = f"{pagename}.ipynb"


def offer_wheel(context: dict[str, Any], url: str) -> None:
    """Add the package's wheel to a notebook page's download menu, after the .ipynb."""
    if not context.get("ipynb_source"):
        return
    for button in context.get("header_buttons", ()):
        if isinstance(button, dict) and button.get("label") == "download-buttons":
            button["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": url,
                    "text": ".whl",
                    "tooltip": "Download the book's Python package, which the notebook needs",
                    "icon": "fas fa-box",
                    "label": "download-package-button",
                },
            )


def offer_lite(context: dict[str, Any], url: str) -> None:
    """Add "Run in the browser" (JupyterLite) to a chapter page's header buttons."""
    context.setdefault("header_buttons", []).insert(
        0,
        {
            "type": "link",
            "url": url,
            "text": "Run in the browser",
            "tooltip": "Run this chapter's code in your browser (JupyterLite, no install)",
            "icon": "fas fa-play",
            "label": "run-in-browser-button",
        },
    )


def _on_page_context_lite(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Chapters link to their notebook in the book's JupyterLite, when it is built.

    ``scripts/lite.py build`` writes ``lite/`` after Sphinx, from the notebooks of
    this very build, whenever its inputs are present; the links follow the same
    condition, so a book built without them has no link that leads nowhere.
    """
    if not pagename.startswith("chapters/") or not context.get("ipynb_source"):
        return
    if not (Path(app.srcdir) / LITE_READY).is_file():
        return
    name = Path(pagename).name
    url = context["pathto"]("lite/notebooks/index.html", 1) + f"?path=chapters/{name}.ipynb"
    offer_lite(context, url)


def wheel_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: Any = None,
    content: Any = None,
) -> tuple[list[Any], list[Any]]:
    """``{wheel}`text``: a link to the package's wheel at the root of the built book."""
    docname = inliner.document.settings.env.docname
    url = "../" * docname.count("/") + wheel_name()
    label = text if text and text != "wheel" else wheel_name()
    node = nodes.reference(rawtext, "", refuri=url, classes=["coproduction-wheel"])
    node += nodes.literal(label, label)
    return [node], []


def copy_executed_notebooks(
    executed: Path, sources: Path, docnames: set[str] | None = None
) -> list[Path]:
    """Copy every executed notebook into the HTML ``_sources`` folder.

    With ``docnames``, only the notebooks of those pages: a notebook left in the
    folder by an earlier build of a page that this build no longer includes is
    not offered.
    """
    copied = []
    for nb in sorted(executed.rglob("*.ipynb")):
        rel = nb.relative_to(executed)
        if docnames is not None and rel.with_suffix("").as_posix() not in docnames:
            continue
        target = sources / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, target)
        copied.append(target)
    return copied


def fill_outputs_from_cache(executed: Path, cache: Path) -> list[Path]:
    """Give each executed notebook without outputs the outputs cached for it.

    myst-nb writes a page it takes from the execution cache as it read it, with
    no outputs (it merges the cached outputs into a copy), so the notebook offered
    for download would show nothing. A notebook with no cached match is left as
    it is. Returns the notebooks filled in.
    """
    import nbformat
    from jupyter_cache import get_cache

    if not cache.is_dir():
        return []
    store = get_cache(str(cache))
    filled = []
    for path in sorted(executed.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        if not code or any(c.get("outputs") for c in code):
            continue
        try:
            _, merged = store.merge_match_into_notebook(nb)
        except KeyError:
            continue
        nbformat.write(merged, path)
        filled.append(path)
    return filled


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        subset_icon_font(Path(app.outdir))
    if exception is None and app.builder.format == "html" and _executed(app).is_dir():
        cache = _cache_dir(getattr(app, "env", None))
        if cache is not None:
            fill_outputs_from_cache(_executed(app), cache)
        docnames = None
        if edition_of(app) == "student":
            # Cut the lecturer notes from the executed notebooks before they are offered.
            for nb in _executed(app).rglob("*.ipynb"):
                strip_notebook(nb)
            docnames = set(getattr(app.env, "found_docs", ()))
        offered = copy_executed_notebooks(_executed(app), Path(app.outdir) / "_sources", docnames)
        # The package the notebooks need, beside the book and in each notebook's set-up.
        wheel = build_wheel(Path(app.srcdir), Path(app.outdir))
        for nb in offered:
            add_setup_cell(nb, wheel.name, app.config.html_baseurl or "")
    digest = getattr(app, "coproduction_inputs_digest", None)
    if exception is None and digest is not None:
        _stamp(app).parent.mkdir(parents=True, exist_ok=True)
        _stamp(app).write_text(digest + "\n")
        cache = _cache_dir(getattr(app, "env", None))
        if cache is not None and cache.is_dir():
            (cache / CACHE_STAMP).write_text(digest + "\n")


# Editions ------------------------------------------------------------------

EDITIONS = ("instructor", "student")
INSTRUCTOR_ONLY = "instructor-only"


def edition_of(app: Sphinx) -> str:
    """The edition being built (``"instructor"`` when the config does not say)."""
    return getattr(getattr(app, "config", None), "coproduction_edition", "instructor")


def is_instructor_only(node: nodes.Node) -> bool:
    """True for a node with the class ``instructor-only``.

    A sphinx-design dropdown keeps its ``:class-container:`` classes in
    ``container_classes`` until the page is written, so both are checked.
    """
    if not isinstance(node, nodes.Element):
        return False
    classes = list(node.get("classes", ())) + list(node.get("container_classes") or ())
    return INSTRUCTOR_ONLY in classes


class RemoveInstructorOnly(SphinxTransform):
    """Student edition: remove every node with the class ``instructor-only``.

    It runs while a page is read, before substitutions, targets and footnotes are
    processed and before the environment records labels and the text for the
    search index, so nothing inside a removed passage reaches the student edition
    and no reference inside one is ever resolved. Citations made only inside
    removed passages are dropped too, so the student bibliography lists what the
    student pages cite.
    """

    default_priority = 150

    def apply(self, **kwargs: Any) -> None:
        if edition_of(self.app) != "student":
            return
        removed_ids: set[str] = set()
        for node in list(self.document.findall(is_instructor_only)):
            for ref in node.findall(nodes.Element):
                if ref.get("refdomain") == "cite":
                    removed_ids.update(ref.get("ids", ()))
            if node.parent is not None:
                node.parent.remove(node)
        if removed_ids and "cite" in self.env.domains:
            domain = self.env.get_domain("cite")
            refs = getattr(domain, "citation_refs", None)
            if refs is not None:
                refs[:] = [r for r in refs if r.citation_ref_id not in removed_ids]


def launch_buttons_follow_repository(theme_options: dict[str, Any]) -> None:
    """Launch buttons (Binder, JupyterHub, Colab) only once ``repository.url`` is set.

    ``_config.yml`` names the services under ``launch_buttons``; they open the
    book's repository, so until the repository is published (``repository.url``)
    there is nothing to launch, and the buttons are left out.
    """
    if not str(theme_options.get("repository_url") or "").strip():
        theme_options.pop("launch_buttons", None)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    launch_buttons_follow_repository(config.html_theme_options)
    edition = config.coproduction_edition
    if edition not in EDITIONS:
        raise ConfigError(
            f"coproduction_edition is {edition!r} in the book's configuration "
            "(sphinx: config: in _config.yml, or the edition config that "
            "scripts/edition.py writes): set it to 'instructor' or 'student'."
        )
    if edition == "student":
        # Page sources hold every lecturer note: never publish them.
        config.html_copy_source = False
        config.html_show_sourcelink = False


def drop_source_download(context: dict[str, Any]) -> None:
    """Remove the theme's "download source" link when no source was copied.

    With ``html_copy_source`` off, sphinx-book-theme still lists the page's source
    in its download menu, as a link to the bare ``_sources/`` folder.
    """
    if context.get("sourcename"):
        return
    for button in context.get("header_buttons", ()):
        if isinstance(button, dict) and isinstance(button.get("buttons"), list):
            button["buttons"] = [
                b for b in button["buttons"] if b.get("label") != "download-source-button"
            ]


_DIRECTIVE_FENCES = ("fence", "colon_fence")
_OPTION = re.compile(r"^\s*:([\w-]+):\s*(.*)$")


def _markdown_parser() -> Any:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def _directive_options(content: str) -> list[tuple[str, str]]:
    """A MyST directive's options, from ``:key: value`` lines or a YAML block."""
    lines = content.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end is None:
            return []
        try:
            data = yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError:
            return []
        if not isinstance(data, dict):
            return []
        return [
            (str(k), " ".join(map(str, v)) if isinstance(v, list) else str(v))
            for k, v in data.items()
        ]
    options = []
    for line in lines:
        match = _OPTION.match(line)
        if not match:
            break
        options.append((match.group(1), match.group(2)))
    return options


def _is_instructor_only_directive(info: str, content: str) -> bool:
    name, _, argument = info.strip().partition(" ")
    if not (name.startswith("{") and name.endswith("}")):
        return False
    if name == "{container}" and INSTRUCTOR_ONLY in argument.split():
        return True
    return any(
        key.startswith("class") and INSTRUCTOR_ONLY in value.split()
        for key, value in _directive_options(content)
    )


def strip_instructor_only(markdown: str) -> str:
    r"""``markdown`` (MyST) without its instructor-only directive blocks.

    A block is instructor-only when it is a ``{container}`` with the class
    ``instructor-only`` or any directive with that class in a ``:class...:``
    option (``:class-container:`` on a dropdown, ``:class:`` on an admonition).
    Blocks are found with MyST's own Markdown parser, so indented blocks (inside
    a list item) and blocks nested in other directives are found too.

    >>> strip_instructor_only(":::{container} instructor-only\nKey\n:::\nText\n")
    'Text\n'
    """
    if INSTRUCTOR_ONLY not in markdown:
        return markdown
    lines = markdown.splitlines(keepends=True)
    drop: set[int] = set()
    for token in _markdown_parser().parse(markdown):
        if token.type not in _DIRECTIVE_FENCES or not token.map:
            continue
        start, end = token.map
        if _is_instructor_only_directive(token.info, token.content):
            drop.update(range(start, end))
        elif INSTRUCTOR_ONLY in token.content and token.info.strip().startswith("{"):
            # A directive's body is not parsed as Markdown here: strip it on its own.
            inner = strip_instructor_only(token.content)
            if inner != token.content:
                indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
                body = [
                    indent + line if line.strip() else line
                    for line in inner.splitlines(keepends=True)
                ]
                last = lines[end - 1].strip()
                closed = (
                    end - 1 > start
                    and last.startswith(token.markup)
                    and not last.strip(token.markup[0])
                )
                lines[start + 1 : end - 1 if closed else end] = body
                return strip_instructor_only("".join(lines))
    return "".join(line for i, line in enumerate(lines) if i not in drop)


def strip_notebook(path: Path) -> bool:
    """Cut instructor-only blocks from a notebook's Markdown cells, in place.

    A cell left with no text is removed. Returns whether the file changed.
    """
    import nbformat

    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    changed = False
    kept = []
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            text = cell.source
            stripped = strip_instructor_only(text)
            if stripped != text:
                changed = True
                if not stripped.strip():
                    continue
                cell.source = stripped
        kept.append(cell)
    if changed:
        nb.cells = kept
        nbformat.write(nb, path)
    return changed


def _citation_as_listitem(self: Any, node: Any) -> None:
    """HTML5 translator ``visit_citation`` with entries as list items."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _on_builder_inited(app: Sphinx) -> None:
    translator = app.builder.get_translator_class()
    if translator is not None and hasattr(translator, "visit_citation"):
        translator.visit_citation = _citation_as_listitem


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("term-index", TermIndex)
    app.add_role("wheel", wheel_role)
    app.add_config_value("coproduction_edition", "instructor", "env", types=[str])
    app.connect("config-inited", _on_config_inited)
    app.add_transform(RemoveInstructorOnly)
    # After the theme has chosen its translator class, so the fix reaches it.
    app.connect("builder-inited", _on_builder_inited, priority=900)
    # After the theme's styles: the book's icon font, cut to the icons it uses.
    app.add_css_file(ICONS_CSS.relative_to("_static").as_posix(), priority=900)
    app.connect("html-page-context", _on_page_context_widgets, priority=800)
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("builder-inited", _on_builder_inited_trim, priority=950)
    # Before sphinx-book-theme builds its download menu from the context.
    app.connect("html-page-context", _on_page_context_notebook, priority=100)
    app.connect("html-page-context", _on_page_context_lite, priority=901)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
