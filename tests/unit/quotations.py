"""Find the book's quotations of its source papers and look each one up in the paper.

A quotation is text between straight or typographic double quotation marks in a
page's prose (not in code, directives or bold "misreading" headings). It is
attributed to the papers cited after it in its sentence and in the nearest citation
before it in that sentence; in a sentence without citations, to the first citation
of the next sentence. If none of these is a source paper, it is not checked here.

A quotation is *found* when every part of it (parts are separated by an ellipsis
or a bracketed insertion) occurs, in order, in one of those papers after both are
normalised: case, whitespace, typographic quotes and dashes, hyphens within words
and words hyphenated across a line break (including across a running header).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The five source papers (references.bib, seedref = {source}) and their seed files.
# The 2016 article is known to the book through its abridged 2018 version (002).
SOURCE_SEEDS: dict[str, tuple[str, ...]] = {
    "osborne-strokosch2013": ("003",),
    "osborne-etal2016": ("002",),
    "osborne-etal2018": ("002",),
    "strokosch-osborne2020": ("004",),
    "cluley-radnor2021": ("000", "001"),
}

CITE_RE = re.compile(r"\{cite(?::[A-Za-z]+)?\}`([^`]*)`")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
QUOTE_RE = re.compile(r"[\"“]([^\"“”\n]+)[\"”]")
# a sentence ends at . ! or ? (optionally closing a quotation) before a space
SENTENCE_END_RE = re.compile(r"[.!?][\"”)]?\s")
ELLIPSIS_RE = re.compile(r"\.\.\.|…|\[[^\]]*\]")

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": "'",
        "”": "'",
        '"': "'",
        "–": " ",
        "—": " ",
        "\u00ad": "",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Quotation:
    path: str
    line: int
    text: str
    keys: tuple[str, ...]  # the source-paper keys it is attributed to

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: "{self.text}" ({", ".join(self.keys)})'


def normalise(text: str) -> str:
    """Text reduced for a verbatim comparison that ignores layout and typography."""
    text = text.translate(_TYPOGRAPHY)
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "", text)  # hyphenated across a line break
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)  # co-production ~ coproduction
    text = text.replace("-", " ")  # a dash written as a spaced hyphen
    text = re.sub(r"\s+", " ", text)
    return text.strip().casefold()


def prepare_paper(text: str) -> str:
    """A paper's text with running headers removed, normalised.

    A running header is a line repeated three or more times. Removing it joins a
    word hyphenated across a page break ("co-", header, "production").
    """
    lines = text.splitlines()
    counts = Counter(line.strip() for line in lines if line.strip())
    kept = [line for line in lines if counts[line.strip()] < 3 or len(line.strip()) < 3]
    return normalise("\n".join(kept))


def parts(quotation: str) -> list[str]:
    """The normalised pieces of a quotation between ellipses and bracketed insertions."""
    pieces = [normalise(p) for p in ELLIPSIS_RE.split(quotation)]
    pieces = [p.strip(" ,.;:!?'") for p in pieces]
    return [p for p in pieces if p]


def found_in(quotation: str, paper: str) -> bool:
    """True when *quotation* occurs in *paper* (already prepared), part after part."""
    start = 0
    for piece in parts(quotation):
        at = paper.find(piece, start)
        if at < 0:
            return False
        start = at + len(piece)
    return True


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _keys(role_body: str) -> list[str]:
    body = re.sub(r"\{[^{}]*\}", "", role_body)
    return [k.strip() for k in re.split(r"[,;]", body) if k.strip()]


def quotations(markdown: str, path: str = "") -> list[Quotation]:
    """The quotations in *markdown* attributed to a source paper, with line numbers."""
    text = FENCE_RE.sub(_blank, markdown)  # code cells and directives
    text = re.sub(r"^(\+\+\+|---|:[\w-]+:).*$", _blank, text, flags=re.MULTILINE)
    text = re.sub(r"<!--.*?-->", _blank, text, flags=re.DOTALL)
    text = re.sub(r"\*\*[\"“][^\n]*?[\"”]\*\*", _blank, text)  # **"A misreading."**
    # inline code is not prose, but roles such as {cite:p}`key` must stay
    text = re.sub(
        r"(\{[\w:-]+\})?`[^`\n]*`", lambda m: m.group(0) if m.group(1) else _blank(m), text
    )
    found: list[Quotation] = []
    # a block is a paragraph, a list item or a table row
    blocks = (
        r"(?:^[ \t]*(?:[-*|]|\d+\.)[ \t][^\n]*\n?|(?:^(?![ \t]*(?:[-*|]|\d+\.)[ \t])[^\n]+\n?)+)"
    )
    for para in re.finditer(blocks, text, flags=re.MULTILINE):
        block, offset = para.group(0), para.start()
        cites = [(m.start(), m.end(), _keys(m.group(1))) for m in CITE_RE.finditer(block)]
        ends = [m.start() for m in SENTENCE_END_RE.finditer(block)]
        for q in QUOTE_RE.finditer(block):
            before = max((e for e in ends if e < q.start()), default=-1)
            after = min((e for e in ends if e >= q.end()), default=len(block))
            # the citations after it in its sentence and the nearest one before it
            keys = [k for s, _, ks in cites if q.end() < s < after for k in ks]
            keys += next((ks for s, _, ks in reversed(cites) if before < s < q.start()), [])
            if not keys:  # no citation in the sentence: the first in the next one
                after = min((e for e in ends if e > after), default=len(block))
                keys = next((ks for s, _, ks in cites if q.end() < s < after), [])
            keys = [k for k in dict.fromkeys(keys) if k in SOURCE_SEEDS]
            if keys:
                line = markdown.count("\n", 0, offset + q.start()) + 1
                found.append(Quotation(path, line, q.group(1), tuple(keys)))
    return found


def unfound(
    quotes: list[Quotation], papers: dict[str, str], own: frozenset[str] = frozenset()
) -> list[Quotation]:
    """The quotations found in none of their papers (*papers*: seed id -> prepared text).

    *own* holds normalised names the book gives its own things (headings, labels of
    scenarios and options); a quoted name of that kind is not a quotation of a paper.
    """
    return [
        q
        for q in quotes
        if normalise(q.text) not in own
        and not any(found_in(q.text, papers[seed]) for key in q.keys for seed in SOURCE_SEEDS[key])
    ]


def load_papers(seeds_dir: Path) -> dict[str, str]:
    """Seed id -> prepared text, for every seed file in *seeds_dir*."""
    return {
        p.name.split("_", 1)[0]: prepare_paper(p.read_text(encoding="utf-8"))
        for p in sorted(seeds_dir.glob("[0-9][0-9][0-9]_*.txt"))
    }
