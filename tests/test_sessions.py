"""configs.sessions: Django's database sessions, loaded by a query written out."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from configs.sessions import SessionStore


def saved_session() -> str:
    session = SessionStore()
    session["_auth_user_id"] = "7"
    session.create()
    return session.session_key


def test_it_loads_a_saved_session(db):
    key = saved_session()
    session = SessionStore(key)
    assert session["_auth_user_id"] == "7"
    assert session.session_key == key


def test_an_expired_session_loads_empty_and_gets_no_key(db):
    key = saved_session()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    session = SessionStore(key)
    assert dict(session.items()) == {}
    assert session.session_key is None


def test_an_unknown_key_loads_empty(db):
    session = SessionStore("x" * 32)
    assert dict(session.items()) == {}
    assert session.session_key is None


def test_a_flushed_session_no_longer_loads(db):
    key = saved_session()
    SessionStore(key).flush()
    assert dict(SessionStore(key).items()) == {}
