"""Facts about the book itself: its chapters in order, and where each key term is used.

Used to keep the glossary's "introduced in" links true (a test re-derives them)
and to build the index of key terms.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
INTRODUCED = re.compile(r"^  Introduced in \{doc\}`[^`]+`\.$")


def pages_in_order(root: Path = ROOT) -> list[str]:
    """Document names in table-of-contents order (``intro``, ``front/...``, ...)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def chapters(root: Path = ROOT) -> list[str]:
    return [p for p in pages_in_order(root) if p.startswith("chapters/")]


def glossary_terms(root: Path = ROOT) -> list[str]:
    """The terms defined in ``back/glossary.md``, in file order."""
    text = (root / "back" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.startswith((" ", ":"))
    ]


def _target(role_text: str) -> str:
    m = re.match(r".*<([^>]+)>\s*$", role_text, flags=re.S)
    return (m.group(1) if m else role_text).strip().lower()


def term_uses(root: Path = ROOT) -> dict[str, list[str]]:
    """For each glossary term (lower case), the chapters that link to it, in order."""
    terms = {t.lower() for t in glossary_terms(root)}
    uses: dict[str, list[str]] = {t: [] for t in terms}
    for doc in chapters(root):
        text = (root / f"{doc}.md").read_text(encoding="utf-8")
        for role in TERM_ROLE.findall(text):
            target = _target(role)
            if target in uses and doc not in uses[target]:
                uses[target].append(doc)
    return uses


def chapter_titles(root: Path = ROOT) -> dict[str, str]:
    out = {}
    for doc in chapters(root):
        for line in (root / f"{doc}.md").read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                out[doc] = line[2:].strip()
                break
    return out


def glossary_with_links(root: Path = ROOT) -> str:
    """``back/glossary.md`` with each entry ending in where the term is introduced."""
    path = root / "back" / "glossary.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("```{glossary}", 1)
    block, tail = rest.split("\n```", 1)
    uses = term_uses(root)
    out_lines: list[str] = []
    entries: list[list[str]] = []
    preamble: list[str] = []
    for line in block.split("\n"):
        if line and not line.startswith((" ", ":")):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
        else:
            preamble.append(line)
    out_lines.extend(preamble)
    for entry in entries:
        term = entry[0].strip().lower()
        body = [ln for ln in entry[1:] if not INTRODUCED.match(ln)]
        while body and not body[-1].strip():
            body.pop()
        docs = uses.get(term, [])
        if docs:
            body.append(f"  Introduced in {{doc}}`/{docs[0]}`.")
        out_lines.extend([entry[0], *body, ""])
    while out_lines and not out_lines[-1].strip():
        out_lines.pop()
    return f"{head}```{{glossary}}{chr(10).join(out_lines)}\n```{tail}"


def term_index_html(root: Path = ROOT) -> str:
    """An accessible table: each key term, and the chapters that use it (first one first)."""
    # The glossary's own anchors: Sphinx builds them with this function.
    from sphinx.util.nodes import _make_id

    uses = term_uses(root)
    titles = chapter_titles(root)
    names = {t.lower(): t for t in glossary_terms(root)}
    rows = []
    for key in sorted(names, key=str.lower):
        docs = uses.get(key, [])
        anchor = "term-" + _make_id(names[key])
        term = f"<a href='glossary.html#{anchor}'>{escape(names[key])}</a>"
        where = (
            "; ".join(
                f"<a href='../{d}.html'>{escape(titles.get(d, d))}</a>"
                + (" (introduced)" if i == 0 else "")
                for i, d in enumerate(docs)
            )
            or "glossary only"
        )
        rows.append(f"<tr><th scope='row'>{term}</th><td>{where}</td></tr>")
    return (
        "<table class='table'><caption>Key terms and the chapters that use them</caption>"
        "<thead><tr><th scope='col'>Term</th><th scope='col'>Chapters</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
