"""How the rules' first-match-wins cascades run (claimtrack/rules/cascade.py)."""

from __future__ import annotations

from claimtrack.rules.cascade import STOP, first_match


def test_the_first_rule_that_finds_wins() -> None:
    asked = []

    def rule(name: str, answer: object):
        return lambda value: asked.append(name) or answer

    rules = (rule("a", None), rule("b", "found by b"), rule("c", "found by c"))
    assert first_match(rules, "default", 1) == "found by b"
    assert asked == ["a", "b"]


def test_stop_ends_the_cascade_with_the_default() -> None:
    rules = (lambda v: None, lambda v: STOP, lambda v: "never asked")
    assert first_match(rules, "default", 1) == "default"


def test_no_rule_finding_gives_the_default() -> None:
    assert first_match((lambda v: None,), (None, []), 1) == (None, [])
    assert first_match((), None, 1) is None


def test_a_found_value_that_is_falsy_still_wins() -> None:
    assert first_match((lambda v: (None, []), lambda v: "later"), "default", 1) == (None, [])
