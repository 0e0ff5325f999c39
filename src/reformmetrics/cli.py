"""The `reformmetrics` command: extract claims, cross-check them, and write the report an analyst opens."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .api import document_meta, extract
from .crosscheck import crosscheck
from .io import ReadError, document_record, iter_documents, iter_paths
from .schema import claims_frame, documents_frame
from .writers import FORMATS, FormatError, output_format, write_csv, write_frame

PROG = "reformmetrics"
OK, PARTIAL, FAILED = 0, 1, 2

EPILOG = f"""\
SRC may be files, folders (read recursively: .txt, .md, .html, .htm, .pdf, .docx) or glob patterns.
Output formats follow the file suffix: {", ".join(FORMATS)}; without -o, CSV goes to standard output.

examples:
  reformmetrics report seeds/ --out out/            claims, findings, documents and report.html in out/
  reformmetrics extract seeds/ -o claims.parquet    one row per numeric claim
  reformmetrics extract 'docs/**/*.html' > claims.csv
  reformmetrics check seeds/ -o findings.csv --report report.html

exit status: 0 all files read, 1 some files could not be read (the rest were processed),
2 usage error, nothing readable, or an output could not be written.
Set REFORMMETRICS_DEBUG=1 to see the traceback of an unexpected error.
"""


class UsageError(Exception):
    """A problem with what was asked for, reported in one line with exit status 2."""


@dataclass
class Run:
    """What reading and extracting a set of sources produced."""
    claims: pd.DataFrame
    documents: pd.DataFrame
    failed: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return PARTIAL if self.failed else OK


def _say(message: str) -> None:
    """One line on standard error, prefixed with the program name (kept clear of a progress bar)."""
    from tqdm import tqdm
    tqdm.write(f"{PROG}: {message}", file=sys.stderr)


def _extract(sources: list[str], quiet: bool) -> Run:
    """Read every source and extract its claims, reporting each unreadable file on standard error."""
    from tqdm import tqdm

    total = len(iter_paths(sources))
    if total == 0:
        raise UsageError("no documents found in " + " ".join(sources))
    frames, records, failed = [], [], []
    bar = tqdm(iter_documents(sources), total=total, unit="doc", file=sys.stderr,
               disable=quiet or not sys.stderr.isatty())
    for item in bar:
        record = document_record(item)
        if isinstance(item, ReadError):
            _say(str(item))
            failed.append(item.path)
        else:
            if item.note and not quiet:
                _say(f"{item.path}: {item.note}")
            try:
                frames.append(extract(item.text, item.doc_id, document_meta(item)))
            except Exception as exc:  # noqa: BLE001  (one bad document must not stop the run)
                record["error"] = f"extraction failed: {type(exc).__name__}: {exc}"
                _say(f"{item.path}: {record['error']}")
                failed.append(item.path)
        records.append(record)
    if len(failed) == total:
        raise UsageError(f"no file could be read ({total} tried)")
    claims = claims_frame(pd.concat(frames, ignore_index=True) if frames else [])
    return Run(claims, documents_frame(records), failed)


def _write(frame: pd.DataFrame, output: str | None) -> str:
    """Write `frame` to `output` (CSV on standard output when None); returns where it went."""
    if output is None or output == "-":
        write_csv(frame, sys.stdout)
        return "standard output"
    return str(write_frame(frame, output))


def _check_output(output: str | None) -> None:
    """Fail before any work when the output file's format is unsupported."""
    if output not in (None, "-"):
        output_format(output)


def _statuses(findings: pd.DataFrame) -> str:
    counts = findings.drop_duplicates("finding_id")["status"].value_counts()
    return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"


def cmd_extract(args) -> int:
    _check_output(args.output)
    run = _extract(args.sources, args.quiet)
    where = _write(run.claims, args.output)
    if not args.quiet:
        _say(f"{len(run.claims)} claims from {len(run.documents)} documents written to {where}")
    return run.status


def cmd_check(args) -> int:
    _check_output(args.output)
    run = _extract(args.sources, args.quiet)
    findings = crosscheck(run.claims, run.documents)
    where = _write(findings, args.output)
    if args.report:
        from .report import write_report
        write_report(run.claims, findings, run.documents, args.report)
    if not args.quiet:
        _say(f"{findings['finding_id'].nunique()} findings ({_statuses(findings)}) from {len(run.claims)} claims "
             f"written to {where}" + (f"; report: {args.report}" if args.report else ""))
    return run.status


def cmd_report(args) -> int:
    from .report import write_report

    run = _extract(args.sources, args.quiet)
    findings = crosscheck(run.claims, run.documents)
    out = Path(args.out)
    for name, frame in (("claims", run.claims), ("findings", findings), ("documents", run.documents)):
        write_frame(frame, out / f"{name}.csv")
    report = write_report(run.claims, findings, run.documents, out / "report.html")
    print(f"{len(run.documents)} documents ({len(run.failed)} failed), {len(run.claims)} claims, "
          f"{findings['finding_id'].nunique()} findings ({_statuses(findings)})")
    print(f"report: {report}")
    return run.status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Numeric claims from Chinese government reform documents, cross-checked.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("sources", nargs="+", metavar="SRC", help="files, folders or glob patterns")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar, notes or summary")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", parents=[common], help="write the claims frame",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    p.add_argument("-o", "--output", metavar="FILE", help=f"claims file ({', '.join(FORMATS)}); default: CSV to stdout")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("check", parents=[common], help="write the findings frame (and optionally the report)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    p.add_argument("-o", "--output", metavar="FILE", help=f"findings file ({', '.join(FORMATS)}); default: CSV to stdout")
    p.add_argument("--report", metavar="HTML", help="also write the HTML report here")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", parents=[common], help="write claims, findings, documents and report.html to a folder",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    p.add_argument("--out", required=True, metavar="DIR", help="folder for claims.csv, findings.csv, documents.csv "
                                                                "and report.html (created if missing)")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some files failed, 2 nothing done)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, FormatError) as exc:
        _say(str(exc))
    except OSError as exc:
        _say(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001  (no traceback reaches the user)
        if os.environ.get("REFORMMETRICS_DEBUG"):
            traceback.print_exc()
        _say(f"unexpected error: {type(exc).__name__}: {exc} (set REFORMMETRICS_DEBUG=1 for details)")
    return FAILED
