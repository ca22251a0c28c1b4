"""Writing a model card (README.md): the footprint of the card's training stage as `co2_eq_emissions` (grams)
in the front matter and as the bullets of an Environmental Impact section.

Free text reaches the body (the title's model name, the hardware, cloud provider and region bullets) escaped
(`inline.escaped`): a line break, a bullet, a table row or a front-matter fence in a name stays text of one line,
and the card reader gets it back as it was. Hardware that would read back as other hardware (a model that holds a
count, `8 x H100`, or a separator) is reported lost, not written."""

from __future__ import annotations

from typing import Any

from aistd.conversion.disclosure import is_placeholder
from aistd.conversion.fields import field_rules, from_slot_value, reverse_enum_values, slot_fields
from aistd.conversion.formats.hf_card.descriptions import hardware_text, location_text, parse_hardware
from aistd.conversion.formats.hf_card.inline import escaped
from aistd.conversion.formats.hf_card.terms import CO2, PREFIX, SECTION, VOCABULARY
from aistd.conversion.journal import Conversion, Journal
from aistd.model.message import says

NO_FIELD = says("a model card has no field for it")


def _stages() -> dict[str, str]:
    """aistd stage -> the training_type a card writes for it."""
    return reverse_enum_values(VOCABULARY, f"{PREFIX}{CO2}.training_type", "LifecycleStage")


def _choose(footprints: list[Any], system: str | None) -> int | None:
    """The footprint the card reports: of the card's system, a training stage first."""
    candidates = [
        (index, fp)
        for index, fp in enumerate(footprints)
        if isinstance(fp, dict) and (system is None or fp.get("system") in (system, None))
    ]
    for index, fp in candidates:
        if fp.get("stage") in _stages():
            return index
    return candidates[0][0] if candidates else None


class _CardWriter:
    """The state of one write: the disclosure, the crosswalk's rules, and the journal."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.rules = field_rules(VOCABULARY)
        self.slots = slot_fields(VOCABULARY)
        self.journal = Journal()

    def number(self, object_id: str, value: Any, where: str) -> int | float | None:
        """A slot value in the unit of a card field, or None after reporting it lost."""
        written = from_slot_value(self.rules[object_id], value)
        if isinstance(written, bool) or not isinstance(written, int | float):
            self.journal.lost(where, value, says("not a number in a unit this card field can take"))
            return None
        return written

    def system(self) -> tuple[str | None, str | None]:
        """The id and name of the system the card is about (the first one), reporting the others lost."""
        systems = [s for s in self.disclosure.get("ai_systems", []) if isinstance(s, dict)]
        for index, other in enumerate(systems[1:], start=1):
            self.journal.lost(f"/ai_systems/{index}", other, says("a model card describes one model"))
        if not systems:
            return None, None
        for key, value in systems[0].items():
            if key not in ("id", "name"):
                self.journal.lost(f"/ai_systems/0/{key}", value, NO_FIELD)
        return systems[0].get("id"), systems[0].get("name")

    def co2(self, fp: dict[str, Any], pointer: str) -> tuple[dict[str, Any], list[str]]:
        """The co2_eq_emissions map (grams) and the Environmental Impact bullets of one footprint."""
        meta: dict[str, Any] = {}
        bullets: list[str] = []
        done = {"id", "system"}
        if "operational_emissions" in fp:
            done.add("operational_emissions")
            grams = self.number(
                f"{PREFIX}{CO2}.emissions", fp["operational_emissions"], f"{pointer}/operational_emissions"
            )
            if grams is not None:
                meta["emissions"] = grams
                bullets.append(f"- **Carbon Emitted:** {grams} g CO2eq")
        self._stage(fp, meta, done)
        self._text_fields(fp, pointer, meta, bullets, done)
        self._figures(fp, pointer, meta, bullets, done)
        for key, value in fp.items():
            if key not in done:
                self.journal.lost(f"{pointer}/{key}", value, NO_FIELD)
        return meta, bullets

    def _stage(self, fp: dict[str, Any], meta: dict[str, Any], done: set[str]) -> None:
        table = _stages()
        if fp.get("stage") in table:
            meta["training_type"] = table[fp["stage"]]
            done.add("stage")
        elif fp.get("stage") == "other":
            done.add("stage")

    def _text_fields(
        self, fp: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str], done: set[str]
    ) -> None:
        if isinstance(fp.get("method"), str):
            meta[self.slots["method"].field.rsplit(".", 1)[1]] = fp["method"]
            done.add("method")
        location = fp.get("location")
        if isinstance(location, dict):
            done.add("location")
            self._location(location, f"{pointer}/location", meta, bullets)
        hardware = fp.get("hardware")
        if isinstance(hardware, list) and hardware:
            done.add("hardware")
            items = self._hardware(hardware, f"{pointer}/hardware")
            if items:
                meta["hardware_used"] = hardware_text(items)
                bullets.insert(0, f"- **Hardware Type:** {escaped(meta['hardware_used'])}")

    def _location(self, location: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str]) -> None:
        text = location_text(location)
        if text is not None:
            meta["geographical_location"] = text
        elif "region" in location:
            reason = says("a region without its country cannot be written")
            self.journal.lost(f"{pointer}/region", location["region"], reason)
        for slot, label in (("cloud_provider", "Cloud Provider"), ("cloud_region", "Compute Region")):
            if isinstance(location.get(slot), str):
                bullets.append(f"- **{label}:** {escaped(location[slot])}")
        for key, value in location.items():
            if key not in ("country", "region", "cloud_provider", "cloud_region"):
                self.journal.lost(f"{pointer}/{key}", value, NO_FIELD)

    def _hardware(self, items: list[Any], pointer: str) -> list[dict[str, Any]]:
        kept = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                self.journal.lost(f"{pointer}/{index}", item, says("not a hardware item"))
                continue
            misread = _misread(item)
            if misread is not None:
                self.journal.lost(f"{pointer}/{index}", item, misread)
                continue
            kept.append(item)
            for key, value in item.items():
                if key not in ("hardware_type", "hardware_model", "hardware_count"):
                    self.journal.lost(f"{pointer}/{index}/{key}", value, NO_FIELD)
        return kept

    def _figures(
        self, fp: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str], done: set[str]
    ) -> None:
        if "energy_consumption" in fp and fp.get("energy_boundary") == "compute-node":
            done |= {"energy_consumption", "energy_boundary"}
            energy = self.number(
                f"{PREFIX}{CO2}.energy_consumed", fp["energy_consumption"], f"{pointer}/energy_consumption"
            )
            if energy is not None:
                meta["energy_consumed"] = energy
        if "duration" in fp:
            done.add("duration")
            hours = self.number(f"{PREFIX}{CO2}.hours_used", fp["duration"], f"{pointer}/duration")
            if hours is not None:
                meta["hours_used"] = hours
        if "accelerator_hours" in fp:
            done.add("accelerator_hours")
            hours = self.number(
                f"{PREFIX}{SECTION}.hours_used", fp["accelerator_hours"], f"{pointer}/accelerator_hours"
            )
            if hours is not None:
                bullets.insert(1 if bullets and "Hardware" in bullets[0] else 0, f"- **Hours used:** {hours}")

    def document_losses(self, chosen: int | None) -> None:
        """Everything beside the chosen footprint and the system's name."""
        for key, value in self.disclosure.items():
            if key not in ("schema_version", "footprints", "ai_systems") and not is_placeholder(key, value):
                self.journal.lost(f"/{key}", value, NO_FIELD)
        for index, fp in enumerate(self.disclosure.get("footprints", [])):
            if index != chosen:
                reason = says(
                    "a card's co2_eq_emissions holds one figure: the footprint"
                    " of the card's training stage is written, the others are not"
                )
                self.journal.lost(f"/footprints/{index}", fp, reason)


def _misread(item: dict[str, Any]) -> str | None:
    """Why a hardware item cannot be written as card text (it would read back as other hardware: a model that
    holds a count, a separator or a type in parentheses), or None when it reads back as itself."""
    text = hardware_text([item])
    back = parse_hardware(text)
    same = len(back) == 1 and back[0].get("hardware_count") == item.get("hardware_count")
    if same and isinstance(item.get("hardware_type"), str):
        same = back[0].get("hardware_type") == item["hardware_type"]
    if same and "hardware_model" in item:
        same = back[0].get("hardware_model") == item["hardware_model"]
    if same:
        return None
    return says(
        "written as {text!r}, a card's hardware text, it would read back as other hardware: {back!r}",
        text=text,
        back=back,
    )


def _card_text(name: str | None, meta: dict[str, Any], bullets: list[str]) -> str:
    from aistd.conversion.yaml_writing import yaml_text

    front = yaml_text({CO2: meta}) if meta else ""
    lines = ["---", front.rstrip("\n"), "---", ""] if front else []
    lines.append(f"# Model Card for {escaped(name)}" if name else "# Model Card")
    if bullets:
        lines += ["", "## Environmental Impact", "", *bullets]
    return "\n".join(lines) + "\n"


def write_card(disclosure: dict[str, Any]) -> Conversion:
    """A README.md: co2_eq_emissions (grams) in the front matter, and an Environmental Impact section."""
    writer = _CardWriter(disclosure)
    system, name = writer.system()
    footprints = disclosure.get("footprints", [])
    chosen = _choose(footprints if isinstance(footprints, list) else [], system)
    meta: dict[str, Any] = {}
    bullets: list[str] = []
    if chosen is not None:
        meta, bullets = writer.co2(footprints[chosen], f"/footprints/{chosen}")
    writer.document_losses(chosen)
    return writer.journal.conversion("aistd", "hf-card", _card_text(name, meta, bullets))
