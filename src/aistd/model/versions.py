"""The versions a report or a document names: of the package, and of the disclosure schema it checks."""

PACKAGE_VERSION = "0.2.0.dev0"
SCHEMA_VERSION = "0.2.0"
