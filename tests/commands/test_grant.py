import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from configs.models import Membership


def test_it_creates_the_user_with_a_password_and_grants_the_role(app, capsys):
    call_command("grant", "dora", "tynebase-backend", "approver", "--password", "s3cret-pass")
    assert capsys.readouterr().out == "Created user dora is now approver of tynebase-backend.\n"
    user = User.objects.get(username="dora")
    assert user.check_password("s3cret-pass")
    assert Membership.objects.get(user=user).role == "approver"


def test_a_new_user_without_a_password_cannot_log_in(app):
    call_command("grant", "dora", "tynebase-backend", "viewer")
    assert not User.objects.get(username="dora").has_usable_password()


def test_it_changes_the_role_of_an_existing_user(app, vera, capsys):
    call_command("grant", "vera", "tynebase-backend", "editor")
    assert capsys.readouterr().out == "User vera is now editor of tynebase-backend.\n"
    assert Membership.objects.get(user=vera).role == "editor"


def test_it_fails_for_an_unknown_app(db):
    with pytest.raises(CommandError, match=r"No app 'nope'\. Add it first"):
        call_command("grant", "dora", "nope", "viewer")


def test_it_rejects_an_unknown_role(app):
    with pytest.raises(CommandError, match="invalid choice: 'owner'"):
        call_command("grant", "dora", "tynebase-backend", "owner")
