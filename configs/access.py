"""Loading objects for a user: the one place membership and role are checked."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from configs.models import ROLE_RANK, FlyApp, Membership, Revision, Role


def role_for(user: User, app: FlyApp) -> str | None:
    if user.is_superuser:
        return Role.APPROVER
    membership = Membership.objects.filter(user=user, app=app).only("role").first()
    return membership.role if membership else None


def apps_for(user: User):
    apps = FlyApp.objects.all()
    return apps if user.is_superuser else apps.filter(memberships__user=user)


def get_app_for_user(user: User, slug: str, role: str = Role.VIEWER) -> tuple[FlyApp, str]:
    """The app and the user's role on it; 404 without membership, 403 when the role is short."""
    app = FlyApp.objects.filter(slug=slug).first()
    user_role = role_for(user, app) if app else None
    if user_role is None:
        raise Http404("No such app.")
    if ROLE_RANK[user_role] < ROLE_RANK[role]:
        raise PermissionDenied(f"This needs the {role} role on {app.slug}; you are {user_role}.")
    return app, user_role


def get_revision_for_user(
    user: User, slug: str, number: int, role: str = Role.VIEWER
) -> tuple[Revision, str]:
    app, user_role = get_app_for_user(user, slug, role)
    revision = (
        Revision.objects.select_related("app", "author", "parent").filter(app=app, number=number)
    ).first()
    if revision is None:
        raise Http404(f"{app.slug} has no revision #{number}.")
    return revision, user_role


def can(user_role: str | None, role: str) -> bool:
    return user_role is not None and ROLE_RANK[user_role] >= ROLE_RANK[role]
