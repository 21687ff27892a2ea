"""Generate apps x revisions of realistic history, for query-count tests and benchmarks.

    python manage.py generate_history                      # 200 apps x 500 revisions
    python manage.py generate_history --apps 3 --revisions 7 --seed 2
    python manage.py generate_history --replace            # delete generated apps, then generate

Generated apps are the ones whose slug starts with `gen-`; nothing else is touched. The command
refuses to run (exit 1) while generated apps exist, unless --replace is given: it then deletes
those apps with everything that points at them (revisions, audit events, reviews...) first.
Users (amara, bjorn, ...) are created with unusable passwords; give one a password with
`manage.py grant <user> <app> <role> --password ...` to browse the data.

Histories are computed in worker processes (--jobs, default one per CPU) and inserted with
bulk_create, one revision number at a time across a batch of apps so that every parent's primary
key is known. Findings come from the real rule engine with the app's policy (check_config),
cached by text per app.
"""

import multiprocessing
import os
import random
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django import setup as django_setup
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from configs.actions import do_create_app, do_set_membership, do_update_policy
from configs.checklist import required_for
from configs.models import (
    AuditEvent,
    FlyApp,
    Review,
    Revision,
    Role,
    SecretStatus,
    Verdict,
    content_sha256,
    revision_sha256,
)
from configs.synthetic import AppHistory, load_dockerignores, load_templates, rename_app
from configs.validation import check_config

PREFIX = "gen-"
SERVICES = [
    "billing-api",
    "checkout",
    "auth",
    "search",
    "notifications",
    "media-worker",
    "admin-web",
    "ledger",
    "reports",
    "gateway",
    "inventory",
    "webhooks",
    "scheduler",
    "storefront",
    "analytics",
    "chat",
]
# (username, role on the apps they are given): editors write most revisions.
PEOPLE = [
    ("amara", Role.EDITOR),
    ("bjorn", Role.EDITOR),
    ("chen", Role.EDITOR),
    ("dara", Role.EDITOR),
    ("emeka", Role.EDITOR),
    ("farah", Role.APPROVER),
    ("gosia", Role.APPROVER),
    ("hiro", Role.VIEWER),
]
HISTORY_DAYS = (180, 730)  # each app's history starts this many days ago (random in range)
APPS_PER_BATCH = 25
APPROVED_SHARE = 0.7  # of revisions with no error
CHANGES_REQUESTED_SHARE = 0.15
NO_DOCKERIGNORE_SHARE = 0.15


def default_corpus() -> Path:
    shared = os.environ.get("PREFLIGHT_SHARED_DIR")
    return (Path(shared) if shared else settings.BASE_DIR.parent / "shared") / "corpus"


@dataclass(frozen=True)
class AppSpec:
    index: int
    app: FlyApp
    fly_toml: str
    dockerignore: str | None
    authors: tuple[int, ...]  # user ids, editors first (they write most revisions)
    approvers: tuple[int, ...]
    revisions: int
    seed: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ReviewData:
    verdict: str
    reviewer_id: int
    comment: str
    created_at: datetime
    confirmed_secrets: tuple[str, ...]  # confirmed (as set in Fly) just before an approval


@dataclass(frozen=True)
class RevisionData:
    fly_toml: str
    dockerignore: str | None
    sha256: str
    fly_toml_sha256: str
    message: str
    author_id: int
    created_at: datetime
    findings: list
    ruleset_version: str
    parent_approved: bool  # the parent was approved for deploy when this replaced it
    review: ReviewData | None


def _worker_setup() -> None:
    if not django_apps.ready:  # spawned rather than forked
        django_setup()


def build_history(spec: AppSpec) -> tuple[int, list[RevisionData]]:
    """Every revision of one app, in order: text, message, author, time, findings, review."""
    rng = random.Random(spec.seed)
    history = AppHistory(spec.app.slug, spec.fly_toml, spec.dockerignore, rng)
    span = (spec.end - spec.start).total_seconds()
    times = sorted(
        spec.start + timedelta(seconds=rng.uniform(0, span)) for _ in range(spec.revisions)
    )
    times.append(spec.end)
    weights = [3 if i < len(spec.authors) - 1 else 1 for i in range(len(spec.authors))]
    findings_by_text: dict[tuple[str, str | None], tuple[list, str]] = {}
    revisions = []
    parent_approved = False
    for number, created_at in enumerate(times[:-1], start=1):
        if number == 1:
            fly_toml, dockerignore = history.fly_toml, history.dockerignore
            message = "Initial Fly config, as deployed today"
        else:
            edit = history.next_edit()
            fly_toml, dockerignore, message = edit.fly_toml, edit.dockerignore, edit.message
        key = (fly_toml, dockerignore)
        if key not in findings_by_text:
            findings_by_text[key] = check_config(spec.app, fly_toml, dockerignore)
        findings, ruleset_version = findings_by_text[key]
        author_id = rng.choices(spec.authors, weights=weights)[0]
        revision = Revision(app=spec.app, fly_toml=fly_toml, findings=findings)
        review = _review(rng, spec, revision, author_id, created_at, times[number])
        revisions.append(
            RevisionData(
                fly_toml=fly_toml,
                dockerignore=dockerignore,
                sha256=revision_sha256(fly_toml, dockerignore),
                fly_toml_sha256=content_sha256(fly_toml),
                message=message,
                author_id=author_id,
                created_at=created_at,
                findings=findings,
                ruleset_version=ruleset_version,
                parent_approved=parent_approved,
                review=review,
            )
        )
        parent_approved = review is not None and review.verdict == Verdict.APPROVE
    return spec.index, revisions


def _review(rng, spec: AppSpec, revision: Revision, author_id, created_at, next_at):
    """Most clean revisions are approved (their secrets confirmed first), some get changes
    requested, the rest are never reviewed; always by an approver other than the author,
    while the revision is still the latest."""
    reviewers = [user for user in spec.approvers if user != author_id]
    if not reviewers:
        return None
    errors = [finding for finding in revision.findings if finding["severity"] == "error"]
    at = created_at + (next_at - created_at) * rng.uniform(0.1, 0.9)
    chance = rng.random()
    if not errors and chance < APPROVED_SHARE:
        secrets = tuple(secret.name for secret in required_for(revision))
        comment = rng.choice(["", "", "LGTM", "Looks good, ship it.", "Checked the diff."])
        return ReviewData(Verdict.APPROVE, rng.choice(reviewers), comment, at, secrets)
    if chance > 1 - CHANGES_REQUESTED_SHARE:
        if errors:
            comment = f"Please fix {errors[0]['rule']} first: {errors[0]['message']}"
        else:
            comment = rng.choice(["Why this change?", "Split this into two revisions, please."])
        return ReviewData(Verdict.REQUEST_CHANGES, rng.choice(reviewers), comment, at, ())
    return None


@contextmanager
def historical_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at we give instead of auto_now_add's "now"."""
    fields = [model._meta.get_field("created_at") for model in model_classes]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def delete_generated_apps(app_ids: list[int]) -> None:
    """Raw-delete the apps and every row pointing at them or their revisions, in one go.

    Revisions and audit events are append-only on purpose; this bypasses that for generated
    data only. Foreign keys are checked at commit, so a row left pointing at a deleted one
    (from a model this does not know) makes the whole deletion fail instead of dangling.
    """
    with transaction.atomic():
        for model in django_apps.get_models():
            if model in (FlyApp, Revision):
                continue  # last, once nothing joins through them any more
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.related_model not in (FlyApp, Revision):
                    continue
                lookup = "__in" if field.related_model is FlyApp else "__app__in"
                model._base_manager.filter(**{field.name + lookup: app_ids})._raw_delete(
                    model._base_manager.db
                )
        Revision._base_manager.filter(app__in=app_ids)._raw_delete(Revision._base_manager.db)
        FlyApp._base_manager.filter(pk__in=app_ids)._raw_delete(FlyApp._base_manager.db)


class Command(BaseCommand):
    help = "Generate apps x revisions of realistic fly.toml history (slugs start with gen-)."

    def add_arguments(self, parser):
        parser.add_argument("--apps", type=int, default=200, help="number of apps (200)")
        parser.add_argument("--revisions", type=int, default=500, help="per app (500)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same history")
        parser.add_argument(
            "--replace", action="store_true", help="delete generated apps first, if any"
        )
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes"
        )
        parser.add_argument(
            "--corpus",
            type=Path,
            default=None,
            help="folder with flytoml/ and dockerignore/ (default: ../shared/corpus if present)",
        )

    def handle(self, *, apps, revisions, seed, replace, jobs, corpus, **options):
        if apps < 1 or revisions < 1 or jobs < 1:
            raise CommandError("--apps, --revisions and --jobs must be at least 1.")
        existing = list(FlyApp.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        if existing and not replace:
            raise CommandError(
                f"{len(existing)} generated apps ({PREFIX}...) already exist. "
                "Run with --replace to delete them and generate again."
            )
        started = time.perf_counter()
        if existing:
            delete_generated_apps(existing)
            self.stdout.write(f"Deleted {len(existing)} generated apps and their history.")
        corpus = corpus if corpus is not None else default_corpus()
        templates = load_templates(settings.BASE_DIR, corpus)
        ignore_files = load_dockerignores(settings.BASE_DIR, corpus)
        specs = self._create_apps(apps, revisions, seed, templates, ignore_files)
        total = self._insert_histories(specs, jobs)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Generated {apps} apps and {total} revisions from {len(templates)} templates "
            f"in {seconds:.1f} s ({total / seconds:.0f} revisions/s)."
        )

    def _create_apps(self, count, revisions, seed, templates, ignore_files) -> list[AppSpec]:
        """Apps, memberships and policies through the ordinary actions (audited)."""
        rng = random.Random(f"{seed}:apps")
        now = timezone.now()
        users = {name: self._user(name) for name, _ in PEOPLE}
        specs = []
        with transaction.atomic():
            for index in range(count):
                service = SERVICES[index % len(SERVICES)]
                slug = f"{PREFIX}{service}-{index + 1:03d}"
                app = do_create_app(slug, name=f"{service.replace('-', ' ').title()} {index + 1}")
                members = rng.sample(PEOPLE, k=5)
                editors = [name for name, role in members if role == Role.EDITOR][:3]
                approvers = [name for name, role in members if role == Role.APPROVER][:1]
                if not editors:
                    editors = ["amara"]
                if not approvers:
                    approvers = ["farah"]
                roles = {name: Role.EDITOR for name in editors}
                roles |= {name: Role.APPROVER for name in approvers}
                roles["hiro"] = Role.VIEWER
                for name, role in roles.items():
                    do_set_membership(app, users[name], role, actor=None)
                template = templates[index % len(templates)]
                fly_toml = rename_app(template.fly_toml, slug)
                if index % 4 == 3:
                    app = self._strict_policy(app, fly_toml)
                dockerignore = (
                    None
                    if rng.random() < NO_DOCKERIGNORE_SHARE
                    else ignore_files[index % len(ignore_files)]
                )
                specs.append(
                    AppSpec(
                        index=index,
                        app=app,
                        fly_toml=fly_toml,
                        dockerignore=dockerignore,
                        authors=tuple(users[name].pk for name in editors + approvers),
                        approvers=tuple(users[name].pk for name in approvers),
                        revisions=revisions,
                        seed=f"{seed}:{index}",
                        start=now - timedelta(days=rng.uniform(*HISTORY_DAYS)),
                        end=now,
                    )
                )
        return specs

    def _user(self, username: str) -> User:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _strict_policy(self, app: FlyApp, fly_toml: str) -> FlyApp:
        """Pin the app to its first region and port, so later edits can break the policy."""
        document = tomllib.loads(fly_toml)
        region = document.get("primary_region")
        service = document.get("http_service") or (document.get("services") or [{}])[0]
        port = service.get("internal_port") if isinstance(service, dict) else None
        values = {}
        if isinstance(region, str):
            values["required_primary_region"] = region
        if isinstance(port, int):
            values["required_internal_port"] = port
        return do_update_policy(app, actor=None, values=values) if values else app

    def _insert_histories(self, specs: list[AppSpec], jobs: int) -> int:
        """Insert histories batch by batch of apps as the workers hand them over."""
        if jobs == 1:
            results = map(build_history, specs)
            pool = None
        else:
            pool = multiprocessing.get_context().Pool(jobs, initializer=_worker_setup)
            results = pool.imap(build_history, specs)
        total = 0
        try:
            batch = []
            for index, history in results:
                batch.append((specs[index], history))
                if len(batch) == APPS_PER_BATCH:
                    total += self._insert_batch(batch)
                    batch = []
            if batch:
                total += self._insert_batch(batch)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        return total

    @transaction.atomic
    def _insert_batch(self, batch: list[tuple[AppSpec, list[RevisionData]]]) -> int:
        """One revision number at a time across the batch, so each parent already has a pk."""
        parents: dict[int, Revision | None] = {spec.index: None for spec, _ in batch}
        inserted = 0
        depth = max(len(history) for _, history in batch)
        with historical_timestamps(Revision, AuditEvent, Review):
            for number in range(1, depth + 1):
                rows = [
                    (spec, history[number - 1]) for spec, history in batch if number <= len(history)
                ]
                created = Revision.objects.bulk_create(
                    [
                        Revision(
                            app=spec.app,
                            number=number,
                            parent=parents[spec.index],
                            fly_toml=data.fly_toml,
                            dockerignore=data.dockerignore,
                            sha256=data.sha256,
                            fly_toml_sha256=data.fly_toml_sha256,
                            author_id=data.author_id,
                            message=data.message,
                            created_at=data.created_at,
                            findings=data.findings,
                            ruleset_version=data.ruleset_version,
                            parent_approved=data.parent_approved,
                        )
                        for spec, data in rows
                    ]
                )
                events = []
                for (spec, data), revision in zip(rows, created, strict=True):
                    parents[spec.index] = revision
                    # as do_create_revision records it
                    created_data = {"number": revision.number, "sha256": revision.sha256}
                    if data.parent_approved:
                        created_data["parent_approved"] = True
                    events.append(
                        AuditEvent(
                            kind=AuditEvent.Kind.REVISION_CREATED,
                            actor_id=revision.author_id,
                            app=revision.app,
                            revision=revision,
                            data=created_data,
                            created_at=revision.created_at,
                        )
                    )
                    if data.review is not None:
                        events += self._review(revision, data.review)
                for model in (AuditEvent, Review, SecretStatus):
                    model.objects.bulk_create([row for row in events if type(row) is model])
                inserted += len(created)
        return inserted

    def _review(self, revision: Revision, review: ReviewData) -> list:
        """The review and its secret confirmations, with their audit events, as the actions
        (do_confirm_secret, do_approve_revision, do_request_changes) would store them."""
        confirmed_at = review.created_at - timedelta(seconds=60)
        rows: list = []
        for name in review.confirmed_secrets:
            rows.append(
                SecretStatus(
                    revision=revision,
                    name=name,
                    source=SecretStatus.Source.MANUAL,
                    confirmed_by_id=review.reviewer_id,
                    confirmed_at=confirmed_at,
                )
            )
            data = {"name": name, "source": SecretStatus.Source.MANUAL, "digest": ""}
            rows.append(self._event(AuditEvent.Kind.SECRET_CONFIRMED, revision, review, data))
        rows.append(
            Review(
                revision=revision,
                reviewer_id=review.reviewer_id,
                verdict=review.verdict,
                comment=review.comment,
                sha256=revision.sha256,
                created_at=review.created_at,
            )
        )
        data = {
            "number": revision.number,
            "verdict": review.verdict,
            "comment": review.comment,
            "sha256": revision.sha256,
        }
        if review.verdict == Verdict.APPROVE:
            required = revision.app.required_approvals
            data |= {"approvals": 1, "required": required, "approved": required <= 1}
        rows.append(self._event(AuditEvent.Kind.REVIEWED, revision, review, data))
        return rows

    def _event(self, kind: str, revision: Revision, review: ReviewData, data: dict) -> AuditEvent:
        before = timedelta(seconds=0 if kind == AuditEvent.Kind.REVIEWED else 60)
        return AuditEvent(
            kind=kind,
            actor_id=review.reviewer_id,
            app=revision.app,
            revision=revision,
            data=data,
            created_at=review.created_at - before,
        )
