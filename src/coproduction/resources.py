"""Where the package finds the data it ships.

The frameworks, both cases and the comparison (``case_data/``), the item bank
(``exercises/bank/``) and the examples a lecturer starts from (``examples/``) live
inside the package, so a wheel installed with pip works with no copy of the
book's repository. They are read with :mod:`importlib.resources`; an installed
package (a wheel, an sdist or an editable install) keeps them as ordinary files.

>>> packaged("case_data", "frameworks").is_dir()
True
>>> sorted(p.name for p in example("library-at-home").glob("*.yaml"))[:2]
['actors.yaml', 'assemblage.yaml']
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

EXAMPLES = ("library-at-home", "example-set.yaml", "bank")


def packaged(*parts: str) -> Path:
    """The path of a file or folder shipped inside the ``coproduction`` package."""
    path = Path(str(files("coproduction").joinpath(*parts)))
    if not path.exists():
        raise FileNotFoundError(
            f"{'/'.join(parts)} is missing from the installed coproduction package at "
            f"{path.parent}: reinstall it (pip install --force-reinstall coproduction-*.whl)"
        )
    return path


def example(name: str) -> Path:
    """One of the examples shipped for lecturers: ``library-at-home`` (a case of
    one's own), ``bank`` (a bank for it) or ``example-set.yaml`` (an assessed set)."""
    if name not in EXAMPLES:
        raise ValueError(f"no example named {name!r}; the examples are {', '.join(EXAMPLES)}")
    return packaged("examples", name)


def copy_example(name: str, dest: str | Path) -> Path:
    """Copy an example (see :func:`example`) to ``dest``, to edit as one's own.

    Refuses to write over anything that exists, so no work of one's own is lost.
    """
    import shutil

    source, target = example(name), Path(dest)
    if target.exists():
        raise FileExistsError(f"{target} already exists: name a new file or folder to copy to")
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target
