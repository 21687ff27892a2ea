import html
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from configs.models import SecretStatus
from tests.conftest import FLY_TOML, add_revision

DOCUMENTED = "# fly secrets set DATABASE_URL=... SENTRY_DSN=...\n" + FLY_TOML
FLY_LIST = json.dumps(
    [
        {"name": "DATABASE_URL", "digest": "3c5e9f7a1b2d4c6e", "status": "Deployed"},
        {"name": "EXTRA_ONE", "digest": "aa11bb22cc33dd44", "status": "Deployed"},
    ]
)


def url(name, number=1):
    return reverse(name, args=["tynebase-backend", number])


def test_the_revision_page_shows_the_checklist_with_sources(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    body = client.get(reverse("revision-detail", args=[app.slug, 1])).content.decode()
    assert "0 of 2 confirmed" in body
    assert "documented as `fly secrets set` on line 1" in body


def test_an_editor_marks_a_secret_as_set(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    response = client.post(url("secret-confirm"), {"name": "SENTRY_DSN"})
    assert response.status_code == 302
    assert response["Location"] == "/apps/tynebase-backend/revisions/1/#secrets"
    assert SecretStatus.objects.get().confirmed_by == alice


def test_htmx_returns_the_updated_checklist_region(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    response = client.post(
        url("secret-confirm"), {"name": "SENTRY_DSN"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="secrets"')
    assert "1 of 2 confirmed" in body
    assert "Marked SENTRY_DSN as set in Fly." in body  # the message, swapped out of band


def test_marking_an_unrequired_name_is_400_with_a_message(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    response = client.post(url("secret-confirm"), {"name": "NOPE"})
    assert response.status_code == 400
    assert b"Revision #1 does not require NOPE." in response.content


def test_withdrawing_a_confirmation(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    client.post(url("secret-confirm"), {"name": "SENTRY_DSN"})
    client.post(url("secret-withdraw"), {"name": "SENTRY_DSN"})
    assert not SecretStatus.objects.exists()


def test_pasted_fly_secrets_list_is_matched(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    response = client.post(url("secret-match"), {"fly_secrets_json": FLY_LIST}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "1 of 2 required secrets are set in Fly.",
        "Not set in Fly: SENTRY_DSN.",
        "Set in Fly but not required by this revision: EXTRA_ONE.",
    ]
    assert SecretStatus.objects.get().digest == "3c5e9f7a1b2d4c6e"


def test_an_uploaded_fly_secrets_list_is_matched(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    upload = SimpleUploadedFile("secrets.json", FLY_LIST.encode())
    client.post(url("secret-match"), {"fly_secrets_file": upload})
    assert SecretStatus.objects.get().name == "DATABASE_URL"


def test_malformed_json_is_400_and_keeps_the_text(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    response = client.post(url("secret-match"), {"fly_secrets_json": '[{"name": "A"'})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The pasted text is not JSON" in body
    assert "[{&quot;name&quot;: &quot;A&quot;</textarea>" in body
    assert not SecretStatus.objects.exists()


def test_secret_values_are_refused_and_not_echoed(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    pasted = "DATABASE_URL=postgres://admin:hunter2hunter2@db.internal:5432/app"
    response = client.post(url("secret-match"), {"fly_secrets_json": pasted})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 1 looks like NAME=value. Preflight never stores secret values" in body
    assert "hunter2" not in body
    assert not SecretStatus.objects.exists()


def test_a_viewer_cannot_confirm(client, app, alice, vera):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(vera)
    assert client.post(url("secret-confirm"), {"name": "SENTRY_DSN"}).status_code == 403
    assert (
        b"Mark as set in Fly"
        not in client.get(reverse("revision-detail", args=[app.slug, 1])).content
    )


def test_it_is_404_without_membership(client, app, alice, charlie):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(charlie)
    assert client.post(url("secret-match"), {"fly_secrets_json": FLY_LIST}).status_code == 404


def test_it_refuses_get(client, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    assert client.get(url("secret-confirm")).status_code == 405


def test_a_pasted_field_longer_than_stored_is_400_not_a_database_error(client, app, alice):
    # PostgreSQL refuses a status over 40 characters; SQLite would silently store it.
    add_revision(app, alice, fly_toml=DOCUMENTED)
    client.force_login(alice)
    pasted = json.dumps(
        [{"name": "DATABASE_URL", "digest": "3c5e9f7a1b2d4c6e", "status": "x" * 41}]
    )
    response = client.post(url("secret-match"), {"fly_secrets_json": pasted})
    assert response.status_code == 400
    message = 'Item 1 (DATABASE_URL): "status" is 41 characters; the limit is 40.'
    assert html.escape(message) in response.content.decode()
    assert not SecretStatus.objects.exists()
