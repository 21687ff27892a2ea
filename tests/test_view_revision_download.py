from django.urls import reverse

from tests.conftest import add_revision


def url(filename, number=1):
    return reverse("revision-download", args=["tynebase-backend", number, filename])


def test_it_downloads_the_exact_bytes(client, app, alice):
    fly_toml = '\ufeffapp = "x"  \r\n# no final newline'
    add_revision(app, alice, fly_toml=fly_toml, dockerignore=".env\r\n")
    client.force_login(alice)
    response = client.get(url("fly.toml"))
    assert response.status_code == 200
    assert response.content == fly_toml.encode()
    assert response["Content-Disposition"] == 'attachment; filename="fly.toml"'
    dockerignore = client.get(url("dockerignore"))
    assert dockerignore.content == b".env\r\n"
    assert dockerignore["Content-Disposition"] == 'attachment; filename=".dockerignore"'


def test_a_missing_dockerignore_is_404(client, app, alice):
    add_revision(app, alice, dockerignore=None)
    client.force_login(alice)
    response = client.get(url("dockerignore"))
    assert response.status_code == 404
    assert response.content == b"Revision #1 has no .dockerignore."


def test_it_is_404_without_membership(client, charlie, revision):
    client.force_login(charlie)
    assert client.get(url("fly.toml")).status_code == 404


def test_it_refuses_post(client, alice, revision):
    client.force_login(alice)
    assert client.post(url("fly.toml")).status_code == 405
