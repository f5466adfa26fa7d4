"""PERSON, PLAN and EVENT arguments (PRODUCT.md §4): what each text names, on both backends."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from db.enums import EventKind
from db.store import Store
from stakeholders.errors import Ambiguous, NotFound
from stakeholders.events import AudienceTarget, add_event
from stakeholders.people import add_person, set_archived
from stakeholders.plans import add_plan
from stakeholders.resolve import resolve_event, resolve_people, resolve_person, resolve_plan, row_id, tag_named

PEOPLE = [
    ("Lee Park", "lee@example.com"),  # 1
    ("Kathleen Moss", "kathleen@example.com"),  # 2
    ("Dana Reyes", "Dana.Reyes@Example.com"),  # 3
    ("Dana Smith", None),  # 4
    ("Ann 100% Sure", None),  # 5
    ("Bob_Jones", None),  # 6
    ("Bobby Jones", None),  # 7
    ("Olive Archived", None),  # 8
    ("42", None),  # 9: a name that looks like an id
]


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.write() as s:
        for name, email in PEOPLE:
            add_person(s, {"name": name, "email": email})
        set_archived(s, resolve_person(s, "Olive Archived"), True)
    with store.session() as s:
        yield s


def named(session: Session, text: str) -> str:
    return resolve_person(session, text).name


CASES = [
    ("3", "Dana Reyes"),  # an id
    (" 4 ", "Dana Smith"),
    ("dana.reyes@example.com", "Dana Reyes"),  # e-mail, case-insensitive
    ("DANA.REYES@EXAMPLE.COM", "Dana Reyes"),
    ("lee park", "Lee Park"),  # exact name, case-insensitive
    ("KATHLEEN MOSS", "Kathleen Moss"),
    ("kathleen", "Kathleen Moss"),  # first name
    ("reyes", "Dana Reyes"),  # unique last name
    ("lee", "Lee Park"),  # word start beats the substring in Kathleen
    ("LEE", "Lee Park"),
    ("athle", "Kathleen Moss"),  # a unique substring
    ("olive", "Olive Archived"),  # archived people can still be named
    ("8", "Olive Archived"),
    ("100%", "Ann 100% Sure"),  # % is literal, not a wildcard
    ("bob_", "Bob_Jones"),  # _ is literal: not "Bobby"
]


def test_person_resolution(session: Session) -> None:
    # One database per backend for every case: a fresh one per case would cost more than the cases.
    assert [(text, named(session, text)) for text, _ in CASES] == CASES


def test_an_id_that_does_not_exist_is_read_as_a_name(session: Session) -> None:
    assert named(session, "42") == "42"
    with pytest.raises(NotFound, match="no stakeholder '4242'"):
        resolve_person(session, "4242")


def test_ambiguous_names_list_the_candidates_with_email_and_id(session: Session) -> None:
    with pytest.raises(Ambiguous) as info:
        resolve_person(session, "dana")
    message = str(info.value)
    assert message == (
        "'dana' names 2 stakeholders: Dana Reyes <Dana.Reyes@Example.com> (id 3); "
        "Dana Smith <no e-mail> (id 4); use the e-mail or id"
    )
    with pytest.raises(Ambiguous, match="Bob_Jones .* Bobby Jones"):
        resolve_person(session, "bob")


def test_wildcards_alone_match_nothing(session: Session) -> None:
    for text in ("%%", "__", "a%b", "n_e", "l%k", "le_"):
        with pytest.raises(NotFound):
            resolve_person(session, text)


def test_the_same_exact_name_twice_is_ambiguous(session: Session, store: Store) -> None:
    with store.write() as s:
        add_person(s, {"name": "lee park", "email": "lee2@example.com"})
    with pytest.raises(Ambiguous, match=r"Lee Park <lee@example.com> \(id 1\); lee park <lee2@example.com> \(id 10\)"):
        resolve_person(session, "Lee Park")


def test_unknown_people_get_a_suggestion(session: Session) -> None:
    with pytest.raises(NotFound, match=r"no stakeholder 'Dana Reys' \(did you mean Dana Reyes\?\)"):
        resolve_person(session, "Dana Reys")
    with pytest.raises(NotFound, match="no stakeholder 'nobody@example.com'"):
        resolve_person(session, "nobody@example.com")
    with pytest.raises(NotFound, match="empty PERSON"):
        resolve_person(session, "  ")


def test_more_than_ten_matches_are_cut_short(store: Store) -> None:
    with store.write() as s:
        for i in range(12):
            add_person(s, {"name": f"Sam {i:02d}"})
    with store.session() as s, pytest.raises(Ambiguous) as info:
        resolve_person(s, "sam")
    assert str(info.value).startswith("'sam' names more than 10 stakeholders: Sam 00")
    assert "Sam 09" in str(info.value) and "Sam 10" not in str(info.value)


def test_resolve_people_keeps_order_and_drops_repeats(session: Session) -> None:
    found = resolve_people(session, ["lee", "3", "lee@example.com", "kathleen"])
    assert [p.name for p in found] == ["Lee Park", "Dana Reyes", "Kathleen Moss"]


def test_plans_by_id_or_name(store: Store) -> None:
    with store.write() as s:
        add_plan(s, "CX programme", "One view")
        add_plan(s, "Sales incentives", "New model")
    with store.session() as s:
        assert resolve_plan(s, "cx PROGRAMME").id == 1
        assert resolve_plan(s, "2").name == "Sales incentives"
        with pytest.raises(NotFound, match=r"no plan 'CX' \(plans: CX programme, Sales incentives\)"):
            resolve_plan(s, "CX")


def test_events_exact_title_then_unique_substring_then_id(store: Store) -> None:
    when = datetime(2099, 1, 5, 9, tzinfo=UTC)
    with store.write() as s:
        plan = add_plan(s, "CX programme", "One view")
        dana = add_person(s, {"name": "Dana"})
        for title in ("Steering", "Steering committee prep", "Note to the team", "2027"):
            add_event(s, title, plan, None, when, EventKind.MEETING, [AudienceTarget(person=dana)])
    with store.session() as s:
        assert resolve_event(s, "steering").id == 1
        assert resolve_event(s, "COMMITTEE").id == 2
        assert resolve_event(s, "3").title == "Note to the team"
        assert resolve_event(s, "2027").id == 4  # not an id: a title
        with pytest.raises(Ambiguous, match="'t' matches 3 events"):
            resolve_event(s, "t")
        with pytest.raises(NotFound, match="no event 'retro'"):
            resolve_event(s, "retro")


def test_tags_are_lower_case_and_trimmed(store: Store) -> None:
    with store.write() as s:
        tag = tag_named(s, "  CX-Team ", create=True)
        assert tag is not None and tag.name == "cx-team"
    with store.session() as s:
        assert tag_named(s, "cx-TEAM", create=False) is not None
        assert tag_named(s, "other", create=False) is None
        with pytest.raises(NotFound):
            tag_named(s, " ", create=False)


def test_row_id_accepts_only_numbers_that_can_be_ids() -> None:
    assert [row_id(v) for v in ("1", " 42 ", 7, "2147483647")] == [1, 42, 7, 2147483647]
    assert [row_id(v) for v in ("0", "2147483648", "-3", "4.0", "x1", "", 99999999999999999999)] == [None] * 7
