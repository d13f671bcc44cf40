"""What the built book offers for download, so its notebooks run outside it.

Book tooling, used by :mod:`coproduction.book.sphinx_ext` while the book is built:

- :func:`build_wheel` builds the package's wheel into the HTML output, where the
  "How to use this book" page and every page's download menu link to it;
- :func:`add_setup_cell` puts a short set-up cell at the top of each notebook
  offered for download. In a Python without the package the cell installs it,
  from the wheel saved beside the notebook or else from the published book
  (``html_baseurl``, ``html: baseurl:`` in ``_config.yml``); where the package is
  present it does nothing. ``%pip`` installs into the running kernel's own
  environment in Jupyter, JupyterLab, Colab and Binder alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import coproduction

SETUP_CELL_ID = "coproduction-setup"
SETUP_TAG = "coproduction-setup"


def wheel_name(version: str = coproduction.__version__) -> str:
    """The file name of the package's wheel (pure Python, any platform)."""
    return f"coproduction-{version}-py3-none-any.whl"


def build_wheel(project: Path, outdir: Path) -> Path:
    """Build the wheel of the package in ``project`` into ``outdir``; return its path.

    Uses the build front end with the environment's own hatchling (no download),
    so it works offline once the book's dependencies are installed.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    target = outdir / wheel_name()
    if proc.returncode != 0 or not target.is_file():
        raise RuntimeError(
            f"could not build {target.name} from {project} (python -m build --wheel):\n"
            + (proc.stderr or proc.stdout)[-2000:]
        )
    return target


def setup_source(wheel: str, base_url: str = "") -> str:
    """The code of the set-up cell for a notebook whose package wheel is ``wheel``."""
    url = f"{base_url.rstrip('/')}/{wheel}" if base_url else ""
    fallback = (
        f'_source = str(_wheels[-1]) if _wheels else "{url}"'
        if url
        else "_source = str(_wheels[-1]) if _wheels else None"
    )
    return f"""\
# Set-up: this notebook runs on the book's Python package, coproduction.
# If this Python lacks it, the cell installs it: in the book's own in-browser
# JupyterLite from the site's package index, elsewhere from the wheel saved beside
# the notebook ({wheel}, in the book's download menu){" or the book's site" if url else ""}.
# If the package is installed, the cell does nothing.
import importlib.util
import pathlib
import sys

if importlib.util.find_spec("coproduction") is None and sys.platform == "emscripten":
    %pip install coproduction
elif importlib.util.find_spec("coproduction") is None:
    _wheels = sorted(pathlib.Path().glob("coproduction-*.whl"))
    {fallback}
    if _source is None:
        raise ModuleNotFoundError(
            "This notebook needs the package coproduction: save {wheel} from "
            "the book's download menu in the notebook's folder, then run this cell again."
        )
    %pip install --quiet "{{_source}}"
    importlib.invalidate_caches()"""


def add_setup_cell(path: Path, wheel: str, base_url: str = "") -> bool:
    """Put the set-up cell before any other code in the notebook at ``path`` (once).

    Returns True if the cell was added, False if the notebook already had it.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if any(SETUP_TAG in c.get("metadata", {}).get("tags", ()) for c in nb.cells):
        return False
    cell = nbformat.v4.new_code_cell(setup_source(wheel, base_url))
    cell.metadata["tags"] = [SETUP_TAG]
    if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
        cell["id"] = SETUP_CELL_ID
    else:
        del cell["id"]
    # First, or straight after the page title where the notebook opens with one.
    first = nb.cells[0] if nb.cells else None
    titled = first is not None and first.cell_type == "markdown" and first.source.startswith("# ")
    nb.cells.insert(1 if titled else 0, cell)
    nbformat.write(nb, path)
    return True
