"""Check case folders from the command line.

Usage::

    python -m coproduction.cases check path/to/case [more folders...]
    python -m coproduction.cases check --all        # frameworks, comparison, every case
    python -m coproduction.cases check path/to/comparison.yaml
    python -m coproduction.cases list
    python -m coproduction.cases example my-case   # copy the example case to edit

Exit status 0 when every folder is valid, 1 when any has problems (all listed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coproduction.cases.comparison import FILE_NAME, load_comparison
from coproduction.cases.loader import (
    CaseDataError,
    case_ids,
    data_dir,
    load_case,
    load_frameworks,
)
from coproduction.cases.model import Case, Frameworks
from coproduction.datafile import DataFileError
from coproduction.resources import copy_example


def _summary(case: Case) -> str:
    counts = {
        "facts": len(case.facts),
        "actors": len(case.actors),
        "interactions": len(case.interactions),
        "factors": len(case.factors),
        "phases": len(case.phases),
        "elements": len(case.elements),
        "links": len(case.links),
        "value views": len(case.value_views),
    }
    shown = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    return f"{case.id}: valid ({shown})"


def _kind(path: Path) -> str:
    """What a path given to ``check`` holds: the comparison, frameworks or a case."""
    if path.name == FILE_NAME and not path.is_dir():
        return "comparison"
    return "frameworks" if (path / "frameworks.yaml").is_file() else "case"


def _check_one(path: Path, frameworks: Frameworks | None) -> str:
    """Load one path and say in a line what it holds; a problem raises DataFileError."""
    kind = _kind(path)
    if kind == "comparison":
        comp = load_comparison(path)
        return f"{FILE_NAME}: valid ({len(comp.frameworks)} frameworks, {len(comp.rows)} questions)"
    if kind == "frameworks":
        fw = load_frameworks(path)
        return (
            f"{path.name}: valid frameworks ({len(fw.modes)} modes, "
            f"{len(fw.cells)} cells, {len(fw.processes)} processes, "
            f"{len(fw.scenarios)} scenarios, {len(fw.rungs)} rungs, "
            f"{len(fw.continuum)} services on the continuum)"
        )
    return _summary(load_case(path, frameworks))


def check(folders: list[str]) -> int:
    failed = 0
    frameworks: Frameworks | None = None
    try:
        frameworks = load_frameworks()
    except CaseDataError as err:
        print(err, file=sys.stderr)
        failed += 1
    for folder in folders:
        path = Path(folder)
        if frameworks is None and _kind(path) == "case":
            print(f"{folder}: not checked, because the frameworks have problems", file=sys.stderr)
            continue
        try:
            print(_check_one(path, frameworks))
        except DataFileError as err:
            print(err, file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coproduction.cases", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate case folders and report every problem")
    p_check.add_argument(
        "folders", nargs="*", help="case folders (or case_data/frameworks, or a comparison.yaml)"
    )
    p_check.add_argument("--all", action="store_true", help="check the frameworks and every case")
    sub.add_parser("list", help="list the shipped cases")
    p_example = sub.add_parser(
        "example", help="copy the example case of one's own (library-at-home) to a new folder"
    )
    p_example.add_argument("folder", help="the new folder to write, for example my-case")
    args = parser.parse_args(argv)
    if args.command == "list":
        print("\n".join(case_ids()))
        return 0
    if args.command == "example":
        try:
            target = copy_example("library-at-home", args.folder)
        except FileExistsError as err:
            print(err, file=sys.stderr)
            return 2
        # A case's id is its folder's name.
        case_file = target / "case.yaml"
        text = case_file.read_text(encoding="utf-8")
        case_file.write_text(
            text.replace("\nid: library-at-home\n", f"\nid: {target.name}\n", 1), encoding="utf-8"
        )
        print(f"{target}: a copy of the example case, with the id {target.name}; edit its")
        print("files, then check it with")
        print(f"  python -m coproduction.cases check {target}")
        return 0
    folders = list(args.folders)
    if args.all:
        root = data_dir()
        folders = [str(root / "frameworks"), *(str(root / c) for c in case_ids())]
        if (root / FILE_NAME).is_file():
            folders.insert(1, str(root / FILE_NAME))
    if not folders:
        parser.error("name at least one folder, or use --all")
    return check(folders)


if __name__ == "__main__":
    raise SystemExit(main())
