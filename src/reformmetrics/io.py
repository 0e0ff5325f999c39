"""Reading documents: sources (files, folders, globs) into decoded text with metadata."""
from __future__ import annotations

import codecs
import glob
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
#: files read by formats.py (PDF, Word) rather than decoded
FORMAT_SUFFIXES = (".pdf", ".docx")
#: what a folder or glob is searched for
SUFFIXES = TEXT_SUFFIXES + FORMAT_SUFFIXES
#: files larger than this are refused rather than read into memory (PDF and Word files hold images, so more).
MAX_BYTES = 64 * 1024 * 1024
MAX_FORMAT_BYTES = 8 * MAX_BYTES


@dataclass(frozen=True)
class Document:
    """One decoded document: the text claims are extracted from, and where it came from."""
    doc_id: str
    text: str
    path: str | None = None
    encoding: str | None = None
    title: str | None = None
    date: str | None = None
    note: str | None = None      # something an analyst should know although the file was read (empty, truncated)


class ReadError(Exception):
    """A source that could not be read; str() names the file and the reason."""

    def __init__(self, path: str, reason: str, doc_id: str | None = None):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason
        self.doc_id = doc_id or Path(path).name

    def __reduce__(self):                 # sent back from worker processes whole
        return ReadError, (self.path, self.reason, self.doc_id)


# ---------------------------------------------------------------- finding files

def _has_magic(item: str) -> bool:
    return any(ch in item for ch in "*?[")


def _walk(root: Path) -> list[Path]:
    """Visible readable files (SUFFIXES) under `root`, recursively, following symlinks but never the same folder twice."""
    seen: set[tuple[int, int]] = set()
    out: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(folder, f) for f in files
                   if not f.startswith(".") and f.lower().endswith(SUFFIXES))
    return sorted(out)


def _sources(src) -> list[tuple[Path, Path | None]]:
    """(file, folder it was found under or None) for every file a source names, without repeats."""
    if isinstance(src, (str, os.PathLike)):
        src = [src]
    found: list[tuple[Path, Path | None]] = []
    for item in src:
        p = Path(item)
        if p.is_dir():
            found.extend((q, p) for q in _walk(p))
        elif not p.exists() and _has_magic(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            for m in matches:
                q = Path(m)
                found.extend(((r, q) for r in _walk(q)) if q.is_dir() else [(q, None)])
            if not matches:
                found.append((p, None))       # reported as "no such file"
        else:
            found.append((p, None))
    seen: set[str] = set()
    unique = []
    for path, root in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append((path, root))
    return unique


def iter_paths(src: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """The files a source names (a file, a folder, a glob, or a list of these), folders recursively and sorted.

    Hidden files and folders are skipped; symlinked folders are followed once; a file named
    explicitly is kept even if it does not exist, so that reading it reports why.
    """
    return [path for path, _ in _sources(src)]


def _doc_ids(sources: list[tuple[Path, Path | None]]) -> list[str]:
    """File names, made unique with the path relative to the folder given (or the full path) where names collide."""
    def collisions(ids):
        return {i for i in ids if ids.count(i) > 1}

    ids = [p.name for p, _ in sources]
    for dup in collisions(ids):
        ids = [(p.relative_to(root).as_posix() if root else p.as_posix()) if i == dup else i
               for i, (p, root) in zip(ids, sources)]
    for dup in collisions(ids):
        ids = [p.as_posix() if i == dup else i for i, (p, _) in zip(ids, sources)]
    return ids


# ---------------------------------------------------------------- decoding

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE_CODECS = {"gb2312", "gbk", "gb18030"}


def _plausible(text: str) -> bool:
    """Whether decoded text is (almost) all ASCII, common CJK ideographs and CJK punctuation, not mojibake."""
    if not text:
        return True
    common = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return common / len(text) >= 0.95


def _codec(name: str | None) -> str | None:
    """Python's name of an encoding, with the GB family (GB2312, GBK) widened to its superset GB18030."""
    try:
        name = codecs.lookup(name).name if name else None
    except LookupError:
        return None
    return "gb18030" if name in _CHINESE_CODECS else name


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding, note) of a file's bytes; raises ValueError with a reason when they are not text.

    Tried in turn: a byte order mark, UTF-8, `declared` (the encoding the file states for itself, such as an
    HTML charset), GB18030, then charset-normalizer's guess; the text must read as Chinese or ASCII.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, None
            except UnicodeDecodeError:
                raise ValueError(f"cannot decode as {encoding.upper()} despite its byte order mark") from None
    if b"\x00" in data:
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8"), "utf-8", "truncated UTF-8 character at end of file dropped"
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    for encoding in dict.fromkeys(filter(None, (_codec(declared), "gb18030", _codec(best and best.encoding)))):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, encoding, None
    raise ValueError("cannot decode as UTF-8/GB18030/UTF-16")


# ---------------------------------------------------------------- HTML

_PARAGRAPH_TAGS = {
    "address", "article", "aside", "blockquote", "div", "dl", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}
_LINE_TAGS = {"br", "caption", "dd", "dt", "figcaption", "li", "tr"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
_DATE_META = {"article:published_time", "pubdate", "publishdate", "publish_date", "date", "dc.date",
              "dc.date.issued", "dcterms.created", "og:published_time", "firstpublishedtime", "maketime"}


class _HTMLText(HTMLParser):
    """Collects the visible text of a page (block elements on their own lines, table cells tab-separated),
    its <title> and date meta tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.dates: list[str] = []
        self.skip = 0
        self.in_title = False
        self.pre = 0

    def _break(self, newlines: str):
        """End the current line (or paragraph); consecutive breaks merge into the larger one."""
        if self.parts and not self.parts[-1].strip():
            newlines = max(newlines, self.parts.pop().strip(" \t"), key=len)
        self.parts.append(newlines)

    def _block(self, tag):
        if tag in _PARAGRAPH_TAGS:
            self._break("\n\n")
        elif tag in _LINE_TAGS:
            self._break("\n")

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if name in _DATE_META and a.get("content"):
                self.dates.append(a["content"])
        elif tag == "title":
            self.in_title = True
        elif tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        self.pre += tag == "pre"
        self._block(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        self.pre = max(0, self.pre - (tag == "pre"))
        self._block(tag)

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> tuple[str, str | None, str | None]:
    """(visible text, title, date from meta tags) of an HTML page; block elements become line breaks."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" \t") for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    title = " ".join("".join(parser.title).split()) or None
    date = next((d for d in map(_parse_date, parser.dates) if d), None)
    return text, title, date


# ---------------------------------------------------------------- metadata

_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
_LABELLED_DATE = re.compile(r"(?:发布日期|发布时间|发文日期|成文日期|日期|时间)\s*[:：]\s*")


def _parse_date(s: str) -> str | None:
    """The first date in `s` as YYYY-MM-DD, or None."""
    for m in _DATE.finditer(s):
        y, mo, d = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
        if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_date(text: str, head_lines: int = 10) -> str | None:
    """The publication date a text states: a labelled one (发布日期:...) near the top, else the first date in its first lines."""
    lines = text.splitlines()
    for line in lines[:5 * head_lines]:
        m = _LABELLED_DATE.search(line)
        if m and (date := _parse_date(line[m.end():])):
            return date
    return _parse_date("\n".join(lines[:head_lines]))


def find_title(text: str) -> str | None:
    """The first non-empty line, trimmed (Markdown heading marks removed), or None."""
    for line in text.splitlines():
        if line := line.strip().lstrip("#").strip():
            return line
    return None


# ---------------------------------------------------------------- reading

def read_document(path: str | os.PathLike, doc_id: str | None = None) -> Document:
    """Decode one file (.txt, .md, .html, .htm, .pdf, .docx; other names are read as plain text).

    Raises ReadError naming the file and a reason a person understands.
    """
    p = Path(path)
    doc_id = doc_id or p.name
    try:
        if p.is_dir():
            raise ReadError(str(p), "is a folder, not a file", doc_id)
        size, limit = p.stat().st_size, MAX_FORMAT_BYTES if p.suffix.lower() in FORMAT_SUFFIXES else MAX_BYTES
        if size > limit:
            raise ReadError(str(p), f"file too large ({size / 2**20:.0f} MB; the limit is {limit // 2**20} MB)", doc_id)
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(p), "no file matches" if _has_magic(str(p)) else "no such file", doc_id) from None
    except PermissionError:
        raise ReadError(str(p), "permission denied", doc_id) from None
    except OSError as exc:
        raise ReadError(str(p), (exc.strerror or str(exc)).lower(), doc_id) from None
    if p.suffix.lower() in FORMAT_SUFFIXES:
        return _read_format(p, data, doc_id)
    is_html = p.suffix.lower() in HTML_SUFFIXES
    declared = re.search(rb"charset\s*=\s*[\"']?([\w-]+)", data[:4096]) if is_html else None
    try:
        text, encoding, note = decode(data, declared and declared[1].decode("ascii"))
    except ValueError as exc:
        raise ReadError(str(p), str(exc), doc_id) from None
    title = date = None
    if is_html:
        text, title, date = html_to_text(text)
    if not text.strip():
        note = note or ("empty file" if not data else "no text in file")
    return Document(doc_id=doc_id, text=text, path=str(p), encoding=encoding,
                    title=title or find_title(text), date=date or find_date(text), note=note)


def _read_format(p: Path, data: bytes, doc_id: str) -> Document:
    """A PDF or Word file as a Document (see formats.py); its text keeps the tables' rows and the PDF's pages."""
    from . import formats

    try:
        text, note = formats.read(p.suffix.lower(), data)
    except formats.FormatError as exc:
        raise ReadError(str(p), str(exc), doc_id) from None
    if not text.strip():
        note = note or "no text in file"
    return Document(doc_id=doc_id, text=text, path=str(p), title=find_title(text), date=find_date(text), note=note)


def named_paths(src) -> list[tuple[Path, str]]:
    """(file, doc_id) for every file a source names, in reading order; doc_ids are unique."""
    sources = _sources(src)
    return [(path, doc_id) for (path, _), doc_id in zip(sources, _doc_ids(sources))]


def iter_documents(src) -> Iterator[Document | ReadError]:
    """Each source file as a Document, or a ReadError for one that cannot be read; doc_ids are unique."""
    for path, doc_id in named_paths(src):
        try:
            yield read_document(path, doc_id)
        except ReadError as err:
            yield err


def document_record(item: Document | ReadError) -> dict:
    """The documents-frame row (see schema.DOCUMENT_COLUMNS) of a Document or a ReadError."""
    if isinstance(item, ReadError):
        return {"doc_id": item.doc_id, "path": item.path, "error": item.reason}
    return {"doc_id": item.doc_id, "path": item.path, "encoding": item.encoding, "chars": len(item.text),
            "title": item.title, "date": item.date, "note": item.note}
