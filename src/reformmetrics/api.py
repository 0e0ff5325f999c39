"""Public entry points: extract claims from a text, or from files."""
from __future__ import annotations

import pandas as pd

from .io import Document, ReadError, iter_documents
from .extract import claims as _claims
from .schema import claims_frame, documents_frame


def extract(text: str, doc_id: str = "doc") -> pd.DataFrame:
    """Claims frame of one document's text."""
    rows = _claims(text)
    for row in rows:
        row["doc_id"] = doc_id
    return claims_frame(rows)


def extract_files(src) -> pd.DataFrame:
    """Claims frame of every document a source names (file, folder, glob, or list of these)."""
    frames = [extract(d.text, d.doc_id) for d in iter_documents(src) if isinstance(d, Document)]
    return claims_frame(pd.concat(frames, ignore_index=True) if frames else [])


def read_documents(src) -> pd.DataFrame:
    """Documents frame (doc_id, path, encoding, chars, title, date, error) of a source."""
    rows = []
    for d in iter_documents(src):
        if isinstance(d, ReadError):
            rows.append({"doc_id": d.path.rsplit("/", 1)[-1], "path": d.path, "error": d.reason})
        else:
            rows.append({"doc_id": d.doc_id, "path": d.path, "encoding": d.encoding, "chars": len(d.text),
                         "title": d.title, "date": d.date})
    return documents_frame(rows)
