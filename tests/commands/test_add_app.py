import pytest
from django.core.management import CommandError, call_command

from configs.models import AuditEvent, FlyApp


def test_it_adds_an_app_once(db, capsys):
    call_command("add_app", "billing-api", "--name", "Billing API")
    call_command("add_app", "billing-api")
    assert capsys.readouterr().out == "App billing-api added.\nApp billing-api already exists.\n"
    app = FlyApp.objects.get()
    assert (app.slug, app.name, app.expected_app) == ("billing-api", "Billing API", "billing-api")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.APP_CREATED).count() == 1


def test_it_rejects_a_bad_slug(db):
    with pytest.raises(CommandError, match="'no spaces' is not a valid slug"):
        call_command("add_app", "no spaces")
