"""The generated pages of the documentation site, rendered from Jinja templates at docs-build time.

`python -m aistd.build.docs [--out DIR]` writes them into `docs/` (or DIR); `make docs-build` and `make
docs-serve` run it before MkDocs. Nothing of it is committed. The modules, one job each:

- `tables`: read the compiled tables (`src/aistd/schemas/`) and the SSSOM files, as plain JSON and YAML;
- `pages`: which pages there are, per page kind, and the data each template is given;
- `templates/`: one Jinja template per page kind, laying that data out as Markdown;
- `environment`, `markdown`, `wording`, `links`: the template environment and its filters;
- `examples`: a rule's examples run through the validator; `cli_help`: the command line's help;
- `site`: every generated file (pages, downloads, the benchmark charts) and writing them into a folder.
"""

from __future__ import annotations

from aistd.build.docs.site import GENERATED_FILES, GENERATED_FOLDERS, Written, generate_pages, write_pages

__all__ = ["GENERATED_FILES", "GENERATED_FOLDERS", "Written", "generate_pages", "write_pages"]
