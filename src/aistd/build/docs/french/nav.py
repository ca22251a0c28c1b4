"""The French site's navigation, as a MkDocs hook (`hooks:` in `mkdocs.fr.yml`).

The nav of `mkdocs.fr.yml` lists the index page of each section (`indicateurs/index.md`…); the hook makes each a
section holding its index first (the theme's `navigation.indexes`), then every other page of its folder, by title
(the `title` of its front matter); a page whose front matter has a `section` goes into that sub-section.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aistd.build.docs.french.pages import FOLDERS
from aistd.build.docs.french.texts import sort_key

__all__ = ["french_nav", "on_config"]  # on_config: MkDocs calls it by name

NavItem = str | dict[str, Any]


def front_matter(path: Path) -> dict[str, str]:
    """The `key: "value"` lines of a generated page's front matter (values written as JSON strings)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    if lines[:1] != ["---"]:
        return found
    for line in lines[1:]:
        if line == "---":
            break
        key, _, value = line.partition(": ")
        if value.startswith('"'):
            found[key] = str(json.loads(value))
    return found


def section(folder: Path, docs_dir: Path) -> list[NavItem]:
    """A folder's pages but its index, by title; those with a `section` grouped, the groups in their first order."""
    pages = sorted(
        ((front_matter(path), path.relative_to(docs_dir).as_posix()) for path in folder.glob("*.md")),
        key=lambda item: (sort_key(item[0].get("title", item[1])), item[1]),
    )
    loose: list[NavItem] = []
    groups: dict[str, list[NavItem]] = {}
    for meta, path in pages:
        if path.endswith("/index.md"):
            continue
        if meta.get("section"):
            groups.setdefault(meta["section"], []).append(path)
        else:
            loose.append(path)
    return [*loose, *({name: paths} for name, paths in sorted(groups.items(), key=lambda g: sort_key(g[0])))]


def french_nav(nav: list[NavItem], docs_dir: Path) -> list[NavItem]:
    """The nav with each section's index entry made the section of its folder's pages."""
    done: list[NavItem] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            [(title, value)] = item.items()
            folder = value.split("/")[0] if isinstance(value, str) and value.endswith("/index.md") else ""
            if folder in FOLDERS.values() and (docs_dir / folder).is_dir():
                item = {title: [value, *section(docs_dir / folder, docs_dir)]}
        done.append(item)
    return done


def on_config(config: Any) -> Any:
    """MkDocs hook: every page of the French site in the navigation, under its section."""
    config["nav"] = french_nav(config["nav"] or [], Path(config["docs_dir"]))
    return config
