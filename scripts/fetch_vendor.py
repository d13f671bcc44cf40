#!/usr/bin/env python3
"""Fetch the book's front-end files so that no page asks an outside host for them.

The online book needs a widget manager, require.js and MathJax. By default
myst-nb and Sphinx load these from CDNs, which leaves widgets blank and maths
unrendered offline. This script fetches pinned versions from the npm registry
with ``npm pack`` (npm checks each tarball's integrity against the registry)
and copies anywidget's front end from the installed Python package, so that its
version always matches the kernel side. Everything lands in ``_vendor/``,
which the build serves through ``html_static_path``.

The folder is deliberately not called ``_static``: Jupyter Book 1 adds every
``.js`` and ``.css`` under a folder of that name to every page.

Usage: ``python scripts/fetch_vendor.py [--force]``. Re-running is cheap: a
stamp file records what was fetched and nothing is downloaded again while the
pins are unchanged.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version as dist_version
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"
STAMP = VENDOR / "VERSIONS.json"

# Pinned front-end versions. html-manager 1.0.x is the manager for ipywidgets 8.
NPM_PINS = {
    "@jupyter-widgets/html-manager": "1.0.15",
    "requirejs": "2.3.8",
    "mathjax": "3.2.2",
}

# Used only by the browser tests (accessibility scan); kept out of the built book.
TEST_PINS = {"axe-core": "4.10.3"}
TEST_VENDOR = ROOT / "_vendor_tests"

FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")


def _npm_pack(spec: str, dest: Path) -> tuple[Path, str]:
    """Download one package tarball; return its path and npm's integrity hash."""
    try:
        out = subprocess.run(
            ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except FileNotFoundError:
        sys.exit("fetch_vendor: npm is not installed; install Node.js and npm, then re-run")
    except subprocess.CalledProcessError as err:
        sys.exit(f"fetch_vendor: 'npm pack {spec}' failed:\n{err.stderr.strip()}")
    info = json.loads(out)[0]
    return dest / info["filename"], info["integrity"]


def _extract(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    return into / "package"


def _mathjax_unused(folder: str, names: list[str]) -> set[str]:
    """Skip the MathJax builds the book never loads (SVG output, other combined files)."""
    skip = {"node-main.js", "svg", "svg.js"}
    return {
        n
        for n in names
        if n in skip
        or (n.endswith(".js") and Path(folder).name == "es5" and n not in _MATHJAX_KEEP)
    }


_MATHJAX_KEEP = {"tex-mml-chtml.js", "startup.js", "core.js", "loader.js"}


def _anywidget_front_end() -> tuple[Path, str]:
    spec = find_spec("anywidget")
    if spec is None or spec.origin is None:
        sys.exit("fetch_vendor: the anywidget Python package is not installed (pip install -e .)")
    js = Path(spec.origin).parent / "nbextension" / "index.js"
    if not js.is_file():
        sys.exit(f"fetch_vendor: anywidget {dist_version('anywidget')} has no nbextension/index.js")
    return js, dist_version("anywidget")


def wanted() -> dict[str, str]:
    """The versions the book should be serving now."""
    pins = dict(NPM_PINS)
    pins["anywidget (from the Python package)"] = _anywidget_front_end()[1]
    return pins


def fetch(force: bool = False) -> dict[str, str]:
    pins = wanted()
    if not force and STAMP.is_file():
        recorded = json.loads(STAMP.read_text())
        if recorded.get("versions") == pins:
            print(f"fetch_vendor: _vendor/ is up to date ({', '.join(pins.values())})")
            return pins

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        staging = tmp / "_vendor"
        widgets = staging / "widgets"
        (widgets / "html-manager").mkdir(parents=True)
        (widgets / "anywidget").mkdir()
        integrity: dict[str, str] = {}

        for name, ver in NPM_PINS.items():
            tarball, integrity[name] = _npm_pack(f"{name}@{ver}", tmp)
            pkg = _extract(tarball, tmp / name.replace("/", "_"))
            if name == "requirejs":
                shutil.copy2(pkg / "require.js", widgets / "require.js")
            elif name == "mathjax":
                # MathJax loads its fonts and extensions relative to its own script;
                # keep the CHTML build the book uses and what it loads on demand.
                shutil.copytree(pkg / "es5", staging / "mathjax", ignore=_mathjax_unused)
            else:
                dist = pkg / "dist"
                shutil.copy2(dist / "embed-amd.js", widgets / "html-manager" / "embed-amd.js")
                # The bundle's webpack public path is worked out from whichever
                # script is current when it first needs a font: either beside
                # embed-amd.js or under the module id widgets-local.js maps
                # (html-manager/embed-amd/dist/). Serve the fonts from both.
                nested = widgets / "html-manager" / "embed-amd" / "dist"
                nested.mkdir(parents=True)
                for font in dist.iterdir():
                    if font.suffix in FONT_SUFFIXES:
                        shutil.copy2(font, widgets / "html-manager" / font.name)
                        shutil.copy2(font, nested / font.name)
            for licence in pkg.glob("LICEN[CS]E*"):
                shutil.copy2(licence, staging / f"LICENSE.{name.replace('/', '_')}")

        anywidget_js, _ = _anywidget_front_end()
        shutil.copy2(anywidget_js, widgets / "anywidget" / "index.js")

        (staging / "VERSIONS.json").write_text(
            json.dumps({"versions": pins, "integrity": integrity}, indent=2) + "\n"
        )
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        shutil.move(str(staging), VENDOR)
    print(f"fetch_vendor: wrote _vendor/ ({', '.join(f'{k} {v}' for k, v in pins.items())})")
    return pins


def fetch_test_tools(force: bool = False) -> None:
    """Fetch the pinned test-only front end (axe-core) into ``_vendor_tests/``."""
    stamp = TEST_VENDOR / "VERSIONS.json"
    if not force and stamp.is_file() and json.loads(stamp.read_text()) == TEST_PINS:
        print(f"fetch_vendor: _vendor_tests/ is up to date ({', '.join(TEST_PINS.values())})")
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        staging = tmp / "_vendor_tests"
        staging.mkdir()
        for name, ver in TEST_PINS.items():
            tarball, _ = _npm_pack(f"{name}@{ver}", tmp)
            pkg = _extract(tarball, tmp / name)
            (staging / name).mkdir()
            shutil.copy2(pkg / "axe.min.js", staging / name / "axe.min.js")
            for licence in pkg.glob("LICEN[CS]E*"):
                shutil.copy2(licence, staging / name / licence.name)
        (staging / "VERSIONS.json").write_text(json.dumps(TEST_PINS, indent=2) + "\n")
        if TEST_VENDOR.exists():
            shutil.rmtree(TEST_VENDOR)
        shutil.move(str(staging), TEST_VENDOR)
    print(f"fetch_vendor: wrote _vendor_tests/ ({', '.join(TEST_PINS.values())})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch even if up to date")
    parser.add_argument(
        "--tests", action="store_true", help="also fetch the test-only tools (axe-core)"
    )
    args = parser.parse_args(argv)
    fetch(force=args.force)
    if args.tests:
        fetch_test_tools(force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
