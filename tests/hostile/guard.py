"""An audit hook for one child process, installed by copying this file as `sitecustomize.py` onto PYTHONPATH.

It refuses and records every network attempt (name lookups, connections, URL requests), records every
program started, and records every file opened outside the places a run may read: the input, the aistd
package, the virtual environment and Python's standard library (with the zipped standard library on `sys.path`,
which import machinery probes even when it does not exist). Records go, one per line
(`kind<TAB>event<TAB>detail`), to the file named by AISTD_GUARD_LOG, after a first `guard` line that says the
hook is in place; the allowed places come from
AISTD_GUARD_ALLOW (os.pathsep-separated) plus those this interpreter reports.

Audit hooks see what Python code does, not what native code does by itself (libyaml, the Rust SHACL engine).
"""

from __future__ import annotations

import os
import sys
import sysconfig
from typing import Any

NETWORK = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.sendto",
        "urllib.Request",
        "http.client.connect",
    }
)
PROCESSES = frozenset({"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system"})


def _roots() -> tuple[str, ...]:
    named = [p for p in os.environ.get("AISTD_GUARD_ALLOW", "").split(os.pathsep) if p]
    paths = sysconfig.get_paths()
    zipped = [entry for entry in sys.path if entry.endswith(".zip")]
    places = [*named, *zipped, sys.prefix, paths["stdlib"], paths["platstdlib"]]
    return tuple(sorted({form for p in places for form in (os.path.abspath(p), os.path.realpath(p))}))


_ROOTS = _roots()
_LOG = os.open(os.environ["AISTD_GUARD_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


def _record(kind: str, event: str, detail: str) -> None:
    line = f"{kind}\t{event}\t{detail}".replace("\n", " ")[:2000] + "\n"
    os.write(_LOG, line.encode("utf-8", "backslashreplace"))


def _allowed(path: str) -> bool:
    for form in {os.path.abspath(path), os.path.realpath(path)}:
        if any(form == root or form.startswith(root.rstrip(os.sep) + os.sep) for root in _ROOTS):
            return True
    return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in NETWORK:
        _record("network", event, repr(args)[:300])
        raise PermissionError(f"hostile-input guard: {event} is not allowed")
    if event in PROCESSES:
        _record("process", event, repr(args)[:300])
    elif event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if not _allowed(path):
            _record("open", event, os.path.abspath(path))


sys.addaudithook(_hook)
_record("guard", "installed", str(os.getpid()))
