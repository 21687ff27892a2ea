import hashlib

import pytest

from configs.actions import RevisionConflict, do_create_revision
from configs.models import AuditEvent, Revision
from tests.conftest import DOCKERIGNORE, FLY_TOML, add_revision


def test_it_numbers_revisions_per_app_and_links_the_parent(app, alice):
    first = add_revision(app, alice)
    second = add_revision(app, alice, fly_toml=FLY_TOML + "\n# more\n")
    assert (first.number, first.parent) == (1, None)
    assert (second.number, second.parent) == (2, first)


def test_it_stores_both_files_byte_exact_with_digests(app, alice):
    fly_toml = '\ufeffapp = "x"  \r\nprimary_region = "lhr"'
    revision = add_revision(app, alice, fly_toml=fly_toml, dockerignore=".env\r\n")
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.fly_toml == fly_toml
    assert stored.dockerignore == ".env\r\n"
    assert stored.fly_toml_sha256 == hashlib.sha256(fly_toml.encode()).hexdigest()
    assert len(stored.sha256) == 64


def test_it_refuses_a_base_that_is_not_the_latest(app, alice):
    add_revision(app, alice)
    latest = add_revision(app, alice, message="second")
    with pytest.raises(RevisionConflict) as raised:
        do_create_revision(
            app,
            author=alice,
            fly_toml=FLY_TOML,
            dockerignore=DOCKERIGNORE,
            message="stale",
            base_number=1,
        )
    assert raised.value.latest == latest
    assert str(raised.value) == ("This edit started from #1, but the latest revision is now #2.")
    assert app.revisions.count() == 2


def test_it_refuses_a_first_revision_when_one_already_exists(app, alice):
    add_revision(app, alice)
    with pytest.raises(RevisionConflict, match="started from an empty app"):
        add_revision(app, alice, base_number=None)


def test_it_records_an_audit_event(app, alice):
    revision = add_revision(app, alice)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_CREATED)
    assert (event.actor, event.app, event.revision) == (alice, app, revision)
    assert event.data == {"number": 1, "sha256": revision.sha256}
