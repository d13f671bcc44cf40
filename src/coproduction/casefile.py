"""Readable tables of a case, for the book's case-file appendix pages.

Every row shows where it comes from and whether the paper reports it or the book
adds it to teach (with the book's reason), in words, not only by colour. Works
on any case that loads, so a lecturer's own case gets the same pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from coproduction.cases import Case, load_case
from coproduction.cases.model import Goal, Record
from coproduction.display import HTMLText

SECTIONS = (
    "facts",
    "timeline",
    "questions",
    "principles",
    "lessons",
    "actors",
    "goal_relations",
    "interactions",
    "factors",
    "phases",
    "elements",
    "links",
    "value_views",
)


def _status(case: Case, rec: Record) -> str:
    where = f"{escape(case.citation(rec.source.paper))}, {escape(rec.source.where)}"
    label = (
        "<span class='casefile-status casefile-illustrative'>illustrative</span>"
        if rec.illustrative
        else "<span class='casefile-status casefile-reported'>reported</span>"
    )
    note = f"<br><small>{escape(rec.note)}</small>" if rec.note else ""
    return f"{label}<br><small>{where}</small>{note}"


def _goal(goal: Goal) -> str:
    """A goal as a list item, flagged and explained when its status differs from its actor's."""
    flag = (
        " <span class='casefile-status casefile-goal-illustrative'>illustrative</span>"
        if goal.illustrative
        else ""
    )
    note = f"<br><small>{escape(goal.note)}</small>" if goal.note else ""
    return f"<li>{_e(goal.text)}{flag}{note}</li>"


def _table(
    case: Case,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[tuple[Record, Sequence[Any]]],
) -> HTMLText:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in (*headers, "Source and status"))
    body = "".join(
        "<tr>"
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + f"<td>{_status(case, rec)}</td></tr>"
        for rec, cells in rows
    )
    n_ill = sum(rec.illustrative for rec, _ in rows)
    summary = f"{len(rows)} rows: {len(rows) - n_ill} reported, {n_ill} illustrative"
    return HTMLText(
        "<div class='casefile-table pst-scrollable-table-container'><table class='table'>"
        f"<caption>{escape(caption)} <small>({summary})</small></caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _e(value: Any) -> str:
    return escape(str(value)) if value is not None else ""


def _names(case: Case) -> Callable[[str], str]:
    names = {a.id: a.name for a in case.actors}
    return lambda actor_id: _e(names.get(actor_id, actor_id))


def section(case: Case | str, name: str) -> HTMLText:
    """One section of a case as an accessible HTML table.

    Parameters
    ----------
    case:
        A loaded case or a case id.
    name:
        One of :data:`SECTIONS`.
    """
    if isinstance(case, str):
        case = load_case(case)
    if name not in SECTIONS:
        raise ValueError(f"unknown section {name!r}; choose one of: {', '.join(SECTIONS)}")
    records = getattr(case, name)
    if not records:
        return HTMLText(
            f"<p class='casefile-empty'>The case <em>{escape(case.short_title)}</em> has no "
            f"{escape(name.replace('_', ' '))} in its data.</p>"
        )
    actor = _names(case)
    title = case.short_title
    phase_names = {p.id: p.name for p in case.phases}
    if name == "facts":
        return _table(
            case,
            f"{title}: facts and figures",
            ("Group", "Fact", "Value"),
            [
                (f, (_e(f.group.replace("-", " ")), _e(f.label), _e(f"{f.value} {f.unit or ''}")))
                for f in records
            ],
        )
    if name == "timeline":
        return _table(
            case,
            f"{title}: timeline",
            ("Date", "Event"),
            [(t, (_e(t.date), _e(t.event))) for t in records],
        )
    if name in ("questions", "principles"):
        return _table(
            case,
            f"{title}: {name}",
            ("#", "Text"),
            [(q, (str(i), _e(q.text))) for i, q in enumerate(records, 1)],
        )
    if name == "lessons":
        return _table(
            case,
            f"{title}: recommendations and implications",
            ("Kind", "Lesson"),
            [(x, (_e(x.kind), f"<strong>{_e(x.title)}</strong><br>{_e(x.text)}")) for x in records],
        )
    if name == "actors":
        rows = []
        for a in records:
            goals = "".join(_goal(g) for g in a.goals)
            who = f"<strong>{_e(a.name)}</strong>" + (f" ({a.count})" if a.count else "")
            rows.append(
                (
                    a,
                    (
                        who,
                        _e(a.level),
                        _e(a.presence),
                        f"<ul>{goals}</ul>" if goals else "none reported",
                    ),
                )
            )
        return _table(case, f"{title}: actors", ("Actor", "Level", "Presence", "Goals"), rows)
    if name == "goal_relations":
        goal_text = {g.key: f"{actor(g.actor)}: {_e(g.text)}" for g in case.goals}
        return _table(
            case,
            f"{title}: congruence and tension between goals",
            ("Goal", "Relation", "Goal", "Evidence"),
            [
                (r, (goal_text[r.a], _e(r.relation), goal_text[r.b], _e(r.evidence)))
                for r in records
            ],
        )
    if name == "interactions":
        return _table(
            case,
            f"{title}: interactions",
            ("From", "To", "Process", "Level", "Nature", "Description"),
            [
                (
                    x,
                    (
                        actor(x.from_actor),
                        actor(x.to_actor),
                        _e(x.process),
                        _e(x.level),
                        _e(x.nature),
                        _e(x.description),
                    ),
                )
                for x in records
            ],
        )
    if name == "factors":
        rows = []
        for f in records:
            evidence = "".join(f"<li>{_e(t)}</li>" for t in f.evidence)
            where = ", ".join([*(actor(a) for a in f.actors), *f.interactions, *f.levels])
            rows.append(
                (f, (_e(f.kind), f"<strong>{_e(f.name)}</strong>", f"<ul>{evidence}</ul>", where))
            )
        return _table(
            case,
            f"{title}: enablers and constraints",
            ("Kind", "Factor", "Evidence", "Acts on"),
            rows,
        )
    if name == "phases":
        return _table(
            case,
            f"{title}: phases",
            ("#", "Phase", "Description"),
            [(p, (str(p.order + 1), _e(p.name), _e(p.description))) for p in records],
        )
    if name == "elements":
        rows = []
        for el in records:
            t = el.timing
            timing = (
                f"enters: {_e(phase_names[t.enters])}<br>leaves: "
                f"{_e(phase_names[t.leaves]) if t.leaves else 'stays'}"
                + (f"<br>virtual until: {_e(phase_names[t.actual_from])}" if t.actual_from else "")
                + f"<br><small>timing {_e(t.status)}"
                + (f": {_e(t.note)}" if t.note else "")
                + "</small>"
            )
            rows.append((el, (_e(el.name), _e(el.category.replace("-", " ")), _e(el.kind), timing)))
        return _table(
            case,
            f"{title}: elements of the assemblage",
            ("Element", "Category", "Kind", "Timing"),
            rows,
        )
    if name == "links":
        elements = {e.id: e.name for e in case.elements}
        return _table(
            case,
            f"{title}: links between elements (shown only when switched on)",
            ("Element", "Element", "Description"),
            [(x, (_e(elements[x.a]), _e(elements[x.b]), _e(x.description))) for x in records],
        )
    # value_views
    return _table(
        case,
        f"{title}: how each group sees value",
        ("Group", "Dimension", "Process", "Valence", "View"),
        [
            (
                v,
                (
                    actor(v.actor),
                    _e(v.dimension.replace("-", " ")),
                    _e(v.process or ""),
                    _e(v.valence),
                    _e(v.text),
                ),
            )
            for v in records
        ],
    )


def status_counts(case: Case | str) -> dict[str, tuple[int, int]]:
    """Per section, (reported, illustrative) record counts."""
    if isinstance(case, str):
        case = load_case(case)
    out = {}
    for name in SECTIONS:
        recs = getattr(case, name)
        ill = sum(r.illustrative for r in recs)
        out[name] = (len(recs) - ill, ill)
    return out
