"""Shared fixtures: alice edits, bob approves, vera views, charlie has no access."""

import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from configs.actions import do_create_app, do_create_revision, do_set_membership
from configs.models import FlyApp, Revision, Role

PASSWORD = "correct-horse-battery"

FLY_TOML = """\
app = "tynebase-backend"
primary_region = "lhr"

[build]
  dockerfile = "Dockerfile"

[http_service]
  internal_port = 8080
  force_https = true
"""
DOCKERIGNORE = ".env\n.env.*\n.git\nnode_modules\n.vscode\n.idea\n*.pem\n*.key\n"


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(username, password=PASSWORD, **extra)


@pytest.fixture
def app(db) -> FlyApp:
    return do_create_app("tynebase-backend", name="TyneBase backend")


@pytest.fixture
def alice(app) -> User:
    user = make_user("alice")
    do_set_membership(app, user, Role.EDITOR, actor=None)
    return user


@pytest.fixture
def bob(app) -> User:
    user = make_user("bob")
    do_set_membership(app, user, Role.APPROVER, actor=None)
    return user


@pytest.fixture
def vera(app) -> User:
    user = make_user("vera")
    do_set_membership(app, user, Role.VIEWER, actor=None)
    return user


@pytest.fixture
def charlie(db) -> User:
    return make_user("charlie")


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


def add_revision(app: FlyApp, author: User, fly_toml: str = FLY_TOML, **kwargs) -> Revision:
    latest = app.revisions.order_by("-number").first()
    return do_create_revision(
        app,
        author=author,
        fly_toml=fly_toml,
        dockerignore=kwargs.pop("dockerignore", DOCKERIGNORE),
        message=kwargs.pop("message", "A change"),
        base_number=kwargs.pop("base_number", latest.number if latest else None),
    )


@pytest.fixture
def revision(app, alice) -> Revision:
    return add_revision(app, alice, message="First config")


# Browser tests: Debian's Chromium, since Playwright cannot download its own browsers here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and shutil.which(candidate):
            return candidate
    raise RuntimeError("Chromium not found: run `make chromium` or set CHROMIUM_PATH.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Test databases reuse primary keys, so a page or fragment cached by one test must not reach
    # another.
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; tests are about access, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
