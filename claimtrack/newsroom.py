"""The newsroom's settings from claimtrack.toml: its name, URL and rating scale.

Looked up in the working directory, then the user's config directory. A bad file is refused
when it is loaded, naming the line that is wrong. Settings from command-line options and
environment variables (database, model, reviewer) are `environment.py`'s.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claimtrack.domain import DISMISSED, OPEN_STATUSES
from claimtrack.errors import UserError

CONFIG_NAME = "claimtrack.toml"
CONFIG_ENV = "CLAIMTRACK_CONFIG"


class SettingsError(UserError):
    """A claimtrack.toml that cannot be used; the message names the file and line."""


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
    newsroom: str = "claimtrack"
    newsroom_url: str | None = None
    scale: Scale = field(default_factory=lambda: SCALES["default"])
    path: Path | None = None


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
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    return _settings(data, raw, path)


def load_settings() -> Settings:
    return _load(config_path())


def _settings(data: dict, raw: str, path: Path) -> Settings:
    def fail(key: str, why: str) -> SettingsError:
        return SettingsError(f"{path}, line {_line_of(raw, key)}: {why}")

    known = {"newsroom", "rating"}
    for key in data:
        if key not in known:
            raise fail(key, f"unknown section [{key}] (expected {', '.join(sorted(known))})")
    newsroom = data.get("newsroom", {})
    name = newsroom.get("name", "claimtrack")
    url = newsroom.get("url")
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "newsroom.name must be a non-empty string")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise fail("url", "newsroom.url must be an http(s) URL")
    return Settings(
        newsroom=name, newsroom_url=url, scale=_scale_from(data.get("rating", {}), fail), path=path
    )


def _scale_from(rating: dict, fail) -> Scale:
    scale_name = rating.get("scale", "default")
    if "verdicts" in rating:
        return _custom_scale(rating["verdicts"], fail)
    if scale_name not in SCALES:
        raise fail("scale", f"unknown rating scale {scale_name!r} (shipped: {', '.join(SCALES)})")
    return SCALES[scale_name]


def _custom_scale(rows: object, fail) -> Scale:
    if not isinstance(rows, list) or not rows:
        raise fail("verdicts", "rating.verdicts must be a list of {name, label, value} tables")
    verdicts = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            raise fail("verdicts", "each verdict needs a name")
        name = row["name"]
        if not name.isidentifier() or name in ("unverified", "in_review", "dismissed"):
            raise fail(name, f"verdict name {name!r} must be a plain word, not a workflow status")
        value = row.get("value")
        if value is not None and not (isinstance(value, int) and value >= 1):
            raise fail(name, f"verdict {name!r}: value must be a whole number of 1 or more")
        verdicts.append(
            Verdict(name, str(row.get("label", name.replace("_", " ").capitalize())), value)
        )
    return Scale("custom", tuple(verdicts))


def _line_of(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), start=1):
        if key in line:
            return number
    return 1
