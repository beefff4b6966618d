"""One reviewer process hammering shared claims (used by test_concurrency and bench/).

python tests/review_worker.py URL SEED UPDATES IDS [START_AT [versioned|plain]]
"""

from __future__ import annotations

import json
import random
import sys
import time

from claimtrack import db
from claimtrack.models import Claim
from claimtrack.review import Conflict, ReviewError, set_status, set_status_many


def hammer(url: str, seed: int, updates: int, claim_ids: list[int], start_at: float = 0.0) -> dict:
    """Make `updates` status changes, each against the version read just before.

    `start_at` (a time.time() value) lines the workers up after their start-up, so a benchmark
    times the updates, not the imports.
    """
    rng = random.Random(seed)
    accepted, conflicts = [], 0
    db.engine(url)  # connect and check the schema before the clock starts
    time.sleep(max(0.0, start_at - time.time()))
    started = time.perf_counter()
    for _ in range(updates):
        claim_id = rng.choice(claim_ids)
        with db.session(url) as s:
            seen = s.get(Claim, claim_id)
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
    elapsed = time.perf_counter() - started
    return {"accepted": accepted, "conflicts": conflicts, "seconds": elapsed}


def plain(
    url: str, seed: int, updates: int, claim_ids: list[int], start_at: float = 0.0, *, bulk=False
) -> dict:
    """Make `updates` plain status changes (no expected version), as `claimtrack review` does.

    Each is to a status chosen at random, verdicts included, with a note; none should be refused.
    """
    rng = random.Random(seed)
    accepted, refused = [], []
    db.engine(url)
    time.sleep(max(0.0, start_at - time.time()))
    for n in range(updates):
        claim_id = rng.choice(claim_ids)
        target = rng.choice(["in_review", "false", "true", "unverified"])
        try:
            with db.session(url, write=True) as s:
                note = f"worker {seed}, pass {n}"
                if bulk:
                    changed = set_status_many(
                        s, claim_ids, target, actor=f"worker-{seed}", note=note
                    )
                    accepted += [[c.id, c.version] for c in changed]
                else:
                    claim = set_status(s, claim_id, target, actor=f"worker-{seed}", note=note)
                    accepted.append([claim_id, claim.version])
        except ReviewError as exc:
            refused.append(str(exc))
    return {"accepted": accepted, "conflicts": len(refused), "refused": refused}


def bulk(url: str, seed: int, updates: int, claim_ids: list[int], start_at: float = 0.0) -> dict:
    """`updates` bulk changes of all the claims at once, as `claimtrack review --ids` does."""
    return plain(url, seed, updates, claim_ids, start_at, bulk=True)


if __name__ == "__main__":
    url, seed, updates = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ids = [int(i) for i in sys.argv[4].split(",")]
    start_at = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    mode = sys.argv[6] if len(sys.argv) > 6 else "versioned"
    work = {"plain": plain, "bulk": bulk}.get(mode, hammer)
    print(json.dumps(work(url, seed, updates, ids, start_at)))
