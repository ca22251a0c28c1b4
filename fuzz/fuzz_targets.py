"""Coverage-guided fuzz targets for aistd (atheris), one entry point per target, selected by name.

    python fuzz/fuzz_targets.py TARGET [libFuzzer options] CORPUS_DIR...   # fuzz one target
    python fuzz/fuzz_targets.py --repro TARGET FILE...                     # replay inputs, raising
    python fuzz/fuzz_targets.py --list                                     # the target names

Each target feeds one input (bytes) to one entry point and checks its contract: a loader returns a
JSON-compatible mapping or raises `LoadError`; a converter's reader returns a `Conversion` holding a
JSON-compatible canonical mapping or raises `ConversionError`; the validator returns findings and
renders every report format, never raising. Any other exception, and any input that runs longer than
`HANG_SECONDS` of CPU time, is a crash. Crashes do not stop the run: each one is recorded once per
stack (its type and the aistd frames it passed through), its input saved, in the state file named by
`AISTD_FUZZ_STATE`, so one run finds every distinct crash. `fuzz/run.py` drives the targets.
Set `AISTD_FUZZ_RAISE=1` to let crashes propagate to libFuzzer instead (it then stops at the first).

aistd is imported only inside `main`, under atheris's instrumentation, so its code is coverage-guided.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS = (
    "aistd", "cyclonedx", "spdx3", "hf-card", "codecarbon", "impact-framework", "boamps", "eco2ai", "ml-energy",
    "mlperf-power",
)  # fmt: skip
"""The converter formats (`aistd.conversion.registry.FORMAT_NAMES`; a test keeps the two equal)."""

HANG_SECONDS = 10.0
"""CPU seconds one input may take before it counts as a hang (a real load takes milliseconds)."""

_STATE_INTERVAL = 0.5
_PATHS = {"cyclonedx": "bom.json", "spdx3": "document.spdx.json", "hf-card": "README.md", "boamps": "report.json"}
_PATHS |= {"codecarbon": "emissions.csv", "impact-framework": "manifest.yaml"}
_PATHS |= {"eco2ai": "emission.csv", "ml-energy": "model.json", "mlperf-power": "summary.csv"}
_RENDERINGS = ("text", "json", "sarif", "junit")


class Hang(BaseException):
    """Raised by the CPU-time alarm inside an input that runs too long (a BaseException: nothing swallows it)."""


# --- contract checks ------------------------------------------------------------------------------


def _check_json_value(value: Any, max_depth: int = 64) -> None:
    """Assert that a value is JSON data: str-keyed dicts, lists, text, finite numbers, booleans, null."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            assert depth <= max_depth, f"nested {depth} levels deep"
            if isinstance(item, dict):
                assert all(isinstance(key, str) for key in item), f"a non-string key in {list(item)[:5]!r}"
                for key in item:
                    key.encode("utf-8")  # an unpaired surrogate is not text
                children = list(item.values())
            else:
                children = item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            item.encode("utf-8")
        elif isinstance(item, float):
            assert math.isfinite(item), f"a non-finite number {item!r}"
        else:
            assert item is None or isinstance(item, bool | int), f"{type(item).__name__} is not a JSON value"


def _check_place(line: Any, column: Any) -> None:
    assert line is None or (isinstance(line, int) and line >= 1), f"line {line!r}"
    assert column is None or (isinstance(column, int) and column >= 1), f"column {column!r}"


def _check_load_error(error: Any) -> None:
    assert isinstance(error.rule, str) and error.rule.startswith("load."), error.rule
    assert isinstance(error.message, str) and error.message, "an empty message"
    _check_place(error.line, error.column)


def _check_conversion_error(error: Any) -> None:
    assert isinstance(error.message, str) and error.message, "an empty message"
    _check_place(error.line, error.column)


# --- the targets ----------------------------------------------------------------------------------


def _load(data: bytes, name: str) -> Any:
    """Load bytes as a file called `name`; the document, or None after a well-formed LoadError."""
    from aistd.load import LoadError, load_bytes, value_positions

    try:
        document = load_bytes(data, name)
    except LoadError as error:
        _check_load_error(error)
        return None
    assert isinstance(document.data, dict), type(document.data).__name__
    _check_json_value(document.data)
    positions = value_positions(document.text)
    for pointer in list(positions)[:8]:
        _check_place(*document.position(pointer.removesuffix("#key")))
    return document


def load_yaml(data: bytes) -> None:
    """The YAML loader (`load_bytes` of a .yaml file)."""
    _load(data, "fuzz.yaml")


def load_json(data: bytes) -> None:
    """The JSON loader (`load_bytes` of a .json file)."""
    _load(data, "fuzz.json")


def _converter(name: str) -> Callable[[bytes], None]:
    def convert(data: bytes) -> None:
        from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
        from aistd.conversion.registry import format_named
        from aistd.load.detect import looks_like

        text = data.decode("utf-8", errors="replace")
        path = _PATHS.get(name) or ("fuzz.json" if text.lstrip()[:1] in ("{", "[") else "fuzz.yaml")
        form = format_named(name)
        assert looks_like(name, path, text) in (True, False)
        try:
            conversion = form.read(text, path)
        except ConversionError as error:
            _check_conversion_error(error)
            return
        assert isinstance(conversion, Conversion)
        if name != "aistd":  # the aistd reader returns what it parsed; validation judges it
            assert isinstance(conversion.document, dict), type(conversion.document).__name__
        _check_json_value(conversion.document)
        assert all(isinstance(loss, Loss) for loss in conversion.losses)
        assert all(isinstance(fill, Fill) for fill in conversion.fills)
        for line, column in conversion.origins.values():
            _check_place(line, column)

    convert.__name__ = f"convert_{name.replace('-', '_')}"
    convert.__doc__ = f"The {name} reader (`format_named({name!r}).read`)."
    return convert


def check_data(data: bytes) -> None:
    """`validation.check_data` with every profile, on whatever the loader accepts."""
    from aistd.check import check_data as check
    from aistd.knowledge import profiles
    from aistd.model.finding import Finding

    document = _load(data, "fuzz.json" if data.lstrip()[:1] in (b"{", b"[") else "fuzz.yaml")
    if document is None:
        return
    findings = check(document.data, sorted(profiles.profiles()))
    assert all(isinstance(finding, Finding) for finding in findings)


_WORKDIR: Path | None = None


def _suffix(data: bytes) -> str:
    """The suffix a user would give the file, and now and then another one (by the input's length)."""
    head = data.lstrip()[:64]
    if head[:1] in (b"{", b"["):
        natural = ".json"
    elif head.startswith((b"---", b"#")):
        natural = ".md"
    elif b"," in head.split(b"\n", 1)[0] and b":" not in head.split(b"\n", 1)[0]:
        natural = ".csv"
    else:
        natural = ".yaml"
    others = (".yaml", ".json", ".csv", ".md", ".yml")
    return others[len(data) % 5] if len(data) % 7 == 0 else natural


def validate(data: bytes) -> None:
    """`validation.check_file` on the bytes as a file, then every report format the CLI renders."""
    global _WORKDIR
    from aistd.cli.validate import render as _render
    from aistd.report import Report
    from aistd.validation import Options, check_file

    if _WORKDIR is None:
        _WORKDIR = Path(tempfile.mkdtemp(prefix="aistd-fuzz-validate-"))
    path = _WORKDIR / f"input{_suffix(data)}"
    path.write_bytes(data)
    try:
        checked = check_file(path, Options())
    finally:
        path.unlink()
    report = Report([checked.result])
    for form in _RENDERINGS:
        rendered = _render(report, form)
        assert isinstance(rendered, str)
        rendered.encode("utf-8")
        if form in ("json", "sarif"):
            json.loads(rendered)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "load-yaml": load_yaml,
    "load-json": load_json,
    **{f"convert-{name}": _converter(name) for name in FORMATS},
    "check-data": check_data,
    "validate": validate,
}
"""Every fuzz target by name."""


# --- crash bookkeeping ----------------------------------------------------------------------------


def signature(error: BaseException) -> tuple[str, list[str]]:
    """A crash's identity: its type and the aistd frames (module:function) it passed through, innermost last.

    Line numbers are left out so that one bug stays one crash however the code around it moves.
    """
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if "/aistd/" in f.filename.replace(os.sep, "/")]
    chosen = (mine or frames)[-6:]
    if frames and frames[-1] not in chosen:  # where it was raised, even outside aistd (e.g. in json)
        chosen.append(frames[-1])
    names = [f"{Path(f.filename).stem}:{f.name}" for f in chosen]
    digest = hashlib.sha1("|".join([type(error).__name__, *names]).encode()).hexdigest()[:12]
    return digest, names


class Recorder:
    """Counts inputs and keeps one record (and the input) per distinct crash, in a JSON state file."""

    def __init__(self, target: str, state: Path | None) -> None:
        self.target = target
        self.path = state
        self.state: dict[str, Any] = {"target": target, "inputs": 0, "crashes": {}}
        if state is not None and state.is_file():
            self.state = json.loads(state.read_text(encoding="utf-8"))
        self.saved_at = 0.0

    def crash(self, data: bytes, error: BaseException, kind: str, seconds: float) -> None:
        """Record a crash; a new signature saves its input beside the state file."""
        digest, frames = signature(error)
        known = self.state["crashes"].get(digest)
        if known is not None:
            known["count"] += 1
            return
        record: dict[str, Any] = {
            "kind": kind,
            "type": type(error).__name__,
            "message": str(error)[:500],
            "frames": frames,
            "traceback": "".join(traceback.format_exception(error))[-4000:],
            "count": 1,
            "seconds": round(seconds, 3),
        }
        if self.path is not None:
            saved = self.path.parent / f"input-{self.target}-{digest}"
            saved.write_bytes(data)
            record["input"] = str(saved)
        self.state["crashes"][digest] = record
        print(f"\n=== aistd fuzz: new {kind} {digest} in {self.target}: {record['type']}: {error}", file=sys.stderr)
        self.save()

    def tick(self) -> None:
        """Count one input; save the state now and then."""
        self.state["inputs"] += 1
        now = time.monotonic()
        if now - self.saved_at > _STATE_INTERVAL:
            self.save()
            self.saved_at = now

    def save(self) -> None:
        """Write the state file atomically."""
        if self.path is None:
            return
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(self.state, indent=1), encoding="utf-8")
        scratch.replace(self.path)


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"the input ran longer than {HANG_SECONDS} s of CPU time")


def guarded(name: str, recorder: Recorder, raise_crashes: bool = False) -> Callable[[bytes], None]:
    """The target wrapped for fuzzing: a CPU-time alarm per input, crashes recorded (or raised)."""
    target = TARGETS[name]
    signal.signal(signal.SIGPROF, _alarm)

    def one_input(data: bytes) -> None:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
        try:
            target(data)
        except Hang as error:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.crash(data, error, "hang", time.perf_counter() - start)
            if raise_crashes:
                raise
        except Exception as error:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.crash(data, error, "crash", time.perf_counter() - start)
            if raise_crashes:
                raise
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.tick()

    return one_input


def prepare() -> None:
    """Import everything the targets reach (lazy imports included), so that instrumentation covers it."""
    import aistd.cli
    import aistd.conversion
    import aistd.knowledge.profiles
    import aistd.report
    import aistd.report.junit
    import aistd.report.sarif
    import aistd.validation
    from aistd.conversion.registry import format_named

    for name in FORMATS:
        format_named(name)
    for target in TARGETS.values():  # runs the imports done on first use
        for sample in (b"id: x\nschema_version: 0.1.0\nreporting_entity: {name: n}\n", b'{"a": [1, 2.5, null]}'):
            target(sample)
    del aistd


def main(argv: list[str]) -> int:
    """Fuzz one target under libFuzzer, or replay files through it with --repro."""
    if argv[1:2] == ["--list"]:
        print("\n".join(TARGETS))
        return 0
    if argv[1:2] == ["--repro"]:
        name, files = argv[2], argv[3:]
        for file in files:
            print(f"{name}: {file}", file=sys.stderr)
            TARGETS[name](Path(file).read_bytes())
        return 0
    if len(argv) < 2 or argv[1] not in TARGETS:
        print(f"usage: {argv[0]} TARGET [libFuzzer options] CORPUS... ; targets: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    import atheris

    name = argv[1]
    state = os.environ.get("AISTD_FUZZ_STATE")
    recorder = Recorder(name, Path(state) if state else None)
    with atheris.instrument_imports(include=["aistd"]):
        prepare()
    atheris.Setup([argv[0], *argv[2:]], guarded(name, recorder, os.environ.get("AISTD_FUZZ_RAISE") == "1"))
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
