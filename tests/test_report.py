"""The HTML report: its structure (sections, order, tables) and how it renders in a headless browser."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics.report import render_report, write_report
from reformmetrics.schema import claims_frame, documents_frame, findings_frame

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FACTS = ROOT / "tests" / "gold" / "seeds_facts.jsonl"


def gold_findings(claims: pd.DataFrame) -> pd.DataFrame:
    """Findings frame of the gold facts over the gold claims, plus one failing share, as a realistic run gives."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    facts = [json.loads(line) for line in FACTS.read_text(encoding="utf-8").splitlines()]
    failing = next(f for f in facts if f["id"] == "pilot_tasks_sum")
    facts.append({**failing, "id": "demo_failing_share", "check": "share", "status": "conflict"})
    findings = []
    for fact in facts:
        for m in fact["members"]:
            start = texts[m["doc"]].find(m["context"]) + m["context"].find(m["text"])
            claim = claims[(claims.doc_id == m["doc"]) & (claims.start == start)].iloc[0]
            findings.append({**claim[["doc_id", "start", "end", "text", "value", "unit", "subject"]].to_dict(),
                             "finding_id": fact["id"], "check": fact["check"], "status": fact["status"],
                             "member": m.get("member", "repeat"), "key": fact["id"], "tolerance": "exact",
                             "message": fact["note"]})
    return findings_frame(findings)


@pytest.fixture(scope="module")
def frames(gold_claims):
    """Claims, findings and documents of a realistic run over the seeds, with one unreadable file."""
    documents = documents_frame(
        [{"doc_id": p.name, "path": str(p), "encoding": "utf-8", "chars": len(p.read_text(encoding="utf-8")),
          "title": p.read_text(encoding="utf-8").splitlines()[0]} for p in sorted(SEEDS.glob("*.txt"))]
        + [{"doc_id": "broken.txt", "path": "broken.txt", "error": "binary file (NUL bytes)"}])
    return gold_claims, gold_findings(gold_claims), documents


@pytest.fixture(scope="module")
def report(frames, tmp_path_factory) -> Path:
    return write_report(*frames, tmp_path_factory.mktemp("report") / "report.html")


class Outline(HTMLParser):
    """What a reader sees of the report: sections, finding blocks, marks, tables and their rows, resources."""

    def __init__(self, markup: str):
        super().__init__()
        self.sections: list[str] = []
        self.findings: list[tuple[str, str, str]] = []   # (section, classes, id)
        self.marks: dict[str, list[str]] = {}             # finding id -> marked texts, in order
        self.tables: dict[str, int] = {}                  # table id -> body rows
        self.resources: list[str] = []
        self.images: list[str] = []
        self._finding = self._table = None
        self._in_mark = self._in_tbody = False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a["id"])
        elif tag == "article":
            self._finding = a.get("id", "").removeprefix("finding-")
            self.findings.append((self.sections[-1], a["class"], self._finding))
        elif tag == "mark":
            self._in_mark = True
            self.marks.setdefault(self._finding, []).append("")
        elif tag == "table":
            self._table = a.get("id")
            self.tables.setdefault(self._table, 0)
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody and self._table:
            self.tables[self._table] += 1
        elif tag == "img":
            self.images.append(a["src"])
        for name in ("src", "href"):
            if a.get(name) and not a[name].startswith(("#", "data:")):
                self.resources.append(a[name])

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "article":
            self._finding = None

    def handle_data(self, data):
        if self._in_mark:
            self.marks[self._finding][-1] += data


def test_sections_in_reading_order(report):
    assert Outline(report.read_text(encoding="utf-8")).sections == [
        "summary", "conflicts", "failing", "repeats", "holding", "charts", "documents"]


def test_conflicts_come_first_with_both_sentences_marked(report, frames):
    outline = Outline(report.read_text(encoding="utf-8"))
    kinds = [(section, classes.split()[-1]) for section, classes, _ in outline.findings]
    assert kinds[:3] == [("conflicts", "conflict"), ("conflicts", "conflict"), ("failing", "conflict")]
    assert all(status != "conflict" for _, status in kinds[3:])
    assert outline.marks["hitech_growth"] == ["35.68%", "39.88%"]
    assert outline.marks["events_count"] == ["30余场", "17余场次"]


def test_every_figure_of_a_sentence_is_marked_at_its_own_place(report):
    # 13项 comes before 3项 in the sentence: each is marked where it stands, not inside the other
    html_text = report.read_text(encoding="utf-8")
    assert Outline(html_text).marks["demo_failing_share"] == ["13项", "6项", "4项", "3项"]
    assert "<mark>13项</mark>,其中国家级<mark>6项</mark>,省级<mark>4项</mark>,市级<mark>3项</mark>" in html_text


def test_findings_show_rule_tolerance_and_message(report):
    text = report.read_text(encoding="utf-8")
    block = text[text.index('id="finding-hitech_growth"'):]
    block = block[:block.index("</article>")]
    assert "rule: <b>repeat</b>" in block and "tolerance: exact" in block
    assert "national high-tech enterprises growth given as 35.68%" in block


def test_repeats_are_grouped_by_fact(report, frames):
    _, findings, _ = frames
    outline = Outline(report.read_text(encoding="utf-8"))
    repeats = findings[(findings["check"] == "repeat") & (findings["status"] != "conflict")]
    assert sum(section == "repeats" for section, _, _ in outline.findings) == repeats["key"].nunique()


def test_tables_have_a_row_per_document_and_per_claim(report, frames):
    claims, _, documents = frames
    tables = Outline(report.read_text(encoding="utf-8")).tables
    assert tables["documents-table"] == len(documents)
    per_doc = [n for t, n in tables.items() if t and t.startswith("claims-")]
    assert per_doc == list(claims["doc_id"].value_counts(sort=False).reindex(claims["doc_id"].unique()))
    assert tables["holding-table"] == 4


def test_self_contained(report):
    outline = Outline(report.read_text(encoding="utf-8"))
    assert outline.resources == []
    assert len(outline.images) == 2 and all(src.startswith("data:image/png;base64,") for src in outline.images)


EDGE_CASES = [  # (case, claims, findings, documents, must contain, must not contain)
    ("nothing at all", claims_frame([]), findings_frame([]), documents_frame([]), ["None found.", "Nothing to chart."],
     ["<mark>"]),
    ("markup in the text is escaped",
     claims_frame([{"doc_id": "<b>x</b>.txt", "start": 0, "end": 3, "text": "<i>", "kind": "count",
                    "context": "a<script>alert(1)</script><i>", "sentence": 0}]),
     findings_frame([{"finding_id": "f", "check": "repeat", "status": "conflict", "doc_id": "<b>x</b>.txt",
                      "start": 0, "end": 3, "text": "<i>", "message": "x < y & z"}]),
     documents_frame([{"doc_id": "<b>x</b>.txt"}]),
     ["&lt;b&gt;x&lt;/b&gt;.txt", "x &lt; y &amp; z", "<mark>&lt;i&gt;</mark>", "alert(1)&lt;/script&gt;"],
     ["<script>alert", "<b>x</b>"]),
    ("a claim without context is still shown",
     claims_frame([{"doc_id": "a.txt", "start": 5, "end": 8, "text": "5家", "kind": "count"}]),
     findings_frame([{"finding_id": "f", "check": "sum", "status": "conflict", "doc_id": "a.txt", "start": 5,
                      "end": 8, "text": "5家"}]),
     documents_frame([{"doc_id": "a.txt"}]), ["<mark>5家</mark>"], []),
]


@pytest.mark.parametrize("case,claims,findings,documents,present,absent", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_edge_cases(case, claims, findings, documents, present, absent):
    text = render_report(claims, findings, documents)
    for s in present:
        assert s in text
    for s in absent:
        assert s not in text


# ---------------------------------------------------------------- in a browser

def _browser() -> str:
    """A headless Chromium, installed with apt when missing and allowed to; else the test is skipped."""
    found = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if found:
        return found
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            try:
                failed = subprocess.run(cmd, capture_output=True, env=env, timeout=900).returncode
            except subprocess.TimeoutExpired:
                failed = "timed out"
            if failed:
                pytest.skip(f"no Chromium, and `{' '.join(cmd)}` failed ({failed})")
        if found := shutil.which("chromium"):
            return found
    pytest.skip("no Chromium (install the Debian package `chromium`; the test installs it itself when run as root)")


def test_renders_in_a_browser(report, tmp_path):
    mpimg = pytest.importorskip("matplotlib.image")
    shot = tmp_path / "report.png"
    subprocess.run([_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1280,2000",
                    report.as_uri()], capture_output=True, timeout=180)
    assert shot.exists() and shot.stat().st_size > 10_000
    pixels = (mpimg.imread(shot)[:, :, :3] * 255).astype(int)
    colours = {tuple(p) for p in pixels[::4, ::4].reshape(-1, 3)}
    assert len(colours) > 50, "the page looks blank"
    assert (pixels.sum(axis=2) < 600).mean() > 0.02, "hardly anything drawn on the page"
    red = (pixels[:, :, 0] > 170) & (pixels[:, :, 1] < 80) & (pixels[:, :, 2] < 80)
    assert red.sum() > 200, "no conflict colour in the first screen: conflicts are not shown first"


def test_claims_tables_show_where_and_when(tmp_path):
    claims = rm.extract("去年全市新增市场主体1.2万户。目前全市共有市场主体31万户。", doc_id="n.txt",
                        meta={"date": "2024-02-01", "place": "绵阳市"})
    markup = write_report(claims, rm.crosscheck(claims), documents_frame([]), tmp_path / "r.html").read_text(
        encoding="utf-8")
    assert "<th>place</th>" in markup and "<td>绵阳市</td>" in markup
    assert "<td>2023-01-01</td>" in markup and "<td>2024-02-01</td>" in markup and "NaT" not in markup
