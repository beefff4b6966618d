"""Build a claims database of a given size for the benchmarks, through claimtrack's own store.

    .venv/bin/python bench/claims_db.py sqlite:////tmp/claims-10k.db 10000

Articles are generated (20 claims each, varied wording and sources), stored one transaction per
article exactly as `claimtrack extract` stores them, matching included. A fifth of the claims
get a verdict with a note, so reports and queues have real work to show.
"""

from __future__ import annotations

import random
import sys
import time

from claimtrack import db
from claimtrack.domain import Extraction, FoundClaim, SourceType, Span
from claimtrack.ingest import Document
from claimtrack.review import set_status_many
from claimtrack.store import store_extraction

CLAIMS_PER_ARTICLE = 20
PEOPLE = ["Maria Lopez", "Ahmed Khan", "Grace Chen", "Tomasz Nowak", "Lena Ortiz", "Omar Reyes"]
ANONYMOUS = ["Officials", "Sources", "Analysts", "Critics", "Observers"]
TOPICS = [
    "the budget", "bus fares", "the new stadium", "school funding", "the water plant",
    "housing permits", "the port expansion", "police overtime", "the transit levy",
]  # fmt: skip
MOVES = ["rose by", "fell by", "will cost", "saved", "doubled to", "was cut by"]


def article(rng: random.Random, number: int) -> tuple[str, list[FoundClaim]]:
    lines, claims, at = [], [], 0
    for i in range(CLAIMS_PER_ARTICLE):
        source = rng.choice(PEOPLE + ANONYMOUS)
        content = (
            f"{rng.choice(TOPICS)} {rng.choice(MOVES)} {rng.randint(2, 900)} "
            f"{rng.choice(['percent', 'million dollars', 'jobs'])} in {2000 + number % 25 + i}"
        )
        line = f"{source} said {content}."
        start = at + len(source) + len(" said ")
        kind = SourceType.named_person if source in PEOPLE else SourceType.anonymous
        claims.append(
            FoundClaim(
                content=Span(start, start + len(content)), claim=f"{source} said: {content}",
                source=source, source_span=Span(at, at + len(source)), source_type=kind,
                cue="said", cue_span=Span(at + len(source) + 1, at + len(source) + 5),
                checkworthiness=round(rng.random(), 2), reason="generated",
            )
        )  # fmt: skip
        lines.append(line)
        at += len(line) + 1
    return "\n".join(lines), claims


def build(url: str, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for number in range(total // CLAIMS_PER_ARTICLE):
        text, claims = article(rng, number)
        doc = Document(
            text=text, title=f"Generated article {number}", source_format="txt",
            origin=f"generated-{number}", url=f"https://example.org/news/{number}",
        )  # fmt: skip
        with db.session(url, write=True) as s:
            store_extraction(s, doc, Extraction(extractor="generated", claims=claims))
    with db.session(url, write=True) as s:
        reviewed = rng.sample(range(1, total + 1), total // 5)
        for verdict in ("false", "mostly_true", "misleading", "true"):
            chosen, reviewed = reviewed[: total // 20], reviewed[total // 20 :]
            set_status_many(s, chosen, verdict, actor="bench", note=f"checked: {verdict}")


if __name__ == "__main__":
    started = time.perf_counter()
    build(sys.argv[1], int(sys.argv[2]))
    print(f"built {sys.argv[2]} claims in {time.perf_counter() - started:.1f} s at {sys.argv[1]}")
