"""Grading a folder or zip of submissions against an assessed set.

The grader reads submission files as JSON and nothing else: it never runs, imports
or unpickles anything a student hands in. It reads a zip's entries in memory and
never extracts them. Each file is read with a size limit (:data:`READ_LIMIT`).

Every problem is reported and grading carries on with the other files. The kinds of
problem (the ``problem`` column of ``problems.csv``) are listed in :data:`PROBLEMS`.

Which answer counts
    The **last** answer to each item in a submission counts (the last response in
    the file, which is the latest attempt: answers are only ever appended). With
    ``late_policy="drop"`` (the set's, by default), answers given after the deadline
    are ignored, so the last answer given before it counts, and a file handed in
    after the deadline counts for nothing.

Late work
    Judged by when each file was handed in (its file time, which the grader uses
    only if the times are not all copy times) and by the answer times inside it
    (the student's clock): see :class:`Grader`.

Outputs (:meth:`Report.write`): ``grades-long.csv``, ``gradebook.csv``,
``problems.csv``, ``feedback/<student>.html``, ``short-answers/<item-id>.csv`` with
a marking guide ``short-answers/<item-id>.html`` beside each, ``markers-pack.zip``,
``item-analysis.csv``, ``item-options.csv`` and ``item-analysis.html``;
every column is documented in the book's page on grading (``back/grading.md``).

One module per job:

``submissions``  reading a folder or zip, size limits, decoding (:class:`Submissions`)
``grader``       checking each file and scoring its answers (:class:`Grader`)
``records``      what is kept: :class:`Answer`, :class:`Graded`, :class:`Problem`
``report``       :class:`Report` and the long and problems CSVs
``gradebooks``   the four gradebook layouts (:data:`LAYOUTS`) and the roster
``marks``        the markers' short-answer sheets and ``--marks``
``guides``       the markers' guides and pack (``markers-pack.zip``)
``feedback``     the students' feedback pages
``analysis``     the item analysis: facility, discrimination, answers given, flags
``cells``        numbers and safe cells in the CSV files
``pages``        the HTML skeleton and escape shared by the feedback, guide and analysis pages
"""

from __future__ import annotations

from coproduction.exercises.grading.feedback import describe_answer, feedback_page, safe_name
from coproduction.exercises.grading.gradebooks import (
    FLAVOURS,
    LAYOUTS,
    ROSTER_COLUMNS,
    ROSTER_EXTRA,
    Layout,
    gradebook_layout,
    read_roster,
)
from coproduction.exercises.grading.grader import Grader
from coproduction.exercises.grading.marks import criterion_header
from coproduction.exercises.grading.records import (
    PROBLEMS,
    READ_LIMIT,
    Answer,
    Graded,
    GradeError,
    Problem,
)
from coproduction.exercises.grading.report import LONG_COLUMNS, PROBLEM_COLUMNS, Report
from coproduction.exercises.grading.submissions import Entry, Submissions

__all__ = [
    "FLAVOURS",
    "LAYOUTS",
    "LONG_COLUMNS",
    "PROBLEMS",
    "PROBLEM_COLUMNS",
    "READ_LIMIT",
    "ROSTER_COLUMNS",
    "ROSTER_EXTRA",
    "Answer",
    "Entry",
    "GradeError",
    "Graded",
    "Grader",
    "Layout",
    "Problem",
    "Report",
    "Submissions",
    "criterion_header",
    "describe_answer",
    "feedback_page",
    "gradebook_layout",
    "read_roster",
    "safe_name",
]
