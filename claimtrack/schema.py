"""The LLM output contract, schema version 1 (see DESIGN.md), validated at the boundary."""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from claimtrack.domain import Attribution, Certainty, SourceType

SCHEMA_VERSION = 1


class ClaimOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    quote: str = Field(min_length=1, description="verbatim content span copied from the article")
    claim: str = Field(min_length=1, description="self-contained restatement")
    source: str | None = None
    source_type: SourceType = SourceType.outlet
    cue: str | None = None
    attribution: Attribution = Attribution.indirect
    certainty: Certainty = Certainty.asserted
    disputes: int | None = Field(default=None, ge=0)
    checkworthiness: float = Field(default=0.5, ge=0.0, le=1.0)
    reason: str = ""

    @field_validator("source", "cue", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class ExtractionOut(BaseModel):
    claims: list[ClaimOut]


def json_schema() -> dict:
    """The schema handed to providers that take structured-output constraints."""
    return json.loads(_json_schema_text())  # a fresh copy: litellm may adapt it per provider


@lru_cache(maxsize=1)
def _json_schema_text() -> str:
    return json.dumps(ExtractionOut.model_json_schema())  # pydantic takes ~7 ms to build it
