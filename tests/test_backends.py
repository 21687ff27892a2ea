"""configs.backends: Django's ModelBackend, loading the logged-in user by a query written out."""

from configs.backends import ModelBackend
from tests.conftest import PASSWORD, make_user


def test_it_loads_the_user(db):
    user = make_user("dana")
    loaded = ModelBackend().get_user(user.pk)
    assert loaded == user
    assert loaded.username == "dana"
    assert loaded.get_session_auth_hash() == user.get_session_auth_hash()


def test_an_inactive_user_is_not_loaded(db):
    user = make_user("dana", is_active=False)
    assert ModelBackend().get_user(user.pk) is None


def test_a_missing_user_is_none(db):
    assert ModelBackend().get_user(4242) is None


def test_it_still_authenticates_by_password(rf, db):
    user = make_user("dana")
    assert ModelBackend().authenticate(rf.get("/"), username="dana", password=PASSWORD) == user
    assert ModelBackend().authenticate(rf.get("/"), username="dana", password="wrong") is None


def test_a_deactivated_users_session_logs_them_out(client, db):
    user = make_user("dana")
    client.force_login(user)
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302


def test_the_id_from_the_session_may_be_text(db):
    user = make_user("dana")
    assert ModelBackend().get_user(str(user.pk)) == user


def test_an_id_that_is_not_a_number_is_none(db):
    assert ModelBackend().get_user("not-a-number") is None
