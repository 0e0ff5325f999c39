"""Claims and cross-checks as Dask DataFrames: the same stages as the pandas path, partition by partition,
so that many files, or a cluster, share the work (install with ``pip install 'reformmetrics[dask]'``).

    from dask.distributed import Client
    from reformmetrics.dask import claims_dask, crosscheck_dask
    client = Client()                          # or Client("tcp://scheduler:8786")
    claims = claims_dask("corpus/")            # lazy; claims.compute() equals rm.extract_files("corpus/")
    findings = crosscheck_dask(claims)         # equals rm.crosscheck(claims.compute())
"""
from __future__ import annotations

from collections import Counter
from functools import partial

import dask.dataframe as dd
import pandas as pd

from .api import document_meta, extract, warn_skipped
from .crosscheck import (candidate_pairs, changes, misread_documents, period_anchors, repeat_findings,
                         repeat_verdicts, savings, sentence_groups, series_changes, series_key, series_requests, shares,
                         slot_key, structure_requests, structure_shares, sums)
from .facts import KEY_COLUMNS, key_records, plain_records
from .io import ReadError, named_paths, read_document
from .schema import CLAIM_COLUMNS, claims_frame, findings_frame

#: the part of every blocking key (crosscheck.block_keys) that the repeat check shuffles claims on
BLOCK_KEY = ["block", "direction_key"]
#: a fact table: claim columns and fact key parts as plain objects, indexed by claim id
_TABLE_META = pd.DataFrame(columns=[*CLAIM_COLUMNS, *KEY_COLUMNS], dtype=object)
#: a change stated against the year before: its id, the id of the level it changes, the series key looked for
_REQUEST_META = pd.DataFrame(columns=["change", "level", "key"], dtype=object)
#: a share named by its subject: its id, the part and whole nouns, the place and period looked in
_SHARE_META = pd.DataFrame(columns=["share", "part", "whole", "key"], dtype=object)
#: a pair of claims that may state one fact: their ids, the verdict, and the sentence of each
_VERDICT_META = pd.DataFrame(columns=["a", "b", "verdict", "a_doc", "a_base", "b_doc", "b_base"], dtype=object)
#: how many equal figures two documents state for different periods (crosscheck.period_anchors), in one block
_ANCHOR_META = pd.DataFrame(columns=["a_doc", "b_doc", "anchors"], dtype=object)


def _claims_of(batch: list[tuple[str, str]], meta=None) -> pd.DataFrame:
    """Claims frame of a batch of (path, doc_id); unreadable files are skipped with a warning."""
    frames = []
    for path, doc_id in batch:
        try:
            doc = read_document(path, doc_id)
        except ReadError as err:
            warn_skipped(err)
            continue
        frames.append(extract(doc.text, doc.doc_id, document_meta(doc, meta)))
    return claims_frame(pd.concat(frames)) if frames else claims_frame([])


def claims_dask(src, *, files_per_partition: int = 16, meta=None) -> dd.DataFrame:
    """Lazy claims frame of every readable document a source names (file, folder, glob, or list of these),
    one partition per `files_per_partition` files, with the columns, dtypes and doc_ids of `extract_files`
    (`meta` as there)."""
    named = [(str(path), doc_id) for path, doc_id in named_paths(src)]
    batches = [named[i:i + files_per_partition] for i in range(0, len(named), files_per_partition)]
    return dd.from_map(partial(_claims_of, meta=meta), batches or [[]], meta=claims_frame([]))


def _fact_table(claims: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fact table of the claims of whole documents, indexed by claim id: doc_id, then rank by start."""
    claims = claims.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    ids = [f"{doc_id}\x1f{rank:09d}" for doc_id, rank in zip(claims["doc_id"], claims.groupby("doc_id").cumcount())]
    return pd.DataFrame(key_records(plain_records(claims), documents), columns=_TABLE_META.columns, dtype=object,
                        index=ids)


def _document_findings(table: pd.DataFrame) -> pd.DataFrame:
    """Findings of the checks within one document (sums, shares, changes, savings), for a partition of whole
    documents."""
    recs = table.to_dict("records")
    sentences = sentence_groups(recs)
    return findings_frame(sums(recs, sentences) + shares(recs, sentences) + changes(recs, sentences)
                          + savings(recs, sentences))


def _anchors(table: pd.DataFrame) -> pd.DataFrame:
    """The period anchors (crosscheck.period_anchors) of a partition of whole blocks, by document pair."""
    recs = table.sort_index().to_dict("records")
    return pd.DataFrame([(a, b, n) for (a, b), n in period_anchors(recs, candidate_pairs(recs)).items()],
                        columns=_ANCHOR_META.columns, dtype=object)


def _verdicts(table: pd.DataFrame, misread: set[tuple[str, str]]) -> pd.DataFrame:
    """Verdicts on the claim pairs of a partition of whole blocks that may state one fact."""
    table = table.sort_index()
    recs, ids = table.to_dict("records"), table.index
    return pd.DataFrame([(ids[i], ids[j], v, recs[i]["doc_id"], recs[i]["base"], recs[j]["doc_id"], recs[j]["base"])
                         for (i, j), v in repeat_verdicts(recs, misread).items()], columns=_VERDICT_META.columns,
                        dtype=object)


def _requests(table: pd.DataFrame) -> pd.DataFrame:
    """The series requests (crosscheck.series_requests) of a partition of whole documents, by claim id."""
    table = table.sort_index()
    recs, ids = table.to_dict("records"), table.index
    return pd.DataFrame([(ids[c], ids[level], key) for c, level, key in series_requests(recs, sentence_groups(recs))],
                        columns=_REQUEST_META.columns, dtype=object)


def _share_requests(table: pd.DataFrame) -> pd.DataFrame:
    """The shares named by their subject (crosscheck.structure_requests) of a partition, by claim id."""
    table = table.sort_index()
    recs, ids = table.to_dict("records"), table.index
    return pd.DataFrame([(ids[n], part, whole, key) for n, part, whole, key in structure_requests(recs)],
                        columns=_SHARE_META.columns, dtype=object)


def _keyed_part(table: pd.DataFrame, ids: set[str], keys: set[tuple], key_of) -> pd.DataFrame:
    """The claims named in `ids` and those whose key (`key_of`) is in `keys`."""
    keyed = pd.Series([key_of(r) in keys for r in table.to_dict("records")], dtype=bool, index=table.index)
    return table[table.index.isin(ids) | keyed]


def _around(table: pd.DataFrame, ids: set[str], sentences: set[tuple]) -> pd.DataFrame:
    """The claims named in `ids` and every claim of the (doc_id, base) sentences given."""
    in_sentence = pd.Series(list(zip(table["doc_id"], table["base"])), dtype=object).isin(sentences)
    return table[table.index.isin(ids) | in_sentence.to_numpy()]


def crosscheck_dask(claims: dd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Findings frame of a Dask claims frame, equal to `crosscheck` of the same claims (and `documents`, a pandas
    documents frame) in (doc_id, start) order.

    Fact keys and the checks within a document run per document; pairs of claims are compared per block
    (kind, unit, role, direction) after a shuffle on it; the repeated figures found, with the sentences
    they are in, come back to the client to be grouped into findings, as do the changes stated against the
    year before with the levels of the year before they need.
    """
    claims = claims[~claims["value"].isna() & ~claims["start"].isna()]
    table = claims.shuffle("doc_id").map_partitions(_fact_table, documents, meta=_TABLE_META).persist()
    within = table.map_partitions(_document_findings, meta=findings_frame([]))
    # a task shuffle pickles the records as they are; the Arrow-based one would turn None into NaN and ints into floats
    blocks = table.shuffle(BLOCK_KEY, shuffle_method="tasks").persist()
    anchors = Counter()                              # documents with a period misread: counted over all blocks
    for a, b, n in blocks.map_partitions(_anchors, meta=_ANCHOR_META).compute().itertuples(index=False):
        anchors[(a, b)] += n
    verdicts = blocks.map_partitions(_verdicts, misread_documents(anchors), meta=_VERDICT_META)
    requests = table.map_partitions(_requests, meta=_REQUEST_META)
    asked = table.map_partitions(_share_requests, meta=_SHARE_META)
    within, verdicts, requests, asked = dd.compute(within, verdicts, requests, asked)
    ids = set(verdicts["a"]) | set(verdicts["b"])
    sentences = {(doc_id, base) for doc_id, base in [*zip(verdicts["a_doc"], verdicts["a_base"]),
                                                     *zip(verdicts["b_doc"], verdicts["b_base"])] if base is not None}
    around = table.map_partitions(_around, ids, sentences, meta=_TABLE_META).compute().sort_index()
    position = {claim_id: n for n, claim_id in enumerate(around.index)}
    pairs = {(position[a], position[b]): v for a, b, v in verdicts[["a", "b", "verdict"]].itertuples(index=False)}
    recs = around.to_dict("records")
    repeated = findings_frame(repeat_findings(recs, sentence_groups(recs), pairs))
    return findings_frame(pd.concat([repeated, within, _series(table, requests), _shares(table, asked)]))


def _series(table: dd.DataFrame, requests: pd.DataFrame) -> pd.DataFrame:
    """Findings of the changes stated against the year before: the claims they need come back to the client."""
    if requests.empty:
        return findings_frame([])
    recs, position = _gathered(table, set(requests["change"]) | set(requests["level"]), set(requests["key"]),
                               series_key)
    asked = [(position[c], position[level], key) for c, level, key in requests.itertuples(index=False)]
    return findings_frame(series_changes(recs, asked))


def _shares(table: dd.DataFrame, asked: pd.DataFrame) -> pd.DataFrame:
    """Findings of the shares named by their subject: the amounts of their places and periods come back to the client."""
    if asked.empty:
        return findings_frame([])
    recs, position = _gathered(table, set(asked["share"]), set(asked["key"]), slot_key)
    requests = [(position[n], p, w, key) for n, p, w, key in asked.itertuples(index=False)]
    return findings_frame(structure_shares(recs, requests))


def _gathered(table: dd.DataFrame, ids: set[str], keys: set[tuple], key_of) -> tuple[list[dict], dict[str, int]]:
    """The records, in claim order, of the claims named in `ids` and those whose key (`key_of`) is in `keys`,
    brought back to the client, and each claim id's position among them."""
    part = table.map_partitions(_keyed_part, ids, keys, key_of, meta=_TABLE_META).compute().sort_index()
    return part.to_dict("records"), {claim_id: n for n, claim_id in enumerate(part.index)}
