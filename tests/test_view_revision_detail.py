from django.urls import reverse

from configs.actions import do_approve_revision
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import DOCKERIGNORE_WARNING, INFO, revision_with_findings


def url(number=1, slug="tynebase-backend"):
    return reverse("revision-detail", args=[slug, number])


def test_it_shows_both_files_with_line_numbers(client, alice, revision):
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="fly.toml-L1"' in body
    assert 'id="dockerignore-L1"' in body
    assert "Download fly.toml" in body


def test_it_says_when_there_is_no_dockerignore(client, app, alice):
    add_revision(app, alice, dockerignore=None)
    client.force_login(alice)
    assert b"This revision has no .dockerignore." in client.get(url()).content


def test_it_is_404_for_a_revision_that_does_not_exist(client, alice, revision):
    client.force_login(alice)
    assert client.get(url(7)).status_code == 404


def test_it_is_404_without_membership(client, charlie, revision):
    client.force_login(charlie)
    assert client.get(url()).status_code == 404


def test_it_refuses_post(client, alice, revision):
    client.force_login(alice)
    assert client.post(url()).status_code == 405


def test_it_lists_findings_errors_first_and_marks_their_lines(client, app, alice):
    text = FLY_TOML + '\n[deploy]\n  strategy = "sideways"\n'
    add_revision(app, alice, fly_toml=text, dockerignore=None)
    client.force_login(alice)
    response = client.get(url())
    findings = response.context["findings"]
    assert [(f["severity"], f["rule"], f["line"]) for f in findings] == [
        ("error", findings[0]["rule"], 12),
        ("warning", "DI201", None),
    ]
    assert response.context["counts"] == {"error": 1, "warning": 1, "info": 0}
    body = response.content.decode()
    assert '<tr id="fly.toml-L12" class="line-error">' in body
    assert 'href="#fly.toml-L12">fly.toml line 12</a>' in body


def test_the_source_is_highlighted_and_escaped(client, app, alice):
    add_revision(app, alice, fly_toml='app = "<script>alert(1)</script>"\n')
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert 'class="hl-' in body


def test_it_shows_the_diff_against_its_parent(client, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    client.force_login(alice)
    response = client.get(url(2))
    assert [item["text"] for item in response.context["changes"]] == [
        "http_service.internal_port: 8080 -> 3000"
    ]
    assert b"Changes since #1" in response.content
    assert b'id="fly.toml-L8"' in response.content  # and still the files themselves
    assert b'href="/apps/tynebase-backend/compare/1/2/"' in response.content


def test_the_first_revision_has_no_diff(client, revision, alice):
    client.force_login(alice)
    assert b"Changes since" not in client.get(url(1)).content


def test_it_links_to_the_comparison_with_the_approved_revision(client, app, alice, bob):
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    client.force_login(alice)
    body = client.get(url(2)).content.decode()
    assert 'href="/apps/tynebase-backend/compare/1/2/">Compare with approved #1</a>' in body
    assert "Compare with approved" not in client.get(url(1)).content.decode()


def test_info_notes_are_folded_below_errors_and_warnings(client, app, alice):
    revision_with_findings(app, alice, [INFO, DOCKERIGNORE_WARNING])
    client.force_login(alice)
    body = client.get(url()).content.decode()
    folded = body.index('<details class="info-findings">')
    assert body.index('<code class="rule-id">DI203</code>') < folded
    assert "<summary>1 info note</summary>" in body
    assert body.index('<code class="rule-id">SEC305</code>') > folded


def test_a_revision_with_only_info_notes_shows_just_the_fold(client, app, alice):
    revision_with_findings(app, alice, [INFO, {**INFO, "rule": "FLY004", "line": 2}])
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert "<summary>2 info notes</summary>" in body
    assert body.count('<ul class="findings">') == 1
