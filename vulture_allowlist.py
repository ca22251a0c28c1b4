"""Names vulture (`make lint`) reports as unused that are used, each group with where the use is.

Anything vulture reports that is not here is dead code to delete, not to add here.
"""
# ruff: noqa
# fmt: off

# PyYAML calls these by name on the loader (constructor overrides, its class tables); `deep` is its signature.
_.construct_mapping
_.construct_sequence
_.yaml_constructors
_.yaml_multi_constructors
deep

# LinkML's SchemaDefinition fields, cleared so that the checkout's path stays out of the published schema.
_.source_file
_.source_file_date
_.source_file_size

# Fields of the SSSOM Mapping record, read through dataclasses.asdict when the mapping table is compiled.
subject_label
object_label
mapping_justification
object_unit
unit_conversion_factor
boundary_difference
reference_term
reference_confidence
comment

# Procedural checks, registered by rule id with @check / @cross_document_check and run by the rules engine.
period_order
measurement_inside
annual_pue
known_system
unique_ids
systemic_risk_compute
stages_within_total
phase_sum
accelerator_hours
same_quantity
narrower_within_broader
total_of_parts
aggregate_sum
restated_agrees
known_item

# The exception arguments of __exit__ (context managers must accept them).
trace
traceback
# Babel's Catalog attributes, set before the French catalogue is written (build/translations.py)
_.header_comment
_.language_team
_.last_translator
_.msgid_bugs_address
_.revision_date
