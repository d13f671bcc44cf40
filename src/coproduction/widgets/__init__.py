"""Explorers: thin anywidget views over model state.

Every explorer is a :class:`~coproduction.widgets.explorer.StateExplorer` built
from an :class:`~coproduction.widgets.explorer.ExplorerSpec`, and works three
ways: in a live kernel, in the static book (every state is precomputed when the
book is built and the page's script switches between them, with no kernel), and
in print (a static figure with alt text). Every explorer takes
``(case, frameworks, ...)`` in that order.
"""
