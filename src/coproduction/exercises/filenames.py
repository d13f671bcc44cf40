"""File names made from text a person typed (a student id): safe, bounded and distinct.

:func:`safe_stem` keeps letters and digits of any script, ``-``, ``_`` and ``.``, and
replaces everything else (slashes, spaces, characters Windows refuses, control and
invisible characters) with ``_``. The result is at most :data:`MAX_BYTES` bytes of
UTF-8 (most file systems allow 255), never hidden, never a name Windows reserves
(``CON``, ``NUL``, ``COM1``, ...). When the id had to be shortened (or, with
``mark_changes``, changed at all) a short hash of the id is added, so two ids that
differ only in what was dropped still get different names.

>>> safe_stem("s1234567")
's1234567'
>>> safe_stem("../etc/passwd", mark_changes=True)
'_etc_passwd-7fef78f5'
>>> len(safe_stem("学" * 150).encode("utf-8")) <= MAX_BYTES
True
"""

from __future__ import annotations

import hashlib
import unicodedata

__all__ = ["MAX_BYTES", "safe_stem"]

#: The longest stem, in bytes of UTF-8 (a suffix such as ``.html`` is added to it).
MAX_BYTES = 100

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))} | {
    f"LPT{i}" for i in range(10)
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_stem(text: str, max_bytes: int = MAX_BYTES, mark_changes: bool = False) -> str:
    """A file-name stem for ``text`` (see the module's description)."""
    nfc = unicodedata.normalize("NFC", text)
    safe = "".join(
        c if (c.isalnum() and c.isprintable()) or c in "-_." else "_" for c in nfc
    ).strip(". ")
    changed = safe != text
    if not safe:
        safe = "student"
    if safe.split(".")[0].upper() in _RESERVED:
        safe, changed = "_" + safe, True
    tag = "-" + _digest(text)
    if len(safe.encode("utf-8")) > max_bytes:
        room = max_bytes - len(tag)
        cut = safe.encode("utf-8")[:room].decode("utf-8", "ignore")
        return cut + tag
    if changed and mark_changes:
        cut = safe.encode("utf-8")[: max_bytes - len(tag)].decode("utf-8", "ignore")
        return cut + tag
    return safe
