"""CycloneDX protobuf (binary and text format) to the JSON-shaped BOM the reader works on.

The message types come from the official `bom-1.5.proto`, `bom-1.6.proto` and `bom-1.7.proto` (in `proto/`,
unchanged), compiled once into the FileDescriptorSet `proto/cyclonedx.binpb` (`proto/README.md` says how; a test
checks that compiling again gives the same descriptors) and loaded at run time into a private descriptor pool: no
generated `_pb2` code, so any protobuf runtime of the supported range reads it. A binary BOM is decoded with the
1.7 types, then again with its own version's when it declares 1.5 or 1.6 (CycloneDX keeps field numbers across
versions; a few later fields reuse nothing). A text BOM is parsed with the version its `# proto-file:` header or
its `spec_version` names (1.7 when neither does).

The protobuf names and values differ from the JSON encoding's; this module maps them:

- field names: the protobuf JSON name (`external_references` -> `externalReferences`), except `bom_ref` ->
  `bom-ref`, `mime_type` -> `mime-type`, an attachment's or a hash's `value` -> `content`, the typo'd
  `postalCodeue` -> `postalCode`, a graphics collection's `graphic` -> `collection`;
- shapes: a model card's `datasets` entries (`{dataset: …}` or `{ref: …}`) -> the dataset itself or `{ref}`;
  a dependency's nested `dependencies` -> `dependsOn` (their refs); the legacy `tools` fields -> a list of one
  tool, the current ones -> `{components, services}`;
- enum values: the value's name without its type's prefix, lower-cased, `_` -> `-` (`ACTIVITY_TYPE_TRAINING` ->
  `training`, `CLASSIFICATION_MACHINE_LEARNING_MODEL` -> `machine-learning-model`), except the units
  (`ENERGY_MEASURE_UNIT_TYPE_KILOWATT_HOURS` -> `kWh`, `CO2_MEASURE_UNIT_TYPE_TONNES_CO2_EQUIVALENT` -> `tCO2eq`),
  the hash algorithms (`HASH_ALG_SHA_256` -> `SHA-256`), the score methods, and the vulnerability enums JSON
  spells with `_`; an unset enum (its `_NULL`/`_UNSPECIFIED` zero) is absent;
- values: a timestamp -> RFC 3339 text (`2024-01-02T03:04:05Z`); an energy or CO2 measure is a 32-bit float in
  protobuf and becomes the shortest decimal that is the same float32 (`0.4`, not `0.4000000059604645`), so a
  figure written with more than about 7 significant digits comes back rounded to float32 precision.

A field with no presence (proto3 implicit) is absent when it holds its default, except numbers (a measure of 0
is a figure) and an enum whose zero value is a real value (`COMPONENT_DATA_TYPE_SOURCE_CODE`). `bomFormat` is
added (protobuf has none). A field unknown to the types (a newer version's) is not decoded. Malformed input, a
message that is not a BOM (no `spec_version`), or input larger than the cap raises ConversionError.
"""

from __future__ import annotations

import datetime
import re
import struct
from functools import cache
from pathlib import Path
from typing import Any

from aistd.conversion.journal import ConversionError
from aistd.load.limits import DEFAULT_MAX_BYTES
from aistd.model.message import says

DESCRIPTORS = Path(__file__).with_name("proto") / "cyclonedx.binpb"
VERSIONS = ("1.5", "1.6", "1.7")
NEWEST = VERSIONS[-1]

FIELD_NAMES = {"bomRef": "bom-ref", "mimeType": "mime-type"}
MESSAGE_FIELD_NAMES = {
    ("AttachedText", "value"): "content",
    ("Hash", "value"): "content",
    ("PostalAddressType", "postalCodeue"): "postalCode",
    ("GraphicsCollection", "graphic"): "collection",
}
ENUM_VALUES = {
    "ENERGY_MEASURE_UNIT_TYPE_KILOWATT_HOURS": "kWh",
    "CO2_MEASURE_UNIT_TYPE_TONNES_CO2_EQUIVALENT": "tCO2eq",
    "HASH_ALG_MD_5": "MD5",
    "HASH_ALG_SHA_1": "SHA-1",
    "HASH_ALG_SHA_256": "SHA-256",
    "HASH_ALG_SHA_384": "SHA-384",
    "HASH_ALG_SHA_512": "SHA-512",
    "HASH_ALG_SHA_3_256": "SHA3-256",
    "HASH_ALG_SHA_3_384": "SHA3-384",
    "HASH_ALG_SHA_3_512": "SHA3-512",
    "HASH_ALG_BLAKE_2_B_256": "BLAKE2b-256",
    "HASH_ALG_BLAKE_2_B_384": "BLAKE2b-384",
    "HASH_ALG_BLAKE_2_B_512": "BLAKE2b-512",
    "HASH_ALG_BLAKE_3": "BLAKE3",
    "HASH_ALG_STREEBOG_256": "Streebog-256",
    "HASH_ALG_STREEBOG_512": "Streebog-512",
    "SCORE_METHOD_CVSSV2": "CVSSv2",
    "SCORE_METHOD_CVSSV3": "CVSSv3",
    "SCORE_METHOD_CVSSV31": "CVSSv31",
    "SCORE_METHOD_CVSSV4": "CVSSv4",
    "SCORE_METHOD_OWASP": "OWASP",
    "SCORE_METHOD_SSVC": "SSVC",
}
"""Enum values whose JSON spelling the generic rule does not give."""
UNDERSCORED_ENUMS = {"Aggregate", "ImpactAnalysisState", "ImpactAnalysisJustification", "VulnerabilityResponse"}
"""Enums whose JSON values keep `_` (`not_affected`, `incomplete_first_party_only`)."""
TIMESTAMP = "google.protobuf.Timestamp"
MAX_DETAIL = 300
"""The longest parser message passed on (it can quote a whole line of the input)."""


@cache
def _bom_types() -> dict[str, Any]:
    """The Bom message class of each version, from the committed descriptor set (protobuf imported on first use)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    files = descriptor_pb2.FileDescriptorSet.FromString(DESCRIPTORS.read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    return {
        version: message_factory.GetMessageClass(
            pool.FindMessageTypeByName(f"cyclonedx.v{version.replace('.', '_')}.Bom")
        )
        for version in VERSIONS
    }


def _version_of(declared: str) -> str:
    """The types to read a declared spec version with: its own, else the nearest there are."""
    if declared in VERSIONS:
        return declared
    match = re.fullmatch(r"(\d+)\.(\d+)", declared)
    if match and (int(match[1]), int(match[2])) < (1, 5):
        return VERSIONS[0]
    return NEWEST


def bom_from_protobuf(data: bytes) -> dict[str, Any]:
    """A binary CycloneDX protobuf BOM as the dict its JSON encoding would give; ConversionError when the bytes
    are not one."""
    from google.protobuf.message import DecodeError

    if len(data) > DEFAULT_MAX_BYTES:
        raise ConversionError(says("the protobuf BOM is larger than {limit} bytes", limit=DEFAULT_MAX_BYTES), 1, 1)
    types = _bom_types()
    try:
        message = types[NEWEST].FromString(data)
        version = _version_of(message.spec_version)
        if version != NEWEST:
            message = types[version].FromString(data)
    except (DecodeError, RecursionError, ValueError) as error:
        raise ConversionError(says("not a CycloneDX protobuf BOM: {detail}", detail=str(error)), 1, 1) from None
    return _bom(message)


_PROTO_FILE = re.compile(r"^\s*#\s*proto-file:.*?bom-(\d+\.\d+)\.proto", re.MULTILINE)
_SPEC_VERSION = re.compile(r'^\s*spec_version\s*:\s*"(\d+\.\d+)"', re.MULTILINE)
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
"""A character beyond the BMP escaped as a UTF-16 surrogate pair (`\\uD83E\\uDD17`), which protobuf's Python text
parser cannot decode; written as the one `\\U0001F917` escape it means."""


def _join_surrogates(match: re.Match[str]) -> str:
    high, low = int(match[2], 16), int(match[3], 16)
    return f"{match[1]}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"


def bom_from_textproto(text: str) -> dict[str, Any]:
    """A CycloneDX BOM in protobuf text format as the dict its JSON encoding would give; ConversionError, with the
    line and column, when the text is not one."""
    from google.protobuf import text_format

    if len(text) > DEFAULT_MAX_BYTES:
        raise ConversionError(
            says("the protobuf text is larger than {limit} characters", limit=DEFAULT_MAX_BYTES), 1, 1
        )
    declared = _PROTO_FILE.search(text[:4096]) or _SPEC_VERSION.search(text)
    version = _version_of(declared[1]) if declared else NEWEST
    message = _bom_types()[version]()
    try:
        text_format.Parse(_SURROGATE_PAIR.sub(_join_surrogates, text), message)
    except text_format.ParseError as error:
        line, column = error.GetLine(), error.GetColumn()
        detail = str(error).split(" : ", 1)[-1]
        detail = detail if len(detail) <= MAX_DETAIL else detail[: MAX_DETAIL - 1] + "…"
        message = says("not CycloneDX {version} protobuf text: {detail}", version=version, detail=detail)
        raise ConversionError(message, line or 1, column or 1) from None
    except RecursionError:
        raise ConversionError(says("refused protobuf text: nested too deep"), 1, 1) from None
    except ValueError as error:  # anything else the runtime refuses while merging the text into the message
        raise ConversionError(says("not CycloneDX protobuf text: {detail}", detail=str(error)), 1, 1) from None
    return _bom(message)


def _bom(message: Any) -> dict[str, Any]:
    if not re.fullmatch(r"\d+\.\d+", message.spec_version):
        raise ConversionError(says("not a CycloneDX protobuf BOM: it has no spec_version"), 1, 1)
    return {"bomFormat": "CycloneDX", **_message(message)}


def _message(message: Any) -> Any:
    """A message as JSON-shaped data, field by field in the order of the .proto."""
    descriptor = message.DESCRIPTOR
    special = _SHAPES.get(descriptor.name)
    if special is not None:
        return special(message)
    result: dict[str, Any] = {}
    for field in descriptor.fields:
        present, value = _field(message, field)
        if present:
            key = MESSAGE_FIELD_NAMES.get((descriptor.name, field.name)) or FIELD_NAMES.get(
                field.json_name, field.json_name
            )
            result[key] = value
    return result


def _field(message: Any, field: Any) -> tuple[bool, Any]:
    """Whether a field is present, and its JSON value."""
    raw = getattr(message, field.name)
    if _is_repeated(field):
        return bool(raw), [_value(field, item) for item in raw]
    if field.has_presence:
        if not message.HasField(field.name):
            return False, None
    elif field.type == field.TYPE_ENUM:
        if raw == 0 and _is_unset(field.enum_type.values_by_number[0].name):
            return False, None
    elif field.cpp_type not in _NUMBERS and raw == field.default_value:
        return False, None
    return True, _value(field, raw)


def _is_repeated(field: Any) -> bool:
    repeated = getattr(field, "is_repeated", None)  # protobuf 6.31 on; `label` before
    return bool(repeated) if repeated is not None else field.label == field.LABEL_REPEATED


_NUMBERS = {1, 2, 3, 4, 5, 6}  # CPPTYPE_INT32, INT64, UINT32, UINT64, DOUBLE, FLOAT


def _is_unset(name: str) -> bool:
    return name.endswith(("_NULL", "_UNSPECIFIED"))


def _value(field: Any, raw: Any) -> Any:
    if field.type == field.TYPE_MESSAGE:
        if field.message_type.full_name == TIMESTAMP:
            return _timestamp(raw)
        return _message(raw)
    if field.type == field.TYPE_ENUM:
        value = field.enum_type.values_by_number.get(raw)
        return raw if value is None else _enum_text(field.enum_type, value.name)
    if field.type == field.TYPE_FLOAT:
        return _shortest_float32(raw)
    return raw


def _enum_text(enum: Any, name: str) -> str:
    if name in ENUM_VALUES:
        return ENUM_VALUES[name]
    prefix = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", enum.name).upper() + "_"
    if not name.startswith(prefix):
        prefix = _common_prefix([value.name for value in enum.values])
    text = name.removeprefix(prefix).lower()
    return text if enum.name in UNDERSCORED_ENUMS else text.replace("_", "-")


def _common_prefix(names: list[str]) -> str:
    shortest = min(names, key=len)
    size = 0
    while size < len(shortest) and all(n[size] == shortest[size] for n in names):
        size += 1
    return shortest[: shortest.rfind("_", 0, size) + 1]


def _shortest_float32(value: float) -> float:
    """The shortest decimal that is the same 32-bit float (protobuf `float` keeps only that much)."""
    packed = struct.pack("<f", value)
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.pack("<f", candidate) == packed:
            return candidate
    return value  # pragma: no cover - 9 significant digits always identify a float32


def _timestamp(raw: Any) -> str:
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=raw.seconds)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if raw.nanos:
        text += f".{raw.nanos:09d}".rstrip("0")
    return text + "Z"


def _tools(message: Any) -> Any:
    """Metadata tools: the current form as {components, services}, the legacy fields as a list of one tool."""
    legacy = {}
    current = {}
    for field in message.DESCRIPTOR.fields:
        present, value = _field(message, field)
        if present:
            (current if field.name in ("components", "services") else legacy)[field.json_name] = value
    if legacy and not current:
        return [legacy]
    return {**current, **({"tool": [legacy]} if legacy else {})}


def _datasets(message: Any) -> Any:
    """A model card's datasets entry: the dataset itself, or {ref}."""
    choice = message.WhichOneof("choice")
    if choice == "dataset":
        return _message(message.dataset)
    return {"ref": message.ref} if choice == "ref" else {}


def _dependency(message: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"ref": message.ref}
    if message.dependencies:
        result["dependsOn"] = [d.ref for d in message.dependencies]
    return result


_SHAPES = {"Tool": _tools, "Datasets": _datasets, "Dependency": _dependency}
"""Messages whose JSON shape is not field for field."""
