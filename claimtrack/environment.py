"""Settings from options and the environment: database URL, model, API base, reviewer name.

Command-line options win, then environment variables, then these defaults. The newsroom's own
settings (its name and rating scale, from claimtrack.toml) are `newsroom.py`'s.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

DATABASE_URL_ENV = "CLAIMTRACK_DATABASE_URL"
MODEL_ENV = "CLAIMTRACK_MODEL"
API_BASE_ENV = "CLAIMTRACK_API_BASE"
USER_ENV = "CLAIMTRACK_USER"
RULES = "rules"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("claimtrack", appauthor=False))


def database_url() -> str:
    """The database: a URL, or a plain path meaning a SQLite file there."""
    return os.environ.get(DATABASE_URL_ENV) or default_database_url()


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'claimtrack.db'}"


def default_actor() -> str:
    if os.environ.get(USER_ENV):
        return os.environ[USER_ENV]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
