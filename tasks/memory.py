"""Hand the run process's freed heap pages back to the system (glibc only; no-ops elsewhere).

A run's main process frees about as much as it allocates per batch (documents out to the workers,
events back, rows into DuckDB), but from several threads (Prefect's task threads, the pool's feeder
and result threads). glibc gives contending threads heap arenas of their own, up to eight per core,
and keeps freed pages mapped. The run caps the arenas and trims the heap after each batch load.
On its own this did not make the process flat: most of its growth (about 5 MB per 1,000 articles)
was whole batches that Prefect's client kept alive through finished task runs, which the flow now
empties once loaded (`timeline_flow._release`; `benchmarks/prefect_memory.py` measures it).
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
