from django.test import override_settings
from django.urls import reverse

from configs.models import Revision
from tests.conftest import DOCKERIGNORE, FLY_TOML

SECRET_LINE = '  STRIPE_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXGLNQhpumbfYGZ3cBs7tZB9vw1"\n'


def url(slug="tynebase-backend"):
    return reverse("validate-live", args=[slug])


def test_it_returns_the_findings_partial_for_the_typed_text(client, alice, revision):
    client.force_login(alice)
    text = FLY_TOML + "\n[env]\n" + SECRET_LINE
    response = client.post(url(), {"fly_toml": text, "dockerignore": DOCKERIGNORE})
    assert response.status_code == 200
    assert [(f["rule"], f["line"], f["path"]) for f in response.context["findings"]] == [
        ("SEC301", 12, "env.STRIPE_KEY"),
        ("SEC305", 12, "env.STRIPE_KEY"),
    ]
    body = response.content.decode()
    assert body.lstrip().startswith('<aside id="findings"')
    assert 'data-file="fly.toml" data-line="12"' in body
    assert "sk_live_51HqLyjWDarjtT1zdp7dcXGLNQhpumbfYGZ3cBs7tZB9vw1" not in body
    assert Revision.objects.count() == 1


def test_clean_text_says_every_rule_passes(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), {"fly_toml": FLY_TOML, "dockerignore": DOCKERIGNORE})
    assert response.context["findings"] == []
    assert b"No findings: every rule passes." in response.content


def test_it_applies_the_apps_policy(client, alice, app, revision):
    app.required_primary_region = "ams"
    app.save()
    client.force_login(alice)
    response = client.post(url(), {"fly_toml": FLY_TOML, "dockerignore": DOCKERIGNORE})
    assert [(f["rule"], f["line"]) for f in response.context["findings"]] == [("POL402", 2)]


def test_a_syntax_error_is_one_finding_with_line_and_column(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), {"fly_toml": 'app = "x"\nprimary_region = \n'})
    findings = response.context["findings"]
    assert [(f["rule"], f["line"]) for f in findings if f["file"] == "fly.toml"] == [("FLY101", 2)]


@override_settings(PREFLIGHT_MAX_FILE_BYTES=50)
def test_text_over_the_limit_is_413_with_the_limit(client, alice, revision):
    client.force_login(alice)
    response = client.post(url(), {"fly_toml": "#" * 51, "dockerignore": ""})
    assert response.status_code == 413
    assert b"fly.toml is 51 bytes; the limit is 50 bytes." in response.content


def test_a_viewer_cannot_use_it(client, vera, revision):
    client.force_login(vera)
    assert client.post(url(), {"fly_toml": FLY_TOML}).status_code == 403


def test_it_is_404_without_membership(client, charlie, revision):
    client.force_login(charlie)
    assert client.post(url(), {"fly_toml": FLY_TOML}).status_code == 404


def test_it_refuses_get(client, alice, revision):
    client.force_login(alice)
    assert client.get(url()).status_code == 405


def test_info_notes_are_folded_under_the_error(client, alice, revision):
    client.force_login(alice)
    text = FLY_TOML + "\n[env]\n" + SECRET_LINE
    body = client.post(url(), {"fly_toml": text, "dockerignore": DOCKERIGNORE}).content.decode()
    folded = body.index('<details class="info-findings">')
    assert body.index('<code class="rule-id">SEC301</code>') < folded
    assert "<summary>1 info note</summary>" in body
    assert body.index('<code class="rule-id">SEC305</code>') > folded
