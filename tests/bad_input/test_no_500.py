"""No 500 anywhere: every catalog file stored, then every page and endpoint that shows it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from configs.models import Revision
from tests.bad_input.catalog import CASES, ids
from tests.conftest import add_revision

PAGES = [
    "/apps/tynebase-backend/",
    "/apps/tynebase-backend/revisions/{n}/",
    "/apps/tynebase-backend/revisions/{n}/?view=split",
    "/apps/tynebase-backend/compare/1/{n}/",
    "/apps/tynebase-backend/compare/{n}/1/?view=split",
    "/apps/tynebase-backend/revisions/{n}/fly.toml",
    "/apps/tynebase-backend/revisions/new",
]
API = [
    "/api/v1/apps/tynebase-backend/revisions/{n}",
    "/api/v1/apps/tynebase-backend/compare/1/{n}",
    "/api/v1/apps/tynebase-backend/compare/{n}/1",
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_every_file_is_answered_below_500_wherever_it_goes(ui, api_alice, api_bob, revision, case):
    upload = SimpleUploadedFile("fly.toml", case.data)
    data = {"message": "m", "base": "1", "line_ending": "lf", "fly_toml_file": upload}
    statuses = {"editor": ui.post("/apps/tynebase-backend/revisions/new", data).status_code}
    if case.text is not None:
        live = ui.post("/apps/tynebase-backend/validate", {"fly_toml": case.text})
        statuses["live"] = live.status_code
        body = {"fly_toml": case.text, "message": "m", "base": Revision.objects.count()}
        statuses["api"] = api_alice.post(
            "/api/v1/apps/tynebase-backend/revisions", body
        ).status_code
    verify = api_bob.post(
        "/api/v1/apps/tynebase-backend/verify", raw=case.data, content_type="text/plain"
    )
    statuses["verify"] = verify.status_code
    assert all(status < 500 for status in statuses.values()), statuses
    if not case.stored:
        return
    # Stored: every page and endpoint that reads it answers, the approval flow included.
    number = Revision.objects.order_by("-number").first().number
    for url in PAGES:
        response = ui.get(url.format(n=number))
        assert response.status_code == 200, (url, response.status_code)
    for url in API:
        response = api_bob.get(url.format(n=number))
        assert response.status_code in {200, 409}, (url, response.status_code, response.content)
        assert response["Content-Type"] == "application/json"
    approve = api_bob.post(f"/api/v1/apps/tynebase-backend/revisions/{number}/approve", {})
    assert approve.status_code in {200, 409}, approve.content
    # Carried over approvals compare the configs when saving on top of it.
    revision.app.carry_over_approvals = True
    revision.app.save()
    add_revision(revision.app, revision.author, fly_toml=case.text + "\n# again\n")
