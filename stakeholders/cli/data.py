"""Commands that move data in and out: import, backup, restore, dump, load, forget, demo."""

COMMANDS: list = []
