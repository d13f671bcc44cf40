#!/usr/bin/env python3
"""Figures about the book's item bank that say whether it can be trusted for assessment.

    python scripts/bank_stats.py                 # the bank in the working tree
    python scripts/bank_stats.py --rev HEAD~3    # the bank as it was at a commit
    python scripts/bank_stats.py --json          # the same figures as JSON

It reads ``src/coproduction/exercises/bank/chapter-NN.yaml`` directly (no package
import, so it also reads an older bank out of git) and reports:

- items per kind, and per chapter;
- items per Bloom level (remember, understand, apply, analyse, evaluate), from
  ``scripts/bank_bloom.yaml``, and the share at application level or above; the
  bank format has no field for the level, so that file keeps one line per item id
  and the script names every item it lacks;
- for single-choice items, where the right option sits (first, second, ...) and
  how often it is the longest option (in characters), strictly or tied;
- for multiple-response items, how many options are right out of how many;
- numeric items that count the book's own case-data records (``compute:``).

The exit status is 1 when an item has no Bloom level, else 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BANK = "src/coproduction/exercises/bank"
BLOOM = ROOT / "scripts" / "bank_bloom.yaml"
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate")
HIGHER = {"apply", "analyse", "evaluate"}
POSITIONS = "abcdefgh"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def load_bank(rev: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Each bank file's items, by file stem, from the working tree or a git commit."""
    if rev is None:
        files = {
            p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / BANK).glob("*.yaml"))
        }
    else:
        names = _git("ls-tree", "--name-only", f"{rev}:{BANK}").split()
        files = {Path(n).stem: _git("show", f"{rev}:{BANK}/{n}") for n in sorted(names)}
    return {stem: yaml.safe_load(text)["items"] for stem, text in files.items()}


def bloom_levels(path: Path = BLOOM) -> dict[str, str]:
    levels = yaml.safe_load(path.read_text(encoding="utf-8"))["levels"]
    bad = {i: lvl for i, lvl in levels.items() if lvl not in LEVELS}
    if bad:
        raise SystemExit(f"{path.name}: unknown Bloom level(s) {bad}; use one of {LEVELS}")
    return levels


def key_positions(item: dict[str, Any]) -> tuple[int, bool, bool]:
    """For a single-choice item: the right option's position (0 = first), whether
    it is strictly the longest option, and whether it is at least as long as every other."""
    options = item["options"]
    lengths = [len(" ".join(str(o["text"]).split())) for o in options]
    (pos,) = [i for i, o in enumerate(options) if o.get("correct")]
    others = [n for i, n in enumerate(lengths) if i != pos]
    return pos, lengths[pos] > max(others), lengths[pos] >= max(others)


def stats(bank: dict[str, list[dict[str, Any]]], levels: dict[str, str]) -> dict[str, Any]:
    items = [it for its in bank.values() for it in its]
    kinds = Counter(it["kind"] for it in items)
    by_level = Counter(levels.get(it["id"], "unclassified") for it in items)
    missing = sorted(it["id"] for it in items if it["id"] not in levels)
    singles = [it for it in items if it["kind"] == "single"]
    positions: Counter[str] = Counter()
    longest = longest_or_tied = 0
    for it in singles:
        pos, strict, tied = key_positions(it)
        positions[POSITIONS[pos]] += 1
        longest += strict
        longest_or_tied += tied
    multiple = Counter(
        f"{sum(bool(o.get('correct')) for o in it['options'])} of {len(it['options'])}"
        for it in items
        if it["kind"] == "multiple"
    )
    higher = sum(n for lvl, n in by_level.items() if lvl in HIGHER)
    return {
        "items": len(items),
        "per_chapter": {stem: len(its) for stem, its in bank.items()},
        "kinds": dict(sorted(kinds.items())),
        "bloom": {
            lvl: by_level.get(lvl, 0)
            for lvl in (*LEVELS, "unclassified")
            if by_level.get(lvl) or lvl != "unclassified"
        },
        "apply_or_above": higher,
        "apply_or_above_share": round(higher / len(items), 3) if items else 0.0,
        "unclassified": missing,
        "single_choice": len(singles),
        "key_position": {p: positions.get(p, 0) for p in sorted(positions)},
        "key_longest": longest,
        "key_longest_or_tied": longest_or_tied,
        "multiple_right_of_options": dict(sorted(multiple.items())),
        "numeric_counting_case_data": sorted(
            it["id"] for it in items if it["kind"] == "numeric" and "compute" in it
        ),
    }


def report(figures: dict[str, Any], label: str) -> str:
    n = figures["items"]
    lines = [f"Item bank ({label}): {n} items"]
    lines.append(
        "  per chapter: " + ", ".join(f"{k} {v}" for k, v in figures["per_chapter"].items())
    )
    lines.append("  kinds: " + ", ".join(f"{k} {v}" for k, v in figures["kinds"].items()))
    lines.append("  Bloom: " + ", ".join(f"{k} {v}" for k, v in figures["bloom"].items()))
    share = figures["apply_or_above_share"]
    lines.append(f"  apply or above: {figures['apply_or_above']} of {n} ({share:.0%})")
    if figures["unclassified"]:
        lines.append(
            "  no Bloom level in scripts/bank_bloom.yaml: " + ", ".join(figures["unclassified"])
        )
    s = figures["single_choice"]
    lines.append(
        f"  single choice: {s}; right option at "
        + ", ".join(f"({k}) {v}" for k, v in figures["key_position"].items())
    )
    lines.append(
        f"  right option is the longest: {figures['key_longest']} of {s} "
        f"(longest or tied: {figures['key_longest_or_tied']})"
    )
    lines.append(
        "  multiple response, right of options: "
        + ", ".join(f"{k}: {v}" for k, v in figures["multiple_right_of_options"].items())
    )
    counting = figures["numeric_counting_case_data"]
    lines.append(
        f"  numeric items counting case-data records: {len(counting)} {counting or ''}".rstrip()
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bank_stats.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rev", help="measure the bank as it was at this git commit")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = stats(load_bank(args.rev), bloom_levels())
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(report(figures, args.rev or "working tree"))
    return 1 if figures["unclassified"] else 0


if __name__ == "__main__":
    sys.exit(main())
