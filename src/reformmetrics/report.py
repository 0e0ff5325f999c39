"""The HTML report an analyst opens: summary, conflicts, failing sums and shares, repeats, charts, claim tables.

One self-contained file: CSS, JavaScript and chart images are inline, nothing is fetched from the network.
"""
from __future__ import annotations

import base64
import functools
import html
import io
import os
import re
import warnings
from datetime import datetime
from importlib import resources
from pathlib import Path

import pandas as pd

from .schema import claims_frame, documents_frame, findings_frame

STATUSES = ["conflict", "approx", "consistent"]
#: claims-frame columns shown in the per-document tables.
TABLE_COLUMNS = ["sentence", "text", "value", "low", "unit", "kind", "role", "direction", "approx", "subject",
                 "place", "period_start", "period_end", "baseline", "page"]
NUMERIC = {"sentence", "value", "low", "high", "start", "end", "chars", "claims", "page"}
#: most bars a chart shows (the largest ones).
CHART_ROWS = 30
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
              "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK JP", "Arial Unicode MS")
_CJK_FILE = re.compile(r"(?i)cjk|wqy|wenquanyi|simhei|msyh|yahei|pingfang|sourcehan")


def write_report(claims: pd.DataFrame, findings: pd.DataFrame, documents: pd.DataFrame,
                 path: str | os.PathLike, title: str = "reformmetrics report") -> Path:
    """Write the report of a claims, a findings and a documents frame to `path` (one HTML file); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(claims, findings, documents, title), encoding="utf-8")
    return path


def render_report(claims: pd.DataFrame, findings: pd.DataFrame, documents: pd.DataFrame,
                  title: str = "reformmetrics report") -> str:
    """The report's HTML text (see write_report)."""
    claims, findings, documents = claims_frame(claims), findings_frame(findings), documents_frame(documents)
    places = _places(claims)
    repeat = findings["check"] == "repeat"
    failing = findings["status"] == "conflict"
    sections = [
        _summary(claims, findings, documents),
        _findings_section("conflicts", "Conflicts", findings[repeat & failing], places,
                          "The same fact stated with different figures."),
        _findings_section("failing", "Sums, shares and changes that do not add up", findings[~repeat & failing],
                          places, "Parts that do not make their whole, shares that do not match their counts, "
                                 "changes that do not match their two ends."),
        _repeats_section(findings[repeat & ~failing], places),
        _holding_section(findings[~repeat & ~failing]),
        _charts_section(claims, findings),
        _documents_section(claims, documents),
    ]
    nav = "".join(f'<a href="#{sid}">{html.escape(name)}</a>' for sid, name in (
        ("summary", "Summary"), ("conflicts", "Conflicts"), ("failing", "Failing sums"), ("repeats", "Repeats"),
        ("holding", "Sums that hold"), ("charts", "Charts"), ("documents", "Documents")))
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n"
        f"<header><h1>{html.escape(title)}</h1><p>{len(documents)} documents · {len(claims)} claims · "
        f"{findings['finding_id'].nunique()} findings · generated {stamp} by reformmetrics</p></header>\n"
        f"<nav>{nav}</nav>\n<main>\n" + "\n".join(sections) +
        f"\n</main>\n<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"
    )


@functools.cache
def _asset(name: str) -> str:
    return resources.files("reformmetrics").joinpath("templates", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- small pieces

def _esc(value) -> str:
    """Escaped text of a cell; <NA> shows as nothing."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:,.10g}"
    return html.escape(str(value))


def _section(sid: str, title: str, count: int | None, body: str, intro: str = "") -> str:
    n = f' <span class="count">({count})</span>' if count is not None else ""
    intro = f"<p>{html.escape(intro)}</p>" if intro else ""
    return f'<section id="{sid}">\n<h2>{html.escape(title)}{n}</h2>\n{intro}{body}\n</section>'


def _badge(status) -> str:
    status = _esc(status)
    return f'<span class="badge {status}">{status or "unknown"}</span>'


def _table(frame: pd.DataFrame, table_id: str | None = None, highlight: str | None = None) -> str:
    """A sortable HTML table of `frame` (with a filter box when `table_id` is given); `highlight` names a column
    of pre-rendered HTML."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, v in zip(frame.columns, rec):
            if col == highlight:
                cells.append(f"<td>{v}</td>")
            elif col in NUMERIC and _esc(v):
                cells.append(f'<td class="num" data-v="{v}">{_esc(v)}</td>')
            else:
                cells.append(f"<td>{_esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    attr = f' id="{html.escape(table_id)}"' if table_id else ""
    search = (f'<input class="filter" type="search" placeholder="Filter rows…" data-table="{html.escape(table_id)}">'
              if table_id else "")
    return (f'{search}<table class="sortable"{attr}><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _places(claims: pd.DataFrame) -> dict[tuple, tuple]:
    """(doc_id, start, end) of each claim → (its sentence or None, where the claim's text stands in it or -1,
    the sentence's index).

    Claims of one sentence are found in it in document order, each after the one before.
    """
    out: dict[tuple, tuple] = {}
    ordered = claims.sort_values(["doc_id", "start"])[["doc_id", "start", "end", "text", "context", "sentence"]]
    for _, group in ordered.groupby(["doc_id", "sentence"], dropna=False, sort=False):
        cursor = 0
        for doc_id, start, end, text, context, sentence in group.itertuples(index=False):
            context = None if pd.isna(context) else context
            pos = -1 if context is None or pd.isna(text) else context.find(text, cursor)
            cursor = pos + len(text) if pos >= 0 else cursor
            out[(doc_id, start, end)] = (context, pos, sentence)
    return out


def _highlighted(context: str | None, spans: list[tuple[int, str]]) -> str:
    """`context` escaped, with the text of each (position, text) span marked; just the marked texts when the
    context is unknown or the spans are not found in it."""
    found = sorted((p, t) for p, t in spans if context is not None and p >= 0)
    if not found:
        return " … ".join(f"<mark>{html.escape(t)}</mark>" for _, t in spans)
    out, at = [], 0
    for pos, text in found:
        if pos >= at:
            out += [html.escape(context[at:pos]), f"<mark>{html.escape(text)}</mark>"]
            at = pos + len(text)
    out.append(html.escape(context[at:]))
    return "".join(out)


def _by_sentence(rows: pd.DataFrame, places: dict) -> list[tuple[pd.DataFrame, object, str]]:
    """Finding rows grouped by the sentence they stand in: (rows, sentence index, highlighted sentence HTML)."""
    where = [places.get((r.doc_id, r.start, r.end), (None, -1, pd.NA)) for r in rows.itertuples()]
    keyed = rows.assign(_ctx=[w[0] for w in where], _pos=[w[1] for w in where], _sent=[w[2] for w in where])
    out = []
    for _, group in keyed.groupby(["doc_id", "_sent", "_ctx"], dropna=False, sort=False):
        context = group["_ctx"].iloc[0]
        spans = list(zip(group["_pos"], group["text"].fillna("")))
        out.append((group, group["_sent"].iloc[0], _highlighted(None if pd.isna(context) else context, spans)))
    return out


# ---------------------------------------------------------------- sections

def _summary(claims: pd.DataFrame, findings: pd.DataFrame, documents: pd.DataFrame) -> str:
    failed = int(documents["error"].notna().sum())
    per_status = findings.drop_duplicates("finding_id")["status"].value_counts()
    cards = [(len(documents), "documents" + (f" ({failed} unreadable)" if failed else ""), ""),
             (len(claims), "claims", "")]
    cards += [(int(per_status.get(s, 0)), f"findings: {s}", s) for s in STATUSES]
    body = '<div class="cards">' + "".join(
        f'<div class="card {cls}"><div class="n">{n}</div><div class="label">{html.escape(label)}</div></div>'
        for n, label, cls in cards) + "</div>"
    kinds = claims["kind"].value_counts().rename_axis("kind").reset_index(name="claims")
    checks = (findings.drop_duplicates("finding_id").groupby(["check", "status"], observed=True).size()
              .rename("findings").reset_index())
    body += ('<div class="sides"><div><h3>Claims by kind</h3>' + _table(kinds[kinds["claims"] > 0]) +
             "</div><div><h3>Findings by check and status</h3>" + _table(checks) + "</div></div>")
    return _section("summary", "Summary", None, body)


def _title(rows: pd.DataFrame) -> str:
    """What a finding is about: its claims' subject, else its key."""
    named = rows["subject"].dropna()
    return _esc(named.iloc[0] if len(named) else rows["key"].iloc[0]) or "(no subject)"


def _finding_card(rows: pd.DataFrame, places: dict) -> str:
    """One finding: its rule, tolerance and message, and its sentences side by side with the figures marked."""
    first = rows.iloc[0]
    sides = "".join(
        f'<div class="side"><div class="src">{_esc(group["doc_id"].iloc[0])} · sentence {_esc(sentence)} · '
        + "; ".join(f"{_esc(r.member)} {_esc(r.text)}" for r in group.itertuples())
        + f'</div><p class="sentence">{sentence_html}</p></div>'
        for group, sentence, sentence_html in _by_sentence(rows, places))
    return (f'<article class="finding {_esc(first["status"])}" id="finding-{_esc(first["finding_id"])}">'
            f'<h3>{_title(rows)} {_badge(first["status"])}</h3>'
            f'<div class="meta">rule: <b>{_esc(first["check"])}</b> · tolerance: {_esc(first["tolerance"]) or "—"}'
            f' · finding {_esc(first["finding_id"])} · key {_esc(first["key"])}</div>'
            f'<p class="message">{_esc(first["message"])}</p><div class="sides">{sides}</div></article>')


def _findings_section(sid: str, title: str, findings: pd.DataFrame, places: dict, intro: str) -> str:
    groups = [rows for _, rows in findings.groupby("finding_id", sort=False)]
    body = "".join(_finding_card(rows, places) for rows in groups) or '<p class="empty">None found.</p>'
    return _section(sid, title, len(groups), body, intro)


def _repeats_section(findings: pd.DataFrame, places: dict) -> str:
    """Consistent (or approximately consistent) repeats, one block per fact, listing where each is stated."""
    blocks = []
    for key, rows in findings.groupby("key", sort=False, dropna=False):
        status = "approx" if (rows["status"] == "approx").any() else "consistent"
        listing = pd.DataFrame([{"document": group["doc_id"].iloc[0], "sentence": sentence,
                                 "figure": ", ".join(group["text"].fillna("")), "in context": sentence_html}
                                for group, sentence, sentence_html in _by_sentence(rows, places)])
        blocks.append(f'<article class="finding {status}"><h3>{_title(rows)} {_badge(status)}</h3>'
                      f'<div class="meta">stated {len(listing)} times in {rows["doc_id"].nunique()} documents · '
                      f'tolerance: {_esc(rows["tolerance"].iloc[0]) or "—"} · key {_esc(key)}</div>'
                      + _table(listing, highlight="in context") + "</article>")
    return _section("repeats", "Consistent repeats", len(blocks), "".join(blocks) or '<p class="empty">None found.</p>',
                    "Facts stated more than once with matching figures, grouped by fact.")


def _holding_section(findings: pd.DataFrame) -> str:
    rows = findings.drop_duplicates("finding_id")[["finding_id", "check", "status", "key", "tolerance", "message"]]
    body = _table(rows, "holding-table") if len(rows) else '<p class="empty">None found.</p>'
    return _section("holding", "Sums, shares and changes that hold", len(rows), body)


def _documents_section(claims: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The documents read, then each document's claims in a sortable, filterable table."""
    counts = claims["doc_id"].value_counts()
    overview = documents.drop(columns="path").assign(claims=documents["doc_id"].map(counts).fillna(0).astype(int))
    parts = [_table(overview, "documents-table")]
    for i, (doc_id, rows) in enumerate(claims.groupby("doc_id", sort=False)):
        parts.append(f"<details><summary>{_esc(doc_id)} <span class=\"count\">({len(rows)} claims)</span></summary>"
                     + _table(rows.sort_values("start")[TABLE_COLUMNS], f"claims-{i}") + "</details>")
    return _section("documents", "Documents and their claims", len(documents), "".join(parts))


# ---------------------------------------------------------------- charts

def _charts_section(claims: pd.DataFrame, findings: pd.DataFrame) -> str:
    try:
        import matplotlib  # noqa: F401  (optional: the "report" extra)
    except ImportError:
        body = '<p class="empty">Charts need matplotlib: pip install "reformmetrics[report]".</p>'
        return _section("charts", "Charts", None, body)
    charts = [_kinds_chart(claims), _repeats_chart(findings[findings["check"] == "repeat"])]
    body = "".join(f'<figure class="chart"><img alt="{html.escape(alt)}" src="data:image/png;base64,{png}"></figure>'
                   for alt, png in charts if png)
    return _section("charts", "Charts", None, body or '<p class="empty">Nothing to chart.</p>')


@functools.cache
def _cjk_font() -> str | None:
    """A font family with Chinese glyphs matplotlib can use, or None."""
    from matplotlib import font_manager

    def known():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((n for n in _CJK_FONTS if n in names), None)

    if known() is None:  # the font cache may predate a font installed since
        for file in font_manager.findSystemFonts():
            if _CJK_FILE.search(os.path.basename(file)):
                try:
                    font_manager.fontManager.addfont(file)
                except (OSError, RuntimeError, ValueError):
                    continue
    return known()


def _png(draw, rows: int) -> str:
    """Base64 PNG of a horizontal bar chart with `rows` bars drawn by `draw(axes)`."""
    import matplotlib
    from matplotlib.figure import Figure

    font = _cjk_font()
    style = {"font.sans-serif": [font, *matplotlib.rcParams["font.sans-serif"]]} if font else {}
    with matplotlib.rc_context(style), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs when no Chinese font is installed
        fig = Figure(figsize=(10, 1.2 + 0.32 * rows), layout="constrained")
        draw(fig.subplots())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _short(label, width: int = 36) -> str:
    label = str(label)
    return label if len(label) <= width else label[:width - 1] + "…"


def _kinds_chart(claims: pd.DataFrame) -> tuple[str, str | None]:
    alt = "Claims per kind per document"
    known = claims.dropna(subset=["kind"])
    if known.empty:
        return alt, None
    table = pd.crosstab(known["doc_id"], known["kind"].astype("string"))
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:CHART_ROWS]].iloc[::-1]

    def draw(ax):
        table.rename(index=_short).plot.barh(stacked=True, ax=ax, width=0.75, colormap="tab20")
        ax.set_xlabel("claims")
        ax.set_ylabel("")
        ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
        ax.set_title(alt if len(table) == claims["doc_id"].nunique() else f"{alt} (the {len(table)} with most)")
    return alt, _png(draw, len(table))


def _repeats_chart(repeats: pd.DataFrame) -> tuple[str, str | None]:
    alt = "Facts stated in more than one place: documents stating each, coloured by status"
    if repeats.empty:
        return alt, None
    rank = {s: i for i, s in enumerate(STATUSES)}
    facts = (repeats.assign(_rank=repeats["status"].astype("string").map(rank).fillna(len(STATUSES)))
             .groupby("key", dropna=True)
             .agg(documents=("doc_id", "nunique"), mentions=("doc_id", "size"), rank=("_rank", "min"),
                  subject=("subject", "first"))
             .sort_values(["documents", "mentions"], ascending=False).head(CHART_ROWS).iloc[::-1])
    if facts.empty:
        return alt, None
    colours = {0: "#c62828", 1: "#b26a00", 2: "#2e7d32"}

    def draw(ax):
        ax.barh([_short(k) for k in facts["subject"].fillna(pd.Series(facts.index, index=facts.index))],
                facts["mentions"],
                color=[colours.get(int(r), "#57606a") for r in facts["rank"]])
        for y, (d, m) in enumerate(zip(facts["documents"], facts["mentions"])):
            ax.text(m, y, f" {d} doc{'s' if d != 1 else ''}", va="center", fontsize=8)
        ax.set_xlabel("times stated")
        ax.set_title("Repeated facts (red: conflict, amber: approximate, green: consistent)")
    return alt, _png(draw, len(facts))
