"""Models: pure Python and networkx, with no display code (see DESIGN.md, layer 1)."""
