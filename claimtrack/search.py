"""Full-text search over claims: SQLite FTS5 or PostgreSQL text search (migration 0002)."""

from __future__ import annotations

import re

from sqlalchemy import text as sql
from sqlmodel import Session

# The expression PostgreSQL's GIN index is built on (migration 0002); queries must repeat it.
PG_DOCUMENT = (
    "to_tsvector('english', coalesce(claim_text, '') || ' ' || coalesce(quote, '') || ' ' || "
    "coalesce(source_mention, ''))"
)
_WORD = re.compile(r"\w+")


def words_of(query: str) -> list[str]:
    return _WORD.findall(query)


def search_ids(
    session: Session, words: list[str], *, limit: int, any_word: bool = False
) -> list[int]:
    """Claim ids best matching the words (all of them, or with any_word at least one)."""
    if not words:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _postgres(session, words, limit, any_word)
    return _sqlite(session, words, limit, any_word)


def _sqlite(session: Session, words: list[str], limit: int, any_word: bool) -> list[int]:
    # Each word quoted: user text is never parsed as FTS5 query syntax.
    match = (" OR " if any_word else " ").join(f'"{w}"' for w in words)
    rows = session.exec(  # type: ignore[call-overload]
        sql("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q ORDER BY rank LIMIT :n"),
        params={"q": match, "n": limit},
    )
    return [row[0] for row in rows]


def _postgres(session: Session, words: list[str], limit: int, any_word: bool) -> list[int]:
    # Words only, joined by the operator we choose: nothing of the user's is tsquery syntax.
    query = (" | " if any_word else " & ").join(words)
    tsquery = "to_tsquery('english', :q)"
    rows = session.exec(  # type: ignore[call-overload]
        sql(
            f"SELECT id FROM claim WHERE {PG_DOCUMENT} @@ {tsquery} "
            f"ORDER BY ts_rank({PG_DOCUMENT}, {tsquery}) DESC, id LIMIT :n"
        ),
        params={"q": query, "n": limit},
    )
    return [row[0] for row in rows]
