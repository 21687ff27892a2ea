"""Preflight's own Dockerfile, settings and fly.toml, checked without a Docker engine."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from configs.rules import validate

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "preflight-dashboard.fly.dev",
    "CSRF_TRUSTED_ORIGINS": "https://preflight-dashboard.fly.dev",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_dockerfile_is_multi_stage_slim_and_non_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("FROM python:3.12-slim") == 2
    assert "USER 10001:10001" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert 'CMD ["gunicorn", "dashboard.wsgi", "--bind", "0.0.0.0:8000"' in dockerfile


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_collectstatic_works_with_production_settings(tmp_path):
    # What the Dockerfile's build stage runs, into a scratch folder.
    script = (
        "import django, os; from django.conf import settings; django.setup(); "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', '--noinput', verbosity=0)"
    )
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "dashboard.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/preflight.*.css.gz"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set."),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'"),
    ],
)
def test_production_refuses_to_start_misconfigured(change, message):
    result = manage("check", env={**PRODUCTION_ENV, **change})
    assert result.returncode == 1
    assert message in result.stderr


def test_preflights_fly_toml_serves_gunicorns_port_with_https_and_health_check():
    config = tomllib.loads((ROOT / "fly.toml").read_text())
    assert config["app"] == "preflight-dashboard"
    assert config["deploy"]["release_command"] == "python manage.py migrate --noinput"
    assert config["http_service"]["internal_port"] == 8000
    assert config["http_service"]["force_https"] is True
    assert config["http_service"]["checks"][0]["path"] == "/health"
    assert config["vm"][0]["size"] == "shared-cpu-1x"


def test_the_dockerignore_keeps_secrets_and_local_state_out():
    patterns = (ROOT / ".dockerignore").read_text().splitlines()
    for pattern in (".env", ".env.*", ".git", ".venv", "tests", "*.sqlite3"):
        assert pattern in patterns


def test_preflights_own_config_passes_its_own_rules():
    fly_toml = (ROOT / "fly.toml").read_text()
    assert validate(fly_toml, (ROOT / ".dockerignore").read_text()) == []
