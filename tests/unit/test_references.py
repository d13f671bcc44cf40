"""Checks on references.bib: syntax, key convention, provenance and citations.

The provenance checks compare entries with the reference lists of the source
papers in ``../shared/seeds`` (next to the repository). CI clones only the
repository, so those checks skip when the seeds folder is absent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pybtex.errors
import pytest
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.plugin import find_plugin

REPO_ROOT = Path(__file__).resolve().parents[2]
BIB_PATH = REPO_ROOT / "references.bib"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"

# Seeds whose reference lists the bibliography was checked against.
LIST_SEEDS = ("003", "000")

# one author: surnameYEAR; two: a-bYEAR; three or more: a-etalYEAR;
# an optional letter suffix only to separate colliding keys.
KEY_RE = re.compile(r"^[a-z]+(?:-[a-z]+)?\d{4}[a-z]?$")

SEEDREF_TOKEN_RE = re.compile(r"^(?:source|\d{3}|text:\d{3}|book)$")

# A recorded correction quotes what a paper gives: 003 gives "..." [and "..."];
# the clause runs to the next semicolon, the next "NNN gives" or the end.
GIVES_RE = re.compile(r"\b(\d{3}) gives\b(.*?)(?=\b\d{3} gives\b|;|$)", re.DOTALL)
QUOTED_RE = re.compile(r'"([^"]+)"')

REQUIRED_KEYS = {
    "ostrom1972",
    "osborne-strokosch2013",
    "osborne-etal2016",
    "osborne-etal2018",
    "strokosch-osborne2020",
    "cluley-radnor2021",
    "cluley-radnor2019",
    "deleuze-guattari1987",
    "osborne2018",
    "osborne2020",
    "bovaird2007",
    "pestoff2006",
    "brandsen-pestoff2006",
    "parks-etal1981",
    "whitaker1980",
    "brudney-england1983",
    "alford1998",
    "alford2002",
    "arnstein1969",
    "normann1991",
    "gronroos2007",
    "gronroos2011",
    "vargo-lusch2004",
    "vargo-lusch2008",
    "vonhippel1994",
    "dunleavy-etal2006",
    "levine-fisher1984",
    "osborne2010",
    "moore1995",
    "bozeman2007",
}

# The book's Markdown sources that may cite.
BOOK_MD_GLOBS = (
    "intro.md",
    "front/**/*.md",
    "chapters/**/*.md",
    "back/**/*.md",
    "exercises/**/*.md",
)
# {cite}`a,b`, {cite:t}`k`, {cite:p}`k`, {cite:ts}`k`, ...
CITE_ROLE_RE = re.compile(r"\{cite(?::[A-Za-z]+)?\}`([^`]*)`")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)

# Letters that NFKD does not split into a base letter and a combining mark.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d"}
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Lowercase ASCII version of *text*: diacritics dropped, markup and spacing normalised."""
    text = text.translate(_QUOTES).translate(_FOLD_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"</?sup>", "", text)
    text = re.sub(r"[*\\{}]", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip().lower()


# -------------------- helpers


@cache
def bib() -> BibliographyData:
    return parse_file(str(BIB_PATH), bib_format="bibtex")


def entries() -> dict[str, Entry]:
    return dict(bib().entries.items())


def seedrefs(entry: Entry) -> list[str]:
    return [tok.strip() for tok in entry.fields.get("seedref", "").split(",") if tok.strip()]


def first_person(entry: Entry) -> Person:
    people = entry.persons.get("author") or entry.persons.get("editor")
    assert people, f"{entry.key}: no author or editor"
    return people[0]


def surname(person: Person) -> str:
    """The sorting surname with any 'von' part, e.g. 'von hippel', 'national audit office'."""
    return fold(" ".join(person.prelast_names + person.last_names))


def gives_fragments(note: str) -> dict[str, list[str]]:
    """Map seed id -> fragments quoted after 'NNN gives' in a seednote."""
    found: dict[str, list[str]] = {}
    for seed, quoted in GIVES_RE.findall(note):
        found.setdefault(seed, []).extend(QUOTED_RE.findall(quoted))
    return found


def year_near(haystack: str, name: str, year: str, window: int) -> bool:
    """True when *name* is followed by *year* within *window* characters."""
    pattern = re.escape(name) + rf".{{0,{window}}}?(?<!\d){re.escape(year)}(?!\d)"
    return re.search(pattern, haystack) is not None


def require_seeds() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(
            f"source papers not available ({SEEDS_DIR.name} folder next to the repository "
            "is absent, as in a CI clone); provenance checks need them"
        )
    return SEEDS_DIR


@cache
def seed_text(seed: str) -> str:
    matches = sorted(require_seeds().glob(f"{seed}_*.txt"))
    assert matches, f"no seed file {seed}_*.txt in {SEEDS_DIR}"
    return matches[0].read_text(encoding="utf-8")


@cache
def reference_list(seed: str) -> str:
    """Text after the 'References' heading of a seed paper."""
    text = seed_text(seed)
    heading = re.search(r"^[ \t]*(?:#+[ \t]*)?References[ \t]*$", text, re.MULTILINE)
    assert heading, f"seed {seed} has no 'References' heading"
    return text[heading.end() :]


@cache
def folded_reference_lines(seed: str) -> tuple[str, ...]:
    return tuple(fold(line) for line in reference_list(seed).splitlines() if line.strip())


def book_markdown_files() -> list[Path]:
    files: set[Path] = set()
    for pattern in BOOK_MD_GLOBS:
        files.update(p for p in REPO_ROOT.glob(pattern) if p.is_file())
    return sorted(files)


def cited_keys(markdown: str) -> set[str]:
    """Keys of {cite...} roles outside fenced code blocks."""
    markdown = FENCE_RE.sub("", markdown)
    keys: set[str] = set()
    for body in CITE_ROLE_RE.findall(markdown):
        body = re.sub(r"\{[^{}]*\}", "", body)  # {see} pre-text, {p. 4} post-text
        keys.update(k.strip() for k in re.split(r"[,;]", body) if k.strip())
    return keys


# -------------------- 1. syntax and keys


def test_bib_parses_with_pybtex() -> None:
    assert len(entries()) > 0


def test_no_duplicate_keys() -> None:
    raw = BIB_PATH.read_text(encoding="utf-8")
    keys = re.findall(r"^\s*@\s*\w+\s*\{\s*([^,\s]+)\s*,", raw, re.MULTILINE)
    dupes = [k for k, n in Counter(k.lower() for k in keys).items() if n > 1]
    assert not dupes, f"duplicate keys: {dupes}"
    assert len(keys) == len(entries())


def test_keys_follow_convention() -> None:
    bad = [key for key in entries() if not KEY_RE.match(key)]
    assert not bad, f"keys not matching {KEY_RE.pattern}: {bad}"


def test_key_shape_matches_author_count_and_year() -> None:
    problems = []
    for key, entry in entries().items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        match = re.match(r"^([a-z]+)(?:-([a-z]+))?(\d{4})[a-z]?$", key)
        if not match:
            continue  # reported by test_keys_follow_convention
        second, year = match.group(2), match.group(3)
        if year != entry.fields.get("year"):
            problems.append(f"{key}: year field is {entry.fields.get('year')!r}")
        if len(people) == 1 and second is not None:
            problems.append(f"{key}: one author, but the key names two")
        elif len(people) == 2 and (second is None or second == "etal"):
            problems.append(f"{key}: two authors need a-bYEAR")
        elif len(people) >= 3 and second != "etal":
            problems.append(f"{key}: three or more authors need a-etalYEAR")
    assert not problems, "\n".join(problems)


# -------------------- 2. fields


def test_every_entry_has_core_fields_and_seedref() -> None:
    problems = []
    for key, entry in entries().items():
        if not (entry.persons.get("author") or entry.persons.get("editor")):
            problems.append(f"{key}: no author or editor")
        for field in ("year", "title", "seedref"):
            if not entry.fields.get(field, "").strip():
                problems.append(f"{key}: no {field}")
        for token in seedrefs(entry):
            if not SEEDREF_TOKEN_RE.match(token):
                problems.append(f"{key}: unknown seedref token {token!r}")
    assert not problems, "\n".join(problems)


def test_articles_have_journal_volume_pages() -> None:
    problems = [
        f"{key}: article without {field}"
        for key, entry in entries().items()
        if entry.type == "article"
        for field in ("journal", "volume", "pages")
        if not entry.fields.get(field, "").strip()
    ]
    assert not problems, "\n".join(problems)


def test_page_ranges_use_double_dash() -> None:
    bad = [
        f"{key}: pages = {entry.fields['pages']!r}"
        for key, entry in entries().items()
        if "pages" in entry.fields
        and re.search(r"\d\s*(?:-|–)\s*[A-Z]?\d", entry.fields["pages"])
        and "--" not in entry.fields["pages"]
    ]
    assert not bad, "\n".join(bad)


# -------------------- 3. provenance


def test_seed_list_entries_match_the_paper_or_record_a_correction() -> None:
    problems = []
    for key, entry in entries().items():
        seeds = [s for s in seedrefs(entry) if s in LIST_SEEDS]
        if not seeds:
            continue
        note = entry.fields.get("seednote", "")
        person = surname(first_person(entry))
        year = entry.fields["year"]
        for seed in seeds:
            if note:
                quoted = gives_fragments(note).get(seed, [])
                folded_list = fold(reference_list(seed))
                if not quoted:
                    problems.append(
                        f'{key}: seednote does not say what {seed} gives ({seed} gives "...")'
                    )
                for fragment in quoted:
                    if fold(fragment) not in folded_list:
                        problems.append(
                            f"{key}: {fragment!r} is not in the reference list of {seed}"
                        )
            elif not any(
                person in line and re.search(rf"(?<!\d){year}(?!\d)", line)
                for line in folded_reference_lines(seed)
            ):
                problems.append(
                    f"{key}: '{person}' and {year} do not appear together in the reference "
                    f"list of {seed}, and there is no seednote"
                )
    assert not problems, "\n".join(problems)


def test_text_citations_match_the_paper_or_record_a_correction() -> None:
    problems = []
    for key, entry in entries().items():
        seeds = [s.split(":", 1)[1] for s in seedrefs(entry) if s.startswith("text:")]
        if not seeds:
            continue
        quoted = gives_fragments(entry.fields.get("seednote", ""))
        person = surname(first_person(entry))
        year = entry.fields["year"]
        for seed in seeds:
            text = fold(seed_text(seed))
            if year_near(text, person, year, window=60):
                continue
            if any(fold(fragment) in text for fragment in quoted.get(seed, [])):
                continue
            problems.append(
                f"{key}: '{person}' {year} not cited in the text of {seed}, and no seednote "
                f"quotes what {seed} gives"
            )
    assert not problems, "\n".join(problems)


def test_every_quoted_correction_is_in_its_paper() -> None:
    require_seeds()
    problems = []
    for key, entry in entries().items():
        note = entry.fields.get("seednote")
        if note is None:
            continue
        found = gives_fragments(note)
        if not found:
            problems.append(f'{key}: seednote quotes nothing in the form NNN gives "..."')
        for seed, fragments in found.items():
            text = fold(seed_text(seed))
            problems.extend(
                f"{key}: {fragment!r} does not occur in seed {seed}"
                for fragment in fragments
                if fold(fragment) not in text
            )
    assert not problems, "\n".join(problems)


def test_book_only_entries_are_not_cited_by_the_papers() -> None:
    require_seeds()
    problems = []
    for key, entry in entries().items():
        if "book" not in seedrefs(entry):
            continue
        if len(seedrefs(entry)) > 1:
            problems.append(f"{key}: 'book' means the papers do not cite it; drop the other tokens")
        person, year = surname(first_person(entry)), entry.fields["year"]
        problems.extend(
            f"{key}: paper {seed} cites '{person}' {year}; use its seedref token instead of 'book'"
            for seed in ("000", "001", "002", "003", "004")
            if year_near(fold(seed_text(seed)), person, year, window=60)
        )
    assert not problems, "\n".join(problems)


# -------------------- 4. required keys


def test_required_keys_exist() -> None:
    missing = sorted(REQUIRED_KEYS - set(entries()))
    assert not missing, f"missing keys used elsewhere in the book: {missing}"


def test_the_five_sources_are_marked_as_sources() -> None:
    sources = {key for key, entry in entries().items() if "source" in seedrefs(entry)}
    assert sources == {
        "osborne-strokosch2013",
        "osborne-etal2016",
        "osborne-etal2018",
        "strokosch-osborne2020",
        "cluley-radnor2021",
    }


# -------------------- 5. citations in the book


def test_cited_keys_helper_reads_all_role_forms() -> None:
    sample = (
        "See {cite}`a2001,b-c2002` and {cite:t}`d2003`, {cite:p}`{see}e2004{p. 4}`.\n"
        "{cite:ts}`f-etal2005; g2006`\n"
        "```\n{cite}`inside-fence2000`\n```\n"
    )
    assert cited_keys(sample) == {"a2001", "b-c2002", "d2003", "e2004", "f-etal2005", "g2006"}


def test_every_cited_key_is_in_the_bib() -> None:
    known = set(entries())
    missing = {}
    for path in book_markdown_files():
        unknown = cited_keys(path.read_text(encoding="utf-8")) - known
        if unknown:
            missing[str(path.relative_to(REPO_ROOT))] = sorted(unknown)
    assert not missing, f"cited keys missing from references.bib: {missing}"


# -------------------- 6. formatting


def test_every_entry_formats_with_plain_style() -> None:
    style = find_plugin("pybtex.style.formatting", "plain")()
    previous = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)  # warnings (e.g. missing fields) raise
    failures = []
    try:
        for key, entry in entries().items():
            try:
                text = style.format_entry(key, entry).text.render_as("text")
            except Exception as exc:  # noqa: BLE001 - report every failing entry
                failures.append(f"{key}: {type(exc).__name__}: {exc}")
            else:
                if not text.strip():
                    failures.append(f"{key}: formats to an empty string")
    finally:
        pybtex.errors.set_strict_mode(previous)
    assert not failures, "\n".join(failures)
