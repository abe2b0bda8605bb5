"""Independent Dijkstra searches on all cores: forked workers writing into shared arrays.

``scipy.sparse.csgraph.dijkstra`` holds the GIL, so threads run one search at a
time (measured: two threads take as long as one after the other). The searches
of the distance stage are independent (one per service category or police
source set), so they are split over processes instead: the graph is shared with
the forked workers copy-on-write (nothing is pickled or copied), and each worker
writes its rows of the distance and predecessor arrays straight into anonymous
shared memory that the parent allocated before forking. Every row is computed
by the same scipy call with the same inputs as in one process, so the results
are identical to the last bit. The parent either does a share of the rows itself
(:func:`dijkstra_rows`) or leaves them all to workers and goes on with other work
until it needs them (:func:`start_rows`; the distance stage runs the police
searches while the walk searches run).

Forking is used only where it exists (Linux, macOS), only for graphs large
enough to pay for it (:data:`siting.settings.parallel_min_nodes`) and only from a
process running a single thread (the command line, the benchmarks): a child
forked from a threaded process, such as the app's server, could inherit a lock
another thread held and wait for ever, so there the searches run in one process.
A worker that fails is not trusted: its rows are computed again in the parent.
A worker does not fork workers of its own: it is already one of the processes
the cores are shared among.

:func:`call_forked` runs any other independent step (parsing the file reader's
nodes) in one forked worker under the same rules, and hands its result back
pickled through a pipe. :func:`run_behind` runs a step whose result is a file
(storing a prepared study in the cache) while this process goes on; the process
waits for such workers before it exits.
"""

from __future__ import annotations

import atexit
import logging
import mmap
import os
import pickle
import signal
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from . import settings

__all__ = ["Forked", "Searches", "call_forked", "can_fork", "dijkstra_rows", "large_file",
           "run_behind", "start_rows", "wait_behind", "worker_count"]

T = TypeVar("T")

log = logging.getLogger(__name__)


def worker_count() -> int:
    """Processes to search in: :data:`siting.settings.parallel_workers` or the usable cores."""
    if settings.parallel_workers is not None:
        return max(1, int(settings.parallel_workers))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def large_file(path: Path, choice: bool | None = None) -> bool:
    """Whether work on the file at ``path`` is split over workers: ``choice`` if given,
    else whether it has :data:`siting.settings.parallel_min_file_mb` or more."""
    if choice is not None:
        return choice
    return path.stat().st_size >= settings.parallel_min_file_mb * 1e6


_IN_WORKER = False  # set in a forked worker: it forks no workers of its own


def can_fork() -> bool:
    """True where a worker process may be forked: there is a second core to run it,
    the platform forks, and this process runs a single thread and is no worker
    itself (module docstring)."""
    return (worker_count() >= 2 and hasattr(os, "fork") and threading.active_count() == 1
            and not _IN_WORKER)


def _forks(matrix: csr_matrix, roots: np.ndarray) -> int:
    """How many processes to split the searches over (1: search here, in one go)."""
    workers = min(worker_count(), len(roots))
    if workers < 2 or matrix.shape[0] < settings.parallel_min_nodes or not can_fork():
        return 1
    return workers


class Forked(Generic[T]):
    """A call running in a forked worker; :meth:`result` waits for its value."""

    def __init__(self, call: Callable[[], T], pid: int, pipe: int) -> None:
        self.call, self.pid, self.pipe = call, pid, pipe

    def result(self) -> T:
        """The call's value; computed here if the worker failed."""
        value: T | None = None
        try:
            with os.fdopen(self.pipe, "rb") as stream:
                value = pickle.load(stream)
        except Exception:  # whatever came through is not trusted: the call is made here
            value = None
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or value is None:
            log.warning("a worker process failed (exit code %d); its work is done here",
                        os.waitstatus_to_exitcode(status))
            return self.call()
        return value

    def cancel(self) -> None:
        """Stop the worker and forget its value (when this process gave up waiting)."""
        os.close(self.pipe)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def call_forked(call: Callable[[], T]) -> Forked[T] | None:
    """Start ``call()`` in a forked worker and return at once; None where forking is
    not safe or there is no second core (the caller then calls it itself).

    ``call`` must return a picklable value other than None. Its value comes back
    through a pipe when :meth:`Forked.result` is asked for; a worker that fails is
    not trusted, and the call is made again in this process.
    """
    if not can_fork():
        return None
    read, write = os.pipe()

    def send() -> None:
        os.close(read)
        with os.fdopen(write, "wb") as stream:
            pickle.dump(call(), stream, protocol=pickle.HIGHEST_PROTOCOL)

    pid = _fork(send)
    os.close(write)
    return Forked(call, pid, read)


class Searches:
    """Searches under way in forked workers; :meth:`result` waits for them (and first
    does the searches left to this process)."""

    def __init__(self, matrix: csr_matrix, roots: np.ndarray, dist: np.ndarray,
                 pred: np.ndarray, children: dict[int, np.ndarray],
                 here: np.ndarray | None = None) -> None:
        self.matrix, self.roots = matrix, roots
        self.dist, self.pred, self.children = dist, pred, children
        self.here = np.empty(0, np.int64) if here is None else here

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """The distance and predecessor rows, once every worker is done (a failed
        worker's rows are computed here)."""
        if len(self.here):
            self.dist[self.here], self.pred[self.here] = _search(self.matrix,
                                                                 self.roots[self.here])
            self.here = np.empty(0, np.int64)
        for pid, share in self.children.items():
            _, status = os.waitpid(pid, 0)
            if status != 0:
                log.warning("a search worker failed (status %d); its searches run here", status)
                self.dist[share], self.pred[share] = _search(self.matrix, self.roots[share])
        self.children = {}
        # every row is done: let the searched matrix go (the distance stage's rooted
        # copy of its graph, 63 MiB at 4x4, need not outlive the searches)
        self.matrix = csr_matrix((1, 1))
        return self.dist, self.pred


def _fork_shares(matrix: csr_matrix, roots: np.ndarray, shares: list[np.ndarray],
                 here: np.ndarray | None = None) -> Searches:
    """Fork one worker per share into shared result arrays; ``here`` is left to
    this process (done by :meth:`Searches.result`)."""
    n, k = matrix.shape[0], len(roots)
    dist, pred = _shared((k, n), np.float64), _shared((k, n), np.int32)
    children = {}
    for share in shares:
        children[_fork(partial(_child, matrix, roots, share, dist, pred))] = share
    return Searches(matrix, roots, dist, pred, children, here)


def start_rows(matrix: csr_matrix, roots: np.ndarray, busy: int = 0) -> Searches:
    """Start :func:`dijkstra_rows`'s searches and return at once.

    The roots are split into :func:`worker_count` + 1 shares: one worker process
    per core takes a share, and the last is left to this process, which does it
    when it asks for the :meth:`Searches.result` (after its other work). With
    ``busy`` workers of the caller's already at work, as many fewer are forked
    (the caller then has no other work to do before the result). Where forking
    does not pay or is not safe (see the module docstring) all searches are done
    here before returning.
    """
    workers = _forks(matrix, roots)
    if workers < 2:
        dist, pred = _search(matrix, roots)
        return Searches(matrix, roots, dist, pred, {})
    shares = np.array_split(np.arange(len(roots)), max(2, workers + 1 - busy))
    return _fork_shares(matrix, roots, shares[:-1], here=shares[-1])


def dijkstra_rows(matrix: csr_matrix, roots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run ``dijkstra(matrix, directed=True, indices=roots, return_predecessors=True)``.

    The same result as the one scipy call, computed on up to :func:`worker_count`
    processes (this one included) when the graph is large enough.
    """
    workers = _forks(matrix, roots)
    if workers < 2:
        return _search(matrix, roots)
    shares = np.array_split(np.arange(len(roots)), workers)
    searches = _fork_shares(matrix, roots, shares[1:])
    searches.dist[shares[0]], searches.pred[shares[0]] = _search(matrix, roots[shares[0]])
    return searches.result()


_BEHIND: list[int] = []  # workers started by run_behind, not yet waited for


def run_behind(task: Callable[[], object], what: str) -> bool:
    """Start ``task()`` in a forked worker and return True at once; False where forking
    is not safe or there is no second core (the caller then runs it itself).

    The worker inherits this process's open files (a lock held on one stays held
    until the worker ends). A task that raises is reported as a warning naming
    ``what``. This process waits for its workers before it exits
    (:func:`wait_behind`).
    """
    if not can_fork():
        return False
    def run() -> None:
        try:
            task()
        except Exception as err:
            log.warning("%s failed (%s)", what, err)
            raise

    pid = _fork(run)
    if not _BEHIND:
        atexit.register(wait_behind)
    _BEHIND.append(pid)
    return True


def wait_behind() -> None:
    """Wait for every worker :func:`run_behind` started."""
    while _BEHIND:
        os.waitpid(_BEHIND.pop(), 0)


def _search(matrix: csr_matrix, roots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dist, pred = dijkstra(matrix, directed=True, indices=roots, return_predecessors=True)
    return dist.reshape(len(roots), -1), pred.reshape(len(roots), -1)


def _fork(work: Callable[[], object]) -> int:
    """Fork a worker that runs ``work()`` and leaves without running any cleanup (exit
    status 0, or 1 if ``work`` raised); return the worker's process id."""
    pid = os.fork()
    if pid == 0:
        global _IN_WORKER
        _IN_WORKER = True
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def _child(matrix: csr_matrix, roots: np.ndarray, share: np.ndarray, dist: np.ndarray,
           pred: np.ndarray) -> None:
    """A search worker's work: its share of the rows, written into the shared arrays."""
    dist[share], pred[share] = _search(matrix, roots[share])


def _shared(shape: tuple[int, int], dtype: type) -> np.ndarray:
    """A zeroed array in anonymous memory shared with processes forked afterwards."""
    size = max(1, int(np.prod(shape)) * np.dtype(dtype).itemsize)
    buffer = mmap.mmap(-1, size)  # MAP_SHARED | MAP_ANONYMOUS
    return np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape))).reshape(shape)
