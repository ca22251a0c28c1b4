"""The benchmark charts page: aistd's figure against its peer's, one bar pair per row, as inline SVG.

Reads the results `validate_benchmark.py --json` writes (the published run is committed as
`benchmarks/results/validate.json`) and draws every row whose two figures share a unit, one chart per unit
(ms, files/s, MB). The documentation build (`python -m aistd.build.docs`) calls `chart_page` to write
`docs/benchmark-charts.md`; alone:

    .venv/bin/python benchmarks/charts.py [RESULTS] [--out PAGE]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "validate.json"
TEMPLATE = "charts.md.j2"
UNIT_TITLES = {
    "ms": "One file through the command line, whole process, milliseconds (shorter is faster)",
    "files/s": "Throughput, files per second (longer is faster; logarithmic scale)",
    "MB": "Peak memory, MB (shorter is smaller)",
}
WIDTH, LEFT, RIGHT, BAR, GAP = 760, 60, 250, 14, 12
PLOT = WIDTH - LEFT - RIGHT


def figure(value: float, unit: str) -> str:
    """A figure as the benchmark table prints it: `99 ms`, `1,383 files/s`, `37.7 files/s`, `33 MB`."""
    if unit == "files/s" and value < 100:
        return f"{value:,.1f} files/s"
    return f"{value:,.0f} {unit}"


@dataclass(frozen=True)
class Bar:
    """One row of the results drawn: aistd's figure and its peer's, in one unit."""

    row: str
    measurement: str
    peer: str
    ours: float
    theirs: float
    unit: str

    @property
    def ours_text(self) -> str:
        """aistd's figure as text."""
        return figure(self.ours, self.unit)

    @property
    def theirs_text(self) -> str:
        """The peer's figure as text."""
        return figure(self.theirs, self.unit)


def bars(results: dict[str, Any]) -> dict[str, list[Bar]]:
    """The rows whose aistd and peer figures share a unit, grouped by that unit, in the order of UNIT_TITLES."""
    groups: dict[str, list[Bar]] = {unit: [] for unit in UNIT_TITLES}
    for row in results["rows"]:
        if row.get("unit") in groups and row.get("aistd_value") is not None and row.get("peer_value") is not None:
            groups[row["unit"]].append(
                Bar(
                    row["number"],
                    row["measurement"].replace("`", ""),
                    row["peer"].replace("`", ""),
                    float(row["aistd_value"]),
                    float(row["peer_value"]),
                    row["unit"],
                )
            )
    return {unit: found for unit, found in groups.items() if found}


def _scale(unit: str, found: list[Bar]) -> tuple[Callable[[float], float], list[float]]:
    """The x position of a value within the plot, and the ticks: logarithmic for throughput, else linear."""
    top = max(max(b.ours, b.theirs) for b in found)
    if unit == "files/s":
        high = 10 ** math.ceil(math.log10(top))
        low = 10 ** math.floor(math.log10(min(min(b.ours, b.theirs) for b in found)))
        span = math.log10(high) - math.log10(low)
        ticks = [10.0**e for e in range(round(math.log10(low)), round(math.log10(high)) + 1)]
        return (lambda v: PLOT * (math.log10(max(v, low)) - math.log10(low)) / span), ticks
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    high = step * math.ceil(top / step)
    return (lambda v: PLOT * v / high), [step * i for i in range(0, int(high / step) + 1)]


def _label(text: str, who: str) -> str:
    return f"{text} — {who}" if len(who) <= 30 else f"{text} — {who[:29]}…"


def chart(unit: str, found: list[Bar]) -> dict[str, Any]:
    """The geometry of one horizontal grouped bar chart, for the template."""
    scale, ticks = _scale(unit, found)
    group = 2 * BAR + GAP
    axis_y = 20 + group * len(found)
    rows = []
    for index, b in enumerate(found):
        y = 20 + index * group
        pair = []
        for offset, value, text, css, who in (
            (0, b.ours, b.ours_text, "bar-aistd", "aistd"),
            (BAR, b.theirs, b.theirs_text, "bar-peer", b.peer),
        ):
            width = max(scale(value), 1.0)
            label = _label(text, who)
            pair.append({"css": css, "y": y + offset, "width": width, "text": text, "who": who, "label": label})
        rows.append({"bar": b, "y": y, "pair": pair})
    return {
        "unit": unit,
        "id": "chart-" + unit.replace("/", "") + "-title",
        "title": UNIT_TITLES[unit],
        "width": WIDTH,
        "height": axis_y + 34,
        "left": LEFT,
        "axis_y": axis_y,
        "bar": BAR,
        "ticks": [(LEFT + scale(tick), f"{tick:,.0f}") for tick in ticks],
        "rows": rows,
    }


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;"})


def _plain(text: str) -> str:
    return " ".join(text.split()).translate(_ESCAPED)


def chart_page(results: dict[str, Any], note: str = "") -> str:
    """The Markdown page: an introduction, then per unit a chart and, folded, the rows it draws."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=False,  # SVG text goes through `xml`, table cells through `plain`
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(xml=_xml, plain=_plain)
    charts = [chart(unit, found) for unit, found in bars(results).items()]
    return env.get_template(TEMPLATE).render(note=note, charts=charts, results=results)


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the charts page of a results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, nargs="?", default=RESULTS, help="a --json output of the benchmark")
    parser.add_argument("--out", type=Path, default=None, help="the page to write (default: standard output)")
    args = parser.parse_args(argv)
    page = chart_page(json.loads(args.results.read_text(encoding="utf-8")))
    if args.out is None:
        sys.stdout.write(page)
    else:
        args.out.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
