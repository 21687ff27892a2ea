"""The 200 apps x 500 revisions SQLite database the page and load benchmarks share.

Built once with `manage.py generate_history` into benchmarks/out/scale.sqlite3 (gitignored),
then reused; `migrate` runs on it every time, so new migrations apply to the cached copy. It is
built again when the generator or the rule set changes, or with --rebuild.

Benchmarks run Preflight with production settings (DEBUG off, manifest static files, HTTPS
expected from the proxy), so collectstatic runs first as well.
"""

import hashlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DB_PATH = OUT / "scale.sqlite3"
STAMP_PATH = OUT / "scale.json"
APPS, REVISIONS, SEED = 200, 500, 1
BENCH_USER = "bench-approver"
GENERATOR = "configs/management/commands/generate_history.py"

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DATABASE_URL": f"sqlite:///{DB_PATH}",
    "DJANGO_SETTINGS_MODULE": "dashboard.settings",
    "LOG_LEVEL": "WARNING",
}
# SECURE_SSL_REDIRECT is on in production: requests say they came through Fly's TLS proxy.
HTTPS_HEADERS = {"X-Forwarded-Proto": "https"}


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_scale_db(rebuild: bool = False) -> Path:
    """The scale database, built if missing (a few minutes), migrated, with static collected."""
    env = {**os.environ, **PRODUCTION_ENV}
    sources = [ROOT / "configs" / "synthetic.py", ROOT / GENERATOR]
    generator = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
    # Rebuilt when the generator changes (a new history) or the rule set does (new findings).
    wanted = {"apps": APPS, "revisions": REVISIONS, "seed": SEED, "generator": generator[:16]}
    wanted["ruleset"] = ruleset_version()
    stamp = json.loads(STAMP_PATH.read_text()) if STAMP_PATH.exists() else None
    if rebuild or not DB_PATH.exists() or stamp != wanted:
        OUT.mkdir(parents=True, exist_ok=True)
        partial = OUT / "scale.partial.sqlite3"
        for path in OUT.glob("scale*.sqlite3*"):
            path.unlink()
        build_env = {**env, "DATABASE_URL": f"sqlite:///{partial}"}
        print(f"Building {APPS} apps x {REVISIONS} revisions in {DB_PATH} (once) ...", flush=True)
        started = time.perf_counter()
        manage("migrate", "--noinput", "-v", "0", env=build_env)
        manage("generate_history", f"--apps={APPS}", f"--revisions={REVISIONS}", env=build_env)
        connection = sqlite3.connect(partial)  # fold the WAL into the file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        partial.rename(DB_PATH)
        for leftover in OUT.glob("scale.partial.sqlite3-*"):
            leftover.unlink()
        STAMP_PATH.write_text(json.dumps(wanted))
        print(f"Built in {time.perf_counter() - started:.0f} s.", flush=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    return DB_PATH


def ruleset_version() -> str:
    sys.path.insert(0, str(ROOT))
    from configs.rules import RULESET_VERSION

    return RULESET_VERSION


def setup_django() -> None:
    """Django in this process, with production settings, against the scale database."""
    os.environ.update(PRODUCTION_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def bench_user():
    """An approver of every generated app (what a reviewer sees), created once."""
    from django.contrib.auth.models import User

    from configs.actions import do_set_membership
    from configs.models import FlyApp, Membership, Role

    user, created = User.objects.get_or_create(username=BENCH_USER)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    have = set(Membership.objects.filter(user=user).values_list("app_id", flat=True))
    for app in FlyApp.objects.filter(slug__startswith="gen-").exclude(pk__in=have):
        do_set_membership(app, user, Role.APPROVER, actor=None)
    return user


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = math.ceil(share * len(sorted_values))
    return sorted_values[min(max(rank, 1), len(sorted_values)) - 1]
