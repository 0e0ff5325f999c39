"""Reading documents: sources (files, folders, globs) into decoded text with metadata."""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Document:
    """One decoded document: the text claims are extracted from, and where it came from."""
    doc_id: str
    text: str
    path: str | None = None
    encoding: str | None = None
    title: str | None = None
    date: str | None = None


class ReadError(Exception):
    """A source that could not be read; str() names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def iter_paths(src: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """The files a source names (a file, a folder, a glob, or a list of these), sorted."""
    if isinstance(src, (str, os.PathLike)):
        src = [src]
    out: list[Path] = []
    for item in src:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in TEXT_SUFFIXES))
        elif any(ch in str(item) for ch in "*?["):
            out.extend(sorted(Path(q) for q in glob.glob(str(item), recursive=True) if Path(q).is_file()))
        else:
            out.append(p)
    return out


def read_document(path: str | os.PathLike) -> Document:
    """Decode one file; raises ReadError naming the file and the reason."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(str(p), str(exc)) from exc
    return Document(doc_id=p.name, text=text, path=str(p), encoding="utf-8")


def iter_documents(src) -> Iterator[Document | ReadError]:
    """Each source file as a Document, or a ReadError for one that cannot be read."""
    for path in iter_paths(src):
        try:
            yield read_document(path)
        except ReadError as err:
            yield err
