"""A reader with only a keyboard can reach and use an explorer; pages follow the argument."""

from __future__ import annotations

import pytest
import yaml

from .pagecheck import find_explorer, open_page, wait_for_state

pytestmark = pytest.mark.browser


def test_tab_alone_reaches_an_explorer_and_arrow_keys_change_its_state(browser, server):
    page, report = open_page(browser, server + "chapters/05-assemblage.html")
    try:
        explorer = find_explorer(page, "Assemblage over time: IPoA")
        first_radio = explorer.locator("input[type=radio]").first
        first_radio.scroll_into_view_if_needed()
        page.locator("body").click(position={"x": 1, "y": 1})  # start from the page, not a control
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement?.closest('section.cpx') !== null"):
                break
        else:
            pytest.fail("Tab never reached the explorer's controls")
        focused = page.evaluate("() => document.activeElement.value")
        page.keyboard.press("ArrowRight")
        after = page.evaluate("() => document.activeElement.value")
        assert after != focused, "arrow keys move within the radio group"
        view = explorer.locator(".cpx-view")
        assert after in (view.get_attribute("data-state") or "")
        page.keyboard.press("Tab")  # on to the links check box
        page.keyboard.press("Space")
        wait_for_state(explorer, f"{after}|on")
        assert not report.console_errors
    finally:
        page.close()


def test_next_and_previous_links_follow_the_table_of_contents(browser, server, root):
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    order = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for prev_doc, doc, next_doc in zip(order, order[1:], order[2:], strict=False):
        page, _ = open_page(browser, server + f"{doc}.html", settle_ms=0)
        try:
            nxt = page.locator("a.right-next").get_attribute("href") or ""
            prv = page.locator("a.left-prev").get_attribute("href") or ""
            assert nxt.split("#")[0].endswith(next_doc.split("/")[-1] + ".html"), (doc, nxt)
            assert prv.split("#")[0].endswith(prev_doc.split("/")[-1] + ".html"), (doc, prv)
        finally:
            page.close()


def test_every_chapter_starts_with_where_it_sits_in_the_argument(root):
    for path in sorted((root / "chapters").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n# ", 1)[1]
        opening = body.split("\n## Learning outcomes", 1)[0]
        assert "where this chapter sits" in opening.lower(), path.name
