"""The exercises command line: ``coproduction-exercises`` (or ``python -m coproduction.exercises``).

Subcommands::

    check    [--bank DIR] [--set FILE ...]      validate the bank and assessed sets
    generate --case PATH_OR_ID [--out FILE]     numeric items computed from a case
    release  SET.yaml --out DIR                 the student release (no key)
    grade    SET.yaml SUBMISSIONS --out DIR     grade a folder or .zip of submissions
    marking-pack SET.yaml --out DIR             markers' guides, to brief them before grading
    example-set FILE                            write the example assessed set to start from

Exit status: 0 when all is well, 1 when problems were found and reported (they are
listed, and grading carries on past them), 2 when the command cannot run as given
(a wrong option, a missing file, a set or roster that does not load).

Results go to files, a summary to standard output, progress and warnings to
standard error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from coproduction.exercises.balance import key_balance
from coproduction.exercises.items import BANK, Item, ItemError, bank_files, load_items
from coproduction.exercises.schema import LATE_POLICIES
from coproduction.resources import copy_example

if TYPE_CHECKING:
    from coproduction.exercises.sets import AssessedSet

OK, PROBLEMS, USAGE = 0, 1, 2


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("coproduction")
    except Exception:  # noqa: BLE001 - not installed as a distribution
        return "unknown"


def _err(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _missing(err: Exception) -> str:
    """The message of an error, without Python's ``[Errno 2]`` prefix for a missing file."""
    if isinstance(err, FileNotFoundError) and err.filename is not None:
        return f"{err.filename}: {err.strerror or 'no such file'}"
    return str(err)


# check --------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    bank = Path(args.bank) if args.bank else None
    files = bank_files(bank)
    problems = 0
    if not files:
        where = bank or BANK
        _err(f"{where}: no bank files (*.yaml) found; give the bank folder with --bank DIR")
        return USAGE
    owner: dict[str, str] = {}
    every: list[Item] = []
    valid: list[str] = []
    for path in files:
        try:
            items = load_items(path.stem, bank)
        except ItemError as err:
            print(err)
            problems += len(err.problems)
            continue
        kinds: dict[str, int] = {}
        for it in items:
            kinds[it.kind] = kinds.get(it.kind, 0) + 1
            if it.id in owner:
                print(
                    f"{path.name}: item id {it.id!r} is also in {owner[it.id]}; ids must be unique"
                )
                problems += 1
            owner.setdefault(it.id, path.name)
        shown = ", ".join(f"{n} {k}" for k, n in kinds.items())
        valid.append(f"{path.name}: valid ({len(items)} items: {shown})")
        every.extend(items)
    if args.set and len(valid) == len(files):  # checking a set: the bank in one line
        print(f"bank: {len(files)} files valid ({len(every)} items)")
    else:
        for line in valid:
            print(line)
    for warning in key_balance(every, "the bank"):
        _err(f"warning: {warning}")
    for set_file in args.set or []:
        from coproduction.exercises.sets import describe, load_set

        try:
            the_set = load_set(set_file, bank)
            print(describe(the_set))
            for warning in key_balance(the_set.items, Path(set_file).name):
                _err(f"warning: {warning}")
        except ItemError as err:
            print(err)
            problems += len(err.problems)
    if problems:
        print(f"{problems} problem(s) found.")
        return PROBLEMS
    return OK


# generate -----------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    from coproduction.cases import CaseDataError
    from coproduction.exercises.generate import generated_yaml

    folder = Path(args.out).parent if args.out else Path.cwd()
    try:
        text, n = generated_yaml(args.case, args.prefix, folder)
    except CaseDataError as err:
        _err(str(err))
        return USAGE
    except FileNotFoundError as err:
        _err(str(err))
        return USAGE
    if n == 0:
        _err(f"{args.case}: the case has none of the data the measures need; nothing written")
        return PROBLEMS
    # Check that the file loads back as a bank file in its folder before writing it.
    from coproduction.datafile import Reader
    from coproduction.exercises import schema
    from coproduction.exercises.items import parse_items

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "generated.yaml").write_text(text, encoding="utf-8")
        reader = Reader(Path(tmp))
        data = reader.read("generated.yaml", required=True)
        if data is not None:
            reader.validate("generated.yaml", data, schema.BANK)
            if not reader.problems:
                parse_items(reader, "generated.yaml", data, {}, folder.resolve())
        if reader.problems:
            _err(str(ItemError("generated.yaml", reader.problems)))
            return PROBLEMS
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"Wrote {n} numeric items to {out}.")
    else:
        sys.stdout.write(text)
        _err(f"{n} numeric items written to standard output.")
    return OK


# release ------------------------------------------------------------------------------


def cmd_release(args: argparse.Namespace) -> int:
    from coproduction.exercises.release import ReleaseError, release

    try:
        paths = release(args.set, args.out, Path(args.bank) if args.bank else None)
    except (ItemError, ReleaseError, FileNotFoundError) as err:
        _err(_missing(err))
        return USAGE
    print(
        f"Wrote {paths[0]} and {paths[1]}. Give students both files (the notebook reads the "
        f".json next to it); keep {args.set} private."
    )
    return OK


# grade --------------------------------------------------------------------------------


def _load_set(args: argparse.Namespace) -> AssessedSet | None:
    """The set named on the command line (with ``--bank``), or None, its problems told."""
    from coproduction.exercises.sets import load_set

    try:
        return load_set(args.set, Path(args.bank) if args.bank else None)
    except (ItemError, FileNotFoundError) as err:
        _err(_missing(err))
        return None


def cmd_grade(args: argparse.Namespace) -> int:
    from coproduction.exercises.grading import GradeError, Grader, Submissions, read_roster
    from coproduction.exercises.sets import parse_deadline

    aset = _load_set(args)
    if aset is None:
        return USAGE
    try:
        deadline = parse_deadline(args.deadline) if args.deadline else None
    except ValueError as err:
        _err(f"--deadline: {err}")
        return USAGE
    out = Path(args.out)
    try:
        roster = read_roster(args.roster) if args.roster else None
        source = Submissions(args.submissions, exclude=out)
        grader = Grader(
            aset, roster, deadline, args.late_policy, file_times=not args.ignore_file_times
        )
        if grader.deadline is None and args.late_policy is not None:
            _err(
                f"warning: --late-policy {args.late_policy} has no effect: the set has no "
                "deadline and none was given"
            )
        report = grader.run(iter(source), progress=not args.no_progress, total=len(source))
        if args.marks:
            report.apply_marks(args.marks)
        paths = report.write(out, args.gradebook)
    except (GradeError, FileNotFoundError) as err:
        _err(_missing(err))
        return USAGE
    print(report.summary())
    print(
        f"Wrote {paths['grades-long']}, {paths['gradebook']} ({args.gradebook}; how to import "
        f"it: {paths['gradebook-import']}), "
        f"{paths['problems']}, {len(report.kept)} page(s) in {paths['feedback']}"
        + (
            f" and {len(report.short_items)} sheet(s) with marking guides in "
            f"{paths['short-answers']}; give markers {paths['markers-pack']}."
            if "markers-pack" in paths
            else "."
        )
        + (
            f" Item analysis: {paths['item-analysis-html']}, with {paths['item-analysis']} "
            f"and {paths['item-options']}."
            if "item-analysis-html" in paths
            else ""
        )
    )
    # Short answers still to be marked are the normal state of a first run, not a problem
    # with the files: they are listed, but the run succeeds.
    waiting = ("to-be-marked",)
    return PROBLEMS if any(p.problem not in waiting for p in report.problems) else OK


# marking-pack -------------------------------------------------------------------------


def cmd_marking_pack(args: argparse.Namespace) -> int:
    from coproduction.exercises.grading.guides import FOLDER, PACK, briefing_pack

    aset = _load_set(args)
    if aset is None:
        return USAGE
    out = Path(args.out)
    if any((out / FOLDER).glob("*.csv")):
        _err(
            f"{out / FOLDER}: holds marks sheets from grading, whose guides list the answers "
            f"to mark; nothing was written. Give another --out folder, or give markers "
            f"{out / PACK} from grading"
        )
        return USAGE
    try:
        pack = briefing_pack(aset, out)
    except OSError as err:
        _err(f"{out}: cannot write the pack ({err.strerror or err})")
        return USAGE
    if pack is None:
        _err(f"{args.set}: set {aset.id} has no short-answer questions, so there is nothing "
             "to mark by hand; nothing was written")  # fmt: skip
        return PROBLEMS
    print(
        f"Wrote {pack} and the marking guides in {out / FOLDER}: the questions, rubrics and "
        "model answers, to brief markers. Keep them from students. The sheets, and guides "
        "listing the answers, come from grade."
    )
    return OK


# parser -------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coproduction-exercises",
        description="Check the item bank, generate numeric items from case data, release an "
        "assessed set to students, and grade their submissions.",
        epilog="Exit status: 0 all well (for grade: also when short answers are still to be "
        "marked), 1 problems found and reported, 2 the command cannot run as given. See the "
        "book's page on grading for the file formats.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser(
        "check",
        help="validate the item bank (and assessed sets) and list every problem",
        description="Validate every bank file, and any assessed set given with --set; list "
        "every problem with file, line, item and field.",
    )
    c.add_argument(
        "--bank",
        metavar="DIR",
        help="the bank folder (default: the book's bank, shipped in the package)",
    )
    c.add_argument(
        "--set", metavar="FILE", action="append", help="an assessed set to check (repeatable)"
    )
    c.set_defaults(func=cmd_check)

    g = sub.add_parser(
        "generate",
        help="write numeric items computed from a case's data as a bank file",
        description="Write numeric items for every measure that applies to a case (shipped or "
        "your own), as a bank YAML file whose answers are computed from the data.",
    )
    g.add_argument(
        "--case", required=True, metavar="PATH_OR_ID", help="a case id (ipoa) or a case folder"
    )
    g.add_argument(
        "--out", metavar="FILE", help="where to write the YAML (default: standard output)"
    )
    g.add_argument("--prefix", metavar="TEXT", help="start of each item id (default: the case id)")
    g.set_defaults(func=cmd_generate)

    r = sub.add_parser(
        "release",
        help="write the student release of an assessed set (no key)",
        description="Write <set>.json (the questions, no key) and <set>.ipynb (the students' "
        "notebook) into DIR. The set's YAML file holds the key: keep it private.",
    )
    r.add_argument("set", metavar="SET.yaml", help="the assessed set")
    r.add_argument("--out", required=True, metavar="DIR", help="the folder to give students")
    r.add_argument("--bank", metavar="DIR", help="the bank folder for the set's include: entries")
    r.set_defaults(func=cmd_release)

    gr = sub.add_parser(
        "grade",
        help="grade a folder or .zip of submissions",
        description="Grade every submission in a folder or .zip against the set. Nothing in a "
        "submission is ever run; a zip is read in memory, never extracted. Problems are "
        "reported in problems.csv and grading carries on. The last answer to each item counts. "
        "A file is late if it was handed in after the deadline (its time in the folder or zip) "
        "or holds answers timestamped after it; the set's late_policy (drop unless it says "
        "accept) or --late-policy says whether late work counts.",
    )
    gr.add_argument("set", metavar="SET.yaml", help="the assessed set (with the key)")
    gr.add_argument(
        "submissions", metavar="SUBMISSIONS", help="a folder or .zip of .json submissions"
    )
    gr.add_argument("--out", required=True, metavar="DIR", help="the folder for the results")
    gr.add_argument(
        "--roster",
        metavar="CSV",
        help="the class list: student_id (required), name, email, username, sis_id, section",
    )
    gr.add_argument(
        "--deadline",
        metavar="ISO",
        help="overrides the set's deadline, e.g. 2026-12-04T17:00:00+00:00",
    )
    gr.add_argument(
        "--late-policy",
        choices=LATE_POLICIES,
        default=None,
        help="overrides the set's late_policy (default: the set's, or drop if it states "
        "none). drop: answers after the deadline, and every answer of a file handed in "
        "after it, are not counted; accept: they are counted and flagged",
    )
    gr.add_argument(
        "--ignore-file-times",
        action="store_true",
        help="judge lateness only by the answer times inside the files (the student's "
        "clock), not also by when each file was handed in (its time in the folder or zip)",
    )
    gr.add_argument(
        "--gradebook",
        choices=("generic", "moodle", "canvas", "blackboard"),
        default="generic",
        help="the layout of gradebook.csv for a VLE's grade import; gradebook-import.txt "
        "beside it says which column to match students by and what each cell does",
    )
    gr.add_argument(
        "--marks",
        metavar="DIR",
        help="a folder of filled-in short-answers/*.csv to merge into the totals",
    )
    gr.add_argument("--bank", metavar="DIR", help="the bank folder for the set's include: entries")
    gr.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    gr.set_defaults(func=cmd_grade)

    m = sub.add_parser(
        "marking-pack",
        help="write the markers' guides and pack before grading, to brief markers",
        description="Write a marking guide for each short-answer question (the question, "
        "the rubric with every level's descriptor, the model answer) into DIR/short-answers/, "
        "and DIR/markers-pack.zip holding them with instructions and nothing else of the "
        "set. grade writes the same, with the answers to mark and the sheets.",
    )
    m.add_argument("set", metavar="SET.yaml", help="the assessed set (with the key)")
    m.add_argument("--out", required=True, metavar="DIR", help="the folder for the guides")
    m.add_argument("--bank", metavar="DIR", help="the bank folder for the set's include: entries")
    m.set_defaults(func=cmd_marking_pack)

    e = sub.add_parser(
        "example-set",
        help="write the example assessed set to a file, to edit into a set of your own",
        description="Copy the example assessed set shipped with the package (it draws three "
        "items from the book's bank and writes five of its own) to FILE.",
    )
    e.add_argument("file", metavar="FILE", help="the new set file, for example week-3.yaml")
    e.set_defaults(func=cmd_example_set)
    return p


def cmd_example_set(args: argparse.Namespace) -> int:
    try:
        target = copy_example("example-set.yaml", args.file)
    except FileExistsError as err:
        _err(str(err))
        return USAGE
    print(f"{target}: the example set; edit it, then: coproduction-exercises check --set {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
