from django.urls import reverse

from configs.actions import do_create_api_token, hash_token
from configs.models import ApiToken, AuditEvent


def url():
    return reverse("token-list")


def test_it_creates_a_token_and_shows_it_once(client, alice):
    client.force_login(alice)
    response = client.post(url(), {"name": "GitHub Actions"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    secret = response.context["created"][1]
    assert secret.startswith("pf_")
    assert token.token_hash == hash_token(secret)
    body = response.content.decode()
    assert secret in body
    assert "Copy it now: it is shown only once." in body
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(url()).content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_CREATED, actor=alice).exists()


def test_it_lists_prefix_name_created_and_last_used(client, alice):
    token, _ = do_create_api_token(alice, name="deploys", actor=alice)
    client.force_login(alice)
    body = client.get(url()).content.decode()
    assert "deploys" in body
    assert f"<code>{token.prefix}…</code>" in body
    assert "never" in body


def test_it_lists_only_the_users_own_tokens(client, alice, bob):
    do_create_api_token(bob, name="bob's token", actor=bob)
    client.force_login(alice)
    assert "bob&#x27;s token" not in client.get(url()).content.decode()


def test_a_name_is_required(client, alice):
    client.force_login(alice)
    response = client.post(url(), {"name": ""})
    assert response.status_code == 400
    assert "Name the token so you can recognise it later." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token(client, alice):
    token, _ = do_create_api_token(alice, name="old", actor=alice)
    client.force_login(alice)
    response = client.post(reverse("token-revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain == [(url(), 302)]
    token.refresh_from_db()
    assert token.revoked_at is not None
    body = response.content.decode()
    assert f"Revoked the token “old” ({token.prefix}…)." in body
    assert '<span class="badge badge-error">revoked</span>' in body
    client.post(reverse("token-revoke", args=[token.pk]))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_REVOKED).count() == 1


def test_another_users_token_cannot_be_revoked(client, alice, bob):
    token, _ = do_create_api_token(bob, name="bob's", actor=bob)
    client.force_login(alice)
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_post(client, alice):
    token, _ = do_create_api_token(alice, name="x", actor=alice)
    client.force_login(alice)
    assert client.get(reverse("token-revoke", args=[token.pk])).status_code == 405


def test_put_is_405(client, alice):
    client.force_login(alice)
    assert client.put(url()).status_code == 405


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(url())["Location"].startswith("/accounts/login/")
