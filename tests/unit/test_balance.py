"""`coproduction-exercises check` warns when single-choice keys can be guessed."""

from __future__ import annotations

from pathlib import Path

from coproduction.exercises.balance import key_balance
from coproduction.exercises.cli import main
from coproduction.exercises.items import load_items


def _bank(folder: Path, longest_key: bool, same_place: bool, n: int = 6) -> Path:
    items = []
    for i in range(n):
        key = (
            "The right answer, explained at length with every qualification"
            if longest_key
            else "Right"
        )
        wrong = ["A wrong answer", "Another wrong one", "A third"]
        where = 0 if same_place else i % 4
        texts = wrong[:where] + [key] + wrong[where:]
        options = "\n".join(
            f"      - {{id: {chr(97 + j)}, text: '{t}', correct: {str(t == key).lower()}, "
            f"feedback: Why}}"
            for j, t in enumerate(texts)
        )
        items.append(
            f"  - id: q{i}\n    kind: single\n    prompt: Question {i}?\n"
            f"    source: osborne-strokosch2013, Table 1\n    options:\n{options}"
        )
    folder.mkdir(exist_ok=True)
    (folder / "chapter-01.yaml").write_text("items:\n" + "\n".join(items) + "\n", encoding="utf-8")
    return folder


def test_a_key_that_is_always_longest_and_first_is_reported(tmp_path):
    bank = _bank(tmp_path / "bank", longest_key=True, same_place=True)
    warnings = key_balance(load_items("chapter-01", bank), "chapter-01.yaml")
    assert len(warnings) == 2
    assert "the longest in 6 of 6 single-choice items" in warnings[0]
    assert "position 1 in 6 of 6" in warnings[1]


def test_a_balanced_bank_gives_no_warning(tmp_path):
    bank = _bank(tmp_path / "bank", longest_key=False, same_place=False)
    assert key_balance(load_items("chapter-01", bank)) == []
    # Too few items make no pattern.
    few = _bank(tmp_path / "few", longest_key=True, same_place=True, n=3)
    assert key_balance(load_items("chapter-01", few)) == []


def test_check_prints_the_warnings_and_still_passes(tmp_path, capsys):
    bank = _bank(tmp_path / "bank", longest_key=True, same_place=False)
    assert main(["check", "--bank", str(bank)]) == 0
    err = capsys.readouterr().err
    assert "warning: the bank: the right option is the longest in 6 of 6" in err
    assert "position" not in err
