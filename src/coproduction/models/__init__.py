"""Models: pure Python and networkx, with no display code (the package's first layer)."""
