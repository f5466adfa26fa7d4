"""The whole campaign as a user's shell script (examples/campaign.sh), read back with --json.

Runs the installed `stakeholders` program in real processes, as the README's
install line leaves it, so the entry point and packaging are covered too.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(db: Path, *args: str) -> str:
    out = subprocess.run(["stakeholders", "--db", str(db), *args], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("stakeholders") is None:
        pytest.fail("the `stakeholders` program is not installed: run the README's install line")
    db = tmp_path_factory.mktemp("campaign") / "campaign.db"
    env = os.environ | {"STAKEHOLDERS_USER": "sam", "TZ": "Europe/London"}
    done = subprocess.run(
        ["bash", str(ROOT / "examples" / "campaign.sh"), str(db)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return db


def test_people_from_five_formats_without_duplicates(campaign: Path) -> None:
    people = json.loads(_run(campaign, "list", "--json"))
    assert len(people) == 18  # 4 + 4 + 3 + 4 + 3 good rows in the five samples
    assert len({p["email"] for p in people if p["email"]}) == len([p for p in people if p["email"]])
    by_tag = {
        tag: sorted(p["name"] for p in people if tag in p["tags"])
        for tag in ("cx-team", "division-leads", "network", "steering")
    }
    # --tag on each import, plus the tags written in the files (Tags column, vCard CATEGORIES).
    assert by_tag == {
        "cx-team": ["Aiko Tanaka", "Leo Grant", "Marcus O'Neill", "Priya Natarajan", "Yūko Nakamura"],
        "division-leads": [
            "Ben Okoro",
            "Elena J. Marsh",
            "Priya Natarajan",
            "Raj Patel",
            "Sofia Lindqvist",
            "Yūko Nakamura",
        ],
        "network": ["Kwame Mensah", "Nadia Haddad", "Sarah Kim, CPA", "Tom Fischer"],
        "steering": ["Claire Dubois", "Søren Østergaard", "Yūko Nakamura"],
    }


def test_plan_versions_and_approval(campaign: Path) -> None:
    (plan,) = json.loads(_run(campaign, "plan", "list", "--json"))
    assert plan["name"] == "CX programme" and plan["current_version"] == 2
    assert [v["number"] for v in plan["versions"]] == [1, 2]
    assert plan["versions"][1]["changes"] == "Account ownership stays with the divisions"
    assert plan["versions"][1]["approved_by"] == "Chris (CMO)"


def test_one_person_read_back_exactly(campaign: Path) -> None:
    priya = json.loads(_run(campaign, "show", "priya.natarajan@example.com", "--json"))
    assert [(t["version"], t["status"], t["summary"]) for t in priya["touchpoints"]] == [
        (1, "held", "v1 drew dissent"),
        (2, "held", "v2 lands well"),
    ]
    assert [(s["level"], s["source"]) for s in priya["stances"]] == [
        ("resistant", "touchpoint"),
        ("supportive", "touchpoint"),
    ]
    assert priya["stance"] == {"CX programme": "supportive"}
    assert [(c["text"], c["status"]) for c in priya["concerns"]] == [("It's my customer", "open")]
    assert [(f["text"], f["owner"], f["stakeholders"]) for f in priya["follow_ups"]] == [
        ("Send the v2 deck", "sam", ["Priya Natarajan"])
    ]
    # The stance heard in a back-dated call is observed when the call happened.
    assert [s["observed_at"] for s in priya["stances"]] == [t["occurred_at"] for t in priya["touchpoints"]]


def test_multi_person_touchpoint(campaign: Path) -> None:
    touchpoints = json.loads(_run(campaign, "touchpoint", "list", "--json"))
    meeting = next(t for t in touchpoints if t["channel"] == "meeting")
    assert meeting["attendees"] == ["Aiko Tanaka", "Leo Grant", "Marcus O'Neill"]
    assert (meeting["plan"], meeting["version"], meeting["status"], meeting["by"]) == ("CX programme", 2, "held", "sam")
    planned = json.loads(_run(campaign, "touchpoint", "list", "--planned", "--json"))
    assert [(t["attendees"], t["summary"]) for t in planned] == [(["Leo Grant"], "Budget walk-through")]
    concerns = json.loads(_run(campaign, "concern", "list", "--open", "--json"))
    assert sorted((c["stakeholder"], c["text"]) for c in concerns) == [
        ("Leo Grant", "Who pays for the platform?"),
        ("Priya Natarajan", "It's my customer"),
    ]
    follow_ups = json.loads(_run(campaign, "followup", "list", "--json"))
    budget = next(f for f in follow_ups if f["text"] == "Share the budget")
    assert budget["stakeholders"] == ["Aiko Tanaka", "Leo Grant", "Marcus O'Neill"]


def test_events_with_tag_audiences(campaign: Path) -> None:
    events = json.loads(_run(campaign, "event", "list", "--json"))
    assert [(e["title"], e["kind"], e["version"], e["status"]) for e in events] == [
        ("Note to the wider team", "announcement", 2, "planned"),
        ("Steering committee", "meeting", 2, "planned"),
    ]
    assert events[0]["audience"] == ["tag:cx-team", "tag:division-leads"]
    assert all(e["starts_at"].endswith("+00:00") for e in events)
