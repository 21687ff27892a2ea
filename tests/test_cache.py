"""configs.cache.BoundedMemoryCache: LocMemCache that also keeps its pickled values within
MAX_BYTES, evicting the least recently used."""

import pickle

import pytest

from configs.cache import BoundedMemoryCache

VALUE = "x" * 1000
SIZE = len(pickle.dumps(VALUE, pickle.HIGHEST_PROTOCOL))


@pytest.fixture
def cache(request):
    made = BoundedMemoryCache(
        f"test-{request.node.name}", {"OPTIONS": {"MAX_BYTES": 3 * SIZE, "MAX_ENTRIES": 100}}
    )
    yield made
    made.clear()


def test_it_keeps_entries_while_they_fit(cache):
    for key in "abc":
        cache.set(key, VALUE)
    assert [cache.get(key) for key in "abc"] == [VALUE] * 3
    assert cache.bytes_held == 3 * SIZE


def test_it_evicts_the_least_recently_used_to_make_room(cache):
    for key in "abc":
        cache.set(key, VALUE)
    cache.get("a")
    cache.set("d", VALUE)
    assert cache.get("b") is None
    assert [cache.get(key) for key in "acd"] == [VALUE] * 3
    assert cache.bytes_held == 3 * SIZE


def test_it_keeps_nothing_larger_than_the_budget(cache):
    cache.set("a", VALUE)
    cache.set("huge", "x" * (4 * SIZE))
    assert cache.get("huge") is None
    assert cache.get("a") == VALUE
    assert cache.bytes_held == SIZE


def test_setting_a_key_again_counts_it_once(cache):
    cache.set("a", VALUE)
    cache.set("a", "short")
    assert cache.bytes_held == len(pickle.dumps("short", pickle.HIGHEST_PROTOCOL))


def test_deleting_and_clearing_release_the_bytes(cache):
    cache.set("a", VALUE)
    cache.set("b", VALUE)
    cache.delete("a")
    assert cache.bytes_held == SIZE
    cache.clear()
    assert cache.bytes_held == 0
    assert cache.get("b") is None


def test_culling_by_entry_count_releases_the_bytes_too(request):
    cache = BoundedMemoryCache(
        f"test-{request.node.name}",
        {"OPTIONS": {"MAX_BYTES": 100 * SIZE, "MAX_ENTRIES": 3, "CULL_FREQUENCY": 3}},
    )
    for key in "abcd":
        cache.set(key, VALUE)
    held = [key for key in "abcd" if cache.get(key) is not None]
    assert held == ["b", "c", "d"]
    assert cache.bytes_held == 3 * SIZE
    cache.clear()


def test_an_expired_entry_releases_its_bytes_when_read(cache):
    cache.set("a", VALUE, timeout=-1)
    assert cache.get("a") is None
    assert cache.bytes_held == 0


def test_the_settings_bound_both_caches(settings):
    from django.core.cache import caches

    assert isinstance(caches["default"], BoundedMemoryCache)
    assert isinstance(caches["pages"], BoundedMemoryCache)
    assert caches["default"]._max_bytes + caches["pages"]._max_bytes == 48 * 1024 * 1024
