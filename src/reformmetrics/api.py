"""Public entry points: extract claims from a text, or from files."""
from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice

import pandas as pd

from .pipeline import claims as _claims
from .io import Document, ReadError, document_record, iter_documents, named_paths, read_document
from .schema import claims_frame, documents_frame

#: documents handed to a worker process at a time
BATCH = 32
#: a sentence that touches every stage of the pipeline
WARM_UP = "截至2021年底,全区新增企业1.42万家,同比增长9.58%,审批时限由二十个工作日压缩到5个。"


#: what a caller may say about a document, overriding what is read from it
META_KEYS = ("title", "date", "place", "genre")


def extract(text: str, doc_id: str = "doc", meta: Mapping | None = None) -> pd.DataFrame:
    """Claims frame of one document's text.

    `meta` tells what the text may not: `title`, `date` (the document's reference date, ISO or
    as written), `place` (the division it is about) and `genre` (such as 工作要点, 统计公报).
    """
    return claims_frame(_rows(text, doc_id, meta))


def _rows(text: str, doc_id: str, meta: Mapping | None = None) -> list[dict]:
    rows = _claims(text, meta)
    for row in rows:
        row["doc_id"] = doc_id
    return rows


def document_meta(doc: Document, meta=None) -> dict:
    """A document's title and date as read, overridden by what `meta` gives for its doc_id.

    `meta` is a documents frame (a `doc_id` column and any of title, date, place, genre),
    a dict of such dicts by doc_id, or None.
    """
    read = {"title": doc.title, "date": doc.date}
    given = _given(meta, doc.doc_id)
    return {**read, **{k: v for k, v in given.items() if k in META_KEYS and not pd.isna(v)}}


def _given(meta, doc_id: str) -> Mapping:
    if meta is None:
        return {}
    if isinstance(meta, pd.DataFrame):
        rows = meta[meta["doc_id"] == doc_id]
        return rows.iloc[0].to_dict() if len(rows) else {}
    return meta.get(doc_id) or {}


def _doc_rows(doc: Document, meta=None) -> list[dict]:
    return _rows(doc.text, doc.doc_id, document_meta(doc, meta))


def warn_skipped(err: ReadError) -> None:
    """The default `on_error`: a UserWarning naming the file that was skipped and why."""
    warnings.warn(f"reformmetrics: skipped {err}", UserWarning, stacklevel=3)


def iter_claims(src, *, workers: int = 1, on_error: Callable[[ReadError], None] | None = None,
                on_document: Callable[[Document], None] | None = None, meta=None) -> Iterator[list[dict]]:
    """Claim rows of each readable document of a source, in source order, one list per document.

    With `workers` > 1 the files are read and extracted in the worker processes (PDFs cost more to read
    than to extract); `on_error` and `on_document` are still called here, in source order.
    """
    on_error = on_error or warn_skipped
    if workers <= 1:
        yield from map(partial(_doc_rows, meta=meta), _readable(iter_documents(src), on_error, on_document))
        return
    _claims(WARM_UP)                      # tables and patterns built once, before worker processes fork
    named = iter(named_paths(src))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while batch := list(islice(named, BATCH * workers)):
            done = pool.map(partial(_read_rows, meta=meta), batch, chunksize=max(1, len(batch) // (4 * workers)))
            for item, rows in done:
                if next(_readable([item], on_error, on_document), None) is not None:
                    yield rows


def _read_rows(named: tuple, meta=None) -> tuple[Document | ReadError, list[dict]]:
    """A file read and its claim rows, or the ReadError saying why it could not be read."""
    try:
        doc = read_document(*named)
    except ReadError as err:
        return err, []
    return doc, _doc_rows(doc, meta)


def _readable(items: Iterable[Document | ReadError], on_error, on_document) -> Iterator[Document]:
    for item in items:
        if isinstance(item, ReadError):
            on_error(item)
            continue
        if on_document:
            on_document(item)
        yield item


def extract_files(src, *, workers: int = 1, output: str | os.PathLike | None = None,
                  on_error: Callable[[ReadError], None] | None = None,
                  on_document: Callable[[Document], None] | None = None, meta=None) -> pd.DataFrame | None:
    """Claims frame of every readable document a source names (file, folder, glob, or list of these).

    With `output` (.csv, .parquet or .jsonl) the claims are streamed to that file and None is returned.
    Unreadable files go to `on_error(ReadError)` (default: a warning) and the rest are processed.
    `meta` overrides what is read of each document (see `document_meta`): a documents frame or a
    dict by doc_id of dicts with any of title, date, place, genre.
    """
    per_doc = iter_claims(src, workers=workers, on_error=on_error, on_document=on_document, meta=meta)
    if output is not None:
        from .writers import stream_frames

        stream_frames((claims_frame(rows) for rows in _batches(per_doc)), output, empty=claims_frame([]))
        return None
    return claims_frame([row for rows in per_doc for row in rows])


def _batches(per_doc: Iterable[list[dict]], size: int = 20000) -> Iterator[list[dict]]:
    """Claim rows of consecutive documents gathered into lists of at least `size` rows (the last may be shorter)."""
    batch: list[dict] = []
    for rows in per_doc:
        batch.extend(rows)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def read_documents(src) -> pd.DataFrame:
    """Documents frame (doc_id, path, encoding, chars, title, date, note, error) of a source."""
    return documents_frame([document_record(d) for d in iter_documents(src)])
