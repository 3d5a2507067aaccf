"""The heap trim hands freed pages back, and the arena cap applies (glibc; skipped elsewhere)."""

from __future__ import annotations

import os

import pytest

from tasks import memory

pytestmark = pytest.mark.skipif(memory._libc() is None, reason="glibc only")


def _rss_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_trim_returns_freed_pages():
    blocks = [bytes(2048) + bytes([i % 256]) for i in range(60_000)]  # ~120 MB through malloc
    before_free = _rss_kb()
    del blocks[::2]  # free every other block: holes the heap cannot give back without a trim
    assert memory.trim_heap() is True
    assert _rss_kb() < before_free
    del blocks


def test_limit_arenas_applies():
    assert memory.limit_arenas(8) is True  # a higher cap than the run's, harmless for the test process
