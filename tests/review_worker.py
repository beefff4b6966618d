"""One reviewer process hammering shared claims (used by test_concurrency and bench/)."""

from __future__ import annotations

import json
import random
import sys

from claimtrack import db
from claimtrack.review import Conflict, get_claim, set_status


def hammer(url: str, seed: int, updates: int, claim_ids: list[int]) -> dict:
    """Make `updates` status changes, each against the version read just before."""
    rng = random.Random(seed)
    accepted, conflicts = [], 0
    for _ in range(updates):
        claim_id = rng.choice(claim_ids)
        with db.session(url) as s:
            seen = get_claim(s, claim_id).claim
            version, status = seen.version, seen.status
        target = "unverified" if status == "in_review" else "in_review"
        try:
            with db.session(url, write=True) as s:
                claim = set_status(
                    s, claim_id, target, actor=f"worker-{seed}", expected_version=version,
                    note=f"pass {len(accepted) + conflicts}",  # reopening a verdict needs one
                )  # fmt: skip
                accepted.append([claim_id, claim.version])
        except Conflict:
            conflicts += 1
    return {"accepted": accepted, "conflicts": conflicts}


if __name__ == "__main__":
    url, seed, updates = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ids = [int(i) for i in sys.argv[4].split(",")]
    print(json.dumps(hammer(url, seed, updates, ids)))
