"""One readable line per audit event."""

from django import template

from configs.models import AuditEvent

register = template.Library()
Kind = AuditEvent.Kind


@register.filter
def event_summary(event: AuditEvent) -> str:
    data = event.data or {}
    number = data.get("number")
    rev = f"#{number}" if number else (f"#{event.revision.number}" if event.revision else "")
    match event.kind:
        case Kind.REVISION_CREATED:
            text = f"Created revision {rev}."
            if data.get("parent_approved"):
                text += f" #{number - 1} was approved and stays approved for deploy."
            return text
        case Kind.REVIEWED if data.get("carried_over_from"):
            who = ", ".join(data.get("approvers", []))
            return (
                f"Carried approvals by {who} over from #{data['carried_over_from']} to {rev} "
                "(no effective change)."
            )
        case Kind.REVIEWED if data.get("verdict") == "approve":
            text = f"Approved {rev} ({data.get('approvals')} of {data.get('required')})."
            if data.get("approved"):
                text += " Approved for deploy."
            return _with_comment(text, data)
        case Kind.REVIEWED if data.get("withdrew_approval"):
            text = f"Withdrew the approval of {rev} and requested changes"
            return _with_comment(f"{text} ({data.get('approvals')} approvals left).", data)
        case Kind.REVIEWED:
            return _with_comment(f"Requested changes on {rev}.", data)
        case Kind.WAIVED:
            where = f" at {data['path']}" if data.get("path") else ""
            return f"Waived {data.get('severity', '')} {data.get('rule')}{where} on {rev}: " + str(
                data.get("reason", "")
            )
        case Kind.EXPORTED:
            stamped = ", stamped" if data.get("stamped") else ""
            return f"Exported {data.get('file')} of {rev} ({data.get('via')}{stamped})."
        case Kind.VERIFIED if data.get("mode") == "drift":
            state = "drifted from" if data.get("drifted") else "matches"
            return f"Checked the live config: it {state} approved {rev}."
        case Kind.VERIFIED:
            if data.get("approved"):
                return f"Verified fly.toml: exactly approved {rev}."
            return "Verified fly.toml: not the approved bytes" + (
                f" (approved is {rev})." if rev else " (nothing approved)."
            )
        case Kind.SECRET_CONFIRMED:
            how = (
                "matched in fly secrets list"
                if data.get("source") == "fly_secrets_list"
                else ("marked as set")
            )
            return f"Confirmed secret {data.get('name')} on {rev} ({how})."
        case Kind.SECRET_WITHDRAWN:
            return f"Withdrew the confirmation of secret {data.get('name')} on {rev}."
        case Kind.POLICY_CHANGED:
            changes = data.get("changes") or {}
            fields = ", ".join(changes) if changes else ", ".join(data.get("fields", []))
            return f"Changed the policy: {fields}."
        case Kind.APP_CREATED:
            return f"Created the app {data.get('slug', '')}.".replace(" .", ".")
        case Kind.MEMBERSHIP_CHANGED:
            old, new = data.get("old_role") or "no role", data.get("new_role") or "no role"
            return f"{data.get('user')}: {old} → {new}."
        case Kind.TOKEN_CREATED:
            return f"Created API token {data.get('token')}… for {data.get('user')}."
        case Kind.TOKEN_REVOKED:
            return f"Revoked API token {data.get('token')}… of {data.get('user')}."
    details = ", ".join(f"{key}: {value}" for key, value in data.items())
    return f"{event.get_kind_display()}{' ' + rev if rev else ''}" + (
        f" ({details})" if details else ""
    )


def _with_comment(text: str, data: dict) -> str:
    comment = data.get("comment")
    return f"{text} “{comment}”" if comment else text


@register.filter
def kind_badge(kind: str) -> str:
    return {
        Kind.REVIEWED: "badge-ok",
        Kind.WAIVED: "badge-warning",
        Kind.EXPORTED: "badge-info",
        Kind.VERIFIED: "badge-info",
        Kind.TOKEN_REVOKED: "badge-error",
    }.get(kind, "")
