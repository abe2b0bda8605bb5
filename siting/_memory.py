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
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["return_large_blocks"]

_M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
_BLOCK = 128 * 1024  # glibc's own starting limit, kept


def return_large_blocks() -> bool:
    """Fix glibc's map limit at 128 KiB (see the module docstring); True if done."""
    if not sys.platform.startswith("linux"):
        return False
    try:  # the interpreter's own symbols, libc's among them (find_library would run ldconfig)
        return bool(ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _BLOCK))
    except (OSError, AttributeError):  # no glibc (musl has no mallopt)
        return False
