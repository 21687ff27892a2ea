from django.urls import reverse

from configs.actions import do_waive_finding
from configs.models import Waiver
from tests.conftest import add_revision
from tests.workflow_helpers import (
    DOCKERIGNORE_WARNING,
    INFO,
    PORT_ERROR,
    revision_with_findings,
)

HTMX = {"HX-Request": "true", "HX-Target": "reviews"}
PORT = {"rule": "POL404", "path": "http_service.internal_port", "reason": "Legacy port, agreed."}


def url(number=1):
    return reverse("revision-waive", args=["tynebase-backend", number])


def page(number=1):
    return reverse("revision-detail", args=["tynebase-backend", number])


def flagged(app, author):
    return revision_with_findings(app, author, [PORT_ERROR, DOCKERIGNORE_WARNING, INFO])


def test_an_approver_sees_a_waive_form_next_to_each_error_and_warning(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    body = client.get(page()).content.decode()
    assert body.count('class="waive-form"') == 2
    assert "Waive POL404</button>" in body
    assert "Waive DI203</button>" in body
    assert "Waive SEC305" not in body  # info findings are not waivable
    assert 'href="#fly.toml-L8">fly.toml line 8</a>' in body
    assert 'href="#dockerignore-L1">.dockerignore line 1</a>' in body


def test_waiving_shows_the_finding_as_waived_with_who_and_why(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), PORT, follow=True)
    assert response.redirect_chain == [(page() + "#reviews", 302)]
    body = response.content.decode()
    assert "You waived POL404 at http_service.internal_port." in body
    assert "internal_port is 3000; this app&#x27;s policy requires 8080" in body
    assert "Waived by <strong>bob</strong>" in body
    assert "Legacy port, agreed." in body
    assert '<span class="badge">waived</span>' in body
    assert "No unwaived errors." in body
    # The waived finding stays visible to everyone, the author included.
    client.force_login(alice)
    body = client.get(page()).content.decode()
    assert "Waived by <strong>bob</strong>" in body
    assert "Legacy port, agreed." in body


def test_waiving_with_htmx_returns_the_region(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), PORT, headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="reviews"')


def test_the_reason_is_required(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), {**PORT, "reason": ""}, headers=HTMX)
    assert response.status_code == 400
    assert "Give a reason for the waiver." in response.content.decode()
    assert not Waiver.objects.exists()


def test_a_blank_reason_is_refused(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), {**PORT, "reason": "   "})
    assert response.status_code == 400
    assert not Waiver.objects.exists()


def test_the_author_cannot_waive(client, app, alice, bob):
    flagged(app, bob)
    client.force_login(bob)
    response = client.post(url(), PORT)
    assert response.status_code == 403
    assert "You wrote revision #1; someone else must waive its findings." in (
        response.content.decode()
    )
    assert not Waiver.objects.exists()


def test_the_author_sees_no_waive_form(client, app, alice):
    flagged(app, alice)
    client.force_login(alice)
    assert 'class="waive-form"' not in client.get(page()).content.decode()


def test_an_editor_cannot_waive(client, app, alice, bob):
    flagged(app, bob)
    client.force_login(alice)
    assert client.post(url(), PORT).status_code == 403


def test_an_unknown_finding_is_400(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), {**PORT, "rule": "FLY999"})
    assert response.status_code == 400
    assert "Revision #1 has no error or warning FLY999 at http_service.internal_port to waive." in (
        response.content.decode()
    )


def test_a_missing_rule_is_400(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    response = client.post(url(), {"reason": "x"})
    assert response.status_code == 400


def test_an_older_revision_is_409(client, app, alice, bob):
    flagged(app, alice)
    add_revision(app, alice)
    client.force_login(bob)
    response = client.post(url(1), PORT)
    assert response.status_code == 409
    assert "Revision #1 is not the latest; #2 is." in response.content.decode()


def test_it_is_404_without_membership(client, app, alice, charlie):
    flagged(app, alice)
    client.force_login(charlie)
    assert client.post(url(), PORT).status_code == 404


def test_get_is_405(client, app, alice, bob):
    flagged(app, alice)
    client.force_login(bob)
    assert client.get(url()).status_code == 405


def test_findings_one_waiver_covers_are_shown_together(client, app, alice, bob):
    second = {**DOCKERIGNORE_WARNING, "message": ".env.local is sent to the builder", "line": 2}
    revision_with_findings(app, alice, [DOCKERIGNORE_WARNING, second])
    client.force_login(bob)
    body = client.get(page()).content.decode()
    assert body.count('class="waive-form"') == 1
    assert ".env is sent to the builder: no pattern excludes it" in body
    assert ".env.local is sent to the builder" in body


def test_the_findings_list_marks_a_waived_finding_with_who_and_why(client, app, alice, bob):
    revision = add_revision(app, alice, dockerignore=None)
    do_waive_finding(revision, actor=bob, rule="DI201", path="", reason="Image is prebuilt")
    client.force_login(alice)
    response = client.get(revision.get_absolute_url())
    [finding] = [f for f in response.context["findings"] if f["rule"] == "DI201"]
    assert finding["waiver"].reason == "Image is prebuilt"
    assert "by bob: “Image is prebuilt”" in response.content.decode()
