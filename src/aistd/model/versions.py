"""The versions a report or a document names: of the package, and of the disclosure schema it checks."""

PACKAGE_VERSION = "0.1.0"
SCHEMA_VERSION = "0.1.0"
