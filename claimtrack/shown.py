"""What lists, the queue, search, reports and exports show of the stored claims.

A rejected claim (not a claim at all), a claim merged into another and the claims of a
removed article stay in the database and in their history, and `claims show` still finds
them; nothing else lists them.
"""

from __future__ import annotations

from sqlmodel import col, select

from claimtrack.domain import HIDDEN_STATUSES as HIDDEN
from claimtrack.domain import REJECTED
from claimtrack.models import Article, Claim, Evidence


def in_shown_article() -> object:
    """The condition on Claim: its article is not removed."""
    removed = select(Article.id).where(col(Article.removed_at).is_not(None))
    return col(Claim.article_id).not_in(removed)


def shown_claims(*, rejected: bool = False) -> list:
    """Conditions on Claim for what is listed; `rejected` lists the rejected ones instead.

    A claim merged into another is listed as that one.
    """
    status = col(Claim.status) == REJECTED if rejected else col(Claim.status).not_in(HIDDEN)
    return [status, in_shown_article()]


def shown_evidence() -> object:
    return col(Evidence.removed_at).is_(None)
