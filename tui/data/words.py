"""Refusals in the TUI's words: the use cases point to the command line (`stakeholders event list`,
use `plan revise`); in the TUI the same advice names the action of the palette (§7: no CLI commands
inside the TUI). Options (`--plan`) are the form's business (tui/screens/form.py names its fields)."""

import re

COMMANDS = (
    ("use `plan revise` to add a version", "use Revise plan to add a version"),
    ("use `touchpoint delete` instead", "use Delete touchpoint instead"),
    ("use `touchpoint delete` to remove it", "use Delete touchpoint to remove it"),
    ("there are no plans yet: `stakeholders plan add`", "there are no plans yet: use Add plan"),
    ("use `edit` or `merge`", "use Edit stakeholder or Merge stakeholders"),
)
_SEE_CLI = re.compile(r";? ?see `stakeholders [^`]*`")


def in_tui_words(text: str) -> str:
    """`text` with the command line's commands replaced by the TUI's actions (or left out: "see … list")."""
    for cli, tui in COMMANDS:
        text = text.replace(cli, tui)
    return _SEE_CLI.sub("", text)
