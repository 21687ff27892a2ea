"""The approved fly.toml and .dockerignore, byte-exact, for the download, the API and the CLI."""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from configs.actions import do_record_export
from configs.approval import ApprovalStatus, approved_revision
from configs.models import FlyApp, Revision

FIELDS = {"fly.toml": "fly_toml", "dockerignore": "dockerignore"}
DOWNLOAD_NAMES = {"fly.toml": "fly.toml", "dockerignore": ".dockerignore"}
BOM = "\ufeff"


class NothingToExport(Exception):
    """Nothing approved yet, or the approved revision has no such file."""


@dataclass(frozen=True)
class ExportedFile:
    app: FlyApp
    revision: Revision
    status: ApprovalStatus
    filename: str  # "fly.toml" | "dockerignore"
    data: bytes
    stamped: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @property
    def download_name(self) -> str:
        return DOWNLOAD_NAMES[self.filename]


def approved_file(app: FlyApp, filename: str, *, stamp: bool = False) -> ExportedFile:
    approved = approved_revision(app)
    if approved is None:
        raise NothingToExport(f"Nothing is approved for deploy in {app.slug} yet.")
    revision, status = approved
    text = getattr(revision, FIELDS[filename])
    if text is None:
        raise NothingToExport(
            f"The approved revision #{revision.number} of {app.slug} has no .dockerignore."
        )
    data = (stamped(text, revision, status, filename) if stamp else text).encode()
    return ExportedFile(app, revision, status, filename, data, stamp)


def stamped(text: str, revision: Revision, status: ApprovalStatus, filename: str) -> str:
    """A `#` comment header in front of the file (after a BOM, in the file's line ending)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.removeprefix(BOM)
    file_sha = hashlib.sha256(text.encode()).hexdigest()
    approved_at = status.approved_at
    lines = [
        f"# Approved for deploy by Preflight: {revision.app.slug} revision #{revision.number}",
        f"# {DOWNLOAD_NAMES[filename]} sha256 (without this header): {file_sha}",
        f"# revision sha256: {revision.sha256}",
        f"# approved by: {', '.join(status.approvers) or 'nobody'}",
        f"# approved at: {approved_at.strftime('%Y-%m-%dT%H:%M:%SZ') if approved_at else '-'}",
    ]
    header = newline.join(lines) + newline
    return (BOM if text.startswith(BOM) else "") + header + body


def etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def export_response(
    request: HttpRequest, exported: ExportedFile, *, actor: User | None, via: str
) -> HttpResponse:
    """200 with the bytes (an export, audited), or 304 when the client has them already."""
    if etag_matches(request, exported.etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(exported.data, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exported.download_name}"'
        do_record_export(exported, actor=actor, via=via)
    response["ETag"] = exported.etag
    response["X-Preflight-Revision"] = str(exported.revision.number)
    response["Cache-Control"] = "private, no-cache"
    return response
