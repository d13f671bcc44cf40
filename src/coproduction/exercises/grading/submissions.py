"""Reading submissions: a folder (walked, links not followed) or a zip (read in memory).

Nothing is extracted, run or unpickled: each file is read as bytes with a size limit
(:data:`~coproduction.exercises.grading.records.READ_LIMIT`), then decoded as UTF-8
JSON by :func:`decode` and :func:`load_json`, which say in words why a file cannot
be used.

Each entry also carries when it was handed in, as far as the files tell
(:attr:`Entry.handed_in`): in a folder, the file's modification time; in a zip, the
entry's time, from the Info-ZIP extended-timestamp field (``0x5455``, in UTC) or the
NTFS field (``0x000a``, in UTC) when there is one, else the entry's DOS date and
time, which has no time zone (:func:`zip_time`). Whoever copied or unpacked the
files may have changed these times; the grader judges whether to use them.
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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coproduction.exercises.grading.records import READ_LIMIT, GradeError

#: The most entries a zip of submissions may hold (a class hands in one file each).
MAX_ENTRIES = 20_000
#: The largest zip directory (the list of entries) read, in bytes.
MAX_DIRECTORY = 16 * 1024 * 1024
#: The deepest nesting of lists and objects in a submission (the format needs 6 or so).
MAX_DEPTH = 64


#: Where an entry's hand-in time came from (:attr:`Entry.handed_in_from`), in words.
TIME_SOURCES = {
    "mtime": "the file's modification time",
    "zip-ut": "the zip entry's time in UTC, from its extended-timestamp field",
    "zip-ntfs": "the zip entry's time in UTC, from its NTFS field",
    "zip-dos": "the zip entry's DOS date and time, which has no time zone",
}

#: No submission was handed in before this (the earliest DOS date): a time before it
#: in a zip's extra field is not believed.
EARLIEST = datetime(1980, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Entry:
    """One file found in the submissions: its bytes, or why it was not read.

    ``handed_in`` is the file's time (see the module's docstring), or None if it
    is not known. It has a time zone, except a zip's DOS time (``handed_in_from``
    ``"zip-dos"``), which has none; ``handed_in_from`` is a key of
    :data:`TIME_SOURCES`.
    """

    name: str
    data: bytes | None = None
    problem: str | None = None
    detail: str = ""
    handed_in: datetime | None = None
    handed_in_from: str = ""


def _extra_fields(extra: bytes) -> Iterator[tuple[int, bytes]]:
    """The (id, data) fields of a zip entry's extra field; a damaged one ends the list."""
    at = 0
    while at + 4 <= len(extra):
        kind = int.from_bytes(extra[at : at + 2], "little")
        size = int.from_bytes(extra[at + 2 : at + 4], "little")
        if at + 4 + size > len(extra):
            return
        yield kind, extra[at + 4 : at + 4 + size]
        at += 4 + size


def _ut_time(data: bytes) -> datetime | None:
    """The modification time of an Info-ZIP extended-timestamp field (``0x5455``)."""
    if len(data) < 5 or not data[0] & 1:
        return None
    seconds = int.from_bytes(data[1:5], "little", signed=True)
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _ntfs_time(data: bytes) -> datetime | None:
    """The modification time of an NTFS extra field (``0x000a``): 100-nanosecond
    ticks since 1601 in UTC, in attribute 1."""
    at = 4  # four reserved bytes
    while at + 4 <= len(data):
        tag = int.from_bytes(data[at : at + 2], "little")
        size = int.from_bytes(data[at + 2 : at + 4], "little")
        if tag == 1 and size >= 24 and at + 12 <= len(data):
            ticks = int.from_bytes(data[at + 4 : at + 12], "little")
            try:
                return datetime(1601, 1, 1, tzinfo=timezone.utc) + timedelta(
                    microseconds=ticks // 10
                )
            except OverflowError:
                return None
        at += 4 + size
    return None


def zip_time(info: zipfile.ZipInfo) -> tuple[datetime | None, str]:
    """When a zip entry was last changed, and where that time came from (a key of
    :data:`TIME_SOURCES`), or ``(None, "")``.

    The UTC time of an extended-timestamp or NTFS extra field is preferred; else the
    entry's DOS date and time, returned without a time zone because it has none.
    """
    for kind, data in _extra_fields(info.extra or b""):
        when = _ut_time(data) if kind == 0x5455 else _ntfs_time(data) if kind == 0x000A else None
        if when is not None and when >= EARLIEST:
            return when, "zip-ut" if kind == 0x5455 else "zip-ntfs"
    try:
        return datetime(*info.date_time), "zip-dos"
    except (TypeError, ValueError):
        return None, ""


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
                _check_directory(self.path)
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
            try:
                when: datetime | None = datetime.fromtimestamp(st.st_mtime, timezone.utc)
            except (OverflowError, OSError, ValueError):
                when = None
            yield Entry(name, data, handed_in=when, handed_in_from="mtime" if when else "")

    def _zip(self) -> Iterator[Entry]:
        with zipfile.ZipFile(self.path) as zf:
            for info in self._listing():
                name = entry_name(info)
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
                if stat.S_ISLNK(info.external_attr >> 16):
                    yield Entry(
                        name,
                        problem="unsafe-path",
                        detail="the zip entry is a symbolic link, which could point anywhere if "
                        "extracted; it was not read. Ask for the file itself",
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
                when, source = zip_time(info)
                yield Entry(name, data, handed_in=when, handed_in_from=source)


def entry_name(info: zipfile.ZipInfo) -> str:
    """A zip entry's name as the person who made the zip saw it.

    Zips record names in UTF-8 only when a flag says so; without it Python reads them
    as the old DOS code page 437, which turns a UTF-8 name from a VLE download
    (``Chloé Dupont/...``) into ``ChloÃ©``-like garbage (``Chlo├⌐``). The name is
    taken from Info-ZIP's Unicode path field when there is one, else re-read as UTF-8
    when its bytes are valid UTF-8 (they almost never are by chance), else kept.

    >>> info = zipfile.ZipInfo("Chlo\u00e9/a.json".encode("utf-8").decode("cp437"))
    >>> entry_name(info)
    'Chloé/a.json'
    """
    name = info.filename
    if info.flag_bits & 0x800:
        return name  # already read as UTF-8
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name  # read with another encoding already
    for tag, body in _extra_fields(info.extra or b""):  # Info-ZIP Unicode Path (0x7075)
        fits = tag == 0x7075 and len(body) > 5 and body[0] == 1
        if fits and int.from_bytes(body[1:5], "little") == zlib.crc32(raw):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                break
    if raw.isascii():
        return name
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return name


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


def _check_directory(path: Path) -> None:
    """Refuse a zip whose directory lists more than :data:`MAX_ENTRIES` entries or is
    larger than :data:`MAX_DIRECTORY`, before the directory is read into memory."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 65_557))  # the end record and the longest zip comment
            tail = f.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < 22:
                return  # zipfile says why it cannot read it
            entries = int.from_bytes(tail[at + 10 : at + 12], "little")
            directory = int.from_bytes(tail[at + 12 : at + 16], "little")
            locator = tail.rfind(b"PK\x06\x07", 0, at)
            if locator >= 0 and at - locator == 20:  # zip64: the counts are in its record
                f.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
                record = f.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    entries = int.from_bytes(record[32:40], "little")
                    directory = int.from_bytes(record[40:48], "little")
    except OSError as err:
        raise GradeError(f"{path}: the zip file cannot be read ({err.strerror})") from None
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
        raise GradeError(
            f"{path}: the zip lists {entries:,} entries ({directory:,} bytes of names), more "
            f"than the {MAX_ENTRIES:,} entries ({MAX_DIRECTORY // (1024 * 1024)} MB) a zip of "
            "submissions may hold; nothing was read. Unpack it and grade the folder of .json "
            "files, or split it"
        )


def decode(raw: bytes) -> tuple[str | None, str]:
    """Text, or None and why not."""
    if not raw.strip():
        return None, "the file is empty (it may not have been saved, or the upload failed)"
    head = raw[:200]
    # UTF-16 without a byte order mark: every other byte zero (ASCII text), not all of them.
    alternate = max(head[1::2].count(0), head[0::2].count(0)) > len(head) // 3
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) >= 4 and alternate and head.count(0) < len(head) * 0.9
    )
    if utf16:
        return None, (
            "saved as UTF-16 text, not UTF-8: an editor re-saved it. Ask the student for the "
            "original file the notebook wrote"
        )
    if b"\x00" in raw:
        return None, (
            f"holds NUL (zero) bytes (the first at byte {raw.index(0)}): it is not a text file, "
            "or it was damaged while saving or uploading. Ask the student for the file again"
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


class _Refused(ValueError):
    """JSON that parses but that a submission never holds."""


def _no_constant(name: str) -> Any:
    raise _Refused(
        f"the JSON holds {name}, which is not a number JSON allows; the file was edited or "
        "written by another program. Ask the student for the original file"
    )


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(
                f"the JSON names {shorten_key(key)} twice in one object, so it is unclear which "
                "counts; the file was edited by hand. Ask the student for the original file"
            )
        out[key] = value
    return out


def shorten_key(key: str) -> str:
    return repr(key if len(key) <= 40 else key[:40] + "...")


def _too_deep(data: Any) -> bool:
    """Whether lists and objects nest more than :data:`MAX_DEPTH` deep (no recursion)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                return True
            values = node.values() if isinstance(node, dict) else node
            stack.extend((v, depth + 1) for v in values if isinstance(v, dict | list))
    return False


def load_json(text: str) -> tuple[Any, str]:
    """The JSON data, or None and why not: syntax, truncation, nesting deeper than
    :data:`MAX_DEPTH`, NaN or Infinity, a key named twice in one object."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _Refused as err:
        return None, str(err)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string"):
            return None, (
                "the JSON ends early: the file is truncated (cut off while saving or "
                "uploading). Ask the student for the file again"
            )
        return None, f"not valid JSON ({err.msg}: line {err.lineno}, column {err.colno})"
    except RecursionError:
        return None, _DEEP
    except ValueError as err:  # for example an integer too long to read
        return None, f"not valid JSON ({err})"
    if _too_deep(data):
        return None, _DEEP
    return data, ""


_DEEP = (
    f"not a submission: the JSON is nested more than {MAX_DEPTH} levels deep (a submission "
    "needs a few); it was not read"
)
