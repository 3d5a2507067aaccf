"""Keep a long run's memory flat: hand freed heap pages back to the system (glibc only).

A run's main process frees as much as it allocates per batch (documents out to the workers, events
back, rows into DuckDB), but from several threads (Prefect's task threads, the pool's feeder and
result threads). glibc gives each contending thread its own heap arena, up to eight per core, and
keeps freed pages of every arena mapped, so the resident size creeps up batch after batch although
the live objects stay the same (tracemalloc sees no growth). Fewer arenas and a trim after each
batch keep it where it started. Both are no-ops where glibc is not the allocator.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2


@cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc has it, musl does not
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's heap arenas for threads started from now on; True if it applied."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, arenas))


def trim_heap() -> bool:
    """Return free heap pages to the system; True if any were released."""
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0))
