from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from configs.models import Revision
from tests.conftest import DOCKERIGNORE, FLY_TOML, add_revision


def url(slug="tynebase-backend"):
    return reverse("revision-new", args=[slug])


def form_data(**overrides):
    data = {
        "fly_toml": FLY_TOML,
        "dockerignore": DOCKERIGNORE,
        "message": "Tune the service",
        "base": "1",
        "line_ending": "lf",
    }
    return {**data, **overrides}


def test_the_editor_starts_from_the_latest_revision(client, alice, revision):
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["fly_toml"] == FLY_TOML
    assert form.initial["base"] == 1


def test_saving_creates_the_next_revision_and_redirects_to_it(client, alice, revision):
    client.force_login(alice)
    text = FLY_TOML.replace("8080", "3000")
    response = client.post(url(), form_data(fly_toml=text.replace("\n", "\r\n")))
    created = Revision.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == "/apps/tynebase-backend/revisions/2/"
    assert created.fly_toml == text
    assert (created.parent, created.author, created.message) == (
        revision,
        alice,
        "Tune the service",
    )


def test_it_keeps_crlf_when_the_file_uses_it(client, alice, revision):
    client.force_login(alice)
    client.post(url(), form_data(fly_toml="app = 'x'\r\n", line_ending="crlf"))
    assert Revision.objects.get(number=2).fly_toml == "app = 'x'\r\n"


def test_an_empty_dockerignore_means_none(client, alice, revision):
    client.force_login(alice)
    client.post(url(), form_data(dockerignore=""))
    assert Revision.objects.get(number=2).dockerignore is None


def test_uploaded_files_replace_the_text_byte_exact(client, alice, revision):
    client.force_login(alice)
    fly_bytes = '\ufeffapp = "uploaded"  \r\n'.encode()
    data = form_data(
        fly_toml_file=SimpleUploadedFile("fly.toml", fly_bytes),
        dockerignore_file=SimpleUploadedFile(".dockerignore", b".env"),
    )
    client.post(url(), data)
    created = Revision.objects.get(number=2)
    assert created.fly_toml.encode() == fly_bytes
    assert created.dockerignore == ".env"


def test_a_stale_base_is_a_conflict_that_keeps_the_text(client, alice, bob, revision, app):
    add_revision(app, bob, fly_toml=FLY_TOML + '\n[env]\n  LOG_LEVEL = "debug"\n', message="bob's")
    client.force_login(alice)
    mine = FLY_TOML.replace("lhr", "ams")
    response = client.post(url(), form_data(fly_toml=mine, message="mine"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "This edit started from #1, but the latest revision is now #2." in body
    assert "LOG_LEVEL" in body and '<td class="code ins">' in body
    assert "primary_region = &quot;ams&quot;" in body
    assert response.context["form"]["base"].value() == 2
    assert response.context["form"]["message"].value() == "mine"
    assert app.revisions.count() == 2


def test_it_explains_bad_input_and_keeps_the_text(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), form_data(fly_toml="", message=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "message": ["This field is required."],
        "fly_toml": ["fly.toml is empty: paste it or upload the file."],
    }
    assert Revision.objects.count() == 1


def test_it_rejects_an_upload_that_is_not_utf8(client, alice, revision):
    client.force_login(alice)
    data = form_data(fly_toml_file=SimpleUploadedFile("fly.toml", b'app = "x"\n\xff\xfe'))
    response = client.post(url(), data)
    assert response.status_code == 400
    assert response.context["form"].errors["fly_toml_file"] == [
        "fly.toml is not valid UTF-8: byte 0xff on line 2."
    ]


@override_settings(PREFLIGHT_MAX_FILE_BYTES=100)
def test_it_rejects_a_file_over_the_limit_with_413(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), form_data(fly_toml="#" * 101))
    assert response.status_code == 413
    assert response.context["form"].errors["fly_toml"] == [
        "fly.toml is 101 bytes; the limit is 100 bytes."
    ]


def test_a_viewer_cannot_create_revisions(client, vera, revision):
    client.force_login(vera)
    assert client.get(url()).status_code == 403
    assert client.post(url(), form_data()).status_code == 403
    assert Revision.objects.count() == 1


def test_it_is_404_without_membership(client, charlie, revision):
    client.force_login(charlie)
    assert client.post(url(), form_data()).status_code == 404


def test_it_refuses_put(client, alice):
    client.force_login(alice)
    assert client.put(url()).status_code == 405


def test_an_htmx_save_redirects_the_client(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), form_data(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/apps/tynebase-backend/revisions/2/"
