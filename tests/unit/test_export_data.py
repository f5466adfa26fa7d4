"""A small programme for the export tests, dated from the frozen clock (Sunday 22 Nov 2026 10:00 UTC).

Hand-checked facts the export tests assert (plan "CX programme", current version 2):
- audience of "Note to the wider team" (Tue 24 Nov 09:00): tag cx-team + Chris Ode;
  surprised: the formula name (key, never briefed), Lee Park (heard only v1), the script name (never briefed);
  Chris Ode (key) is at risk with a stale briefing (v2, 45 days ago); Dana Reyes is fine.
- the archived Gone Person is tagged cx-team but counts nowhere.
- key risks: Lee Park (resistant, concern "Who owns renewals?") and the formula name (open concern).
- moved this week: Lee Park unaware → resistant, Dana Reyes neutral → supportive.
- "Old town hall" is upcoming but cancelled; Ola Outsider is only in its audience, so out of scope.
"""

from datetime import datetime, timedelta

from db.enums import Channel, EventKind, EventStatus, StanceLevel
from db.store import Store
from stakeholders.concerns import raise_concern, resolve_concern
from stakeholders.events import AudienceTarget, add_event, set_status
from stakeholders.people import add_person, set_archived
from stakeholders.plans import add_plan, revise_plan
from stakeholders.resolve import tag_named
from stakeholders.stances import record_stance
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_NAME = '=HYPERLINK("http://x")'
PHONE_TITLE = "+44 20 7946 0000 switchboard"
PERSON_NOTE = "SECRET-PERSON-NOTE prefers mornings"
HELD_NOTE = "SECRET-HELD-NOTE budget is tight"
PLANNED_NOTE = "SECRET-PLANNED-NOTE agenda"
PLAN = "CX programme"
OTHER_PLAN = "Sales incentive"
LONG_TITLE = "Steering committee: quarterly review of the customer-experience programme, with every division head"


def build_programme(store: Store, now: datetime) -> dict[str, int]:
    """Write the programme; returns ids by short name."""
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    with store.write() as s:
        chris = add_person(
            s,
            {
                "name": "Chris Ode",
                "email": "chris@example.com",
                "title": "CMO",
                "influence": 5,
                "interest": 5,
                "notes": PERSON_NOTE,
            },
        )
        dana = add_person(
            s,
            {"name": "Dana Reyes", "email": "dana@example.com", "organization": "Sales", "influence": 4, "interest": 4},
            tags=["cx-team"],
        )
        lee = add_person(
            s,
            {"name": "Lee Park", "email": "lee@example.com", "organization": "Service", "influence": 4, "interest": 3},
            tags=["cx-team"],
        )
        script = add_person(s, {"name": SCRIPT_NAME, "influence": 2, "interest": 2}, tags=["cx-team"])
        formula = add_person(
            s,
            {"name": FORMULA_NAME, "title": PHONE_TITLE, "organization": "@ops", "influence": 4, "interest": 2},
            tags=["cx-team"],
        )
        gone = add_person(s, {"name": "Gone Person", "influence": 5}, tags=["cx-team"])
        outsider = add_person(s, {"name": "Ola Outsider"})
        set_archived(s, gone, True)
        plan = add_plan(s, PLAN, "One customer view")
        revise_plan(s, plan, "Divisions keep account ownership", "ownership stays")
        other = add_plan(s, OTHER_PLAN, "New bonus model")

        def log(people, when, version, **kw):  # type: ignore[no-untyped-def]
            return log_touchpoint(
                s, TouchpointDraft(attendees=people, occurred_at=when, plan=plan, version=version, **kw), now=now
            )

        log([chris], days(45), 2, summary=HELD_NOTE)
        log([dana], days(10), 1, stances=[(None, StanceLevel.NEUTRAL)])
        log([dana], days(3), 2, stances=[(None, StanceLevel.SUPPORTIVE)], channel=Channel.MEETING)
        log([lee], days(12), 1, concerns=[(None, "Who owns renewals?")])
        record_stance(s, lee, plan, StanceLevel.RESISTANT, observed_at=days(2))
        resolved = raise_concern(s, dana, plan, "Timeline too short")
        resolve_concern(s, resolved.id, 2, None)
        raise_concern(s, formula, plan, "=cmd|' /C calc'!A0")
        call = log([script], now + timedelta(days=1), 2, summary=PLANNED_NOTE)
        cx = tag_named(s, "cx-team", create=False)
        note = add_event(
            s,
            "Note to the wider team",
            plan,
            2,
            datetime(2026, 11, 24, 9, 0, tzinfo=now.tzinfo),
            EventKind.ANNOUNCEMENT,
            [AudienceTarget(tag=cx), AudienceTarget(person=chris)],
        )
        steering = add_event(
            s,
            LONG_TITLE,
            plan,
            2,
            now + timedelta(days=5),
            EventKind.MEETING,
            [AudienceTarget(person=chris), AudienceTarget(person=dana)],
        )
        town = add_event(
            s, "Old town hall", plan, 1, now + timedelta(days=3), EventKind.MEETING, [AudienceTarget(person=outsider)]
        )
        set_status(s, town, EventStatus.CANCELLED)
        bonus = add_event(
            s, "Bonus preview", other, 1, now + timedelta(days=8), EventKind.MEETING, [AudienceTarget(person=dana)]
        )
        return {
            "chris": chris.id,
            "dana": dana.id,
            "lee": lee.id,
            "script": script.id,
            "formula": formula.id,
            "gone": gone.id,
            "outsider": outsider.id,
            "plan": plan.id,
            "other": other.id,
            "note": note.id,
            "steering": steering.id,
            "town": town.id,
            "bonus": bonus.id,
            "call": call.id,
        }  # type: ignore[dict-item]
