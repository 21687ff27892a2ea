import hashlib

from django.urls import reverse

from configs.actions import do_approve_revision
from configs.models import AuditEvent
from tests.conftest import FLY_TOML, add_revision


def url(filename="fly.toml", slug="tynebase-backend"):
    return reverse("approved-download", args=[slug, filename])


def approve(app, alice, bob, **kwargs):
    revision = add_revision(app, alice, **kwargs)
    do_approve_revision(revision, actor=bob)
    return revision


def test_it_downloads_the_approved_bytes_with_an_etag(client, app, alice, bob):
    revision = approve(app, alice, bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))  # pending, not exported
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 200
    assert response.content == FLY_TOML.encode()
    assert response["ETag"] == f'"{hashlib.sha256(FLY_TOML.encode()).hexdigest()}"'
    assert response["X-Preflight-Revision"] == "1"
    assert response["Content-Disposition"] == 'attachment; filename="fly.toml"'
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert (event.actor, event.revision) == (alice, revision)
    assert event.data == {
        "number": 1,
        "file": "fly.toml",
        "sha256": hashlib.sha256(FLY_TOML.encode()).hexdigest(),
        "stamped": False,
        "via": "web",
    }


def test_the_dockerignore(client, app, alice, bob):
    approve(app, alice, bob, dockerignore=".env\r\n.git")
    client.force_login(alice)
    response = client.get(url("dockerignore"))
    assert response.content == b".env\r\n.git"
    assert response["Content-Disposition"] == 'attachment; filename=".dockerignore"'


def test_an_approved_revision_without_a_dockerignore_is_404(client, app, alice, bob):
    approve(app, alice, bob, dockerignore=None)
    client.force_login(alice)
    response = client.get(url("dockerignore"))
    assert response.status_code == 404
    assert response.content == (
        b"The approved revision #1 of tynebase-backend has no .dockerignore."
    )


def test_if_none_match_gives_304_and_is_not_an_export(client, app, alice, bob):
    approve(app, alice, bob)
    client.force_login(alice)
    etag = client.get(url())["ETag"]
    response = client.get(url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).count() == 1
    assert client.get(url(), headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_stamp_option_prepends_a_comment_header(client, app, alice, bob):
    revision = approve(app, alice, bob)
    client.force_login(alice)
    response = client.get(url(), {"stamp": "1"})
    text = response.content.decode()
    header, body = text[: -len(FLY_TOML)], text[-len(FLY_TOML) :]
    assert body == FLY_TOML
    lines = header.splitlines()
    assert lines[0] == "# Approved for deploy by Preflight: tynebase-backend revision #1"
    assert lines[1] == (
        "# fly.toml sha256 (without this header): " + hashlib.sha256(FLY_TOML.encode()).hexdigest()
    )
    assert lines[2] == f"# revision sha256: {revision.sha256}"
    assert lines[3] == "# approved by: bob"
    assert lines[4].startswith("# approved at: 20") and lines[4].endswith("Z")
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED).data["stamped"] is True


def test_a_stamp_keeps_the_bom_first_and_the_crlf_line_ends(client, app, alice, bob):
    fly_toml = '\ufeffapp = "tynebase-backend"\r\n'
    approve(app, alice, bob, fly_toml=fly_toml)
    client.force_login(alice)
    text = client.get(url(), {"stamp": "1"}).content.decode()
    assert text.startswith("\ufeff# Approved for deploy by Preflight")
    assert text.endswith('\r\napp = "tynebase-backend"\r\n')
    assert text.count("\r\n") == 6 and "\n" not in text.replace("\r\n", "")


def test_a_bad_stamp_value_is_400(client, app, alice, bob):
    approve(app, alice, bob)
    client.force_login(alice)
    response = client.get(url(), {"stamp": "please"})
    assert response.status_code == 400
    assert response.content == b"stamp must be 1 (add the approval header) or 0."


def test_nothing_approved_is_404_with_a_message(client, app, alice, revision):
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 404
    assert response.content == b"Nothing is approved for deploy in tynebase-backend yet."


def test_it_is_404_without_membership(client, app, alice, bob, charlie):
    approve(app, alice, bob)
    client.force_login(charlie)
    assert client.get(url()).status_code == 404


def test_a_viewer_may_download(client, app, alice, bob, vera):
    approve(app, alice, bob)
    client.force_login(vera)
    assert client.get(url()).status_code == 200


def test_post_is_405(client, app, alice, bob):
    approve(app, alice, bob)
    client.force_login(alice)
    assert client.post(url()).status_code == 405
