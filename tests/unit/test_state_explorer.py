"""The generic StateExplorer and the figure conventions, with no front end."""

from __future__ import annotations

import pytest

from coproduction.figures import PALETTE, colour, figure_html, new_figure, show, style, to_svg
from coproduction.widgets.explorer import (
    ExplorerError,
    ExplorerSpec,
    StateExplorer,
    checkbox,
    radio,
)


def _spec(calls=None, **kw):
    def render(choice):
        if calls is not None:
            calls.append(dict(choice))
        return f"<p>{choice['phase']}/{choice['links']}</p>"

    return ExplorerSpec(
        "Demo",
        [radio("phase", "Phase", [("a", "A"), ("b", "B"), ("c", "C")]), checkbox("links", "Links")],
        render,
        caption="Not a model.",
        **kw,
    )


def test_every_combination_is_precomputed_for_the_static_book():
    ex = StateExplorer(_spec())
    assert set(ex.states) == {f"{p}|{link}" for p in "abc" for link in ("off", "on")}
    assert ex.current_html == "<p>a/off</p>"
    assert ex.caption == "Not a model."


def test_choosing_switches_the_state_and_keeps_other_controls():
    ex = StateExplorer(_spec())
    ex.choose(phase="c")
    assert ex.current_html == "<p>c/off</p>"
    ex.choose(links="on")
    assert ex.value == {"phase": "c", "links": "on"} and ex.current_html == "<p>c/on</p>"


def test_initial_choice_is_respected():
    ex = StateExplorer(_spec(initial={"phase": "b"}))
    assert ex.current_html == "<p>b/off</p>"


def test_a_live_kernel_renders_states_on_demand_when_not_precomputed():
    calls = []
    ex = StateExplorer(_spec(calls), precompute=False)
    assert len(ex.states) == 1 and calls == [{"phase": "a", "links": "off"}]
    ex.choose(phase="b", links="on")
    assert ex.current_html == "<p>b/on</p>" and len(calls) == 2
    ex.choose(phase="a", links="off")  # already rendered: not drawn again
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("choice", "message"),
    [({"phase": "z"}, "'z' is not an option of 'phase'"), ({"colour": "red"}, "no control")],
)
def test_bad_choices_are_refused_with_the_options(choice, message):
    ex = StateExplorer(_spec())
    with pytest.raises(ExplorerError, match=message):
        ex.choose(**choice)
    assert ex.value == {"phase": "a", "links": "off"}, "a refused choice changes nothing"


def test_controls_are_validated():
    with pytest.raises(ExplorerError, match="at least one control"):
        StateExplorer(ExplorerSpec("x", [], lambda c: ""))
    with pytest.raises(ExplorerError, match="unique"):
        StateExplorer(ExplorerSpec("x", [checkbox("a", "A"), checkbox("a", "B")], lambda c: ""))


def test_controls_reach_the_front_end_with_labels():
    ex = StateExplorer(_spec())
    assert ex.controls[0]["label"] == "Phase" and ex.controls[1]["kind"] == "checkbox"
    assert [o["label"] for o in ex.controls[0]["options"]] == ["A", "B", "C"]
    assert "export default" in ex._esm and "fieldset" in ex._esm


def _bars(label: str):
    with style():
        fig = new_figure(3, 2)
        ax = fig.subplots()
        ax.bar([0, 1], [1, 2], color=[colour(0), colour(1)], hatch="//")
        ax.set_title(label)
    return fig, f"Two bars for {label}; the second is twice the first."


def test_svg_carries_the_alt_text_and_is_deterministic():
    first, second = to_svg(*_bars("IPoA")), to_svg(*_bars("IPoA"))
    assert first == second
    assert first.startswith("<svg ") and 'role="img"' in first
    assert 'aria-label="Two bars for IPoA; the second is twice the first."' in first
    assert "<text" in first or "IPoA" in first, "text stays text, not paths"


def test_figure_html_escapes_and_captions():
    fig, _ = _bars("x")
    html = figure_html(fig, 'Alt with "quotes" & <tags>', caption="Source: <paper>")
    assert "&quot;quotes&quot; &amp; &lt;tags&gt;" in html
    assert "<figcaption>Source: &lt;paper&gt;</figcaption>" in html
    assert show(_bars("y"))._repr_html_().startswith("<figure")


def test_palette_is_okabe_ito():
    assert PALETTE["blue"] == "#0072B2" and PALETTE["vermillion"] == "#D55E00"


def test_identical_views_are_stored_once():
    spec = ExplorerSpec(
        "Dedupe",
        [radio("a", "A", [("x", "X"), ("y", "Y")]), checkbox("b", "B")],
        lambda c: f"<p>{c['a']}</p>",  # the check box changes nothing here
    )
    ex = StateExplorer(spec)
    assert len(ex.states) == 4 and len(ex.views) == 2
    ex.choose(a="y", b="on")
    assert ex.current_html == "<p>y</p>"
