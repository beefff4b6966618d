"""The rule extractor's public functions, on sentences and on the seed article."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.resources import files

from claimtrack.rules import extract, extract_many
from tests.rules_helpers import roles, seed_roles


def test_extract_many_matches_extract() -> None:
    texts = ["He said the vote was rigged.", "", "Nothing to see here."]
    assert list(extract_many(texts)) == [extract(t) for t in texts]


def test_seed_article_claims() -> None:
    text, claims = seed_roles()
    found = {roles(c, text)[:2]: c for c in claims}
    for source, cue in [
        ("the Ministry of Foreign Affairs", "announced"),
        ("Sources", "say"),
        ("Official sources", "claimed"),
        ("observers", "are skeptical"),
        ("Official sources familiar with the development", "told"),
    ]:
        assert (source, cue) in found, sorted(found)
    announced = found["the Ministry of Foreign Affairs", "announced"]
    assert announced.content.of(text).startswith("A high-ranking delegation led by")
    claimed = found["Official sources", "claimed"]
    assert claimed.content.of(text) == (
        "that the Afghan Taliban have shown a willingness to address Pakistan’s concerns"
    )
    skeptical = found["observers", "are skeptical"]
    assert skeptical.content.of(text) == "observers are skeptical"
    assert claims[skeptical.disputes] is claimed


def test_seed_article_ignores_page_furniture() -> None:
    text, claims = seed_roles()
    furniture = [text.index("Read Bajwa"), text.index("COMMENTS")]
    for claim in claims:
        spans = [claim.content, claim.cue_span, claim.source_span]
        for span in filter(None, spans):
            line_start = text.rfind("\n", 0, span.start) + 1
            assert line_start not in furniture, roles(claim, text)
            assert span.start >= 0 and span.end <= text.index("COMMENTS")


# The package's layers, bottom to top (see claimtrack/rules/__init__.py).
LAYERS = (
    "lexicon cascade learned layout predicates speakers quotes content cues lines worth assemble "
    "coreference"
).split()


def test_the_rules_modules_import_only_from_the_layers_below() -> None:
    upward = []
    for path in files("claimtrack.rules").iterdir():
        if not path.name.endswith(".py"):
            continue
        module = path.name.removesuffix(".py")
        rank = len(LAYERS) if module == "__init__" else LAYERS.index(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if imported.startswith("claimtrack.rules"):
                layer = imported.removeprefix("claimtrack.rules").lstrip(".")
                if layer not in LAYERS or LAYERS.index(layer) >= rank:
                    upward.append((module, imported))
    assert upward == []


def test_importing_the_rules_loads_no_spacy() -> None:
    probe = "import sys, claimtrack.rules; print(sorted(m for m in sys.modules if 'spacy' in m))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
