"""The approval region of the revision page: approve and request changes, with and without htmx."""

from django.urls import reverse

from configs.actions import do_approve_revision
from configs.models import AuditEvent, Review
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import PORT_ERROR, revision_with_findings

HTMX = {"HX-Request": "true", "HX-Target": "reviews"}


def url(name="revision-approve", number=1):
    return reverse(name, args=["tynebase-backend", number])


def page(number=1):
    return reverse("revision-detail", args=["tynebase-backend", number])


def test_the_revision_page_shows_the_checklist_and_the_approve_form_to_an_approver(
    client, alice, bob, revision
):
    client.force_login(bob)
    body = client.get(page()).content.decode()
    assert 'id="reviews"' in body
    assert '<span class="badge badge-info">pending</span>' in body
    assert "Needs 1 more approval (0 of 1) from an approver other than alice." in body
    assert "No unwaived errors." in body
    assert "Approve #1</button>" in body
    assert "Request changes</button>" in body


def test_the_author_sees_no_approve_control(client, alice, revision):
    client.force_login(alice)
    body = client.get(page()).content.decode()
    assert "Approve #1</button>" not in body
    assert "You wrote this revision, so an approver other than you reviews it." in body


def test_a_viewer_sees_no_approve_control(client, alice, vera, revision):
    client.force_login(vera)
    body = client.get(page()).content.decode()
    assert "Approve #1</button>" not in body
    assert "Only approvers of tynebase-backend can approve or request changes." in body


def test_an_older_revision_says_only_the_latest_can_be_reviewed(client, app, alice, bob, revision):
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    client.force_login(bob)
    body = client.get(page(1)).content.decode()
    assert '<span class="badge ">superseded</span>' in body
    assert "Only the latest revision (#2) can be reviewed." in body
    assert "Approve #1</button>" not in body


def test_approving_without_js_redirects_back_with_a_message(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(url(), {"comment": "Ship it."}, follow=True)
    assert response.redirect_chain == [(page() + "#reviews", 302)]
    body = response.content.decode()
    assert "You approved revision #1." in body
    assert '<span class="badge badge-ok">approved</span>' in body
    assert "<strong>Approved for deploy:</strong> every condition is met." in body
    assert "Ship it." in body
    assert "You approved this revision." in body
    assert Review.objects.get().reviewer == bob


def test_approving_with_htmx_returns_only_the_region(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(url(), {"comment": ""}, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="reviews"')
    assert "<html" not in body
    assert "You approved revision #1." in body
    assert "1 of 1 approval" in body


def test_it_refuses_self_approval(client, app, bob):
    add_revision(app, bob)
    client.force_login(bob)
    response = client.post(url(), {"comment": "mine"})
    assert response.status_code == 403
    assert "You wrote revision #1; someone else must approve it." in response.content.decode()
    assert not Review.objects.exists()


def test_an_editor_posting_an_approval_gets_403(client, app, alice, bob):
    revision = add_revision(app, bob)
    client.force_login(alice)
    response = client.post(url(number=revision.number), headers=HTMX)
    assert response.status_code == 403
    assert "Only approvers of tynebase-backend can approve it." in response.content.decode()


def test_a_viewer_posting_an_approval_gets_403(client, alice, vera, revision):
    client.force_login(vera)
    assert client.post(url()).status_code == 403


def test_it_is_404_without_membership(client, charlie, revision):
    client.force_login(charlie)
    assert client.post(url()).status_code == 404


def test_it_is_404_for_an_unknown_revision(client, bob, revision):
    client.force_login(bob)
    assert client.post(url(number=9)).status_code == 404


def test_an_older_revision_is_409_naming_the_latest(client, app, alice, bob, revision):
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    client.force_login(bob)
    response = client.post(url(number=1), headers=HTMX)
    assert response.status_code == 409
    assert "Revision #1 is not the latest; #2 is." in response.content.decode()


def test_unwaived_errors_are_409_listing_them(client, app, alice, bob):
    revision_with_findings(app, alice, [PORT_ERROR])
    client.force_login(bob)
    response = client.post(url(), {"comment": "Looks fine to me"})
    assert response.status_code == 409
    assert "Looks fine to me</textarea>" in response.content.decode()  # the comment is kept
    assert (
        "Revision #1 cannot be approved yet: Error POL404 at http_service.internal_port (line 8) "
        "is not waived" in response.content.decode()
    )


def test_an_overlong_comment_is_400(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(url(), {"comment": "x" * 5001})
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters" in response.content.decode()


def test_get_is_405(client, alice, bob, revision):
    client.force_login(bob)
    assert client.get(url()).status_code == 405
    assert client.get(url("revision-request-changes")).status_code == 405


def test_anonymous_users_are_sent_to_log_in(client, revision):
    response = client.post(url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_requesting_changes_shows_the_comment_and_the_badge(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(
        url("revision-request-changes"), {"comment": "Use 2 machines."}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge badge-warning">changes requested</span>' in body
    assert "Use 2 machines." in body
    assert "bob" in body


def test_requesting_changes_without_a_comment_is_400(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(url("revision-request-changes"), {"comment": ""})
    assert response.status_code == 400
    assert "Say what should change: the comment is empty." in response.content.decode()


def test_the_same_approval_twice_through_the_page_is_one_event(client, alice, bob, revision):
    client.force_login(bob)
    client.post(url())
    client.post(url())
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).count() == 1


def test_reviews_show_who_when_and_carried_over(client, app, alice, bob):
    app.carry_over_approvals = True
    app.save()
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob, comment="LGTM")
    add_revision(app, alice, fly_toml="# a comment\n" + FLY_TOML)
    client.force_login(alice)
    body = client.get(page(2)).content.decode()
    assert "carried over from" in body
    assert 'href="/apps/tynebase-backend/revisions/1/">#1</a> (no effective change)' in body
    assert "LGTM" in body
    assert "<strong>bob</strong>" in body


def test_htmx_can_refresh_the_region_alone(client, alice, bob, revision):
    client.force_login(bob)
    response = client.get(page(), headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="reviews"')
    assert 'hx-trigger="secrets-changed from:body"' in body


def test_confirming_a_secret_tells_the_region_to_refresh(client, app, alice, bob):
    revision = add_revision(app, alice, fly_toml=FLY_TOML + "# fly secrets set API_KEY=...\n")
    client.force_login(alice)
    response = client.post(
        reverse("secret-confirm", args=["tynebase-backend", revision.number]),
        {"name": "API_KEY"},
        headers={"HX-Request": "true", "HX-Target": "secrets"},
    )
    assert response["HX-Trigger"] == "secrets-changed"
    client.force_login(bob)
    body = client.get(page(), headers=HTMX).content.decode()
    assert "The required secret is confirmed." in body


def test_an_approver_who_approved_sees_how_to_withdraw(client, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    client.force_login(bob)
    body = client.get(page()).content.decode()
    assert "You approved this revision." in body
    assert "Withdraw approval and request changes</button>" in body
    assert "Approve #1</button>" not in body


def test_withdrawing_an_approval_without_js(client, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    client.force_login(bob)
    response = client.post(
        url("revision-request-changes"), {"comment": "The port is wrong."}, follow=True
    )
    assert response.redirect_chain == [(page() + "#reviews", 302)]
    body = response.content.decode()
    assert "You requested changes on revision #1. Your approval is withdrawn." in body
    assert '<span class="badge badge-warning">changes requested</span>' in body
    assert '<span class="muted">withdrew their approval</span>' in body
    assert "Needs 1 more approval (0 of 1) from an approver other than alice." in body
    assert "Approve #1</button>" in body
    assert [review.verdict for review in Review.objects.all()] == ["approve", "request_changes"]


def test_withdrawing_with_htmx_returns_the_region(client, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    client.force_login(bob)
    response = client.post(url("revision-request-changes"), {"comment": "Not yet."}, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="reviews"')
    assert "Your approval is withdrawn." in body
    assert '<span class="badge badge-warning">changes requested</span>' in body


def test_withdrawing_needs_a_comment_and_keeps_the_approval(client, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    client.force_login(bob)
    response = client.post(url("revision-request-changes"), {"comment": "  "}, headers=HTMX)
    assert response.status_code == 400
    assert "Say what should change: the comment is empty." in response.content.decode()
    assert [review.verdict for review in Review.objects.all()] == ["approve"]


def test_a_plain_request_for_changes_says_nothing_about_withdrawing(client, alice, bob, revision):
    client.force_login(bob)
    response = client.post(url("revision-request-changes"), {"comment": "Use ams."}, follow=True)
    body = response.content.decode()
    assert "You requested changes on revision #1." in body
    assert "withdrawn" not in body
    assert "withdrew their approval" not in body
