"""Every notebook the built book offers for download runs where a reader opens it:
a fresh Jupyter with no copy of the package, only the wheel saved beside it.

The set-up cell at the top of each notebook installs the package from that wheel
(its first run) or does nothing (the package is then present); nbclient runs
every cell, and none may fail.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import make_env

pytestmark = [pytest.mark.dist, pytest.mark.book]

RUNNER = r"""
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

def run(path):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        error = None
    except Exception as err:  # a failing cell: report it, go on with the rest
        error = f"{type(err).__name__}: {str(err)[-1500:]}"
    setup = [c for c in nb.cells if "coproduction-setup" in c.metadata.get("tags", [])]
    return str(path), error, [o.get("text", "") for c in setup for o in c.get("outputs", [])]

paths = [Path(p) for p in sys.argv[1:]]
results = [run(paths[0])]  # the first installs the package: run it on its own
with ThreadPoolExecutor(2) as pool:
    results += list(pool.map(run, paths[1:]))
print(json.dumps(results))
"""

PROBE = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": None,
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 4,
}


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory) -> object:
    """A fresh environment with only what runs notebooks: nbclient and a kernel."""
    return make_env(tmp_path_factory.mktemp("jupyter") / "env", "nbclient", "ipykernel")


@pytest.fixture(scope="module")
def downloads(built_html: Path, tmp_path_factory) -> Path:
    """The book's downloadable notebooks, each folder with the wheel saved beside them."""
    (wheel,) = built_html.glob("coproduction-*-py3-none-any.whl")
    target = tmp_path_factory.mktemp("downloads")
    for nb in (built_html / "_sources").rglob("*.ipynb"):
        dest = target / nb.relative_to(built_html / "_sources")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(nb, dest)
        shutil.copy(wheel, dest.parent / wheel.name)
    return target


def _setup_cell(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return code[0]


def test_every_downloaded_notebook_starts_with_the_set_up_cell(downloads: Path):
    notebooks = sorted(downloads.rglob("*.ipynb"))
    assert len(notebooks) >= 18
    for path in notebooks:
        first = _setup_cell(path)
        assert "coproduction-setup" in first["metadata"]["tags"], f"{path.name}: no set-up cell"
        assert "%pip install" in "".join(first["source"])


def test_without_the_wheel_the_set_up_cell_says_what_to_do(jupyter, downloads, tmp_path):
    # Run before any notebook installs the package into this environment.
    probe = dict(PROBE)
    first = _setup_cell(next(downloads.rglob("*.ipynb")))
    probe["cells"] = [{**PROBE["cells"][0], "source": first["source"]}]
    (tmp_path / "probe.ipynb").write_text(json.dumps(probe))
    (tmp_path / "run.py").write_text(RUNNER)
    proc = jupyter.run("python", "run.py", tmp_path / "probe.ipynb", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ((_, error, _),) = json.loads(proc.stdout.splitlines()[-1])
    assert error and "ModuleNotFoundError" in error and "download menu" in error, error


def test_every_downloaded_notebook_runs_in_a_fresh_jupyter_with_only_the_wheel(
    jupyter, downloads, tmp_path
):
    before = jupyter.run("python", "-c", "import coproduction", cwd=tmp_path)
    assert before.returncode != 0, "the fresh environment already has the package"
    notebooks = sorted(downloads.rglob("*.ipynb"))
    (tmp_path / "run.py").write_text(RUNNER)
    proc = jupyter.run("python", "run.py", *notebooks, cwd=tmp_path, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.splitlines()[-1])
    failed = {Path(p).name: e for p, e, _ in results if e}
    assert not failed, f"{len(failed)} of {len(results)} notebooks failed: {failed}"
    # The first notebook installed the package; in every later one the cell did nothing.
    assert all(not outputs for _, _, outputs in results[1:])
    where = jupyter.run(
        "python", "-c", "import coproduction; print(coproduction.__file__)", cwd=tmp_path
    )
    assert str(jupyter.path) in where.stdout, where.stdout + where.stderr


KERNEL_CELLS = [
    "import matplotlib\nfrom coproduction.cases import load_frameworks\n"
    "from coproduction.figures import show\n"
    "from coproduction.figures.typologies import modes_figure\n"
    "from coproduction.widgets.typologies import modes_explorer\n"
    "print(matplotlib.get_backend())",
    "show(modes_figure(load_frameworks()))",
    "modes_explorer('ipoa')",
    "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()",
]


KERNEL_RUNNER = """
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
print(json.dumps([c.outputs for c in nb.cells]))
"""


def test_figures_and_explorers_display_inline_in_a_kernel(jupyter, built_html, tmp_path):
    """Importing the package forces no matplotlib backend: the kernel keeps its
    inline one, the book's figures show as SVG, and a plot of the reader's own
    still appears inline."""
    if jupyter.run("python", "-c", "import coproduction", cwd=tmp_path).returncode:
        (wheel,) = built_html.glob("coproduction-*-py3-none-any.whl")
        installed = jupyter.run("python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
        assert installed.returncode == 0, installed.stderr
    nb = dict(PROBE)
    nb["cells"] = [{**PROBE["cells"][0], "source": src} for src in KERNEL_CELLS]
    (tmp_path / "kernel.ipynb").write_text(json.dumps(nb))
    (tmp_path / "run.py").write_text(KERNEL_RUNNER)
    proc = jupyter.run("python", "run.py", tmp_path / "kernel.ipynb", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    backend, figure, explorer, plot = json.loads(proc.stdout.splitlines()[-1])
    assert "inline" in backend[0]["text"], backend
    html = figure[0]["data"]["text/html"]
    assert "<svg" in html and 'role="img"' in html
    assert "application/vnd.jupyter.widget-view+json" in explorer[0]["data"]
    assert any("image/png" in o.get("data", {}) for o in plot), plot
