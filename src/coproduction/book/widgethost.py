"""The book's widgets in static pages, without the ipywidgets manager.

Every widget in the book is an anywidget (an explorer or an exercise item), alone
or in a ``VBox``. myst-nb would embed the notebook's whole widget state in each
page and load require.js and the ipywidgets HTML manager (3.6 MB) to draw it. For
a page whose widgets are all of those kinds, :func:`static_widgets` instead

- replaces each saved view (``<script type="application/vnd.jupyter.widget-view+json">``)
  with ``<div class="cpw" data-cpw-view="MODEL_ID">``;
- writes each widget's front-end module (its ``_esm`` and ``_css``) once, named by
  its content, to ``_static/cpw/m-HASH.js``, shared by every page that uses it;
- moves the bulky traits of an explorer (every precomputed view) to
  ``_static/cpw/s-HASH.js`` (and a gzip-compressed copy, ``z-HASH.js``), with the
  parts the views share (lines of their SVG figures) stored once; the page keeps
  only the view shown first, and the rest is fetched when the explorer comes into
  view;
- returns the small remaining state of every model, which the page carries in a
  ``<script type="application/vnd.coproduction.widgets+json">`` read by
  ``book_static/widget-host.js``.

The files call ``cpwHost.deliver(name, data)`` and are loaded with classic script
tags, so pages also work opened straight from disk (``file://``), where a browser
refuses ``fetch`` and module scripts.

A page that shows any other kind of widget keeps the full manager
(:func:`unsupported_models` names what it shows, and the build says so).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
HOST_MIME = "application/vnd.coproduction.widgets+json"
HOST_SCRIPT = "widget-host.js"
OUT_FOLDER = "_static/cpw"
# Bytes of a page's body and widget state above which explorers no longer carry
# their first view in the page (it then arrives with the rest of their states):
# with the theme's head, a page stays under 250 KB.
PAGE_BUDGET = 200_000

VIEW_RE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S
)
ANY = ("anywidget", "AnyModel")
BOXES = {"VBoxModel": "column", "BoxModel": "column", "HBoxModel": "row"}
# Traits that only the ipywidgets manager reads.
MANAGER_ONLY = {"layout", "_dom_classes", "tabbable", "tooltip", "_view_count"}


def _explorer_split(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from coproduction.widgets.explorer import split_static_state

    return split_static_state(state)


# anywidget id (module.Class) -> function(state) -> (state kept in the page, lazy traits)
LAZY: dict[str, Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]] = {
    "coproduction.widgets.explorer.StateExplorer": _explorer_split,
}


@dataclass
class StaticWidgets:
    """What :func:`static_widgets` made of one page."""

    body: str
    models: dict[str, dict[str, Any]]
    files: dict[str, str] = field(default_factory=dict)  # name -> content, in OUT_FOLDER


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _js_file(name: str, data: Any) -> str:
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return f"cpwHost.deliver({json.dumps(name)},{payload});\n"


def pack(traits: dict[str, Any]) -> dict[str, Any]:
    """Lazy traits, each list of strings stored as indices of shared parts (lines).

    Explorer views are SVG figures that differ in a few elements from state to
    state; each distinct line is stored once.

    >>> p = pack({"views": ["a\\nb\\n", "a\\nc\\n"], "index": {"x": 0}})
    >>> p["parts"], p["traits"]["views"], p["joined"]
    (['a\\n', 'b\\n', 'c\\n'], [[0, 1], [0, 2]], ['views'])
    """
    parts: dict[str, int] = {}
    out: dict[str, Any] = {}
    joined = []
    for name, value in traits.items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out[name] = [
                [parts.setdefault(p, len(parts)) for p in v.splitlines(keepends=True)]
                for v in value
            ]
            joined.append(name)
        else:
            out[name] = value
    return {"traits": out, "parts": list(parts), "joined": joined}


def unpack(payload: dict[str, Any]) -> dict[str, Any]:
    """The traits :func:`pack` stored (what the host does in the browser)."""
    traits = dict(payload["traits"])
    for name in payload.get("joined", ()):
        traits[name] = ["".join(payload["parts"][i] for i in ids) for ids in traits[name]]
    return traits


def _view_ids(body: str) -> list[str]:
    ids = []
    for match in VIEW_RE.finditer(body):
        try:
            ids.append(json.loads(html.unescape(match.group(1)))["model_id"])
        except (ValueError, KeyError, TypeError):
            ids.append("")
    return ids


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None


def _shown(state: dict[str, Any], roots: list[str]) -> list[str]:
    """The models drawn for the views ``roots``: each, and a box's children."""
    seen: list[str] = []
    todo = list(roots)
    while todo:
        mid = todo.pop(0)
        if mid in seen:
            continue
        seen.append(mid)
        model = state.get(mid, {})
        if model.get("model_name") in BOXES:
            todo += [c for c in map(_ref, model.get("state", {}).get("children", [])) if c]
    return seen


def unsupported_models(widget_state: dict[str, Any], body: str) -> list[str]:
    """The kinds of widget on a page that the book's host cannot draw (empty if none)."""
    state = widget_state.get("state", {})
    bad = set()
    for mid in _shown(state, _view_ids(body)):
        model = state.get(mid)
        if model is None:
            bad.add(f"a view of a model not in the saved state ({mid})")
            continue
        kind = (model.get("model_module"), model.get("model_name"))
        if kind != ANY and kind[1] not in BOXES:
            bad.add(f"{kind[0]} {kind[1]}")
    return sorted(bad)


def static_widgets(
    widget_state: dict[str, Any], body: str, url: Callable[[str], str], budget: int | None = None
) -> StaticWidgets | None:
    """Rewrite a page's widgets for the book's host, or ``None`` if it cannot draw them.

    ``url(path)`` turns a path from the book's root into a link from this page.
    With ``budget``, explorers whose first view would take the page's body and
    widget state over that many bytes leave it out (largest first): it is then
    shown once the explorer's states arrive.
    """
    if unsupported_models(widget_state, body):
        return None
    state = widget_state.get("state", {})
    models: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    for mid in _shown(state, _view_ids(body)):
        model = state[mid]
        traits = dict(model.get("state", {}))
        if model.get("model_name") in BOXES:
            models[mid] = {
                "kind": "box",
                "direction": BOXES[model["model_name"]],
                "children": [c for c in map(_ref, traits.get("children", [])) if c],
            }
            continue
        esm, css = traits.pop("_esm", ""), traits.pop("_css", "") or ""
        if not isinstance(esm, str) or not esm.strip():
            raise ValueError(
                f"anywidget model {mid} has no inline _esm to serve; the book's host needs "
                "the module's source in the saved state (anywidget does this by default)"
            )
        name = f"m-{_digest(esm + chr(0) + css)}"
        files[f"{name}.js"] = _js_file(name, {"esm": esm, "css": css})
        spec: dict[str, Any] = {"kind": "any", "esm": url(f"{OUT_FOLDER}/{name}.js")}
        split = LAZY.get(str(traits.get("_anywidget_id", "")))
        if split is not None:
            traits, lazy = split(traits)
            packed = pack(lazy)
            text = json.dumps(packed, sort_keys=True, separators=(",", ":"))
            digest = _digest(text)
            files[f"s-{digest}.js"] = _js_file(f"s-{digest}", packed)
            gz = base64.b64encode(gzip.compress(text.encode(), 9, mtime=0)).decode("ascii")
            files[f"z-{digest}.js"] = _js_file(f"z-{digest}", gz)
            spec["lazy"] = url(f"{OUT_FOLDER}/s-{digest}.js")
            spec["lazy_gz"] = url(f"{OUT_FOLDER}/z-{digest}.js")
        spec["state"] = {k: v for k, v in traits.items() if k not in MANAGER_ONLY}
        models[mid] = spec

    if budget is not None:
        size = len(body.encode()) + len(host_json(models).encode())
        for spec in sorted(
            (m for m in models.values() if m.get("lazy") and m["state"].get("views")),
            key=lambda m: -len(host_json({"x": m})),
        ):
            if size <= budget:
                break
            before = len(host_json({"x": spec}).encode())
            spec["state"]["views"], spec["state"]["index"] = [], {}
            size -= before - len(host_json({"x": spec}).encode())

    def replace(match: re.Match[str]) -> str:
        try:
            mid = json.loads(html.unescape(match.group(1)))["model_id"]
        except (ValueError, KeyError, TypeError):
            return match.group(0)
        return f'<div class="cpw" data-cpw-view="{html.escape(mid)}"></div>'

    return StaticWidgets(body=VIEW_RE.sub(replace, body), models=models, files=files)


def host_json(models: dict[str, dict[str, Any]]) -> str:
    """The page's model specs, safe inside a <script> element."""
    text = json.dumps({"models": models}, separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def write_files(outdir: Path, files: dict[str, str]) -> None:
    """Write the shared files into ``outdir/_static/cpw`` (each named by its content)."""
    folder = Path(outdir) / OUT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
