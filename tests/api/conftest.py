import json

import pytest

from configs.actions import do_create_api_token


class Api:
    """A test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def headers(self, extra=None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path, headers=None):
        return self.client.get(path, headers=self.headers(headers))

    def post(self, path, data=None, *, raw=None, content_type="application/json", headers=None):
        body = raw if raw is not None else json.dumps(data if data is not None else {})
        return self.client.post(
            path, body, content_type=content_type, headers=self.headers(headers)
        )

    def put(self, path):
        return self.client.put(path, headers=self.headers())


def token_for(user) -> str:
    return do_create_api_token(user, name="test", actor=user)[1]


@pytest.fixture
def as_alice(client, alice):
    return Api(client, token_for(alice))


@pytest.fixture
def as_bob(client, bob):
    return Api(client, token_for(bob))


@pytest.fixture
def as_vera(client, vera):
    return Api(client, token_for(vera))


@pytest.fixture
def as_charlie(client, charlie):
    return Api(client, token_for(charlie))


@pytest.fixture
def anonymous(client):
    return Api(client, None)
