"""The actions on the work itself (issue 14): plans, events, touchpoints, concerns, follow-ups, brief,
export, imports, and the lists to work through — each an `Action` (tui/actions/__init__.py) under its
exact §7 name. Their changes go to `app.changed` with their undo (stakeholders/undo_work.py).

Each runner takes what the screen in view is about (the plan, the event, the row under the cursor)
and otherwise asks, or opens the list to choose from. Imports stay inside the runners: the app reads
this list at start-up, before the first frame (§9).
"""

from typing import TYPE_CHECKING, Any

from tui.actions import Action, focused_person

if TYPE_CHECKING:
    from tui.app import StakeholdersApp

PLANS, EVENTS, DASHBOARD = ("PlansScreen",), ("EventsScreen",), ("DashboardScreen",)


def _on(app: "StakeholdersApp", *names: str) -> Any:
    """The screen in view, if it is one of `names` (by class name: no screen module is imported for it)."""
    return app.screen if type(app.screen).__name__ in names else None


def _plan_in_view(app: "StakeholdersApp") -> tuple[str, int | None]:
    screen = _on(app, "PlansScreen")
    plan = screen.plan if screen is not None else None
    if plan is None:
        return "", None
    version = screen.version
    return plan.name, getattr(version, "number", None)


def _event_in_view(app: "StakeholdersApp") -> Any:
    screen = _on(app, "EventsScreen")
    return screen.current if screen is not None else None


def _dashboard_row(app: "StakeholdersApp", panel: str) -> Any:
    screen = _on(app, "DashboardScreen")
    hit = screen._focused() if screen is not None else None  # the row under the cursor, by panel
    return hit[1] if hit is not None and hit[0] == panel else None


def _pending_in_view(app: "StakeholdersApp") -> Any:
    screen = _on(app, "UnsettledScreen")
    return screen.current if screen is not None else _dashboard_row(app, "pending")


# -- plans ----------------------------------------------------------------------------------------------


def add_plan(app: "StakeholdersApp") -> None:
    from tui.screens.plan_forms import AddPlanScreen

    app.push_screen(AddPlanScreen())


def revise_plan(app: "StakeholdersApp") -> None:
    from tui.screens.plan_forms import RevisePlanScreen

    app.push_screen(RevisePlanScreen(_plan_in_view(app)[0]))


def approve_version(app: "StakeholdersApp") -> None:
    from tui.screens.plan_forms import ApproveScreen

    app.push_screen(ApproveScreen(*_plan_in_view(app)))


def compare_versions(app: "StakeholdersApp") -> None:
    from tui.screens.plan_forms import CompareScreen

    app.push_screen(CompareScreen(_plan_in_view(app)[0]))


# -- touchpoints ------------------------------------------------------------------------------------------


def log_touchpoint(app: "StakeholdersApp") -> None:
    from tui.screens.base import DataScreen, LogDefaults
    from tui.screens.touchpoint_forms import UndoableLogScreen

    defaults = app.screen.log_defaults() if isinstance(app.screen, DataScreen) else LogDefaults()
    app.push_screen(UndoableLogScreen(defaults))


def plan_a_call(app: "StakeholdersApp") -> None:
    """The log form dated in the future (tomorrow 10:00, or in an hour when the event in view is sooner)."""
    from datetime import timedelta

    from tui.screens.base import DataScreen, LogDefaults
    from tui.screens.events import call_time
    from tui.screens.touchpoint_forms import UndoableLogScreen
    from tui.widgets.styles import when

    defaults = app.screen.log_defaults() if isinstance(app.screen, DataScreen) else LogDefaults()
    event = _event_in_view(app)
    deadline = event.starts_at if event is not None else app.now() + timedelta(days=30)
    defaults.when = (
        call_time(app.now(), deadline)
        if deadline > app.now()
        else when(app.now() + timedelta(hours=1), app.now())  # the TUI's one date style, read back by the form
    )
    app.push_screen(UndoableLogScreen(defaults, heading="Plan a call (a future date: it waits in the calendar)"))


def _unsettled(app: "StakeholdersApp") -> None:
    from tui.screens.unsettled import UnsettledScreen

    app.push_screen(UnsettledScreen())


def mark_held(app: "StakeholdersApp") -> None:
    from tui.screens.touchpoint_forms import hold_with_undo

    row = _pending_in_view(app)
    if row is None:
        _unsettled(app)  # choose the call there: h on its row
        return
    hold_with_undo(app, row.id, ", ".join(row.names), row.plan is not None)


def drop_touchpoint(app: "StakeholdersApp") -> None:
    from tui.screens.unsettled import drop
    from tui.widgets.styles import when

    row = _pending_in_view(app)
    if row is None:
        _unsettled(app)
        return
    drop(app, row.id, ", ".join(row.names), when(row.occurred_at, app.now()))


def _pick_touchpoint(app: "StakeholdersApp", purpose: str, then: Any) -> None:
    from tui.screens.touchpoint_forms import TouchpointPicker

    row = _pending_in_view(app)
    if row is not None:
        then(row.id)
        return
    app.push_screen(TouchpointPicker(purpose), lambda chosen: then(chosen) if chosen is not None else None)


def edit_touchpoint(app: "StakeholdersApp") -> None:
    from tui.screens.touchpoint_forms import EditTouchpointScreen

    _pick_touchpoint(app, "edit", lambda tid: app.push_screen(EditTouchpointScreen(tid)))


def delete_touchpoint(app: "StakeholdersApp") -> None:
    def ask(touchpoint_id: int) -> None:
        from tui.data.touchpoint_forms import describe, remove_touchpoint
        from tui.screens.change_form import confirm_then

        def read() -> None:
            with app.store.session() as session:
                what = describe(session, touchpoint_id, app.now())
            app.call_from_thread(
                confirm_then,
                app,
                f"Delete the {what}? The stances heard in it go with it.",
                lambda s: remove_touchpoint(s, touchpoint_id, app.now(), planned_only=False),
                "y deletes it",
            )

        app.run_worker(read, thread=True, group="describe", exit_on_error=False)

    _pick_touchpoint(app, "delete", ask)


# -- concerns and follow-ups ---------------------------------------------------------------------------------


def resolve_concern(app: "StakeholdersApp") -> None:
    from tui.screens.concerns import ConcernsScreen
    from tui.screens.promise_forms import ResolveConcernScreen

    screen = _on(app, "ConcernsScreen")
    row = screen.current if screen is not None else None
    if row is None:
        app.push_screen(ConcernsScreen())  # choose it there: r or Enter on its row
    else:
        app.push_screen(ResolveConcernScreen(row.id, row.name, row.text))


def add_follow_up(app: "StakeholdersApp") -> None:
    from tui.screens.promise_forms import AddFollowUpScreen

    person = focused_person(app)
    app.push_screen(AddFollowUpScreen(person_ids=[person] if person else []))


def mark_follow_up_kept(app: "StakeholdersApp") -> None:
    from tui.data.plan_forms import keep_promise
    from tui.screens.change_form import run_change
    from tui.screens.followups import FollowUpsScreen

    screen = _on(app, "FollowUpsScreen")
    row = screen.current if screen is not None else _dashboard_row(app, "follow_ups")
    if row is None:
        app.push_screen(FollowUpsScreen())  # choose it there: k on its row
    else:
        run_change(app, lambda session: keep_promise(session, row.id))


# -- events ---------------------------------------------------------------------------------------------------


def add_event(app: "StakeholdersApp") -> None:
    from tui.screens.event_forms import AddEventScreen

    app.push_screen(AddEventScreen(_plan_in_view(app)[0]))


def edit_event(app: "StakeholdersApp") -> None:
    from tui.screens.event_forms import EditEventScreen

    event = _event_in_view(app)
    app.push_screen(EditEventScreen(event.id if event is not None else None))


def _event_status(app: "StakeholdersApp", held: bool) -> None:
    from db.enums import EventStatus
    from tui.screens.event_forms import EventStatusScreen

    event = _event_in_view(app)
    status = EventStatus.HELD if held else EventStatus.CANCELLED
    app.push_screen(EventStatusScreen(status, event.id if event else None, event.title if event else ""))


def cancel_event(app: "StakeholdersApp") -> None:
    _event_status(app, held=False)


def mark_event_held(app: "StakeholdersApp") -> None:
    _event_status(app, held=True)


# -- files ------------------------------------------------------------------------------------------------------


def brief(app: "StakeholdersApp") -> None:
    """The event in view; else the person in focus (the plan they were last briefed on is the form's to ask)."""
    from tui.screens.save_file import BriefScreen

    event = _event_in_view(app) or _dashboard_row(app, "events")
    if event is not None:
        app.push_screen(BriefScreen(event.id, event.title))
        return
    person = focused_person(app)
    if person is None:
        app.push_screen(BriefScreen())
        return

    def read() -> None:
        from db.models import Stakeholder
        from tui.data.log_form import person_label, prefill

        with app.store.session() as session:
            found = session.get(Stakeholder, person)
            label = person_label(session, found) if found else ""
            plans = prefill(session, [], None, None).plans
        app.call_from_thread(app.push_screen, BriefScreen(people=label, plan=plans[0] if len(plans) == 1 else ""))

    app.run_worker(read, thread=True, group="brief-people", exit_on_error=False)


def export_status(app: "StakeholdersApp") -> None:
    from tui.screens.save_file import ExportScreen

    app.push_screen(ExportScreen())


def import_contacts(app: "StakeholdersApp") -> None:
    from tui.screens.import_contacts import ImportContactsScreen

    app.push_screen(ImportContactsScreen())


def import_calendar(app: "StakeholdersApp") -> None:
    from tui.screens.import_calendar import ImportCalendarScreen

    app.push_screen(ImportCalendarScreen(), lambda result: app.wrote(result) if result else None)


# -- lists to work through -------------------------------------------------------------------------------------


def open_concerns(app: "StakeholdersApp") -> None:
    from tui.screens.concerns import ConcernsScreen

    app.push_screen(ConcernsScreen())


def follow_ups(app: "StakeholdersApp") -> None:
    from tui.screens.followups import FollowUpsScreen

    app.push_screen(FollowUpsScreen())


ACTIONS: list[Action] = [
    Action("Add plan", "A new plan, at version 1 (name, summary, body)", add_plan, key="a", screens=PLANS),
    Action("Revise plan", "The plan's next version: summary, body, what changed", revise_plan, key="R", screens=PLANS),
    Action("Approve version", "Record who signed a version off, and when", approve_version, key="A", screens=PLANS),
    Action("Compare versions", "Two versions of a plan, line by line", compare_versions),
    Action(
        "Log touchpoint", "Record a call, meeting or message, with stances, concerns and a follow-up", log_touchpoint
    ),
    Action("Plan a call", "Put a call on the calendar: the log form, dated tomorrow", plan_a_call),
    Action("Mark held", "A planned call happened: mark it held, with what was heard", mark_held),
    Action("Drop touchpoint", "A planned call did not happen: drop it (asked first)", drop_touchpoint),
    Action("Edit touchpoint", "Correct a touchpoint: people, plan, time, channel, notes", edit_touchpoint),
    Action("Delete touchpoint", "Remove a wrongly logged touchpoint (asked first)", delete_touchpoint),
    Action("Resolve concern", "Answer an open concern: by a plan version or a note", resolve_concern),
    Action("Add follow-up", "A promise we made, owed to people, with a due date", add_follow_up),
    Action("Mark follow-up kept", "A promise was kept", mark_follow_up_kept),
    Action(
        "Add event",
        "An announcement, meeting or decision: a plan version meets an audience",
        add_event,
        key="n",
        screens=EVENTS,
    ),
    Action(
        "Edit event", "Reschedule, re-target or change the audience of an event", edit_event, key="E", screens=EVENTS
    ),
    Action("Cancel event", "Cancel an event (asked first)", cancel_event, key="X", screens=EVENTS),
    Action("Mark event held", "The event took place (asked first); then log the meeting", mark_event_held),
    Action("Brief", "The pre-meeting brief of an event, or of people, saved to a file", brief),
    Action("Export status", "The status (md, html, csv, json, xlsx, ics) saved to a file", export_status),
    Action(
        "Import contacts", "Stakeholders from an address book (CSV, Outlook, Google, LinkedIn, vCard)", import_contacts
    ),
    Action("Import calendar or mail", "Meetings (.ics) and mail (.mbox, .eml) become touchpoints", import_calendar),
    Action(
        "Open concerns", "The list of open concerns, to resolve one by one", open_concerns, key="c", screens=DASHBOARD
    ),
    Action("Follow-ups", "The follow-ups not yet kept, overdue first", follow_ups, key="f", screens=DASHBOARD),
    Action(
        "Did this happen?",
        "Planned calls whose time has passed: mark held or drop",
        _unsettled,
        key="u",
        screens=DASHBOARD,
    ),
]
