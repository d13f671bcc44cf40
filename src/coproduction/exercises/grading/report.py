"""Everything graded, and the files it is written to (:meth:`Report.write`).

``grades-long.csv`` (a row per student and item), ``gradebook.csv`` (a layout of
:mod:`~coproduction.exercises.grading.gradebooks`) with ``gradebook-import.txt``
beside it, ``problems.csv``,
``feedback/<student>.html`` (:mod:`~coproduction.exercises.grading.feedback`) and
``short-answers/<item-id>.csv`` (:mod:`~coproduction.exercises.grading.marks`) with
its marking guide ``<item-id>.html`` and ``markers-pack.zip``
(:mod:`~coproduction.exercises.grading.guides`), and
``item-analysis.csv``, ``item-options.csv`` and ``item-analysis.html``
(:mod:`~coproduction.exercises.grading.analysis`); every
column is documented in the book's page on grading (``back/grading.md``). Every
text cell of every CSV goes through :func:`~coproduction.exercises.grading.cells.cell`,
so that a spreadsheet never runs a student's or a lecturer's text as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coproduction.exercises.grading.cells import as_json, cell, clip, first_few, number_text
from coproduction.exercises.grading.feedback import answer_words, write_pages
from coproduction.exercises.grading.gradebooks import layout, write_gradebook
from coproduction.exercises.grading.guides import write_marking
from coproduction.exercises.grading.marks import apply_marks, write_sheets
from coproduction.exercises.grading.records import PROBLEMS, Graded, Problem
from coproduction.exercises.kinds import ShortItem
from coproduction.exercises.sets import AssessedSet

LONG_COLUMNS = (
    "student",
    "item",
    "kind",
    "attempts",
    "answer",
    "answer_text",
    "score",
    "points",
    "max_points",
    "status",
    "late",
    "handed_in",
    "last_answer",
)
PROBLEM_COLUMNS = ("file", "student", "problem", "detail")


@dataclass
class Report:
    """Everything graded; :meth:`write` puts it on disk."""

    set: AssessedSet
    kept: dict[str, Graded]
    problems: list[Problem]
    roster: dict[str, Mapping[str, str]] | None = None
    files: int = 0
    #: Lines for the summary about the deadline, the late policy and the file times.
    notes: list[str] = field(default_factory=list)

    @property
    def short_items(self) -> list[ShortItem]:
        """The items a person marks with a rubric (not scored by the checker)."""
        return [it for it in self.set.items if isinstance(it, ShortItem)]

    def students(self) -> list[str]:
        """Gradebook order: the roster's, or graded students sorted."""
        if self.roster is not None:
            return list(self.roster)
        return sorted(self.kept)

    def apply_marks(self, folder: str | os.PathLike[str]) -> int:
        """Read markers' CSVs (``<item-id>.csv``) and merge their points; return rows used."""
        return apply_marks(folder, self.set.id, self.short_items, self.kept, self.problems)

    # -- outputs --

    def finish(self) -> None:
        """Add the 'to be marked' rows (call after marks are merged)."""
        self.problems = [
            p for p in self.problems if p.problem not in ("to-be-marked", "no-identity")
        ]
        for item in self.short_items:
            waiting = sorted(
                s for s, g in self.kept.items() if g.answers[item.id].status == "to be marked"
            )
            if waiting:
                shown = first_few(waiting, 10)
                self.problems.append(
                    Problem(
                        f"short-answers/{item.id}.csv",
                        "",
                        "to-be-marked",
                        f"{len(waiting)} answer(s) to {item.id} have no marks yet ({shown}): fill "
                        "in short-answers/" + item.id + ".csv and grade again with --marks",
                    )
                )

    def write(self, out: str | os.PathLike[str], gradebook: str = "generic") -> dict[str, Path]:
        """Write every output into ``out``; return the main files' paths."""
        layout(gradebook)  # an unknown layout stops before anything is written
        self.finish()
        out = Path(out)
        (out / "feedback").mkdir(parents=True, exist_ok=True)
        (out / "short-answers").mkdir(parents=True, exist_ok=True)
        paths = {
            "grades-long": out / "grades-long.csv",
            "gradebook": out / "gradebook.csv",
            "gradebook-import": out / "gradebook-import.txt",
            "problems": out / "problems.csv",
            "feedback": out / "feedback",
            "short-answers": out / "short-answers",
        }
        self._write_long(paths["grades-long"])
        self.problems += write_gradebook(
            paths["gradebook"], self.set, gradebook, self.students(), self.kept, self.roster
        )
        write_sheets(paths["short-answers"], self.short_items, self.kept)
        pack = write_marking(out, self.set, self.kept)  # the guides beside the sheets, and
        if pack is not None:  # the markers' pack; none for a set without short answers
            paths["markers-pack"] = pack
        # The pages before problems.csv, so a page that cannot be written is listed in it.
        self.problems += write_pages(paths["feedback"], self.set, self.kept)
        paths.update(self._write_analysis(out))
        self._write_problems(paths["problems"])
        return paths

    def _write_analysis(self, out: Path) -> dict[str, Path]:
        """The item analysis; a failure is listed in problems.csv, never stops the rest."""
        # Imported here: it needs numpy, and matplotlib for its plot.
        from coproduction.exercises.grading.analysis import FILES, analyse, write_analysis

        try:
            return write_analysis(out, analyse(self.set, self.kept))
        except Exception as err:  # noqa: BLE001 - the marks matter more than the analysis
            why = err.strerror if isinstance(err, OSError) and err.strerror else type(err).__name__
            for name in FILES:  # an earlier run's analysis would be out of date
                with contextlib.suppress(OSError):
                    (out / name).unlink(missing_ok=True)
            self.problems.append(
                Problem(
                    "item-analysis.html",
                    "",
                    "not-written",
                    f"the item analysis could not be written ({why}); no item-analysis file "
                    "is left in the folder, and the other files were written",
                )
            )
            return {}

    def _write_long(self, path: Path) -> None:
        d = self.set.decimals
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(LONG_COLUMNS)
            for student in sorted(self.kept):
                g = self.kept[student]
                handed_in, last = _when(g.handed_in), _when(g.latest)
                for it in self.set.items:
                    a = g.answers[it.id]
                    readable = a.answered and a.status != "wrong shape"
                    w.writerow(
                        [
                            cell(student),
                            cell(it.id),
                            cell(it.kind),
                            a.attempts,
                            cell(clip(as_json(a.answer))) if a.answered else "",
                            cell(clip(answer_words(it, a.answer))) if readable else "",
                            number_text(a.score),
                            number_text(a.points, d),
                            number_text(it.max_points),
                            cell(a.status),
                            cell(a.late),
                            cell(handed_in),
                            cell(last),
                        ]
                    )

    def _write_problems(self, path: Path) -> None:
        order = {k: i for i, k in enumerate(PROBLEMS)}
        rows = sorted(self.problems, key=lambda p: (order.get(p.problem, 99), p.file, p.student))
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(PROBLEM_COLUMNS)
            for p in rows:
                w.writerow([cell(p.file), cell(p.student), cell(p.problem), cell(p.detail)])

    # -- summary --

    def _totals_line(self) -> str:
        d, most = self.set.decimals, number_text(self.set.max_points)

        def spread(values: list[float]) -> str:
            values = sorted(values)
            n = len(values)
            mid = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
            return (
                f"mean {number_text(sum(values) / n, d)}, median {number_text(mid, d)}, "
                f"range {number_text(values[0], d)}-{number_text(values[-1], d)}"
            )

        waiting = [g for g in self.kept.values() if g.unmarked]
        if not waiting:
            return f"Total points: {spread([g.total for g in self.kept.values()])} of {most}."
        final = [g.total for g in self.kept.values() if not g.unmarked]
        line = (
            f"No total yet for {len(waiting)} of {len(self.kept)} student(s): answers worth up "
            f"to {number_text(max(g.awaiting_marking for g in waiting))} points each are still "
            f"to be marked. Their points so far: {spread([g.total for g in waiting])} of "
            f"{most}."
        )
        if final:
            line += f" Final totals ({len(final)} student(s)): {spread(final)}."
        return line

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.problem] = counts.get(p.problem, 0) + 1
        n = len(self.kept)
        lines = [
            f"Set {self.set.id} ({len(self.set.items)} items, {number_text(self.set.max_points)} "
            f"points): {self.files} file(s) read, {n} student(s) graded."
        ]
        if n:
            lines.append(self._totals_line())
        lines += self.notes
        if counts:
            order = [k for k in PROBLEMS if k in counts]
            lines.append(
                f"{sum(counts.values())} problem(s): "
                + ", ".join(f"{counts[k]} {k}" for k in order)
                + " (see problems.csv)."
            )
        else:
            lines.append("No problems.")
        return "\n".join(lines)


def _when(t: datetime | None) -> str:
    return t.isoformat(timespec="seconds") if t is not None else ""
