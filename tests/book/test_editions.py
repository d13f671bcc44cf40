"""The student edition leaves out every note and page for lecturers; the instructor
edition (the complete book, the main build) keeps them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.editions import (
    build_student_edition,
    distinctive_phrase,
    edition_script,
    lecturer_notes,
    normalise,
    student_edition_html,
)

pytestmark = pytest.mark.book

WARNING = re.compile(r"(WARNING|ERROR|CRITICAL)[:\]]", re.MULTILINE)


@pytest.fixture(scope="session")
def student_html(root: Path) -> Path:
    return student_edition_html(root)


@pytest.fixture(scope="session")
def phrases(root: Path) -> dict[str, str]:
    """One distinctive phrase from each lecturer note in the chapters, by note."""
    notes = lecturer_notes(root)
    assert sum(len(v) for v in notes.values()) >= 35, "expected five notes in each chapter"
    found = {}
    for page, bodies in notes.items():
        for i, body in enumerate(bodies, 1):
            phrase = distinctive_phrase(body)
            assert len(phrase.split()) >= 5, f"{page}, note {i}: no plain-text run to look for"
            found[f"{page}, note {i}"] = phrase
    return found


@pytest.fixture(scope="session")
def toc(root: Path) -> dict:
    import yaml

    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def instructor_pages(root: Path, toc: dict) -> list[str]:
    """Every page for lecturers only: named in the toc, or under lecturers/ on disk."""
    script = edition_script()
    pages = set(script.instructor_only_pages(toc))
    pages |= {p.relative_to(root).with_suffix("").as_posix() for p in root.glob("lecturers/*.md")}
    pages |= {"back/lecturers-guide", "back/grading"}
    return sorted(pages - set(script.STUDENT_PAGES))


def _text_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # images, fonts, the compressed objects.inv


def test_student_edition_builds_with_warnings_as_errors(root: Path):
    build = build_student_edition(root)
    problems = [line for line in build.log.splitlines() if WARNING.search(line)]
    assert build.returncode == 0 and not problems, "the student edition failed:\n" + "\n".join(
        problems or build.log.splitlines()[-40:]
    )


def test_student_edition_runs_no_notebook_and_shares_the_books_cache(root: Path, student_html):
    log = build_student_edition(root).log
    assert f"Using jupyter-cache at: {(root / '_build' / '.jupyter_cache').resolve()}" in log
    # Pages read again (none, if nothing changed) come from the cache that
    # python -m coproduction.book.build filled: the build executes nothing itself.
    assert "Executing notebook" not in log


def test_no_lecturer_note_reaches_any_student_file(root: Path, student_html: Path, phrases):
    folders = [student_html, build_student_edition(root).executed]
    leaks = []
    for folder in folders:
        for path, text in _text_files(folder):
            flat = normalise(text)
            leaks += [f"{path.relative_to(root)}: {n}" for n, p in phrases.items() if p in flat]
            if "What a good answer covers" in text:
                leaks.append(f"{path.relative_to(root)}: a 'What a good answer covers' title")
    assert not leaks, "lecturer notes in the student edition:\n" + "\n".join(leaks)


def test_the_instructor_edition_keeps_every_lecturer_note(built_html: Path, phrases):
    missing = []
    for name, phrase in phrases.items():
        page = name.split(",")[0].removesuffix(".md")
        html = (built_html / "chapters" / f"{page}.html").read_text(encoding="utf-8")
        if phrase not in normalise(html):
            missing.append(name)
    assert not missing, f"notes missing from the complete book: {missing}"
    chapter = (built_html / "chapters" / "01-public-administration.html").read_text()
    assert re.search(r'<details class="[^"]*\binstructor-only\b', chapter)


def _search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _index_keys(text: str) -> set[str]:
    """The keys Sphinx's English search index files the words of ``text`` under."""
    from sphinx.search.en import SearchEnglish

    lang = SearchEnglish({})
    keys = set()
    for word in lang.split(text):
        stemmed = lang.stem(word).lower()
        if not lang.word_filter(stemmed) and lang.word_filter(word):
            stemmed = word
        if lang.word_filter(stemmed):
            keys.add(stemmed)
    return keys


def test_the_student_search_index_never_saw_the_notes(
    root: Path, toc: dict, student_html: Path, built_html: Path
):
    from coproduction.book.sphinx_ext import strip_instructor_only

    notes = " ".join(body for bodies in lecturer_notes(root).values() for body in bodies)
    # Roles ({cite:p}`key`) show other words than their source: leave them out.
    notes = re.sub(r"\{[^}]+\}`[^`]*`", " ", notes)
    # Everything else the student pages can say: their sources without the notes,
    # the executed notebooks (outputs included) and the bibliography.
    student_pages = edition_script().toc_pages(edition_script().student_toc(toc))
    elsewhere = [strip_instructor_only((root / f"{p}.md").read_text()) for p in student_pages]
    elsewhere += [t for _, t in _text_files(build_student_edition(root).executed)]
    elsewhere.append((root / "references.bib").read_text(encoding="utf-8"))
    only_in_notes = _index_keys(notes) - _index_keys(" ".join(elsewhere))
    assert len(only_in_notes) >= 20, f"too few words only in the notes to test: {only_in_notes}"

    instructor_terms = set(_search_index(built_html)["terms"])
    assert only_in_notes <= instructor_terms, "the complete book's index lacks the notes' words"
    student_terms = set(_search_index(student_html)["terms"])
    leaked = sorted(only_in_notes & student_terms)
    assert not leaked, f"words found only in lecturer notes are in the student index: {leaked}"


def test_no_instructor_only_page_is_built(root: Path, student_html: Path, instructor_pages):
    executed = build_student_edition(root).executed
    present = []
    for page in instructor_pages:
        for path in (
            student_html / f"{page}.html",
            student_html / "_sources" / f"{page}.ipynb",
            student_html / "_sources" / f"{page}.md",
            executed / f"{page}.ipynb",
        ):
            if path.exists():
                present.append(str(path.relative_to(root)))
    assert not present, f"pages for lecturers in the student edition: {present}"
    index = _search_index(student_html)
    assert not set(index["docnames"]) & set(instructor_pages)


def test_every_other_page_is_in_the_student_edition(root: Path, toc: dict, student_html: Path):
    script = edition_script()
    expected = [p for p in script.toc_pages(toc) if p not in script.instructor_only_pages(toc)]
    missing = [p for p in expected if not (student_html / f"{p}.html").is_file()]
    assert not missing, f"student pages not built: {missing}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_no_student_page_links_to_a_page_for_lecturers(student_html: Path, instructor_pages):
    targets = {f"{p}.html" for p in instructor_pages} | {f"{p}.ipynb" for p in instructor_pages}
    bad = []
    for page in sorted(student_html.rglob("*.html")):
        rel = page.relative_to(student_html).as_posix()
        if rel.startswith("_static/"):
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = f"http://book.invalid/{rel}"
        for link in parser.links:
            url = urlsplit(urljoin(base, link))
            if url.netloc != "book.invalid":
                continue
            path = unquote(url.path).lstrip("/").removeprefix("_sources/")
            if path in targets:
                bad.append(f"{rel} -> {link}")
    assert not bad, "links to pages left out of the student edition:\n" + "\n".join(bad)


def test_student_edition_offers_notebooks_but_no_page_sources(student_html: Path):
    sources = student_html / "_sources"
    assert not [p for p in sources.rglob("*") if p.is_file() and p.suffix != ".ipynb"], (
        "page sources (with every lecturer note) were published"
    )
    nb = json.loads((sources / "chapters" / "01-public-administration.ipynb").read_text())
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Discussion questions for seminars" in markdown
    assert "instructor-only" not in markdown and "What a good answer covers" not in markdown
    assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    chapter = (student_html / "chapters" / "01-public-administration.html").read_text()
    assert "download-notebook-button" in chapter
    assert "download-source-button" not in chapter, "the download menu links to no source"


def test_student_edition_keeps_the_questions_and_drops_lecturer_sentences(student_html: Path):
    chapter = (student_html / "chapters" / "01-public-administration.html").read_text()
    assert "Discussion questions for seminars" in chapter
    assert "instructor-only" not in chapter
    intro = (student_html / "intro.html").read_text()
    assert "Self-learners" in intro and "lecturers-guide" not in intro


def test_the_coursework_brief_is_in_the_student_edition_without_the_marker_notes(
    student_html: Path, built_html: Path
):
    student = (student_html / "lecturers" / "coursework.html").read_text(encoding="utf-8")
    assert "Marking rubric" in student and "Academic integrity" in student
    assert "Notes for markers" not in student and "first-class work" not in student
    complete = (built_html / "lecturers" / "coursework.html").read_text(encoding="utf-8")
    assert "Notes for markers" in complete and "first-class work" in complete
