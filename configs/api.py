"""JSON API for CI under /api/v1/, authenticated with `Authorization: Bearer <token>`.

Permissions follow the token owner's role on the app. Every error is JSON
`{"error": "<code>", "detail": "<what is wrong>"}` with a 4xx status, never an HTML page.
"""

import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

import tomlkit
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path, register_converter
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from configs.access import get_app_for_user, get_revision_for_user
from configs.actions import (
    RevisionConflict,
    WorkflowRefused,
    do_approve_revision,
    do_create_revision,
    do_record_verification,
    do_request_changes,
    hash_token,
)
from configs.approval import ApprovalStatus, approval_status, approved_revision
from configs.diffing import ConfigUnparseable, impact_notes, semantic_diff
from configs.export import NothingToExport, approved_file, export_response
from configs.files import ConfigFileError, check_size, check_text
from configs.jsoninput import json_kind, too_deep
from configs.models import ApiToken, FlyApp, Revision, Role

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
}
MAX_MESSAGE_CHARS = 500


class ApiError(Exception):
    def __init__(self, status: int, detail: Any, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


def error_response(status: int, detail: Any, **extra) -> JsonResponse:
    body = {"error": ERROR_CODES.get(status, "error"), "detail": detail, **extra}
    return JsonResponse(body, status=status, encoder=DjangoJSONEncoder)


def _authenticate(request: HttpRequest) -> User:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if not header:
        raise ApiError(401, "Send your API token as `Authorization: Bearer <token>`.")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, "The Authorization header must be `Bearer <token>`.")
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret.strip()))
        .first()
    )
    if token is None:
        raise ApiError(401, "This API token is not valid.")
    if token.revoked_at is not None:
        raise ApiError(401, f"The API token {token.prefix}… was revoked.")
    if not token.user.is_active:
        raise ApiError(401, f"The owner of the API token {token.prefix}… is deactivated.")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_view(*methods: str) -> Callable:
    """Token auth, method check, and every refusal as a JSON error."""

    def decorator(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                user = _authenticate(request)
                if request.method not in methods:
                    response = error_response(
                        405, f"{request.method} is not allowed here; use {', '.join(methods)}."
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                return view(request, user, *args, **kwargs)
            except ApiError as error:
                response = error_response(error.status, error.detail, **error.extra)
                if error.status == 401:
                    response["WWW-Authenticate"] = 'Bearer realm="preflight"'
                return response
            except Http404 as missing:
                return error_response(404, str(missing) or "Not found.")
            except PermissionDenied as denied:
                return error_response(403, str(denied) or "Your role does not allow this.")
            except WorkflowRefused as refused:
                return error_response(refused.status, refused.message)
            except ConfigFileError as bad:
                return error_response(bad.status, str(bad))
            except RequestDataTooBig:
                return error_response(413, "The request body is too large.")

        return wrapper

    return decorator


# ---------------------------------------------------------------------------------------------
# Request parsing


def _json_object(request: HttpRequest) -> dict:
    body = request.body
    if not body.strip():
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not valid UTF-8 JSON.") from None
    if too_deep(text):
        raise ApiError(400, "The JSON is nested too deeply.")
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ApiError(400, f"Malformed JSON: {error}.{_content_type_hint(request)}") from None
    if not isinstance(data, dict):
        raise ApiError(400, f"The body must be a JSON object, not {json_kind(data)}.")
    return data


def _content_type_hint(request: HttpRequest) -> str:
    """Say so when the body was not even sent as JSON (a form post, `curl -F`)."""
    content_type = request.content_type or ""
    if not content_type or content_type == "application/json" or content_type.endswith("+json"):
        return ""
    return f" The request was sent as {content_type}; send a JSON object as application/json."


def _json_value(value: Any) -> str:
    """The value itself when it is a number (`-1`, `1.5`), else its JSON type."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    return json_kind(value)


def _string(data: dict, field: str, *, required: bool, nullable: bool = False) -> str | None:
    if field not in data:
        if required:
            raise ApiError(400, f"{field} is required.", field=field)
        return None
    value = data[field]
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        expected = "a string or null" if nullable else "a string"
        raise ApiError(400, f"{field} must be {expected}, not {json_kind(value)}.", field=field)
    return value


def _revision_number(number: str) -> int:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not re.fullmatch(r"[0-9]+", number) or int(number) < 1:
        raise ApiError(404, f"Revision {number!r} is not a revision number.")
    return int(number)


# ---------------------------------------------------------------------------------------------
# Serialisation


def revision_json(request: HttpRequest, revision: Revision, status: ApprovalStatus) -> dict:
    return {
        "app": revision.app.slug,
        "number": revision.number,
        "parent": revision.parent.number if revision.parent_id else None,
        "sha256": revision.sha256,
        "fly_toml_sha256": revision.fly_toml_sha256,
        "author": revision.author.username,
        "message": revision.message,
        "created": revision.created_at,
        "url": request.build_absolute_uri(revision.get_absolute_url()),
        "latest": status.latest_number,
        "state": status.state,
        "approved": status.approved,
        "approved_for_deploy": status.ever_approved,
        "blocking": status.unmet,
        "required_approvals": status.required_approvals,
        "approvers": status.approvers,
        "findings": [
            {
                **item.finding,
                "waived": None
                if item.waiver is None
                else {
                    "by": item.waiver.waived_by.username,
                    "reason": item.waiver.reason,
                    "at": item.waiver.created_at,
                },
            }
            for item in status.findings
        ],
        "reviews": [
            {
                "reviewer": review.reviewer.username,
                "verdict": review.verdict,
                "comment": review.comment,
                "sha256": review.sha256,
                "created": review.created_at,
                "carried_over_from": review.carried_over_from.revision.number
                if review.carried_over_from_id
                else None,
            }
            for review in status.reviews
        ],
        "secrets": [
            {
                "name": secret.name,
                "sources": [
                    {"kind": source.kind, "detail": source.detail, "line": source.line}
                    for source in secret.sources
                ],
                "confirmed": secret.confirmed,
                "confirmed_by": secret.status.confirmed_by.username if secret.status else None,
                "confirmed_at": secret.status.confirmed_at if secret.status else None,
            }
            for secret in status.secrets
        ],
    }


def _changes_json(changes) -> list[dict]:
    return [
        {"path": change.path, "kind": change.kind, "old": change.old, "new": change.new}
        for change in changes
    ]


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, encoder=DjangoJSONEncoder)


# ---------------------------------------------------------------------------------------------
# Endpoints


@api_view("POST")
def revisions(request: HttpRequest, user: User, slug: str) -> JsonResponse:
    app, _ = get_app_for_user(user, slug, Role.EDITOR)
    data = _json_object(request)
    fly_toml = _string(data, "fly_toml", required=True)
    dockerignore = _string(data, "dockerignore", required=False, nullable=True)
    message = _string(data, "message", required=True)
    if "base" not in data:
        raise ApiError(
            400, "base is required: the revision number you edited from, or null.", field="base"
        )
    base = data["base"]
    if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 1):
        raise ApiError(
            400,
            f"base must be a revision number (1 or more) or null, not {_json_value(base)}.",
            field="base",
        )
    for field, text, filename in (
        ("fly_toml", fly_toml, "fly.toml"),
        ("dockerignore", dockerignore, ".dockerignore"),
    ):
        if text is None:
            continue
        try:
            check_text(text, filename)
        except ConfigFileError as error:
            raise ApiError(error.status, str(error), field=field) from None
    if not fly_toml.strip():
        raise ApiError(400, "fly_toml is empty.", field="fly_toml")
    message = message.strip()
    if not message:
        raise ApiError(400, "message is empty: say what changed and why.", field="message")
    if len(message) > MAX_MESSAGE_CHARS:
        raise ApiError(
            400,
            f"message is {len(message)} characters; the limit is {MAX_MESSAGE_CHARS}.",
            field="message",
        )
    try:
        revision = do_create_revision(
            app,
            author=user,
            fly_toml=fly_toml,
            dockerignore=dockerignore,
            message=message,
            base_number=base,
        )
    except RevisionConflict as conflict:
        latest = conflict.latest.number if conflict.latest else None
        raise ApiError(409, str(conflict), latest=latest) from None
    url = request.build_absolute_uri(revision.get_absolute_url())
    response = _json(
        {
            "number": revision.number,
            "sha256": revision.sha256,
            "url": url,
            "findings": revision.findings,
        },
        status=201,
    )
    response["Location"] = url
    return response


@api_view("GET")
def revision(request: HttpRequest, user: User, slug: str, number: str) -> JsonResponse:
    found, _ = get_revision_for_user(user, slug, _revision_number(number))
    return _json(revision_json(request, found, approval_status(found)))


@api_view("POST")
def approve(request: HttpRequest, user: User, slug: str, number: str) -> JsonResponse:
    return _review(request, user, slug, number, approve=True)


@api_view("POST")
def request_changes(request: HttpRequest, user: User, slug: str, number: str) -> JsonResponse:
    return _review(request, user, slug, number, approve=False)


def _review(request, user: User, slug: str, number: str, *, approve: bool) -> JsonResponse:
    found, _ = get_revision_for_user(user, slug, _revision_number(number))
    comment = _string(_json_object(request), "comment", required=False) or ""
    if approve:
        do_approve_revision(found, actor=user, comment=comment)
    else:
        do_request_changes(found, actor=user, comment=comment)
    return _json(revision_json(request, found, approval_status(found)))


@api_view("GET")
def approved(request: HttpRequest, user: User, slug: str, filename: str) -> HttpResponse:
    app, _ = get_app_for_user(user, slug)
    try:
        exported = approved_file(app, filename)
    except NothingToExport as missing:
        raise ApiError(404, str(missing)) from None
    return export_response(request, exported, actor=user, via="api")


@api_view("POST")
def verify(request: HttpRequest, user: User, slug: str) -> JsonResponse:
    """Is this fly.toml, byte for byte, the one approved for deploy? The gate before deploy."""
    app, _ = get_app_for_user(user, slug)
    body = request.body
    if not body:
        raise ApiError(400, "Send the fly.toml to verify as the raw request body.")
    check_size(len(body), "fly.toml")
    digest = hashlib.sha256(body).hexdigest()
    found = approved_revision(app)
    current = found[0] if found else None
    approved_ok = current is not None and current.fly_toml_sha256 == digest
    result: dict[str, Any] = {
        "approved": approved_ok,
        "revision": current.number if current else None,
        "sha256": digest,
    }
    if not approved_ok:
        result.update(_verify_mismatch(app, current, body, digest))
    do_record_verification(
        app,
        actor=user,
        revision=current,
        approved=approved_ok,
        fly_toml_sha256=digest,
        number=current.number if current else None,
    )
    return _json(result, status=200 if approved_ok else 409)


def _verify_mismatch(app: FlyApp, current: Revision | None, body: bytes, digest: str) -> dict:
    if current is None:
        return {"changes": None, "detail": f"Nothing is approved for deploy in {app.slug} yet."}
    same_bytes = app.revisions.filter(fly_toml_sha256=digest).order_by("-number").first()
    detail = (
        f"These bytes are revision #{same_bytes.number}'s, which is not the revision approved "
        f"for deploy (#{current.number})."
        if same_bytes
        else f"These bytes differ from the approved revision #{current.number}."
    )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {"changes": None, "detail": detail + " The body is not valid UTF-8."}
    try:
        changes = semantic_diff(current.fly_toml, text)
    except ConfigUnparseable as error:
        return {"changes": None, "detail": f"{detail} {error}"}
    if not changes:
        detail += " Only comments or formatting differ" + (
            f"; approve #{same_bytes.number} to deploy them."
            if same_bytes
            else ": propose these bytes as a revision and approve it."
        )
    return {"changes": _changes_json(changes), "detail": detail}


@api_view("POST")
def drift(request: HttpRequest, user: User, slug: str) -> JsonResponse:
    """The live config (`fly config show` JSON) against the approved revision."""
    app, _ = get_app_for_user(user, slug)
    check_size(len(request.body), "The live config")
    live = _json_object(request)
    if not live:
        raise ApiError(400, "Send the live config as printed by `fly config show` (JSON).")
    found = approved_revision(app)
    if found is None:
        raise ApiError(404, f"Nothing is approved for deploy in {app.slug} yet.")
    current = found[0]
    try:
        changes = semantic_diff(current.fly_toml, live_config_toml(live))
    except RecursionError:
        raise ApiError(400, "The live config is nested too deeply.") from None
    except ConfigUnparseable as error:
        raise ApiError(409, f"Cannot compare with the approved revision: {error}") from None
    do_record_verification(
        app,
        actor=user,
        revision=current,
        mode="drift",
        number=current.number,
        drifted=bool(changes),
    )
    return _json(
        {
            "revision": current.number,
            "drift": bool(changes),
            "changes": _changes_json(changes),
            "impact": [{"path": i.path, "note": i.note} for i in impact_notes(changes)],
        }
    )


@api_view("GET")
def compare(request: HttpRequest, user: User, slug: str, old: str, new: str) -> JsonResponse:
    """The semantic diff of two revisions' fly.toml, for a pull-request comment say."""
    numbers = (_revision_number(old), _revision_number(new))
    older, _ = get_revision_for_user(user, slug, numbers[0])
    newer, _ = get_revision_for_user(user, slug, numbers[1])
    try:
        changes = semantic_diff(older.fly_toml, newer.fly_toml)
    except ConfigUnparseable as error:
        broken = older if error.side == "old" else newer
        raise ApiError(
            409, f"Revision #{broken.number}'s fly.toml {error.problem}: {error.message}"
        ) from None
    return _json(
        {
            "from": older.number,
            "to": newer.number,
            "changes": _changes_json(changes),
            "impact": [{"path": i.path, "note": i.note} for i in impact_notes(changes)],
        }
    )


def live_config_toml(data: dict) -> str:
    """`fly config show` JSON as TOML text, so both sides go through the same parser.
    JSON null has no TOML form: a key set to null is treated as absent."""
    return tomlkit.dumps(_without_nulls(data))


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value if item is not None]
    return value


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, f"There is no API endpoint /api/v1/{rest}.")


class _NumberConverter:
    """Any path segment, so a bad revision number gets a JSON 404 rather than an HTML one."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(_NumberConverter, "revnumber")

urlpatterns = [
    path("apps/<slug:slug>/revisions", revisions, name="api-revisions"),
    path("apps/<slug:slug>/revisions/<revnumber:number>", revision, name="api-revision"),
    path("apps/<slug:slug>/revisions/<revnumber:number>/approve", approve, name="api-approve"),
    path(
        "apps/<slug:slug>/revisions/<revnumber:number>/request-changes",
        request_changes,
        name="api-request-changes",
    ),
    path(
        "apps/<slug:slug>/approved/fly.toml",
        approved,
        {"filename": "fly.toml"},
        name="api-approved-fly-toml",
    ),
    path(
        "apps/<slug:slug>/approved/dockerignore",
        approved,
        {"filename": "dockerignore"},
        name="api-approved-dockerignore",
    ),
    path("apps/<slug:slug>/compare/<revnumber:old>/<revnumber:new>", compare, name="api-compare"),
    path("apps/<slug:slug>/verify", verify, name="api-verify"),
    path("apps/<slug:slug>/drift", drift, name="api-drift"),
    path("<path:rest>", unknown),
    path("", unknown),
]
