"""§3.4 the pre-meeting brief: fields, the ad-hoc variant, JSON shape and one printed page."""

from datetime import datetime

import sqlalchemy as sa

from db.enums import Channel, EventKind, StanceLevel
from db.models import Event, Plan, Stakeholder
from db.store import Store
from stakeholders.plans import revise_plan
from stakeholders.rules.brief import Brief, brief_json, brief_markdown, build_brief
from tests.unit.test_rules_builders import Programme

ATTENDEE_KEYS = {
    "id",
    "name",
    "title",
    "organization",
    "division",
    "quadrant",
    "stance",
    "desired",
    "last_briefed_version",
    "last_touchpoint",
    "open_concerns",
    "open_follow_ups",
    "influenced_by",
}


def _steering(store: Store, now: datetime) -> dict[str, int]:
    """Steering (Tue 24 Nov 10:00, v2) with Chris (briefed v2), Lee (heard v1) and Ann (never briefed)."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        chris = p.person("Chris Ode", 5, 5, title="CMO", organization="Exec", notes="Prefers mornings")
        lee = p.person("Lee Park", 4, 3, organization="Service")
        ann = p.person("Ann Lo")
        dana, old_boss = p.person("Dana Reyes"), p.person("Old Boss", archived=True)
        p.stance(chris, plan, StanceLevel.NEUTRAL, p.days(-20))
        p.held(
            [chris],
            plan,
            2,
            p.days(-5),
            by="sam",
            channel=Channel.ONE_ON_ONE,
            summary="Thumbs up on v2",
            stances=[(None, StanceLevel.SUPPORTIVE)],
        )
        p.follow_up([chris], p.days(-1), "Send the deck")
        p.follow_up([chris], p.days(-3), "Already sent", done=True)
        p.influences(dana, chris)
        p.influences(old_boss, chris)
        p.held([lee], plan, 1, p.days(-12), concerns=[(None, "Who owns renewals?")])
        p.held([lee], None, None, p.days(-1), channel=Channel.EMAIL, by="kim", summary="Lunch next week")
        p.stance(lee, plan, StanceLevel.RESISTANT, p.days(-2))
        p.stance(lee, plan, StanceLevel.RESISTANT, p.days(-1))  # the same level again is no change
        event = p.event("Steering", plan, p.days(2), [chris, lee, ann], kind=EventKind.MEETING)
        return {"plan": plan.id, "event": event.id, "chris": chris.id, "lee": lee.id, "ann": ann.id}  # type: ignore[dict-item]


def _event_brief(store: Store, now: datetime, event_id: int) -> Brief:
    with store.session() as s:
        return build_brief(s, now=now, event=s.get(Event, event_id))


def test_event_brief_fields(store: Store, now: datetime) -> None:
    ids = _steering(store, now)
    b = _event_brief(store, now, ids["event"])
    assert (b.plan, b.version, b.as_of) == ("CX programme", 2, datetime(2026, 11, 24, 10, 0, tzinfo=now.tzinfo))
    assert [e.name for e in b.surprised] == ["Lee Park", "Ann Lo"]
    chris, lee, ann = b.attendees
    assert (chris.name, chris.title, chris.organization, chris.key) == ("Chris Ode", "CMO", "Exec", True)
    assert (chris.quadrant, chris.approach) == ("manage closely", "manage closely: brief one-on-one before anyone else")
    assert (chris.stance, chris.desired, chris.flag) == ("supportive", "supportive", None)
    change = chris.last_stance_change
    assert change is not None and (change.from_level, change.to_level, change.at) == (
        "neutral",
        "supportive",
        now.replace(day=17),
    )
    assert (chris.last_briefed_version, chris.last_briefed_at) == (2, now.replace(day=17))
    tp = chris.last_touchpoint
    assert tp is not None and (tp.channel, tp.by, tp.summary, tp.plan, tp.version) == (
        "one-on-one",
        "sam",
        "Thumbs up on v2",
        "CX programme",
        2,
    )
    assert [(f["text"], f["overdue"]) for f in chris.open_follow_ups] == [("Send the deck", True)]
    assert chris.influenced_by == ["Dana Reyes"]  # the archived influencer is left out
    assert chris.notes == "Prefers mornings"
    # Lee's last touchpoint is plain upkeep about no plan; his briefing stays v1.
    upkeep = lee.last_touchpoint
    assert upkeep is not None and (upkeep.channel, upkeep.by, upkeep.plan) == ("email", "kim", None)
    assert (lee.last_briefed_version, lee.stance, lee.flag) == (1, "resistant", "surprised")
    assert lee.last_stance_change is not None and (lee.last_stance_change.from_level, lee.last_stance_change.at) == (
        "unaware",
        now.replace(day=20),
    )
    assert [c["text"] for c in lee.open_concerns] == ["Who owns renewals?"]
    assert (ann.last_touchpoint, ann.last_stance_change, ann.quadrant, ann.flag) == (None, None, "monitor", "surprised")


def test_brief_json_shape(store: Store, now: datetime) -> None:
    ids = _steering(store, now)
    data = brief_json(_event_brief(store, now, ids["event"]))
    assert set(data) == {"event", "plan", "version", "surprised", "attendees"}
    assert data["event"] == {
        "id": ids["event"],
        "title": "Steering",
        "kind": "meeting",
        "starts_at": "2026-11-24T10:00:00+00:00",
        "status": "planned",
    }
    assert (data["plan"], data["version"], data["surprised"]) == ("CX programme", 2, ["Lee Park", "Ann Lo"])
    chris = data["attendees"][0]
    assert ATTENDEE_KEYS <= set(chris)
    assert chris["last_touchpoint"] == {
        "id": chris["last_touchpoint"]["id"],
        "channel": "one-on-one",
        "by": "sam",
        "occurred_at": "2026-11-17T10:00:00+00:00",
        "plan": "CX programme",
        "version": 2,
        "summary": "Thumbs up on v2",
    }
    assert [f["due_at"] for f in chris["open_follow_ups"]] == ["2026-11-21T10:00:00+00:00"]
    assert data["attendees"][1]["surprise_reasons"] == ["outdated-version"]


def test_ad_hoc_brief_uses_the_current_version_as_of_now(store: Store, now: datetime) -> None:
    ids = _steering(store, now)
    with store.write() as s:
        revise_plan(s, s.get(Plan, ids["plan"]), "version 3")  # type: ignore[arg-type]
    with store.session() as s:
        event_brief = build_brief(s, now=now, event=s.get(Event, ids["event"]))
        ad_hoc = build_brief(
            s,
            now=now,
            people=[s.get(Stakeholder, ids["chris"]), s.get(Stakeholder, ids["ann"])],  # type: ignore[list-item]
            plan=s.get(Plan, ids["plan"]),
        )
    assert [e.name for e in event_brief.surprised] == ["Lee Park", "Ann Lo"]  # the event still presents v2
    assert (ad_hoc.version, ad_hoc.as_of, ad_hoc.event) == (3, now, None)
    assert [(e.name, e.reasons) for e in ad_hoc.surprised] == [
        ("Chris Ode", ["outdated-version"]),
        ("Ann Lo", ["never-briefed"]),
    ]
    assert brief_json(ad_hoc)["event"] is None
    assert brief_markdown(ad_hoc).startswith("# Brief: CX programme v3\nAd hoc, as of Sun 22 Nov 2026, 10:00")


def test_markdown_marks_surprises_and_fits_a_page(store: Store, now: datetime) -> None:
    """Ten attendees with every fact filled in still fit one printed page (about 66 lines)."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        people = [
            p.person(
                f"Person {n}",
                1 + n % 5,
                1 + (n * 2) % 5,
                title="Head of something",
                organization="Division",
                notes="Long private note " * 20,
            )
            for n in range(10)
        ]
        for n, person in enumerate(people):
            p.stance(person, plan, StanceLevel.NEUTRAL, p.days(-9))
            p.held(
                [person],
                plan,
                1 + n % 2,
                p.days(-8),
                summary="A long summary " * 20,
                stances=[(None, StanceLevel.RESISTANT)],
                concerns=[(None, "A concern " * 10)],
            )
            p.follow_up([person], p.days(-1))
            p.influences(people[n - 1], person)
        event = p.event("Town hall <b>", plan, p.days(2), people)  # type: ignore[arg-type]
    text = brief_markdown(_event_brief(store, now, event.id))  # type: ignore[arg-type]
    lines = text.splitlines()
    assert len(lines) <= 66, len(lines)
    assert lines[0] == r"# Brief: Town hall \<b\>"
    assert lines[1] == (
        "Tue 24 Nov 2026, 10:00 · announcement · CX programme v2 · 10 attendees · "
        "private: for the lead, not for circulation"
    )
    assert lines[3].startswith("**Would be surprised (5):** ")
    assert "## Person 4 (key) — Head of something, Division — **SURPRISED**: heard only v1 (Sat 14 Nov)" in lines
    assert max(len(line) for line in lines) < 400
    assert (
        "- stance resistant, desired supportive (since Sat 14 Nov: neutral → resistant) · briefed v2 on Sat 14 Nov"
    ) in lines


def test_last_touchpoint_is_the_latest_held_one(store: Store, now: datetime) -> None:
    """Held only (a later planned call is no contact yet); at the same instant the higher id wins."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        kim, ivo = p.person("Kim Ode"), p.person("Ivo Marsh")
        p.held([kim, ivo], plan, 1, p.days(-3), by="sam", summary="first of two at 10:00")
        p.held([kim], None, None, p.days(-3), by="lee", summary="second of two at 10:00")
        p.held([ivo], None, None, p.days(-9), by="lee", summary="older")
        p.planned([kim, ivo], plan, 1, p.days(1))
        event = p.event("Town hall", plan, p.days(2), [kim, ivo])
    b = _event_brief(store, now, event.id)  # type: ignore[arg-type]
    last = {a.name: a.last_touchpoint for a in b.attendees}
    assert last["Kim Ode"] is not None and (last["Kim Ode"].by, last["Kim Ode"].plan) == ("lee", None)
    assert last["Ivo Marsh"] is not None and (last["Ivo Marsh"].summary, last["Ivo Marsh"].plan) == (
        "first of two at 10:00",
        "CX programme",
    )


def test_brief_reads_each_fact_once_for_all_attendees(store: Store, now: datetime) -> None:
    """The same statements for 3 attendees as for 40: no query per person (§9, a 10,000-person brief)."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        people = [p.person(f"Person {n}", 1 + n % 5, tags=("all",) if n else ()) for n in range(40)]
        for n, person in enumerate(people):
            p.held([person], plan, 1 + n % 2, p.days(-n - 1), concerns=[(None, f"concern {n}")])
            p.follow_up([person], p.days(n - 20))
            p.influences(people[n - 1], person)
            p.stance(person, plan, StanceLevel.NEUTRAL, p.days(-n - 2))
        small = p.event("Steering", plan, p.days(2), people[:3], kind=EventKind.MEETING)
        large = p.event("Town hall", plan, p.days(2), [people[0], "all"])
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        sizes = []
        for event in (small, large):
            statements.clear()
            b = _event_brief(store, now, event.id)  # type: ignore[arg-type]
            sizes.append((len(b.attendees), len(statements)))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    assert sizes[0][0] == 3 and sizes[1][0] == 40
    assert sizes[0][1] == sizes[1][1], sizes
