"""``map_forked`` and ``in_background``: work shared with forked worker processes.

A cold load of a MIB corpus spends most of its time parsing files, one at a time, each
independent of the others: on a machine with several cores the files are shared out
(by size) between the process itself and ``os.fork`` children, and each child sends
its results back marshalled through a pipe. A child that fails in any way (it could
not be started, it died, its answer does not decode) costs nothing but time: its share
is done again in the process itself, so results and errors are exactly those of a
serial run. No child outlives the call (an interrupted call kills and reaps them).

``in_background`` runs one task whose only effects are files (cache entries written)
in a child while the process goes on; the caller waits for it before it is done, or
(``detached``) ``settle`` does, at the latest when the process exits, or (``outlive``)
the child may finish after this process has exited: a one-shot command's output is
then complete before its cache is (the task must only ever replace files atomically).

Forking is only done where it is safe and pays: a platform with ``fork``, a process
running one thread (a child of a threaded process may inherit a lock held forever),
another core that the load average says is idle (but for an ``outlive`` task), and
enough items for each worker.
"""

from __future__ import annotations

import atexit
import marshal
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["map_forked", "in_background", "settle", "worker_count", "MIN_ITEMS_PER_WORKER"]

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per worker, starting a process costs more than it saves.
MIN_ITEMS_PER_WORKER = 24
# A corpus is a few hundred files: beyond this many workers the shares are too small.
_MAX_WORKERS = 8


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _load_average() -> float:
    """Tasks running now besides this process (Linux's /proc/loadavg, running/total), else
    the one-minute load average. Not the average alone: it lags a minute, so a cold load
    right after other commands of its own (a script, a benchmark) found no idle core on
    an idle machine and stayed serial."""
    try:
        with open("/proc/loadavg", "rb") as fh:
            return max(0.0, float(fh.read().split()[3].split(b"/")[0]) - 1)
    except (OSError, IndexError, ValueError):
        pass
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def _spare_cores() -> int:
    """Cores besides this process's that are idle: a worker on a busy core only
    competes with this process (measured: a loaded 2-core machine ran the forked cold
    load slower than the serial one)."""
    return max(0, round(_cores() - 1 - _load_average()))


def _may_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def worker_count(items: int) -> int:
    """How many processes (this one included) share ``items`` items: 1 means serial."""
    if not _may_fork():
        return 1
    return max(1, min(1 + _spare_cores(), items // MIN_ITEMS_PER_WORKER, _MAX_WORKERS))


def in_background(task: Callable[[], object], *, detached: bool = False,
                  outlive: bool = False) -> Callable[[], bool]:
    """Start ``task`` (work whose effects are outside this process: files written) in
    a forked child when another core is free, else run it now; return the function
    that waits for it to end, True when it succeeded (a failed child's work is simply
    not done). The caller must call it, or pass ``detached``: then ``settle`` waits
    for it, and so does this process's exit unless ``outlive`` is given too.

    ``outlive``: forked even when no core is idle (this process is about to end, so the
    child does not compete with it for long), in a session of its own with its standard
    streams on /dev/null: it holds no pipe or terminal of this process's (a reader of
    this process's output sees its end when this process exits) and no signal of the
    terminal reaches it; once this process has exited, init reaps it."""
    pid = -1
    if _may_fork() and (outlive or _spare_cores() > 0):
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            code = 1
            try:
                if outlive:
                    _leave_session()
                task()
                code = 0
            except BaseException:  # noqa: BLE001 - reported to the parent as a failure
                pass
            finally:
                os._exit(code)
    if pid < 0:
        task()
        return lambda: True
    outcome: list[bool] = []

    def wait() -> bool:
        if not outcome:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:  # reaped already (SIGCHLD ignored): outcome unknown
                status = -1
            outcome.append(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
        return outcome[0]

    if detached:
        _detached.append((wait, outlive))
    return wait


def _leave_session() -> None:
    """In an ``outlive`` child: a session of its own, standard streams on /dev/null."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)


# Waits of detached background tasks not yet waited for, and whether each may outlive
# this process.
_detached: list[tuple[Callable[[], bool], bool]] = []


def settle() -> None:
    """Wait for every detached background task of this process to end."""
    while _detached:
        _detached.pop()[0]()


def _at_exit() -> None:
    """Wait for the detached tasks that may not outlive this process."""
    for wait, outlive in _detached:
        if not outlive:
            wait()
    _detached.clear()


atexit.register(_at_exit)


# A child also marshals its results (about an eighth of its parsing time, measured on
# the corpus) before this process can decode them: its share is made that much lighter.
_CHILD_COST = 1.125


def _shares(weights: Sequence[int], workers: int) -> list[list[int]]:
    """Item indexes split in ``workers`` shares (heaviest item first, each to the share
    that would finish first); the first share is this process's, the others the
    children's, whose weights count ``_CHILD_COST`` times."""
    loads = [0.0] * workers
    costs = [1.0] + [_CHILD_COST] * (workers - 1)
    shares: list[list[int]] = [[] for _ in range(workers)]
    for index in sorted(range(len(weights)), key=weights.__getitem__, reverse=True):
        first = min(range(workers), key=lambda k: loads[k] + costs[k] * (weights[index] + 1))
        shares[first].append(index)
        loads[first] += costs[first] * (weights[index] + 1)
    return [sorted(share) for share in shares]


def _spawn(job: Callable[[T], R], items: list[T]) -> tuple[int, int] | None:
    """(pid, read end of its pipe) of a child doing ``job`` over ``items``, or None."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            data = memoryview(marshal.dumps([job(item) for item in items]))
            while data:
                data = data[os.write(write_end, data):]
            code = 0
        except BaseException:  # noqa: BLE001 - the parent redoes this share and reports
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int, count: int) -> list[object] | None:
    """A child's results once it has finished, or None when it failed; the child is
    reaped whatever happens (killed first if this is interrupted)."""
    chunks = []
    finished = False
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
        finished = True
    finally:
        os.close(read_end)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped already (SIGCHLD ignored): judged by its answer
            status = 0
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        values = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return values if isinstance(values, list) and len(values) == count else None


def map_forked(job: Callable[[T], R], items: Sequence[T], weights: Sequence[int]) -> list[R]:
    """``[job(item) for item in items]``, computed by several processes when that pays.

    ``job``'s results must be marshallable (they come back through ``marshal``);
    ``weights`` (one per item, e.g. file sizes) balance the shares."""
    workers = worker_count(len(items))
    if workers <= 1:
        return [job(item) for item in items]
    own, *others = _shares(weights, workers)
    results: list[R | None] = [None] * len(items)
    children: list[tuple[int, int, list[int]]] = []
    try:
        for share in others:
            child = _spawn(job, [items[k] for k in share])
            if child is None:
                own = own + share
            else:
                children.append((*child, share))
        for k in own:
            results[k] = job(items[k])
        while children:
            pid, read_end, share = children.pop(0)
            values = _collect(pid, read_end, len(share))
            if values is None:
                values = [job(items[k]) for k in share]
            for k, value in zip(share, values):
                results[k] = value  # type: ignore[assignment]
    finally:
        for pid, read_end, _ in children:  # interrupted: no child left behind
            try:
                os.close(read_end)
            except OSError:
                pass
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
    return results  # type: ignore[return-value]
