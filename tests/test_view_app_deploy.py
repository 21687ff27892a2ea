"""The app page's deploy card: the revision approved for deploy and how far the latest is."""

from django.urls import reverse

from configs.actions import do_approve_revision
from tests.conftest import FLY_TOML, add_revision


def url():
    return reverse("app-detail", args=["tynebase-backend"])


def test_it_shows_the_approved_revision_with_downloads(client, app, alice, bob):
    revision = add_revision(app, alice, message="Initial config")
    do_approve_revision(revision, actor=bob)
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert '<span class="badge badge-ok">approved for deploy</span>' in body
    assert 'href="/apps/tynebase-backend/revisions/1/">Revision #1</a>: Initial config' in body
    assert "approved by bob" in body
    assert 'href="/apps/tynebase-backend/approved/fly.toml"' in body
    assert 'href="/apps/tynebase-backend/approved/dockerignore"' in body
    assert 'href="/apps/tynebase-backend/approved/fly.toml?stamp=1"' in body
    assert revision.fly_toml_sha256 in body
    assert "condition" not in body.split('id="deploy"')[1].split("</section>")[0].lower()


def test_it_shows_how_far_the_latest_revision_is_from_approval(client, app, alice, bob):
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert "Revision #1</a>" in body
    assert '(#2) is <span class="badge badge-info">pending</span>' in body
    assert "1 condition still unmet before #2 can be deployed:" in body
    assert "Needs 1 more approval (0 of 1) from an approver other than alice." in body


def test_nothing_approved_yet(client, app, alice, revision):
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert "No revision is approved for deploy yet" in body
    assert "/approved/fly.toml" not in body


def test_an_app_without_revisions(client, app, alice):
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 200
    assert "No revision is approved for deploy yet" in response.content.decode()
