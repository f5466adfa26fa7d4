"""The actions on the work itself (helper C, issue 14): plans, events, touchpoints, concerns,
follow-ups, brief, export and imports — each an `Action` (tui/actions/__init__.py) under its
exact §7 name, its changes returned as `Change`s (stakeholders/undo.py, stakeholders/undo_work.py)
and handed to `app.changed`.
"""

from tui.actions import Action

ACTIONS: list[Action] = []
