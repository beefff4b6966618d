"""How a first-match-wins cascade of rules is run (STYLE.md point 13).

A cascade is an ordered tuple of small rule functions, all called with the same arguments;
the tuple is the priority, read in one place. Each rule answers in one of three ways:

- a result: found, and the cascade returns it;
- `None`: not mine, and the next rule is asked;
- `STOP`: nothing here, and the cascade returns its default without asking further rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import TypeVar

_T = TypeVar("_T")


class Stop(Enum):
    """A rule's answer that ends the cascade with nothing found."""

    STOP = "stop"


STOP = Stop.STOP


def first_match(rules: Iterable[Callable[..., _T | Stop | None]], default: _T, *args: object) -> _T:
    """The first rule's result that is not None; `default` if none, or if a rule says STOP."""
    for rule in rules:
        found = rule(*args)
        if found is STOP:
            return default
        if found is not None:
            return found
    return default
