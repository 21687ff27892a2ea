"""Django's per-process memory cache, bounded by the bytes it holds as well as by its entries.

LocMemCache culls by entry count only, but what Preflight keeps there (rendered revision pages
and the fragments of their sources and diffs) ranges from a few kB to several MB: a fly.toml
at the upload limit renders to megabytes of highlighted HTML. A count alone would let each
gunicorn worker grow past a small Fly Machine's memory. This cache also evicts the least
recently used entries until the pickled values fit in OPTIONS["MAX_BYTES"], and keeps no
entry larger than that.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 16 * 1024 * 1024

# Sizes of the pickled values, per cache name, shared like LocMemCache's own stores.
_sizes: dict[str, dict[str, int]] = {}


class BoundedMemoryCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._sizes = _sizes.setdefault(name, {})

    @property
    def bytes_held(self) -> int:
        with self._lock:
            return sum(self._sizes.values())

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        held = sum(self._sizes.values())
        while self._cache and held + len(value) > self._max_bytes:
            evicted, _ = self._cache.popitem()  # the least recently used
            del self._expire_info[evicted]
            held -= self._sizes.pop(evicted)
        super()._set(key, value, timeout)
        self._sizes[key] = len(value)

    def _cull(self):
        super()._cull()
        for key in self._sizes.keys() - self._cache.keys():
            del self._sizes[key]

    def _delete(self, key):
        self._sizes.pop(key, None)
        return super()._delete(key)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
