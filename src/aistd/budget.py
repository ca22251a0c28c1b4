"""Run one function over many items in watched worker processes, each item within a time and a memory budget.

A worker works on one item at a time (a few more are queued to it, so that it never waits for the parent). Its
address space is capped (`RLIMIT_AS`: its resident memory at the start, a little slack, and the budget), so an
item that needs more ends in a `MemoryError` or, in native code, in the worker's death; the parent watches the
clock and kills a worker whose item runs past the time budget. Either way the item's result is an
`Exceeded` (what went over, in words), the worker is replaced, and every other item's result is kept: a hostile
input costs its own result, never the run's report, and never a hang.

Workers are forked from the caller where the platform allows it (cheap, nothing imported twice, and no file is
opened to start one), else spawned. Only the standard library is used, so any layer may run its work here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from aistd.model.message import says

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Item = TypeVar("Item")
Result = TypeVar("Result")

GIB = 1024**3
DEFAULT_SECONDS = 60.0
"""The time one item may take, in seconds (`--max-seconds`)."""
DEFAULT_MEMORY = 2 * GIB
"""The memory one item may add to its worker, in bytes of address space (`--max-memory`)."""


@dataclass(frozen=True)
class Budget:
    """What one item may take: seconds of wall time and bytes of memory (None: no limit)."""

    seconds: float | None = DEFAULT_SECONDS
    memory: int | None = DEFAULT_MEMORY

    def describe_memory(self) -> str:
        """The memory budget in words."""
        if self.memory is None:
            return says("no memory limit")
        size = self.memory / GIB
        return f"{size:g} GiB" if size >= 1 else f"{self.memory / 1024**2:g} MiB"


@dataclass(frozen=True)
class Exceeded:
    """An item that did not end within its budget: why, in words (the time, the memory, or how its worker died)."""

    reason: str
    kind: str = "time"
    """What went over: time, memory, or died (the worker ended: out of memory in native code, or a crash)."""


_PARENT_ENDS: set[Connection] = set()
"""The parent's ends of every worker's pipes: a forked worker closes those of the others, so that each worker
sees the end of its task pipe (and leaves) when the parent is gone."""


class _Worker:
    """One worker process: the pipes to it, and the item it is working on, since when."""

    def __init__(self, function: Callable[[Any], Any], budget: Budget) -> None:
        from multiprocessing.connection import Pipe  # imported when workers start: `import aistd` stays light

        tasks_out, tasks_in = Pipe(duplex=False)
        results_out, results_in = Pipe(duplex=False)
        self.tasks, self.results = tasks_in, results_out
        self.queue: deque[int] = deque()  # the items sent, in order: the first is being worked on
        self.started = 0.0  # since when the first has been worked on
        self.process: Any = None
        if _can_fork():
            self.pid = os.fork()
            if self.pid == 0:  # the worker: serve until told to stop, then leave without the parent's exit handlers
                code = 0
                try:
                    for end in (tasks_in, results_out, *_PARENT_ENDS):
                        end.close()
                    _serve(tasks_out, results_in, function, budget.memory)
                except BaseException:  # a worker never returns into the parent's code
                    code = 1
                finally:
                    os._exit(code)
        else:  # pragma: no cover - platforms without fork
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self.process = context.Process(
                target=_serve, args=(tasks_out, results_in, function, budget.memory), daemon=True
            )
            self.process.start()
            self.pid = self.process.pid
        tasks_out.close()
        results_in.close()
        _PARENT_ENDS.update((self.tasks, self.results))

    def give(self, index: int, item: Any) -> None:
        """Queue an item for the worker (a worker that died meanwhile is noticed by its results pipe)."""
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(index)
        with contextlib.suppress(OSError):
            self.tasks.send((index, item))

    def done(self) -> int:
        """The item worked on is answered: the next one in the queue starts now."""
        self.started = time.monotonic()
        return self.queue.popleft()

    def stop(self) -> None:
        """Ask the worker to leave, and reap it (killed when it does not leave at once)."""
        with contextlib.suppress(OSError, ValueError):
            self.tasks.send(None)
        self.end(grace=1.0)

    def end(self, grace: float = 0.0) -> str:
        """Make sure the worker is gone (killed after `grace` seconds) and reaped; how it ended, in words."""
        deadline = time.monotonic() + grace
        status = self._reap(block=False)
        while status is None and time.monotonic() < deadline:
            time.sleep(0.005)
            status = self._reap(block=False)
        if status is None:
            if self.process is not None:  # pragma: no cover - spawned workers
                self.process.kill()
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            status = self._reap(block=True)
        for connection in (self.tasks, self.results):
            _PARENT_ENDS.discard(connection)
            connection.close()
        return status or says("ended")

    def _reap(self, block: bool) -> str | None:
        if self.process is not None:  # pragma: no cover - spawned workers
            self.process.join(None if block else 0)
            code = self.process.exitcode
            return None if code is None else _ending(code)
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return says("ended")
        return _ending(os.waitstatus_to_exitcode(status)) if pid else None


def _ending(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            return says("was ended by signal {number}", number=-code)
        return says("was ended by {signal}", signal=name)
    return says("exited with status {code}", code=code)


def _can_fork() -> bool:
    """Fork when the platform has it and this process runs no other thread (forking those is unsafe)."""
    import threading

    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


SLACK = 64 * 1024**2
"""Address space granted beyond the worker's resident memory at its start and the budget: a process maps a little
more than it touches (libraries, thread stacks, allocator arenas); more is found by trial when it has mapped more."""
MAX_SLACK = 64 * GIB
STEP = 16 * 1024**2


def _limit_memory(memory: int | None) -> None:
    """Cap this process's address space at what it has mapped plus `memory` bytes (to within STEP), where the
    platform can: Linux and the BSDs (macOS does not enforce the cap, Windows has none).

    The mapped size is not read (from /proc: validation opens nothing beyond its inputs) but found by trial: the
    cap starts at the resident memory plus SLACK plus `memory`, and while a mapping of `memory` bytes (never
    touched) does not fit under it, the slack is doubled, then narrowed down by halves. A process that cannot map
    `memory` bytes at all (past 64 GiB of slack) is left without a cap: the time budget still holds."""
    if memory is None:
        return
    try:
        import mmap
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)

    def fits(slack: int) -> bool:
        """Whether `memory` bytes can be mapped under a cap of resident + slack + memory (the cap stays set)."""
        limit = resident + slack + memory
        try:
            resource.setrlimit(
                resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard)
            )
            mmap.mmap(-1, memory, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS).close()
        except (OSError, ValueError, OverflowError):
            return False
        return True

    slack = SLACK
    while not fits(slack):
        if slack > MAX_SLACK:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
            return
        slack *= 2
    low, high = (slack // 2, slack) if slack > SLACK else (0, slack)
    while high - low > STEP and slack > SLACK:
        middle = (low + high) // 2
        low, high = (low, middle) if fits(middle) else (middle, high)
    fits(high)


def _serve(tasks: Connection, results: Connection, function: Callable[[Any], Any], memory: int | None) -> None:
    """The worker's loop: one item at a time, until told to stop; after a MemoryError it leaves (its heap may be
    in no state to go on)."""
    _limit_memory(memory)
    while True:
        try:
            task = tasks.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item = task
        try:
            message: tuple[int, str, Any] = (index, "done", function(item))
        except MemoryError:
            message = (index, "memory", None)
        except Exception as error:  # handed to the parent, which raises it
            message = (index, "error", f"{type(error).__name__}: {error}")
        try:
            results.send(message)
        except MemoryError:
            results.send((index, "memory", None))
            return
        except Exception as error:  # a result that cannot be sent (not picklable)
            results.send((index, "error", f"the result cannot be sent: {type(error).__name__}: {error}"))
        if message[1] == "memory":
            return


class WorkerError(RuntimeError):
    """An exception a worker's function raised (the function is expected to turn bad input into results)."""


IN_FLIGHT = 4
"""Items sent to a worker ahead of its answers, so that it never waits for the parent between two small items;
when a worker dies or runs out of time, the first is the culprit and the others are sent again elsewhere."""


def run_watched(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    budget: Budget,
    jobs: int = 1,
    advance: Callable[[], None] | None = None,
) -> list[Result | Exceeded]:
    """`function(item)` for every item, on `jobs` worker processes, in input order; an item past its budget (or
    whose worker dies) gives an `Exceeded`. `advance` is called as each result arrives.

    `function` and the items must be picklable where workers are spawned (forked workers inherit them), and the
    items small (paths, say): they are sent ahead through a pipe."""
    from multiprocessing.connection import wait

    results: list[Any] = [None] * len(items)
    pending = deque(range(len(items)))
    workers: list[_Worker] = []
    try:
        workers = [_Worker(function, budget) for _ in range(min(max(1, jobs), len(items)))]
        while pending or any(worker.queue for worker in workers):
            for worker in workers:
                while pending and len(worker.queue) < IN_FLIGHT:
                    index = pending.popleft()
                    worker.give(index, items[index])
            busy = [worker for worker in workers if worker.queue]
            ready = wait([worker.results for worker in busy], timeout=_timeout(busy, budget))
            for position, worker in enumerate(workers):
                if not worker.queue:
                    continue
                if worker.results in ready:
                    workers[position] = _collect(worker, function, budget, results, pending, advance)
                elif budget.seconds is not None and time.monotonic() - worker.started > budget.seconds:
                    worker.end()
                    late = says("checking the file ran past the {seconds:g} s time budget", seconds=budget.seconds)
                    workers[position] = _settle(
                        worker, Exceeded(late, "time"), True, function, budget, results, pending
                    )
                    if advance is not None:
                        advance()
    finally:
        for worker in workers:
            worker.stop()
    return results


def _collect(
    worker: _Worker,
    function: Callable[[Any], Any],
    budget: Budget,
    results: list[Any],
    pending: deque[int],
    advance: Callable[[], None] | None,
) -> _Worker:
    """Take every answer the worker has ready (one wait for several small items); the worker to go on with."""
    while worker.queue:
        outcome, replace = _receive(worker, budget)
        following = _settle(worker, outcome, replace, function, budget, results, pending)
        if advance is not None:
            advance()
        if following is not worker or not worker.queue or not worker.results.poll():
            return following
    return worker


def _settle(
    worker: _Worker,
    outcome: Any,
    replace: bool,
    function: Callable[[Any], Any],
    budget: Budget,
    results: list[Any],
    pending: deque[int],
) -> _Worker:
    """Record the outcome of the worker's current item; a worker to replace is replaced, and the items queued
    behind the culprit go back, in order, to the next free worker."""
    results[worker.done()] = outcome
    if not replace:
        return worker
    pending.extendleft(reversed(worker.queue))
    worker.queue.clear()
    return _Worker(function, budget)


def _timeout(busy: list[_Worker], budget: Budget) -> float | None:
    if budget.seconds is None or not busy:
        return None
    first = min(worker.started for worker in busy)
    return max(0.0, first + budget.seconds - time.monotonic()) + 0.01


def _receive(worker: _Worker, budget: Budget) -> tuple[Any, bool]:
    """The worker's answer, and whether it must be replaced (it died, or ran out of memory)."""
    try:
        _, kind, value = worker.results.recv()
    except (EOFError, OSError):
        how = worker.end(grace=1.0)
        if budget.memory is None:
            cause = says("no memory left")
        else:
            cause = says("out of memory past the {budget} budget", budget=budget.describe_memory())
        died = says("the process checking the file {how} ({cause}, or a crash in native code)", how=how, cause=cause)
        return Exceeded(died, "died"), True
    if kind == "memory":
        worker.end(grace=1.0)
        needed = says("checking the file needed more than the {budget} memory budget", budget=budget.describe_memory())
        return Exceeded(needed, "memory"), True
    if kind == "error":
        raise WorkerError(value)
    return value, False
