"""Every page a reviewer reads runs a fixed number of queries, however long the history is.

The data comes from generate_history (realistic configs, findings, policies, reviews): one app
or ten, with 3 or 60 revisions each. The counts below are exact. They depend on the app's deploy
state (what the deploy card and approval region look up), never on the length of its history
or the number of apps: a page whose count grows with either fails here.
"""

import io
import math

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from configs.actions import do_confirm_secret
from configs.approval import deploy_summary
from configs.checklist import required_for
from configs.models import FlyApp, Revision
from configs.views.apps import HISTORY_PAGE_SIZE

SLUG = "gen-billing-api-001"
# The app's deploy state decides how much the deploy card and the approval region look up,
# never the length of its history.
NONE_APPROVED, LATEST_APPROVED, OLDER_APPROVED = "none approved", "latest approved", "older"
# Session and user, then the page's own queries. The app comes with the viewer's role and the
# app's state version in one query, for members and superusers alike.
EXPECTED = {
    "app list": 4,  # a count, then a page of apps with their latest revisions (subqueries)
    # app, count, one page of revisions with authors, then the deploy card: the latest
    # revision's approval status and, unless it is approved, the approved one's
    "history": {NONE_APPROVED: 10, LATEST_APPROVED: 9, OLDER_APPROVED: 15},
    "history, last page": {NONE_APPROVED: 10, LATEST_APPROVED: 9, OLDER_APPROVED: 15},
    "history, htmx page": 5,  # the history region alone
    # the revision with its app, author and parent, its approval status, the checklist, and
    # the number of the revision approved for deploy (from the latest revision's status,
    # evaluated once more when an older revision is shown)
    "latest revision": {NONE_APPROVED: 12, LATEST_APPROVED: 11, OLDER_APPROVED: 12},
    "first revision": {NONE_APPROVED: 17, LATEST_APPROVED: 15, OLDER_APPROVED: 17},
    # shown again: the cached page (configs/pagecache.py) needs only the app
    "latest revision, again": 3,
    "compare first with latest": 6,  # app, both revisions, each one's app
}


def deploy_state() -> str:
    summary = deploy_summary(FlyApp.objects.get(slug=SLUG))
    if summary.latest_is_approved:
        return LATEST_APPROVED
    return OLDER_APPROVED if summary.approved else NONE_APPROVED


def expected(page: str, state: str) -> int:
    return EXPECTED[page] if isinstance(EXPECTED[page], int) else EXPECTED[page][state]


# (apps, revisions of each, seed, the deploy state that seed gives the first app)
CASES = [
    (1, 3, 4, OLDER_APPROVED),
    (1, 60, 4, OLDER_APPROVED),
    (10, 3, 4, OLDER_APPROVED),
    (10, 60, 4, OLDER_APPROVED),
    (1, 3, 6, LATEST_APPROVED),
    (1, 60, 1, LATEST_APPROVED),
    (1, 3, 11, NONE_APPROVED),
]


def generate(apps: int, revisions: int, seed: int = 4) -> None:
    options = {"apps": apps, "revisions": revisions, "seed": seed, "jobs": 1}
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
        "latest revision, again": (reverse("revision-detail", args=[SLUG, revisions]), {}),
        "first revision": (reverse("revision-detail", args=[SLUG, 1]), {}),
        "compare first with latest": (reverse("compare", args=[SLUG, 1, revisions]), {}),
    }


@pytest.mark.parametrize("username", ["hiro", "root"], ids=["viewer", "superuser"])
@pytest.mark.parametrize(
    ("apps", "revisions", "seed", "state"), CASES, ids=[f"{a}x{r}-{s}" for a, r, _, s in CASES]
)
def test_each_page_runs_the_same_queries_for_any_history(
    client, django_assert_num_queries, admin_user, apps, revisions, seed, state, username
):
    generate(apps, revisions, seed)
    assert deploy_state() == state, "the generator changed: pick seeds giving each state again"
    client.force_login(User.objects.get(username=username))
    for name, (url, headers) in pages(revisions).items():
        with django_assert_num_queries(expected(name, state), info=f"{name}, {state}"):
            response = client.get(url, **headers)
        assert response.status_code == 200, name


def test_the_app_list_shows_every_app_with_its_latest_revision(client, admin_user):
    generate(10, 3)
    client.force_login(User.objects.get(username="hiro"))
    apps = list(client.get(reverse("app-list")).context["apps"])
    assert len(apps) == 10
    assert {app.latest_number for app in apps} == {3}


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
    with django_assert_num_queries(expected(page, deploy_state())):
        response = client.get(url)
    assert response.context["checklist"].confirmed == 3
