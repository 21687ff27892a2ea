from django.urls import reverse

from tests.conftest import add_revision


def url(slug="tynebase-backend"):
    return reverse("app-detail", args=[slug])


def test_it_shows_the_history_newest_first(client, app, alice):
    for number in range(1, 4):
        add_revision(app, alice, message=f"change {number}")
    client.force_login(alice)
    response = client.get(url())
    assert response.status_code == 200
    numbers = [revision.number for revision in response.context["page"].object_list]
    assert numbers == [3, 2, 1]
    assert b"change 3" in response.content
    assert b"New revision" in response.content


def test_it_paginates_the_history(client, app, alice):
    for number in range(1, 28):
        add_revision(app, alice, message=f"change {number}")
    client.force_login(alice)
    second_page = client.get(url(), {"page": 2})
    assert [r.number for r in second_page.context["page"].object_list] == [2, 1]
    assert b"Page 2 of 2" in second_page.content


def test_htmx_paging_returns_only_the_history_partial(client, app, alice):
    add_revision(app, alice)
    client.force_login(alice)
    response = client.get(
        url(), {"page": 1}, headers={"HX-Request": "true", "HX-Target": "history"}
    )
    assert response.content.decode().lstrip().startswith('<div id="history">')
    assert b"<html" not in response.content


def test_a_viewer_sees_no_edit_button(client, app, vera, revision):
    client.force_login(vera)
    response = client.get(url())
    assert response.status_code == 200
    assert b"New revision" not in response.content


def test_it_is_404_without_membership(client, app, charlie):
    client.force_login(charlie)
    assert client.get(url()).status_code == 404


def test_it_is_404_for_an_unknown_app(client, alice):
    client.force_login(alice)
    assert client.get(url("no-such-app")).status_code == 404


def test_it_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(url()).status_code == 405
