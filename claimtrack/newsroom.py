"""The newsroom's settings from claimtrack.toml: its name, URL and rating scale.

Looked up in the working directory, then the user's config directory. A bad file is refused
when it is loaded, naming the line that is wrong. Settings from command-line options and
environment variables (database, model, reviewer) are `environment.py`'s.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claimtrack.domain import DISMISSED, OPEN_STATUSES, REJECTED
from claimtrack.errors import UserError

CONFIG_NAME = "claimtrack.toml"
CONFIG_ENV = "CLAIMTRACK_CONFIG"


class SettingsError(UserError):
    """A claimtrack.toml that cannot be used; the message names the file and line."""


DEFAULT_NEWSROOM = "claimtrack"  # the author until a newsroom names itself


@dataclass(frozen=True)
class Verdict:
    name: str
    label: str
    value: int | None  # ClaimReview ratingValue; None on a text-only scale


@dataclass(frozen=True)
class Scale:
    name: str
    verdicts: tuple[Verdict, ...]

    @property
    def best(self) -> int | None:
        values = [v.value for v in self.verdicts if v.value is not None]
        return max(values) if values else None

    @property
    def worst(self) -> int | None:
        values = [v.value for v in self.verdicts if v.value is not None]
        return min(values) if values else None

    def verdict(self, name: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.verdicts)

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status a claim may have, in workflow order."""
        return (*OPEN_STATUSES, *self.names, DISMISSED)


def _scale(name: str, *rows: tuple[str, str, int | None]) -> Scale:
    return Scale(name, tuple(Verdict(n, label, value) for n, label, value in rows))


# Shipped scales. "unverifiable" is a verdict with no place on the numeric scale.
SCALES = {
    "default": _scale(
        "default",
        ("true", "True", 5),
        ("mostly_true", "Mostly true", 4),
        ("mixed", "Mixed", 3),
        ("misleading", "Misleading", 2),
        ("mostly_false", "Mostly false", 2),
        ("false", "False", 1),
        ("unverifiable", "Unverifiable", None),
    ),
    "politifact": _scale(
        "politifact",
        ("true", "True", 6),
        ("mostly_true", "Mostly True", 5),
        ("half_true", "Half True", 4),
        ("mostly_false", "Mostly False", 3),
        ("false", "False", 2),
        ("pants_on_fire", "Pants on Fire", 1),
        ("unverifiable", "Unverifiable", None),
    ),
    "text": _scale(
        "text",
        ("correct", "Correct", None),
        ("needs_context", "Needs context", None),
        ("misleading", "Misleading", None),
        ("incorrect", "Incorrect", None),
        ("unverifiable", "Unverifiable", None),
    ),
}


@dataclass(frozen=True)
class Settings:
    newsroom: str = DEFAULT_NEWSROOM
    newsroom_url: str | None = None
    scale: Scale = field(default_factory=lambda: SCALES["default"])
    path: Path | None = None
    verdict_needs_note: bool = True  # a verdict's note is its explanation to readers
    review_url: str | None = None  # each fact-check's address, "{id}" the claim id
    logo: str | None = None  # an https URL of the newsroom's logo, for public pages

    def publisher_missing(self) -> str | None:
        """What claimtrack.toml must set before fact-checks are published, if anything."""
        if self.newsroom == DEFAULT_NEWSROOM:
            return "set name under [newsroom] in claimtrack.toml: it is the fact-checks' author"
        if not (self.newsroom_url or self.review_url):
            return (
                "set url (or review_url) under [newsroom] in claimtrack.toml: "
                "each fact-check's address"
            )
        return None


def config_path() -> Path | None:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path.cwd() / CONFIG_NAME
    if local.is_file():
        return local
    from platformdirs import user_config_dir

    user = Path(user_config_dir("claimtrack", appauthor=False)) / CONFIG_NAME
    return user if user.is_file() else None


@lru_cache(maxsize=4)
def _load(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        raw = _text(path, path.read_bytes())
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_decode_error(path, exc)) from None
    return _settings(data, _Lines(raw, path))


def load_settings() -> Settings:
    return _load(config_path())


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SettingsError(
            f"{path}, line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None


def _decode_error(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    # Python 3.11's TOMLDecodeError has no lineno: it ends "(at line 4, column 9)".
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(exc), re.DOTALL)
    if not found:
        return f"{path}: {' '.join(str(exc).split())}"
    why, line, column = found.groups()
    return f"{path}, line {line}: {why} (column {column})"


class _Lines:
    """The file's text, to name the line a setting is on."""

    def __init__(self, raw: str, path: Path) -> None:
        self.lines, self.path = raw.splitlines(), path

    def fail(self, why: str, key: str, *, within: str = "", value: str = "", nth: int = 1):
        return SettingsError(f"{self.path}, line {self.line_of(key, within, value, nth)}: {why}")

    def line_of(self, key: str, within: str = "", value: str = "", nth: int = 1) -> int:
        """The nth line that sets key (to value), after the line that opens `within`."""
        start = self._find(_key_pattern(within), 0, 1) if within else 0
        pattern = _key_pattern(key, value)
        return (self._find(pattern, start or 0, nth) or start or 0) + 1

    def _find(self, pattern: re.Pattern, start: int, nth: int) -> int | None:
        hits = (i for i in range(start, len(self.lines)) if pattern.search(self.lines[i]))
        for count, index in enumerate(hits, start=1):
            if count == nth:
                return index
        return None


def _key_pattern(key: str, value: str = "") -> re.Pattern:
    # key = ..., [key], [[key]], section.key = ..., {key = ...}; a value narrows it down.
    if value:
        return re.compile(rf"(^|[\s{{,.]){re.escape(key)}\s*=\s*[\"']{re.escape(value)}[\"']")
    return re.compile(rf"(^|[\s{{,.\[]){re.escape(key)}\s*(=|\]|\.)")


def _kind(value: object) -> str:
    kinds = {bool: "true or false", str: "a string", int: "a number", float: "a number",
             list: "a list", dict: "a table"}  # fmt: skip
    return kinds.get(type(value), "a date")


SECTIONS = {
    "newsroom": ("name", "url", "review_url", "logo"),
    "rating": ("scale", "verdicts"),
    "review": ("verdict_needs_note",),
}
VERDICT_KEYS = ("name", "label", "value")
MAX_RATING = 100  # ratingValue: a scale, not a score; also keeps it inside an INTEGER column


def _settings(data: dict, lines: _Lines) -> Settings:
    _check_layout(data, lines)
    newsroom = data.get("newsroom", {})
    name = newsroom.get("name", DEFAULT_NEWSROOM)
    if not isinstance(name, str) or not name.strip():
        raise lines.fail("newsroom.name must be a non-empty string", "name", within="newsroom")
    urls = {key: _newsroom_url(newsroom, key, lines) for key in _URL_KEYS}
    scale = _scale_from(data.get("rating", {}), lines)
    needs_note = data.get("review", {}).get("verdict_needs_note", True)
    if not isinstance(needs_note, bool):
        why = f"review.verdict_needs_note must be true or false, not {_kind(needs_note)}"
        raise lines.fail(why, "verdict_needs_note", within="review")
    return Settings(
        newsroom=name, newsroom_url=urls["url"], scale=scale, path=lines.path,
        verdict_needs_note=needs_note, review_url=urls["review_url"], logo=urls["logo"],
    )  # fmt: skip


def _check_layout(data: dict, lines: _Lines) -> None:
    """Only the known sections, each a table of its known keys."""
    for key, value in data.items():
        if key not in SECTIONS:
            what = f"section [{key}]" if isinstance(value, dict) else f"setting {key!r}"
            raise lines.fail(f"unknown {what} (expected [newsroom], [rating] or [review])", key)
        if not isinstance(value, dict):
            keys = ", ".join(SECTIONS[key])
            raise lines.fail(f"[{key}] must be a table ({keys}), not {_kind(value)}", key)
        for name in value:
            if name not in SECTIONS[key]:
                expected = ", ".join(SECTIONS[key])
                why = f"unknown key {name!r} in [{key}] (expected {expected})"
                raise lines.fail(why, name, within=key)


# Each address under [newsroom]: the schemes it may have, and what else it must hold.
_URL_KEYS = {
    "url": (("http://", "https://"), "", "an http(s) URL"),
    "review_url": (("http://", "https://"), "{id}",
                   'an http(s) URL with {id} in it ("https://x/checks/{id}")'),
    "logo": (("https://",), "", "an https URL"),
}  # fmt: skip


def _newsroom_url(newsroom: dict, key: str, lines: _Lines) -> str | None:
    value = newsroom.get(key)
    schemes, needs, what = _URL_KEYS[key]
    if value is None:
        return None
    if not (isinstance(value, str) and value.startswith(schemes) and needs in value):
        raise lines.fail(f"newsroom.{key} must be {what}", key, within="newsroom")
    return value


def _scale_from(rating: dict, lines: _Lines) -> Scale:
    scale_name = rating.get("scale", "default")
    if "verdicts" in rating:
        if "scale" in rating:
            raise lines.fail(
                "give rating.scale or rating.verdicts, not both", "scale", within="rating"
            )
        return _custom_scale(rating["verdicts"], lines)
    if not isinstance(scale_name, str) or scale_name not in SCALES:
        why = f"unknown rating scale {scale_name!r} (shipped: {', '.join(SCALES)})"
        raise lines.fail(why, "scale", within="rating")
    return SCALES[scale_name]


def _custom_scale(rows: object, lines: _Lines) -> Scale:
    if not isinstance(rows, list) or not rows:
        why = "rating.verdicts must be a list of {name, label, value} tables"
        raise lines.fail(why, "verdicts", within="rating")
    verdicts: list[Verdict] = []
    for row in rows:
        verdict = _verdict(row, lines)
        if verdict.name in (v.name for v in verdicts):
            why = f"verdict {verdict.name!r} is named twice"
            raise lines.fail(why, "name", within="rating", value=verdict.name, nth=2)
        verdicts.append(verdict)
    return Scale("custom", tuple(verdicts))


def _verdict(row: object, lines: _Lines) -> Verdict:
    if not isinstance(row, dict) or not isinstance(row.get("name"), str):
        why = "each verdict must be a table with a name: {name, label, value}"
        raise lines.fail(why, "verdicts", within="rating")
    name = row["name"]

    def fail(why: str) -> SettingsError:
        return lines.fail(f"verdict {name!r}: {why}", "name", within="rating", value=name)

    if not name.isidentifier() or name in (*OPEN_STATUSES, DISMISSED, REJECTED):
        raise lines.fail(
            f"verdict name {name!r} must be a plain word, not a workflow status",
            "name", within="rating", value=name,
        )  # fmt: skip
    unknown = [key for key in row if key not in VERDICT_KEYS]
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (expected {', '.join(VERDICT_KEYS)})")
    label, value = row.get("label", name.replace("_", " ").capitalize()), row.get("value")
    if not isinstance(label, str) or not label.strip():
        raise fail("label must be a non-empty string")
    if value is not None and (type(value) is not int or not 1 <= value <= MAX_RATING):
        raise fail(f"value must be a whole number from 1 to {MAX_RATING}")
    return Verdict(name, label, value)
