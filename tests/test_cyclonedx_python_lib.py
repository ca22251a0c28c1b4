"""aistd's CycloneDX output passes the validators of cyclonedx-python-lib, the CycloneDX project's own library
(JSON strict validation, and XML where aistd writes XML), besides the official schemas the other tests use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from aistd.conversion.registry import format_named
from aistd.load import load_path
from tests.conftest import EXAMPLES
from tests.strategies import disclosures

cyclonedx_validation = pytest.importorskip("cyclonedx.validation.json")
from cyclonedx.schema import SchemaVersion  # noqa: E402

VERSIONS = {"1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}


def json_errors(text: str, version: str) -> object:
    return cyclonedx_validation.JsonStrictValidator(VERSIONS[version]).validate_str(text)


@pytest.mark.parametrize("version", sorted(VERSIONS))
@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").iterdir()), ids=lambda p: p.name)
def test_every_example_bom_passes_the_cyclonedx_library(path: Path, version: str) -> None:
    written = format_named("cyclonedx").write(load_path(path).data, spec_version=version)
    assert json_errors(written.document, version) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures())
def test_generated_disclosures_write_boms_the_library_accepts(source: dict) -> None:
    assert json_errors(format_named("cyclonedx").write(source, spec_version="1.6").document, "1.6") is None


@pytest.mark.parametrize("version", sorted(VERSIONS))
@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").iterdir()), ids=lambda p: p.name)
def test_every_example_xml_bom_passes_the_cyclonedx_library(path: Path, version: str) -> None:
    from cyclonedx.validation.xml import XmlValidator

    written = format_named("cyclonedx").write(load_path(path).data, spec_version=version, encoding="xml")
    assert XmlValidator(VERSIONS[version]).validate_str(written.document) is None
