from django.urls import reverse

from configs.actions import do_create_app
from tests.conftest import FLY_TOML, add_revision


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


def test_it_shows_the_latest_revisions_findings_as_badges(client, alice, app):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML + '\n[deploy]\n  strategy = "sideways"\n')
    client.force_login(alice)
    response = client.get(reverse("app-list"))
    [listed] = response.context["apps"]
    assert (listed.latest_number, listed.latest_author) == (2, "alice")
    assert listed.latest_counts == {"error": 1, "warning": 0, "info": 0}
    assert b'<span class="badge badge-error">1 error</span>' in response.content


def test_it_runs_the_same_queries_for_one_app_or_ten(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    do_create_app("app-0")
    with django_assert_num_queries(4):
        client.get(reverse("app-list"))
    for number in range(1, 10):
        add_revision(do_create_app(f"app-{number}"), admin_user)
    with django_assert_num_queries(4):
        client.get(reverse("app-list"))


def test_it_pages_the_apps_fifty_at_a_time(client, admin_user):
    for number in range(55):
        do_create_app(f"app-{number:02d}")
    client.force_login(admin_user)
    second = client.get(reverse("app-list"), {"page": 2})
    assert [app.slug for app in second.context["apps"]] == [f"app-{n}" for n in range(50, 55)]
    assert b"Page 2 of 2 (55 apps)" in second.content
