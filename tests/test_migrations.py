"""Data migrations carry existing data over exactly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("configs", "0005_reviews_can_be_withdrawn")]
AFTER = [("configs", "0006_revision_parent_approved")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_parent_approved_is_copied_from_the_creation_events():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    FlyApp = apps.get_model("configs", "FlyApp")
    Revision = apps.get_model("configs", "Revision")
    AuditEvent = apps.get_model("configs", "AuditEvent")
    author = User.objects.create(username="alice")
    app = FlyApp.objects.create(slug="billing", name="billing")
    parent = None
    for number, sealed in [(1, False), (2, True), (3, False)]:
        parent = Revision.objects.create(
            app=app, number=number, parent=parent, fly_toml="", author=author, message=""
        )
        data = {"number": number, **({"parent_approved": True} if sealed else {})}
        AuditEvent.objects.create(kind="revision_created", app=app, revision=parent, data=data)
    try:
        apps = migrate(AFTER)
        Revision = apps.get_model("configs", "Revision")
        sealed = Revision.objects.filter(parent_approved=True).values_list("number", flat=True)
        assert list(sealed) == [2]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
