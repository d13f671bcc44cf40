"""Thin ipywidgets views over model state.

Every explorer works three ways: in a live kernel, in the static book (states are
precomputed when the book is built and switched in the browser by ``jslink``), and
in print (a static figure with alt text).
"""
