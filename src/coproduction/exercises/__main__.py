"""``python -m coproduction.exercises``: see :mod:`coproduction.exercises.cli`."""

from coproduction.exercises.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
