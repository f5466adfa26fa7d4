"""§9: `import` of a 50,000-row address book, new and again unchanged, within 3x of a plain script.

    python -m benchmarks.import_measure [--rows 50000] [--repeat 3] [--work DIR]

prints each figure — the whole `stakeholders --db FILE import book.csv` process into a fresh, empty
(migrated) SQLite database, then the same command again with nothing changed — next to the reference
of §9, measured in the same run: a script (its own process too) that reads the file with `csv`,
checks each e-mail with the same validator (email-validator, as stakeholders.validation configures
it) and inserts the rows with one audit row each by `executemany` through the sqlite3 module.
`measures(...)` returns `benchmarks.measures.Measure` rows; `day_measures` is benchmarks/day.py's
hook (IMPORT_HOOKS).

The book is a Google Contacts export (the current format), generated reproducibly: names, one
e-mail each (some on reserved domains such as corp.local), an organisation, a title, a department
(the division), a phone, labels with Google's system groups, and a multi-line note now and then.
"""

import argparse
import csv
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measures import Measure

HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
]
FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dana",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Søren",
    "Tom",
    "Uma",
    "Vik",
    "Wen",
    "Yusuf",
    "Zoë",
]
LAST = [
    "Okafor",
    "Müller",
    "Nakamura",
    "Reyes",
    "Lindqvist",
    "O'Neill",
    "Haddad",
    "Chen",
    "Rossi",
    "Kim",
    "Dubois",
    "Åström",
    "Patel",
    "García",
    "Novak",
    "Weber",
    "Singh",
    "Fischer",
    "Costa",
    "Ivanova",
]
ORGS = ["Northwind", "Contoso", "Fabrikam, Inc.", "Tailspin Toys", "Adatum", "Woodgrove Bank", "Proseware"]
DIVISIONS = ["Sales EMEA", "Sales Americas", "Sales APAC", "IT", "Finance", "Marketing", "Customer Care", ""]
DOMAINS = ["example.com", "example.org", "corp.local", "mail.example.co.uk", "hq.internal"]

# The reference script, run as its own process: argv = book, database, actor.
REFERENCE = r"""
import csv, json, sqlite3, sys
from datetime import datetime, timezone
from stakeholders.validation import _validator

validate, EmailNotValidError = _validator()
book, database, actor = sys.argv[1:4]
now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
people = []
with open(book, encoding="utf-8", newline="") as handle:
    for row in csv.DictReader(handle):
        name = " ".join(p for p in (row["First Name"], row["Middle Name"], row["Last Name"]) if p)
        email = row["E-mail 1 - Value"].split(" ::: ")[0].strip()
        try:
            validate(email, check_deliverability=False, allow_domain_literal=False, allow_display_name=False)
        except EmailNotValidError:
            continue
        division = row["Organization Department"] or None
        people.append((now, now, name, name.lower(), email, email.lower(), row["Organization Title"] or None,
                       row["Organization Name"] or None, division, division.lower() if division else None,
                       row["Phone 1 - Value"] or None, 2, 2, row["Notes"] or None))
conn = sqlite3.connect(database)
with conn:
    conn.executemany(
        "INSERT INTO stakeholder (created_at, updated_at, name, name_key, email, email_key, title, organization,"
        " division, division_key, phone, influence, interest, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", people)
    ids = dict(conn.execute("SELECT email_key, id FROM stakeholder"))
    conn.executemany(
        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, stakeholder_id, summary, after)"
        " VALUES (?, ?, 'create', 'stakeholder', ?, ?, ?, ?)",
        [(now, actor, ids[p[5]], ids[p[5]], "imported " + p[2],
          json.dumps({"name": p[2], "email": p[4], "title": p[6], "organization": p[7], "division": p[8]},
                     ensure_ascii=False)) for p in people])
conn.close()
"""


def google_book(rows: int, seed: int = 17) -> bytes:
    """A Google Contacts export of `rows` people, reproducibly."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        labels = "* myContacts" + (" ::: Customers" if n % 3 == 0 else "") + (" ::: * starred" if n % 11 == 0 else "")
        note = (
            f"Met at the {rng.choice(['Q3 offsite', 'user group', 'trade fair'])}.\nFollow up in spring."
            if n % 20 == 0
            else ""
        )
        cells = {
            "First Name": first,
            "Last Name": f"{last}{n}",
            "Organization Name": rng.choice(ORGS),
            "Organization Title": rng.choice(["Head of Sales", "CFO", "IT Director", "Account Manager", ""]),
            "Organization Department": rng.choice(DIVISIONS),
            "Notes": note,
            "Labels": labels,
            "E-mail 1 - Label": "* Work",
            "E-mail 1 - Value": f"{first.lower()}.{last.lower()}{n}@{rng.choice(DOMAINS)}".replace("'", ""),
            "Phone 1 - Label": "Mobile",
            "Phone 1 - Value": f"+44 7700 {n:06d}",
        }
        writer.writerow([cells.get(column, "") for column in HEADER])
    return out.getvalue().encode("utf-8")


def _stakeholders() -> list[str]:
    script = Path(sys.executable).with_name("stakeholders")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from stakeholders.cli import main; main()"]


def _run(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, NO_COLOR="1", STAKEHOLDERS_USER="bench"),
    )
    return time.perf_counter() - began


def empty_database(folder: Path) -> Path:
    """A migrated, empty stakeholders database, to be copied for each run."""
    from db.store import open_store

    path = folder / "empty.db"
    open_store(path).close()
    return path


def measures(
    rows: int = 50_000, repeat: int = 3, work: Path | None = None, log: Callable[[str], None] = lambda _: None
) -> list[Measure]:
    """Two rows — a new import and the same again — each beside the reference of the same runs."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = Path(tmp)
        book = folder / "google.csv"
        book.write_bytes(google_book(rows))
        empty = empty_database(folder)
        reference, new, again = [], [], []
        for run in range(repeat):  # interleaved: a machine that slows down slows both
            target = folder / f"ref-{run}.db"
            shutil.copy(empty, target)
            reference.append(_run([sys.executable, "-c", REFERENCE, str(book), str(target), "bench"]))
            target = folder / f"import-{run}.db"
            shutil.copy(empty, target)
            new.append(_run([*_stakeholders(), "--db", str(target), "import", str(book)]))
            again.append(_run([*_stakeholders(), "--db", str(target), "import", str(book)]))
            log(f"run {run + 1}: reference {reference[-1]:.2f} s, import {new[-1]:.2f} s, again {again[-1]:.2f} s")
    return [
        Measure(
            name=f"import address book {rows:,} rows ({label})",
            figure=statistics.median(samples),
            reference=statistics.median(reference),
            reference_name="csv + email-validator + sqlite3 executemany (a script)",
            target="≤ 3×",
            limit=3.0,
            samples=samples,
        )
        for label, samples in (("new", new), ("again, unchanged", again))
    ]


def day_measures(target: str, repeat: int) -> list[Measure]:
    """benchmarks/day.py's hook (IMPORT_HOOKS). The import goes into a fresh SQLite database of its own,
    not into `target`: 50,000 more people would change every other measure of the day."""
    del target
    return measures(50_000, max(1, repeat), log=lambda line: print(line, file=sys.stderr, flush=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args(argv)
    for m in measures(args.rows, args.repeat, args.work, log=lambda s: print(s, file=sys.stderr)):
        print(
            f"{m.name}: {m.figure:.2f} s; reference {m.reference:.2f} s; ratio {m.ratio:.2f}x "
            f"(target {m.target}: {'met' if m.met else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
