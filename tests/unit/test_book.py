"""The glossary and the index of key terms stay true to the chapters."""

from __future__ import annotations

from coproduction.book.facts import (
    chapters,
    glossary_terms,
    glossary_with_links,
    term_index_html,
    term_uses,
)


def test_glossary_says_where_each_term_is_introduced_and_is_up_to_date(root):
    current = (root / "back" / "glossary.md").read_text(encoding="utf-8")
    assert glossary_with_links(root) == current, (
        "back/glossary.md is out of date: run .venv/bin/python scripts/update_glossary_links.py"
    )


def test_introduced_in_is_the_first_chapter_that_uses_the_term(root):
    uses = term_uses(root)
    order = chapters(root)
    for term, docs in uses.items():
        assert docs == sorted(docs, key=order.index), term


def test_every_glossary_term_is_in_the_index(root):
    html = term_index_html(root)
    for term in glossary_terms(root):
        assert f">{term}</a>" in html, term
    assert html.count("(introduced)") == sum(1 for d in term_uses(root).values() if d)


def test_most_terms_are_used_in_a_chapter(root):
    uses = term_uses(root)
    used = sum(1 for d in uses.values() if d)
    assert used >= 0.8 * len(uses), f"only {used} of {len(uses)} glossary terms are used"
