"""Run a batch on this machine: in this process (`-j 1`), or on a pool of `-j N` worker processes.

At most two partitions per worker are in flight, so the driver holds a bounded number of partition
descriptions whatever the input's size. A worker process that dies (killed, out of memory, a crash in
native code) breaks the pool: the partitions that were in flight are then run again one at a time in a
fresh pool, so that only the one that kills its worker on its own is written as failure rows.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from aistd.batch.partition import PartResult, Settings, Tally, failed_partition, run_guarded
from aistd.batch.sources import Part
from aistd.model.message import says

IN_FLIGHT_PER_WORKER = 2

Report = Callable[[PartResult], None]


def _pool(jobs: int) -> ProcessPoolExecutor:
    # spawn, not fork: the driver may have started pyarrow's threads, which fork does not carry safely
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def _isolated(part: Part, settings: Settings) -> PartResult:
    """Run one partition alone in a fresh process; if it kills its worker there too, it is the culprit."""
    pool = _pool(1)
    try:
        return pool.submit(run_guarded, part, settings).result()
    except BrokenProcessPool:
        return failed_partition(part, settings, says("its worker process died (killed or crashed), alone too"))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def run_local(parts: Iterable[Part], settings: Settings, jobs: int = 1, report: Report | None = None) -> Tally:
    """Run every partition, `jobs` at a time; return the totals."""
    tally = Tally()

    def done(result: PartResult) -> None:
        tally.add(result)
        if report is not None:
            report(result)

    if jobs <= 1:
        for part in parts:
            done(run_guarded(part, settings))
        return tally
    source = iter(parts)
    pool = _pool(jobs)
    pending: dict[Future[PartResult], Part] = {}
    exhausted = False
    try:
        while pending or not exhausted:
            while not exhausted and len(pending) < IN_FLIGHT_PER_WORKER * jobs:
                part = next(source, None)
                if part is None:
                    exhausted = True
                else:
                    pending[pool.submit(run_guarded, part, settings)] = part
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            suspects: deque[Part] = deque()
            for future in finished:
                part = pending.pop(future)
                try:
                    done(future.result())
                except BrokenProcessPool:
                    suspects.append(part)
            if suspects:  # the pool is dead, and everything still in flight with it
                suspects.extend(pending.values())
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                while suspects:
                    done(_isolated(suspects.popleft(), settings))
                pool = _pool(jobs)
    finally:
        pool.shutdown(cancel_futures=True)
    return tally
