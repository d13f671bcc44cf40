"""The package works from its wheel alone: installed with pip into a fresh virtual
environment, outside this repository, as on a lecturer's server."""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, make_env

pytestmark = pytest.mark.dist

DATA = [
    "case_data/README.md",
    "case_data/comparison.yaml",
    "case_data/frameworks/modes.yaml",
    "case_data/ipoa/case.yaml",
    "case_data/ipoa/assemblage.yaml",
    "case_data/scottish-social-security/case.yaml",
    "exercises/README.md",
    *(f"exercises/bank/chapter-0{n}.yaml" for n in range(1, 8)),
    "examples/example-set.yaml",
    "examples/bank/library-at-home.yaml",
    "examples/library-at-home/case.yaml",
    "widgets/explorer.js",
]


def test_the_wheel_and_the_sdist_ship_the_data(wheel: Path, dist: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [d for d in DATA if f"coproduction/{d}" not in names]
    assert not missing, f"{wheel.name} lacks {missing}"
    assert not [n for n in names if n.startswith(("tests/", "chapters/", "case_data/"))]
    (sdist,) = dist.glob("coproduction-*.tar.gz")
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    missing = [d for d in DATA if f"src/coproduction/{d}" not in members]
    assert not missing, f"{sdist.name} lacks {missing}"


def test_the_installed_package_reads_its_own_copy_of_the_data(installed, elsewhere):
    proc = installed.run(
        "python",
        "-c",
        "from coproduction.cases import data_dir; from coproduction.exercises.items import BANK;"
        "print(data_dir()); print(BANK)",
        cwd=elsewhere,
    )
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        path = Path(line)
        assert installed.path in path.parents and ROOT not in path.parents, line


def test_check_all_passes_outside_the_repository(installed, elsewhere):
    proc = installed.run("python", "-m", "coproduction.cases", "check", "--all", cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ipoa: valid" in proc.stdout and "scottish-social-security: valid" in proc.stdout
    assert "frameworks: valid frameworks" in proc.stdout


EXPLORERS = """
import json, sys
from coproduction.cases import load_case, load_frameworks
from coproduction.widgets.assemblage import assemblage_explorer
from coproduction.widgets.comparison import comparison_explorer
from coproduction.widgets.continuum import continuum_explorer
from coproduction.widgets.ecosystem import ecosystem_explorer
from coproduction.widgets.ladder import ladder_explorer
from coproduction.widgets.typologies import matrix_explorer, modes_explorer
from coproduction.widgets.value import value_explorer

fw = load_frameworks()
mine = load_case(sys.argv[1], fw)  # a lecturer's own case, by its path
built = {
    "ladder": ladder_explorer(),
    "continuum": continuum_explorer("scottish-social-security", fw),
    "modes": modes_explorer("scottish-social-security"),
    "matrix": matrix_explorer("ipoa"),
    "value": value_explorer("scottish-social-security"),
    "assemblage": assemblage_explorer("ipoa"),
    "ecosystem": ecosystem_explorer("scottish-social-security"),
    "comparison": comparison_explorer(),
    "assemblage, own case": assemblage_explorer(mine),
    "ecosystem, own case": ecosystem_explorer(mine),
    "value, own case": value_explorer(mine),
    "comparison, own case": comparison_explorer(mine),
}
print(json.dumps({k: [len(w.states), "<svg" in w.current_html] for k, w in built.items()}))
"""


def test_every_explorer_builds_on_the_shipped_cases_and_a_case_given_by_path(installed, elsewhere):
    made = installed.run("python", "-m", "coproduction.cases", "example", "my-case", cwd=elsewhere)
    assert made.returncode == 0, made.stderr
    (elsewhere / "explorers.py").write_text(EXPLORERS)
    proc = installed.run("python", "explorers.py", "my-case", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.splitlines()[-1])
    assert len(result) == 12
    for name, (states, _) in result.items():
        assert states >= 1, f"{name}: no states"
    assert any(fig for _, fig in result.values()), "no explorer drew a figure"


def test_a_lecturer_grades_the_example_set_with_the_installed_command(installed, elsewhere):
    cmd = installed.bin("coproduction-exercises")
    steps = [
        (cmd, "example-set", "week-3.yaml"),
        (cmd, "check", "--set", "week-3.yaml"),
        (cmd, "release", "week-3.yaml", "--out", "release"),
    ]
    for step in steps:
        proc = installed.run(*step, cwd=elsewhere)
        assert proc.returncode == 0, f"{step[1:]}: {proc.stdout}{proc.stderr}"
    # Two students answer through the released question file, as the notebook does.
    answer = """
import sys
from pathlib import Path
from coproduction.exercises.notebook import assessed
(release,) = Path("release").glob("*.json")
box = assessed(release, student=sys.argv[1], folder=Path("hand-in"))
for w in box.children[1:]:
    spec = w.spec
    kind = spec["kind"]
    if kind == "single" or kind == "classify":
        ans = (spec.get("options") or spec.get("categories"))[0]["id"]
    elif kind == "multiple":
        ans = [spec["options"][0]["id"]]
    elif kind == "ordering":
        ans = [s["id"] for s in spec["steps"]]
    elif kind == "matching":
        ans = {l["id"]: spec["right"][0]["id"] for l in spec["left"]}
    elif kind == "numeric":
        ans = 3
    else:
        ans = "An answer in my own words."
    assert w.submit(ans).startswith("Answer recorded"), w.status
"""
    (elsewhere / "answer.py").write_text(answer)
    for student in ("s1001", "s1002"):
        proc = installed.run("python", "answer.py", student, cwd=elsewhere)
        assert proc.returncode == 0, proc.stderr[-3000:]
    proc = installed.run(
        cmd,
        "grade",
        "week-3.yaml",
        "hand-in",
        "--out",
        "results",
        "--no-progress",
        cwd=elsewhere,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    rows = (elsewhere / "results" / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 3 and "s1001" in rows[1] + rows[2], rows
    assert list((elsewhere / "results" / "feedback").glob("*.html"))
    proc = installed.run(cmd, "generate", "--case", "ipoa", "--out", "ipoa.yaml", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert "kind: numeric" in (elsewhere / "ipoa.yaml").read_text()


def test_the_binder_set_up_installs(tmp_path):
    """binder/postBuild, as Binder runs it from the repository's root: the package
    with JupyterLab and jupytext installs from the registry, and JupyterLab is told
    to open the chapters' .md files as notebooks."""
    env = make_env(tmp_path / "binder")
    proc = env.run("bash", ROOT / "binder" / "postBuild", cwd=ROOT, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    check = env.run("python", "-c", "import coproduction.cases, jupyterlab, jupytext", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    settings = env.path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(settings.read_text()) == json.loads(
        (ROOT / "jupyterlab" / "overrides.json").read_text()
    )
    assert (ROOT / "binder" / "runtime.txt").read_text().startswith("python-3.")
