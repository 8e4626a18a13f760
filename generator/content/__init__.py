"""Reading and checking the content: files and front matter, bodies, field tables and
records, references, topics, history from git, what dates settle, and the register as of
a date; the scaffold of a new file and the editors' JSON Schemas, made from the same tables.
"""
