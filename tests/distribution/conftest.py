"""Fixtures for the distribution tests: the package as a reader, lecturer or
self-learner gets it, outside this repository.

The wheel and sdist are built once per session with ``python -m build``; each
fresh virtual environment is made outside the repository with ``python -m venv``
and filled with ``pip`` from the package registry, exactly as a newcomer would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Env:
    """A fresh virtual environment outside the repository."""

    path: Path
    install_seconds: float

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.path / "bin" / name

    def run(self, *args: str | Path, cwd: Path, timeout: int = 600, **kw):
        """Run a command in the environment; the repository is nowhere on its path."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env.pop("COPRODUCTION_CASE_DATA", None)
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env={**env, **kw.pop("env", {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            **kw,
        )


def make_env(where: Path, *requirements: str | Path) -> Env:
    """``python -m venv`` at ``where`` and ``pip install`` of ``requirements``."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    start = time.perf_counter()
    if requirements:
        proc = subprocess.run(
            [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            + [str(r) for r in requirements],
            capture_output=True,
            text=True,
            timeout=1200,
            cwd=where,
        )
        assert proc.returncode == 0, f"pip install {requirements} failed:\n{proc.stderr[-3000:]}"
    return Env(where, time.perf_counter() - start)


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout[-2000:]}{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("coproduction-*-py3-none-any.whl")
    return found


@pytest.fixture(scope="session")
def installed(tmp_path_factory, wheel: Path) -> Env:
    """A fresh environment with only the wheel (and what it depends on) installed."""
    return make_env(tmp_path_factory.mktemp("venv") / "env", wheel)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the repository."""
    assert ROOT not in tmp_path.parents
    return tmp_path
