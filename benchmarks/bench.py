"""Speed and memory of reformmetrics, and of peer extractors on the same text (run on demand, not in CI).

    python benchmarks/bench.py              # real text first, then seeds, a 20 MB generated corpus, pathological inputs, peers
    python benchmarks/bench.py --quick      # real text, seeds and a 2 MB corpus; peers on the real text and seeds only
    python benchmarks/bench.py --before 7feff88      # real text also through the version of a git revision
    python benchmarks/bench.py --corpus-mb 50 --no-peers

Each configuration runs in a fresh process, so its start-up and peak memory are its own.
Peers come from `pip install 'reformmetrics[bench]'` (duckling-chinese also needs a Java runtime);
a missing one is reported as skipped.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: real documents, measured first: the seeds, and the dev set beside the repository where it is checked out
REAL = [SEEDS, ROOT.parent / "shared" / "dev" / "docs"]
#: single-core throughput we aim for, as a multiple of each peer's (issue 5)
TARGETS = {"duckling-chinese": 20, "cn2an.transform + unit regex": 8, "Recognizers-Text (zh)": 500}
CHINESE_NUMERALS = "零一二三四五六七八九十百千万亿两"
#: a short made-up document run through each extractor before timing, so that lazy loading (patterns of every
#: stage compiled on first use, the gazetteer) is not timed: a title, a dateline, headings, a from/to change, a
#: 其中 list, a target and a table of one cell a line
WARM_UP = """某市2024年上半年营商环境改革情况
2024年7月15日
一、总体情况
上半年，全市新增企业1.42万家，同比增长9.58%，审批时限由二十个工作日压缩到5个。
(一)政务服务
全市政务服务事项13项，其中市级6项，区级7项；到2025年，网上可办率达到95%以上。
指标 | 绝对数 | 比上年增长(%)
地区生产总值(亿元) | 1234.5 | 5.2
"""


class Skip(Exception):
    """A configuration that cannot run on this machine; str() says why."""


# ---------------------------------------------------------------- running a configuration in its own process

def _child(conn, fn, args):
    with open(os.devnull, "w") as null:       # peers print banners and JVM warnings
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
    try:
        result = fn(*args)
    except Skip as exc:
        result = {"skipped": str(exc)}
    except Exception as exc:  # noqa: BLE001 - reported in the table instead of ending the benchmark
        result = {"failed": f"{type(exc).__name__}: {exc}"}
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    conn.send({**result, "rss_mb": peak_kb / 1024})


def isolated(fn, *args, timeout: float | None = None) -> dict:
    """fn(*args) run in a process of its own, forked from this one (which imports no extractor): its result
    dict with the process's peak RSS (rss_mb), or {"skipped": reason} / {"failed": reason}."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args))
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            proc.kill()
            return {"failed": f"over the {timeout:.0f} s limit"}
        return receive.recv()
    except EOFError:
        proc.join()
        return {"failed": f"process died (exit code {proc.exitcode})"}
    finally:
        proc.join()


def _read(paths: list[str]) -> list[str]:
    return [Path(p).read_text("utf-8") for p in paths]


def _timed(run, texts: list[str], min_seconds: float) -> dict:
    """Chars per CPU second of `run` over `texts` (CPU time of this process: other load on a shared machine is not
    counted), passes repeated until `min_seconds` have gone by."""
    chars, passes, began = sum(map(len, texts)), 0, time.process_time()
    while passes == 0 or time.process_time() - began < min_seconds:
        for text in texts:
            run(text)
        passes += 1
    seconds = (time.process_time() - began) / passes
    return {"chars": chars, "seconds": seconds, "rate": chars / seconds}


# ---------------------------------------------------------------- configurations (each runs in its own process)

def _reformmetrics(src: str | None):
    """The reformmetrics package: from the folder `src` when given (another version), else the installed one."""
    if src:
        sys.path.insert(0, src)
    import reformmetrics as rm
    if src and not Path(rm.__file__).resolve().is_relative_to(Path(src).resolve()):
        raise Skip(f"reformmetrics was imported from {rm.__file__}, not from {src}")
    return rm


def ours(paths: list[str], min_seconds: float, src: str | None = None) -> dict:
    """reformmetrics.extract over each document, claims frame included (the version in `src` when given)."""
    began = time.process_time()
    rm = _reformmetrics(src)
    rm.extract(WARM_UP)
    startup = time.process_time() - began
    return {**_timed(rm.extract, _read(paths), min_seconds), "startup": startup}


def joined(paths: list[str], copies: int, src: str | None = None, runs: int = 1) -> dict:
    """Time of extract on one document, the documents joined `copies` times over: the mean of `runs` runs
    (one extract of the documents first, so that compiling patterns and reading tables is not timed)."""
    rm = _reformmetrics(src)
    text = "\n".join(_read(paths))
    rm.extract(text)
    text = "\n".join([text] * copies)
    began = time.process_time()
    for _ in range(runs):
        rm.extract(text)
    seconds = (time.process_time() - began) / runs
    return {"chars": len(text), "seconds": seconds, "rate": len(text) / seconds}


def _cn2an():
    import cn2an
    number_unit = re.compile(r"(\d+(?:\.\d+)?)([^\d\s.,，。、;；:：]?)")
    return lambda line: [(m[1], m[2]) for m in number_unit.finditer(cn2an.transform(line, "cn2an"))]


def _recognizers():
    from recognizers_number import Culture, NumberRecognizer
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    numbers, units = NumberRecognizer(Culture.Chinese), NumberWithUnitRecognizer(Culture.Chinese)
    models = [numbers.get_number_model(), numbers.get_percentage_model(), units.get_dimension_model(),
              units.get_currency_model()]
    return lambda line: [result for model in models for result in model.parse(line)]


def _duckling():
    if shutil.which("java") is None:
        raise Skip("no Java runtime (apt-get install openjdk-17-jre-headless)")
    import duckling_chinese as dc
    duckling, dim = dc.Duckling(), dc.DucklingDimension
    options = duckling.gen_options(targets={dim.NUMERAL, dim.QUANTITY, dim.CURRENCY, dim.AREA, dim.DISTANCE,
                                            dim.DURATION, dim.MULTIPLE})
    return lambda line: duckling.parse_entities(line, options=options)


def _jionlp():
    import jionlp
    return jionlp.ner.extract_money


#: name → (package to install, factory of a function extracting from one line)
PEERS = {
    "cn2an.transform + unit regex": ("cn2an", _cn2an),
    "Recognizers-Text (zh)": ("recognizers-text-suite", _recognizers),
    "duckling-chinese": ("duckling-chinese", _duckling),
    "jionlp money": ("jionlp", _jionlp),
}


def peer(name: str, paths: list[str], min_seconds: float) -> dict:
    """A peer extractor over each line of each document."""
    package, factory = PEERS[name]
    began = time.process_time()
    try:
        run = factory()
    except ImportError as exc:
        raise Skip(f"{package} not installed ({exc}); pip install 'reformmetrics[bench]'") from None
    run(WARM_UP)
    startup = time.process_time() - began
    return {**_timed(lambda text: [run(line) for line in text.split("\n") if line.strip()], _read(paths), min_seconds),
            "startup": startup}


def pathological(kind: str, n: int, repeats: int) -> dict:
    """Best time of `extract` on one generated input of `n` characters."""
    import reformmetrics as rm
    rm.extract(WARM_UP)
    text = pathological_text(kind, n)
    best = min(_timed(rm.extract, [text], 0)["seconds"] for _ in range(repeats))
    return {"chars": len(text), "seconds": best, "rate": len(text) / best}


def extract_files(paths: list[str], workers: int, output: str | None, trace: bool) -> dict:
    """reformmetrics.extract_files over the files, optionally streamed to `output`, optionally under tracemalloc."""
    import reformmetrics as rm
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    frame = rm.extract_files(paths, workers=workers, output=output)
    seconds = time.perf_counter() - began
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    del frame
    return {"seconds": seconds, "traced_mb": traced, "chars": sum(len(t) for t in _read(paths))}


# ---------------------------------------------------------------- inputs

def real_paths(folders: list[Path]) -> list[str]:
    """The .txt files of the folders that exist, folder by folder, in name order."""
    return [str(p) for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.txt"))]


def version_src(before: str, work: Path) -> str:
    """A folder holding the reformmetrics package of `before`: a folder (a checkout, or its src) or a git
    revision of this repository, exported with git archive."""
    folder = Path(before)
    if folder.is_dir():
        return str(folder / "src" if (folder / "src" / "reformmetrics").is_dir() else folder)
    out = work / f"before-{re.sub(r'[^0-9A-Za-z._-]', '_', before)}"
    out.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", before, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return str(out / "src")


def seed_sentences() -> list[str]:
    text = "\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return [s.strip() for s in re.findall(r"[^。！？!?\n]+[。！？!?]?", text) if len(s.strip()) > 1]


def make_corpus(folder: Path, rng: random.Random, megabytes: float = float("inf"),
                documents: float = float("inf")) -> list[str]:
    """Write generated documents (seed sentences recombined into paragraphs) until `megabytes` of UTF-8
    or `documents` files; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences, paths, written = seed_sentences(), [], 0
    while written < megabytes * 2**20 and len(paths) < documents:
        paragraphs = ["".join(rng.choices(sentences, k=rng.randint(1, 5))) for _ in range(rng.randint(3, 40))]
        path = folder / f"doc_{len(paths):06d}.txt"
        path.write_text("\n".join(paragraphs), "utf-8")
        written += path.stat().st_size
        paths.append(str(path))
    return paths


def pathological_text(kind: str, n: int) -> str:
    rng = random.Random(n)
    if kind == "digits in a row":
        return "".join(rng.choices("0123456789", k=n))
    if kind == "Chinese numerals in a row":
        return "".join(rng.choices(CHINESE_NUMERALS, k=n))
    sentences, out, size = seed_sentences(), [], 0
    while size < n:
        out.append(rng.choice(sentences))
        size += len(out[-1])
    text = "".join(out)[:n]
    if kind == "one sentence, commas only":
        return re.sub(r"[。！？!?]", "，", text)
    return text                                     # "one line": sentences without line breaks


def utf8_chars(megabytes: float) -> int:
    """Characters of generated Chinese text that make `megabytes` of UTF-8."""
    sample = "".join(seed_sentences())
    return int(megabytes * 2**20 * len(sample) / len(sample.encode("utf-8")))


# ---------------------------------------------------------------- printing

def _rate(r: dict) -> str:
    if "skipped" in r:
        return f"skipped: {r['skipped']}"
    if "failed" in r:
        return f"failed: {r['failed']}"
    rate = r["rate"]
    return f"{rate / 1e6:.2f} M" if rate >= 1e6 else f"{rate / 1e3:.1f} k"


def _ok(r: dict) -> bool:
    return "skipped" not in r and "failed" not in r


def best(runs) -> dict:
    """The fastest of several runs (each in a fresh process), or the first that did not run."""
    runs = list(runs)
    done = [r for r in runs if _ok(r)]
    return max(done, key=lambda r: r["rate"]) if done else runs[0]


def table(title: str, headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells if i < len(row)]) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    sys.stdout.flush()


# ---------------------------------------------------------------- the benchmark

def real_text(paths: list[str], versions: dict[str, str | None], with_peers: bool, repeats: int = 5) -> None:
    """Print chars/s over real documents, of each version of reformmetrics and of cn2an on the same text (each the
    best of `repeats` fresh processes, one cold pass each), and the time of one document of them all joined against
    ten times that document."""
    chars = sum(map(len, _read(paths)))
    runs = {name: (ours, (paths, 0, src)) for name, src in versions.items()}
    if with_peers:
        runs["cn2an.transform + unit regex"] = (peer, ("cn2an.transform + unit regex", paths, 0))
    # the configurations take turns, round after round: a slower spell of a shared machine weighs on all alike
    done: dict[str, list[dict]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, (fn, args) in runs.items():
            done[name].append(isolated(fn, *args))
    results = {name: best(r) for name, r in done.items()}
    first = next(iter(results.values()))
    rows = [[name, _rate(r), f"{r['startup']:.2f} s" if _ok(r) else "", f"{r['rss_mb']:.0f} MB" if _ok(r) else "",
             f"{first['rate'] / r['rate']:.2f}×" if _ok(r) and _ok(first) else ""] for name, r in results.items()]
    table(f"Real text: {len(paths)} documents, {chars:,} chars (chars/s, one cold pass a process, best of {repeats}, "
          "taking turns)", ["extractor", "chars/s", "start-up", "peak RSS", f"{next(iter(results))} ÷ it"], rows)
    rows = []
    for name, src in versions.items():
        # ten runs of the document against one of ten times it: as much work for as long, so that other load on
        # the machine weighs on both alike
        a = best(isolated(joined, paths, 1, src, 10, timeout=1200) for _ in range(2))
        b = best(isolated(joined, paths, 10, src, 1, timeout=1200) for _ in range(2))
        if not (_ok(a) and _ok(b)):
            rows.append([name, "", "", _rate(a if not _ok(a) else b)])
            continue
        ratio = b["seconds"] / a["seconds"]
        rows.append([name, f"{a['chars']:,} → {b['chars']:,}", f"{a['seconds']:.3f} s → {b['seconds']:.3f} s",
                     f"{ratio:.1f}×", "met" if ratio <= 11 else "NOT met"])
    table("Real text joined into one document: time for 10× the document (target ≤ 11×; the document's time is the "
          "mean of ten runs; best of 2 processes)", ["version", "chars", "time", "10× text →", "≤ 11×"], rows)


def throughput(seeds: list[str], corpus: list[str], peer_slice: list[str], with_peers: bool) -> dict:
    """Print chars/s of ours and of each peer; returns our result on the whole corpus."""
    inputs = {"seeds": seeds, "corpus": corpus}
    if peer_slice:
        inputs["corpus slice"] = peer_slice
    # one pass over each input in a fresh process, as for the peers: repeated passes would be served by the
    # extractor's caches (subjects, number values) and flatter it
    mine = {name: isolated(ours, paths, 0) for name, paths in inputs.items()}
    rows = [["reformmetrics.extract", name, f"{mine[name]['chars']:,}", _rate(mine[name]),
             f"{mine[name]['startup']:.2f} s", f"{mine[name]['rss_mb']:.0f} MB", "", ""] for name in inputs]
    for name in PEERS if with_peers else []:
        for text_name in ("seeds", "corpus slice") if peer_slice else ("seeds",):
            r = isolated(peer, name, inputs[text_name], 0)
            if not _ok(r):
                rows.append([name, text_name, "", _rate(r)])
                break
            ratio = mine[text_name]["rate"] / r["rate"]
            target = TARGETS.get(name)
            verdict = f"≥ {target}× {'met' if ratio >= target else 'NOT met'}" if target else ""
            rows.append([name, text_name, f"{r['chars']:,}", _rate(r), f"{r['startup']:.2f} s", f"{r['rss_mb']:.0f} MB",
                         f"{ratio:.1f}×", verdict])
    table("Throughput, single process (chars/s; ours with the claims frame; peers line by line)",
          ["extractor", "text", "chars", "chars/s", "start-up", "peak RSS", "ours ÷ peer", "target"], rows)
    return mine["corpus"]


def linearity(corpus: list[str], whole: dict, scale: float) -> None:
    """Print how time grows with 10× the input: the corpus (a tenth of it against `whole`) and pathological inputs."""
    rows = []
    cases = [("generated corpus", isolated(ours, corpus[:max(1, len(corpus) // 10)], 0), whole)]
    for kind, n, repeats in (("digits in a row", 10_000, 3), ("Chinese numerals in a row", 5_000, 3),
                             ("one line", int(utf8_chars(scale)), 1), ("one sentence, commas only", 2_000, 1)):
        cases.append((kind, isolated(pathological, kind, n, repeats, timeout=600),
                      isolated(pathological, kind, 10 * n, repeats, timeout=600)))
    for kind, a, b in cases:
        if not (_ok(a) and _ok(b)):
            rows.append([kind, "", "", _rate(a if not _ok(a) else b)])
            continue
        ratio = (b["seconds"] / a["seconds"]) / (b["chars"] / a["chars"]) * 10
        rows.append([kind, f"{a['chars']:,} → {b['chars']:,}", f"{a['seconds']:.3f} s → {b['seconds']:.3f} s",
                     f"{ratio:.1f}×", "met" if ratio <= 11 else "NOT met", _rate(b)])
    table("Linearity: time for 10× the text (target ≤ 11×)",
          ["input", "chars", "time", "10× text →", "≤ 11×", "chars/s at 10×"], rows)


def memory(work: Path, n_files: int, rng: random.Random) -> None:
    rows = []
    sets = {n: make_corpus(work / f"memory_{n}", rng, documents=n) for n in (n_files, 4 * n_files)}
    for label, output in (("streamed to Parquet", "claims.parquet"), ("frame in memory", None)):
        results = {}
        for n, paths in sets.items():
            results[n] = isolated(extract_files, paths, 1, output and str(work / f"{n}_{output}"), True)
        if not all(map(_ok, results.values())):
            rows.append([label, "", "", "", next(_rate(r) for r in results.values() if not _ok(r))])
            continue
        a, b = results[n_files], results[4 * n_files]
        rows.append([label, f"{n_files} → {4 * n_files}",
                     f"{a['traced_mb']:.1f} → {b['traced_mb']:.1f} MB ({b['traced_mb'] / a['traced_mb']:.2f}×)",
                     f"{a['rss_mb']:.0f} → {b['rss_mb']:.0f} MB ({b['rss_mb'] / a['rss_mb']:.2f}×)"])
    table("Peak memory of extract_files for N and 4N documents (streaming should stay flat)",
          ["mode", "documents", "tracemalloc peak", "peak RSS", "note"], rows)


def _spin(n: int) -> int:
    return sum(i * i for i in range(n))


def _spin_seconds(processes: int) -> dict:
    """Seconds for `processes` processes to share four equal pure-Python loops."""
    from concurrent.futures import ProcessPoolExecutor
    began = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [5_000_000] * 4))
    return {"seconds": time.perf_counter() - began}


def workers(corpus: list[str], megabytes: float) -> None:
    """Print the speedup of extract_files(workers=2) over workers=1, beside that of a pure-Python loop
    (what two processes can gain on this machine at best)."""
    limit = megabytes * 2**20
    paths, size = [], 0
    for p in corpus:
        if size >= limit:
            break
        paths.append(p)
        size += os.path.getsize(p)
    one, two = (isolated(extract_files, paths, w, None, False) for w in (1, 2))
    if not (_ok(one) and _ok(two)):
        table("extract_files(workers=2)", ["note"], [[_rate(one if not _ok(one) else two)]])
        return
    spin_one, spin_two = (isolated(_spin_seconds, p) for p in (1, 2))
    table(f"extract_files over {len(paths)} files ({size / 2**20:.1f} MB), {os.cpu_count()} CPUs",
          ["workers", "seconds", "chars/s", "speedup", "pure-Python loop speedup (machine's bound)"],
          [[1, f"{one['seconds']:.2f}", f"{one['chars'] / one['seconds'] / 1e3:.0f} k", "1.00×", "1.00×"],
           [2, f"{two['seconds']:.2f}", f"{two['chars'] / two['seconds'] / 1e3:.0f} k",
            f"{one['seconds'] / two['seconds']:.2f}×", f"{spin_one['seconds'] / spin_two['seconds']:.2f}×"]])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a small corpus; peers on the real text and the seeds only")
    parser.add_argument("--corpus-mb", type=float,
                        help="size of the generated corpus in MB of UTF-8 (default 20, quick 2)")
    parser.add_argument("--no-peers", action="store_true", help="measure reformmetrics only")
    parser.add_argument("--real", type=Path, action="append",
                        help="a folder of real .txt documents, measured first (default: seeds/ and ../shared/dev/docs)")
    parser.add_argument("--before", help="another version measured on the real text too: a git revision, or a folder "
                                         "holding the reformmetrics package")
    parser.add_argument("--real-only", action="store_true", help="measure the real text only (the first two tables)")
    args = parser.parse_args(argv)
    corpus_mb = args.corpus_mb or (2 if args.quick else 20)
    rng = random.Random(5)
    work = Path(tempfile.mkdtemp(prefix="reformmetrics-bench-"))
    try:
        seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
        real = real_paths(args.real or REAL)
        print(f"reformmetrics benchmark: {len(real)} real documents, {len(seeds)} seeds, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs; rates are per CPU second of the measuring process")
        versions = {"reformmetrics (this tree)": None}
        if args.before:
            versions[f"reformmetrics at {args.before}"] = version_src(args.before, work)
        real_text(real, versions, not args.no_peers)
        if args.real_only:
            return
        corpus = make_corpus(work / "corpus", rng, megabytes=corpus_mb)
        peer_slice = [] if args.quick else make_corpus(work / "slice", rng, megabytes=0.3)
        print(f"\ngenerated corpus: {len(corpus)} documents ({corpus_mb:g} MB) of seed sentences recombined")
        whole = throughput(seeds, corpus, peer_slice, not args.no_peers)
        linearity(corpus, whole, corpus_mb / 20)
        memory(work, 250 if args.quick else 1000, rng)   # N large enough that N documents fill several write batches
        workers(corpus, min(corpus_mb, 5))
        import formats                                # benchmarks/formats.py: PDF and Word reading
        formats.report(table, copies=4 if args.quick else 12)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
