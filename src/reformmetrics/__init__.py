"""reformmetrics: numeric claims from Chinese government reform documents, as tidy frames.

    import reformmetrics as rm
    claims = rm.extract_files("seeds/")      # one row per numeric claim
    findings = rm.crosscheck(claims)         # repeated figures, sums, shares, changes
"""
from .api import extract, extract_files, read_documents
from .crosscheck import crosscheck
from .schema import CLAIM_COLUMNS, DOCUMENT_COLUMNS, FINDING_COLUMNS
from .units import quantity, ureg

__all__ = ["extract", "extract_files", "read_documents", "crosscheck", "quantity", "ureg",
           "CLAIM_COLUMNS", "FINDING_COLUMNS", "DOCUMENT_COLUMNS"]
__version__ = "0.1.0"
