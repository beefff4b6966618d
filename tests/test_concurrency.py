"""Several reviewers and workers on one database: no write lost, nothing stored twice."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from claimtrack import db
from tests.conftest import ROOT, SEED

WORKER = Path(__file__).with_name("review_worker.py")


def _run_reviewers(
    url: str, processes: int, updates: int, claim_ids: list[int], mode: str = "versioned"
) -> list[dict]:
    ids = ",".join(map(str, claim_ids))
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    start_at = str(time.time() + 3)  # every worker started and connected: they collide
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url, str(seed), str(updates), ids, start_at, mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for seed in range(processes)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    return results


def _assert_no_write_lost(url: str, results: list[dict], claim_ids: list[int]) -> None:
    accepted = [tuple(change) for r in results for change in r["accepted"]]
    assert len(accepted) == len(set(accepted)), "two writers were both told they made one version"
    per_claim = Counter(claim_id for claim_id, _ in accepted)
    with db.engine(url).connect() as conn:
        audit = conn.execute(text("SELECT count(*) FROM statuschange")).scalar()
        versions = dict(conn.execute(text("SELECT id, version FROM claim")).all())
    assert audit == len(accepted), "every accepted change is in the audit, and nothing else"
    for claim_id in claim_ids:
        assert versions[claim_id] == 1 + per_claim[claim_id]


def _seed_claims(cli, cli_json) -> list[int]:
    cli("extract", SEED)
    return [c["id"] for c in cli_json("claims", "list")][:4]


def test_eight_reviewers_on_sqlite_lose_no_write(cli, cli_json):
    claim_ids = _seed_claims(cli, cli_json)
    url = db.environment.database_url()
    results = _run_reviewers(url, processes=8, updates=200, claim_ids=claim_ids)
    _assert_no_write_lost(url, results, claim_ids)
    assert sum(r["conflicts"] for r in results) > 0, "the test should provoke conflicts"


@pytest.mark.postgres
def test_eight_reviewers_on_postgres_lose_no_write(postgres_url, cli, cli_json):
    claim_ids = _seed_claims(cli, cli_json)
    results = _run_reviewers(postgres_url, processes=8, updates=200, claim_ids=claim_ids)
    _assert_no_write_lost(postgres_url, results, claim_ids)


@pytest.mark.postgres
@pytest.mark.parametrize(("mode", "claims"), [("plain", 1), ("bulk", 3)])
def test_plain_reviews_on_postgres_are_applied_not_refused(
    postgres_url, cli, cli_json, mode, claims
):
    """64 reviews at once without --expect-version: each applies to the claims as they then are."""
    claim_ids = _seed_claims(cli, cli_json)[:claims]
    results = _run_reviewers(postgres_url, 8, 8, claim_ids, mode=mode)
    assert [r for res in results for r in res["refused"]] == []
    _assert_no_write_lost(postgres_url, results, claim_ids)
    with db.engine(postgres_url).connect() as conn:
        for claim_id in claim_ids:
            trail = conn.execute(
                text(
                    "SELECT from_value, to_value FROM statuschange WHERE claim_id = :c ORDER BY id"
                ),
                {"c": claim_id},
            ).all()
            assert len(trail) == 64
            assert [was for was, _ in trail] == ["unverified"] + [now for _, now in trail[:-1]]


@pytest.mark.postgres
def test_audit_trail_is_append_only_on_postgres(postgres_url, cli):
    cli("extract", SEED)
    cli("review", "1", "in_review")
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE statuschange SET actor = 'x'", "DELETE FROM statuschange"):
        with (
            db.engine(postgres_url).connect() as conn,
            pytest.raises(DBAPIError, match="append-only"),
        ):
            conn.execute(text(statement))


@pytest.mark.postgres
def test_postgres_search_and_listing(postgres_url, cli, cli_json):
    cli("extract", SEED)
    found = cli_json("claims", "search", "Taliban willingness")
    assert found and "willingness" in found[0]["quote"]
    assert len(cli_json("claims", "list")) >= 5


WORKER_ARTICLE = (
    "{name}, the {office} of {town}, said on {day} that the town had hired {n} new teachers.\n"
    "Officials in {town} claimed that the budget for schools rose by {pct} percent.\n"
    "Parents are skeptical, according to a survey by the {town} Gazette.\n"
)
TOWNS = ["Ashford", "Brightwater", "Cold Harbour", "Dunmore", "Eastleigh"]
NAMES = ["Maria Lopez", "Ahmed Khan", "Grace Chen", "Tomasz Nowak"]


def _articles(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        text = WORKER_ARTICLE.format(
            name=NAMES[i % 4], office=["mayor", "treasurer"][i % 2], town=TOWNS[i % 5],
            day=["Monday", "Friday"][i % 2], n=10 + i, pct=3 + i,
        )  # fmt: skip
        paths.append(folder / f"article-{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.postgres
def test_four_extract_workers_store_each_article_and_claim_once(postgres_url, tmp_path):
    paths = [str(p) for p in _articles(tmp_path, 20)]
    env = {"PATH": "/usr/bin:/bin", "CLAIMTRACK_DATABASE_URL": postgres_url, "HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimtrack", "extract", *(paths if w % 2 else paths[::-1])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    with db.engine(postgres_url).connect() as conn:
        articles = conn.execute(
            text("SELECT count(*), count(DISTINCT content_sha256) FROM article")
        ).one()
        claims = conn.execute(
            text("SELECT count(*), count(DISTINCT (article_id, quote_start, quote_end)) FROM claim")
        ).one()
        per_article = conn.execute(
            text("SELECT min(n), max(n) FROM (SELECT count(*) n FROM claim GROUP BY article_id) c")
        ).one()
    assert articles == (20, 20)
    assert claims[0] == claims[1] and claims[0] >= 40
    assert per_article[0] == per_article[1], (
        "every article stored whole, with the same number of claims"
    )


def _two_extracts_of_the_same_files(url: str, tmp_path: Path) -> None:
    """Two `claimtrack extract` at once on the same 20 files: one run per article, none empty."""
    paths = [str(p) for p in _articles(tmp_path, 20)]
    env = {"PATH": "/usr/bin:/bin", "CLAIMTRACK_DATABASE_URL": url, "HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimtrack", "extract", *(paths if w else paths[::-1])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for w in range(2)
    ]
    stored = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        summary = re.search(r"20 inputs: (\d+) stored .*, (\d+) unchanged, 0 failed", out)
        assert summary, out
        stored += int(summary[1])
        assert int(summary[1]) + int(summary[2]) == 20
    with db.engine(url).connect() as conn:
        runs = conn.execute(
            text("SELECT article_id, claims_stored FROM extractionrun ORDER BY article_id")
        ).all()
    assert len(runs) == 20 and {article for article, _ in runs} == set(range(1, 21))
    assert all(claims > 0 for _, claims in runs), "a run that stored nothing"
    assert stored == 20, "each article is reported stored by one of the two, unchanged by the other"


def test_two_extracts_of_the_same_files_on_sqlite_record_one_run_per_article(tmp_path):
    _two_extracts_of_the_same_files(db.environment.database_url(), tmp_path)


@pytest.mark.postgres
def test_two_extracts_of_the_same_files_on_postgres_record_one_run_per_article(
    postgres_url, tmp_path
):
    _two_extracts_of_the_same_files(postgres_url, tmp_path)
