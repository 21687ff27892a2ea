"""GET /api/v1/apps/<slug>/compare/<a>/<b>: the semantic diff as JSON, for CI."""

from tests.conftest import FLY_TOML, add_revision

URL = "/api/v1/apps/tynebase-backend/compare/{}/{}"


def test_it_returns_the_changes_and_their_impact(as_vera, app, alice):
    add_revision(app, alice)
    add_revision(
        app, alice, fly_toml=FLY_TOML.replace("8080", "3000") + '\n[processes]\n  app = "x"\n'
    )
    response = as_vera.get(URL.format(1, 2))
    assert response.status_code == 200
    data = response.json()
    assert (data["from"], data["to"]) == (1, 2)
    assert data["changes"] == [
        {"path": "http_service.internal_port", "kind": "changed", "old": 8080, "new": 3000},
        {"path": "processes", "kind": "added", "old": None, "new": {"app": "x"}},
    ]
    assert [impact["path"] for impact in data["impact"]] == [
        "http_service.internal_port",
        "processes.app",
    ]


def test_comments_only_is_an_empty_diff(as_vera, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml="# reviewed\n" + FLY_TOML)
    assert as_vera.get(URL.format(1, 2)).json() == {"from": 1, "to": 2, "changes": [], "impact": []}


def test_an_unknown_revision_is_404_json(as_vera, app, alice):
    add_revision(app, alice)
    response = as_vera.get(URL.format(1, 7))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_revision_that_is_not_a_number_is_404_json(as_vera, app, alice):
    add_revision(app, alice)
    assert as_vera.get(URL.format("one", 1)).status_code == 404


def test_an_unknown_app_is_404_json(as_vera, app):
    response = as_vera.get("/api/v1/apps/nope/compare/1/2")
    assert response.status_code == 404
    assert "error" in response.json()


def test_an_invalid_side_is_409_with_the_reason(as_vera, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml="app = \n")
    response = as_vera.get(URL.format(1, 2))
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Revision #2's fly.toml is not valid TOML")


def test_it_needs_a_token(client, app, alice):
    add_revision(app, alice)
    assert client.get(URL.format(1, 1)).status_code == 401


def test_it_refuses_post(as_vera, app, alice):
    add_revision(app, alice)
    assert as_vera.post(URL.format(1, 1)).status_code == 405
