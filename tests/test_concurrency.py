"""Races, with real threads and one database connection each (SQLite and PostgreSQL in CI)."""

import threading

import pytest
from django.db import connection

from configs.actions import RevisionConflict, do_create_revision
from configs.models import AuditEvent, Revision
from tests.conftest import DOCKERIGNORE, FLY_TOML, add_revision

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, work) -> list:
    """Start `count` threads on `work(index)` together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # the outcome under test, whatever it is
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_saves_on_the_same_base_make_exactly_one_revision(app, alice):
    add_revision(app, alice)

    def save(index: int) -> Revision:
        return do_create_revision(
            app,
            author=alice,
            fly_toml=FLY_TOML + f"# edit {index}\n",
            dockerignore=DOCKERIGNORE,
            message=f"edit {index}",
            base_number=1,
        )

    results = run_at_once(20, save)
    saved = [result for result in results if isinstance(result, Revision)]
    conflicts = [result for result in results if isinstance(result, RevisionConflict)]
    assert (len(saved), len(conflicts)) == (1, 19)
    assert all(conflict.latest.number == 2 for conflict in conflicts)
    assert list(app.revisions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_CREATED).count() == 2


def test_twenty_saves_each_on_the_latest_get_gapless_unique_numbers(app, alice):
    add_revision(app, alice)

    def save_on_latest(index: int) -> Revision:
        while True:
            latest = app.revisions.order_by("-number").first()
            try:
                return do_create_revision(
                    app,
                    author=alice,
                    fly_toml=FLY_TOML + f"# edit {index}\n",
                    dockerignore=DOCKERIGNORE,
                    message=f"edit {index}",
                    base_number=latest.number,
                )
            except RevisionConflict:
                continue  # someone else saved first: rebase and try again

    results = run_at_once(20, save_on_latest)
    assert all(isinstance(result, Revision) for result in results)
    numbers = list(app.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 22))
    parents = dict(app.revisions.values_list("number", "parent__number"))
    assert all(parents[number] == number - 1 for number in range(2, 22))
