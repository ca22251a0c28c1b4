"""Run a batch on a Dask cluster: an existing one (`--scheduler ADDRESS`), or a local one of `-j N` workers.

The driver submits partition descriptions only (file names, or a Parquet file and row-group numbers), at
most two per worker thread at a time, and submits the next as each finishes: the driver's memory stays
bounded, and the workers read their own input and write their own Parquet file, so the inputs and the
output folder must be reachable at the same paths from every worker (one machine, or a shared file
system). A task whose worker dies is retried by the scheduler on another worker; one that still fails
(Dask's KilledWorker after `distributed.scheduler.allowed-failures`) is written as failure rows by the
driver, and the run goes on.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from aistd.batch.partition import PartResult, Settings, Tally, failed_partition, run_guarded
from aistd.batch.sources import Part
from aistd.model.message import says

IN_FLIGHT_PER_THREAD = 2


class SchedulerUnreachable(Exception):
    """The Dask scheduler named by --scheduler did not answer."""


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            return Client(scheduler, set_as_default=False, timeout=30), None
        except (OSError, ValueError) as error:  # TimeoutError is an OSError; a malformed address a ValueError
            raise SchedulerUnreachable(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster, set_as_default=False), cluster


def run_dask(
    parts: Iterable[Part],
    settings: Settings,
    scheduler: str | None = None,
    workers: int = 1,
    report: Callable[[PartResult], None] | None = None,
) -> Tally:
    """Run every partition on the cluster; return the totals."""
    from distributed import as_completed

    tally = Tally()
    started = time.perf_counter()
    client, cluster = _client(scheduler, workers)
    run = uuid.uuid4().hex[:12]
    try:
        tally.startup = time.perf_counter() - started
        source = iter(parts)
        submitted: dict[str, Part] = {}
        queue = as_completed(loop=client.loop)

        def top_up() -> None:
            """Submit partitions until two per worker thread are in flight (workers may join or leave)."""
            slots = max(1, sum(client.nthreads().values()))
            while len(submitted) < IN_FLIGHT_PER_THREAD * slots:
                part = next(source, None)
                if part is None:
                    return
                future = client.submit(run_guarded, part, settings, key=f"aistd-batch-{run}-{part.index}", pure=False)
                submitted[future.key] = part
                queue.add(future)

        top_up()
        for future in queue:
            part = submitted.pop(future.key)
            try:
                result = future.result()
            except Exception as error:  # KilledWorker, or a worker that could not run the task at all
                failure = f"{type(error).__name__}: {str(error)[:300]}"
                why = says("the Dask task failed: {error}", error=failure)
                result = failed_partition(part, settings, why)
            future.release()
            tally.add(result)
            if report is not None:
                report(result)
            top_up()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return tally
