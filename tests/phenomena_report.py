#!/usr/bin/env python3
"""Per-table pass counts of the phenomena tests, with the first failing differences.

    .venv/bin/python tests/phenomena_report.py                 # summary + 3 failures per file
    .venv/bin/python tests/phenomena_report.py -n 0            # summary only
    .venv/bin/python tests/phenomena_report.py -f changes -n 50  # every failure of one table

Uses exactly the checks of tests/test_phenomena.py (tables in tests/data/phenomena/*.toml).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_phenomena import check_case, load_cases, table_problems  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--failures", type=int, default=3, help="failing cases shown per file (default 3)")
    ap.add_argument("-f", "--file", action="append", default=[],
                    help="only tables whose name contains this (repeatable)")
    args = ap.parse_args(argv)

    cases = [c for c in load_cases() if not args.file or any(f in c.file for f in args.file)]
    by_file: dict[str, list] = defaultdict(list)
    for case in cases:
        problems = table_problems(case)
        problems = [f"TABLE: {p}" for p in problems] + check_case(case)
        by_file[case.file].append((case, problems))

    total = passed = 0
    width = max((len(f) for f in by_file), default=10)
    print(f"{'table':<{width}}  pass / total   (negatives, optional cases)")
    for file, results in by_file.items():
        ok = sum(1 for _, p in results if not p)
        neg = sum(1 for c, _ in results if not c.claims and not c.optional)
        opt = sum(1 for c, _ in results if c.optional)
        total += len(results)
        passed += ok
        print(f"{file:<{width}}  {ok:4d} / {len(results):<4d}    ({neg}, {opt})")
    print(f"{'TOTAL':<{width}}  {passed:4d} / {total:<4d}")

    if args.failures > 0:
        for file, results in by_file.items():
            failing = [(c, p) for c, p in results if p]
            if not failing:
                continue
            print(f"\n== {file}: {len(failing)} failing")
            for case, problems in failing[:args.failures]:
                print(f"  #{case.index} {case.text.replace(chr(10), '⏎').replace(chr(9), ' ')}")
                for p in problems:
                    print(f"      {p}")
            if len(failing) > args.failures:
                print(f"  … {len(failing) - args.failures} more (-n {len(failing)} -f {file.removesuffix('.toml')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
