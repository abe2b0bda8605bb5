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

Reading a file is the exception (:func:`heap_while_reading`): its parser makes
and frees blocks of a few MiB by the thousand, and each one mapped afresh costs
the kernel's zeroing of its pages again. While the reader runs, blocks up to 32
MiB (glibc's own highest limit) come from the heap and are used again; when it
is done the limit is fixed at 128 KiB again and the heap's free pages are given
back. At 4x4 tiled Oslo the read takes about 4.3 s instead of 5.0 s; the reading
processes peak 40-60 MiB higher each, below the analysis's later peak, and hold
less once the read is over.

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
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["give_back_freed", "heap_while_reading", "return_large_blocks"]

_M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
_BLOCK = 128 * 1024  # glibc's own starting limit, kept
_READING_BLOCK = 32 * 1024 * 1024  # glibc's highest limit, while a file is read
_fixed = False  # whether return_large_blocks fixed the limit in this process


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
        global _fixed
        _fixed = True
    return done


@contextmanager
def heap_while_reading() -> Iterator[None]:
    """Let the heap serve blocks up to 32 MiB for the time of a file's read, then fix
    the limit at 128 KiB again and give the freed pages back (module docstring).
    Does nothing where :func:`return_large_blocks` has not fixed the limit.

    The limit is the process's: in the app's server, where two sessions may read at
    once, the first read to end fixes it again for both (only time depends on it).
    """
    if not _fixed:
        yield
        return
    libc = ctypes.CDLL(None)
    libc.mallopt(_M_MMAP_THRESHOLD, _READING_BLOCK)
    try:
        yield
    finally:
        libc.mallopt(_M_MMAP_THRESHOLD, _BLOCK)
        give_back_freed()


def give_back_freed() -> bool:
    """Return the heap's freed pages to the operating system (``malloc_trim``); True
    if any went back. Does nothing where glibc is not the allocator."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL(None).malloc_trim(0))
    except (OSError, AttributeError):  # no glibc
        return False
