"""Bad arguments to the commands: exit status and stderr as a shell script sees them."""

import pytest

from configs.models import FlyApp
from tests.bad_input.conftest import db_state, run_command


def test_validateconfig_missing_file(db, capsys, tmp_path):
    code, out, err = run_command(capsys, "validateconfig", str(tmp_path / "nope.toml"))
    assert (code, out) == (2, "")
    assert (
        err == f"validateconfig: cannot read {tmp_path / 'nope.toml'}: No such file or directory\n"
    )


def test_validateconfig_a_directory(db, capsys, tmp_path):
    code, _, err = run_command(capsys, "validateconfig", str(tmp_path))
    assert (code, err) == (2, f"validateconfig: cannot read {tmp_path}: Is a directory\n")


def test_validateconfig_unknown_app(db, capsys, tmp_path):
    path = tmp_path / "fly.toml"
    path.write_text("app = 'x'\n")
    code, _, err = run_command(capsys, "validateconfig", str(path), "--app", "nope")
    assert (code, err) == (2, "validateconfig: No app 'nope' in Preflight.\n")


def test_validateconfig_unknown_format(db, capsys, tmp_path):
    code, _, err = run_command(capsys, "validateconfig", "fly.toml", "--format", "xml")
    assert code == 2
    assert err.endswith(
        "argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'sarif')\n"
    )


def test_export_approved_unknown_app(db, capsys):
    before = db_state()
    assert run_command(capsys, "export_approved", "nope") == (
        2,
        "",
        "CommandError: No app 'nope'.\n",
    )
    assert db_state() == before


def test_export_approved_nothing_approved(revision, capsys):
    before = db_state()
    code, out, err = run_command(capsys, "export_approved", "tynebase-backend")
    assert (code, out) == (1, "")
    assert err.startswith("CommandError: ") and "approved" in err
    assert db_state() == before


def test_export_approved_unwritable_out(approved, capsys, tmp_path):
    before = db_state()
    out = tmp_path / "missing-dir" / "fly.toml"
    code, _, err = run_command(capsys, "export_approved", "tynebase-backend", "--out", str(out))
    assert (code, err) == (2, f"CommandError: Cannot write {out}: No such file or directory.\n")
    assert db_state() == before


def test_export_approved_bad_file_option(approved, capsys):
    code, _, err = run_command(capsys, "export_approved", "tynebase-backend", "--file", "x")
    assert code == 2
    assert "argument --file: invalid choice: 'x' (choose from 'fly.toml', 'dockerignore')" in err


@pytest.mark.parametrize(
    ("username", "detail"),
    [
        ("", "This field cannot be blank."),
        (
            "bad user!",
            "Enter a valid username. This value may contain only letters, numbers, and "
            "@/./+/-/_ characters.",
        ),
        ("x" * 151, "Ensure this value has at most 150 characters (it has 151)."),
    ],
)
def test_grant_refuses_an_invalid_username(app, capsys, username, detail):
    before = db_state()
    code, out, err = run_command(capsys, "grant", username, "tynebase-backend", "viewer")
    assert (code, out) == (1, "")
    assert err == f"CommandError: {username!r} is not a valid username: {detail}\n"
    assert db_state() == before


def test_grant_unknown_app_and_role(app, capsys):
    before = db_state()
    code, _, err = run_command(capsys, "grant", "dora", "nope", "viewer")
    assert (code, err) == (1, "CommandError: No app 'nope'. Add it first: manage.py add_app nope\n")
    code, _, err = run_command(capsys, "grant", "dora", "tynebase-backend", "owner")
    assert code == 2
    assert "argument role: invalid choice: 'owner'" in err
    assert db_state() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad Slug!"], "'Bad Slug!' is not a valid slug (letters, digits, - and _)."),
        (["a" * 64], "The slug is 64 characters long; the limit is 63."),
        (["ok-app", "--name", "n" * 201], "--name is 201 characters long; the limit is 200."),
    ],
)
def test_add_app_refuses_bad_names(db, capsys, args, message):
    before = db_state()
    assert run_command(capsys, "add_app", *args) == (1, "", f"CommandError: {message}\n")
    assert db_state() == before
    assert not FlyApp.objects.exists()
