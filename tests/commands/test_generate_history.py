import io
import tomllib
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from configs.approval import approval_status, approved_revision, was_approved_when_superseded
from configs.models import (
    ROLE_RANK,
    AuditEvent,
    FlyApp,
    Membership,
    Review,
    Revision,
    Role,
    Verdict,
    content_sha256,
    revision_sha256,
)
from configs.rules import RULESET_VERSION
from configs.synthetic import rename_app
from configs.validation import check_config
from tests.conftest import add_revision


def generate(**options) -> str:
    out = io.StringIO()
    options = {"apps": 3, "revisions": 7, "seed": 2, "jobs": 1, **options}
    call_command("generate_history", stdout=out, **options)
    return out.getvalue()


def history() -> list[tuple]:
    return list(
        Revision.objects.filter(app__slug__startswith="gen-")
        .order_by("app__slug", "number")
        .values_list("app__slug", "number", "fly_toml", "dockerignore", "message", "author")
    )


def test_it_generates_apps_by_revisions(db):
    out = generate()
    assert "Generated 3 apps and 21 revisions" in out
    apps = list(FlyApp.objects.order_by("slug"))
    assert [app.slug for app in apps] == ["gen-auth-003", "gen-billing-api-001", "gen-checkout-002"]
    assert Revision.objects.count() == 21
    audit = AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_CREATED)
    assert audit.count() == 21
    for app in apps:
        revisions = list(app.revisions.order_by("number"))
        assert [revision.number for revision in revisions] == [1, 2, 3, 4, 5, 6, 7]
        assert revisions[0].parent is None
        for parent, child in pairwise(revisions):
            assert child.parent_id == parent.pk
            assert child.created_at >= parent.created_at
            # each revision is one edit of its parent
            assert (child.fly_toml, child.dockerignore) != (parent.fly_toml, parent.dockerignore)
        for revision in revisions:
            assert tomllib.loads(revision.fly_toml)["app"] == app.slug
            assert revision.sha256 == revision_sha256(revision.fly_toml, revision.dockerignore)
            assert revision.fly_toml_sha256 == content_sha256(revision.fly_toml)
            assert revision.ruleset_version == RULESET_VERSION
            assert (
                revision.findings == check_config(app, revision.fly_toml, revision.dockerignore)[0]
            )
            role = Membership.objects.get(app=app, user=revision.author).role
            assert ROLE_RANK[role] >= ROLE_RANK[Role.EDITOR]
            event = audit.get(revision=revision)
            assert event.app == app and event.actor == revision.author
            assert event.created_at == revision.created_at
            parent_approved = revision.parent is not None and was_approved(revision.parent)
            assert event.data == {"number": revision.number, "sha256": revision.sha256} | (
                {"parent_approved": True} if parent_approved else {}
            )
            assert revision.parent_approved is parent_approved


def was_approved(revision: Revision) -> bool:
    return revision.reviews.filter(verdict=Verdict.APPROVE).exists()


def test_reviews_follow_the_approval_rules(db):
    """Approvals only where the real approval rules approve, by another approver, in time."""
    generate(apps=4, revisions=30, seed=6)
    reviews = Review.objects.select_related("revision__app", "revision__author")
    assert reviews.filter(verdict=Verdict.APPROVE).count() >= 10
    assert reviews.filter(verdict=Verdict.REQUEST_CHANGES).count() >= 3
    for review in reviews:
        revision = review.revision
        assert review.reviewer != revision.author
        role = Membership.objects.get(app=revision.app, user=review.reviewer).role
        assert role == Role.APPROVER
        assert review.sha256 == revision.sha256
        following = Revision.objects.filter(app=revision.app, number=revision.number + 1).first()
        assert revision.created_at < review.created_at
        assert following is None or review.created_at < following.created_at
    for app in FlyApp.objects.all():
        latest = app.revisions.order_by("-number").first()
        assert approval_status(latest).approved == was_approved(latest)
        for revision in app.revisions.exclude(pk=latest.pk):
            assert was_approved_when_superseded(revision) == was_approved(revision)
        approved = approved_revision(app)
        newest = app.revisions.filter(reviews__verdict=Verdict.APPROVE).order_by("-number")
        assert (approved[0] if approved else None) == newest.first()


def test_every_app_has_editors_an_approver_and_a_viewer(db):
    generate()
    for app in FlyApp.objects.all():
        roles = sorted(app.memberships.values_list("role", flat=True))
        assert roles.count(Role.VIEWER) == 1
        assert roles.count(Role.APPROVER) >= 1
        assert roles.count(Role.EDITOR) >= 1


def test_it_refuses_to_generate_over_generated_apps(db):
    generate()
    before = history()
    with pytest.raises(CommandError) as error:
        generate(seed=3)
    assert str(error.value) == (
        "3 generated apps (gen-...) already exist. "
        "Run with --replace to delete them and generate again."
    )
    assert history() == before


def test_replace_deletes_generated_apps_and_keeps_the_others(db, revision, alice, bob):
    generate()
    generated = Revision.objects.get(app__slug="gen-auth-003", number=7)
    review = Review.objects.create(
        revision=generated, reviewer=bob, verdict=Verdict.REQUEST_CHANGES, sha256=generated.sha256
    )
    first = history()
    out = generate(replace=True, apps=2, revisions=4, seed=5)
    assert "Deleted 3 generated apps and their history." in out
    assert FlyApp.objects.filter(slug__startswith="gen-").count() == 2
    assert Revision.objects.filter(app__slug__startswith="gen-").count() == 8
    assert history() != first
    assert not Review.objects.filter(pk=review.pk).exists()
    assert not Review.objects.exclude(revision__app__slug__startswith="gen-").exists()
    # the hand-made app, its revision and its audit trail are untouched
    assert list(Revision.objects.filter(app__slug="tynebase-backend")) == [revision]
    assert AuditEvent.objects.filter(app=revision.app).count() == 4
    assert add_revision(revision.app, alice).number == 2


def test_the_same_seed_gives_the_same_history(db):
    generate()
    first = history()
    generate(replace=True)
    assert history() == first
    generate(replace=True, seed=3)
    assert history() != first


def test_worker_processes_give_the_same_history(db):
    generate(jobs=1)
    in_process = history()
    generate(replace=True, jobs=2)
    assert history() == in_process


def test_without_the_corpus_it_starts_from_the_built_in_configs(db, tmp_path, settings):
    generate(corpus=tmp_path, apps=5, revisions=1)
    demo = sorted((settings.BASE_DIR / "configs" / "demo" / "tynebase").glob("*.fly.toml"))
    sources = [*demo, settings.BASE_DIR / "fly.toml"]
    for app in FlyApp.objects.all():
        index = int(app.slug.rsplit("-", 1)[1]) - 1
        source = sources[index % len(sources)]
        assert app.revisions.get().fly_toml == rename_app(source.read_text(), app.slug)


@pytest.mark.parametrize("option", ["apps", "revisions", "jobs"])
def test_sizes_must_be_positive(db, option):
    with pytest.raises(CommandError, match="must be at least 1"):
        generate(**{option: 0})
