"""The Dask path on a two-process local cluster gives the same claims and findings as the pandas path."""
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import reformmetrics as rm  # noqa: E402
from reformmetrics.dask import claims_dask, crosscheck_dask  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def claims():
    return rm.extract_files(SEEDS).sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, kind="stable").reset_index(drop=True)


def test_claims_equal_pandas_path(client, claims):
    ddf = claims_dask(SEEDS, files_per_partition=2)
    assert ddf.npartitions == 3
    got = _sorted(ddf.compute(), ["doc_id", "start"])
    pd.testing.assert_frame_equal(got, claims)


def test_findings_equal_pandas_path(client, claims):
    expected = rm.crosscheck(claims)
    assert len(expected)
    got = crosscheck_dask(claims_dask(SEEDS, files_per_partition=2))
    by = ["finding_id", "doc_id", "start", "member"]
    pd.testing.assert_frame_equal(_sorted(got, by), _sorted(expected, by))


def test_empty_source(client, tmp_path):
    ddf = claims_dask(tmp_path)
    pd.testing.assert_frame_equal(ddf.compute().reset_index(drop=True), rm.extract("", "x"))
    assert crosscheck_dask(ddf).empty


def test_findings_of_the_check_tables_equal_pandas_path(client):
    """Every phenomenon of tests/data/crosscheck_cases.toml (each case its own documents) through both paths."""
    import dask.dataframe as dd
    from test_crosscheck import CASES, build

    from reformmetrics.schema import claims_frame

    frames = []
    for n, case in enumerate(CASES):
        claims = build(case["claims"])
        claims["doc_id"] = f"{n:03d}-" + claims["doc_id"]
        frames.append(claims)
    claims = claims_frame(pd.concat(frames, ignore_index=True)).sort_values(["doc_id", "start"], kind="stable")
    claims = claims.reset_index(drop=True)
    expected = rm.crosscheck(claims)
    assert expected["finding_id"].str.startswith("series-").any()
    got = crosscheck_dask(dd.from_pandas(claims, npartitions=3))
    by = ["finding_id", "doc_id", "start", "member"]
    pd.testing.assert_frame_equal(_sorted(got, by), _sorted(expected, by))
