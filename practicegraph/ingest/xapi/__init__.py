"""xAPI 1.0.3 statements in: conformance (statement.py), reading (reader.py) and the
mapping from verbs and activity types to domain records (mapping.py, docs/xapi.md)."""
