"""`claimtrack browse`: the claims database in Datasette, read-only, labelled, with canned queries.

Datasette is an optional extra (`pip install 'claimtrack[browse]'`) and is imported only here,
only when browsing. The file is opened read-only (SQLite's mode=ro, for Datasette's writes
too), so browsing cannot change a claim or bypass the audit trail, and it sees what reviewers
commit while it runs. The canned queries show what the command line shows: no rejected or
merged claims, nothing from a removed article.
"""

from __future__ import annotations

import socket
from pathlib import Path

from claimtrack.domain import DISMISSED, HIDDEN_STATUSES, OPEN_STATUSES
from claimtrack.errors import UserError
from claimtrack.newsroom import DEFAULT_NEWSROOM, Scale, Settings

DATABASE = "claimtrack"  # the database's name in Datasette's addresses: /claimtrack/claim
INSTALL_HINT = "claimtrack browse needs Datasette: pip install 'claimtrack[browse]'"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DATASETTE_SETTINGS = {
    "truncate_cells_html": 300,  # an article's whole text in every row would bury the rest
    "default_page_size": 50,
    "suggest_facets": False,  # half a second a page over 50,000 claims; the tables name theirs
}


class BrowseError(UserError):
    """Browsing that cannot start; the message is one line for the user."""


def require_datasette() -> None:
    """Refuse, in one line saying how to install it, when the browse extra is missing."""
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise BrowseError(INSTALL_HINT) from None


def prepare(url: str, host: str, port: int) -> tuple[Path, socket.socket]:
    """The database file to browse and a socket listening for the browser, or a BrowseError."""
    require_datasette()
    path = database_file(url)
    return path, listen(host, port)


def database_file(url: str) -> Path:
    """The SQLite file to browse; PostgreSQL and a database not at this schema are refused."""
    from claimtrack.db import describe, parse_url, read_only_sqlite

    if parse_url(url).get_backend_name() != "sqlite":
        raise BrowseError(
            f"claimtrack browse opens SQLite databases only, and {describe(url)} is PostgreSQL"
        )
    return read_only_sqlite(url)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free one), bound before Datasette starts so a port in
    use is one line, and a browser opened at once waits for the first page."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise BrowseError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise BrowseError(
            f"cannot listen on {host} port {port} ({exc.strerror or exc}): choose another --port"
        ) from None
    return sock


def address_of(sock: socket.socket) -> str:
    """The browsing address of the database's page, for a person to open."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{DATABASE}"


def serve(path: Path, settings: Settings, sock: socket.socket) -> None:
    """Serve the database on the socket until interrupted (Ctrl-C)."""
    import uvicorn

    app = datasette_for(path, settings).app()
    # Imported only now that Datasette has loaded it as its error page plugin. It prints
    # every failed page (a 404, a mistyped query) to the terminal as a screenful of
    # traceback with rich; the browser shows the error, and the terminal stays quiet.
    from datasette import handle_exception

    handle_exception.rich = None
    config = uvicorn.Config(app, log_level="warning", lifespan="on", workers=1)
    uvicorn.Server(config).run(sockets=[sock])


def datasette_for(path: Path, settings: Settings):
    """A Datasette over the file, read-only, with claimtrack's labels and canned queries."""
    from datasette.app import Datasette
    from datasette.database import Database

    class ReadOnlyDatabase(Database):
        def connect(self, write: bool = False):
            return super().connect(write=False)  # even a plugin's write gets mode=ro

    ds = Datasette([], metadata=metadata(path, settings), settings=DATASETTE_SETTINGS)
    ds.add_database(ReadOnlyDatabase(ds, path=str(path), is_mutable=True), name=DATABASE)
    return ds


# --- labels: what each table and the columns a desk reads mean --------------------------------

TABLES = {
    "claim": {
        "title": "Claims",
        "description": "Each claim found in an article: who said it, the quoted words, and "
        "where its check stands. Rejected and merged claims are here too (see status).",
        "label_column": "claim_text",
        "facets": ["status", "assignee", "attribution"],
        "fts_table": "claim_fts",  # claim text, quote and source mention, as `claims search`
        "fts_pk": "id",
        "columns": {
            "claim_text": "The claim, as one sentence a reader can check.",
            "quote": "The words in the article the claim rests on.",
            "source_id": "Who made the claim (no source: the outlet's own claim).",
            "source_mention": "How the article names the source.",
            "cue": "The reporting verb: said, claimed, according to.",
            "attribution": "direct_quote, indirect (reported speech) or unattributed.",
            "certainty": "asserted, hedged or disputed, as the article words it.",
            "checkworthiness": "0 to 1: how much the claim deserves a check. "
            "The queue shows the highest first.",
            "check_reason": "Why the claim is (or is not) worth checking.",
            "status": "unverified, in_review, a verdict, dismissed (not worth checking), "
            "rejected (not a claim) or merged (into another claim).",
            "rating": "The verdict's value on the newsroom's rating scale.",
            "assignee": "The reviewer the claim is assigned to.",
            "updated_at": "When the claim last changed (UTC).",
        },
    },
    "article": {
        "title": "Articles",
        "description": "The articles claims were extracted from. A removed article stays "
        "here, but its claims are out of lists, the queue and reports.",
        "label_column": "title",
        "facets": ["outlet"],
        "columns": {
            "outlet": "The publication.",
            "published_at": "When the outlet published it (UTC), if known.",
            "text": "The article's text as claimtrack read it; the claims' offsets point into it.",
            "source_format": "What it was read from: text, Markdown, HTML or a URL.",
            "content_sha256": "A fingerprint of the text: the same article is stored once.",
            "ingested_at": "When it was added to claimtrack (UTC).",
            "removed_at": "When a reviewer removed it, if they did (see Article changes).",
        },
    },
    "source": {
        "title": "Sources",
        "description": "The people, organisations and documents claims are attributed to. "
        "A named source is shared across articles; an anonymous one belongs to its article.",
        "label_column": "name",
        "facets": ["source_type"],
        "columns": {
            "name": "The source's name as shown.",
            "key": "The name as matched: lowercase, without a leading article.",
            "scope": "Empty for a named source; article:ID for an article's anonymous one.",
            "source_type": "named_person, named_organization, anonymous_official, anonymous, "
            "document or outlet.",
            "first_seen": "When the source was first stored (UTC).",
        },
    },
    "sourcealias": {
        "title": "Former source names",
        "description": "Names a source had before a rename or merge: later mentions of them "
        "are attributed to the source.",
    },
    "statuschange": {
        "title": "Status history",
        "description": "Every change to a claim's status, rating or assignee, with who made it "
        "and their note. Append-only: the database refuses edits and deletions.",
        "facets": ["field", "actor"],
        "columns": {
            "field": "What changed: status, rating, assignee, or the claim itself.",
            "from_value": "The value before.",
            "to_value": "The value after.",
            "note": "The reviewer's note; with a verdict, its explanation to readers.",
            "actor": "Who made the change.",
            "at": "When (UTC).",
        },
    },
    "articlechange": {
        "title": "Article changes",
        "description": "Each removal and restoration of an article, with who did it and why. "
        "Append-only: the database refuses edits and deletions.",
    },
    "evidence": {
        "title": "Evidence",
        "description": "Sources reviewers attached to claims. Removed evidence stays here "
        "(removed_at set) but is out of reports.",
        "facets": ["stance"],
        "columns": {
            "stance": "supports, refutes or context.",
            "added_by": "The reviewer who attached it.",
            "removed_at": "When a reviewer removed it, if they did.",
        },
    },
    "claimlink": {
        "title": "Claim links",
        "description": "Claims related to others: duplicates, disputes, matches with earlier "
        "verdicts, claims merged into another.",
        "facets": ["kind"],
    },
    "extractionrun": {
        "title": "Extraction runs",
        "description": "Each extraction of an article: the extractor or model, tokens, cost "
        "and how many claims it stored or rejected.",
        "facets": ["extractor"],
    },
    "llmcache": {"hidden": True},
    "alembic_version": {"hidden": True},
}


def metadata(path: Path, settings: Settings) -> dict:
    """Datasette's metadata: titles and descriptions, and the desk's canned queries."""
    newsroom = "" if settings.newsroom == DEFAULT_NEWSROOM else f"{settings.newsroom}: "
    return {
        "title": f"{newsroom}claimtrack",
        "databases": {
            DATABASE: {
                "description": f"{path}, read-only: claims change only through the "
                "claimtrack command. Start with the queries; the claim table holds every claim, "
                "statuschange every change made to one.",
                "tables": TABLES,
                "queries": canned_queries(settings.scale),
            }
        },
    }


# --- canned queries: the queue, verdicts by outlet, a speaker's claims over time --------------


def canned_queries(scale: Scale) -> dict:
    return {
        "queue": {
            "title": "The queue",
            "description": "Claims waiting for review, most check-worthy first, as "
            "claimtrack queue lists them. Give an assignee to see only their claims and the "
            "unassigned ones.",
            "sql": _queue_sql(scale),
            "hide_sql": True,
        },
        "verdicts_by_outlet": {
            "title": "Verdicts by outlet",
            "description": "For each outlet: its claims, how many wait for review, how many "
            "got each verdict, and how many were dismissed as not worth checking.",
            "sql": _verdicts_by_outlet_sql(scale),
            "hide_sql": True,
        },
        "speaker": {
            "title": "A speaker's claims over time",
            "description": "The claims of every source whose name (or former name) contains "
            "the text given, oldest first, with the verdicts and their explanations.",
            "sql": _speaker_sql(scale),
            "hide_sql": True,
        },
    }


def _queue_sql(scale: Scale) -> str:
    return f"""SELECT c.id AS claim_id, c.claim_text AS claim,
  coalesce(s.name, a.outlet) AS speaker, {_status_label(scale)} AS status, c.assignee,
  round(c.checkworthiness, 2) AS checkworthiness, c.check_reason AS why_check,
  a.outlet, a.title AS article, a.id AS article_id
FROM claim c
JOIN article a ON a.id = c.article_id
LEFT JOIN source s ON s.id = c.source_id
WHERE c.status IN ({_sql_list(OPEN_STATUSES)}) AND a.removed_at IS NULL
  AND (:assignee = '' OR c.assignee = :assignee OR c.assignee IS NULL)
ORDER BY c.checkworthiness DESC, c.id"""


def _verdicts_by_outlet_sql(scale: Scale) -> str:
    verdicts = ",\n  ".join(
        f"sum(c.status = {_sql_string(v.name)}) AS {_sql_name(v.label)}" for v in scale.verdicts
    )
    return f"""SELECT coalesce(a.outlet, '(no outlet)') AS outlet, count(*) AS claims,
  sum(c.status IN ({_sql_list(OPEN_STATUSES)})) AS waiting,
  {verdicts},
  sum(c.status = {_sql_string(DISMISSED)}) AS dismissed
FROM claim c
JOIN article a ON a.id = c.article_id
WHERE c.status NOT IN ({_sql_list(HIDDEN_STATUSES)}) AND a.removed_at IS NULL
GROUP BY 1
ORDER BY claims DESC, outlet"""


def _speaker_sql(scale: Scale) -> str:
    when = "coalesce(a.published_at, a.ingested_at)"
    return f"""SELECT date({when}) AS date, s.name AS speaker, c.claim_text AS claim, c.quote,
  {_status_label(scale)} AS status,
  CASE WHEN c.status NOT IN ({_sql_list(OPEN_STATUSES)}) THEN (
    SELECT h.note FROM statuschange h
    WHERE h.claim_id = c.id AND h.field = 'status' AND h.to_value = c.status
    ORDER BY h.id DESC LIMIT 1) END AS verdict_note,
  c.id AS claim_id, a.outlet, a.title AS article, a.id AS article_id
FROM claim c
JOIN source s ON s.id = c.source_id
JOIN article a ON a.id = c.article_id
WHERE :speaker != '' AND c.status NOT IN ({_sql_list(HIDDEN_STATUSES)})
  AND a.removed_at IS NULL
  AND (s.name LIKE '%' || :speaker || '%'
    OR s.id IN (SELECT source_id FROM sourcealias WHERE key LIKE '%' || :speaker || '%'))
ORDER BY {when}, c.article_id, c.quote_start"""


def _status_label(scale: Scale) -> str:
    """A CASE giving each status its label, as reports show it."""
    from claimtrack.cards import status_label

    whens = "".join(
        f"\n    WHEN {_sql_string(status)} THEN {_sql_string(status_label(scale, status))}"
        for status in scale.statuses
    )
    return f"CASE c.status{whens}\n    ELSE c.status END"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_name(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(_sql_string(v) for v in values)
