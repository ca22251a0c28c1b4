"""Bad and hostile input ends in a LoadError with a stable rule, a clear message and a place, quickly.

Every case is generated here (no large file is committed). Each load is timed: whatever the input, the
loader answers well within a second, and it never lets an exception other than LoadError escape.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.load import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    Document,
    LoadError,
    limits,
    load_bytes,
    load_path,
    parse_text,
    value_positions,
    yaml_reader,
)
from aistd.model.finding import Severity
from tests.conftest import EXAMPLES

SECONDS = 1.0  # the most any single load may take; the slowest case here takes a few milliseconds


def timed_load(raw: bytes | str, name: str = "d.yaml", **options: Any) -> Document:
    """Load bytes (or UTF-8 text) as a file named `name`, failing the test if it takes too long."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    start = time.perf_counter()
    try:
        return load_bytes(data, name, **options)
    finally:
        assert time.perf_counter() - start < SECONDS


def refused(raw: bytes | str, name: str = "d.yaml", **options: Any) -> LoadError:
    """The LoadError that loading the input raises."""
    with pytest.raises(LoadError) as caught:
        timed_load(raw, name, **options)
    return caught.value


def check(error: LoadError, rule: str, words: str, line: int | None, column: int | None) -> None:
    assert (error.rule, error.line, error.column) == (rule, line, column), error.message
    assert words in error.message


# --- the error itself -----------------------------------------------------------------------------


def test_load_error_defaults_and_finding() -> None:
    error = LoadError("broken")
    assert (error.rule, error.message, error.line, error.column) == ("load.malformed", "broken", None, None)
    finding = LoadError("deep", 3, 7, "load.too-deep").finding()
    assert (finding.rule, finding.severity, finding.line, finding.column) == (
        "load.too-deep",
        Severity.ERROR,
        3,
        7,
    )


# --- encoding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words", "line", "column"),
    [
        (b"name: caf\xe9\n", "byte 0xe9 at line 1, column 10", 1, 10),
        ("a: 1\nb: déjà\n".encode() + b"c: \x80x\n", "byte 0x80", 3, 4),
        ("é: ok\nnote: é".encode() + b"\xff\n", "byte 0xff", 2, 8),
        (b'{"a": "\xed\xa0\x80"}', "not UTF-8 text", 1, 8),  # an encoded surrogate is not UTF-8
    ],
)
def test_bytes_that_are_not_utf8_are_placed(raw: bytes, words: str, line: int, column: int) -> None:
    name = "d.json" if raw.startswith(b"{") else "d.yaml"
    check(refused(raw, name), "load.encoding", words, line, column)


@pytest.mark.parametrize(
    ("encoding", "bom", "words"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16 (little-endian)"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 (big-endian)"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_are_named(encoding: str, bom: bytes, words: str) -> None:
    error = refused(bom + "name: x\n".encode(encoding))
    check(error, "load.encoding", words, 1, 1)
    assert "not UTF-8" in error.message


def test_utf16_without_a_byte_order_mark_is_caught_by_its_nul_bytes() -> None:
    check(refused("a: 1\n".encode("utf-16-le")), "load.encoding", "NUL byte", 1, 2)


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(("raw", "name"), [(BOM + b"a: 1\n", "d.yaml"), (BOM + b'{"a": 1}', "d.json")])
def test_a_utf8_byte_order_mark_is_accepted_with_a_warning(raw: bytes, name: str) -> None:
    document = timed_load(raw, name)
    assert document.data == {"a": 1}
    assert not document.text.startswith("\ufeff")
    [warning] = document.warnings
    assert (warning.rule, warning.severity) == ("load.bom", Severity.WARNING)
    assert (warning.line, warning.column) == (1, 1)
    assert "byte-order mark" in warning.message


def test_parse_text_warns_of_a_byte_order_mark_too() -> None:
    assert [w.rule for w in parse_text("\ufeffa: 1\n", "d.yaml").warnings] == ["load.bom"]
    assert parse_text("a: 1\n", "d.yaml").warnings == []


def test_an_unpaired_surrogate_escape_in_json_is_refused() -> None:
    check(refused('{"a": "ok",\n "b": "x\\ud800"}', "d.json"), "load.encoding", "surrogate (\\ud800)", 2, 7)
    assert timed_load('{"a": "\\ud83d\\ude00"}', "d.json").data == {"a": "\U0001f600"}


# --- empty, comments only, several documents ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"), [(b"", "d.yaml"), (b"  \n\t\n\n", "d.yaml"), (b"", "d.json"), (b" \r\n", "d.json")]
)
def test_an_empty_file_is_refused(raw: bytes, name: str) -> None:
    check(refused(raw, name), "load.empty", "empty", 1, 1)


def test_a_file_of_only_comments_is_empty() -> None:
    check(refused("# a disclosure, one day\n\n# nothing yet\n"), "load.empty", "only comments", 1, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n---\nb: 2\n", 3), ("a: 1\n...\n---\n", 3)],
)
def test_several_yaml_documents_are_refused(text: str, line: int) -> None:
    check(refused(text), "load.multiple-documents", "more than one YAML document", line, 1)


# --- malformed syntax -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "words", "line", "column"),
    [
        ("a: 1\nb: [unclosed\nc: 2\n", "d.yaml", "malformed YAML", 3, 2),
        ("a: 1\n  b: 2\n", "d.yaml", "mapping values are not allowed", 2, 4),
        ("a:\n\t- b\n", "d.yaml", "cannot start any token", 2, 1),
        ("é: \x01\n", "d.yaml", "U+0001 is not allowed", 1, 4),
        ("a: !!int abc\n", "d.yaml", "'abc' is not an integer", 1, 4),
        ("a: !!float x\n", "d.yaml", "'x' is not a number", 1, 4),
        ("a: !!bool maybe\n", "d.yaml", "'maybe' is not a boolean", 1, 4),
        ('{"a": 1,\n "b": }', "d.json", "malformed JSON: Expecting value", 2, 7),
        ('{"a": 1\n "b": 2}', "d.json", "Expecting ',' delimiter", 2, 2),
        ("{}{}", "d.json", "Extra data", 1, 3),
        ('{"a": 1} // note', "d.json", "Extra data", 1, 10),
    ],
)
def test_malformed_text_is_placed(text: str, name: str, words: str, line: int, column: int) -> None:
    check(refused(text, name), "load.malformed", words, line, column)


# --- duplicate keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "words", "line", "column"),
    [
        (
            "a: 1\nb:\n  c: 1\n  c: 2\n",
            "d.yaml",
            "the key 'c' appears twice in the same mapping (first at line 3)",
            4,
            3,
        ),
        ('a: 1\n"a": 2\n', "d.yaml", "'a' appears twice", 2, 1),
        ("l: [{x: 1, y: 2, x: 3}]\n", "d.yaml", "'x' appears twice", 1, 18),
        ('{"a": {"c": 1,\n "c": 2}}', "d.json", "'c' appears twice in the same object (first at", 2, 2),
        ('{"a": 1, "\\u0061": 2}', "d.json", "'a' appears twice", 1, 10),
        ('{"l": [{"x": 1}, {"x": 2, "x": 3}]}', "d.json", "'x' appears twice", 1, 27),
    ],
)
def test_a_duplicate_key_is_refused_at_its_second_occurrence(
    text: str, name: str, words: str, line: int, column: int
) -> None:
    check(refused(text, name), "load.duplicate-key", words, line, column)


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert timed_load("a: {x: 1}\nb: {x: 2}\n").data == {"a": {"x": 1}, "b": {"x": 2}}
    assert timed_load('{"a": {"x": 1}, "b": {"x": 2}}', "d.json").data == {"a": {"x": 1}, "b": {"x": 2}}


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "words", "line", "column"),
    [
        ('{"a":\n NaN}', "d.json", "NaN is not a finite number", 2, 2),
        ('{"a": [1, Infinity]}', "d.json", "Infinity is not a finite number", 1, 11),
        ('{"a": [1, -Infinity]}', "d.json", "-Infinity is not a finite number", 1, 11),
        ('{"a": 1e400}', "d.json", "1e400 overflows to infinity", 1, 7),
        ('{"a": 1,\n  "b": -1.5E+999}', "d.json", "-1.5E+999 overflows", 2, 8),
        ('{"a": 1' + "0" * 400 + ".5}", "d.json", "overflows to infinity", 1, 7),
        ("a: 1\nb: .nan\n", "d.yaml", ".nan is not a finite number", 2, 4),
        ("b: .NaN\n", "d.yaml", ".NaN is not a finite number", 1, 4),
        ("b: .inf\n", "d.yaml", ".inf is not a finite number", 1, 4),
        ("b: [1, -.Inf]\n", "d.yaml", "-.Inf is not a finite number", 1, 8),
        ("b: 1e400\n", "d.yaml", "1e400 overflows to infinity", 1, 4),
        ("b: 1.0e+400\n", "d.yaml", "1.0e+400 overflows to infinity", 1, 4),
    ],
)
def test_non_finite_numbers_are_refused(text: str, name: str, words: str, line: int, column: int) -> None:
    error = refused(text, name)
    check(error, "load.non-finite", words, line, column)
    assert "only finite numbers" in error.message


def test_negative_zero_and_underflow_are_fine() -> None:
    data = timed_load('{"a": -0, "b": -0.0, "c": 1e-400}', "d.json").data
    assert data == {"a": 0, "b": 0.0, "c": 0.0} and math.copysign(1, data["b"]) == -1
    assert timed_load("a: -0\nb: -0.0\nc: 1e-400\n").data == {"a": 0, "b": 0.0, "c": 0.0}


@pytest.mark.parametrize(
    ("text", "name", "line", "column"),
    [
        ('{"a": 1,\n "b": ' + "7" * (MAX_INT_DIGITS + 1) + "}", "d.json", 2, 7),
        ('{"a": -' + "7" * 5000 + "}", "d.json", 1, 7),
        ("a: " + "7" * (MAX_INT_DIGITS + 1) + "\n", "d.yaml", 1, 4),
        ("a: 0x" + "f" * 3600 + "\n", "d.yaml", 1, 4),  # 3,602 characters, but over 10**4300
    ],
)
def test_integers_too_long_to_convert_are_refused(text: str, name: str, line: int, column: int) -> None:
    check(refused(text, name), "load.number-too-large", f"at most {MAX_INT_DIGITS} digits", line, column)


def test_integers_up_to_the_limit_load() -> None:
    big = "9" * MAX_INT_DIGITS
    assert timed_load("a: " + big + "\n").data == {"a": int(big)}
    assert timed_load('{"a": ' + big + "}", "d.json").data == {"a": int(big)}
    long_literal = "1" + "_" * 10_000  # YAML 1.1 reads 1; YAML 1.2 (what aistd reads) keeps the text, and warns
    assert timed_load("a: " + long_literal + "\n").data == {"a": long_literal}
    sexagesimal = "1" + ":00" * 3000  # YAML 1.1's base 60: text under 1.2, so never converted (no quadratic cost)
    assert timed_load("a: " + sexagesimal + "\n").data == {"a": sexagesimal}


# --- nesting --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "line", "column"),
    [
        ("[" * 100_000 + "]" * 100_000, "d.json", 1, MAX_DEPTH + 1),  # json itself raises RecursionError
        ("[" * 100_000, "d.json", 1, MAX_DEPTH + 1),  # deep and unclosed
        ('{"a":' * 70 + "1" + "}" * 70, "d.json", 1, 5 * MAX_DEPTH + 1),
        ('{"a":\n' * 70 + "1" + "}" * 70, "d.json", MAX_DEPTH + 1, 1),
        # the brackets inside the string do not count
        ('{"s": "[[[[", "a": ' + "[" * 65 + "]" * 65 + "}", "d.json", 1, 20 + MAX_DEPTH - 1),
        # after "a: ", level L opens at column 4 + (L - 2); libyaml itself gives up at 1000 levels
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "d.yaml", 1, 4 + MAX_DEPTH - 1),
        ("a:\n  " + "- " * 100_000 + "x\n", "d.yaml", 2, 3 + 2 * (MAX_DEPTH - 1)),
        ("".join("  " * i + "k:\n" for i in range(70)), "d.yaml", MAX_DEPTH + 1, 2 * MAX_DEPTH + 1),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "d.yaml", 1, 4 + MAX_DEPTH - 1),
    ],
)
def test_deep_nesting_is_refused_where_it_passes_the_limit(
    text: str,
    name: str,
    line: int,
    column: int,
) -> None:
    check(refused(text, name), "load.too-deep", f"more than {MAX_DEPTH} levels", line, column)


@pytest.mark.parametrize("name", ["d.yaml", "d.json"])
def test_nesting_at_the_limit_loads(name: str) -> None:
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    text = '{"a": ' + "[" * inner + "]" * inner + "}"
    value = timed_load(text, name).data["a"]
    for _ in range(inner - 1):
        [value] = value
    assert value == []


@pytest.mark.skipif(not yaml_reader._LIBYAML, reason="PyYAML's pure-Python composer itself recurses")
def test_the_depth_checks_do_not_use_the_call_stack() -> None:
    yaml_text = "".join("  " * i + "k:\n" for i in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "v: 1\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 30)  # far fewer frames than the nesting
    try:
        data = parse_text(yaml_text, "d.yaml").data
    finally:
        sys.setrecursionlimit(limit)
    for _ in range(MAX_DEPTH - 1):
        data = data["k"]
    assert data == {"v": 1}


# --- aliases --------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "words", "line", "column"),
    [
        (billion_laughs(), "aliases (*a) are not allowed", 2, 8),
        ("a: &x 1\nb: *x\n", "aliases (*x)", 2, 4),
        ("&k a: 1\nb:\n  *k : 2\n", "aliases (*k)", 3, 3),
        ("a: &x [*x]\n", "aliases (*x)", 1, 8),
        ("base: &b {x: 1}\nderived:\n  <<: *b\n", "aliases (*b)", 3, 7),
        ("a: *nowhere\n", "undefined alias", 1, 4),
    ],
)
def test_aliases_are_refused_at_the_first_one(text: str, words: str, line: int, column: int) -> None:
    check(refused(text), "load.alias", words, line, column)


def test_an_anchor_alone_is_harmless() -> None:
    assert timed_load("a: &x 1\nb: &y [2]\n").data == {"a": 1, "b": [2]}


def test_merge_keys_and_equals_signs_are_plain_text() -> None:
    assert timed_load("<<: {a: 1}\nb: =\n").data == {"<<": {"a": 1}, "b": "="}


def test_value_positions_never_expands_aliases() -> None:
    start = time.perf_counter()
    positions = value_positions(billion_laughs())
    assert time.perf_counter() - start < SECONDS
    assert positions["/i"] == (9, 4)


# --- size -----------------------------------------------------------------------------------------


def test_bytes_over_the_cap_are_refused() -> None:
    error = refused(b"a: 1\n" * 30, max_bytes=100)
    check(error, "load.too-large", "150 bytes, over the 100-byte limit", None, None)


def test_exactly_the_cap_loads() -> None:
    assert timed_load(b"a: 12345\n", max_bytes=9).data == {"a": 12345}


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)  # a sparse file: takes no disk space
    start = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load_path(sparse)
    assert time.perf_counter() - start < 0.1
    check(caught.value, "load.too-large", f"{DEFAULT_MAX_BYTES + 1} bytes", None, None)
    small = tmp_path / "small.yaml"
    small.write_bytes(b"a: 1\nb: 2\n")
    with pytest.raises(LoadError) as caught:
        load_path(small, max_bytes=5)
    check(caught.value, "load.too-large", "over the 5-byte limit", None, None)


@pytest.mark.parametrize(
    ("text", "name", "line"),
    [("a:\n" + "- [1]\n" * 1000, "d.yaml", 500), ('{"a": [\n' + "[1],\n" * 1000 + "1]}", "d.json", 500)],
)
def test_too_many_values_are_refused_before_they_are_built(
    monkeypatch: pytest.MonkeyPatch, text: str, name: str, line: int
) -> None:
    monkeypatch.setattr(limits, "MAX_VALUES", 1000)
    error = refused(text, name)
    check(error, "load.too-large", "more than 1,000 values", line, 4)  # the 1,001st value


# --- the top level --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "kind", "line", "column"),
    [
        ("- a\n- b\n", "d.yaml", "a list", 1, 1),
        ("# a list\n- a\n", "d.yaml", "a list", 2, 1),
        ("hello\n", "d.yaml", "a string", 1, 1),
        ("12\n", "d.yaml", "a number", 1, 1),
        ("true\n", "d.yaml", "a boolean", 1, 1),
        ("~\n", "d.yaml", "null", 1, 1),
        ("---\n", "d.yaml", "null", 2, 1),
        ("  [1, 2]", "d.json", "a list", 1, 3),
        ('"text"', "d.json", "a string", 1, 1),
        ("\n1.5", "d.json", "a number", 2, 1),
        ("null", "d.json", "null", 1, 1),
    ],
)
def test_a_top_level_other_than_a_mapping_is_refused(
    text: str,
    name: str,
    kind: str,
    line: int,
    column: int,
) -> None:
    check(refused(text, name), "load.top-level", f"the document is {kind}, not a mapping", line, column)


# --- unreadable files -----------------------------------------------------------------------------


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_path(tmp_path)
    check(caught.value, "load.unreadable", "folder", None, None)


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_path(tmp_path / "nowhere.yaml")
    check(caught.value, "load.unreadable", "No such file", None, None)


def test_a_file_without_permission_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text("a: 1\n", encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # running as root: permissions do not stop reading, so simulate it
        real_open = os.open

        def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(LoadError) as caught:
        load_path(locked)
    check(caught.value, "load.unreadable", "Permission denied", None, None)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    start = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load_path(pipe)
    assert time.perf_counter() - start < SECONDS
    check(caught.value, "load.unreadable", "not a regular file", None, None)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    with pytest.raises(LoadError) as caught:
        load_path(Path("/dev/zero"))
    check(caught.value, "load.unreadable", "not a regular file", None, None)


# --- tags and keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag", "line", "column"),
    [
        ("a: !!python/object:os.system ls\n", "!!python/object:os.system", 1, 4),
        ('a: !!python/object/apply:os.system ["ls"]\n', "!!python/object/apply:os.system", 1, 4),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system", 1, 4),
        ("a: !!binary aGVsbG8=\n", "!!binary", 1, 4),
        ("a: !!set {x, y}\n", "!!set", 1, 4),
        ("a: !!omap [x: 1]\n", "!!omap", 1, 4),
        ("a: !!timestamp 2025-01-01\n", "!!timestamp", 1, 4),
        ("a: 1\nb: !custom {x: 1}\n", "!custom", 2, 4),
        ("a: !<tag:example.com,2025:thing> x\n", "tag:example.com,2025:thing", 1, 4),
        ("!disclosure {a: 1}\n", "!disclosure", 1, 1),
        ("!!binary aGVsbG8=: 1\n", "!!binary", 1, 1),
    ],
)
def test_tags_without_a_json_meaning_are_refused(text: str, tag: str, line: int, column: int) -> None:
    check(refused(text), "load.unsupported-tag", f"the YAML tag {tag} is not allowed", line, column)


def test_dates_stay_text_and_json_tags_are_honoured() -> None:
    text = "a: 2025-01-01\nb: 2025-01-01T10:00:00Z\nc: !!str 12\nd: !!int '7'\ne: !!float 1\nf: !!null ''\n"
    data = timed_load(text).data
    assert data == {"a": "2025-01-01", "b": "2025-01-01T10:00:00Z", "c": "12", "d": 7, "e": 1.0, "f": None}


@pytest.mark.parametrize(
    ("text", "words", "line", "column"),
    [
        ("1: x\n", "the key 1 is read as a number", 1, 1),
        ("a: 1\n1.5: x\n", "the key 1.5 is read as a number", 2, 1),
        ("null: x\n", "the key null is read as null", 1, 1),
        ("~: x\n", "the key ~ is read as null", 1, 1),
        ("true: x\n", "the key true is read as a boolean", 1, 1),
        ("[a]: x\n", "a list is used as a key", 1, 1),
        ("{a: b}: x\n", "a mapping is used as a key", 1, 1),
        ("? [a, b]\n: x\n", "a list is used as a key", 1, 3),
    ],
)
def test_keys_that_are_not_strings_are_refused(text: str, words: str, line: int, column: int) -> None:
    error = refused(text)
    check(error, "load.non-string-key", words, line, column)
    assert "keys must be strings" in error.message


def test_quoted_keys_are_strings() -> None:
    assert timed_load("'1': x\n\"null\": y\n'on': z\n").data == {"1": "x", "null": "y", "on": "z"}


# --- the examples ---------------------------------------------------------------------------------


class ReferenceLoader(yaml.SafeLoader):
    """PyYAML's plain safe loader with the two documented departures: dates as text, YAML 1.2 exponents."""


ReferenceLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ReferenceLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+.0123456789"),
)

VALID_EXAMPLES = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.suffix in {".yaml", ".yml", ".json"})


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_every_valid_example_loads_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    plain = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=ReferenceLoader)
    document = load_path(path)
    assert document.warnings == []
    # json.dumps tells 1 from 1.0 and True from 1, which == does not
    assert json.dumps(document.data, sort_keys=True) == json.dumps(plain, sort_keys=True)
