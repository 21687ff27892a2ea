from configs.actions import do_confirm_secret
from configs.checklist import required_for, secrets_checklist
from tests.conftest import FLY_TOML, add_revision

DOCUMENTED = "# fly secrets set DATABASE_URL=... SENTRY_DSN=...\n" + FLY_TOML
HARDCODED = DOCUMENTED + '\n[env]\n  STRIPE_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXGLNQhpumbfYGZ3c"\n'


def test_required_secrets_come_from_comments_policy_and_flagged_values(app, alice):
    app.required_secrets = ["DATABASE_URL", "REDIS_URL"]
    app.save()
    revision = add_revision(app, alice, fly_toml=HARDCODED)
    required = required_for(revision)
    assert [(secret.name, [source.kind for source in secret.sources]) for secret in required] == [
        ("DATABASE_URL", ["comment", "policy"]),
        ("SENTRY_DSN", ["comment"]),
        ("REDIS_URL", ["policy"]),
        ("STRIPE_KEY", ["finding"]),
    ]
    assert required[3].sources[0].detail == "hardcoded value flagged by SEC301 on line 13"


def test_progress_counts_confirmed_secrets(app, alice, bob):
    revision = add_revision(app, alice, fly_toml=DOCUMENTED)
    do_confirm_secret(revision, "SENTRY_DSN", actor=bob)
    checklist = secrets_checklist(revision)
    assert (checklist.confirmed, len(checklist.items), checklist.complete) == (1, 2, False)
    assert checklist.unconfirmed_names == ["DATABASE_URL"]


def test_a_changed_digest_since_an_earlier_revision_is_shown_as_rotated(app, alice, bob):
    first = add_revision(app, alice, fly_toml=DOCUMENTED)
    do_confirm_secret(first, "DATABASE_URL", actor=bob, source="fly_secrets_list", digest="aaa")
    second = add_revision(app, alice, fly_toml=DOCUMENTED + "# tweak\n")
    do_confirm_secret(second, "DATABASE_URL", actor=bob, source="fly_secrets_list", digest="bbb")
    do_confirm_secret(second, "SENTRY_DSN", actor=bob, source="fly_secrets_list", digest="ccc")
    items = {item.name: item for item in secrets_checklist(second).items}
    assert items["DATABASE_URL"].rotated_from == "aaa"
    assert items["SENTRY_DSN"].rotated_from == ""
