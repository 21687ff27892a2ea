"""Bearer tokens: hashed lookup, revoked tokens refused, last use recorded, JSON errors."""

from django.utils import timezone

from configs.actions import do_create_api_token, do_revoke_api_token, hash_token
from configs.models import ApiToken
from tests.api.conftest import Api

URL = "/api/v1/apps/tynebase-backend/revisions/1"


def assert_401(response, detail):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="preflight"'
    assert response.json() == {"error": "unauthorized", "detail": detail}


def test_a_missing_token_is_401(anonymous, revision):
    assert_401(anonymous.get(URL), "Send your API token as `Authorization: Bearer <token>`.")


def test_another_scheme_is_401(client, revision):
    response = client.get(URL, headers={"Authorization": "Basic YWxpY2U6eA=="})
    assert_401(response, "The Authorization header must be `Bearer <token>`.")


def test_an_unknown_token_is_401(client, revision):
    assert_401(Api(client, "pf_not-a-real-token").get(URL), "This API token is not valid.")


def test_a_revoked_token_is_401(client, alice, revision):
    token, secret = do_create_api_token(alice, name="old", actor=alice)
    do_revoke_api_token(token, actor=alice)
    assert_401(Api(client, secret).get(URL), f"The API token {token.prefix}… was revoked.")


def test_a_deactivated_owner_is_401(client, alice, revision):
    token, secret = do_create_api_token(alice, name="ci", actor=alice)
    alice.is_active = False
    alice.save()
    assert_401(
        Api(client, secret).get(URL), f"The owner of the API token {token.prefix}… is deactivated."
    )


def test_the_last_use_is_recorded(client, alice, revision):
    token, secret = do_create_api_token(alice, name="ci", actor=alice)
    assert token.last_used_at is None
    before = timezone.now()
    assert Api(client, secret).get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at >= before


def test_only_the_hash_is_stored(alice):
    token, secret = do_create_api_token(alice, name="ci", actor=alice)
    stored = ApiToken.objects.values_list("name", "token_hash", "prefix").get(pk=token.pk)
    assert stored[1] == hash_token(secret)
    assert all(secret not in value for value in stored)


def test_a_session_login_is_not_enough(client, alice, revision):
    client.force_login(alice)
    assert client.get(URL).status_code == 401


def test_an_unknown_endpoint_is_a_json_404(as_alice):
    response = as_alice.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "There is no API endpoint /api/v1/nothing/here.",
    }


def test_no_csrf_token_is_needed(as_alice, revision):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = Api(strict, as_alice.token).post(
        "/api/v1/apps/tynebase-backend/revisions",
        {"fly_toml": 'app = "x"\n', "message": "m", "base": 1},
    )
    assert response.status_code == 201
