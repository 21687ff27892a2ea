from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from configs.actions import do_create_app, do_create_revision, do_set_membership
from configs.models import FlyApp, Role

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "preflight-demo"
DEMO_USERS = [
    ("alice", Role.EDITOR, "editor: proposes revisions"),
    ("bob", Role.APPROVER, "approver: reviews and approves"),
    ("vera", Role.VIEWER, "viewer: read-only"),
]
TYNEBASE_SECRETS = [
    "SUPABASE_URL",
    "SUPABASE_ANON_KEY",
    "SUPABASE_SERVICE_ROLE_KEY",
    "ALLOWED_ORIGINS",
]
TYNEBASE_HISTORY = [
    ("1.fly.toml", "Initial Fly config: api process behind HTTPS, /health check"),
    ("2.fly.toml", "Add the worker process, scaling and VM size"),
    ("3.fly.toml", "Move the service role key to secrets; rolling deploys, SIGTERM"),
]


class Command(BaseCommand):
    help = "Load demo users and apps (safe to run again: nothing is duplicated)."

    @transaction.atomic
    def handle(self, **options):
        users = {name: self._user(name) for name, _, _ in DEMO_USERS}
        self._superuser()
        tynebase = self._tynebase()
        # The slug is the Fly app name (as add_app advises), which fly.toml sets.
        preflight = do_create_app("preflight-dashboard", name="Preflight (this dashboard)")
        for app in (tynebase, preflight):
            for name, role, _ in DEMO_USERS:
                do_set_membership(app, users[name], role, actor=None)
        self._history(tynebase, users["alice"])
        self._own_config(preflight, users["alice"])
        self.stdout.write("Demo data ready. Log in with any of these (password: preflight-demo):")
        for name, _, description in DEMO_USERS:
            self.stdout.write(f"  {name:<6} {description}")
        self.stdout.write("  admin  superuser: administers apps and memberships at /admin/")

    def _user(self, username: str) -> User:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _superuser(self) -> None:
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)

    def _tynebase(self) -> FlyApp:
        app = do_create_app("tynebase-backend", name="TyneBase backend")
        FlyApp.objects.filter(pk=app.pk, required_processes=[]).update(
            required_primary_region="lhr",
            required_processes=["api", "worker"],
            unexposed_processes=["worker"],
            required_internal_port=8080,
            health_check_path="/health",
            required_secrets=TYNEBASE_SECRETS,
        )
        app.refresh_from_db()
        return app

    def _history(self, app: FlyApp, author: User) -> None:
        if app.revisions.exists():
            return
        dockerignore = (DEMO_DIR / "tynebase" / "dockerignore").read_text()
        base = None
        for filename, message in TYNEBASE_HISTORY:
            fly_toml = (DEMO_DIR / "tynebase" / filename).read_text()
            revision = do_create_revision(
                app,
                author=author,
                fly_toml=fly_toml,
                dockerignore=dockerignore,
                message=message,
                base_number=base,
            )
            base = revision.number

    def _own_config(self, app: FlyApp, author: User) -> None:
        if app.revisions.exists():
            return
        do_create_revision(
            app,
            author=author,
            fly_toml=(settings.BASE_DIR / "fly.toml").read_text(),
            dockerignore=(settings.BASE_DIR / ".dockerignore").read_text(),
            message="Preflight's own Fly config, as in the repository",
            base_number=None,
        )
