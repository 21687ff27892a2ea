"""Every page a reviewer reads runs a fixed number of queries, however long the history is.

The data comes from generate_history (realistic configs, findings and policies), in four sizes:
one app with 3 or 60 revisions, ten apps with 3 or 60. The counts below are exact and the same
for every size; a page whose count grows with history or with the number of apps fails here.
"""

import io
import math

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from configs.actions import do_confirm_secret
from configs.checklist import required_for
from configs.models import Revision
from configs.views.apps import HISTORY_PAGE_SIZE

SLUG = "gen-billing-api-001"
# For a member: session, user, then the page's own queries. A superuser's role needs no
# membership query, so every page of one app runs one query fewer for them.
EXPECTED = {
    "app list": 3,  # the apps with their latest number and count: one aggregate query
    "history": 6,  # app, membership, count, one page of revisions with their authors
    "history, last page": 6,
    "history, htmx page": 6,
    # app, membership, the revision with its app, author and parent, the checklist's two,
    # the parent's app (for its link)
    "latest revision": 8,
    "first revision": 7,  # no parent: no diff, no parent link
    "compare first with latest": 7,  # app, membership, both revisions, each one's app
}


def expected(page: str, username: str) -> int:
    return EXPECTED[page] - (username == "root" and page != "app list")


SIZES = [(1, 3), (1, 60), (10, 3), (10, 60)]


def generate(apps: int, revisions: int) -> None:
    options = {"apps": apps, "revisions": revisions, "seed": 4, "jobs": 1}
    call_command("generate_history", stdout=io.StringIO(), **options)


def pages(revisions: int) -> dict[str, tuple[str, dict]]:
    history = reverse("app-detail", args=[SLUG])
    last_page = math.ceil(revisions / HISTORY_PAGE_SIZE)
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "history"}
    return {
        "app list": (reverse("app-list"), {}),
        "history": (history, {}),
        "history, last page": (f"{history}?page={last_page}", {}),
        "history, htmx page": (f"{history}?page={last_page}", htmx),
        "latest revision": (reverse("revision-detail", args=[SLUG, revisions]), {}),
        "first revision": (reverse("revision-detail", args=[SLUG, 1]), {}),
        "compare first with latest": (reverse("compare", args=[SLUG, 1, revisions]), {}),
    }


@pytest.mark.parametrize("username", ["hiro", "root"], ids=["viewer", "superuser"])
@pytest.mark.parametrize(("apps", "revisions"), SIZES, ids=[f"{a}x{r}" for a, r in SIZES])
def test_each_page_runs_the_same_queries_for_any_history(
    client, django_assert_num_queries, admin_user, apps, revisions, username
):
    generate(apps, revisions)
    client.force_login(User.objects.get(username=username))
    for name, (url, headers) in pages(revisions).items():
        with django_assert_num_queries(expected(name, username)):
            response = client.get(url, **headers)
        assert response.status_code == 200, name


def test_the_app_list_shows_every_app_with_its_latest_revision(client, admin_user):
    generate(10, 3)
    client.force_login(User.objects.get(username="hiro"))
    apps = list(client.get(reverse("app-list")).context["apps"])
    assert len(apps) == 10
    assert {(app.latest_number, app.revision_count) for app in apps} == {(3, 3)}


def test_confirmed_secrets_add_no_queries_to_the_revision_page(
    client, django_assert_num_queries, admin_user
):
    """Each confirmation shows who confirmed it: loaded with the statuses, not one by one."""
    generate(1, 60)
    revision = next(
        revision
        for revision in Revision.objects.filter(app__slug=SLUG).order_by("-number")
        if len(required_for(revision)) >= 3
    )
    url = reverse("revision-detail", args=[SLUG, revision.number])
    client.force_login(admin_user)
    for secret in required_for(revision)[:3]:
        do_confirm_secret(revision, secret.name, actor=admin_user)
    page = "latest revision" if revision.parent_id else "first revision"
    with django_assert_num_queries(expected(page, "root")):
        response = client.get(url)
    assert response.context["checklist"].confirmed == 3
