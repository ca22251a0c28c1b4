"""Generate many realistic, varied disclosures from the valid examples, for benchmarks.

Each document is one of the valid examples, perturbed: new ids (references follow), extensive figures
scaled by one factor per document so that every identity still holds (a longer or shorter run, a larger
or smaller site: energy, emissions, water, durations, counts of requests scale together; ratios,
intensities and per-unit figures do not), some quantities re-expressed in another unit of their kind,
reporting years shifted, optional fields dropped, other stages and other claimed profiles where the
document still satisfies them. About one document in ten is then broken: a schema violation (a missing
required field, a wrong type, a unit of the wrong kind, an unknown field, a malformed date) or a broken
consistency rule (an identity off by a factor, a period that ends before it starts, a reference to an
unknown system, a duplicated id).

The same documents can be written as YAML and as JSON. Generation is deterministic for a given seed.
Files go to a temporary folder, never into the checkout:

    .venv/bin/python benchmarks/generate.py [--files N] [--seed S] [--format yaml|json|both] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "examples" / "valid"
DEFAULT_SEED = 20250611
INVALID_SHARE = 0.10

# Base example -> the profiles it satisfies without a finding (checked against the validator once; a
# generated document claims a random subset of these).
SATISFIED_PROFILES = {
    "Disclosure-data-centre-annual-kpi": ("eu-dc-2024-1364", "unep-dc-procurement"),
    "Disclosure-fine-tune": (),
    "Disclosure-gpai-annex-xi": ("eu-ai-act-annex-xi",),
    "Disclosure-inference-service": ("ieee-p7100",),
    "Disclosure-llm-pretraining": ("eu-ai-act-annex-xi", "ieee-p7100"),
    "Disclosure-organisation-lca-frugality": ("afnor-spec-2314", "itu-t-l1801"),
    "Disclosure-sci-assessment": ("iso-iec-21031-sci",),
}
# Stages a footprint of the base may take instead of its own, and the profiles that pin the original stage.
STAGES = {
    "Disclosure-fine-tune": (["fine-tuning", "retraining", "training"], set()),
    "Disclosure-gpai-annex-xi": (["training", "fine-tuning"], {"eu-ai-act-annex-xi"}),
    "Disclosure-llm-pretraining": (["training", "fine-tuning"], {"eu-ai-act-annex-xi"}),
    "Disclosure-inference-service": (["inference", "deployment"], {"ieee-p7100"}),
}
# The figures of each list's items that grow with the size of what is reported; everything else stays.
SCALED = {
    "footprints": {
        "energy_consumption",
        "accelerator_energy",
        "cpu_energy",
        "memory_energy",
        "duration",
        "accelerator_hours",
        "compute_operations",
        "operational_emissions",
        "embodied_emissions_allocated",
        "total_emissions",
        "water_consumption_site",
        "water_withdrawal_site",
        "functional_unit_count",
        "it_energy",
        "facility_level_energy",
        "idle_energy",
        "networking_energy",
        "location_based_emissions",
        "market_based_emissions",
        "emissions_net_of_cfe",
        "emissions_offset",
        "water_lifecycle",
        "water_embodied",
        "water_scarcity_footprint",
    },
    "data_centre_reports": {
        "installed_it_power",
        "facility_energy",
        "it_equipment_energy",
        "renewable_energy",
        "renewable_energy_certificates",
        "renewable_energy_ppa",
        "renewable_energy_onsite",
        "reused_energy",
        "cooling_energy",
        "heat_removed",
        "water_input",
        "potable_water_input",
        "water_consumption_site",
        "operational_emissions",
        "total_floor_area",
        "computer_room_floor_area",
    },
    "sci_assessments": {
        "sci_energy",
        "sci_operational_emissions",
        "time_reserved",
        "functional_unit_count",
        "sci_embodied_emissions",
        "sci_total_carbon",
    },
    "ghg_inventories": {"*"},  # every quantity, nested categories included
    "life_cycle_impacts": {"*"},
}
SCALE_RANGE = (0.25, 4.0)  # keeps sites above 500 kW and training compute below 1e25 FLOP
# Units a quantity may be re-expressed in: factor to the kind's reference unit.
UNIT_KINDS = {
    "energy": {"W.h": 1e-3, "kW.h": 1.0, "MW.h": 1e3, "GW.h": 1e6, "kJ": 1 / 3600, "MJ": 1 / 3.6, "GJ": 1000 / 3.6},
    "co2e": {"g{CO2eq}": 1e-3, "kg{CO2eq}": 1.0, "t{CO2eq}": 1e3},
    "water": {"mL": 1e-3, "L": 1.0, "m3": 1e3},
}
KIND_OF_UNIT = {unit: kind for kind, units in UNIT_KINDS.items() for unit in units}
REEXPRESS_SHARE = 0.3
ENTITIES = [
    ("Example AI Lab SAS", "FR"),
    ("Northwind Machine Learning AB", "SE"),
    ("Brightleaf Analytics GmbH", "AT"),
    ("Example Foundation Models Oy", "FI"),
    ("Example Colocation B.V.", "NL"),
    ("Helios Compute S.L.", "ES"),
    ("Lakeside Data Systems Ltd", "IE"),
    ("Kestrel Robotics GmbH", "DE"),
    ("Aurora Language Technologies S.p.A.", "IT"),
    ("Polar Inference A/S", "DK"),
]
OPTIONAL_TOP_LEVEL = ("title", "description", "issued")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Generated:
    """One generated document: its stem, the example it came from, and what was broken (None: valid)."""

    stem: str
    base: str
    breakage: str | None
    data: dict[str, Any]


def examples() -> dict[str, dict[str, Any]]:
    """The valid examples, parsed (dates kept as text), by stem."""
    loaded = {}
    for path in sorted(VALID.iterdir()):
        if path.suffix == ".json":
            loaded[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix in {".yaml", ".yml"}:
            loaded[path.stem] = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
    return loaded


class _TextDates(yaml.SafeLoader):
    """A safe loader that keeps ISO dates as strings, as aistd does."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# --- perturbations -------------------------------------------------------------------------------------


def _round(value: float) -> float | int:
    """Six significant digits (far inside every rule's tolerance)."""
    if value == 0 or not math.isfinite(value):
        return value
    rounded = round(value, 5 - math.floor(math.log10(abs(value))))
    return int(rounded) if float(rounded).is_integer() and abs(rounded) < 1e15 else rounded


def _is_quantity(value: Any) -> bool:
    return isinstance(value, dict) and "unit" in value and isinstance(value.get("value"), int | float)


def _scale_quantities(node: Any, factor: float) -> None:
    """Scale every {value, unit} inside `node`, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if _is_quantity(value):
                node[key] = {"value": _round(value["value"] * factor), "unit": value["unit"]}
            else:
                _scale_quantities(value, factor)
    elif isinstance(node, list):
        for item in node:
            _scale_quantities(item, factor)


def scale(data: dict[str, Any], factor: float) -> None:
    """Scale the extensive figures of every item by one factor; ratios and intensities are left as they are."""
    for key, slots in SCALED.items():
        for item in data.get(key) or []:
            if "*" in slots:
                _scale_quantities(item, factor)
                continue
            for slot in slots & set(item):
                value = item[slot]
                if _is_quantity(value):
                    item[slot] = {**value, "value": _round(value["value"] * factor)}
                elif isinstance(value, int):
                    item[slot] = max(1, round(value * factor))
                elif isinstance(value, float):
                    item[slot] = _round(value * factor)


def _quantities(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if _is_quantity(node):
            yield node
        else:
            for value in node.values():
                yield from _quantities(value)
    elif isinstance(node, list):
        for item in node:
            yield from _quantities(item)


def reexpress(data: dict[str, Any], rng: random.Random) -> None:
    """Write some energies, CO2e masses and water volumes in another unit of their kind, value converted."""
    for quantity in _quantities(data):
        kind = KIND_OF_UNIT.get(quantity["unit"])
        if kind is None or rng.random() >= REEXPRESS_SHARE:
            continue
        units = UNIT_KINDS[kind]
        unit = rng.choice(sorted(units))
        quantity["value"] = _round(quantity["value"] * units[quantity["unit"]] / units[unit])
        quantity["unit"] = unit


def _shift_dates(node: Any, years: int) -> Any:
    if isinstance(node, dict):
        return {key: _shift_dates(value, years) for key, value in node.items()}
    if isinstance(node, list):
        return [_shift_dates(item, years) for item in node]
    if isinstance(node, str):
        match = DATE.match(node)
        if match:
            return f"{int(match.group(1)) + years:04d}-{match.group(2)}-{match.group(3)}"
    return node


def rename(data: dict[str, Any], index: int, seed: int) -> None:
    """New ids for the document and its items; references (`system`, `restates`, `aggregates`, `members`) follow."""
    suffix = f"-g{index:06d}"
    data["id"] = f"urn:example:disclosure:generated:{seed}:{index:06d}"
    for value in data.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    for key in ("id", "system", "restates"):
                        if isinstance(item.get(key), str):
                            item[key] += suffix
                    for key in ("aggregates", "members"):
                        if isinstance(item.get(key), list):
                            item[key] = [f"{name}{suffix}" if isinstance(name, str) else name for name in item[key]]


def perturb(base: str, data: dict[str, Any], index: int, seed: int, rng: random.Random) -> dict[str, Any]:
    """A valid variant of one example."""
    data = _shift_dates(copy.deepcopy(data), rng.randint(-3, 1))
    rename(data, index, seed)
    name, country = rng.choice(ENTITIES)
    data["reporting_entity"] = {**data["reporting_entity"], "name": name, "country": country}
    if "title" in data:
        data["title"] = f"{data['title']} (variant {index})"
    scale(data, math.exp(rng.uniform(math.log(SCALE_RANGE[0]), math.log(SCALE_RANGE[1]))))
    reexpress(data, rng)
    satisfied = SATISFIED_PROFILES.get(base, ())
    claimed = sorted(p for p in satisfied if rng.random() < 0.6)
    if claimed:
        data["conforms_to"] = claimed
    else:
        data.pop("conforms_to", None)
    stages, pinning = STAGES.get(base, ([], set()))
    if stages and not pinning & set(claimed):
        for footprint in data.get("footprints") or []:
            footprint["stage"] = rng.choice(stages)
    for key in OPTIONAL_TOP_LEVEL:
        if key in data and rng.random() < 0.2:
            del data[key]
    return data


# --- breakages (each returns False when it does not apply to the document) -------------------------------

Breakage = Callable[[dict[str, Any], random.Random], bool]


def _drop_schema_version(data: dict[str, Any], rng: random.Random) -> bool:
    return data.pop("schema_version", None) is not None


def _schema_version_number(data: dict[str, Any], rng: random.Random) -> bool:
    data["schema_version"] = 0.1
    return True


def _unknown_field(data: dict[str, Any], rng: random.Random) -> bool:
    data["internal_notes"] = "figures to be confirmed by the finance team"
    return True


def _malformed_date(data: dict[str, Any], rng: random.Random) -> bool:
    start = data["reporting_period"].get("start_date")
    if not isinstance(start, str) or start.count("-") != 2:  # a month, a year, or not stated
        return False
    year, month, day = start.split("-")
    data["reporting_period"]["start_date"] = f"{day}/{month}/{year}"
    return True


def _co2e_without_annotation(data: dict[str, Any], rng: random.Random) -> bool:
    masses = [q for q in _quantities(data) if KIND_OF_UNIT.get(q["unit"]) == "co2e"]
    if not masses:
        return False
    rng.choice(masses)["unit"] = "kg"
    return True


def _count_as_text(data: dict[str, Any], rng: random.Random) -> bool:
    systems = [s for s in data.get("ai_systems") or [] if "parameter_count" in s]
    if not systems:
        return False
    system = rng.choice(systems)
    system["parameter_count"] = f"{system['parameter_count'] / 1e9:g}B"
    return True


def _negative_energy(data: dict[str, Any], rng: random.Random) -> bool:
    energies = [q for q in _quantities(data) if KIND_OF_UNIT.get(q["unit"]) == "energy"]
    if not energies:
        return False
    quantity = rng.choice(energies)
    quantity["value"] = -abs(quantity["value"]) or -1
    return True


# Each identity: (list, slot) whose figure is put off by a factor; the rules comparing it then fail.
IDENTITY_SLOTS = (
    ("footprints", "operational_emissions"),
    ("footprints", "total_emissions"),
    ("data_centre_reports", "pue"),
    ("data_centre_reports", "facility_energy"),
    ("sci_assessments", "sci_score"),
    ("sci_assessments", "sci_total_carbon"),
    ("ghg_inventories", "total_ghg_emissions_location_based"),
    ("ghg_inventories", "scope3_emissions"),
)


def _broken_identity(data: dict[str, Any], rng: random.Random) -> bool:
    targets = [
        (item, slot)
        for key, slot in IDENTITY_SLOTS
        for item in data.get(key) or []
        if slot in item and not (isinstance(item[slot], dict) and "qualifier" in item[slot])  # a bound stays one
    ]
    if not targets:
        return False
    item, slot = rng.choice(targets)
    factor = rng.choice([1.5, 3.0, 0.5])
    value = item[slot]
    if _is_quantity(value):
        item[slot] = {**value, "value": _round(value["value"] * factor)}
    else:
        item[slot] = _round(value * factor) if slot != "pue" else _round(value * 1.5)
    return True


def _period_reversed(data: dict[str, Any], rng: random.Random) -> bool:
    period = data["reporting_period"]
    if period.get("start_date") == period.get("end_date") or "not_stated" in period:
        return False
    period["start_date"], period["end_date"] = period["end_date"], period["start_date"]
    return True


def _unknown_system(data: dict[str, Any], rng: random.Random) -> bool:
    referring = [i for key in SCALED for i in data.get(key) or [] if "system" in i]
    referring += [i for i in data.get("frugality_results") or [] if "system" in i]
    if not referring:
        return False
    rng.choice(referring)["system"] = "a-system-never-declared"
    return True


def _duplicate_id(data: dict[str, Any], rng: random.Random) -> bool:
    lists = [key for key, value in data.items() if isinstance(value, list) and value and isinstance(value[0], dict)]
    lists = [key for key in lists if isinstance(data[key][0].get("id"), str)]
    if not lists:
        return False
    key = rng.choice(lists)
    data[key].append(copy.deepcopy(data[key][0]))
    return True


BREAKAGES: dict[str, Breakage] = {
    "schema: schema_version missing": _drop_schema_version,
    "schema: schema_version is a number": _schema_version_number,
    "schema: unknown field": _unknown_field,
    "schema: start_date not ISO 8601": _malformed_date,
    "schema: CO2e mass in plain kg": _co2e_without_annotation,
    "schema: parameter_count as text": _count_as_text,
    "schema: negative energy": _negative_energy,
    "rule: identity off by a factor": _broken_identity,
    "rule: period ends before it starts": _period_reversed,
    "rule: unknown system": _unknown_system,
    "rule: duplicated id": _duplicate_id,
}


def break_one(data: dict[str, Any], rng: random.Random) -> str:
    """Break the document in one way that applies to it; the name of the breakage."""
    names = list(BREAKAGES)
    rng.shuffle(names)
    for name in names:
        if BREAKAGES[name](data, rng):
            return name
    raise AssertionError("no breakage applies")  # _unknown_field always does


def documents(count: int, seed: int = DEFAULT_SEED, invalid_share: float = INVALID_SHARE) -> Iterator[Generated]:
    """`count` generated documents, deterministic for a seed; about `invalid_share` of them broken."""
    rng = random.Random(seed)
    bases = examples()
    names = sorted(bases)
    for index in range(count):
        base = names[index % len(names)] if index < len(names) else rng.choice(names)
        data = perturb(base, bases[base], index, seed, rng)
        breakage = break_one(data, rng) if rng.random() < invalid_share else None
        yield Generated(f"Disclosure-{index:06d}-{base.removeprefix('Disclosure-')}", base, breakage, data)


# --- writing -------------------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, with quantities in flow style (`{value: 2400, unit: kW}`), as people write them."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = set(data) == {"value", "unit"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)


def to_yaml(data: dict[str, Any]) -> str:
    """The document as YAML text."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


def to_json(data: dict[str, Any]) -> str:
    """The document as JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


WRITERS = {"yaml": (".yaml", to_yaml), "json": (".json", to_json)}


def write(
    folder: Path, count: int, seed: int = DEFAULT_SEED, formats: tuple[str, ...] = ("yaml", "json")
) -> dict[str, list[Path]]:
    """Write `count` documents into `folder/<format>/`, once per format; the paths by format, in order.

    A manifest (`folder/manifest.json`: stem, base example, breakage) records what each file should give.
    """
    paths: dict[str, list[Path]] = {name: [] for name in formats}
    for name in formats:
        (folder / name).mkdir(parents=True, exist_ok=True)
    manifest = []
    for document in documents(count, seed):
        for name in formats:
            suffix, render = WRITERS[name]
            path = folder / name / f"{document.stem}{suffix}"
            path.write_text(render(document.data), encoding="utf-8")
            paths[name].append(path)
        manifest.append({"stem": document.stem, "base": document.base, "breakage": document.breakage})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return paths


def main() -> None:
    """Write generated disclosures into a new temporary folder (or --out, outside the checkout)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--format", choices=["yaml", "json", "both"], default="both")
    parser.add_argument("--out", type=Path, default=None, help="folder to write into (default: a new temporary one)")
    args = parser.parse_args()
    out = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="aistd-generated-"))
    if out.is_relative_to(ROOT):
        parser.error(f"{out} is inside the checkout; write generated files elsewhere")
    formats = ("yaml", "json") if args.format == "both" else (args.format,)
    paths = write(out, args.files, args.seed, formats)
    for name, written in paths.items():
        print(f"{len(written)} {name} files in {out / name}")


if __name__ == "__main__":
    main()
