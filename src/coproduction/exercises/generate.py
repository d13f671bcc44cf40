"""Numeric items generated from a case's data (the ``generate`` command).

:func:`case_items` writes a question for every measure of
:mod:`coproduction.exercises.measures` that applies to a case, including a
lecturer's own, with feedback that lists what was counted; :func:`generated_yaml`
writes them as a bank file whose answers are computed when the bank loads
(``coproduction-exercises generate --case PATH_OR_ID``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from coproduction.cases.model import Case
from coproduction.exercises.kinds import NumericItem
from coproduction.exercises.measures import MeasureError, question


def case_items(case: Case, prefix: str | None = None) -> list[NumericItem]:
    """Numeric items generated for any case: every measure that applies to its data."""
    prefix = prefix or case.id
    specs: list[tuple[str, dict[str, Any]]] = []
    for p in case.phases[1:]:
        specs.append(("elements-entering", {"phase": p.id}))
    if case.phases:
        specs.append(("elements-in-phase", {"phase": case.phases[-1].id}))
    levels = sorted({a.level for a in case.actors})
    specs += [("actors-at-level", {"level": lv}) for lv in levels]
    specs += [
        ("interactions-of-process", {"process": p})
        for p in sorted({x.process for x in case.interactions})
    ]
    specs += [("goal-tensions", {}), ("most-partners", {}), ("density", {})]
    out = []
    for measure, params in specs:
        try:
            q = question(case, measure, **params)
        except MeasureError:
            continue  # the case lacks the data this measure needs
        suffix = "-".join([measure, *map(str, params.values())])
        out.append(
            NumericItem(
                id=f"{prefix}-{suffix}",
                kind="numeric",
                prompt=q.prompt,
                source=f"generated from the {case.id} case data ({measure})",
                cases=(case.id,),
                answer=float(q.value),
                tolerance=q.tolerance,
                unit=q.unit,
                hints=tuple((float(v), t) for v, t in q.hints),
                right_feedback=q.right,
                wrong_feedback=q.wrong,
                compute={"measure": measure, "case": case.id, **params},
            )
        )
    return out


def case_reference(case_ref: str, folder: Path) -> str:
    """How a bank file in ``folder`` names the case: its id for a case of the data
    folder, else the case folder's path relative to ``folder``."""
    from coproduction.cases.loader import data_dir

    path = Path(case_ref)
    if not path.is_dir():
        return case_ref
    if path.resolve() == (data_dir() / path.resolve().name).resolve():
        return path.resolve().name  # a case of the data folder: found by its id
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def generated_yaml(
    case_ref: str, prefix: str | None = None, folder: Path | None = None
) -> tuple[str, int]:
    """Bank YAML of numeric items for a case, with ``compute:`` blocks; and how many.

    ``folder`` is where the bank file will be saved (by default the current folder):
    a case given as a folder is named by its path relative to it, so the bank loads
    from wherever it is run.
    """
    import yaml

    from coproduction.cases import load_case

    case = load_case(case_ref)
    items = case_items(case, prefix)
    ref = case_reference(case_ref, folder or Path.cwd())
    raw = []
    for it in items:
        compute = {**dict(it.compute or {}), "case": ref}
        entry = {
            "id": it.id,
            "kind": "numeric",
            "prompt": it.prompt,
            "source": it.source,
            "cases": list(it.cases),
            "compute": compute,
        }
        if it.unit:
            entry["unit"] = it.unit
        raw.append(entry)
    head = (
        f"# Numeric items generated from the {case.id} case data by\n"
        f"#   coproduction-exercises generate --case {case_ref}\n"
        "# Each answer is computed from the data when the bank is loaded (the compute:\n"
        "# block), so it follows the data: correct a case file and the key changes with it.\n"
        "# A case given as a folder is named by its path relative to this file's folder.\n"
        "# The feedback, which says what was counted, is generated too; add your own under\n"
        "# feedback: {right: ..., wrong: ...} to say why it matters.\n\n"
    )
    body = yaml.safe_dump(
        {"title": f"Numeric questions on the {case.short_title} case", "items": raw},
        sort_keys=False,
        allow_unicode=True,
        width=88,
    )
    return head + body, len(items)
