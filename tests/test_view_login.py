from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from configs.models import FailedLogin
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def fail(client, username="alice", **extra):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, **extra)


def test_a_good_password_logs_in_and_clears_failures(client, alice):
    fail(client)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert not FailedLogin.objects.filter(username="alice").exists()


def test_five_failures_for_an_account_refuse_the_next_try_even_with_the_right_password(
    client, alice
):
    for _ in range(5):
        assert fail(client).status_code == 200
    response = client.post(LOGIN, {"username": "ALICE", "password": PASSWORD})
    assert response.status_code == 429
    assert 840 <= int(response["Retry-After"]) <= 900
    assert (
        b"Too many failed log-ins for this account or from your address. Try again in 15 minutes."
        in response.content
    )
    assert "_auth_user_id" not in client.session


def test_failures_older_than_the_window_do_not_count(client, alice):
    for _ in range(5):
        fail(client)
    FailedLogin.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_twenty_failures_from_one_address_refuse_every_account(client, alice):
    for number in range(20):
        fail(client, username=f"guess{number}")
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429


@override_settings(TRUSTED_CLIENT_IP_HEADER="Fly-Client-IP")
def test_behind_flys_proxy_the_client_address_comes_from_its_header(client, alice):
    for number in range(20):
        fail(client, username=f"guess{number}", headers={"Fly-Client-IP": "203.0.113.9"})
    other = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        headers={"Fly-Client-IP": "198.51.100.4"},
    )
    assert other.status_code == 302
    assert set(FailedLogin.objects.values_list("ip", flat=True)) == {"203.0.113.9"}
