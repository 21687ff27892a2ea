import pytest

from configs.rules import SECRET_RULE_IDS, Finding, validate
from configs.rules.secrets import mask
from tests.rules.helpers import CLEAN_DOCKERIGNORE, hits, toml

STRIPE_KEY = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def test_it_flags_a_stripe_key_in_env_without_echoing_it():
    text = f'[env]\n  STRIPE_KEY = "{STRIPE_KEY}"\n'
    assert [f for f in validate(text, CLEAN_DOCKERIGNORE) if f.rule == "SEC301"] == [
        Finding(
            rule="SEC301",
            severity="error",
            message="env.STRIPE_KEY looks like a Stripe Access Key: sk_l…(32 chars)",
            hint="Run `fly secrets set STRIPE_KEY=...` and remove STRIPE_KEY from fly.toml.",
            file="fly.toml",
            line=2,
            path="env.STRIPE_KEY",
        )
    ]


def test_the_secret_value_never_appears_in_any_finding():
    text = f'[env]\n  STRIPE_KEY = "{STRIPE_KEY}"\n[build.args]\n  TOKEN = "{STRIPE_KEY}"\n'
    for finding in validate(text, CLEAN_DOCKERIGNORE):
        assert STRIPE_KEY not in finding.message + finding.hint


@pytest.mark.parametrize(
    ("rule", "fly_toml", "expected"),
    [
        pytest.param(
            "SEC301",
            """
            [env]
              DATABASE_URL = "postgres://shop:hunter22@db.internal:5432/shop"
              DB_PASSWORD = "hunter22-correct"
              RELEASE_COOKIE = "happy-cookie"
            """,
            [(2, "env.DATABASE_URL"), (3, "env.DB_PASSWORD"), (4, "env.RELEASE_COOKIE")],
            id="it_flags_credentials_and_secret_named_values_in_env",
        ),
        pytest.param(
            "SEC301",
            """
            [env]
              PORT = "8080"
              NEXT_PUBLIC_STRIPE_KEY = "pk_live_abc"
              SESSION_SECURE_COOKIE = "true"
              API_KEY_HEADER = "X-Api-Key"
              REDIS_URL = "redis://cache.internal:6379"
              SLACK_CHANNEL_ID = "C05B95LEN5C"
              PASSWORD = ""
            """,
            [],
            id="it_ignores_values_that_are_obviously_not_secrets",
        ),
        pytest.param(
            "SEC302",
            '[build.args]\n  NPM_TOKEN = "npm_abcdefghijklmnopqrstuvwxyz0123456789"\n',
            [(2, "build.args.NPM_TOKEN")],
            id="it_flags_a_token_in_build_args",
        ),
        pytest.param(
            "SEC302", '[build.args]\n  NODE_VERSION = "20"\n', [], id="it_accepts_plain_build_args"
        ),
        pytest.param(
            "SEC303",
            '[env]\n  DATADOG_API_KEY = ""\n  PASSWORD = "{YOUR_PASSWORD}"\n',
            [(2, "env.DATADOG_API_KEY"), (3, "env.PASSWORD")],
            id="it_warns_about_empty_or_placeholder_secrets",
        ),
        pytest.param(
            "SEC303", '[env]\n  LOG_LEVEL = ""\n', [], id="it_ignores_empty_non_secret_names"
        ),
        pytest.param(
            "SEC304",
            f'[checks.api]\n  type = "http"\n  [checks.api.headers]\n'
            f'    Authorization = "{STRIPE_KEY}"\n',
            [(4, "checks.api.headers.Authorization")],
            id="it_flags_a_credential_outside_env",
        ),
        pytest.param(
            "SEC304",
            '[build]\n  image = "ghcr.io/acme/shop:1.2.3"\n',
            [],
            id="it_accepts_ordinary_strings",
        ),
        pytest.param(
            "SEC305",
            '# Set DB_URL and JWT_SECRET via Fly secrets.\napp = "shop"\n',
            [(1, "")],
            id="it_notes_secrets_mentioned_but_not_documented",
        ),
        pytest.param(
            "SEC305",
            '[env]\n  ACCESS_TOKEN = ""\n',
            [(2, "env.ACCESS_TOKEN")],
            id="it_notes_secret_named_env_keys_without_documentation",
        ),
        pytest.param(
            "SEC305",
            '# fly secrets set DB_URL=...\n[env]\n  ACCESS_TOKEN = ""\n',
            [],
            id="it_accepts_documented_secrets",
        ),
        pytest.param(
            "SEC306",
            '# fly secrets set DATABASE_URL=...\n[env]\n  DATABASE_URL = "postgres://localhost/dev"\n',
            [(3, "env.DATABASE_URL")],
            id="it_warns_about_a_documented_secret_in_env",
        ),
        pytest.param(
            "SEC306",
            '# fly secrets set DATABASE_URL=...\n[env]\n  PORT = "8080"\n',
            [],
            id="it_accepts_secrets_not_in_env",
        ),
    ],
)
def test_secret_rule(rule, fly_toml, expected):
    assert hits(rule, toml(fly_toml)) == expected


def test_secret_rule_paths_end_with_the_secret_name():
    text = '[env]\n  DB_PASSWORD = "hunter22-correct"\n[build.args]\n  NPM_TOKEN = ""\n'
    names = [
        f.path.rsplit(".", 1)[-1]
        for f in validate(text, CLEAN_DOCKERIGNORE)
        if f.rule in SECRET_RULE_IDS
    ]
    assert names == ["DB_PASSWORD", "NPM_TOKEN"]


def test_mask_shows_a_prefix_only_of_long_values():
    assert mask(STRIPE_KEY) == "sk_l…(32 chars)"
    assert mask("hunter2") == "…(7 chars)"
