"""Run one command and write its exit status, wall time and peak memory as JSON: `launcher.py RESULT LIMIT CMD...`.

The measuring is done here, in a small process of its own, because Linux starts a child's `ru_maxrss` at
its parent's resident size when it is spawned: measured straight from the test process (hundreds of
megabytes by then), every case would seem as large as pytest. From this small process the child's figure
is its own. The child is killed after LIMIT seconds. Run it with `python -I -S` so that no
`sitecustomize` (the guard meant for the child) is loaded here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> None:
    """Run the command, wait for it up to the limit, and write what it did."""
    result, limit, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    start = time.perf_counter()
    child = subprocess.Popen(command)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > limit:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            timed_out = True
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    kilobytes = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS
    outcome = {"exit_code": child.returncode, "seconds": seconds, "kilobytes": kilobytes}
    with open(result, "w", encoding="utf-8") as handle:
        json.dump({**outcome, "timed_out": timed_out}, handle)


if __name__ == "__main__":
    main()
