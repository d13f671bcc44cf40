"""Models, figures, explorers and exercises for the co-production textbook.

Layers, with one direction of dependency (nothing imports upwards):

- :mod:`coproduction.datafile` and :mod:`coproduction.cases`: the data files, read
  and checked (every problem reported at once, nothing partial returned);
- :mod:`coproduction.models`: pure Python and networkx, no display code;
- :mod:`coproduction.figures`: matplotlib figures drawn from the models' output,
  each with alt text;
- :mod:`coproduction.widgets`: the explorers, anywidgets whose every state is
  precomputed, so they work in a live kernel, in the static book and in print;
- :mod:`coproduction.exercises`: items, assessed sets, releases and grading;
- :mod:`coproduction.book`: the tooling that builds and checks the book (no
  teaching code imports it).

Heavy modules are imported lazily so that ``import coproduction`` stays fast.
CONTRIBUTING.md in the repository says which files to touch for common changes.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
