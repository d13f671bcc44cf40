"""Every quotation of a source paper in the book occurs verbatim in that paper.

The papers are read from ``../shared/seeds`` next to the repository; CI clones only
the repository, so the check against the papers skips when that folder is absent.
The matcher itself is tested on made-up text and runs everywhere.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from coproduction.book.facts import pages_in_order
from coproduction.resources import packaged

from .quotations import (
    SOURCE_SEEDS,
    found_in,
    load_papers,
    normalise,
    prepare_paper,
    quotations,
    unfound,
)
from .test_references import REPO_ROOT, SEEDS_DIR, entries, seedrefs

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as the case loader
NAME_FIELDS = ("name", "label", "title")
HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def book_pages() -> list[Path]:
    """Every page in the table of contents, as a Markdown file."""
    return [REPO_ROOT / f"{doc}.md" for doc in pages_in_order(REPO_ROOT)]


@cache
def own_names() -> frozenset[str]:
    """Names the book gives its own things: page headings and names of data records."""
    names: set[str] = set()
    for page in book_pages():
        names.update(HEADING_RE.findall(page.read_text(encoding="utf-8")))

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in NAME_FIELDS and isinstance(value, str):
                    names.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(packaged("case_data").rglob("*.yaml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER))
    names.update(("All processes", "All groups"))  # options of the value explorer
    return frozenset(normalise(n) for n in names)


# -------------------- the matcher, on made-up text

PAPER = prepare_paper(
    "Running head of the paper\n\n"
    "Service organizations can only \u2018promise\u2019 a certain process\u2014the actu-\n"
    "ality is dependent upon service enactment. Co-\n\n"
    "Running head of the paper\n\n"
    "production is  about the interaction between users and providers.\n\n"
    "Running head of the paper\n"
)


@pytest.mark.parametrize(
    "quotation",
    [
        "can only 'promise' a certain process",  # typographic quotes
        "process — the actuality is dependent",  # a dash, a word split over lines
        "Co-production is about the interaction",  # split across a running header
        "service organizations can only ... a certain process",  # an ellipsis
        "the interaction between [service] users and providers.",  # an insertion
    ],
)
def test_matcher_finds_a_faithful_quotation(quotation: str) -> None:
    assert found_in(quotation, PAPER)


@pytest.mark.parametrize(
    "quotation",
    [
        "can only 'guarantee' a certain process",  # one word changed
        "co-production is about the interaction between citizens and providers",
        "is dependent upon service enactment and design",  # words added at the end
        "a certain process ... service organizations can only",  # parts out of order
        "Service organisations can only",  # spelling changed
    ],
)
def test_matcher_rejects_an_altered_quotation(quotation: str) -> None:
    assert not found_in(quotation, PAPER)


def test_quotations_are_attributed_to_the_cited_source_paper() -> None:
    page = (
        "Intro line.\n\n"
        'They call it "first quoted" {cite:p}`osborne-strokosch2013`. Then\n'
        'as {cite:t}`cluley-radnor2021` put it, "second quoted". An aside with "no\n'
        'citation". And "outside" {cite:p}`arnstein1969`.\n\n'
        '**"A misreading in bold."** The answer {cite:p}`osborne-etal2018`.\n\n'
        "```{code-cell} ipython3\n"
        'x = "code" # {cite:p}`osborne-etal2018`\n'
        "```\n"
        '- a list item with a "label"\n'
        "- and its neighbour {cite:p}`osborne-etal2018`\n"
    )
    found = [(q.line, q.text, q.keys) for q in quotations(page, "page.md")]
    assert found == [
        (3, "first quoted", ("osborne-strokosch2013",)),
        (4, "second quoted", ("cluley-radnor2021",)),
    ]


def test_an_altered_quotation_is_reported_with_file_and_line() -> None:
    page = 'Users "collide with their experience of it" {cite:p}`osborne-etal2018`.\n'
    papers = {
        "002": prepare_paper("user expectations of a service\ncollide with their experience of it.")
    }
    assert unfound(quotations(page, "ch.md"), papers) == []
    altered = page.replace("collide with", "clash with")
    [missing] = unfound(quotations(altered, "ch.md"), papers)
    assert str(missing) == ('ch.md:1: "clash with their experience of it" (osborne-etal2018)')


def test_source_keys_are_the_books_source_papers() -> None:
    sources = {key for key, entry in entries().items() if "source" in seedrefs(entry)}
    assert set(SOURCE_SEEDS) == sources


# -------------------- the book, against the papers


def test_every_quotation_of_a_source_paper_is_verbatim() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(
            f"source papers not available ({SEEDS_DIR.name} folder next to the repository "
            "is absent, as in a CI clone); the quotation check needs them"
        )
    papers = load_papers(SEEDS_DIR)
    quotes = [
        q
        for page in book_pages()
        for q in quotations(page.read_text(encoding="utf-8"), str(page.relative_to(REPO_ROOT)))
    ]
    assert len(quotes) > 100, "the quotation finder has stopped finding quotations"
    missing = unfound(quotes, papers, own_names())
    assert not missing, (
        f"{len(missing)} of {len(quotes)} quotations not found verbatim in the cited "
        "source paper:\n" + "\n".join(str(q) for q in missing)
    )
