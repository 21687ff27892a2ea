"""The approved bytes leave Preflight exactly as stored: page download, API and command."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from configs.actions import do_approve_revision
from tests.api.conftest import Api, token_for
from tests.conftest import add_revision

AWKWARD = {
    "crlf": 'app = "tynebase-backend"\r\nprimary_region = "lhr"\r\n',
    "bom": '\ufeffapp = "tynebase-backend"\nprimary_region = "lhr"\n',
    "trailing spaces": 'app = "tynebase-backend"   \nprimary_region = "lhr"\t \n',
    "no final newline": 'app = "tynebase-backend"\nprimary_region = "lhr"',
    "all at once": '\ufeffapp = "tynebase-backend"  \r\n# café ☕\r\nprimary_region = "lhr" ',
}
DOCKERIGNORE = "\ufeff.env  \r\n.git\r\nnode_modules"


@pytest.fixture(params=list(AWKWARD))
def approved(request, app, alice, bob):
    revision = add_revision(app, alice, fly_toml=AWKWARD[request.param], dockerignore=DOCKERIGNORE)
    do_approve_revision(revision, actor=bob)
    return revision


def test_the_page_download_is_byte_exact(client, vera, approved):
    client.force_login(vera)
    for filename, text in (("fly.toml", approved.fly_toml), ("dockerignore", DOCKERIGNORE)):
        response = client.get(reverse("approved-download", args=["tynebase-backend", filename]))
        assert response.content == text.encode()
        assert response["ETag"] == f'"{hashlib.sha256(text.encode()).hexdigest()}"'
        again = client.get(
            reverse("approved-download", args=["tynebase-backend", filename]),
            headers={"If-None-Match": response["ETag"]},
        )
        assert again.status_code == 304


def test_the_api_is_byte_exact(client, vera, approved):
    api = Api(client, token_for(vera))
    for filename, text in (("fly.toml", approved.fly_toml), ("dockerignore", DOCKERIGNORE)):
        response = api.get(f"/api/v1/apps/tynebase-backend/approved/{filename}")
        assert response.content == text.encode()
        assert response["ETag"] == f'"{hashlib.sha256(text.encode()).hexdigest()}"'
    verified = api.post(
        "/api/v1/apps/tynebase-backend/verify",
        raw=approved.fly_toml.encode(),
        content_type="application/octet-stream",
    )
    assert verified.status_code == 200


def test_export_approved_is_byte_exact(approved, tmp_path):
    for filename, text in (("fly.toml", approved.fly_toml), ("dockerignore", DOCKERIGNORE)):
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        call_command(
            "export_approved",
            "tynebase-backend",
            "--file",
            filename,
            stdout=stdout,
            stderr=io.StringIO(),
        )
        stdout.flush()
        assert raw.getvalue() == text.encode()
        out = tmp_path / filename
        call_command(
            "export_approved",
            "tynebase-backend",
            "--file",
            filename,
            "--out",
            str(out),
            stderr=io.StringIO(),
        )
        assert out.read_bytes() == text.encode()
