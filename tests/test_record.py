"""actions.record: audit events, written under the app's row lock so that the app's newest
event id versions its state (configs/pagecache.py keys whole pages on it)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from configs.access import get_app_for_user
from configs.actions import do_create_app, record
from configs.models import AuditEvent


def lock_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if "FOR UPDATE" in query["sql"]]


def test_an_apps_event_is_written_under_the_apps_row_lock(app):
    with CaptureQueriesContext(connection) as captured:
        event = record(AuditEvent.Kind.POLICY_CHANGED, actor=None, app=app, changes={})
    # SQLite runs one writer at a time and has no row locks; PostgreSQL locks the app's row.
    expected = 1 if connection.features.has_select_for_update else 0
    assert len(lock_queries(captured)) == expected
    assert AuditEvent.objects.get(pk=event.pk).data == {"changes": {}}


def test_an_event_without_an_app_takes_no_lock(db):
    with CaptureQueriesContext(connection) as captured:
        record(AuditEvent.Kind.TOKEN_CREATED, actor=None, user="dana", token="pf_abc")
    assert lock_queries(captured) == []


def test_the_apps_state_version_is_its_newest_event(app, alice):
    loaded, _ = get_app_for_user(alice, app.slug)
    assert loaded.state_version == AuditEvent.objects.filter(app=app).latest("pk").pk
    event = record(AuditEvent.Kind.POLICY_CHANGED, actor=None, app=app, changes={})
    assert get_app_for_user(alice, app.slug)[0].state_version == event.pk


def test_another_apps_events_leave_the_version_alone(app, alice):
    before = get_app_for_user(alice, app.slug)[0].state_version
    do_create_app("other-app")
    assert get_app_for_user(alice, app.slug)[0].state_version == before
