#!/usr/bin/env python3
"""List every link from the built book to an outside host, for a lecturer to check.

Sphinx's linkcheck needs the internet; this lists the links (page, URL, text) so
they can be checked by hand or on a connected machine. Internal links and anchors
are checked by the browser tests. Run after `make book`:
``.venv/bin/python scripts/list_external_links.py``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("http://", "https://")):
            self._href, self._text = href, []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def external_links(html: Path = HTML) -> list[tuple[str, str, str]]:
    out = []
    for page in sorted(html.rglob("*.html")):
        if {"_static", "_sources"} & set(page.relative_to(html).parts):
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        out.extend((page.relative_to(html).as_posix(), url, text) for url, text in parser.links)
    return out


def main() -> int:
    if not HTML.is_dir():
        raise SystemExit("no built book: run `make book` first")
    links = external_links()
    print("| page | link | text |\n|---|---|---|")
    for page, url, text in links:
        print(f"| {page} | {url} | {text[:60]} |")
    print(f"\n{len(links)} external links on {len({p for p, _, _ in links})} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
