"""`python -m generator` is the `agreements` command."""

from generator.editing.cli import main_entry

main_entry()
