"""The TUI's import undo (stakeholders.undo_work.imported_change) on both backends: it removes the people
the import created and also takes off the tags it put on people who were already there, and a tag it
brought that nobody else wears; a tag a person had before stays."""

from pathlib import Path

from sqlmodel import select

from db.models import Stakeholder, StakeholderTag, Tag
from db.store import Store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW
from tui.data.import_contacts import read_request, run_import

CONTACTS = """Name,Email,Title,Company,Team
Ada Lovelace,ada@analytical.example,CTO,Analytical,finance
Tom Becker,tom.becker@northwind.example,VP Sales EMEA,Northwind,steering
"""


def tags_of(store: Store, name: str) -> set[str]:
    with store.session() as session:
        rows = session.exec(
            select(Tag.name)
            .join(StakeholderTag, StakeholderTag.tag_id == Tag.id)  # type: ignore[arg-type]
            .join(Stakeholder, Stakeholder.id == StakeholderTag.stakeholder_id)  # type: ignore[arg-type]
            .where(Stakeholder.name == name)
        )
        return set(rows)


def test_undo_takes_off_the_tags_the_import_added_and_keeps_the_ones_already_there(
    store: Store, tmp_path: Path
) -> None:
    with store.write() as session:
        load_demo(session, FROZEN_NOW)
    before = tags_of(store, "Tom Becker")
    assert "steering" in before and "q1-import" not in before
    source = tmp_path / "team.csv"
    source.write_text(CONTACTS)
    request = read_request({"path": str(source), "map": "Team=tags", "tags": "q1-import"})
    with store.write() as session:
        done = run_import(session, request)
    assert tags_of(store, "Tom Becker") == before | {"q1-import"}
    assert tags_of(store, "Ada Lovelace") == {"finance", "q1-import"}
    with store.write() as session:
        message = done.change.undo(session)
    assert message.endswith("1 tags taken off")
    assert tags_of(store, "Tom Becker") == before  # steering was his before the import: it stays
    with store.session() as session:
        assert session.exec(select(Stakeholder).where(Stakeholder.name == "Ada Lovelace")).first() is None
        names = set(session.exec(select(Tag.name)))
    assert "q1-import" not in names  # brought by the import, now on nobody
    assert "steering" in names
