from django.urls import reverse

from tests.conftest import FLY_TOML, add_revision

REORDERED = """\
# the same config, reordered and commented
primary_region = "lhr"
app = "tynebase-backend"

[http_service]
  force_https = true
  internal_port = 8080

[build]
  dockerfile = "Dockerfile"
"""


def url(old, new, slug="tynebase-backend"):
    return reverse("compare", args=[slug, old, new])


def test_it_shows_effective_changes_with_impact_and_both_line_diffs(client, app, alice, bob):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams").replace("8080", "3000"))
    client.force_login(bob)
    response = client.get(url(1, 2))
    assert response.status_code == 200
    assert [item["text"] for item in response.context["changes"]] == [
        'primary_region: "lhr" -> "ams"',
        "http_service.internal_port: 8080 -> 3000",
    ]
    assert [note.path for note in response.context["impact"]] == [
        "primary_region",
        "http_service.internal_port",
    ]
    body = response.content.decode()
    assert "<mark>" in body
    assert "No change in this file." in body  # .dockerignore


def test_reordering_and_comments_are_no_effective_change(client, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=REORDERED)
    client.force_login(alice)
    response = client.get(url(1, 2))
    assert response.context["changes"] == []
    assert b"No effective change" in response.content


def test_the_side_by_side_view_comes_as_an_htmx_partial(client, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    client.force_login(alice)
    response = client.get(
        url(1, 2), {"view": "split"}, headers={"HX-Request": "true", "HX-Target": "diffs"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="diffs">')
    assert '<table class="diff-table split">' in body
    assert "<html" not in body


def test_the_full_page_works_without_htmx_for_either_view(client, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    client.force_login(alice)
    assert b'class="diff-table split"' in client.get(url(1, 2), {"view": "split"}).content
    assert b'class="diff-table unified"' in client.get(url(1, 2), {"view": "bogus"}).content


def test_long_unchanged_runs_are_folded_with_a_control(client, app, alice):
    long = FLY_TOML + "".join(f"# note {n}\n" for n in range(30))
    add_revision(app, alice, fly_toml=long)
    add_revision(app, alice, fly_toml=long.replace("lhr", "ams"))
    client.force_login(alice)
    body = client.get(url(1, 2)).content.decode()
    assert "⋯ 34 unchanged lines" in body
    assert 'class="fold-toggle"' in body


def test_an_unparseable_side_still_gets_a_line_diff(client, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml="app = \n")
    client.force_login(alice)
    response = client.get(url(1, 2))
    assert response.context["semantic_error"] == "#2's fly.toml is not valid TOML (line 1)."
    assert response.context["file_diffs"][0]["diff"].stats.removed == 9


def test_an_unknown_revision_is_404(client, app, alice):
    add_revision(app, alice)
    client.force_login(alice)
    assert client.get(url(1, 9)).status_code == 404


def test_it_is_404_without_membership(client, app, alice, charlie):
    add_revision(app, alice)
    client.force_login(charlie)
    assert client.get(url(1, 1)).status_code == 404


def test_it_refuses_post(client, app, alice):
    add_revision(app, alice)
    client.force_login(alice)
    assert client.post(url(1, 1)).status_code == 405


def test_the_picker_redirects_to_the_comparison(client, app, alice):
    client.force_login(alice)
    response = client.get(reverse("compare-pick", args=[app.slug]), {"from": "1", "to": "3"})
    assert response.status_code == 302
    assert response["Location"] == "/apps/tynebase-backend/compare/1/3/"


def test_the_picker_explains_bad_numbers(client, app, alice):
    client.force_login(alice)
    response = client.get(reverse("compare-pick", args=[app.slug]), {"from": "one", "to": "3"})
    assert response.status_code == 400
    assert b"Give two revision numbers to compare, for example 3 and 5." in response.content
