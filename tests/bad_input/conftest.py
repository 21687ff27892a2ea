import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, load_command_class
from django.test import Client

from configs.actions import do_approve_revision
from configs.models import (
    ApiToken,
    AuditEvent,
    FlyApp,
    Membership,
    Review,
    Revision,
    SecretStatus,
    Waiver,
)
from tests.api.conftest import Api, token_for

MODELS = [User, FlyApp, Membership, Revision, Review, Waiver, SecretStatus, AuditEvent, ApiToken]


def db_state() -> dict[str, int]:
    """How many rows each table holds: bad input must leave every count as it was."""
    return {model.__name__: model.objects.count() for model in MODELS}


def client_for(user=None) -> Client:
    """A test client that answers a crash with a 500 rather than raising, as production does."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def ui(alice):
    return client_for(alice)


@pytest.fixture
def ui_bob(bob):
    return client_for(bob)


@pytest.fixture
def api_alice(alice):
    return Api(client_for(), token_for(alice))


@pytest.fixture
def api_bob(bob):
    return Api(client_for(), token_for(bob))


@pytest.fixture
def approved(revision, bob):
    """Revision #1, approved by bob: what verify and drift compare with."""
    do_approve_revision(revision, actor=bob)
    return revision


def run_command(capsys, name: str, *args: str) -> tuple[int, str, str]:
    """A management command as `manage.py NAME ARGS` runs it: exit status, stdout, stderr."""
    command = load_command_class("configs", name)
    command._called_from_command_line = True
    parser = command.create_parser("manage.py", name)
    try:
        options = vars(parser.parse_args([*args, "--skip-checks"]))
        positional = options.pop("args", ())
        command.execute(*positional, **options)
        code = 0
    except CommandError as error:
        command.stderr.write(f"CommandError: {error}")
        code = error.returncode
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
