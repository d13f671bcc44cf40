"""Display helpers with no heavy imports (no matplotlib), for pages of tables and text."""

from __future__ import annotations


class HTMLText(str):
    """Text that Jupyter and the book display as HTML, and tests read as a string."""

    def _repr_html_(self) -> str:
        return str(self)
