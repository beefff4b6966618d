"""What readers may see: `report --public` shows verdicts only, under the newsroom's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORY = (
    "Mayor Lena Ortiz said the city cut bus fares by 20 percent last year.\n"
    "Critics argued that the new stadium will cost taxpayers 300 million dollars.\n"
    "Transit chief Omar Reyes said ridership grew by 15 percent in the same period.\n"
)
NEWSROOM = (
    '[newsroom]\nname = "Desk Daily"\nurl = "https://desk.example/checks"\n'
    'logo = "https://desk.example/logo.png"\n'
)


@pytest.fixture
def checked(any_database, tmp_path: Path, cli, cli_json, monkeypatch):
    (tmp_path / "desk.toml").write_text(NEWSROOM)
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(tmp_path / "desk.toml"))
    path = tmp_path / "fares.txt"
    path.write_text(STORY, encoding="utf-8")
    cli("extract", path, "--url", "https://news.example/fares", "--outlet", "Courier")
    ids = {c["source"]: c["id"] for c in cli_json("claims", "list")}
    cli("assign", str(ids["Lena Ortiz"]), "maria")
    cli("review", str(ids["Lena Ortiz"]), "false", "--by", "maria",
        "--note", "Fares fell 5 percent <script>alert(1)</script>",
        "--evidence", "https://example.org/fares")  # fmt: skip
    cli("review", str(ids["Critics"]), "dismissed", "--by", "maria")
    return ids


def test_public_output_shows_verdicts_only(checked, cli):
    for fmt in ("md", "html", "json"):
        page = cli("report", "1", "--public", "--format", fmt).stdout
        assert "cut bus fares by 20 percent" in page  # the claim as made
        assert "Fares fell 5 percent" in page and "https://example.org/fares" in page
        assert "Desk Daily" in page and "https://desk.example/logo.png" in page
        for internal in ("maria", "ridership", "stadium", "heck-worthiness", "Cue", "assignee"):
            assert internal not in page, (fmt, internal)
    html = cli("report", "1", "--public", "--format", "html").stdout
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'id="claim-{checked["Lena Ortiz"]}"' in html
    data = json.loads(cli("report", "--all", "--public", "--format", "json").stdout)
    [check] = data["checks"]
    assert (check["speaker"], check["verdict"], check["rating"]) == ("Lena Ortiz", "False", 1)
    assert check["url"] == f"https://desk.example/checks#claim-{checked['Lena Ortiz']}"
    assert check["article_url"] == "https://news.example/fares"
    assert check["evidence"] == [
        {"url": "https://example.org/fares", "title": None, "stance": "context"}
    ]


@pytest.mark.parametrize(
    ("config", "key"),
    [("", "set name under [newsroom]"), ('[newsroom]\nname = "Desk Daily"\n', "set url")],
)
def test_public_output_needs_the_newsroom_named(checked, cli, tmp_path, config, key):
    (tmp_path / "desk.toml").write_text(config)
    from claimtrack import newsroom

    newsroom._load.cache_clear()
    result = cli("report", "1", "--public", ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: public output is published under your newsroom: " + key)


def test_public_output_refuses_what_would_show_nothing_or_the_wrong_page(checked, cli):
    bare = cli("report", "--public", ok=False)
    assert bare.exit_code == 1 and "use --all for every verdict" in bare.output
    own = cli("report", "1", "--public", "--template", "x.md.j2", ok=False)
    assert own.exit_code == 1 and "leave out --template" in own.output


def test_a_pronoun_nobody_resolved_is_not_published_as_a_name(
    any_database, tmp_path: Path, cli, cli_json, monkeypatch
):
    (tmp_path / "desk.toml").write_text(NEWSROOM)
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(tmp_path / "desk.toml"))
    path = tmp_path / "tunnel.txt"
    path.write_text("He said the tunnel had reopened in May after 40 days.\n", encoding="utf-8")
    cli("extract", path, "--url", "https://news.example/tunnel", "--outlet", "Courier")
    [claim] = cli_json("claims", "list")
    assert claim["source"] == "He"  # kept to this article, for the desk to name
    cli("review", str(claim["id"]), "false", "--by", "maria", "--note", "It reopened in June")
    data = json.loads(cli("report", "--all", "--public", "--format", "json").stdout)
    assert [c["speaker"] for c in data["checks"]] == ["An unnamed source"]
    for fmt in ("md", "html"):
        page = cli("report", "--all", "--public", "--format", fmt).stdout
        assert "An unnamed source" in page and "He:" not in page and "<strong>He<" not in page
    [review] = json.loads(cli("export", "--format", "claimreview").stdout)
    assert "author" not in review["itemReviewed"]
