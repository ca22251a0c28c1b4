"""Calls into the native SHACL engine that end as findings, never as a panic.

The engine (Rust, through pyo3) panics on some values it cannot represent, such as an `xsd:date` whose year has
ninety digits: pyo3 raises that as a `PanicException`, a BaseException that no `except Exception` catches, and
Rust's panic hook first writes "thread … panicked at …" and a backtrace note on the process's standard error.
`engine_call` runs one call with standard error set aside, and turns a panic into a `load.malformed` finding that
says what the engine could not read; anything else the engine writes there is put back.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from aistd.knowledge.rules import finding
from aistd.load.rdf import RdfLoadError
from aistd.model.message import says

T = TypeVar("T")
PANIC = "PanicException"


def _holder() -> int:
    """A file descriptor to catch standard error in: an anonymous file in memory where the system has them
    (Linux: nothing is opened on disk), else a temporary file."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("aistd-engine-stderr")
    return os.dup(tempfile.TemporaryFile().fileno())


@contextmanager
def _stderr_set_aside() -> Iterator[list[str]]:
    """Standard error (the file descriptor, where native code writes) caught for the duration; its text is given
    in the yielded list once the block ends."""
    caught: list[str] = []
    sys.stderr.flush()
    saved, held = os.dup(2), _holder()
    os.dup2(held, 2)
    try:
        yield caught
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.lseek(held, 0, os.SEEK_SET)
        caught.append(os.read(held, 1 << 16).decode("utf-8", "replace"))
        os.close(held)


def _panic_reason(written: str, error: BaseException) -> str:
    """The panic's own message: the line after "panicked at …", else the exception's text."""
    lines = written.splitlines()
    for index, line in enumerate(lines[:-1]):
        if " panicked at " in line:
            return lines[index + 1].strip()
    return str(error) or type(error).__name__


def engine_call(call: Callable[[], T]) -> T:
    """`call()`, with a panic of the native engine raised as RdfLoadError (a `load.malformed` finding)."""
    panic: BaseException | None = None
    with _stderr_set_aside() as written:
        try:
            result = call()
        except BaseException as error:  # a pyo3 PanicException is a BaseException
            if type(error).__name__ != PANIC:
                raise
            panic = error
    if panic is None:
        if written[0]:
            sys.stderr.write(written[0])  # what the engine said on its way, as it would have
        return result
    reason = _panic_reason(written[0], panic)
    message = says(
        "malformed RDF: the SHACL engine cannot read a value of this graph ({reason}); "
        "a date, number or IRI past what its datatype can hold?",
        reason=reason,
    )
    raise RdfLoadError([finding("load.malformed", message)]) from None
