"""One reviewer process editing, noting, reviewing and merging shared claims (test_corrections).

Prints JSON: each accepted change as (claim id, version it made) and how many audit rows the
worker's changes wrote, counted from the database by its own actor name.
"""

from __future__ import annotations

import json
import random
import sys

from sqlmodel import func, select

from claimtrack import db
from claimtrack.claim_edits import ClaimFix, edit_claim, merge_claims
from claimtrack.corrections import add_note
from claimtrack.models import Claim, StatusChange
from claimtrack.review import ReviewError, set_status


def work(url: str, seed: int, steps: int, hot: list[int], spare: list[int]) -> dict:
    rng, actor = random.Random(seed), f"worker-{seed}"
    bumps: list[list[int]] = []
    refused = 0
    for step in range(steps):
        claim_id = rng.choice(hot)
        with db.session(url) as s:
            version = s.get(Claim, claim_id).version
        try:
            with db.session(url, write=True) as s:
                bumps += _one_change(s, rng, step, claim_id, version, spare, actor)
        except ReviewError:  # a colleague changed it first (or a merge found two verdicts)
            refused += 1
    with db.session(url) as s:
        query = select(func.count()).where(StatusChange.actor == actor)
        audit = s.exec(query).one()
    return {"bumps": bumps, "refused": refused, "audit": audit}


def _one_change(s, rng, step, claim_id, version, spare, actor) -> list[list[int]]:
    kind = rng.choice(["review", "edit", "note", "merge"] if spare else ["review", "edit", "note"])
    if kind == "review":
        claim = s.get(Claim, claim_id)
        target = "unverified" if claim.status == "in_review" else "in_review"
        set_status(s, claim_id, target, actor=actor, note=f"step {step}", expected_version=version)
        return [[claim_id, version + 1]]
    if kind == "edit":
        fix = ClaimFix(claim=f"{actor} step {step}")
        edit_claim(s, claim_id, fix, actor=actor, expected_version=version)
        return [[claim_id, version + 1]]
    if kind == "note":
        add_note(s, claim_id, f"{actor} step {step}", actor=actor)
        return []
    dup = spare.pop()
    dup_version = s.get(Claim, dup).version
    merge_claims(s, claim_id, [dup], actor=actor, note=None, expected_version=version)
    return [[claim_id, version + 1], [dup, dup_version + 1]]


if __name__ == "__main__":
    url, seed, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    hot = [int(i) for i in sys.argv[4].split(",")]
    spare = [int(i) for i in sys.argv[5].split(",") if i]
    print(json.dumps(work(url, seed, steps, hot, spare)))
