"""Reading the ML.ENERGY Leaderboard's JSON: a model file or a task file gives one inference footprint per
configuration (and a second one per output token for the language tasks), an index gives the models."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from aistd.conversion.dates import day
from aistd.conversion.disclosure import disclosure_shell, slug
from aistd.conversion.fields import FieldRule, field_rules, to_slot_value
from aistd.conversion.formats.ml_energy.terms import (
    ENERGY_KEYS,
    METHOD,
    NO_SLOT,
    OUTPUT_KEYS,
    PARALLEL_KEYS,
    PREFIX,
    PRIMARY_ENERGY,
    SYSTEM_KEYS,
    VOCABULARY,
)
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.slots import within_limits
from aistd.knowledge.units import slot_unit
from aistd.load.document import LoadError
from aistd.load.files import parse_text
from aistd.load.positions import value_positions
from aistd.model.figure import TOO_LARGE, finite_number, unheld
from aistd.model.message import says

MAX_CONFIGURATIONS = 100_000
"""More configurations than any leaderboard file holds (a few hundred): a larger list is refused."""
INTEGER_SLOTS = frozenset({"batch_size", "hardware_count"})
MODEL_KEYS = ("model_id", "total_params_billions", *SYSTEM_KEYS)
"""Keys that describe the model (at the top of a model file, in each configuration of a task file)."""
UNKNOWN_FIELD = says("a field this converter does not know")
CONFIGURATION_KEYS = frozenset(
    {"gpu_model", "num_gpus", "parallelization", *MODEL_KEYS, *ENERGY_KEYS, *OUTPUT_KEYS, *PARALLEL_KEYS}
)
"""Keys of a configuration this reader places itself (the others go by their crosswalk row, or are lost)."""


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _LeaderboardReader:
    """The state of one read: the journal, the crosswalk's rules, the systems found so far."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.rules = field_rules(VOCABULARY)
        self.systems: dict[str, dict[str, Any]] = {}
        self.footprints: list[dict[str, Any]] = []

    def value(self, key: str, raw: Any, where: str) -> Any:
        """A key's value as its slot holds it, or None (and a loss) when it is not one the slot admits."""
        rule = self.rules[PREFIX + key]
        if finite_number(raw) is None:
            reason = says("{reason}: no {slot}", reason=unheld(raw) or says("not a number"), slot=rule.slot)
            self.journal.lost(where, raw, reason)
            return None
        value = to_slot_value(rule, raw)
        if value is None:
            reason = says(
                "{reason} once converted to {unit}: no {slot}",
                reason=TOO_LARGE,
                unit=slot_unit(rule.slot),
                slot=rule.slot,
            )
            self.journal.lost(where, raw, reason)
            return None
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if rule.slot in INTEGER_SLOTS and not (whole and value >= 1):
            self.journal.lost(where, raw, says("not a whole number of at least 1: no {slot}", slot=rule.slot))
            return None
        if not within_limits(rule.slot, value):
            self.journal.lost(where, raw, says("not a valid {slot} value", slot=rule.slot))
            return None
        return int(value) if rule.slot in INTEGER_SLOTS else value

    def system(self, model: dict[str, Any], where: str, name_at: str) -> str | None:
        """The id of the AI system a model's record describes (recorded once per model id)."""
        name = _text(model.get("model_id"))
        if name is None:
            return None
        identifier = slug(name, "model")
        if identifier in self.systems:
            return identifier
        system: dict[str, Any] = {"id": identifier, "name": name}
        self.journal.carried(f"/ai_systems/{len(self.systems)}", name_at)
        if "total_params_billions" in model:
            source = f"{where}/total_params_billions"
            count = self.value("total_params_billions", model["total_params_billions"], source)
            if count is not None:
                system["parameter_count"] = count
                self.journal.carried(f"/ai_systems/{len(self.systems)}/parameter_count", source)
        words = [f"{key.replace('_', ' ')} {model[key]}" for key in SYSTEM_KEYS if _text(model.get(key))]
        if words:
            system["description"] = "On the ML.ENERGY Leaderboard: " + "; ".join(words)
        self.systems[identifier] = system
        return identifier

    def configuration(self, config: Any, where: str, system: str | None, task: str | None, label: str | None) -> None:
        """The footprint(s) of one configuration: its per-request, per-image or per-video energy, and the per-token
        energy apart."""
        if not isinstance(config, dict):
            self.journal.lost(where, config, says("not a configuration (a JSON object)"))
            return
        index = len(self.footprints)
        identifier = f"{system or 'model'}-{slug(task or 'task', 'task')}-configuration-{where.rsplit('/', 1)[1]}"
        fp: dict[str, Any] = {"id": identifier}
        if system is not None:
            fp["system"] = system
        fp["stage"] = "inference"
        fp["description"] = _description(config, label)
        pointer = f"/footprints/{index}"
        self.journal.carried(pointer, where)
        energy_key = next((key for key in PRIMARY_ENERGY if key in config), None)
        if energy_key is None and "energy_per_token_joules" in config:
            energy_key = "energy_per_token_joules"
        if energy_key is not None:
            fp["functional_unit"] = ENERGY_KEYS[energy_key]
            fp["functional_unit_description"] = _unit_description(energy_key, config, label)
            self._figure(fp, pointer, energy_key, config, where)
        for key in sorted(config):
            if key in CONFIGURATION_KEYS and key not in ENERGY_KEYS:
                continue
            if key in ENERGY_KEYS:
                if key not in (energy_key, "energy_per_token_joules"):
                    reason = says("a second per-unit energy of the configuration")
                    self.journal.lost(f"{where}/{key}", config[key], reason)
                continue
            rule = self.rules.get(PREFIX + key)
            if rule is None:
                reason = NO_SLOT.get(key, UNKNOWN_FIELD)
                self.journal.lost(f"{where}/{key}", config[key], reason)
            else:
                self._figure(fp, pointer, key, config, where)
        if "energy_per_functional_unit" in fp or "average_power" in fp:
            fp["energy_boundary"] = "accelerator-only"
            fp["measurement_status"] = "measured"
            fp["method"] = METHOD
        hardware = self._hardware(config, where, pointer)
        if hardware:
            fp["hardware"] = hardware
        self.footprints.append(fp)
        if energy_key != "energy_per_token_joules" and "energy_per_token_joules" in config:
            self._per_token(fp, config, where, label)

    def _figure(self, fp: dict[str, Any], pointer: str, key: str, config: dict[str, Any], where: str) -> None:
        rule: FieldRule = self.rules[PREFIX + key]
        value = self.value(key, config[key], f"{where}/{key}")
        if value is None:
            return
        if rule.slot in fp:
            reason = says("a second {slot} of the configuration", slot=rule.slot)
            self.journal.lost(f"{where}/{key}", config[key], reason)
            return
        fp[rule.slot] = value
        self.journal.carried(f"{pointer}/{rule.slot}", f"{where}/{key}")

    def _hardware(self, config: dict[str, Any], where: str, pointer: str) -> list[dict[str, Any]]:
        model, count = _text(config.get("gpu_model")), config.get("num_gpus")
        item: dict[str, Any] = {"hardware_type": "gpu"}
        if model is not None:
            item[self.rules[PREFIX + "gpu_model"].slot] = model
            self.journal.carried(f"{pointer}/hardware/0/hardware_model", f"{where}/gpu_model")
        elif "gpu_model" in config:
            self.journal.lost(f"{where}/gpu_model", config["gpu_model"], says("not a GPU name"))
        if count is not None:
            found = self.value("num_gpus", count, f"{where}/num_gpus")
            if found is not None:
                item["hardware_count"] = found
                self.journal.carried(f"{pointer}/hardware/0/hardware_count", f"{where}/num_gpus")
        if len(item) == 1:
            return []
        self.journal.carried_near(f"{pointer}/hardware/0", f"{where}/gpu_model")
        return [item]

    def _per_token(self, fp: dict[str, Any], config: dict[str, Any], where: str, task: str | None) -> None:
        """The same configuration's energy per output token, as a footprint of its own (one functional unit each)."""
        index = len(self.footprints)
        pointer = f"/footprints/{index}"
        token: dict[str, Any] = {"id": f"{fp['id']}-per-token"}
        if "system" in fp:
            token["system"] = fp["system"]
        token["stage"] = "inference"
        token["description"] = f"{fp['description']}; the energy per output token of the runs of {fp['id']}"
        token["functional_unit"] = "token"
        token["functional_unit_description"] = _unit_description("energy_per_token_joules", config, task)
        self.journal.carried(pointer, where)
        self._figure(token, pointer, "energy_per_token_joules", config, where)
        if "energy_per_functional_unit" in token:
            token["energy_boundary"] = "accelerator-only"
            token["measurement_status"] = "measured"
            token["method"] = METHOD
        if "hardware" in fp:
            token["hardware"] = [dict(item) for item in fp["hardware"]]
            self.journal.carried_near(f"{pointer}/hardware/0", f"{where}/gpu_model")
        self.footprints.append(token)


def _description(config: dict[str, Any], task: str | None) -> str:
    text = f"ML.ENERGY Leaderboard, task {task}" if task else "ML.ENERGY Leaderboard"
    parallel = config.get("parallelization")
    given = {**(parallel if isinstance(parallel, dict) else {}), **{k: config[k] for k in PARALLEL_KEYS if k in config}}
    degrees = [f"{key.replace('_', ' ')} {value}" for key, value in sorted(given.items()) if value != ""]
    if degrees:
        text += f"; parallelization: {', '.join(degrees)}"
    if parallel is not None and not isinstance(parallel, dict):
        text += f"; parallelization: {parallel}"
    return text


def _unit_description(energy_key: str, config: dict[str, Any], task: str | None) -> str:
    what = f"the {task} task" if task else "the task"
    if energy_key == "energy_per_request_joules":
        return f"One request of {what}, answered in full"
    if energy_key == "energy_per_token_joules":
        return f"One output token of a request of {what}"
    height = config.get("image_height", config.get("video_height"))
    width = config.get("image_width", config.get("video_width"))
    size = f" of {width}x{height} pixels" if height is not None and width is not None else ""
    steps = f", {config['inference_steps']} inference steps" if "inference_steps" in config else ""
    if energy_key == "energy_per_image_joules":
        return f"One generated image{size}{steps}"
    frames = f", {config['num_frames']} frames" if "num_frames" in config else ""
    rate = f" at {config['fps']} fps" if "fps" in config else ""
    return f"One generated video{size}{frames}{rate}{steps}"


def _read_configured(data: dict[str, Any], reader: _LeaderboardReader, journal: Journal) -> None:
    """A model file (one model, one task) or a task file (one task, the model named in each configuration)."""
    configurations = data["configurations"]
    if not isinstance(configurations, list):
        raise ConversionError(says("configurations is not a list: not an ML.ENERGY Leaderboard file"), 1, 1)
    if len(configurations) > MAX_CONFIGURATIONS:
        message = says(
            "{count:,} configurations, over the limit of {limit:,}", count=len(configurations), limit=MAX_CONFIGURATIONS
        )
        raise ConversionError(message, 1, 1)
    task = _text(data.get("task"))
    if "task" in data and task is None:
        journal.lost("/task", data["task"], says("not a task name"))
    shared = {key: data[key] for key in MODEL_KEYS if key in data}
    system = reader.system(shared, "", "/model_id")
    display = _text(data.get("task_display_name"))
    label = f"{task} ({display})" if task and display and display != task else task
    for index, config in enumerate(configurations):
        where = f"/configurations/{index}"
        own = system
        if isinstance(config, dict) and "model_id" in config:
            model = {**shared, **{key: config[key] for key in MODEL_KEYS if key in config}}
            own = reader.system(model, where, f"{where}/model_id")
        reader.configuration(config, where, own, task, label)
    for key in sorted(data):
        if key in ("configurations", "task", "task_display_name", *MODEL_KEYS):
            continue
        journal.lost(f"/{key}", data[key], NO_SLOT.get(key, UNKNOWN_FIELD))


def _read_index(data: dict[str, Any], reader: _LeaderboardReader, journal: Journal) -> str | None:
    """index.json: one AI system per model; the day it was built is the disclosure's issue day."""
    models = data["models"]
    if not isinstance(models, dict):
        raise ConversionError(says("models is not an object: not an ML.ENERGY Leaderboard index"), 1, 1)
    for name, entry in models.items():
        where = f"/models/{name.replace('~', '~0').replace('/', '~1')}"
        if not isinstance(entry, dict):
            journal.lost(where, entry, says("not a model record (a JSON object)"))
            continue
        reader.system({**entry, "model_id": name}, where, where)
        for key in sorted(entry):
            if key not in ("total_params_billions", *SYSTEM_KEYS):
                journal.lost(f"{where}/{key}", entry[key], NO_SLOT.get(key, UNKNOWN_FIELD))
    for key in sorted(data):
        if key not in ("models", "last_updated"):
            journal.lost(f"/{key}", data[key], NO_SLOT.get(key, UNKNOWN_FIELD))
    issued = _text(data.get("last_updated"))
    if "last_updated" in data and (issued is None or day(issued) is None):
        journal.lost("/last_updated", data["last_updated"], says("not an ISO 8601 date: no issue day"))
        return None
    return issued


def read_leaderboard(text: str, path: str) -> Conversion:
    """An ML.ENERGY Leaderboard model file, task file or index as a canonical disclosure."""
    try:
        document = parse_text(text, path if path.endswith(".json") else f"{path}.json")
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    data = document.data
    journal = Journal(positions=value_positions(text), abridged=True)
    reader = _LeaderboardReader(journal)
    issued = None
    if "configurations" in data:
        _read_configured(data, reader, journal)
    elif "models" in data:
        issued = _read_index(data, reader, journal)
    else:
        raise ConversionError(says("not an ML.ENERGY Leaderboard file: it has neither configurations nor models"), 1, 1)
    identifier = f"urn:aistd:ml-energy:{slug(PurePath(path).name, 'file')}"
    disclosure = disclosure_shell(journal, identifier, None, None)
    journal.filled("/id", identifier, says("the leaderboard's file has no identifier: made from the file name"))
    if issued is not None:
        disclosure["issued"] = issued
        journal.carried("/issued", "/last_updated")
    if reader.systems:
        disclosure["ai_systems"] = list(reader.systems.values())
    if reader.footprints:
        disclosure["footprints"] = reader.footprints
    return journal.conversion(VOCABULARY, "aistd", disclosure)
