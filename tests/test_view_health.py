from unittest import mock

from django.db.utils import OperationalError


def test_it_is_ok_without_a_login(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_is_503_when_the_database_fails(client, db):
    with mock.patch("configs.views.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "down"}


def test_it_refuses_post(client, db):
    assert client.post("/health").status_code == 405
