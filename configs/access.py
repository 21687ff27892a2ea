"""Loading objects for a user: the one place membership and role are checked."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from configs.models import ROLE_RANK, AuditEvent, FlyApp, Membership, Revision, Role


def role_for(user: User, app: FlyApp) -> str | None:
    if user.is_superuser:
        return Role.APPROVER
    membership = Membership.objects.filter(user=user, app=app).only("role").first()
    return membership.role if membership else None


def apps_for(user: User):
    apps = FlyApp.objects.all()
    return apps if user.is_superuser else apps.filter(memberships__user=user)


def get_app_for_user(user: User, slug: str, role: str = Role.VIEWER) -> tuple[FlyApp, str]:
    """The app and the user's role on it; 404 without membership, 403 when the role is short.
    The app also carries `state_version` (configs/pagecache.py)."""
    app = next(iter(FlyApp.objects.raw(APP_FOR_USER_SQL, [user.pk, slug])), None)
    user_role = (Role.APPROVER if user.is_superuser else app.member_role) if app else None
    if user_role is None:
        raise Http404("No such app.")
    if ROLE_RANK[user_role] < ROLE_RANK[role]:
        raise PermissionDenied(f"This needs the {role} role on {app.slug}; you are {user_role}.")
    return app, user_role


# Every page starts here, so it is one query written out: the ORM took 0.9 ms to build the
# same query with two Subquery annotations, the database 0.05 ms to answer it (SQLite).
APP_FOR_USER_SQL = f"""
    SELECT app.*,
        (SELECT role FROM {Membership._meta.db_table}
            WHERE app_id = app.id AND user_id = %s) AS member_role,
        (SELECT id FROM {AuditEvent._meta.db_table}
            WHERE app_id = app.id ORDER BY id DESC LIMIT 1) AS state_version
    FROM {FlyApp._meta.db_table} AS app
    WHERE app.slug = %s
"""


def get_revision_for_user(
    user: User, slug: str, number: int, role: str = Role.VIEWER
) -> tuple[Revision, str]:
    app, user_role = get_app_for_user(user, slug, role)
    return revision_of(app, number), user_role


def revision_of(app: FlyApp, number: int) -> Revision:
    revision = (
        Revision.objects.select_related("app", "author", "parent").filter(app=app, number=number)
    ).first()
    if revision is None:
        raise Http404(f"{app.slug} has no revision #{number}.")
    return revision


def can(user_role: str | None, role: str) -> bool:
    return user_role is not None and ROLE_RANK[user_role] >= ROLE_RANK[role]
