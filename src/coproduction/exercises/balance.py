"""Warnings about a bank or set that a test-wise student could exploit.

Single-choice items whose right option is nearly always the longest, or nearly always
in the same place, can be answered without knowing anything. Releases and practice
pages shuffle the options (:func:`coproduction.exercises.kinds.shuffled`), which
hides the position but not the length, so ``coproduction-exercises check`` warns
about both for every bank file and assessed set it reads.

>>> from coproduction.exercises.items import load_bank
>>> items = [it for its in load_bank().values() for it in its]
>>> key_balance(items)  # the book's own bank: no warning
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from coproduction.exercises.kinds import Item, SingleItem

#: Fewer single-choice items than this give no warning: a pattern needs a few.
MIN_ITEMS = 5
#: Warn when the right option is the longest in more than this share of items
#: (with four options, a share near a quarter is what chance gives).
LONGEST_SHARE = 0.5
#: Warn when one position holds more than this share of the right options.
POSITION_SHARE = 0.5


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def key_balance(items: Iterable[Item], where: str = "") -> list[str]:
    """Warnings (text, empty when balanced) about the single-choice items' keys."""
    singles = [it for it in items if isinstance(it, SingleItem) and len(it.options) > 1]
    if len(singles) < MIN_ITEMS:
        return []
    prefix = f"{where}: " if where else ""
    out = []
    longest = [
        it.id
        for it in singles
        for key in [next(o for o in it.options if o.correct)]
        if _length(key.text) > max(_length(o.text) for o in it.options if o is not key)
    ]
    if len(longest) > LONGEST_SHARE * len(singles):
        out.append(
            f"{prefix}the right option is the longest in {len(longest)} of {len(singles)} "
            "single-choice items, so a student can guess it by its length; shorten it or "
            f"lengthen the others (for example {', '.join(longest[:3])})"
        )
    positions = Counter(next(i for i, o in enumerate(it.options) if o.correct) for it in singles)
    place, n = positions.most_common(1)[0]
    if n > POSITION_SHARE * len(singles):
        out.append(
            f"{prefix}the right option is written in position {place + 1} in {n} of "
            f"{len(singles)} single-choice items; releases and practice pages shuffle the "
            "options, but a printed copy or another tool may not, so vary where you write it"
        )
    return out
