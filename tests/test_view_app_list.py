from django.urls import reverse

from configs.actions import do_create_app
from tests.conftest import add_revision


def test_it_lists_only_the_apps_the_user_is_a_member_of(client, alice, revision):
    do_create_app("other-app")
    client.force_login(alice)
    response = client.get(reverse("app-list"))
    assert response.status_code == 200
    assert [app.slug for app in response.context["apps"]] == ["tynebase-backend"]
    assert response.context["apps"][0].latest_number == 1
    assert b"other-app" not in response.content


def test_a_superuser_sees_every_app(client, admin_user, app):
    do_create_app("other-app")
    client.force_login(admin_user)
    response = client.get(reverse("app-list"))
    assert [app.slug for app in response.context["apps"]] == ["other-app", "tynebase-backend"]


def test_a_user_without_apps_is_told_so(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("app-list"))
    assert b"You are not a member of any app yet." in response.content


def test_it_needs_a_login(client, app):
    response = client.get(reverse("app-list"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(reverse("app-list")).status_code == 405


def test_it_shows_each_apps_latest_revision_and_count(client, admin_user, app, alice):
    for _ in range(3):
        add_revision(app, alice, message=f"Change {_}")
    do_create_app("other-app")
    client.force_login(admin_user)
    response = client.get(reverse("app-list"))
    rows = [(a.slug, a.latest_number, a.revision_count) for a in response.context["apps"]]
    assert rows == [("other-app", None, 0), ("tynebase-backend", 3, 3)]
    assert b'<span class="badge">no revisions</span>' in response.content
    assert b'href="/apps/tynebase-backend/revisions/3/">#3</a>' in response.content
