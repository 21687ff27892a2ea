from django.urls import reverse

from configs.actions import (
    do_approve_revision,
    do_create_app,
    do_request_changes,
    do_set_membership,
    record,
)
from configs.models import AuditEvent, Role
from tests.conftest import add_revision, make_user


def all_url():
    return reverse("audit")


def app_url(slug="tynebase-backend"):
    return reverse("app-audit", args=[slug])


def events(response):
    return list(response.context["page"].object_list)


def test_the_app_log_lists_the_apps_events_newest_first(client, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob, comment="Good to go")
    client.force_login(alice)
    response = client.get(app_url())
    assert response.status_code == 200
    kinds = [event.kind for event in events(response)]
    assert kinds[:2] == ["reviewed", "revision_created"]
    body = response.content.decode()
    assert "Approved #1 (1 of 1). Approved for deploy. “Good to go”" in body
    assert "Created revision #1." in body
    assert "Entries are never changed or deleted." in body


def test_a_withdrawn_approval_reads_as_such(client, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    do_request_changes(revision, actor=bob, comment="Port is wrong")
    client.force_login(alice)
    body = client.get(app_url()).content.decode()
    assert (
        "Withdrew the approval of #1 and requested changes (0 approvals left). “Port is wrong”"
        in body
    )


def test_the_all_apps_log_shows_only_the_users_apps(client, app, alice, revision):
    other = do_create_app("billing-api")
    dora = make_user("dora")
    do_set_membership(other, dora, Role.EDITOR, actor=None)
    add_revision(other, dora, message="billing change")
    client.force_login(alice)
    response = client.get(all_url())
    assert response.status_code == 200
    assert {event.app for event in events(response)} == {app}


def test_a_superuser_sees_every_app(client, app, alice, admin_user, revision):
    other = do_create_app("billing-api")
    client.force_login(admin_user)
    apps = {event.app for event in events(client.get(all_url()))}
    assert {app, other} <= apps


def test_a_user_sees_their_own_token_events(client, alice, bob):
    from configs.actions import do_create_api_token

    do_create_api_token(alice, name="ci", actor=alice)
    do_create_api_token(bob, name="bob's", actor=bob)
    client.force_login(alice)
    tokens = [e for e in events(client.get(all_url())) if e.kind == "token_created"]
    assert [event.actor for event in tokens] == [alice]


def test_it_filters_by_user_kind_and_app(client, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    client.force_login(alice)
    by_bob = events(client.get(all_url(), {"user": "bob"}))
    assert [(e.actor, e.kind) for e in by_bob] == [(bob, "reviewed")]
    created = events(client.get(all_url(), {"kind": "revision_created", "app": app.slug}))
    assert [e.kind for e in created] == ["revision_created"]
    assert events(client.get(app_url(), {"kind": "exported"})) == []


def test_an_unknown_kind_is_400_with_a_message(client, app, alice):
    client.force_login(alice)
    response = client.get(all_url(), {"kind": "deleted"})
    assert response.status_code == 400
    assert "Select a valid choice. deleted is not one of the available choices." in (
        response.content.decode()
    )


def test_an_app_the_user_is_not_a_member_of_is_400_in_the_filter(client, app, alice):
    do_create_app("billing-api")
    client.force_login(alice)
    response = client.get(all_url(), {"app": "billing-api"})
    assert response.status_code == 400
    assert "You are not a member of an app called “billing-api”." in response.content.decode()
    assert events(response) == []


def test_it_paginates(client, app, alice):
    for number in range(60):
        record(AuditEvent.Kind.EXPORTED, actor=alice, app=app, number=number, file="fly.toml")
    client.force_login(alice)
    first = client.get(app_url())
    assert len(events(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(app_url(), {"page": 2, "kind": "exported"})
    assert len(events(second)) == 10
    assert "Page 2 of 2" in second.content.decode()
    assert 'href="?page=1&amp;kind=exported"' in second.content.decode()


def test_htmx_paging_returns_only_the_events(client, app, alice, revision):
    client.force_login(alice)
    response = client.get(app_url(), headers={"HX-Request": "true", "HX-Target": "events"})
    assert response.content.decode().lstrip().startswith('<div id="events">')


def test_the_app_log_is_404_without_membership(client, app, charlie):
    client.force_login(charlie)
    assert client.get(app_url()).status_code == 404


def test_a_user_without_apps_sees_an_empty_log(client, app, alice, revision, charlie):
    client.force_login(charlie)
    response = client.get(all_url())
    assert response.status_code == 200
    assert events(response) == []


def test_there_is_no_way_to_change_the_log(client, app, alice, revision):
    client.force_login(alice)
    assert client.post(all_url()).status_code == 405
    assert client.post(app_url()).status_code == 405
    assert client.delete(app_url()).status_code == 405


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(all_url())["Location"].startswith("/accounts/login/")
