"""Every test gets its own SQLite database and an environment with no provider keys."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import db
from claimtrack.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "express-tribune-kabul-delegation.txt"


@pytest.fixture(scope="session")
def _empty_database(tmp_path_factory) -> Path:
    """A claimtrack database with the schema and nothing in it, made once per session."""
    path = tmp_path_factory.mktemp("template") / "claims.db"
    db.engine(f"sqlite:///{path}")
    db.dispose_all()
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, _empty_database):
    # Each test starts with an empty database, as a user does after their first extract
    # (a command that only reads refuses a database that does not exist).
    shutil.copyfile(_empty_database, tmp_path / "claims.db")
    for name in list(os.environ):
        if name.endswith(("_API_KEY", "_API_BASE")) or name.startswith("CLAIMTRACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.setenv("CLAIMTRACK_USER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield
    db.dispose_all()


@pytest.fixture
def cli():
    """Run a claimtrack command in-process; returns the result with exit code and output."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, ok: bool = True):
        result = runner.invoke(app, [str(a) for a in args], input=input)
        if ok and result.exit_code != 0:
            raise AssertionError(f"claimtrack {' '.join(map(str, args))} failed:\n{result.output}")
        return result

    return run


@pytest.fixture
def cli_json(cli):
    def run(*args: str):
        return json.loads(cli(*args, "--json").stdout)

    return run


@pytest.fixture
def seeded(cli):
    """The seed article extracted with the offline rules."""
    cli("extract", SEED)
    return SEED


POSTGRES_ENV = "CLAIMTRACK_TEST_POSTGRES_URL"
# Read once: each test's environment is emptied of CLAIMTRACK_ variables (see `isolated`).
_POSTGRES_URL = os.environ.get(POSTGRES_ENV)


@pytest.fixture(scope="session")
def _postgres_server():
    url = _POSTGRES_URL
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    return url


@pytest.fixture
def postgres_url(_postgres_server, monkeypatch):
    """A fresh, empty PostgreSQL database for one test, used as the claims database."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"claimtrack_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_postgres_server).set(database=name).render_as_string(hide_password=False)
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", url)
    yield url
    db.dispose_all()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_database(request):
    """Each test using it runs twice: on SQLite, and on PostgreSQL (skipped without one)."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return os.environ["CLAIMTRACK_DATABASE_URL"]


@pytest.fixture
def old_evidence():
    """Store evidence as a database from before URLs were checked may hold it (any text)."""
    from claimtrack.models import Evidence

    def add(claim_id: int, url: str, note: str | None = None) -> None:
        with db.session(write=True) as s:
            s.add(Evidence(claim_id=claim_id, url=url, stance="context", note=note, added_by="x"))
            s.commit()

    return add


@pytest.fixture
def publisher(tmp_path, monkeypatch):
    """A claimtrack.toml naming the newsroom, as fact-checks are published under one."""
    config = tmp_path / "publisher.toml"
    config.write_text('[newsroom]\nname = "Desk Daily"\nurl = "https://factcheck.example/checks"\n')
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    return config
