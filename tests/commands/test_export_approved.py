import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from configs.actions import do_approve_revision
from configs.models import AuditEvent
from tests.conftest import FLY_TOML, add_revision


def export(*args) -> tuple[bytes, str]:
    """Run the command in-process; stdout as bytes (it writes to the binary buffer)."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    stderr = io.StringIO()
    call_command("export_approved", *args, stdout=stdout, stderr=stderr)
    stdout.flush()
    return raw.getvalue(), stderr.getvalue()


@pytest.fixture
def approved(app, alice, bob):
    revision = add_revision(app, alice, dockerignore=".env\r\n")
    do_approve_revision(revision, actor=bob)
    return revision


def test_it_writes_the_approved_fly_toml_to_stdout(approved):
    data, message = export("tynebase-backend")
    assert data == FLY_TOML.encode()
    assert message.startswith("Exported fly.toml of tynebase-backend revision #1 (sha256 ")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert (event.actor, event.data["via"]) == (None, "command")


def test_it_writes_the_dockerignore(approved):
    assert export("tynebase-backend", "--file", "dockerignore")[0] == b".env\r\n"


def test_it_writes_to_a_file(approved, tmp_path):
    out = tmp_path / "fly.toml"
    data, message = export("tynebase-backend", "--out", str(out))
    assert data == b""
    assert out.read_bytes() == FLY_TOML.encode()
    assert message.endswith(f" to {out}.\n")


def test_stamp_adds_the_header(approved):
    data, _ = export("tynebase-backend", "--stamp")
    assert data.startswith(b"# Approved for deploy by Preflight: tynebase-backend revision #1\n")
    assert data.endswith(FLY_TOML.encode())


def test_nothing_approved_is_exit_1_with_a_message(revision):
    with pytest.raises(CommandError) as failed:
        export("tynebase-backend")
    assert failed.value.returncode == 1
    assert str(failed.value) == "Nothing is approved for deploy in tynebase-backend yet."


def test_an_unknown_app_is_exit_2(db):
    with pytest.raises(CommandError) as failed:
        export("nope")
    assert (failed.value.returncode, str(failed.value)) == (2, "No app 'nope'.")


def test_an_unwritable_path_is_exit_2(approved, tmp_path):
    with pytest.raises(CommandError) as failed:
        export("tynebase-backend", "--out", str(tmp_path / "missing" / "fly.toml"))
    assert failed.value.returncode == 2
    assert "No such file or directory" in str(failed.value)


def test_a_bad_file_choice_is_a_usage_error(approved):
    with pytest.raises(CommandError, match="invalid choice: 'Dockerfile'"):
        export("tynebase-backend", "--file", "Dockerfile")


# The real command line: binary stdout and exit codes, against the test database.


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


def run(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url()}
    return subprocess.run(
        [sys.executable, "manage.py", "export_approved", *args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
def test_the_command_line_writes_the_exact_bytes_and_exits_0(app, alice, bob):
    fly_toml = '\ufeffapp = "tynebase-backend"  \r\nprimary_region = "lhr"\r\n# no final newline'
    revision = add_revision(app, alice, fly_toml=fly_toml)
    do_approve_revision(revision, actor=bob)
    result = run("tynebase-backend")
    assert result.returncode == 0, result.stderr
    assert result.stdout == fly_toml.encode()


@pytest.mark.django_db(transaction=True)
def test_the_command_line_exits_1_when_nothing_is_approved(app, alice):
    add_revision(app, alice)
    result = run("tynebase-backend")
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Nothing is approved for deploy in tynebase-backend yet." in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_command_line_exits_2_for_usage_errors(app):
    result = run("tynebase-backend", "--file", "Dockerfile")
    assert result.returncode == 2
    assert b"invalid choice: 'Dockerfile'" in result.stderr
    assert run().returncode == 2
