"""The demo story (§10): a customer-experience programme at Northwind Software.

Version 1 was presented to a large group on a Wednesday and drew dissent
from silo-minded division heads ("it's my customer"). The lead re-thought
it; version 2 got the CMO's approval; a calling campaign briefed most key
stakeholders on version 2 one by one. The note to the wider team goes out
in two days, the steering committee meets in five. Some people were missed:
Tom (Sales VP) never heard the plan and has not been spoken to in 40 days;
Elena and Sofia heard only version 1; Hannah was never briefed; Ben's call
was on the calendar yesterday and nobody said whether it happened. Priya
became a champion. Every date is relative to now, so the story is always current.
"""

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlmodel import Session, select

from db.enums import Channel, EventKind, EventStatus, StanceLevel, TouchpointStatus
from db.models import Concern, Plan, Stakeholder, Touchpoint
from db.types import utcnow
from stakeholders.concerns import resolve_concern
from stakeholders.dates import local_tz
from stakeholders.events import AudienceTarget, add_event, set_status
from stakeholders.followups import mark_done, promise
from stakeholders.people import add_person, link_influence, set_archived
from stakeholders.plans import add_plan, approve_version, get_version, revise_plan
from stakeholders.resolve import tag_named
from stakeholders.stances import record_stance
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

LEAD = "Sam Patel"
PEOPLE = [
    # key, name, e-mail, title, organization, influence, interest, tags
    (
        "chris",
        "Chris Morgan",
        "chris.morgan@northwind.example",
        "Chief Marketing Officer",
        "Marketing",
        5,
        5,
        ["steering"],
    ),
    ("priya", "Priya Shah", "priya.shah@northwind.example", "VP Product", "Product", 4, 5, ["steering", "cx-team"]),
    ("tom", "Tom Becker", "tom.becker@northwind.example", "VP Sales", "Sales", 5, 3, ["steering", "division-leads"]),
    (
        "marcus",
        "Marcus Webb",
        "marcus.webb@northwind.example",
        "Head of Division EMEA",
        "EMEA",
        4,
        4,
        ["division-leads"],
    ),
    (
        "elena",
        "Elena Rossi",
        "elena.rossi@northwind.example",
        "Head of Division Americas",
        "Americas",
        4,
        4,
        ["division-leads", "steering"],
    ),
    ("daniel", "Daniel Kim", "daniel.kim@northwind.example", "Head of Division APAC", "APAC", 4, 3, ["division-leads"]),
    ("james", "James O'Neill", "james.oneill@northwind.example", "Finance Director", "Finance", 3, 2, ["steering"]),
    (
        "aisha",
        "Aisha Okafor",
        "aisha.okafor@northwind.example",
        "Head of Customer Support",
        "Support",
        3,
        5,
        ["cx-team"],
    ),
    ("mei", "Mei Chen", "mei.chen@northwind.example", "Data & Analytics Lead", "Product", 3, 3, ["cx-team"]),
    ("ben", "Ben Ward", "ben.ward@northwind.example", "IT Director", "IT", 3, 3, ["cx-team"]),
    ("sofia", "Sofia Lind", "sofia.lind@northwind.example", "Customer Success Lead", "Americas", 2, 4, ["cx-team"]),
    (
        "hannah",
        "Hannah Weber",
        "hannah.weber@northwind.example",
        "Marketing Operations Manager",
        "Marketing",
        2,
        3,
        ["cx-team"],
    ),
    ("luis", "Luis Ortega", "luis.ortega@northwind.example", "Regional Sales Manager", "Sales", 2, 2, ["cx-team"]),
    ("oliver", "Oliver Grant", "oliver.grant@northwind.example", "Head of Partnerships", "Partnerships", 3, 2, []),
    ("nadia", "Nadia Haddad", "nadia.haddad@northwind.example", "HR Business Partner", "People", 2, 2, ["cx-team"]),
]

# Each person's division (§2, §10): the silos whose "it's MY customer" the plan must win over; the
# Sales divisions are where the missed people are, so the status shows which silo is behind.
DIVISIONS = {
    "chris": "Marketing",
    "priya": "Product",
    "tom": "Sales EMEA",
    "marcus": "Sales EMEA",
    "elena": "Sales Americas",
    "daniel": "Sales APAC",
    "james": "Finance",
    "aisha": "Customer Support",
    "mei": "Product",
    "ben": "IT",
    "sofia": "Sales Americas",
    "hannah": "Marketing",
    "luis": "Sales EMEA",
    "oliver": "Partnerships",
    "nadia": "HR",
}

V1 = "One customer team owns every account end to end; divisions hand over their key accounts."
V2 = (
    "One customer view shared across divisions; divisions keep account ownership, the CX team "
    "owns the journey, the data and the survey programme."
)


def _at(now: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time `days` from today, as aware UTC."""
    tz = local_tz()
    day = now.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tz).astimezone(now.tzinfo)


def load_demo(session: Session, now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    a = LEAD
    people = {}
    for key, name, email, title, org, influence, interest, tags in PEOPLE:
        people[key] = add_person(
            session,
            {
                "name": name,
                "email": email,
                "title": title,
                "organization": org,
                "division": DIVISIONS[key],
                "influence": influence,
                "interest": interest,
                "owner": a,
            },
            tags,
            actor=a,
        )
    people["tom"].notes = "Prefers a short call before 9am. Measured on new-logo revenue: fears losing accounts."
    people["elena"].notes = "Felt ambushed by v1 in the big meeting. Wants to hear things first, one-on-one."
    people["priya"].notes = "Our champion: offered to present the journey maps at the steering committee."
    # The Sales VP was last heard from 40 days ago: well past his cadence.
    people["tom"].created_at = now - timedelta(days=60)
    for key, days in (("oliver", 70), ("luis", 50)):
        people[key].created_at = now - timedelta(days=days)
    link_influence(session, people["chris"], people["tom"], actor=a)
    link_influence(session, people["marcus"], people["elena"], actor=a)
    link_influence(session, people["elena"], people["sofia"], actor=a)
    link_influence(session, people["priya"], people["mei"], actor=a)
    link_influence(session, people["tom"], people["luis"], actor=a)

    plan = add_plan(session, "CX programme", "One customer team for every account", V1, actor=a)
    # v1's kick-off: the Wednesday at least 18 days back.
    kickoff_day = -18 - ((now.astimezone(local_tz()).weekday() - 18 - 2) % 7)
    kickoff = _at(now, kickoff_day, 14)
    # The plan was written the week before its kick-off, not the day the demo was loaded.
    plan.created_at = get_version(session, plan, 1).created_at = _at(now, kickoff_day - 7, 10)
    _log(
        session,
        now,
        a,
        [people[k] for k in ("marcus", "elena", "daniel", "sofia", "ben", "priya", "oliver")],
        plan,
        1,
        kickoff,
        Channel.MEETING,
        "v1 presented at the all-managers meeting: strong pushback from divisions",
        stances=[
            (people["marcus"], StanceLevel.RESISTANT),
            (people["elena"], StanceLevel.RESISTANT),
            (people["daniel"], StanceLevel.RESISTANT),
            (people["priya"], StanceLevel.SUPPORTIVE),
            (people["sofia"], StanceLevel.NEUTRAL),
            (people["ben"], StanceLevel.NEUTRAL),
        ],
        concerns=[
            (people["elena"], "It's my customer: Americas must keep its key accounts"),
            (people["marcus"], "EMEA account managers would report to a central team"),
        ],
    )
    meeting = add_event(
        session,
        "All-managers kick-off",
        plan,
        1,
        kickoff,
        EventKind.MEETING,
        [AudienceTarget(tag=tag_named(session, "division-leads", create=True))],
        actor=a,
    )
    set_status(session, meeting, EventStatus.HELD, actor=a)
    _log(
        session,
        now,
        a,
        [people["tom"]],
        None,
        None,
        _at(now, -40, 11),
        Channel.ONE_ON_ONE,
        "Quarterly catch-up on pipeline; no CX talk",
    )

    v2 = revise_plan(
        session,
        plan,
        V2,
        changes="Divisions keep account ownership; the CX team owns the journey, "
        "data and surveys instead of the accounts.",
        actor=a,
    )
    v2.created_at = _at(now, -13, 15)
    approve_version(session, plan, v2.number, "Chris Morgan (CMO)", _at(now, -12, 17), actor=a)
    campaign = [
        ("chris", -12, 16, StanceLevel.SUPPORTIVE, "Thumbs-up on v2; wants the steering committee to see it first"),
        ("priya", -10, 11, StanceLevel.LEADING, "Will champion it; offers the journey maps"),
        ("marcus", -9, 15, StanceLevel.NEUTRAL, "Ownership staying in EMEA removes his main objection"),
        ("daniel", -8, 10, StanceLevel.RESISTANT, "Still worried about APAC renewals headcount"),
        ("james", -6, 14, StanceLevel.NEUTRAL, "Needs the budget line before he supports it"),
        ("aisha", -5, 11, StanceLevel.SUPPORTIVE, "Support will own the survey programme"),
        ("mei", -4, 16, StanceLevel.SUPPORTIVE, "Data team can deliver the single customer view"),
        ("luis", -3, 9, StanceLevel.SUPPORTIVE, "Fine with it; asked for the FAQ"),
    ]
    for key, days, hour, level, note in campaign:
        channel = Channel.EMAIL if key == "luis" else Channel.ONE_ON_ONE
        _log(
            session, now, a, [people[key]], plan, 2, _at(now, days, hour), channel, note, stances=[(people[key], level)]
        )
    _log(
        session,
        now,
        a,
        [people["daniel"]],
        plan,
        2,
        _at(now, -8, 10, 45),
        Channel.CHAT,
        "Follow-up chat",
        concerns=[(people["daniel"], "APAC renewals team loses two heads to the central CX team")],
    )
    _log(
        session,
        now,
        a,
        [people["james"]],
        plan,
        2,
        _at(now, -6, 14, 30),
        Channel.EMAIL,
        "Budget question",
        concerns=[(people["james"], "The CX platform is not in the FY budget")],
    )
    # The EMEA concern was answered by v2.
    emea = session.exec(select(Concern).where(Concern.stakeholder_id == people["marcus"].id)).one()
    resolve_concern(session, emea.id, 2, "v2 keeps account ownership in the divisions", actor=a)  # type: ignore[arg-type]
    record_stance(session, people["oliver"], plan, StanceLevel.NEUTRAL, _at(now, -17, 9), actor=a)

    # Promises: one kept, one overdue, one due soon.
    done = promise(session, [people["marcus"]], "Send Marcus the v2 deck", _at(now, -7, 9), a, actor=a)
    mark_done(session, done.id, actor=a)  # type: ignore[arg-type]
    promise(session, [people["elena"]], "Send Elena the revised account-ownership model", _at(now, -3, 9), a, actor=a)
    promise(session, [people["daniel"]], "Share APAC headcount numbers with Daniel", _at(now, 2, 9), a, actor=a)

    # On the calendar: Tom tomorrow (v2); Ben's call was yesterday and is still "planned".
    _log(session, now, a, [people["tom"]], plan, 2, _at(now, 1, 8, 30), Channel.CALL, "Walk Tom through v2")
    _log(session, now, a, [people["ben"]], plan, 2, _at(now, -1, 15), Channel.CALL, "Brief Ben on v2", planned=True)

    add_event(
        session,
        "Note to the wider CX team",
        plan,
        2,
        _at(now, 2, 9),
        EventKind.ANNOUNCEMENT,
        [
            AudienceTarget(tag=tag_named(session, "cx-team", create=True)),
            AudienceTarget(tag=tag_named(session, "division-leads", create=True)),
        ],
        actor=a,
    )
    add_event(
        session,
        "Steering committee",
        plan,
        2,
        _at(now, 5, 10),
        EventKind.MEETING,
        [AudienceTarget(tag=tag_named(session, "steering", create=True))],
        actor=a,
    )

    ideas = add_plan(session, "Ideas platform", "A single place for employees to propose improvements", actor=a)
    ideas.created_at = get_version(session, ideas, 1).created_at = _at(now, -3, 10)
    _log(
        session,
        now,
        a,
        [people["aisha"], people["mei"]],
        ideas,
        1,
        _at(now, -2, 13),
        Channel.MEETING,
        "Early sounding: both keen",
        stances=[(None, StanceLevel.SUPPORTIVE)],
    )
    add_event(
        session,
        "Ideas platform go/no-go",
        ideas,
        1,
        _at(now, 21, 11),
        EventKind.DECISION,
        [AudienceTarget(person=people["chris"]), AudienceTarget(person=people["priya"])],
        actor=a,
    )

    # Nadia left the company: archived, so she never counts in an audience.
    set_archived(session, people["nadia"], True, actor=a)
    session.flush()
    return {"stakeholders": len(people), "plans": 2, "events": 4}


def _log(
    session: Session,
    now: datetime,
    actor: str,
    attendees: list[Stakeholder],
    plan: Plan | None,
    version: int | None,
    when: datetime,
    channel: Channel,
    note: str,
    stances: Sequence[tuple[Stakeholder | None, StanceLevel]] = (),
    concerns: Sequence[tuple[Stakeholder | None, str]] = (),
    planned: bool = False,
) -> Touchpoint:
    draft = TouchpointDraft(
        attendees=attendees,
        occurred_at=when,
        plan=plan,
        version=version,
        channel=channel,
        by=actor,
        summary=note,
        stances=list(stances),
        concerns=list(concerns),
    )
    # A call put on the calendar before its time stays planned once its time
    # has passed, until someone says whether it happened: log it as of then.
    tp = log_touchpoint(session, draft, now=when - timedelta(days=1) if planned else now, actor=actor)
    assert (tp.status == TouchpointStatus.PLANNED) == (planned or when > now)
    return tp
