"""Importing the package changes nothing in the reader's session."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import sys, matplotlib
before = matplotlib.rcParams._get("backend")
import coproduction.figures, coproduction.figures.typologies, coproduction.widgets.typologies
from coproduction.cases import load_frameworks
from coproduction.figures import to_svg
from coproduction.figures.typologies import modes_figure
fig, alt = modes_figure(load_frameworks())
assert "<svg" in to_svg(fig, alt)
assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
assert matplotlib.rcParams._get("backend") == before, matplotlib.rcParams._get("backend")
print("ok")
"""


def test_importing_and_drawing_sets_no_backend_and_imports_no_pyplot():
    # Without MPLBACKEND, so the test sees matplotlib's own choice, not the caller's.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
