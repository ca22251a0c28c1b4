"""Import hygiene: the runtime path never loads the heavy build-time libraries."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = (
    "linkml", "linkml_runtime", "sssom", "rdflib", "pyshacl", "shacl", "pint", "ucumvert",
    "pyarrow", "dask", "distributed", "duckdb",
)  # fmt: skip

PROBE = """
import sys
{action}
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))
print('HEAVY:' + ','.join(heavy))
"""


def _loaded_after(action: str) -> list[str]:
    code = PROBE.format(action=action, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    marker = next(line for line in reversed(done.stdout.splitlines()) if line.startswith("HEAVY:"))
    return [name for name in marker.removeprefix("HEAVY:").split(",") if name]


def test_import_aistd_loads_none_of_the_build_libraries() -> None:
    assert _loaded_after("import aistd") == []


def test_help_loads_none_of_the_build_libraries() -> None:
    action = "from aistd.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(action) == []


def test_validating_loads_none_of_the_build_libraries() -> None:
    action = "from aistd.cli import main\nmain(['validate', 'examples/valid'])"
    assert _loaded_after(action) == []
