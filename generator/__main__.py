"""`python -m generator` is the `agreements` command."""

from generator.cli import main_entry

main_entry()
