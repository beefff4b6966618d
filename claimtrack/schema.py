"""The LLM output contract, schema version 2 (see DESIGN.md), validated at the boundary.

The model reviews the offline extractor's candidate attributions and adds the ones it missed;
the outlet's own checkable statements come in a list of their own. A reviewed candidate is
referenced by its id and only what the model changes is written out, so a kept candidate
costs a restatement and a few fields, not a copy of its quote.
"""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from claimtrack.domain import Certainty, SourceType

SCHEMA_VERSION = 2


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class _Answered(BaseModel):
    """A part of the answer, in which a field given as null takes its default (models write
    null for "nothing to say"); a required one stays null, and fails."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _null_is_default(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        defaulted = _defaulted(cls)
        return {k: v for k, v in data.items() if v is not None or k not in defaulted}


@lru_cache(maxsize=8)  # one per kind of part
def _defaulted(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a part of the answer whose default is not None: found once per class, as
    pydantic takes a while to tell (it inspects each default factory's signature)."""
    return frozenset(
        name for name, field in model.model_fields.items()
        if not field.is_required() and field.get_default(call_default_factory=True) is not None
    )  # fmt: skip


class AttributionOut(_Answered):
    """One attribution: a reviewed candidate (`id` given) or one the model adds (no `id`).

    For a candidate, `quote`, `source` and `cue` are corrections (omitted: the candidate's
    stand); `drop` says why it is no attribution at all. An added one needs `quote` and `cue`.
    """

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


class StatementOut(_Answered):
    """A checkable fact the outlet asserts in its own voice."""

    quote: str = Field(min_length=1, description="the statement, verbatim")
    claim: str | None = None
    checkworthiness: float = Field(default=0.5, ge=0.0, le=1.0)
    reason: str = ""


class ExtractionOut(_Answered):
    attributions: list[AttributionOut]  # required: an answer without it answered something else
    statements: list[StatementOut] = Field(default_factory=list)


def json_schema() -> dict:
    """The schema handed to providers that take structured-output constraints."""
    return json.loads(_json_schema_text())  # a fresh copy: litellm may adapt it per provider


@lru_cache(maxsize=1)
def _json_schema_text() -> str:
    return json.dumps(ExtractionOut.model_json_schema())  # pydantic takes ~7 ms to build it
