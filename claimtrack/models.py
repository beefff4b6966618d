"""The database tables (SQLModel). Schema changes go through Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str | None = None
    title: str
    outlet: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_sha256: str = Field(unique=True, max_length=64)
    source_format: str
    ingested_at: datetime = Field(default_factory=utcnow)
    removed_at: datetime | None = None  # removed by a reviewer: out of lists and reports


class Source(SQLModel, table=True):
    """A distinct source. Named ones are shared across articles; anonymous ones are not."""

    __table_args__ = (UniqueConstraint("key", "scope"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(index=True)
    scope: str = ""  # "" for named sources, "article:<id>" for an article's anonymous ones
    source_type: str
    first_seen: datetime = Field(default_factory=utcnow)


class SourceAlias(SQLModel, table=True):
    """A name a source was known by before a rename or merge: later mentions land on it."""

    __table_args__ = (UniqueConstraint("key", "scope"),)
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    key: str
    scope: str = ""


class ArticleChange(SQLModel, table=True):
    """Append-only audit of an article's removal and restoration (the database enforces it)."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    action: str  # removed | restored
    note: str | None = Field(default=None, sa_column=Column(Text))
    actor: str
    at: datetime = Field(default_factory=utcnow)


class ExtractionRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    extractor: str
    prompt_sha256: str | None = None
    schema_version: int = 1
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = False
    claims_stored: int = 0
    claims_rejected: int = 0
    rejections: str | None = Field(default=None, sa_column=Column(Text))  # JSON list
    error: str | None = None


class Claim(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    extraction_run_id: int = Field(foreign_key="extractionrun.id")
    quote: str = Field(sa_column=Column(Text, nullable=False))
    quote_start: int
    quote_end: int
    source_mention: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    claim_text: str = Field(sa_column=Column(Text, nullable=False))
    attribution: str
    certainty: str
    checkworthiness: float = 0.5
    check_reason: str = ""
    status: str = Field(default="unverified", index=True)
    rating: int | None = None
    assignee: str | None = Field(default=None, index=True)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ClaimLink(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("claim_id", "other_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    other_id: int = Field(foreign_key="claim.id", index=True)
    kind: str
    score: float | None = None
    confirmed: bool = False


class StatusChange(SQLModel, table=True):
    """Append-only audit of every status, rating and assignee change."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    field: str = "status"
    from_value: str | None = None
    to_value: str | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    actor: str
    at: datetime = Field(default_factory=utcnow)


class Evidence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    url: str
    title: str | None = None
    stance: str = "context"
    note: str | None = Field(default=None, sa_column=Column(Text))
    added_by: str
    at: datetime = Field(default_factory=utcnow)
    removed_at: datetime | None = None  # removed by a reviewer (audited on the claim)


class LLMCache(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    model: str
    response: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
