import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configs.secrets import (
    FlySecret,
    RequiredSecret,
    SecretsInputError,
    SecretsMatch,
    SecretSource,
    match_secrets,
    parse_fly_secrets_list,
    required_secrets,
)

FLY_TOML = """\
# Before the first deploy:
#   fly secrets set DATABASE_URL=postgres://... SECRET_KEY=...
app = "preflight-demo"

[[files]]
  guest_path = "/etc/ssl/client.pem"
  secret_name = "CLIENT_CERT"

[env]
  STRIPE_API_KEY = "sk_live_not_here"
  # fly secrets set SENTRY_DSN=https://...
"""

COMMENT_DATABASE_URL = SecretSource("comment", "documented as `fly secrets set` on line 2", 2)
COMMENT_SECRET_KEY = SecretSource("comment", "documented as `fly secrets set` on line 2", 2)
POLICY = SecretSource("policy", "required by the app's policy", None)


def test_required_secrets_merge_sources_in_order_of_first_mention():
    required = required_secrets(
        FLY_TOML,
        policy_names=["SECRET_KEY", "REDIS_URL"],
        flagged=[("STRIPE_API_KEY", 10, "SEC301"), ("SECRET_KEY", None, "SEC302")],
    )
    assert required == [
        RequiredSecret("DATABASE_URL", (COMMENT_DATABASE_URL,)),
        RequiredSecret(
            "SECRET_KEY",
            (
                COMMENT_SECRET_KEY,
                POLICY,
                SecretSource("finding", "hardcoded value flagged by SEC302", None),
            ),
        ),
        RequiredSecret(
            "SENTRY_DSN",
            (SecretSource("comment", "documented as `fly secrets set` on line 11", 11),),
        ),
        RequiredSecret(
            "CLIENT_CERT",
            (SecretSource("config", "written to /etc/ssl/client.pem by [[files]]", 7),),
        ),
        RequiredSecret("REDIS_URL", (POLICY,)),
        RequiredSecret(
            "STRIPE_API_KEY",
            (SecretSource("finding", "hardcoded value flagged by SEC301 on line 10", 10),),
        ),
    ]


def test_required_secrets_list_each_source_once():
    required = required_secrets("", ["REDIS_URL", "REDIS_URL"], [])
    assert required == [RequiredSecret("REDIS_URL", (POLICY,))]


def test_unparseable_toml_still_yields_comment_and_policy_names():
    broken = "# fly secrets set DATABASE_URL=...\n[http_service\n"
    assert required_secrets(broken, ["REDIS_URL"], []) == [
        RequiredSecret(
            "DATABASE_URL",
            (SecretSource("comment", "documented as `fly secrets set` on line 1", 1),),
        ),
        RequiredSecret("REDIS_URL", (POLICY,)),
    ]


def test_no_secrets_required():
    assert required_secrets('app = "quiet"\n', [], []) == []


# The shapes flyctl has printed for `fly secrets list --json` (superfly/flyctl
# internal/command/secrets/list.go): Go field names from the GraphQL API, then snake_case
# from the Machines API, and now name, digest and a deployment status.
GRAPHQL_ERA = """[
  {
    "Name": "DATABASE_URL",
    "Digest": "3b1f6c2e8a7d4f90",
    "CreatedAt": "2023-03-14T09:26:53Z"
  },
  {
    "Name": "SECRET_KEY",
    "Digest": "9e107d9d372bb682",
    "CreatedAt": "2023-03-14T09:26:53Z"
  }
]
"""
MACHINES_ERA = (
    '[{"name": "DATABASE_URL", "digest": "3b1f6c2e8a7d4f90", '
    '"created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-02-01T00:00:00Z"}]'
)
CURRENT = """[
  {
    "name": "DATABASE_URL",
    "digest": "3b1f6c2e8a7d4f90",
    "status": "Deployed"
  },
  {
    "name": "SENTRY_DSN",
    "digest": "5d41402abc4b2a76",
    "status": "Staged"
  }
]
"""


def test_parse_graphql_era_output():
    assert parse_fly_secrets_list(GRAPHQL_ERA) == [
        FlySecret("DATABASE_URL", "3b1f6c2e8a7d4f90", None, "2023-03-14T09:26:53Z"),
        FlySecret("SECRET_KEY", "9e107d9d372bb682", None, "2023-03-14T09:26:53Z"),
    ]


def test_parse_machines_era_output():
    assert parse_fly_secrets_list(MACHINES_ERA) == [
        FlySecret("DATABASE_URL", "3b1f6c2e8a7d4f90", None, "2025-01-02T03:04:05Z")
    ]


def test_parse_current_output_with_status():
    assert parse_fly_secrets_list(CURRENT) == [
        FlySecret("DATABASE_URL", "3b1f6c2e8a7d4f90", "Deployed", None),
        FlySecret("SENTRY_DSN", "5d41402abc4b2a76", "Staged", None),
    ]


def test_parse_app_without_secrets():
    assert parse_fly_secrets_list("[]\n") == []


PASTE = "paste the output of `fly secrets list --json`"
NEVER_STORED = (
    f"Preflight never stores secret values: {PASTE}, which contains only names and digests."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", f"Nothing was pasted: {PASTE}.", id="empty"),
        pytest.param(" \n\t\n", f"Nothing was pasted: {PASTE}.", id="blank"),
        pytest.param(
            "[" + " " * 1_000_000 + "]",
            f"The pasted text is larger than 1 MB: {PASTE}.",
            id="too_large",
        ),
        pytest.param(
            "NAME          DIGEST            STATUS\nDATABASE_URL  3b1f6c2e8a7d4f90  Deployed\n",
            "The pasted text is not JSON (Expecting value at line 1, column 1): "
            f"{PASTE}, with --json.",
            id="table_output_not_json",
        ),
        pytest.param(
            '[\n  {"name": "A", "digest": "x"},\n  {"name": "B" "digest": "y"}\n]',
            "The pasted text is not JSON (Expecting ',' delimiter at line 3, column 16): "
            f"{PASTE}, with --json.",
            id="not_json_with_line_and_column",
        ),
        pytest.param(
            "[" * 100_000,
            f"The JSON is nested too deeply: {PASTE}.",
            id="nested_too_deeply",
        ),
        pytest.param(
            '{"name": "A", "digest": "x"}',
            f"The JSON is an object, not an array of secrets: {PASTE}.",
            id="not_a_list",
        ),
        pytest.param(
            '[{"name": "A", "digest": "x"}, "B"]',
            "Item 2 is a string, not an object with a name and a digest.",
            id="item_not_an_object",
        ),
        pytest.param('[{"digest": "x"}]', 'Item 1 has no "name".', id="missing_name"),
        pytest.param(
            '[{"name": null, "digest": "x"}]',
            'Item 1: "name" is null, not a string.',
            id="name_not_a_string",
        ),
        pytest.param(
            '[{"name": "my-secret", "digest": "x"}]',
            'Item 1: "name" is not a valid secret name '
            "(letters, digits and underscores, not starting with a digit).",
            id="invalid_name",
        ),
        pytest.param(
            '[{"name": "1PASSWORD", "digest": "x"}]',
            'Item 1: "name" is not a valid secret name '
            "(letters, digits and underscores, not starting with a digit).",
            id="name_starting_with_a_digit",
        ),
        pytest.param('[{"name": "A"}]', 'Item 1 (A) has no "digest".', id="missing_digest"),
        pytest.param(
            '[{"name": "A", "digest": 42}]',
            'Item 1 (A): "digest" is a number, not a string.',
            id="digest_not_a_string",
        ),
        pytest.param(
            '[{"name": "A", "digest": "x", "status": true}]',
            'Item 1 (A): "status" is a boolean, not a string.',
            id="status_not_a_string",
        ),
        pytest.param(
            '[{"name": "A", "digest": "x"}, {"name": "B", "digest": "y"},'
            ' {"Name": "A", "Digest": "z"}]',
            "Item 3 repeats the name A of item 1.",
            id="duplicate_names",
        ),
        pytest.param(
            json.dumps([{"name": "A" * 201, "digest": "x"}]),
            'Item 1: "name" is 201 characters; the limit is 200.',
            id="name_too_long",
        ),
        pytest.param(
            json.dumps([{"name": "A", "digest": "0" * 129}]),
            'Item 1 (A): "digest" is 129 characters; the limit is 128.',
            id="digest_too_long",
        ),
        pytest.param(
            json.dumps([{"name": "A", "digest": "x", "status": "Deployed " * 5}]),
            'Item 1 (A): "status" is 45 characters; the limit is 40.',
            id="status_too_long",
        ),
    ],
)
def test_malformed_input_is_refused_with_what_and_where(text, message):
    with pytest.raises(SecretsInputError) as raised:
        parse_fly_secrets_list(text)
    assert raised.value.message == message
    assert str(raised.value) == message


SECRET_VALUE = "correct-horse-battery-staple-42"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            json.dumps([{"name": "DATABASE_URL", "value": SECRET_VALUE}]),
            f'Item 1 has a "value" field. {NEVER_STORED}',
            id="value_field",
        ),
        pytest.param(
            json.dumps([{"name": "A", "digest": "x"}, {"Name": "B", "Value": SECRET_VALUE}]),
            f'Item 2 has a "Value" field. {NEVER_STORED}',
            id="value_field_capitalised",
        ),
        pytest.param(
            json.dumps({"DATABASE_URL": {"secret": SECRET_VALUE}}),
            f'The JSON has a "secret" field. {NEVER_STORED}',
            id="secret_field_nested",
        ),
        pytest.param(
            f"DATABASE_URL=postgres://app:{SECRET_VALUE}@db/app\nSECRET_KEY={SECRET_VALUE}\n",
            f"Line 1 looks like NAME=value. {NEVER_STORED}",
            id="dotenv_file",
        ),
        pytest.param(
            f"# production\nexport SECRET_KEY='{SECRET_VALUE}'\n",
            f"Line 2 looks like NAME=value. {NEVER_STORED}",
            id="exported_shell_variable",
        ),
        pytest.param(
            "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
            f"Line 1 looks like a secret (GitHub Token). {NEVER_STORED}",
            id="bare_token",
        ),
        pytest.param(
            json.dumps(
                [{"name": "A", "digest": "x", "note": "AKIAIOSFODNN7EXAMPLE"}],
            ),
            f"Item 1 looks like it holds a secret (AWS Access Key). {NEVER_STORED}",
            id="known_token_format_in_a_field",
        ),
        pytest.param(
            json.dumps([{"name": "A", "digest": "x", "token": "a8Kd93jfLq0PzXv7Yt2Wb5Nc1Hm4Rs6U"}]),
            f"Item 1 looks like it holds a secret (Base64 High Entropy String). {NEVER_STORED}",
            id="high_entropy_string",
        ),
        pytest.param(
            json.dumps(["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]),
            f"Item 1 looks like it holds a secret (Stripe Access Key). {NEVER_STORED}",
            id="token_in_an_array",
        ),
    ],
)
def test_secret_values_are_refused_without_repeating_them(text, message):
    with pytest.raises(SecretsInputError) as raised:
        parse_fly_secrets_list(text)
    assert raised.value.message == message
    for value in (SECRET_VALUE, "AKIA", "ghp_", "sk_live", "a8Kd93"):
        assert value not in raised.value.message


def test_random_looking_digests_and_dates_are_not_taken_for_secrets():
    text = json.dumps(
        [{"name": "API_TOKEN", "digest": "c0ffee5a1e7b9d3f2a8e6b4c1d0f9e7a", "status": "Staged"}]
    )
    assert parse_fly_secrets_list(text) == [
        FlySecret("API_TOKEN", "c0ffee5a1e7b9d3f2a8e6b4c1d0f9e7a", "Staged", None)
    ]


@given(st.text(max_size=200))
def test_parse_raises_nothing_but_secrets_input_error(text):
    try:
        parse_fly_secrets_list(text)
    except SecretsInputError as error:
        assert error.message


def secret(name: str) -> FlySecret:
    return FlySecret(name, f"digest-of-{name}", "Deployed", None)


def test_match_secrets_present_missing_and_extra():
    required = required_secrets(FLY_TOML, ["REDIS_URL"], [])
    listed = [secret("REDIS_URL"), secret("OLD_API_KEY"), secret("DATABASE_URL")]
    match = match_secrets(required, listed)
    by_name = {item.name: item for item in required}
    assert match == SecretsMatch(
        present=[
            (by_name["DATABASE_URL"], secret("DATABASE_URL")),
            (by_name["REDIS_URL"], secret("REDIS_URL")),
        ],
        missing=[by_name["SECRET_KEY"], by_name["SENTRY_DSN"], by_name["CLIENT_CERT"]],
        extra=[secret("OLD_API_KEY")],
    )


def test_match_with_nothing_listed_marks_everything_missing():
    required = required_secrets("", ["REDIS_URL"], [])
    assert match_secrets(required, []) == SecretsMatch([], required, [])


def test_the_input_limits_are_what_the_checklist_stores():
    from configs.models import SecretStatus
    from configs.secrets import MAX_FIELD_CHARS, MAX_NAME_CHARS

    fields = {field.name: field.max_length for field in SecretStatus._meta.fields}
    assert (fields["name"], fields["digest"], fields["fly_status"]) == (
        MAX_NAME_CHARS,
        MAX_FIELD_CHARS["digest"],
        MAX_FIELD_CHARS["status"],
    )
