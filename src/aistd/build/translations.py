"""The message catalogue: extract every template passed to `says` from the code, keep `locale/fr.po` (the file
translators edit, in the gettext PO format) up to date with them, and compile it for the package.

`python -m aistd.build.translations` adds new templates to `locale/fr.po` with an empty translation and marks
those the code no longer says as obsolete; `python -m aistd.build` compiles the translated ones into
`aistd.messages.fr.json`. Babel reads and writes the PO files and extracts the templates.
"""

from __future__ import annotations

import json
import string
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from aistd.knowledge import artifacts

KEYWORDS = {"says": None}
"""The function whose first argument is a message template."""
HEADER = """\
# French message catalogue of aistd: every message template of the code, in French.
# Edit the msgstr lines, keeping each {field} of the English template as it is spelled.
# `python -m aistd.build.translations` adds the templates the code gains (with an empty msgstr) and drops
# those it no longer says; `python -m aistd.build` compiles the catalogue into aistd.messages.fr.json."""
PACKAGE = Path(__file__).resolve().parents[1]


def extracted_templates(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Every template the code passes to `says`, with the modules that say it."""
    templates: dict[str, list[str]] = {}
    found = extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    )
    for filename, _line, message, _comments, _context in found:
        if isinstance(message, str) and message:
            templates.setdefault(message, []).append(f"aistd/{filename}")
    return templates


def fields(template: str) -> set[str]:
    """The names of a template's `str.format` fields."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def read_catalogue(path: Path) -> Catalog:
    """A PO file as a Babel catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale="fr")


def translations(catalogue: Catalog) -> Iterator[tuple[str, str]]:
    """(English, French) for every entry translated and not marked fuzzy."""
    for entry in catalogue:
        if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy:
            yield entry.id, str(entry.string)


def messages_json_text(path: Path) -> str:
    """The compiled catalogue: every translated template, English → French, sorted."""
    messages = dict(sorted(translations(read_catalogue(path))))
    return json.dumps({"language": "fr", "messages": messages}, ensure_ascii=False, indent=2) + "\n"


def updated_catalogue(path: Path, templates: dict[str, list[str]]) -> Catalog:
    """The catalogue at `path` with every template of the code (new ones untranslated), the others obsolete."""
    catalogue = (
        read_catalogue(path) if path.is_file() and path.stat().st_size else Catalog(locale="fr", project="aistd")
    )
    wanted = Catalog(locale="fr", project="aistd", creation_date=catalogue.creation_date)
    for template, modules in sorted(templates.items()):
        wanted.add(template, locations=[(module, None) for module in sorted(set(modules))])
    catalogue.update(wanted, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()  # a template the code no longer says has nothing to translate
    return catalogue


def write_catalogue(path: Path, catalogue: Catalog) -> None:
    """Write a PO file, sorted, without line numbers (which every edit of the code would change)."""
    catalogue.header_comment = HEADER
    catalogue.project, catalogue.version = "aistd", "0.2"
    catalogue.msgid_bugs_address = catalogue.last_translator = catalogue.language_team = "aistd developers"
    catalogue.revision_date = catalogue.creation_date
    catalogue.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_suffix(".po.new")
    with written.open("wb") as handle:
        write_po(handle, catalogue, width=120, sort_output=True, include_lineno=False)
    written.replace(path)


def main() -> int:
    """Bring `locale/fr.po` up to date with the code; print what the translators have left to do."""
    root = artifacts.checkout_root()
    if root is None:
        print("aistd.build.translations: run from a source checkout", file=sys.stderr)
        return 2
    path = root / "locale" / "fr.po"
    catalogue = updated_catalogue(path, extracted_templates())
    write_catalogue(path, catalogue)
    missing = [entry.id for entry in catalogue if entry.id and not entry.string]
    print(f"{path}: {len(catalogue)} templates, {len(missing)} without a French translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
