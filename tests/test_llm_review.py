"""Schema 2: the model reviews the offline extractor's candidates and names each speaker.

The scripted server on 127.0.0.1 plays the model: it reads the candidates claimtrack lists in
its request, keeps, corrects or drops each by id, adds what they missed, and names the person
behind a pronoun. What is stored is what the answer says, located in the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from claimtrack import chunks, llm
from claimtrack.answers import ground
from claimtrack.domain import FoundClaim, Span
from claimtrack.schema import ExtractionOut
from tests.llm_server import Scripted, candidate_ids, serving

MODEL = "openai/newsroom-llm"
ARTICLE = (
    "Council approves budget\n\n"
    "Mayor Ana Ruiz said on Monday that the budget would rise by 4 percent next year.\n\n"
    "She added that bus fares would not change.\n\n"
    "Critics are skeptical, according to a local newspaper.\n\n"
    "Tom Hale, the council's treasurer, warned that reserves were running low.\n\n"
    "The council has nine members.\n"
)
_LINE = re.compile(
    r"(?m)^(\d+)\. \[\d+\] source: (.*?) \| cue: (.*?) \| type: \S+ \| content: (.*)$"
)


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, llm.RetryPolicy(attempts=2, backoff=0.01, timeout=5.0)) as s:
        yield s


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def candidates(payload: dict) -> dict[str, int]:
    """The candidates the request lists, by their source: source -> id."""
    user = next(m["content"] for m in payload["messages"] if m["role"] == "user")
    return {m.group(2): int(m.group(1)) for m in _LINE.finditer(user.split("<candidates>")[-1])}


def answering_about(source: str, **fields: str) -> Callable[[dict], Scripted]:
    """A model that answers with one attribution: the candidate of this source, with these
    fields."""

    def respond(payload: dict) -> Scripted:
        item = {"id": candidates(payload)[source], **fields}
        return Scripted(content=json.dumps({"attributions": [item]}))

    return respond


def reviewer(payload: dict) -> Scripted:
    """Keep each candidate, naming the mayor behind "She"; drop the critics; add what was
    missed."""
    items = []
    for source, number in candidates(payload).items():
        if source.startswith("Critics"):
            items.append({"id": number, "drop": "an opinion"})
        elif source == "She":
            items.append({"id": number, "speaker": "Ana Ruiz", "claim": "Ruiz: fares hold."})
        else:
            items.append({"id": number, "claim": f"{source} spoke."})
    if "reserves" not in payload["messages"][1]["content"].split("<candidates>")[-1]:
        items.append({"quote": "that reserves were running low", "source": "Tom Hale",
                      "cue": "warned", "claim": "Hale warned of low reserves."})  # fmt: skip
    statements = [{"quote": "The council has nine members", "checkworthiness": 0.6}]
    return Scripted(content=json.dumps({"attributions": items, "statements": statements}))


def extract(cli, server, path, ok: bool = True):
    return cli("extract", path, "--model", MODEL, "--api-base", server.base, ok=ok)


def test_the_request_lists_the_offline_candidates_with_numbered_paragraphs(server, cli, article):
    server.responder = reviewer
    extract(cli, server, article)
    user = server.requests[0]["body"]["messages"][1]["content"]
    assert "[2] Mayor Ana Ruiz said on Monday" in user  # paragraphs are numbered
    found = candidates(server.requests[0]["body"])
    assert {"Mayor Ana Ruiz", "She"} <= set(found)
    assert candidate_ids(server.requests[0]["body"]) == sorted(found.values())


def test_kept_candidates_are_stored_with_the_speaker_the_model_names(
    server, cli, cli_json, article
):
    server.responder = reviewer
    out = extract(cli, server, article)
    assert "rejected" not in out.output
    claims = {c["source_mention"]: c for c in cli_json("claims", "list")}
    she = claims["She"]
    assert she["source"] == "Ana Ruiz"  # the speaker, not the pronoun
    assert she["quote"] == "that bus fares would not change"  # the candidate's own span
    assert she["claim"] == "Ruiz: fares hold."
    assert "Critics" not in claims  # dropped by the model
    [hale] = [c for c in claims.values() if c["cue"] == "warned"]  # added, or kept
    assert hale["source_mention"].startswith("Tom Hale")
    statement = next(c for c in cli_json("claims", "list") if c["cue"] is None)
    assert statement["quote"] == "The council has nine members"
    assert statement["attribution"] == "unattributed" and statement["source"] is None
    names = {s["name"] for s in cli_json("sources", "list")}
    assert "Ana Ruiz" in names and "She" not in names


def test_the_run_records_each_dropped_candidate_and_why(server, cli, cli_json, article):
    server.responder = reviewer
    extract(cli, server, article)
    run = cli_json("articles", "show", "1")["runs"][0]
    assert run["claims_rejected"] == 0  # a drop is the model's call, not a failure
    dropped = [r for r in json.loads(run["rejections"]) if r["dropped"]]
    assert dropped and all("dropped: an opinion" in r["reason"] for r in dropped)
    assert all(r["quote"].startswith("Critics") for r in dropped)


def test_a_correction_takes_the_models_exact_text_for_what_it_changes(
    server, cli, cli_json, article
):
    server.responder = answering_about(
        "Mayor Ana Ruiz", quote="the budget would rise by 4 percent", claim="Budget up."
    )
    extract(cli, server, article)
    [claim] = cli_json("claims", "list")
    # refined as every claim is: the leading "that" joins the corrected content
    assert claim["quote"] == "that the budget would rise by 4 percent"
    assert (claim["source_mention"], claim["cue"]) == ("Mayor Ana Ruiz", "said")


def test_a_candidate_id_that_does_not_exist_is_rejected_after_one_reask(
    server, cli, cli_json, article
):
    bad = {"attributions": [{"id": 99, "claim": "Something."}]}
    server.script += [Scripted(content=json.dumps(bad))] * 2
    out = extract(cli, server, article)
    assert len(server.requests) == 2
    assert "candidate 99 does not exist" in server.requests[1]["body"]["messages"][-1]["content"]
    assert "0 claims stored" in out.output and "1 rejected" in out.output
    run = cli_json("articles", "show", "1")["runs"][0]
    reasons = [r["reason"] for r in json.loads(run["rejections"])]
    assert any("candidate 99 does not exist" in r for r in reasons)
    assert any("not reviewed" in r for r in reasons)  # the candidates it left out


def test_a_speaker_not_in_the_article_is_not_stored(server, cli, cli_json, article):
    server.responder = answering_about(
        "She", speaker="Governor Jane Doe", claim="She said fares hold."
    )
    extract(cli, server, article)
    [claim] = cli_json("claims", "list")
    # the model's name is not in the text: the offline extractor's resolution of "She" stands
    assert (claim["source_mention"], claim["source"]) == ("She", "Ana Ruiz")
    run = cli_json("articles", "show", "1")["runs"][0]
    [note] = [r for r in json.loads(run["rejections"]) if r["kept"]]
    assert "speaker 'Governor Jane Doe' is not in the article" in note["reason"]


def test_an_answer_in_another_shape_is_not_read_as_no_claims(server, cli, article):
    old = {"claims": [{"quote": "that bus fares would not change", "claim": "Fares hold."}]}
    server.script += [Scripted(content=json.dumps(old))] * 2
    out = extract(cli, server, article, ok=False)
    assert out.exit_code == 1
    assert "attributions: Field required" in out.output


def test_a_pronoun_is_never_a_source_shared_across_articles(cli, cli_json, tmp_path):
    for town in ("Lyle", "Brent"):
        path = tmp_path / f"{town}.txt"
        path.write_text(f"The mayor of {town} spoke.\n\nHe said that the bridge would close.\n")
        cli("extract", path)  # the offline rules: no speaker to name
    he = [s for s in cli_json("sources", "list") if s["name"] == "He"]
    assert [s["claims"] for s in he] == [1, 1]  # one per article, not one shared "He"


def _candidate(text: str, content: str, source: str, cue: str, **fields) -> FoundClaim:
    def span(words: str) -> Span:
        start = text.index(words)
        return Span(start, start + len(words))

    return FoundClaim(
        content=span(content), claim=content, source=fields.pop("name", source),
        source_span=span(source), cue=cue, cue_span=span(cue), **fields,
    )  # fmt: skip


def test_a_candidate_goes_to_the_first_part_that_holds_it_whole():
    text = 'Councillor Mary Jones said:\n\n"The bridge will close."\n\nMore text here.'
    quote = _candidate(text, '"The bridge will close."', "Councillor Mary Jones", "said")
    first, second = Span(0, 55), Span(29, len(text))  # the tag only in the first
    shown, unshown = chunks.assign([quote], [first, second])
    assert [len(s) for s in shown] == [1, 0] and not unshown
    [moved] = shown[0]
    assert moved.source_span.of(first.of(text)) == "Councillor Mary Jones"
    # a candidate no part holds whole is not shown with a source from outside its part
    shown, unshown = chunks.assign([quote], [Span(0, 30), second])
    assert shown == [[], []] and unshown == [quote]


def test_a_kept_candidate_keeps_the_name_the_offline_extractor_gave_its_source():
    text = "The plan was presented by Anna Berg, who said the costs would fall."
    berg = _candidate(text, "the costs would fall", "who", "said", name="Anna Berg")
    answer = ExtractionOut.model_validate({"attributions": [{"id": 1, "claim": "Costs fall."}]})
    [claim] = ground(answer, text, [berg]).claims
    assert (claim.source, claim.source_span.of(text)) == ("Anna Berg", "who")


def test_a_null_where_a_default_exists_is_the_default():
    raw = json.dumps({
        "attributions": [{"id": 1, "certainty": None, "checkworthiness": None, "reason": None}],
        "statements": None,
    })  # fmt: skip
    text = "The plan was presented by Anna Berg, who said the costs would fall."
    berg = _candidate(text, "the costs would fall", "who", "said", name="Anna Berg")
    claims, rejected, problems = llm.parse_answer(raw, text, [berg])
    assert problems is None and [c.checkworthiness for c in claims] == [0.5]


def test_a_kept_candidate_keeps_the_speaker_the_offline_extractor_found():
    text = "Anna Berg spoke first. She said the costs would fall."
    she = _candidate(text, "the costs would fall", "She", "said", speaker="Anna Berg")
    kept = ExtractionOut.model_validate({"attributions": [{"id": 1, "claim": "Costs fall."}]})
    assert [c.speaker for c in ground(kept, text, [she]).claims] == ["Anna Berg"]
    named = {"attributions": [{"id": 1, "speaker": "Berg", "claim": "Costs fall."}]}
    named = ExtractionOut.model_validate(named)
    assert [c.speaker for c in ground(named, text, [she]).claims] == ["Berg"]  # the model's
