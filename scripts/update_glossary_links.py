#!/usr/bin/env python3
"""Rewrite back/glossary.md so each entry ends with the chapter that introduces it.

The introducing chapter is the first chapter, in table-of-contents order, that
links to the term. Run after editing chapters; a test fails while the glossary is
out of date.
"""

from __future__ import annotations

from coproduction.book.facts import ROOT, glossary_with_links

if __name__ == "__main__":
    path = ROOT / "back" / "glossary.md"
    new = glossary_with_links()
    changed = new != path.read_text(encoding="utf-8")
    path.write_text(new, encoding="utf-8")
    print("back/glossary.md updated" if changed else "back/glossary.md already up to date")
