"""Book tooling: what builds and checks the online book, not what readers import.

- :mod:`coproduction.book.build` executes the chapters into the execution cache
  (``python -m coproduction.book.build``);
- :mod:`coproduction.book.sphinx_ext` is the Sphinx extension listed in ``_config.yml``;
- :mod:`coproduction.book.facts` knows the book's pages in order and its key terms;
- :mod:`coproduction.book.downloads` builds the wheel the book offers and the
  set-up cell of every downloadable notebook;
- :mod:`coproduction.book.browser` finds and drives a headless Chromium (tests,
  benchmarks, handouts).

Nothing under :mod:`coproduction.cases`, :mod:`coproduction.models`,
:mod:`coproduction.figures`, :mod:`coproduction.widgets` or
:mod:`coproduction.exercises` imports from here.
"""
