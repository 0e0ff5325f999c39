"""Reading PDF and Word files: pages per second and text quality of each reader, beside the extraction rate.

    python benchmarks/formats.py [--copies 12]      # needs reportlab, pdfplumber, python-docx; pypdfium2, pypdf
    python benchmarks/formats.py --round-trip seeds/ ../shared/dev/docs   # real text through PDF and Word

The bulletin of scripts/make_fixtures.py (Chinese text in reportlab's STSong-Light CID font, two tables,
page numbers in the footers) is written `copies` times over into one PDF and one .docx. Each reader's
speed is measured on those (pages are the PDF's pages; the .docx holds the same text), its quality on the
bulletin itself, as reportlab wrote it and as LibreOffice printed the Word file (office.pdf, fonts embedded): the share of the plain text's characters it recovers in order (whitespace ignored), and
the share of the claims of the .txt rendering (value, unit, kind, subject, role) that `rm.extract` finds
in the text it gives. The raw readers (pypdfium2, pypdf, pdfplumber's own extract_text) keep every
visual line break, so sentences and tables fall apart; reformmetrics.formats rejoins them.

`--round-trip DIR...` writes every .txt document of the folders given (one paragraph a line, the first
a title) as a PDF (reportlab, A5, page numbers), as a Word file and, where LibreOffice is installed, as that
Word file printed to PDF, reads each back and prints how many of the text's claims (value, unit, kind,
subject, role) each gives, document by document and in all. The documents are read where they are, never
copied.
"""
from __future__ import annotations

import argparse
import difflib
import importlib.util
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "formats"


def _fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pypdfium2(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\f".join(page.get_textpage().get_text_range() for page in pdf)


def _pypdf(data: bytes) -> str:
    import io

    import pypdf

    return "\f".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _pdfplumber(data: bytes) -> str:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\f".join(page.extract_text() for page in pdf.pages)


def _ours(suffix: str):
    from reformmetrics.formats import read

    return lambda data: read(suffix, data)[0]


#: the files each reader's quality is measured on: the reportlab PDF and the one LibreOffice printed
QUALITY = {".pdf": ["bulletin.pdf", "office.pdf"], ".docx": ["bulletin.docx"]}
#: (reader, format, how it reads)
READERS = [
    ("reformmetrics.formats (pdfplumber)", ".pdf", _ours(".pdf")),
    ("pdfplumber extract_text", ".pdf", _pdfplumber),
    ("pypdfium2 get_text_range", ".pdf", _pypdfium2),
    ("pypdf extract_text", ".pdf", _pypdf),
    ("reformmetrics.formats (python-docx)", ".docx", _ours(".docx")),
]


def _claims(text: str) -> Counter:
    import pandas as pd

    import reformmetrics as rm

    frame = rm.extract(text)[["value", "unit", "kind", "subject", "role"]]
    return Counter(tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False))


def _recovered(source: str, text: str) -> float:
    a, b = "".join(source.split()), "".join(text.split())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def _seconds(read, data: bytes, min_seconds: float = 1.0) -> tuple[float, str]:
    """CPU seconds of this process per read of `data` (repeated for at least `min_seconds`; other load on a
    shared machine does not count), and the text read."""
    read(data)                                        # imports and first-use tables are not timed
    runs, began = 0, time.process_time()
    while True:
        text = read(data)
        runs += 1
        if (elapsed := time.process_time() - began) >= min_seconds:
            return elapsed / runs, text


def measure(copies: int = 12) -> list[list[str]]:
    """One row per reader: pages/s and chars/s on the large files, quality on the bulletin; then extraction."""
    import reformmetrics as rm

    fixtures = _fixtures()
    source = (FIXTURES / "bulletin.txt").read_text(encoding="utf-8")
    expected = _claims(source)
    blocks = fixtures.BULLETIN + [b for _ in range(copies - 1) for b in fixtures.BULLETIN[2:]]
    with tempfile.TemporaryDirectory() as work:
        big = {".pdf": Path(work, "big.pdf"), ".docx": Path(work, "big.docx")}
        fixtures.make_pdf(blocks, big[".pdf"])
        fixtures.make_docx(blocks, big[".docx"])
        data = {suffix: path.read_bytes() for suffix, path in big.items()}
    pages = _ours(".pdf")(data[".pdf"]).count("\f")
    rows = []
    for name, suffix, read in READERS:
        try:
            seconds, text = _seconds(read, data[suffix])
            small = [read((FIXTURES / name).read_bytes()) for name in QUALITY[suffix]]
        except (ImportError, ValueError) as exc:        # a reader not installed (FormatError is a ValueError)
            rows.append([name, suffix, f"skipped: {exc}"])
            continue
        found = [sum((_claims(t) & expected).values()) / sum(expected.values()) for t in small]
        rows.append([name, suffix, f"{pages / seconds:,.1f}", f"{len(text) / seconds / 1e3:,.0f} k",
                     " / ".join(f"{_recovered(source, t):.2%}" for t in small), " / ".join(f"{f:.1%}" for f in found)])
    text = _ours(".pdf")(data[".pdf"])
    seconds, _ = _seconds(rm.extract, text)
    rows.append(["reformmetrics.extract on that text", "", f"{pages / seconds:,.1f}", f"{len(text) / seconds / 1e3:,.0f} k",
                 "", ""])
    return [[f"{copies} bulletins, {pages} A5 pages"]] + rows


def round_trip(folders: list[str]) -> None:
    """Print, for each .txt document in `folders`, the share of its claims found again after writing it as a PDF,
    a Word file and (LibreOffice) the Word file printed to PDF, and reading those back."""
    from reformmetrics.formats import read

    fixtures = _fixtures()
    totals: Counter = Counter()
    with tempfile.TemporaryDirectory() as work:
        for source in sorted(p for folder in folders for p in Path(folder).glob("*.txt")):
            lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
            if not lines:
                continue
            blocks = [("h", lines[0])] + [("p", line) for line in lines[1:]]
            paths = {"pdf": Path(work, "doc.pdf"), "docx": Path(work, "doc.docx"), "office pdf": Path(work, "office.pdf")}
            fixtures.make_pdf(blocks, paths["pdf"], header=None)
            fixtures.make_docx(blocks, paths["docx"])
            if not fixtures.office_pdf(paths["docx"], paths["office pdf"]):
                del paths["office pdf"]
            expected = _claims("\n".join(lines))
            row = []
            for name, path in paths.items():
                found = sum((_claims(read(path.suffix, path.read_bytes())[0]) & expected).values())
                totals[name] += found
                row.append(f"{name} {found}/{sum(expected.values())}")
            totals["claims"] += sum(expected.values())
            print(f"{source.name}: " + ", ".join(row))
    print("all: " + ", ".join(f"{name} {n}/{totals['claims']} ({n / max(totals['claims'], 1):.1%})"
                              for name, n in totals.items() if name != "claims"))


HEADERS = ["reader", "format", "pages/s", "chars/s", "chars recovered (reportlab / office PDF)",
           "claims of the .txt found (reportlab / office PDF)"]


def report(table, copies: int = 12) -> None:
    """Print the table with `table(title, headers, rows)` (benchmarks/bench.py's)."""
    try:
        title, *rows = measure(copies)
    except ImportError as exc:                        # reportlab or python-docx, to write the files
        table("Reading PDF and Word", ["note"], [[f"skipped: {exc}"]])
        return
    table(f"Reading PDF and Word ({title[0]}; per CPU second of one process; quality on the 2-page bulletin)",
          HEADERS, rows)


def _print(title: str, headers: list[str], rows: list[list]) -> None:
    print(f"\n{title}")
    for row in [headers, *rows]:
        print(" | ".join(map(str, row)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=12, help="bulletins written into the large PDF and .docx")
    parser.add_argument("--round-trip", nargs="+", metavar="DIR", help="folders of .txt documents to write as PDF "
                                                                       "and Word and read back")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.round_trip:
        round_trip(args.round_trip)
    else:
        report(_print, args.copies)
