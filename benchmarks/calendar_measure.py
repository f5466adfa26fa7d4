"""§9: `import` of a calendar with 10,000 entries, within 3x of parsing it with the same library alone.

    python -m benchmarks.calendar_measure [--entries 10000] [--repeat 3] [--work DIR]

prints the figure (the whole calendar import, in-process: reading the file, expanding recurrences,
matching people and writing the touchpoints into a fresh SQLite database with their attendances and
audit entries, then the same import again, unchanged) next to the reference (`icalendar` parsing the
same file and reading each entry's start, title and attendees) and the ratio. `measures(...)` returns
the same as `benchmarks.measures.Measure` rows, and `day_measures` is benchmarks/day.py's hook.

The calendar is generated reproducibly: 500 stakeholders, 9,800 single meetings of one to three of
them (with the lead as organizer, a decliner now and then, a stranger on some), and 200 weekly series
of one occurrence each inside the window, so recurrence is part of the work; all in a Windows zone,
as Outlook writes.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.measures import Measure

PEOPLE = 500
SERIES = 200
START = datetime(2026, 6, 1, 8, tzinfo=UTC)
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC))
ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def calendar(entries: int, seed: int = 7) -> bytes:
    """An Outlook-like export of `entries` VEVENTs."""
    rng = random.Random(seed)
    out = ["BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n", ZONE]
    for n in range(entries):
        start = START + timedelta(minutes=30 * n)
        people = rng.sample(range(PEOPLE), rng.randint(1, 3))
        lines = [
            "BEGIN:VEVENT",
            f"UID:bench-{n:05d}@example.com",
            "DTSTAMP:20260101T000000Z",
            f'DTSTART;TZID="W. Europe Standard Time":{start:%Y%m%dT%H%M%S}',
            f'DTEND;TZID="W. Europe Standard Time":{start + timedelta(minutes=30):%Y%m%dT%H%M%S}',
            f"SUMMARY:Call {n} about the rollout",
            "ORGANIZER;CN=Sam Patel:mailto:sam@example.com",
            "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        ]
        if n < SERIES:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=1")
        for i, person in enumerate(people):
            declined = ";PARTSTAT=DECLINED" if i and rng.random() < 0.1 else ""
            lines.append(f"ATTENDEE;CN=Person {person}{declined}:mailto:person{person}@example.com")
        if rng.random() < 0.05:
            lines.append(f"ATTENDEE;CN=Stranger {n}:mailto:stranger{n}@elsewhere.example")
        lines.append("END:VEVENT")
        out.append("\r\n".join(lines) + "\r\n")
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode()


def parse_only(path: Path) -> int:
    """The reference: the same library parsing the file and reading what an import needs of each entry."""
    import icalendar

    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    count = 0
    for event in parsed.walk("VEVENT"):
        event.get("DTSTART").dt  # noqa: B018  (read, as the import does)
        str(event.get("SUMMARY"))
        attendees = event.get("ATTENDEE") or []
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            attendee.params.get("PARTSTAT")
        count += 1
    return count


def import_twice(path: Path, work: Path, run: int) -> tuple[float, float]:
    """The whole import into a fresh database, then again (unchanged); seconds each."""
    from db.store import open_store
    from stakeholders.calendar_import import import_calendar_files
    from stakeholders.people import add_person

    store = open_store(work / f"calendar-{run}.db")
    try:
        with store.write() as session:
            for n in range(PEOPLE):
                add_person(session, {"name": f"Person {n}", "email": f"person{n}@example.com"})
        times = []
        for _ in range(2):
            began = time.perf_counter()
            report = import_calendar_files(store, [path], since=WINDOW[0], until=WINDOW[1], me=["sam@example.com"])
            times.append(time.perf_counter() - began)
            assert report.created + report.unchanged + len(report.skipped) > 0
        return times[0], times[1]
    finally:
        store.close()


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def measures(
    entries: int = 10_000, repeat: int = 3, work: Path | None = None, log: Callable[[str], None] = lambda _: None
) -> list[Measure]:
    """The two rows: a new import and the same again, each beside the parse-only reference of the same run."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = Path(tmp)
        path = folder / "calendar.ics"
        path.write_bytes(calendar(entries))
        reference, new, again = [], [], []
        for run in range(repeat):  # interleaved: a machine that slows down slows both
            began = time.perf_counter()
            parse_only(path)
            reference.append(time.perf_counter() - began)
            first, second = import_twice(path, folder, run)
            new.append(first)
            again.append(second)
            log(f"run {run + 1}: parse {reference[-1]:.2f} s, import {first:.2f} s, again {second:.2f} s")
    rows = []
    for label, samples in (("new", new), ("again", again)):
        rows.append(
            Measure(
                name=f"import calendar {entries:,} entries ({label})",
                figure=_median(samples),
                reference=_median(reference),
                reference_name="icalendar parse alone",
                target="≤ 3×",
                limit=3.0,
                samples=samples,
            )
        )
    return rows


def day_measures(target: str, repeat: int) -> list[Measure]:
    """benchmarks/day.py's hook (IMPORT_HOOKS). The import goes into a fresh SQLite database of its own,
    not into `target`: 10,000 touchpoints written into the benchmark's database would change every
    other measure of the day."""
    del target
    return measures(10_000, max(1, repeat), log=lambda line: print(line, file=sys.stderr, flush=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args(argv)
    for m in measures(args.entries, args.repeat, args.work, log=lambda s: print(s, file=sys.stderr)):
        print(
            f"{m.name}: {m.figure:.2f} s; reference {m.reference:.2f} s; ratio {m.ratio:.2f}x "
            f"(target {m.target}: {'met' if m.met else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
