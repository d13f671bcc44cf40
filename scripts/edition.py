#!/usr/bin/env python3
"""Build the book in one of its two editions: ``student`` or ``instructor``.

    python scripts/edition.py student       # make student-edition
    python scripts/edition.py instructor    # make instructor-edition (the same as make book)

**The instructor edition is the complete book**, built from ``_config.yml`` and
``_toc.yml`` into ``_build/html``, exactly as ``make book`` builds it; this script
runs the same two commands, so ``make instructor-edition`` simply depends on
``make book``. Nothing is derived for it: building it with other configuration
files would make Sphinx read every page again after each ``make book``.

**The student edition** leaves out what is for lecturers:

- pages: the part of ``_toc.yml`` captioned "For lecturers", and wherever they
  appear, every page under ``lecturers/`` and the pages ``back/lecturers-guide``
  and ``back/grading``; except the pages in ``STUDENT_PAGES`` (the coursework
  brief), which students need: the student edition moves them into a part of their
  own, captioned "Coursework", after the exercises, and cuts their instructor-only
  passages (the notes for markers) like any other page's;
- passages: every block with the class ``instructor-only`` (the "What a good
  answer covers" dropdowns after the seminar questions, and
  ``:::{container} instructor-only`` blocks), removed while each page is read by
  ``coproduction.book.sphinx_ext``, which also cuts them from the notebooks offered for
  download and never publishes the page sources.

It writes ``_build/editions/student/_config.yml`` and ``_toc.yml`` (derived from
the project's own; the config sets ``coproduction_edition: student``,
``only_build_toc_files: true`` and ``html_copy_source: false``, and points the
execution cache at the book's ``_build/.jupyter_cache``, so the two editions share
executed results and the student edition runs no notebook the book has run), then
runs ``python -m coproduction.book.build`` and ``jupyter-book build`` with those files
and ``--path-output _build/student``. The HTML is in ``_build/student/_build/html``;
the folder is emptied first, so no page from an earlier table of contents stays.

``--no-build`` writes the two files and stops.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("student", "instructor")
# A part of _toc.yml with this caption holds pages for lecturers only.
INSTRUCTOR_CAPTION = "For lecturers"
# Pages for lecturers only, wherever the table of contents puts them.
INSTRUCTOR_FOLDERS = ("lecturers/",)
INSTRUCTOR_PAGES = ("back/lecturers-guide", "back/grading")
# Pages in the lecturers' part that students need too (their lecturer notes are
# instructor-only blocks, cut from the student edition), and the part they go to.
STUDENT_PAGES = ("lecturers/coursework",)
STUDENT_CAPTION = "Coursework"
STUDENT_AFTER = "Exercises"  # the part the student pages follow, when there is one
CACHE = Path("_build") / ".jupyter_cache"
EDITIONS_DIR = Path("_build") / "editions"
EXTENSION = "coproduction.book.sphinx_ext"
LITE_READY = Path("_vendor_lite") / "READY.json"  # inputs of scripts/lite.py are present
TOC_DOCS = "https://jupyterbook.org/en/stable/structure/toc.html"
# Keys of a table-of-contents entry that hold further entries.
SUBTREE_KEYS = ("parts", "chapters", "sections")


class EditionError(Exception):
    """The book's configuration or table of contents cannot give a student edition."""


def page_name(file: str) -> str:
    """A toc ``file:`` as a page name: ``back/grading.md`` -> ``back/grading``."""
    name = str(file).strip().replace("\\", "/").removeprefix("./")
    for suffix in (".md", ".ipynb", ".rst"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def is_instructor_page(file: str) -> bool:
    """True for a page that only the instructor edition includes."""
    name = page_name(file)
    if name in STUDENT_PAGES:
        return False
    return name in INSTRUCTOR_PAGES or name.startswith(INSTRUCTOR_FOLDERS)


def _is_instructor_part(entry: dict[str, Any]) -> bool:
    return str(entry.get("caption", "")).strip().casefold() == INSTRUCTOR_CAPTION.casefold()


def _files(entries: list[Any]) -> list[str]:
    found = []
    for entry in entries:
        if isinstance(entry, dict):
            if "file" in entry:
                found.append(page_name(entry["file"]))
            for key in SUBTREE_KEYS:
                if isinstance(entry.get(key), list):
                    found.extend(_files(entry[key]))
    return found


def toc_pages(toc: dict[str, Any]) -> list[str]:
    """Every page a table of contents names, root first."""
    return [page_name(toc["root"])] + _files([toc])


def instructor_only_pages(toc: dict[str, Any]) -> list[str]:
    """The pages of ``toc`` that the student edition leaves out."""
    pages = []
    for key in SUBTREE_KEYS:
        for entry in toc.get(key) or []:
            if isinstance(entry, dict) and _is_instructor_part(entry):
                pages.extend(_files([entry]))
    pages.extend(p for p in toc_pages(toc) if is_instructor_page(p))
    return [p for p in dict.fromkeys(pages) if p not in STUDENT_PAGES]


def _check_toc(toc: Any, source: str) -> None:
    if not isinstance(toc, dict):
        raise EditionError(
            f"{source}: the table of contents is not a YAML mapping; "
            f"it needs 'format: jb-book', 'root:' and 'parts:' (see {TOC_DOCS})"
        )
    if "root" not in toc:
        raise EditionError(f"{source}: no 'root:' page; add the start page, e.g. 'root: intro'")

    def walk(entries: Any, where: str) -> None:
        if not isinstance(entries, list):
            raise EditionError(
                f"{source}: {where} is not a list; write each entry on its own '- ' line"
            )
        for i, entry in enumerate(entries, 1):
            place = f"{where}, entry {i}"
            if not isinstance(entry, dict):
                raise EditionError(
                    f"{source}: {place} is {entry!r}; an entry is a mapping such as "
                    f"'- file: chapters/01-public-administration' (see {TOC_DOCS})"
                )
            if "caption" in entry:
                place += f" ({entry['caption']!r})"
            for key in SUBTREE_KEYS:
                if key in entry:
                    walk(entry[key], f"{place}, '{key}'")

    for key in SUBTREE_KEYS:
        if key in toc:
            walk(toc[key], f"'{key}'")


def student_toc(toc: dict[str, Any], source: str = "_toc.yml") -> dict[str, Any]:
    """The student edition's table of contents, derived from the book's.

    Drops the part captioned "For lecturers" and every instructor-only page
    wherever it appears (with any pages nested under it), then any part left
    empty. The pages of ``STUDENT_PAGES`` that the dropped part held go into a part
    of their own, captioned ``STUDENT_CAPTION``, after the part captioned
    ``STUDENT_AFTER`` (at the end when there is none). Raises
    :class:`EditionError` for a malformed table of contents or an instructor-only
    root page.
    """
    _check_toc(toc, source)
    if is_instructor_page(toc["root"]):
        raise EditionError(
            f"{source}: the root page {toc['root']!r} is for lecturers only, so the student "
            "edition would have no start page; make a student-facing page the root"
        )

    rescued: list[dict[str, Any]] = []

    def keep(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for entry in entries:
            if _is_instructor_part(entry):
                for key in SUBTREE_KEYS:
                    for sub in entry.get(key) or []:
                        if (
                            isinstance(sub, dict)
                            and page_name(sub.get("file", "")) in STUDENT_PAGES
                        ):
                            rescued.append({"file": sub["file"]})
                continue
            if "file" in entry and is_instructor_page(entry["file"]):
                continue
            if "glob" in entry and is_instructor_page(str(entry["glob"])):
                continue
            entry = dict(entry)
            emptied = False
            for key in SUBTREE_KEYS:
                if key in entry:
                    entry[key] = keep(entry[key])
                    if not entry[key]:
                        del entry[key]
                        emptied = True
            # A part (no page of its own) left with no pages goes too.
            if emptied and not ({"file", "glob", "url"} & entry.keys()):
                continue
            kept.append(entry)
        return kept

    result = copy.deepcopy(toc)
    for key in SUBTREE_KEYS:
        if key in result:
            result[key] = keep(result[key])
    if rescued and isinstance(result.get("parts"), list):
        part = {"caption": STUDENT_CAPTION, "chapters": rescued}
        captions = [str(p.get("caption", "")).strip().casefold() for p in result["parts"]]
        after = STUDENT_AFTER.casefold()
        where = captions.index(after) + 1 if after in captions else len(captions)
        result["parts"].insert(where, part)
    return result


def student_config(
    config: dict[str, Any], root: Path, source: str = "_config.yml"
) -> dict[str, Any]:
    """The student edition's Jupyter Book configuration, derived from the book's."""
    if not isinstance(config, dict):
        raise EditionError(f"{source}: the configuration is not a YAML mapping")
    result = copy.deepcopy(config)
    result["only_build_toc_files"] = True
    execute = result.setdefault("execute", {})
    if not isinstance(execute, dict):
        raise EditionError(f"{source}: 'execute:' is not a mapping of options")
    # Absolute, so the cache is the book's whatever --path-output says.
    execute["cache"] = str((root / CACHE).resolve())
    sphinx = result.setdefault("sphinx", {})
    if not isinstance(sphinx, dict):
        raise EditionError(f"{source}: 'sphinx:' is not a mapping of options")
    extensions = sphinx.get("extra_extensions") or []
    if EXTENSION not in extensions:
        raise EditionError(
            f"{source}: 'sphinx: extra_extensions:' does not list {EXTENSION}, which "
            f"removes the lecturer notes; add '- {EXTENSION}' to that list"
        )
    settings = sphinx.setdefault("config", {})
    if not isinstance(settings, dict):
        raise EditionError(f"{source}: 'sphinx: config:' is not a mapping of options")
    settings["coproduction_edition"] = "student"
    settings["html_copy_source"] = False
    # Never read, even if only_build_toc_files were turned off.
    excluded = list(result.get("exclude_patterns") or [])
    for folder in INSTRUCTOR_FOLDERS:
        shared = [p for p in STUDENT_PAGES if p.startswith(folder)]
        if not shared or not (root / folder).is_dir():
            excluded.append(f"{folder}**")
            continue
        # Every file in the folder but the pages students need.
        for path in sorted((root / folder).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and page_name(name) not in shared:
                excluded.append(name)
    excluded.extend(f"{page}.md" for page in INSTRUCTOR_PAGES)
    result["exclude_patterns"] = list(dict.fromkeys(excluded))
    return result


def _load(path: Path) -> Any:
    if not path.is_file():
        raise EditionError(f"{path.name}: not found in the book's folder; run from the book's root")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise EditionError(f"{path.name}: not valid YAML: {exc}") from exc


HEADER = "# Written by scripts/edition.py from {source} for the {edition} edition. Do not edit.\n"


def write_student_files(root: Path = ROOT) -> tuple[Path, Path]:
    """Write the student edition's config and toc; return their paths."""
    config = student_config(_load(root / "_config.yml"), root)
    toc = student_toc(_load(root / "_toc.yml"))
    folder = root / EDITIONS_DIR / "student"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in (("_config.yml", config), ("_toc.yml", toc)):
        path = folder / name
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(HEADER.format(source=name, edition="student") + text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def html_folder(edition: str, root: Path = ROOT) -> Path:
    """Where an edition's HTML is written."""
    if edition == "student":
        return root / "_build" / "student" / "_build" / "html"
    return root / "_build" / "html"


def _jupyter_book() -> str:
    beside = Path(sys.executable).with_name("jupyter-book")
    return str(beside) if beside.is_file() else (shutil.which("jupyter-book") or "jupyter-book")


def build_commands(edition: str, root: Path = ROOT) -> list[list[str]]:
    """The commands that build ``edition`` (run from the book's root)."""
    pre = [sys.executable, "-m", "coproduction.book.build", "--root", str(root)]
    jb = [_jupyter_book(), "build", str(root), "--builder", "html", "-W", "-n", "--keep-going"]
    if edition == "student":
        config, toc = (root / EDITIONS_DIR / "student" / n for n in ("_config.yml", "_toc.yml"))
        jb += ["--config", str(config), "--toc", str(toc)]
        jb += ["--path-output", str(root / "_build" / "student")]
    commands = [pre, jb]
    if (root / LITE_READY).is_file():
        # "Run in the browser", from this edition's own notebooks (scripts/lite.py).
        lite = [sys.executable, str(root / "scripts" / "lite.py"), "build"]
        commands.append(lite + ["--html", str(html_folder(edition, root))])
    return commands


def build(edition: str, root: Path = ROOT) -> int:
    """Build ``edition``; return the exit status of the first command that failed."""
    root = root.resolve()
    if edition == "student":
        write_student_files(root)
        # Emptied first: Sphinx never deletes pages an earlier toc included.
        shutil.rmtree(html_folder(edition, root), ignore_errors=True)
    for cmd in build_commands(edition, root):
        status = subprocess.run(cmd, cwd=root).returncode
        if status != 0:
            print(f"edition: {edition} edition failed (exit status {status})", file=sys.stderr)
            return status
    where = html_folder(edition, root).relative_to(root)
    print(f"The {edition} edition is in {where.as_posix()}/ (open index.html).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/edition.py",
        description="Build the student edition (no lecturer notes or pages) into "
        "_build/student/_build/html, or the instructor edition (the complete book) "
        "into _build/html.",
    )
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's root folder")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="only write the student edition's config and toc into _build/editions/student",
    )
    args = parser.parse_args(argv)
    try:
        if args.no_build:
            if args.edition == "student":
                for path in write_student_files(args.root.resolve()):
                    print(path)
            return 0
        return build(args.edition, args.root)
    except EditionError as exc:
        print(f"edition: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
