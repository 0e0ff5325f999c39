"""reformmetrics: numeric claims from Chinese government reform documents, as tidy frames.

    import reformmetrics as rm
    claims = rm.extract_files("seeds/")      # one row per numeric claim
    findings = rm.crosscheck(claims)         # repeated figures, sums, shares, changes
"""
from .api import extract, extract_files, read_documents
from .crosscheck import crosscheck
from .io import read_document
from .schema import CLAIM_COLUMNS, DOCUMENT_COLUMNS, FINDING_COLUMNS

__all__ = ["extract", "extract_files", "read_documents", "read_document", "crosscheck", "quantity", "ureg",
           "CLAIM_COLUMNS", "FINDING_COLUMNS", "DOCUMENT_COLUMNS"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """quantity and ureg come from pint, imported on first use (it takes a third of a second)."""
    if name in ("quantity", "ureg"):
        from . import units

        return getattr(units, name)
    raise AttributeError(f"module 'reformmetrics' has no attribute {name!r}")
