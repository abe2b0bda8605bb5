"""Give large freed blocks back to the operating system at once (glibc only).

glibc's allocator serves blocks of 128 KiB or more with their own memory maps and
unmaps them when freed -- until the first such block is freed: then it raises that
limit, up to 32 MiB, to the size of the block, and later blocks below the new
limit come from the heap, which keeps them after they are freed. An analysis
frees many arrays of a few to 32 MiB (the reader's columns, the graph's
temporaries), so the process held on to them: at 4x4 tiled Oslo the peak was 68
MiB higher cold and 54 MiB higher warm than with the limit fixed at 128 KiB, for
no measurable gain in time (``bench/bench_scale.py``). The command line calls
:func:`return_large_blocks` when it starts, the app when its page is first made.
Elsewhere (macOS, Windows, musl) it does nothing.

pyarrow (which reads the file reader's OPL, :mod:`siting._opl`) allocates through
its own mimalloc pool by default, which keeps freed pages too: at 4x4 tiled
Oslo the reader's two processes peaked at 690 and 630 MiB with it and at 500 and
420 MiB with pyarrow's system pool, that is glibc's with the limit above, in the
same time. :func:`return_large_blocks` switches pyarrow to it as well.

Small blocks stay in the heap when freed. GEOS makes millions of them for a
spatial index of street segments (355 MiB at 4x4) that snapping builds only to
settle equally near segments, and lets go at once (``Network.tree``);
:func:`give_back_freed` returns the heap's free pages once the index is gone
(the heap's unused pages are released in place, so fragmentation does not keep
them).
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["give_back_freed", "return_large_blocks"]

_M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
_BLOCK = 128 * 1024  # glibc's own starting limit, kept


def return_large_blocks() -> bool:
    """Fix glibc's map limit at 128 KiB and have pyarrow allocate through glibc (see
    the module docstring); True if done."""
    if not sys.platform.startswith("linux"):
        return False
    try:  # the interpreter's own symbols, libc's among them (find_library would run ldconfig)
        done = bool(ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _BLOCK))
    except (OSError, AttributeError):  # no glibc (musl has no mallopt)
        return False
    if done:
        import pyarrow  # (pandas has imported it already)

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    return done


def give_back_freed() -> bool:
    """Return the heap's freed pages to the operating system (``malloc_trim``); True
    if any went back. Does nothing where glibc is not the allocator."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL(None).malloc_trim(0))
    except (OSError, AttributeError):  # no glibc
        return False
