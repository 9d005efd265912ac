"""The only place that forks, pickles or touches the garbage collector.

Process pools over forked workers (which inherit the loaded tables and the data, so only jobs
and results are pickled), a background child, counters shared with children, and the
collector pause of batch jobs. Wherever a child cannot be made or dies, the work is done in
this process: a pool is a speed-up, never a new way to fail.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Background", "claimed", "default_workers", "fork_available", "in_child",
           "paused_gc", "pickled", "run_forked", "shared_counter", "unpickled"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch job, then restore it as it was.

    A batch creates millions of long-lived, acyclic objects (prepared records, memo tables);
    each full collection walks all of them (about a second at 100 k records) and finds
    nothing to free, since reference counting frees them. On the way out they are moved to
    the oldest generation, so the caller's next allocations do not set off collections that
    walk them all again. Nested uses are harmless.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # everything made meanwhile sits in the youngest generation: the first collection
        # after the job would walk all of it, and the next ones again as it is promoted
        # generation by generation. Moving it to the oldest generation at once (what
        # unfreeze does) leaves it to the rare full collections.
        gc.freeze()
        gc.unfreeze()
        if was:
            gc.enable()


def default_workers() -> int:
    """Processes the library's pools use unless told otherwise: up to 2 (the slow stages
    split in two; more adds pickling and memory for little)."""
    return min(2, os.cpu_count() or 1)


def fork_available() -> bool:
    """Whether worker processes can be forked (Linux): the library's process pools inherit
    loaded tables and the data to work on instead of pickling them. Not inside a daemonic
    process (a ``multiprocessing.Pool`` worker), which may not have children: the work is
    then done in that process."""
    import multiprocessing
    import sys

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


_SHARED: list[Any] = [None]  # what run_forked's workers read, inherited through fork


def _call_shared(func: Callable[[Any, Any], list[Any]], job: Any) -> list[Any]:
    return func(_SHARED[0], job)


def run_forked(func: Callable[..., list[Any]], jobs: list[Any], *, shared: Any = None
               ) -> list[Any]:
    """``func`` over ``jobs``, concatenated: the first job in this process, the others in
    forked workers (which inherit every loaded table and global, so only the jobs and the
    results are pickled). With ``shared``, ``func(shared, job)`` is called instead: the
    workers inherit ``shared`` too (records, values, rules), never pickled. When worker
    processes cannot be made (a sandbox, no ``fork``) or die, the remaining jobs run here: a
    pool is a speed-up, never a new way to fail.

    >>> run_forked(lambda xs: [x * 2 for x in xs], [[1, 2], [3]])
    [2, 4, 6]
    >>> run_forked(lambda k, xs: [x * k for x in xs], [[1, 2], [3]], shared=10)
    [10, 20, 30]
    """
    import concurrent.futures
    import multiprocessing

    if not jobs:
        return []
    call: Callable[[Any], list[Any]] = (func if shared is None
                                        else functools.partial(func, shared))
    rest = jobs[1:]
    if rest and fork_available():
        # the children inherit the whole heap copy-on-write; their garbage collector would
        # walk (and so copy) every inherited object: freeze them out of its reach first
        before = _SHARED[0]
        _SHARED[0] = shared
        gc.freeze()
        try:
            with concurrent.futures.ProcessPoolExecutor(
                    max_workers=len(rest), mp_context=multiprocessing.get_context("fork")) as ex:
                futures = [ex.submit(func, job) if shared is None
                           else ex.submit(_call_shared, func, job)
                           for job in rest]  # they start now ...
                results = list(call(jobs[0]))  # ... while this process does the first job
                done = [f.result() for f in futures]
        except (OSError, concurrent.futures.process.BrokenProcessPool, pickle.PicklingError,
                AttributeError, TypeError):  # what failing to ship the job or func raises
            pass
        else:
            for part in done:
                results.extend(part)
            return results
        finally:
            gc.unfreeze()
            _SHARED[0] = before
    results = list(call(jobs[0]))
    for job in rest:
        results.extend(call(job))
    return results


class Background:
    """``func(shared, job)`` started in a forked child, so that this process can do other
    work meanwhile; :meth:`result` waits for it. Where no child can be made (no ``fork``, a
    sandbox) or it dies, :meth:`result` runs the job here instead: never a new way to fail.
    The child inherits ``shared`` and every loaded table; only its result is pickled.

    >>> Background(lambda k, xs: [x * k for x in xs], [1, 2], shared=10).result()
    [10, 20]
    """

    def __init__(self, func: Callable[[Any, Any], list[Any]], job: Any, *, shared: Any = None
                 ) -> None:
        import multiprocessing

        self._call = functools.partial(func, shared, job)
        self._conn: Any = None
        self._proc: Any = None
        if not fork_available():
            return
        try:
            ctx = multiprocessing.get_context("fork")
            receive, send = ctx.Pipe(duplex=False)
            gc.freeze()  # out of the child's collector's reach (see run_forked)
            try:
                proc = ctx.Process(target=_send_result, args=(self._call, send), daemon=True)
                proc.start()
            finally:
                gc.unfreeze()
            send.close()
        except OSError:
            return
        self._conn, self._proc = receive, proc

    def result(self) -> list[Any]:
        """The job's result (waiting for the child)."""
        if self._conn is not None:
            try:
                got = self._conn.recv()
            except (EOFError, OSError):  # the child died: do the job here
                got = None
            finally:
                self._conn.close()
                self._proc.join()
                self._conn = None
            if got is not None:
                return got  # type: ignore[no-any-return]
        return self._call()


class _LocalCounter(list):  # type: ignore[type-arg]
    """Counters in this process only (where none can be shared with forked children)."""

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


def shared_counter() -> Any:
    """Two counters (chunks taken from the front and from the back of a list of work, with
    ``.get_lock()``) shared with the children forked after they are made, for
    :func:`claimed`; plain ones where children cannot be forked."""
    if fork_available():
        import multiprocessing

        try:
            return multiprocessing.get_context("fork").Array("q", 2)
        except (OSError, ImportError):  # no shared semaphores (some sandboxes)
            pass
    return _LocalCounter([0, 0])


def claimed(counter: Any, chunks: int, *, from_end: bool = False) -> Iterator[int]:
    """Indexes of ``chunks`` chunks of work taken from ``counter`` until none is left, from
    the front (or, with ``from_end``, from the back): processes that share the counter
    (:func:`shared_counter`) share the work however fast each one is, each chunk going to
    exactly one of them. Taking from both ends keeps what each end takes together.

    >>> counter = shared_counter()
    >>> next(claimed(counter, 5, from_end=True)), list(claimed(counter, 5))
    (4, [0, 1, 2, 3])
    """
    while True:
        with counter.get_lock():
            front, back = counter[0], counter[1]
            if front + back >= chunks:
                return
            if from_end:
                counter[1] = back + 1
            else:
                counter[0] = front + 1
        yield chunks - 1 - back if from_end else front


def pickled(value: Any) -> bytes:
    """``value`` pickled now, for :func:`unpickled` in the parent: a forked child that
    pickles the pieces of its result as it makes them, while the parent is busy, then sends
    them at once as bytes (sending bytes costs next to no pickling). Plain tuples pickle
    several times faster than named tuples.

    >>> unpickled(pickled([("VN-REQ-002", "birth_date")]))
    [('VN-REQ-002', 'birth_date')]
    """
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpickled(data: bytes) -> Any:
    """What :func:`pickled` pickled (only ever bytes made by this library's own children).

    >>> unpickled(pickled({"n": 1}))
    {'n': 1}
    """
    return pickle.loads(data)


def in_child(parent: int) -> bool:
    """Whether this is a process forked from the process ``parent`` (:func:`os.getpid`).

    >>> in_child(os.getpid())
    False
    """
    return os.getpid() != parent


def _send_result(call: Callable[[], list[Any]], conn: Any) -> None:
    try:
        conn.send(call())
    finally:
        conn.close()

