"""Full-text search over claims: SQLite FTS5 or PostgreSQL text search (migration 0002).

A reviewer's query has one syntax on both databases, parsed here and written out for each:
words must all match; `"a phrase"` matches those words in that order; `OR` between two terms
matches either (it binds tighter than the implied AND, as in web search: `budget tax OR levy`
is budget AND (tax OR levy)); `NOT term` or `-term` excludes; `AND` may be written or left out.
Case does not matter, and nothing a user types reaches either database as query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlmodel import Session

# The expression PostgreSQL's GIN index is built on (migration 0002); queries must repeat it.
PG_DOCUMENT = (
    "to_tsvector('english', coalesce(claim_text, '') || ' ' || coalesce(quote, '') || ' ' || "
    "coalesce(source_mention, ''))"
)
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A search query that asks for nothing; the message is one line for the user."""


@dataclass(frozen=True)
class Clause:
    """Terms of which one must match (or, negated, none may); a term is a word or a phrase."""

    terms: tuple[tuple[str, ...], ...]
    negated: bool = False


def parse_query(query: str) -> list[Clause]:
    """A reviewer's query as clauses that must all hold; see the module's docstring."""
    clauses: list[Clause] = []
    joining = negate = False
    for sign, phrase, bare in _TOKEN.findall(query):
        if bare in ("AND", "OR", "NOT"):
            joining, negate = bare == "OR" and bool(clauses), negate or bare == "NOT"
            continue
        if bare.startswith("-"):
            sign, bare = "-", bare[1:]
        term = tuple(words_of(phrase if not bare else bare))
        if not term:
            continue
        if joining and not clauses[-1].negated and not (negate or sign):
            clauses[-1] = Clause((*clauses[-1].terms, term))
        else:
            clauses.append(Clause((term,), negated=negate or bool(sign)))
        joining = negate = False
    if not any(not c.negated for c in clauses):
        raise QueryError("search needs at least one word to find (not only words to exclude)")
    return clauses


def query_ids(session: Session, query: str, *, limit: int) -> list[int]:
    """Claim ids matching a reviewer's query (syntax above), best matches first."""
    clauses = parse_query(query)
    if session.get_bind().dialect.name == "postgresql":
        return _postgres_query(session, _tsquery(clauses), limit)
    rows = session.exec(  # type: ignore[call-overload]
        sql("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q ORDER BY rank LIMIT :n"),
        params={"q": _fts5_query(clauses), "n": limit},
    )
    return [row[0] for row in rows]


def _fts5_query(clauses: list[Clause]) -> str:
    # Every term a quoted FTS5 string of words: nothing of the user's is FTS5 syntax.
    def group(clause: Clause) -> str:
        return "(" + " OR ".join('"' + " ".join(term) + '"' for term in clause.terms) + ")"

    must = " AND ".join(group(c) for c in clauses if not c.negated)
    return must + "".join(f" NOT {group(c)}" for c in clauses if c.negated)


def _tsquery(clauses: list[Clause]) -> str:
    # Words only, joined by operators we write: nothing of the user's is tsquery syntax.
    def group(clause: Clause) -> str:
        inner = " | ".join("(" + " <-> ".join(term) + ")" for term in clause.terms)
        return ("!" if clause.negated else "") + f"({inner})"

    return " & ".join(group(c) for c in clauses)


def _postgres_query(session: Session, query: str, limit: int) -> list[int]:
    tsquery = "to_tsquery('english', :q)"
    rows = session.exec(  # type: ignore[call-overload]
        sql(
            f"SELECT id FROM claim WHERE {PG_DOCUMENT} @@ {tsquery} "
            f"ORDER BY ts_rank({PG_DOCUMENT}, {tsquery}) DESC, id LIMIT :n"
        ),
        params={"q": query, "n": limit},
    )
    return [row[0] for row in rows]


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
    return _postgres_query(session, (" | " if any_word else " & ").join(words), limit)
