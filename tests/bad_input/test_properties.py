"""Arbitrary text in the editor's live validation and the API: an answer, never a crash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configs.models import Revision
from tests.rules.test_properties import toml_shaped

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
texts = st.one_of(st.text(max_size=400), toml_shaped)


@SETTINGS
@given(texts, st.text(max_size=100))
def test_live_validation_answers_any_text(ui, revision, fly_toml, dockerignore):
    response = ui.post(
        "/apps/tynebase-backend/validate", {"fly_toml": fly_toml, "dockerignore": dockerignore}
    )
    assert response.status_code in {200, 413}
    assert not [f for f in response.context["findings"] or [] if f["rule"] == "FLY199"]


@SETTINGS
@given(texts, st.one_of(st.none(), st.text(max_size=100)))
def test_the_api_answers_any_fly_toml(api_alice, revision, fly_toml, dockerignore):
    latest = Revision.objects.order_by("-number").first().number
    body = {"fly_toml": fly_toml, "dockerignore": dockerignore, "message": "m", "base": latest}
    response = api_alice.post("/api/v1/apps/tynebase-backend/revisions", body)
    assert response.status_code in {201, 400, 413}, response.content
    assert response["Content-Type"] == "application/json"
    if response.status_code == 201:
        stored = Revision.objects.get(number=latest + 1)
        assert stored.fly_toml == fly_toml
        assert "FLY199" not in {f["rule"] for f in stored.findings}
    else:
        assert set(response.json()) == {"error", "detail", "field"}
