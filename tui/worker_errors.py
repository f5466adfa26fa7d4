"""A worker that failed, said in the user's words (§7, issue 13): what could not be done, the error in
one line, and what happens next. Never a silent failure: the app also keeps every one
(`StakeholdersApp.worker_errors`), and the tests fail on any (tests/tui/conftest.py)."""

from textual.worker import Worker

READS = {
    "dashboard": "the dashboard",
    "figures ahead": "the dashboard",
    "people-index": "the stakeholders",
    "people-rows": "the stakeholders",
    "people-sort": "the sort order",
    "people-filter": "the stakeholders",
    "events": "the events",
    "event-detail": "the event's audience",
    "plans": "the plans",
    "plan-diff": "the two versions",
    "map": "the map",
    "person": "this stakeholder's page",
    "log-prefill": "the names and plans for the form",
    "work-list": "the list",
    "history": "the history",
    "time": "the next moment that matters",
    "watch": "the latest changes",
}
"""Worker group -> what it reads."""


def in_words(worker: Worker[object]) -> str:
    """`Could not read the plans: database is locked. Nothing was changed; …`"""
    error = worker.error
    detail = str(error).strip().splitlines()[0] if error is not None and str(error).strip() else type(error).__name__
    what = READS.get(worker.group)
    if what is not None:
        return f"Could not read {what}: {detail}. Nothing was changed; it is read again on the next change."
    return f"That step did not finish: {detail}. Check what was saved before trying again."
