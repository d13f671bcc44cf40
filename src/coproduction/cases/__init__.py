"""The book's cases and frameworks as validated data.

>>> from coproduction.cases import load_case
>>> ipoa = load_case("ipoa")
>>> ipoa.fact("partners-total").value
8

See the package's ``case_data/README.md`` for the file format.
"""

from coproduction.cases.loader import (
    CaseDataError,
    Problem,
    case_ids,
    data_dir,
    load_case,
    load_frameworks,
)
from coproduction.cases.model import Case, Frameworks

__all__ = [
    "Case",
    "CaseDataError",
    "Frameworks",
    "Problem",
    "case_ids",
    "data_dir",
    "load_case",
    "load_frameworks",
]
