"""Models, figures, explorers and exercises for the co-production textbook.

The package has three layers with one direction of dependency (see DESIGN.md):
models (pure Python and networkx) -> figures (matplotlib) -> widgets (ipywidgets).
Heavy modules are imported lazily so that ``import coproduction`` stays fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
