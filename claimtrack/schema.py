"""The LLM output contract, schema version 2 (see DESIGN.md), validated at the boundary.

The model reviews the offline extractor's candidate attributions and adds the ones it missed;
the outlet's own checkable statements come in a list of their own. A reviewed candidate is
referenced by its id and only what the model changes is written out, so a kept candidate
costs a restatement and a few fields, not a copy of its quote.
"""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from claimtrack.domain import Certainty, SourceType

SCHEMA_VERSION = 2


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _default_if_null(model: type[BaseModel], value: object, info: ValidationInfo) -> object:
    """A field given as null takes its default: models write null for "nothing to say"."""
    return model.model_fields[info.field_name].default if value is None else value


class AttributionOut(BaseModel):
    """One attribution: a reviewed candidate (`id` given) or one the model adds (no `id`).

    For a candidate, `quote`, `source` and `cue` are corrections (omitted: the candidate's
    stand); `drop` says why it is no attribution at all. An added one needs `quote` and `cue`.
    """

    model_config = ConfigDict(extra="ignore")

    id: int | None = Field(default=None, description="the candidate reviewed, or null if added")
    drop: str | None = Field(default=None, description="why the candidate is not an attribution")
    quote: str | None = Field(default=None, description="the asserted content, verbatim")
    source: str | None = Field(default=None, description="the words at the cue, verbatim")
    cue: str | None = Field(default=None, description="the reporting verb or phrase, verbatim")
    speaker: str | None = Field(default=None, description="whom the article names as the source")
    source_type: SourceType | None = None
    claim: str | None = Field(default=None, description="self-contained restatement")
    certainty: Certainty = Certainty.asserted
    disputes: int | None = Field(default=None, ge=0)
    checkworthiness: float = Field(default=0.5, ge=0.0, le=1.0)
    reason: str = ""

    @field_validator("drop", "quote", "source", "cue", "speaker", "claim", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return _blank_is_none(value)

    @field_validator("certainty", "checkworthiness", "reason", mode="before")
    @classmethod
    def _null_is_default(cls, value: object, info: ValidationInfo) -> object:
        return _default_if_null(cls, value, info)


class StatementOut(BaseModel):
    """A checkable fact the outlet asserts in its own voice."""

    model_config = ConfigDict(extra="ignore")

    quote: str = Field(min_length=1, description="the statement, verbatim")
    claim: str | None = None
    checkworthiness: float = Field(default=0.5, ge=0.0, le=1.0)
    reason: str = ""

    @field_validator("checkworthiness", "reason", mode="before")
    @classmethod
    def _null_is_default(cls, value: object, info: ValidationInfo) -> object:
        return _default_if_null(cls, value, info)


class ExtractionOut(BaseModel):
    attributions: list[AttributionOut]  # required: an answer without it answered something else
    statements: list[StatementOut] = Field(default_factory=list)

    @field_validator("statements", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


def json_schema() -> dict:
    """The schema handed to providers that take structured-output constraints."""
    return json.loads(_json_schema_text())  # a fresh copy: litellm may adapt it per provider


@lru_cache(maxsize=1)
def _json_schema_text() -> str:
    return json.dumps(ExtractionOut.model_json_schema())  # pydantic takes ~7 ms to build it
