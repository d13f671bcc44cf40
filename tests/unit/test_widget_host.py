"""The build's rewrite of widget pages for the book's own host (coproduction.book.widgethost)
and the trimming of theme assets a page does not use (coproduction.book.sphinx_ext)."""

from __future__ import annotations

import json

from coproduction.book import widgethost
from coproduction.book.sphinx_ext import trim_assets, trim_theme_html
from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio


def _anymodel(widget) -> dict:
    state = {k: v for k, v in widget.get_state().items() if not isinstance(v, bytes)}
    state["_esm"] = "export default { render() {} };"
    state["_css"] = ".x {}"
    return {"model_module": "anywidget", "model_name": "AnyModel", "state": state}


def _view(mid: str) -> str:
    data = json.dumps({"model_id": mid, "version_major": 2, "version_minor": 1})
    return f'<script type="{widgethost.VIEW_MIME}">{data}</script>'


def _explorer() -> StateExplorer:
    figure = "<svg>\n<g id='shared'>\n" + "<path d='M 0 0'/>\n" * 50 + "</g>\n"
    spec = ExplorerSpec(
        title="Demo",
        controls=[radio("c", "Choice", [("a", "A"), ("b", "B"), ("c", "C")])],
        render=lambda v: figure + f"<text>{v['c']}</text>\n</svg>",
        initial={"c": "b"},
    )
    return StateExplorer(spec)


def _state(**models) -> dict:
    return {"state": models, "version_major": 2, "version_minor": 0}


def test_explorer_page_keeps_only_its_first_view_and_loads_the_rest_lazily():
    explorer = _explorer()
    state = _state(e1=_anymodel(explorer))
    body = "<p>Before</p>" + _view("e1") + "<p>After</p>"
    out = widgethost.static_widgets(state, body, lambda p: "../" + p)
    assert out is not None
    assert out.body == '<p>Before</p><div class="cpw" data-cpw-view="e1"></div><p>After</p>'
    spec = out.models["e1"]
    assert spec["state"]["views"] == [explorer.current_html]
    assert spec["state"]["index"] == {"b": 0}
    assert "_esm" not in spec["state"] and "layout" not in spec["state"]
    assert spec["esm"].startswith("../_static/cpw/m-") and spec["lazy"].startswith(
        "../_static/cpw/s-"
    )
    # The states file, unpacked as the browser does, gives back every state, and the
    # lines the figures share are stored once.
    name = spec["lazy"].rsplit("/", 1)[1]
    text = out.files[name]
    payload = json.loads(text[text.index(",") + 1 : text.rindex(")")])
    assert widgethost.unpack(payload) == {"views": explorer.views, "index": explorer.index}
    assert payload["parts"].count("<path d='M 0 0'/>\n") == 1
    assert len(text) < sum(map(len, explorer.views))
    module = out.files[spec["esm"].rsplit("/", 1)[1]]
    assert module.startswith("cpwHost.deliver(") and "render()" in module


def test_a_box_of_items_is_drawn_as_a_box_and_its_children():
    a, b = _anymodel(_explorer()), _anymodel(_explorer())
    box = {
        "model_module": "@jupyter-widgets/controls",
        "model_name": "VBoxModel",
        "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b"]},
    }
    out = widgethost.static_widgets(_state(box=box, a=a, b=b), _view("box"), str)
    assert out.models["box"] == {"kind": "box", "direction": "column", "children": ["a", "b"]}
    assert {"a", "b"} <= set(out.models)
    # One module file for both, named by its content.
    assert len([n for n in out.files if n.startswith("m-")]) == 1


def test_a_page_with_another_kind_of_widget_keeps_the_manager():
    slider = {"model_module": "@jupyter-widgets/controls", "model_name": "IntSliderModel"}
    state = _state(s=slider)
    assert widgethost.unsupported_models(state, _view("s")) == [
        "@jupyter-widgets/controls IntSliderModel"
    ]
    assert widgethost.static_widgets(state, _view("s"), str) is None


def test_over_budget_the_first_views_move_to_the_states_file():
    state = _state(e1=_anymodel(_explorer()))
    out = widgethost.static_widgets(state, _view("e1"), str, budget=100)
    assert out.models["e1"]["state"]["views"] == [] and out.models["e1"]["state"]["index"] == {}


def test_host_json_cannot_close_its_script_element():
    text = widgethost.host_json({"x": {"state": {"views": ["</script><!--"]}}})
    assert "</script" not in text and "<!--" not in text
    assert json.loads(text)["models"]["x"]["state"]["views"] == ["</script><!--"]


def test_theme_scripts_the_book_does_not_use_are_cut():
    page = (
        '<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../_static/searchtools.js"></script>\n'
        '<script src="../_static/language_data.js"></script>\n'
        '<script src="../searchindex.js"></script>\n'
        '<script src="../_static/doctools.js"></script></head>'
    )
    trimmed = trim_theme_html(page, "chapters/01")
    assert "fontawesome" not in trimmed and "search" not in trimmed
    assert "doctools.js" in trimmed
    # The search page and search-as-you-type need the index.
    assert "searchindex.js" in trim_theme_html(page, "search")
    assert "searchindex.js" in trim_theme_html(page, "chapters/01", search_as_you_type=True)


def test_code_and_design_assets_only_where_the_body_uses_them():
    mystnb = "_static/mystnb." + "ab12" * 16 + ".css"

    def context(body):
        return {
            "body": body,
            "script_files": ["_static/copybutton.js", "_static/design-tabs.js", "_static/x.js"],
            "css_files": ["_static/pygments.css", "_static/sphinx-design.min.css", mystnb],
        }

    plain = context("<p>text</p>")
    trim_assets(plain)
    assert plain["script_files"] == ["_static/x.js"] and plain["css_files"] == []
    rich = context('<div class="highlight"></div><div class="sd-card"></div>')
    trim_assets(rich)
    assert len(rich["script_files"]) == 3 and len(rich["css_files"]) == 3
    cells = context('<div class="cell docutils container"></div>')
    trim_assets(cells)
    assert cells["css_files"] == [mystnb]
