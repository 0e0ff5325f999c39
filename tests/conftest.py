"""Shared fixtures."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "eval"))

_SENTENCE = re.compile(r"[^。!?!?\n]*[。!?!?\n]?")
_PERIOD = re.compile(r"(?<![较比与])(?:19|20)\d{2}年(?:\d{1,2}\s*[-—至]\s*\d{1,2}月|上半年|前三季度)?(?!年底|年末|同期)")
_BASELINE = re.compile(r"同比|比上年|较上年|较去年|较(?:19|20)\d{2}年(?:年底|年末|同期)?")


def gold_claims_frame(gold_path: Path, docs_dir: Path):
    """The gold claims as a claims frame, with sentence, context, period and baseline
    filled from the documents the way the extractor states them."""
    from gold import load
    from reformmetrics.schema import claims_frame

    rows, errors = load(gold_path, docs_dir)
    assert not errors, errors[:5]
    texts = {}
    out = []
    for r in rows:
        doc = r["doc"]
        if doc not in texts:
            text = (docs_dir / doc).read_text(encoding="utf-8")
            texts[doc] = (text, [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()])
        text, spans = texts[doc]
        n, (s, e) = next((n, sp) for n, sp in enumerate(spans) if sp[0] <= r["start"] < sp[1])
        before = text[s:r["start"]]
        periods = _PERIOD.findall(before) or _PERIOD.findall(text[s:e])
        baselines = _BASELINE.findall(before)
        out.append({**r, "doc_id": doc, "sentence": n, "context": text[s:e],
                    "period": periods[-1] if periods else None, "baseline": baselines[-1] if baselines else None})
    return claims_frame(out)


@pytest.fixture(scope="session")
def gold_claims():
    """Claims frame built from tests/gold/seeds.jsonl over seeds/."""
    return gold_claims_frame(ROOT / "tests" / "gold" / "seeds.jsonl", ROOT / "seeds")
