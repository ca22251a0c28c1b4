"""The French edition of the documentation site: a reference of every indicator, class, enumeration, rule and
profile, titled by its French label then its code, rendered from the compiled tables at docs-build time.

`python -m aistd.build.docs.french [--out DIR]` writes it into `build/docs-fr/` (or DIR); `mkdocs build -f
mkdocs.fr.yml` publishes it under `site/fr/`, beside the English site, with the theme's language selector. The
modules: `texts` (the French text of an element, the English as a marked fallback), `catalogue` (the tables),
`pages` (which pages, and their data), `site` (rendering and writing), `nav` (the MkDocs hook that puts every page
into the nav), `templates/` (one template per page kind).
"""

from __future__ import annotations

from aistd.build.docs.french.site import DOCS_FOLDER, generate_french_pages, write_french_pages

__all__ = ["DOCS_FOLDER", "generate_french_pages", "write_french_pages"]
