"""Load and validate case folders and the frameworks.

Every problem in a folder is collected before anything is returned: YAML syntax,
duplicate keys (which PyYAML would otherwise overwrite silently), schema shape,
duplicate ids, and references that point nowhere. A :class:`CaseDataError`
lists them all, each naming the file, its line, the record and the field, with
what was expected. Nothing partial is ever returned.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, overload

from coproduction.cases import model as m
from coproduction.cases.schema import CASE_FILES, FRAMEWORK_FILES, OPTIONAL_FRAMEWORK_FILES
from coproduction.datafile import DataFileError, Reader, Refs
from coproduction.datafile import Problem as Problem  # re-exported: cases.Problem
from coproduction.resources import packaged

ENV_DATA_DIR = "COPRODUCTION_CASE_DATA"
REQUIRED_CASE_FILES = ("case.yaml",)


class CaseDataError(DataFileError):
    """A case or framework folder has problems; ``problems`` lists every one."""

    format_doc = "the package's case_data/README.md"

    def __init__(self, folder: str, problems: list[Problem]):
        self.folder = folder
        super().__init__(folder, problems)


def data_dir() -> Path:
    """The folder holding ``frameworks/`` and the cases.

    By default the ``case_data/`` shipped inside the package;
    ``$COPRODUCTION_CASE_DATA`` names another folder to use instead.
    """
    env = os.environ.get(ENV_DATA_DIR)
    path = Path(env) if env else packaged("case_data")
    if not (path / "frameworks").is_dir():
        where = f"${ENV_DATA_DIR} names {path}" if env else f"the package's data at {path}"
        raise FileNotFoundError(
            f"{where}, which holds no frameworks/ folder: point ${ENV_DATA_DIR} at a "
            "folder that holds frameworks/ and the cases, or unset it to use the data "
            "shipped with the package"
        )
    return path


def case_ids() -> list[str]:
    """The ids of the cases shipped in the data folder, sorted."""
    root = data_dir()
    return sorted(p.name for p in root.iterdir() if (p / "case.yaml").is_file())


# Frameworks -------------------------------------------------------------------


def _src(d: Mapping[str, Any]) -> m.Source:
    return m.Source(d["source"]["paper"], d["source"]["where"])


def _base(d: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": d["id"], "source": _src(d), "status": d["status"], "note": d.get("note")}


_N = TypeVar("_N", bound=m.Named)


@overload
def _named(d: Mapping[str, Any]) -> m.Named: ...
@overload
def _named(d: Mapping[str, Any], cls: type[_N], **extra: Any) -> _N: ...
def _named(d: Mapping[str, Any], cls: type[m.Named] = m.Named, **extra: Any) -> m.Named:
    return cls(**_base(d), name=d["name"], description=d["description"], **extra)


def _refs_list(d: Mapping[str, Any]) -> tuple[m.PaperRef, ...]:
    return tuple(m.PaperRef(s["key"], s.get("seed"), s["citation"]) for s in d["sources"])


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_frameworks(folder: str | os.PathLike[str] | None = None) -> m.Frameworks:
    """Load and validate ``case_data/frameworks`` (or another frameworks folder)."""
    path = Path(folder) if folder is not None else data_dir() / "frameworks"
    return _load_frameworks_cached(str(path.resolve()), _mtimes(path))


def _mtimes(folder: Path) -> tuple[tuple[str, float], ...]:
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, _mtime(p)) for p in folder.glob("*.y*ml")))


def _mtime(path: Path) -> float:
    """When a file changed (its link's, for a link that leads nowhere): the cache key."""
    try:
        return path.stat().st_mtime
    except OSError:
        try:
            return path.lstat().st_mtime
        except OSError:
            return -1.0


@lru_cache(maxsize=8)
def _load_frameworks_cached(folder: str, _mtimes: tuple[tuple[str, float], ...]) -> m.Frameworks:
    path = Path(folder)
    if not path.is_dir():
        raise CaseDataError(path.name, [Problem(path.name, "folder does not exist")])
    r = Reader(path)
    docs = {
        name: r.read(name, required=name not in OPTIONAL_FRAMEWORK_FILES)
        for name in FRAMEWORK_FILES
    }
    for name, data in docs.items():
        if data is not None:
            r.validate(name, data, FRAMEWORK_FILES[name])
    if not r.problems:
        _check_frameworks(r, docs)
        if docs["scenarios.yaml"] is not None:
            _check_scenarios(r, docs, path)
        for name in ("ladder.yaml", "continuum.yaml"):
            if docs[name] is not None:
                _check_optional(r, docs, path, name)
    if r.problems:
        raise CaseDataError(f"case_data/{path.name}", r.problems)
    return _build_frameworks(docs)


def _check_frameworks(r: Reader, docs: dict[str, Any]) -> None:
    refs = Refs(r)
    papers = {s["key"] for s in docs["frameworks.yaml"]["sources"]}
    tables = {
        "modes.yaml": ["levels", "modes", "limits", "barriers"],
        "matrix.yaml": ["dimensions", "cells", "value_types", "open_problems"],
        "ecosystem.yaml": ["levels", "processes"],
        "value.yaml": ["dimensions", "properties"],
        "assemblage.yaml": ["kinds", "categories", "concepts", "cautions"],
    }
    ids: dict[tuple[str, str], dict[str, Any]] = {}
    for name, keys in tables.items():
        refs.sources(name, docs[name], papers, "frameworks/frameworks.yaml")
        for key in keys:
            ids[name, key] = refs.unique(name, docs[name], key)

    modes = docs["modes.yaml"]
    for i, mode in enumerate(modes["modes"]):
        for j, level in enumerate(mode["level"]):
            refs.ref(
                "modes.yaml",
                modes,
                ("modes", i, "level", j),
                level,
                ids["modes.yaml", "levels"],
                "a level",
                "modes.yaml levels",
            )

    matrix = docs["matrix.yaml"]
    dims = ids["matrix.yaml", "dimensions"]
    if set(dims) != {"nature", "locus"}:
        r.add(
            "matrix.yaml",
            f"dimensions must be 'nature' and 'locus', got {sorted(dims)}",
            ("dimensions",),
            matrix,
        )
    else:
        values = {k: [v["id"] for v in d["values"]] for k, d in dims.items()}
        seen_cells: dict[tuple[str, str], str] = {}
        for i, cell in enumerate(matrix["cells"]):
            for dim in ("nature", "locus"):
                refs.ref(
                    "matrix.yaml",
                    matrix,
                    ("cells", i, dim),
                    cell[dim],
                    values[dim],
                    f"a value of the {dim} dimension",
                    "matrix.yaml dimensions",
                )
            pos = (cell["nature"], cell["locus"])
            if pos in seen_cells:
                r.add(
                    "matrix.yaml",
                    f"two cells sit at nature={pos[0]}, locus={pos[1]} (also '{seen_cells[pos]}')",
                    ("cells", i),
                    matrix,
                )
            seen_cells[pos] = cell["id"]
        quadrants = sorted(c["quadrant"] for c in matrix["cells"])
        if quadrants != [1, 2, 3, 4]:
            r.add(
                "matrix.yaml",
                f"quadrants must be 1, 2, 3 and 4 once each, got {quadrants}",
                ("cells",),
                matrix,
            )

    assemblage = docs["assemblage.yaml"]
    for i, cat in enumerate(assemblage["categories"]):
        for j, kind in enumerate(cat.get("typical_kinds") or []):
            refs.ref(
                "assemblage.yaml",
                assemblage,
                ("categories", i, "typical_kinds", j),
                kind,
                ids["assemblage.yaml", "kinds"],
                "an element kind",
                "assemblage.yaml kinds",
            )


def _check_scenarios(r: Reader, docs: dict[str, Any], folder: Path) -> None:
    """Scenarios name a mode, a cell and a case that exist (or null for none)."""
    refs = Refs(r)
    name = "scenarios.yaml"
    data = docs[name]
    papers = {s["key"] for s in docs["frameworks.yaml"]["sources"]}
    refs.sources(name, data, papers, "frameworks/frameworks.yaml")
    refs.unique(name, data, "scenarios")
    modes = [d["id"] for d in docs["modes.yaml"]["modes"]]
    cells = [d["id"] for d in docs["matrix.yaml"]["cells"]]
    # The cases shipped next to this frameworks folder.
    cases = sorted(p.name for p in folder.parent.iterdir() if (p / "case.yaml").is_file())
    for i, sc in enumerate(data["scenarios"]):
        for key, allowed, what, where in (
            ("mode", modes, "a mode", "modes.yaml"),
            ("cell", cells, "a cell", "matrix.yaml"),
            ("case", cases, "a case", f"the data folder {folder.parent.name}/"),
        ):
            if sc.get(key) is not None:
                refs.ref(name, data, ("scenarios", i, key), sc[key], allowed, what, where)


def _check_optional(r: Reader, docs: dict[str, Any], folder: Path, name: str) -> None:
    """Sources, ids and references of ladder.yaml and continuum.yaml."""
    refs = Refs(r)
    data = docs[name]
    papers = {s["key"] for s in docs["frameworks.yaml"]["sources"]}
    refs.sources(name, data, papers, "frameworks/frameworks.yaml")
    cases = sorted(p.name for p in folder.parent.iterdir() if (p / "case.yaml").is_file())
    if name == "ladder.yaml":
        rungs = refs.unique(name, data, "rungs")
        refs.unique(name, data, "placements")
        numbers = sorted(d["rung"] for d in data["rungs"])
        if numbers != list(range(1, 9)):
            r.add(name, f"rungs must be numbered 1 to 8 once each, got {numbers}", ("rungs",), data)
        items = data.get("placements") or []
        for i, p in enumerate(items):
            refs.ref(name, data, ("placements", i, "rung"), p["rung"], rungs, "a rung", name)
    else:
        refs.unique(name, data, "characteristics")
        refs.unique(name, data, "services")
        items = data["services"]
    key = "placements" if name == "ladder.yaml" else "services"
    for i, item in enumerate(items):
        if item.get("case") is not None:
            refs.ref(
                name,
                data,
                (key, i, "case"),
                item["case"],
                cases,
                "a case",
                f"the data folder {folder.parent.name}/",
            )


def _build_frameworks(docs: dict[str, Any]) -> m.Frameworks:
    modes, matrix = docs["modes.yaml"], docs["matrix.yaml"]
    eco, value, asm = docs["ecosystem.yaml"], docs["value.yaml"], docs["assemblage.yaml"]
    return m.Frameworks(
        sources=_refs_list(docs["frameworks.yaml"]),
        mode_levels=tuple(_named(d) for d in modes["levels"]),
        modes=tuple(
            _named(
                d,
                m.Mode,
                levels=tuple(d["level"]),
                aim=d["aim"],
                aim_id=d["aim_id"],
                roots=d["roots"],
                key_ideas=tuple(d.get("key_ideas") or ()),
                cues=tuple(c.lower() for c in d["cues"]),
            )
            for d in modes["modes"]
        ),
        limits=tuple(_named(d, m.Limit, example=d.get("example")) for d in modes["limits"]),
        barriers=tuple(_named(d) for d in modes.get("barriers") or ()),
        matrix_dimensions=tuple(
            m.MatrixDimension(
                **_base(d),
                name=d["name"],
                values=tuple(m.DimensionValue(v["id"], v["name"]) for v in d["values"]),
            )
            for d in matrix["dimensions"]
        ),
        cells=tuple(
            _named(
                d,
                m.Cell,
                quadrant=d["quadrant"],
                nature=d["nature"],
                locus=d["locus"],
                examples=tuple(
                    m.Example(e["text"], _src(e), e["status"], e.get("note"))
                    for e in d.get("examples") or ()
                ),
                value_created=d.get("value_created"),
            )
            for d in sorted(matrix["cells"], key=lambda c: c["quadrant"])
        ),
        value_types=tuple(_named(d) for d in matrix.get("value_types") or ()),
        open_problems=tuple(_named(d) for d in matrix.get("open_problems") or ()),
        levels=tuple(
            _named(d, m.EcosystemLevel, examples=tuple(d.get("examples") or ()))
            for d in eco["levels"]
        ),
        processes=tuple(
            _named(d, m.Process, kind=d["kind"], actors=d.get("actors")) for d in eco["processes"]
        ),
        value_dimensions=tuple(_named(d) for d in value["dimensions"]),
        value_properties=tuple(_named(d) for d in value.get("properties") or ()),
        element_kinds=tuple(_named(d) for d in asm["kinds"]),
        categories=tuple(
            _named(d, m.Category, typical_kinds=tuple(d.get("typical_kinds") or ()))
            for d in asm["categories"]
        ),
        concepts=tuple(_named(d) for d in asm.get("concepts") or ()),
        definition_of_value=tuple(
            m.Statement(**_base(d), text=d["text"])
            for d in _as_list(asm.get("definition_of_value"))
        ),
        cautions=tuple(_named(d) for d in asm.get("cautions") or ()),
        scenarios=tuple(
            m.Scenario(
                **_base(d),
                name=d["name"],
                text=d["text"],
                mode=d["mode"],
                cell=d["cell"],
                why_mode=d["why_mode"],
                why_cell=d["why_cell"],
                case=d.get("case"),
            )
            for d in (docs.get("scenarios.yaml") or {}).get("scenarios") or ()
        ),
        rungs=tuple(
            _named(d, m.Rung, rung=d["rung"], group=d["group"])
            for d in sorted(
                (docs.get("ladder.yaml") or {}).get("rungs") or (), key=lambda x: x["rung"]
            )
        ),
        placements=tuple(
            m.Placement(
                **_base(d),
                name=d["name"],
                text=d["text"],
                rung=d["rung"],
                why=d["why"],
                case=d.get("case"),
            )
            for d in (docs.get("ladder.yaml") or {}).get("placements") or ()
        ),
        service_characteristics=tuple(
            _named(d) for d in (docs.get("continuum.yaml") or {}).get("characteristics") or ()
        ),
        continuum=tuple(
            m.ServiceOnContinuum(
                **_base(d),
                name=d["name"],
                text=d["text"],
                contact=float(d["contact"]),
                how_users_coproduce=d["how_users_coproduce"],
                why=d["why"],
                case=d.get("case"),
            )
            for d in sorted(
                (docs.get("continuum.yaml") or {}).get("services") or (),
                key=lambda x: -x["contact"],
            )
        ),
    )


# Cases ------------------------------------------------------------------------


def load_case(case: str | os.PathLike[str], frameworks: m.Frameworks | None = None) -> m.Case:
    """Load and validate one case.

    Parameters
    ----------
    case:
        A case id shipped with the book (``"ipoa"``) or the path of a case folder,
        for example a lecturer's own case.
    frameworks:
        The frameworks to check the case against; by default ``case_data/frameworks``.

    Raises
    ------
    CaseDataError
        Listing every problem found, each with file, line, record and field.
    """
    path = Path(case)
    if not path.is_dir():
        candidate = data_dir() / str(case)
        if not candidate.is_dir():
            known = ", ".join(case_ids())
            raise CaseDataError(
                str(case),
                [
                    Problem(
                        str(case), f"no case folder by this name or path; shipped cases: {known}"
                    )
                ],
            )
        path = candidate
    fw = frameworks if frameworks is not None else load_frameworks()
    return _load_case_cached(str(path.resolve()), _mtimes(path), fw)


@lru_cache(maxsize=32)
def _load_case_cached(
    folder: str, _mtimes: tuple[tuple[str, float], ...], fw: m.Frameworks
) -> m.Case:
    path = Path(folder)
    r = Reader(path)
    docs = {name: r.read(name, required=name in REQUIRED_CASE_FILES) for name in CASE_FILES}
    for name, data in docs.items():
        if data is not None:
            r.validate(name, data, CASE_FILES[name])
    _check_case(r, path, docs, fw)
    if r.problems:
        raise CaseDataError(path.name, r.problems)
    return _build_case(docs)


def _lenient_ids(docs: dict[str, Any], name: str, key: str) -> dict[str, Any] | None:
    """Ids of a file whose shape is wrong, so references to it can still be checked."""
    data = docs.get(name)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return None
    return {
        item["id"]: item
        for item in data[key]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _ok(r: Reader, docs: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The file's data if it exists and its shape is valid, else None."""
    data = docs.get(name)
    return data if data is not None and name not in r.broken else None


def _check_case(r: Reader, path: Path, docs: dict[str, Any], fw: m.Frameworks) -> None:
    refs = Refs(r)
    case = _ok(r, docs, "case.yaml")
    if case is None:
        return
    if case["id"] != path.name:
        r.add(
            "case.yaml",
            f"id '{case['id']}' differs from the folder name '{path.name}'; make them the same",
            ("id",),
            case,
        )
    papers = {s["key"] for s in case["sources"]}
    for name in CASE_FILES:
        if _ok(r, docs, name) is not None:
            refs.sources(name, docs[name], papers, f"{path.name}/case.yaml sources")
    for key in ("facts", "timeline", "questions", "principles", "lessons"):
        refs.unique("case.yaml", case, key)
    dates = [str(e["date"]) for e in case.get("timeline") or []]
    for i in range(1, len(dates)):
        if dates[i] < dates[i - 1]:
            r.add(
                "case.yaml",
                f"timeline is out of order: {dates[i]} comes after {dates[i - 1]}",
                ("timeline", i),
                case,
                field="date",
            )

    levels = fw.level_ids()
    processes = fw.process_ids()
    actors_doc = _ok(r, docs, "actors.yaml")
    actors = _lenient_ids(docs, "actors.yaml", "actors")
    if actors_doc is not None:
        actors = refs.unique("actors.yaml", actors_doc, "actors")
        refs.unique("actors.yaml", actors_doc, "goal_relations")
        goal_keys = set()
        for i, actor in enumerate(actors_doc["actors"]):
            refs.ref(
                "actors.yaml",
                actors_doc,
                ("actors", i, "level"),
                actor["level"],
                levels,
                "an ecosystem level",
                "frameworks/ecosystem.yaml",
            )
            seen = set()
            for j, goal in enumerate(actor.get("goals") or []):
                if goal["id"] in seen:
                    r.add(
                        "actors.yaml",
                        f"duplicate goal id '{goal['id']}' for this actor",
                        ("actors", i, "goals", j),
                        actors_doc,
                        field="id",
                    )
                seen.add(goal["id"])
                goal_keys.add(f"{actor['id']}/{goal['id']}")
        for i, rel in enumerate(actors_doc.get("goal_relations") or []):
            for end in ("a", "b"):
                refs.ref(
                    "actors.yaml",
                    actors_doc,
                    ("goal_relations", i, end),
                    rel[end],
                    sorted(goal_keys),
                    "a goal (actor-id/goal-id)",
                    "actors.yaml",
                )
            if rel["a"] == rel["b"]:
                r.add(
                    "actors.yaml",
                    "a goal relation needs two different goals",
                    ("goal_relations", i),
                    actors_doc,
                )

    inter_doc = _ok(r, docs, "interactions.yaml")
    interactions = _lenient_ids(docs, "interactions.yaml", "interactions")
    if inter_doc is not None:
        interactions = refs.unique("interactions.yaml", inter_doc, "interactions")
        for i, x in enumerate(inter_doc["interactions"]):
            if actors is not None:
                for end in ("from", "to"):
                    refs.ref(
                        "interactions.yaml",
                        inter_doc,
                        ("interactions", i, end),
                        x[end],
                        actors,
                        "an actor",
                        "actors.yaml",
                    )
            elif "actors.yaml" not in r.broken:
                r.add(
                    "interactions.yaml",
                    "interactions need actors.yaml to name their actors",
                    ("interactions", i),
                    inter_doc,
                )
            refs.ref(
                "interactions.yaml",
                inter_doc,
                ("interactions", i, "process"),
                x["process"],
                processes,
                "a process",
                "frameworks/ecosystem.yaml",
            )
            refs.ref(
                "interactions.yaml",
                inter_doc,
                ("interactions", i, "level"),
                x["level"],
                levels,
                "an ecosystem level",
                "frameworks/ecosystem.yaml",
            )

    fac_doc = _ok(r, docs, "factors.yaml")
    if fac_doc is not None:
        refs.unique("factors.yaml", fac_doc, "factors")
        for i, f in enumerate(fac_doc["factors"]):
            targets = {
                "actors": (actors, "an actor", "actors.yaml"),
                "interactions": (interactions, "an interaction", "interactions.yaml"),
                "levels": (
                    dict.fromkeys(levels),
                    "an ecosystem level",
                    "frameworks/ecosystem.yaml",
                ),
            }
            for key, ids in f["acts_on"].items():
                known, what, where = targets[key]
                for j, value in enumerate(ids):
                    if known is None:
                        if targets[key][2] not in r.broken:
                            r.add(
                                "factors.yaml",
                                f"acts_on.{key} needs {where}, which this case does not have",
                                ("factors", i, "acts_on", key, j),
                                fac_doc,
                            )
                        continue
                    refs.ref(
                        "factors.yaml",
                        fac_doc,
                        ("factors", i, "acts_on", key, j),
                        value,
                        known,
                        what,
                        where,
                    )

    asm = _ok(r, docs, "assemblage.yaml")
    if asm is not None:
        _check_assemblage(r, refs, asm, fw)

    val = _ok(r, docs, "values.yaml")
    if val is not None:
        refs.unique("values.yaml", val, "value_views")
        dims = [d.id for d in fw.value_dimensions]
        for i, v in enumerate(val["value_views"]):
            if actors is not None:
                refs.ref(
                    "values.yaml",
                    val,
                    ("value_views", i, "actor"),
                    v["actor"],
                    actors,
                    "an actor",
                    "actors.yaml",
                )
            elif "actors.yaml" not in r.broken:
                r.add(
                    "values.yaml",
                    "value views need actors.yaml to name whose view it is",
                    ("value_views", i),
                    val,
                )
            refs.ref(
                "values.yaml",
                val,
                ("value_views", i, "dimension"),
                v["dimension"],
                dims,
                "a value dimension",
                "frameworks/value.yaml",
            )
            if "process" in v:
                refs.ref(
                    "values.yaml",
                    val,
                    ("value_views", i, "process"),
                    v["process"],
                    processes,
                    "a process",
                    "frameworks/ecosystem.yaml",
                )


def _check_assemblage(r: Reader, refs: Refs, asm: dict[str, Any], fw: m.Frameworks) -> None:
    name = "assemblage.yaml"
    phases = refs.unique(name, asm, "phases")
    order = {pid: i for i, pid in enumerate(phases)}
    elements = refs.unique(name, asm, "elements")
    refs.unique(name, asm, "links")
    kinds = [k.id for k in fw.element_kinds]
    cats = [c.id for c in fw.categories]
    for i, el in enumerate(asm["elements"]):
        refs.ref(
            name,
            asm,
            ("elements", i, "kind"),
            el["kind"],
            kinds,
            "an element kind",
            "frameworks/assemblage.yaml",
        )
        refs.ref(
            name,
            asm,
            ("elements", i, "category"),
            el["category"],
            cats,
            "an element category",
            "frameworks/assemblage.yaml",
        )
        t = el["timing"]
        for key in ("enters", "leaves", "actual_from"):
            if t[key] is not None:
                refs.ref(
                    name,
                    asm,
                    ("elements", i, "timing", key),
                    t[key],
                    phases,
                    "a phase",
                    "this file's phases",
                )
        enters, leaves, actual = (order.get(t[k]) for k in ("enters", "leaves", "actual_from"))
        if enters is not None and leaves is not None and leaves <= enters:
            r.add(
                name,
                f"leaves '{t['leaves']}' must come after enters '{t['enters']}' "
                "(leaves is the first phase without the element)",
                ("elements", i, "timing", "leaves"),
                asm,
            )
        if actual is not None and enters is not None and actual < enters:
            r.add(
                name,
                f"actual_from '{t['actual_from']}' comes before the element enters "
                f"('{t['enters']}')",
                ("elements", i, "timing", "actual_from"),
                asm,
            )
        if actual is not None and leaves is not None and actual >= leaves:
            r.add(
                name,
                f"actual_from '{t['actual_from']}' is not before the element leaves "
                f"('{t['leaves']}')",
                ("elements", i, "timing", "actual_from"),
                asm,
            )
    for i, link in enumerate(asm.get("links") or []):
        for end in ("a", "b"):
            refs.ref(
                name,
                asm,
                ("links", i, end),
                link[end],
                elements,
                "an element",
                "this file's elements",
            )
        if link["a"] == link["b"]:
            r.add(name, "a link needs two different elements", ("links", i), asm)


def _build_case(docs: dict[str, Any]) -> m.Case:
    case = docs["case.yaml"]
    actors_doc = docs.get("actors.yaml") or {}
    asm = docs.get("assemblage.yaml") or {}
    files = tuple(name for name, data in docs.items() if data is not None)
    return m.Case(
        id=case["id"],
        title=case["title"],
        short_title=case["short_title"],
        summary=case["summary"],
        sources=_refs_list(case),
        facts=tuple(
            m.Fact(
                **_base(d), label=d["label"], value=d["value"], group=d["group"], unit=d.get("unit")
            )
            for d in case.get("facts") or ()
        ),
        timeline=tuple(
            m.TimelineEvent(**_base(d), date=str(d["date"]), event=d["event"])
            for d in case.get("timeline") or ()
        ),
        questions=tuple(
            m.Statement(**_base(d), text=d["text"]) for d in case.get("questions") or ()
        ),
        principles=tuple(
            m.Statement(**_base(d), text=d["text"]) for d in case.get("principles") or ()
        ),
        lessons=tuple(
            m.Lesson(**_base(d), title=d["title"], text=d["text"], kind=d["kind"])
            for d in case.get("lessons") or ()
        ),
        actors=tuple(
            m.Actor(
                **_base(d),
                name=d["name"],
                type=d["type"],
                level=d["level"],
                count=d.get("count"),
                presence=d.get("presence", "actual"),
                goals=tuple(
                    m.Goal(**_base(g), actor=d["id"], text=g["text"]) for g in d.get("goals") or ()
                ),
            )
            for d in actors_doc.get("actors") or ()
        ),
        goal_relations=tuple(
            m.GoalRelation(
                **_base(d), a=d["a"], b=d["b"], relation=d["relation"], evidence=d["evidence"]
            )
            for d in actors_doc.get("goal_relations") or ()
        ),
        interactions=tuple(
            m.Interaction(
                **_base(d),
                from_actor=d["from"],
                to_actor=d["to"],
                process=d["process"],
                level=d["level"],
                nature=d["nature"],
                description=d["description"],
            )
            for d in (docs.get("interactions.yaml") or {}).get("interactions") or ()
        ),
        factors=tuple(
            m.Factor(
                **_base(d),
                name=d["name"],
                kind=d["kind"],
                evidence=tuple(d["evidence"]),
                actors=tuple(d["acts_on"].get("actors") or ()),
                interactions=tuple(d["acts_on"].get("interactions") or ()),
                levels=tuple(d["acts_on"].get("levels") or ()),
                group=d.get("group"),
            )
            for d in (docs.get("factors.yaml") or {}).get("factors") or ()
        ),
        phases=tuple(
            m.Phase(**_base(d), name=d["name"], description=d["description"], order=i)
            for i, d in enumerate(asm.get("phases") or ())
        ),
        elements=tuple(
            m.Element(
                **_base(d),
                name=d["name"],
                category=d["category"],
                kind=d["kind"],
                timing=m.Timing(
                    enters=d["timing"]["enters"],
                    leaves=d["timing"]["leaves"],
                    actual_from=d["timing"]["actual_from"],
                    source=_src(d["timing"]),
                    status=d["timing"]["status"],
                    note=d["timing"].get("note"),
                ),
            )
            for d in asm.get("elements") or ()
        ),
        links=tuple(
            m.Link(**_base(d), a=d["a"], b=d["b"], description=d["description"])
            for d in asm.get("links") or ()
        ),
        value_views=tuple(
            m.ValueView(
                **_base(d),
                actor=d["actor"],
                dimension=d["dimension"],
                valence=d["valence"],
                text=d["text"],
                process=d.get("process"),
            )
            for d in (docs.get("values.yaml") or {}).get("value_views") or ()
        ),
        files=files,
    )
