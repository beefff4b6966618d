"""Reviewers correct the record: evidence that is a web address, notes, undo, a truthful queue.

Each command runs on SQLite and on PostgreSQL (the latter skipped without one).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORY = (
    "Mayor Lena Ortiz said the city cut bus fares by 20 percent last year.\n"
    "Critics argued that the new stadium will cost taxpayers 300 million dollars.\n"
    "Transit chief Omar Reyes said ridership grew by 15 percent in the same period.\n"
)

BAD_URLS = [
    "javascript:alert(1)",
    "not a url",
    "file:///etc/passwd",
    "https://",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/a b",
    "ftp://example.org/report.pdf",
]


@pytest.fixture
def story(any_database, tmp_path: Path, cli, cli_json) -> list[int]:
    path = tmp_path / "fares.txt"
    path.write_text(STORY, encoding="utf-8")
    cli("extract", path)
    return [c["id"] for c in cli_json("claims", "list")]


@pytest.mark.parametrize("url", BAD_URLS)
def test_evidence_must_be_a_web_address(story, cli, cli_json, url):
    added = cli("evidence", "add", str(story[0]), url, ok=False)
    reviewed = cli("review", str(story[0]), "false", "--note", "n", "--evidence", url, ok=False)
    for result in (added, reviewed):
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"error: evidence must be an http(s) URL, not {url!r}"
        ]
    shown = cli_json("claims", "show", str(story[0]))
    assert shown["evidence"] == [] and shown["history"] == [] and shown["status"] == "unverified"


def test_evidence_by_http_or_https_is_kept(story, cli, cli_json):
    cli("evidence", "add", str(story[0]), "https://example.org/fares.csv")
    cli("review", str(story[0]), "false", "--note", "n", "--evidence", "HTTP://example.org/x?a=1")
    urls = [e["url"] for e in cli_json("claims", "show", str(story[0]))["evidence"]]
    assert sorted(urls) == ["HTTP://example.org/x?a=1", "https://example.org/fares.csv"]


def test_walking_the_queue_asks_again_for_a_bad_evidence_url(story, cli, cli_json):
    first = cli_json("queue")[0]["id"]
    answers = "in_review\n\njavascript:alert(1)\nhttps://example.org/ok\n\nq\n"
    result = cli("review", "next", input=answers)
    assert "evidence must be an http(s) URL" in result.output
    evidence = cli_json("claims", "show", str(first))["evidence"]
    assert [e["url"] for e in evidence] == ["https://example.org/ok"]


def test_a_note_is_history_without_a_status_change(story, cli, cli_json):
    cli("review", str(story[0]), "in_review")
    shown = cli_json("note", str(story[0]), "Asked the transit office for the fare tables")
    assert shown["field"] == "note" and shown["note"].startswith("Asked the transit office")
    claim = cli_json("claims", "show", str(story[0]))
    assert claim["status"] == "in_review" and claim["version"] == 2  # the claim is as it was
    assert [c["field"] for c in claim["history"]] == ["status", "note"]
    assert (
        'note: "Asked the transit office for the fare tables"'
        in cli("history", str(story[0])).output
    )


@pytest.mark.parametrize(
    ("claim", "text", "message"), [(1, "  ", "needs some text"), (99, "x", "no claim 99")]
)
def test_a_note_without_text_or_claim_is_refused(story, cli, cli_json, claim, text, message):
    result = cli("note", str(claim), text, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert cli_json("history", str(story[0])) == []


def test_undo_reverts_my_last_change_and_then_the_one_before(story, cli, cli_json):
    first, second = str(story[0]), str(story[1])
    cli("review", first, "false", "--note", "fares fell 5 percent", "--by", "maria")
    cli("assign", second, "omar", "--by", "maria")
    cli("review", str(story[2]), "in_review", "--by", "ana")  # another claim: no bar
    cli("note", first, "checked twice", "--by", "maria")  # a note is not undone

    undone = cli_json("undo", "--by", "maria")  # her assignment of the second claim
    assert undone["claim_id"] == story[1] and undone["field"] == "assignee"
    assert cli_json("claims", "show", second)["assignee"] is None
    assert cli_json("claims", "show", str(story[2]))["status"] == "in_review"  # ana's stays

    again = cli_json("undo", "--by", "maria")  # then her verdict on the first
    assert (again["claim_id"], again["from"], again["to"]) == (story[0], "false", "unverified")
    claim = cli_json("claims", "show", first)
    assert claim["status"] == "unverified" and claim["rating"] is None
    fields = [(c["field"], c["to"], c["actor"]) for c in claim["history"]]
    assert fields == [
        ("status", "false", "maria"), ("note", None, "maria"), ("status", "unverified", "maria")
    ]  # fmt: skip
    assert claim["history"][-1]["note"] == f"undo of change #{claim['history'][0]['id']}"

    refused = cli("undo", "--by", "maria", ok=False)
    assert refused.exit_code == 1 and "maria has no change left to undo" in refused.output


def test_undo_is_refused_when_someone_else_changed_the_claim_since(story, cli, cli_json):
    claim = str(story[0])
    cli("review", claim, "in_review", "--by", "maria")
    cli("review", claim, "false", "--note", "fares fell", "--by", "ana")
    refused = cli("undo", "--by", "maria", ok=False)
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        f"error: claim {claim} was changed by ana after change #1 (status now 'false'); "
        "nothing was undone"
    ]
    shown = cli_json("claims", "show", claim)
    assert shown["status"] == "false" and len(shown["history"]) == 2


def test_the_queue_footer_counts_every_claim_waiting(story, cli, cli_json):
    cli("review", str(story[0]), "dismissed")  # no longer waiting
    page = cli("queue", "--limit", "1").output
    assert page.rstrip().endswith("1 of 2 claims waiting shown (--limit 0 for all)")
    everything = cli("queue", "--limit", "0").output
    assert everything.rstrip().endswith("\n2 claims waiting")
    assert len(cli_json("queue", "--limit", "0")) == 2


def test_queue_mine_lists_my_claims_first(story, cli, cli_json, monkeypatch):
    order = [entry["id"] for entry in cli_json("queue")]
    cli("assign", str(order[-1]), "maria")
    cli("assign", str(order[0]), "omar")
    monkeypatch.setenv("CLAIMTRACK_USER", "maria")
    mine = [entry["id"] for entry in cli_json("queue", "--mine")]
    assert mine == [order[-1], *order[:-1]]  # then the rest, most check-worthy first


def _by_speaker(cli_json, speaker: str) -> dict:
    return next(c for c in cli_json("claims", "list") if c["source"] == speaker)


def test_editing_a_claim_grounds_it_and_audits_every_field(story, cli, cli_json):
    critics = _by_speaker(cli_json, "Critics")
    edited = cli_json(
        "claims", "edit", str(critics["id"]), "--quote", "the new stadium will cost taxpayers",
        "--speaker", "Stadium critics", "--source-type", "named_organization",
        "--claim", "The stadium will cost taxpayers money", "--note", "a named campaign",
    )  # fmt: skip
    text = cli_json("articles", "show", "1")["text"]
    assert text[edited["start"] : edited["end"]] == edited["quote"]
    assert edited["quote"] == "the new stadium will cost taxpayers"
    assert (edited["source"], edited["source_type"]) == ("Stadium critics", "named_organization")
    assert edited["version"] == critics["version"] + 1
    history = cli_json("history", str(critics["id"]))
    assert {(h["field"], h["from"], h["to"]) for h in history} == {
        ("claim", critics["claim"], "The stadium will cost taxpayers money"),
        ("quote", critics["quote"], "the new stadium will cost taxpayers"),
        ("speaker", "Critics", "Stadium critics"),
        ("source_type", "anonymous", "named_organization"),
    }
    assert {h["note"] for h in history} == {"a named campaign"}
    assert [c["id"] for c in cli_json("claims", "search", '"new stadium"')] == [critics["id"]]


def test_a_new_source_and_cue_are_found_beside_the_quote(story, cli, cli_json):
    mayor = _by_speaker(cli_json, "Lena Ortiz")
    edited = cli_json("claims", "edit", str(mayor["id"]), "--source", "Lena Ortiz", "--cue", "said")
    text = cli_json("articles", "show", "1")["text"]
    assert text[edited["source_start"] : edited["source_end"]] == "Lena Ortiz"
    assert edited["source_start"] < mayor["start"]  # this line's, not another's
    assert text[edited["cue_start"] : edited["cue_end"]] == "said" and edited["cue_end"] < 30


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--quote", "fares rose by half"), "the quote 'fares rose by half' is not in the article"),
        (("--source", "Governor Lee"), "the source 'Governor Lee' is not in the article near"),
        (("--cue", "denied"), "the cue 'denied' is not in the article near the quote"),
        ((), "nothing to change"),
        (("--claim", "  "), "--claim needs some text"),
        (("--expect-version", "7", "--claim", "x"), "was changed by someone else"),
    ],
)
def test_an_edit_that_does_not_hold_changes_nothing(story, cli, cli_json, options, message):
    before = cli_json("claims", "list")
    result = cli("claims", "edit", str(story[0]), *options, ok=False)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert message in result.output
    assert cli_json("claims", "list") == before and cli_json("history", str(story[0])) == []


def test_a_quote_edit_is_matched_again(story, cli, cli_json, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Officials said ridership grew by 15 percent in the same period.\n")
    cli("extract", other)
    reyes = _by_speaker(cli_json, "Omar Reyes")
    assert cli_json("claims", "show", str(reyes["id"]))["links"]  # the same claim elsewhere
    cli("claims", "edit", str(reyes["id"]), "--quote", "Transit chief Omar Reyes")
    assert cli_json("claims", "show", str(reyes["id"]))["links"] == []


def test_a_missed_claim_is_added_grounded_and_marked_as_a_persons(story, cli, cli_json):
    added = cli_json(
        "claims", "add", "1", "--quote", "the new stadium will cost taxpayers 300 million dollars",
        "--source", "Critics", "--cue", "argued", "--speaker", "Stadium Watch",
        "--source-type", "named_organization",
    )  # fmt: skip
    assert added["check_reason"] == "added by tester" and added["status"] == "unverified"
    assert added["source"] == "Stadium Watch" and added["attribution"] == "indirect"
    runs = cli_json("runs", "list", "--article", "1")["runs"]
    assert {r["model"] for r in runs} == {"rules", "reviewer"}
    history = cli_json("history", str(added["id"]))
    assert [(h["field"], h["to"], h["actor"]) for h in history] == [("claim", "added", "tester")]
    for fmt in ("md", "html"):
        report = cli("report", "1", "--format", fmt).stdout
        assert report.count("Added by tester (a reviewer), not by the extractor") == 1
    [article] = json.loads(cli("report", "1", "--format", "json").stdout)["articles"]
    cards = [c for source in article["sources"] for c in source["claims"]]
    assert {c["id"]: c["added_by"] for c in cards}[added["id"]] == "tester"
    assert [c["added_by"] for c in cards].count(None) == len(cards) - 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "--quote", "nowhere in it"), "the quote 'nowhere in it' is not in the article"),
        (("1",), "a claim needs --quote"),
        (("9", "--quote", "fares"), "no article 9"),
        (("1", "--quote", "ridership grew by 15 percent in the same period"), "already quotes"),
    ],
)
def test_an_added_claim_that_does_not_hold_is_refused(story, cli, cli_json, args, message):
    result = cli("claims", "add", *args, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert len(cli_json("claims", "list")) == len(story)
    assert len(cli_json("runs", "list")["runs"]) == 1


def test_a_rejected_claim_leaves_the_queue_and_stays_in_history(story, cli, cli_json):
    rejected = cli_json("claims", "reject", str(story[1]), "--reason", "an opinion, not a claim")
    assert rejected["status"] == "rejected"
    assert story[1] not in [q["id"] for q in cli_json("queue")]
    [change] = cli_json("history", str(story[1]))
    assert (change["to"], change["note"]) == ("rejected", "an opinion, not a claim")
    again = cli("claims", "reject", str(story[1]), "--reason", "x", ok=False)
    assert again.exit_code == 1 and "already rejected" in again.output
    no_reason = cli("claims", "reject", str(story[0]), "--reason", " ", ok=False)
    assert no_reason.exit_code == 1 and "needs --reason" in no_reason.output


def test_a_rejected_claim_leaves_lists_reports_and_exports(story, cli, cli_json):
    cli("claims", "reject", str(story[1]), "--reason", "an opinion")
    assert story[1] not in [c["id"] for c in cli_json("claims", "list")]
    assert [c["id"] for c in cli_json("claims", "list", "--status", "rejected")] == [story[1]]
    assert cli_json("claims", "search", "stadium") == []
    assert "stadium" not in cli("report", "1", "--format", "md").stdout
    assert "stadium" not in cli("export", "--format", "jsonl").stdout
    assert cli_json("articles", "list")[0]["claims"] == len(story) - 1
    assert cli_json("claims", "show", str(story[1]))["status"] == "rejected"  # still there


def test_a_removed_article_is_gone_until_restored(story, cli, cli_json, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Governor Ann Lee said the state will open two new clinics in March.\n")
    cli("extract", other)
    removed = cli_json("articles", "remove", "1", "--note", "caption only")
    assert removed["id"] == 1 and removed["removed_at"].endswith("+00:00")
    assert [a["id"] for a in cli_json("articles", "list")] == [2]
    assert [a["id"] for a in cli_json("articles", "list", "--removed")] == [1]
    assert {c["article_id"] for c in cli_json("claims", "list")} == {2}
    assert {q["article_id"] for q in cli_json("queue")} == {2}
    assert cli_json("claims", "search", "fares") == []
    assert {s["name"] for s in cli_json("sources", "list")} == {"Ann Lee"}
    assert "fares" not in cli("report", "--all", "--format", "md").stdout
    assert "fares" not in cli("export", "--format", "csv").stdout
    again = cli("articles", "remove", "1", ok=False)
    assert again.exit_code == 1 and "already removed" in again.output

    cli("articles", "restore", "1", "--by", "ana")
    assert [a["id"] for a in cli_json("articles", "list")] == [1, 2]
    assert len(cli_json("queue")) == len(story) + 1
    shown = cli_json("articles", "show", "1")
    assert shown["removed_at"] is None
    changes = [(c["action"], c["actor"], c["note"]) for c in shown["changes"]]
    assert changes == [("removed", "tester", "caption only"), ("restored", "ana", None)]


def test_article_removals_are_append_only(story, cli):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from claimtrack import db

    cli("articles", "remove", "1")
    for statement in ("UPDATE articlechange SET actor = 'x'", "DELETE FROM articlechange"):
        with db.engine().connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))


def test_removed_evidence_leaves_the_claim_and_is_in_its_history(story, cli, cli_json):
    cli("evidence", "add", str(story[0]), "https://example.org/parody", "--stance", "refutes")
    [item] = cli_json("claims", "show", str(story[0]))["evidence"]
    result = cli("evidence", "remove", str(item["id"]), "--note", "a parody site")
    assert result.output.strip() == f"claim {story[0]}: evidence {item['id']} removed"
    shown = cli_json("claims", "show", str(story[0]))
    assert shown["evidence"] == []
    change = shown["history"][-1]
    assert (change["field"], change["from"], change["to"], change["note"]) == (
        "evidence", "https://example.org/parody", None, "a parody site"
    )  # fmt: skip
    again = cli("evidence", "remove", str(item["id"]), ok=False)
    assert again.exit_code == 1 and f"no evidence {item['id']}" in again.output


def _extract(cli, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    cli("extract", path)


def _sources(cli_json) -> dict[str, int]:
    return {s["name"]: s["claims"] for s in cli_json("sources", "list")}


def test_merged_sources_keep_their_names_for_later_extractions(story, cli, cli_json, tmp_path):
    _extract(cli, tmp_path, "depot.txt", "Ortiz said the new bus depot would open in June.\n")
    assert _sources(cli_json)["Ortiz"] == 1
    merged = cli_json("sources", "merge", "Lena Ortiz", "Ortiz", "--note", "the same mayor")
    assert merged["claims_moved"] == 1 and merged["name"] == "Lena Ortiz"
    assert "Ortiz" not in _sources(cli_json) and _sources(cli_json)["Lena Ortiz"] == 2
    depot = next(c for c in cli_json("claims", "list") if "depot" in c["quote"])
    assert depot["source"] == "Lena Ortiz" and depot["version"] == 2
    change = cli_json("history", str(depot["id"]))[-1]
    assert (change["field"], change["from"], change["to"], change["note"]) == (
        "speaker", "Ortiz", "Lena Ortiz", "the same mayor"
    )  # fmt: skip
    _extract(cli, tmp_path, "lanes.txt", "Ortiz said bus lanes would be painted red by May.\n")
    assert _sources(cli_json)["Lena Ortiz"] == 3  # the old name lands on the kept source


def test_a_renamed_source_keeps_its_old_name_as_an_alias(story, cli, cli_json, tmp_path):
    reyes = next(s for s in cli_json("sources", "list") if s["name"] == "Omar Reyes")
    renamed = cli_json("sources", "rename", str(reyes["id"]), "Omar Reyes-Diaz")
    assert renamed == {"id": reyes["id"], "name": "Omar Reyes-Diaz", "source_type": "named_person"}
    claim = next(c for c in cli_json("claims", "list") if c["source"] == "Omar Reyes-Diaz")
    assert cli_json("history", str(claim["id"]))[-1]["to"] == "Omar Reyes-Diaz"
    _extract(cli, tmp_path, "later.txt", "Omar Reyes said the night buses would run again.\n")
    assert _sources(cli_json)["Omar Reyes-Diaz"] == 2 and "Omar Reyes" not in _sources(cli_json)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rename", "Nobody Known", "X"), "no source named 'Nobody Known'"),
        (("rename", "999", "X"), "no source 999"),
        (("rename", "Omar Reyes", "Lena Ortiz"), "is already named 'Lena Ortiz': claimtrack"),
        (("merge", "Omar Reyes", "Omar Reyes"), "cannot be merged into itself"),
        (("merge", "Omar Reyes", "Nobody Known"), "no source named 'Nobody Known'"),
    ],
)  # fmt: skip
def test_a_source_change_that_cannot_be_done_changes_nothing(story, cli, cli_json, args, message):
    before = cli_json("sources", "list")
    result = cli("sources", *args, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert cli_json("sources", "list") == before


def test_merged_claims_bring_their_verdict_evidence_and_history(story, cli, cli_json, tmp_path):
    _extract(
        cli,
        tmp_path,
        "echo.txt",
        "Officials said ridership grew by 15 percent in the same period.\n",
    )
    keep = _by_speaker(cli_json, "Omar Reyes")["id"]
    dup = _by_speaker(cli_json, "Officials")["id"]
    cli("review", str(dup), "false", "--note", "it grew 5 percent", "--by", "ana",
        "--evidence", "https://example.org/ridership")  # fmt: skip
    merged = cli_json("claims", "merge", str(keep), str(dup), "--note", "one claim")
    assert (merged["status"], merged["rating"]) == ("false", 1)
    assert dup not in [c["id"] for c in cli_json("claims", "list")]
    shown = cli_json("claims", "show", str(keep))
    assert [e["url"] for e in shown["evidence"]] == ["https://example.org/ridership"]
    rows = [(h["claim_id"], h["field"], h["to"]) for h in shown["history"]]
    assert rows == [
        (dup, "status", "false"), (dup, "status", "merged"), (keep, "merged", str(dup)),
        (keep, "status", "false"),
    ]  # fmt: skip
    assert cli_json("claims", "show", str(dup))["status"] == "merged"
    assert shown["verdict_note"] == "it grew 5 percent"  # the explanation comes along
    for args in (
        ("review", str(dup), "true", "--note", "n"),
        ("claims", "edit", str(dup), "--claim", "x"),
    ):
        refused = cli(*args, ok=False)
        assert refused.exit_code == 1
        assert f"claim {dup} was merged into claim {keep}: change that one" in refused.output
    assert any(link["kind"] == "merged" for link in cli_json("claims", "show", str(dup))["links"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "1"), "cannot be merged into itself"),
        (("1", "99"), "no claim 99"),
        (("1", "2"), "different verdicts (false, true)"),
    ],
)
def test_a_merge_that_cannot_be_done_changes_nothing(story, cli, cli_json, args, message):
    cli("review", "1", "true", "--note", "n")
    cli("review", "2", "false", "--note", "n")
    before = cli_json("claims", "list")
    result = cli("claims", "merge", *args, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert cli_json("claims", "list") == before


WORKER = Path(__file__).with_name("correction_worker.py")


def test_eight_processes_correcting_the_same_claims_lose_nothing(any_database, cli, cli_json):
    """Editing, noting, reviewing and merging overlapping claims at once: every accepted
    change is in the audit, and each claim's version counts exactly the changes made to it."""
    import subprocess
    import sys
    from collections import Counter

    from sqlalchemy import text

    from claimtrack import db
    from tests.conftest import ROOT, SEED

    cli("extract", SEED)
    ids = [c["id"] for c in cli_json("claims", "list")]
    hot, spares = ids[:3], [ids[3 + 2 * i : 5 + 2 * i] for i in range(8)]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                any_database,
                str(seed),
                "25",
                ",".join(map(str, hot)),
                ",".join(map(str, spares[seed])),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for seed in range(8)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    bumps = [tuple(b) for r in results for b in r["bumps"]]
    assert len(bumps) == len(set(bumps)), "two writers were both told they made one version"
    assert sum(r["refused"] for r in results) > 0, "the test should provoke conflicts"
    with db.engine(any_database).connect() as conn:
        audit = conn.execute(text("SELECT count(*) FROM statuschange")).scalar()
        versions = dict(conn.execute(text("SELECT id, version FROM claim")).all())
    assert audit == sum(r["audit"] for r in results), "no audit row without its change"
    per_claim = Counter(claim_id for claim_id, _ in bumps)
    for claim_id in ids:
        assert versions[claim_id] == 1 + per_claim[claim_id], f"claim {claim_id}"
    for claim_id, version in bumps:
        assert version <= versions[claim_id]


def test_undo_after_an_edit_says_what_it_can_take_back(story, cli, cli_json):
    cli("review", str(story[0]), "in_review")
    cli("claims", "edit", str(story[0]), "--claim", "Fares fell by a fifth")
    refused = cli("undo", ok=False)
    assert refused.exit_code == 1
    assert f"tester's last change is to claim {story[0]}'s claim" in refused.output
    assert "undo takes back status and assignment changes only" in refused.output
    assert cli_json("claims", "show", str(story[0]))["status"] == "in_review"


def test_a_verdict_needs_its_explanation(story, cli, cli_json, publisher):
    refused = cli("review", str(story[0]), "false", ok=False)
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "error: a verdict (false) needs --note: the explanation readers see with it "
        "(claimtrack.toml: [review] verdict_needs_note = false turns this off)"
    ]
    bulk = cli("review", "--ids", f"{story[0]},{story[1]}", "true", "--yes", ok=False)
    assert bulk.exit_code == 1 and "needs --note" in bulk.output
    assert cli_json("history", str(story[0])) == [] and cli_json("history", str(story[1])) == []
    cli("review", str(story[0]), "in_review")  # a workflow status needs none
    cli("review", str(story[0]), "false", "--note", "Fares fell 5 percent, says the audit")
    shown = cli_json("claims", "show", str(story[0]))
    assert shown["verdict_note"] == "Fares fell 5 percent, says the audit"
    [review] = json.loads(cli("export", "--format", "claimreview").stdout)
    assert review["reviewBody"] == "Fares fell 5 percent, says the audit"
    assert "Fares fell 5 percent, says the audit" in cli("report", "1", "--format", "md").stdout


def test_a_newsroom_can_let_verdicts_go_without_a_note(story, cli, cli_json, tmp_path, monkeypatch):
    from claimtrack import newsroom

    config = tmp_path / "desk.toml"
    config.write_text("[review]\nverdict_needs_note = false\n")
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    newsroom._load.cache_clear()
    try:
        cli("review", str(story[0]), "true")
        assert cli_json("claims", "show", str(story[0]))["status"] == "true"
        config.write_text('[review]\nverdict_needs_note = "no"\n')
        newsroom._load.cache_clear()
        bad = cli("claims", "list", ok=False)
        assert bad.exit_code == 1
        assert "line 2: review.verdict_needs_note must be true or false, not a string" in bad.output
    finally:
        newsroom._load.cache_clear()


def test_walking_the_queue_asks_again_for_a_verdicts_note(story, cli, cli_json):
    first = cli_json("queue")[0]["id"]
    result = cli("review", "next", input="false\n\nthe audit says 5 percent\n\nq\n")
    assert "a verdict needs a note" in result.output
    assert cli_json("claims", "show", str(first))["verdict_note"] == "the audit says 5 percent"


def test_claims_list_filters_and_sorts_as_a_desk_asks(story, cli, cli_json):
    every = cli_json("claims", "list")
    by_worth = cli_json("claims", "list", "--sort", "checkworthiness")
    worth = [c["checkworthiness"] for c in by_worth]
    assert worth == sorted(worth, reverse=True) and len(by_worth) == len(every)
    floor = sorted(worth)[1]
    assert all(c["checkworthiness"] >= floor for c in cli_json(
        "claims", "list", "--min-checkworthiness", str(floor)
    ))  # fmt: skip
    assert len(cli_json("claims", "list", "--min-checkworthiness", str(floor))) == len(every) - 1
    cli("review", str(story[1]), "in_review")
    assert cli_json("claims", "list", "--sort", "updated")[0]["id"] == story[1]
    assert len(cli_json("claims", "list", "--since", "2000-01-01")) == len(every)
    assert cli_json("claims", "list", "--since", "2999-01-01") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--status", "flase"), "error: unknown status 'flase' (choose from unverified,"),
        (("--since", "last week"), "'--since'"),
        (("--min-checkworthiness", "2"), "'--min-checkworthiness'"),
        (("--sort", "random"), "'--sort'"),
    ],
)
def test_claims_list_refuses_what_it_cannot_filter_by(story, cli, options, message):
    result = cli("claims", "list", *options, ok=False)
    assert result.exit_code in (1, 2) and len(result.output.strip().splitlines()) == 1
    assert message in result.output


def test_eval_stored_scores_the_desks_claims_and_tells_who_found_them(story, cli, tmp_path):
    from claimtrack.ingest import load

    text = load(str(tmp_path / "fares.txt")).text  # the stored text, offsets and all
    start = text.index("Critics argued")
    gold = {
        "doc_id": "fares", "text": text,
        "attributions": [{
            "source_span": [start, start + 7], "cue_span": [start + 8, start + 14],
            "content_span": [start + 15, text.index("\n", start) - 1],
        }],
    }  # fmt: skip
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    critics = _by_speaker_id(cli, "Critics")
    cli("claims", "reject", str(critics), "--reason", "test")
    cli("claims", "add", "1", "--quote", "the new stadium will cost taxpayers 300 million dollars",
        "--source", "Critics", "--cue", "argued")  # fmt: skip
    preds = tmp_path / "preds.jsonl"
    result = json.loads(
        cli("eval", gold_path, "--stored", "--predictions-out", preds, "--json").stdout
    )
    assert result["model"] == "stored claims"
    [line] = [json.loads(x) for x in preds.read_text().splitlines()]
    marks = {a["content_text"]: a["added_by_person"] for a in line["attributions"]}
    assert marks["the new stadium will cost taxpayers 300 million dollars"] is True
    assert set(marks.values()) == {True, False}
    # each attribution's speaker is the source it is filed under
    stored = {c["quote"]: c["source"] for c in json.loads(cli("claims", "list", "--json").stdout)}
    assert all(a["speaker"] == stored[a["content_text"]] for a in line["attributions"])
    assert result["attribution"]["r"] == 1.0  # the claim the reviewer added is the gold one
    refused = cli("eval", gold_path, "--stored", "--model", "gpt-4o", ok=False)
    assert refused.exit_code == 1 and "leave out --model" in refused.output


def _by_speaker_id(cli, speaker: str) -> int:
    claims = json.loads(cli("claims", "list", "--json").stdout)
    return next(c["id"] for c in claims if c["source"] == speaker)
