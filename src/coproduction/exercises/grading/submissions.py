"""Reading submissions: a folder (walked, links not followed) or a zip (read in memory).

Nothing is extracted, run or unpickled: each file is read as bytes with a size limit
(:data:`~coproduction.exercises.grading.records.READ_LIMIT`), then decoded as UTF-8
JSON by :func:`decode` and :func:`load_json`, which say in words why a file cannot
be used.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coproduction.exercises.grading.records import READ_LIMIT, GradeError


@dataclass(frozen=True)
class Entry:
    """One file found in the submissions: its bytes, or why it was not read."""

    name: str
    data: bytes | None = None
    problem: str | None = None
    detail: str = ""


def _skip_quietly(parts: Sequence[str]) -> bool:
    """Hidden files and macOS resource folders (but never '..', which is reported)."""
    return any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)


class Submissions:
    """The files in a folder (walked, links not followed) or a zip (read in memory)."""

    def __init__(self, path: str | os.PathLike[str], exclude: Path | None = None):
        self.path = Path(path)
        self.exclude = exclude.resolve() if exclude else None
        if self.path.is_dir():
            self.kind = "folder"
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            self.kind = "zip"
        elif self.path.is_file():
            raise GradeError(
                f"{self.path}: not a folder or a zip file; give the folder (or .zip) that "
                "holds the students' .json files"
            )
        else:
            raise GradeError(f"{self.path}: no such folder or zip file")
        self._names: list[Any] | None = None

    def _listing(self) -> list[Any]:
        if self._names is None:
            if self.kind == "folder":
                found = []
                for root, dirs, files in os.walk(self.path, followlinks=False):
                    here = Path(root)
                    if self.exclude is not None:
                        dirs[:] = [d for d in dirs if (here / d).resolve() != self.exclude]
                    dirs[:] = sorted(d for d in dirs if not _skip_quietly([d]))
                    found += [here / f for f in sorted(files) if not _skip_quietly([f])]
                    found += [here / d for d in dirs if (here / d).is_symlink()]
                self._names = found
            else:
                try:
                    with zipfile.ZipFile(self.path) as zf:
                        self._names = [i for i in zf.infolist() if not i.is_dir()]
                except (zipfile.BadZipFile, OSError) as err:
                    raise GradeError(f"{self.path}: the zip file cannot be read ({err})") from None
                self._names = [
                    i for i in self._names if not _skip_quietly(re.split(r"[\\/]", i.filename))
                ]
        return self._names

    def __len__(self) -> int:
        return len(self._listing())

    def __iter__(self) -> Iterator[Entry]:
        if self.kind == "folder":
            yield from self._folder()
        else:
            yield from self._zip()

    def _folder(self) -> Iterator[Entry]:
        for path in self._listing():
            name = path.relative_to(self.path).as_posix()
            if path.is_symlink():
                yield Entry(
                    name, problem="ignored", detail="a symbolic link; links are not followed"
                )
                continue
            if path.suffix.lower() != ".json":
                yield Entry(name, problem="ignored", detail=_not_json(name))
                continue
            try:
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode):
                    yield Entry(name, problem="ignored", detail="not a regular file; not read")
                    continue
                size = st.st_size
                if size > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(size))
                    continue
                with open(path, "rb") as f:
                    data = f.read(READ_LIMIT + 1)
            except OSError as err:
                yield Entry(name, problem="corrupt", detail=f"cannot be read ({err.strerror})")
                continue
            if len(data) > READ_LIMIT:
                yield Entry(name, problem="corrupt", detail=_too_big(len(data)))
                continue
            yield Entry(name, data)

    def _zip(self) -> Iterator[Entry]:
        with zipfile.ZipFile(self.path) as zf:
            for info in self._listing():
                name = info.filename
                parts = re.split(r"[\\/]", name)
                if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                    yield Entry(
                        name,
                        problem="unsafe-path",
                        detail="the zip entry has an absolute path or '..' in it, which could "
                        "write outside a folder if extracted; it was not read. Ask for the file "
                        "itself",
                    )
                    continue
                if not name.lower().endswith(".json"):
                    yield Entry(name, problem="ignored", detail=_not_json(name))
                    continue
                if info.file_size > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(info.file_size))
                    continue
                try:
                    with zf.open(info) as f:
                        data = f.read(READ_LIMIT + 1)
                except (
                    zipfile.BadZipFile,
                    RuntimeError,
                    NotImplementedError,
                    zlib.error,
                    EOFError,
                    OSError,
                    ValueError,
                ) as err:
                    yield Entry(
                        name, problem="corrupt", detail=f"cannot be read from the zip ({err})"
                    )
                    continue
                if len(data) > READ_LIMIT:
                    yield Entry(name, problem="corrupt", detail=_too_big(len(data)))
                    continue
                yield Entry(name, data)


def _not_json(name: str) -> str:
    hint = ""
    if name.lower().endswith(".ipynb"):
        hint = " (a notebook: students hand in the .json file the notebook saved, not the notebook)"
    elif name.lower().endswith(".zip"):
        hint = " (a zip inside the zip is not opened: unpack it and grade its folder)"
    return f"not a .json file{hint}; not read"


def _too_big(size: int) -> str:
    return (
        f"{size:,} bytes, over the {READ_LIMIT // (1024 * 1024)} MB read limit (a submission is "
        "normally a few kilobytes); not read"
    )


def decode(raw: bytes) -> tuple[str | None, str]:
    """Text, or None and why not."""
    if not raw.strip():
        return None, "the file is empty (it may not have been saved, or the upload failed)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        return None, (
            "saved as UTF-16 text, not UTF-8: an editor re-saved it. Ask the student for the "
            "original file the notebook wrote"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as err:
        return None, (
            f"not UTF-8 text (byte {err.start}): it was re-saved in another encoding such as "
            "Latin-1 or Windows-1252. Ask the student for the original file"
        )


def load_json(text: str) -> tuple[Any, str]:
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string"):
            return None, (
                "the JSON ends early: the file is truncated (cut off while saving or "
                "uploading). Ask the student for the file again"
            )
        return None, f"not valid JSON ({err.msg}: line {err.lineno}, column {err.colno})"
    except RecursionError:
        return None, "not a submission: the JSON is nested too deeply"
    except ValueError as err:  # for example an integer too long to read
        return None, f"not valid JSON ({err})"
