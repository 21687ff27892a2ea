import pytest

from configs.models import AuditEvent, Immutable, Revision, revision_sha256


def test_a_saved_revision_cannot_be_changed(revision):
    revision.message = "rewritten history"
    with pytest.raises(Immutable, match="cannot be changed once saved"):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).message == "First config"


def test_a_revision_cannot_be_changed_through_a_queryset(revision):
    with pytest.raises(Immutable):
        Revision.objects.filter(pk=revision.pk).update(fly_toml="app = 'x'")


def test_a_revision_cannot_be_deleted(revision):
    with pytest.raises(Immutable, match="cannot be deleted"):
        revision.delete()
    with pytest.raises(Immutable):
        Revision.objects.filter(pk=revision.pk).delete()
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_audit_events_are_append_only(revision):
    event = AuditEvent.objects.filter(revision=revision).get()
    event.data = {}
    with pytest.raises(Immutable):
        event.save()
    with pytest.raises(Immutable):
        AuditEvent.objects.all().delete()


def test_the_digest_tells_a_missing_dockerignore_from_an_empty_one():
    assert revision_sha256("app = 'a'", None) != revision_sha256("app = 'a'", "")


def test_the_digest_keeps_file_boundaries():
    assert revision_sha256("ab", "c") != revision_sha256("a", "bc")
