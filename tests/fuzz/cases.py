"""Seeded cases over every command and option, found by walking the click group (new commands included).

A case is an argument list (text, or bytes for the cases run as a real
process), an environment to overlay, and the command path it runs. Values
come from what each parameter's click type says it takes: choices, integers
(ASCII, non-ASCII, huge), paths (the database, its companions, its backups,
directories, FIFOs, good and malformed import files, dumps and backups) and
text (names from the demo story, dates, and hostile text: undecodable bytes,
control characters, markup, formula prefixes, very long strings).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import click

from stakeholders.cli import main

# Parameters a fuzzer must not set: `demo --open` starts the TUI (another helper's random-key test covers it).
SKIPPED_PARAMS = {("demo", "open_tui")}
# Parameters whose values reach the network: only addresses that fail at once, on this machine.
NETWORK_PARAMS = {"url"}
NETWORK_VALUES = [
    "",
    "not a url",
    "http://127.0.0.1:1/",
    "https://127.0.0.1:1/dav/",
    "file:///etc/passwd",
    "ftp://x",
    "http://[::1",
    "\udcff",
]

# Commands that fill only an empty database: often run on a new one.
FRESH_DATABASE = {"load", "demo"}
# Commands that never change a row (their success must leave every table as it was): `--dry-run` and `--help`
# make any command one of them. A command missing here is only checked when it fails.
READ_ONLY = {
    "list",
    "show",
    "history",
    "surprises",
    "brief",
    "calls",
    "export",
    "dump",
    "backup",
    "concern list",
    "followup list",
    "event list",
    "plan list",
    "plan show",
    "plan diff",
    "touchpoint list",
}

PEOPLE = [
    "Dana Reyes",
    "dana",
    "Priya Shah",
    "Tom Becker",
    "Sofia Lind",
    "Chris Morgan",
    "1",
    "2",
    "3",
    "11",
    "Dana",
    "lee@example.com",
    "tag:steering",
    "tag:nobody",
]
PLANS = ["CX programme", "cx PROGRAMME", "Ideas platform", "1", "Pricing"]
EVENTS = ["Steering committee", "Steering", "Ideas platform go/no-go", "1", "3", "4"]
DATES = [
    "now",
    "today",
    "tomorrow 15:00",
    "in 3 days",
    "2 weeks ago",
    "next friday",
    "2026-11-27",
    "Nov 27 9am",
    "27/11/2026",
    "2026-02-30",
    "in 99999999999 days",
    "9999-12-31",
    "0001-01-01",
    "24:00",
    "Feb 29",
    "2026-11-27T09:00:00+05:30",
    "in ٣ days",
    "in ³ days",
]
LEVELS = [
    "unaware",
    "resistant",
    "neutral",
    "supportive",
    "leading",
    "champion",
    "Dana Reyes=supportive",
    "Priya Shah=resistant",
]
HOSTILE = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    "\udcff",
    "Jos\udce9",
    "\udcc3\udca9",
    "\ud800",
    "①",
    "³",
    "٣",
    "１２",
    "²",
    "9" * 40,
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "+1",
    "@SUM(A1)",
    "'; DROP TABLE stakeholder; --",
    "\u202eevil",
    "名前",
    "🙂",
    "x" * 5000,
    "%s%n",
    "{name}",
    "../escape/passwd",  # a traversal that stays in the test's own temporary folder (as root, ../../etc/passwd was overwritten)
    "\\",
    "tag:",
    "=",
    "a=b=c",
    "\r\n",
    "\x1b[31mred",
    "\ufeffDana",
    "Ｄａｎａ",
    "\u200b",
    "ß@ü.de",
    "a@b",
    "-",
    "--",
    "--help",
]
INTEGERS = [
    "1",
    "2",
    "3",
    "0",
    "-1",
    "5",
    "400",
    str(2**31),
    str(2**63),
    "9" * 30,
    "①",
    "³",
    "٣",
    "１",
    "1.5",
    "",
    "x",
    " 2 ",
    "+3",
    "\udcff",
]


@dataclass
class Case:
    """One command line: `argv` after `--db DB`, the environment to overlay, what it runs."""

    command: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    db: str = "db.db"  # `fresh.db`: a new, empty database (load and demo fill only an empty one)
    asks_help: bool = False  # `--help` as an option (not as the value of one: `--summary --help`)

    @property
    def read_only(self) -> bool:
        # No value pool holds "--dry-run": in argv it is the flag.
        return self.command in READ_ONLY or self.asks_help or "--dry-run" in self.argv


def commands() -> dict[str, click.Command]:
    """Every command reachable from the group, by its path (`plan add`)."""
    found: dict[str, click.Command] = {}
    ctx = click.Context(main)

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                walk(command, [*prefix, name])
            elif command is not None:
                found[" ".join([*prefix, name])] = command

    walk(main, [])
    return found


class Paths:
    """The names of the files of one workspace (see tests/fuzz/harness.py), relative to it."""

    OUTPUTS = [
        "out.txt",
        "out.jsonl",
        "db.db",
        "db.db-wal",
        "db.db-shm",
        "db.db-journal",
        "db.db.backups",
        "listed.bak",
        "listed.jsonl",
        "adir",
        "fifo",
        "/dev/null",
        "",
        "-",
        "out\udcff.bak",
        "no/such/dir/x",
        "./db.db",
        "adir/../db.db",
        "link-to-db",
    ]
    INPUTS = [
        "in/people.csv",
        "in/latin1.csv",
        "in/contacts.vcf",
        "in/not_text.bin",
        "in/empty.csv",
        "in/google.csv",
        "in/good.jsonl",
        "in/latin1.jsonl",
        "in/array.jsonl",
        "in/list-value.jsonl",
        "in/bad-enum.jsonl",
        "in/int-time.jsonl",
        "in/no-header.jsonl",
        "in/huge-int.jsonl",
        "in/surrogate.jsonl",
        "in/unknown-column.jsonl",
        "in/good.bak",
        "in/newer.bak",
        "in/damaged.bak",
        "in/foreign.db",
        "in/empty.bak",
        "in/body.md",
        "in/odd\udcff.csv",
        "db.db",
        "listed.bak",
        "adir",
        "missing.csv",
        "",
        "in/meeting.ics",
    ]


class Generator:
    """Cases from one seed: the same seed gives the same cases, whatever machine."""

    def __init__(self, seed: int, *, only: Callable[[str], bool] | None = None) -> None:
        self.rng = random.Random(seed)
        self.commands = {name: command for name, command in commands().items() if only is None or only(name)}
        self.names = sorted(self.commands)

    def case(self, name: str | None = None) -> Case:
        """A case of command `name`, else of a command chosen at random."""
        rng = self.rng
        name = name or rng.choice(self.names)
        command = self.commands[name]
        argv = name.split()
        for param in command.params:
            if (name, param.name) in SKIPPED_PARAMS:
                continue
            if isinstance(param, click.Argument):
                count = rng.randint(1 if param.required else 0, 3) if param.nargs == -1 else 1
                if not param.required and param.nargs != -1 and rng.random() < 0.4:
                    count = 0
                if param.required and rng.random() < 0.03:
                    count = 0
                argv += [self.value(param, name) for _ in range(count)]
            elif isinstance(param, click.Option):
                wanted = 0.9 if param.required else 0.3
                repeats = rng.randint(1, 3) if param.multiple else 1
                for _ in range(repeats):
                    if rng.random() >= wanted:
                        break
                    flag = rng.choice(param.opts)
                    argv += [flag] if param.is_flag else [flag, self.value(param, name)]
        asks_help = rng.random() < 0.02
        if asks_help:
            argv.append("--help")
        if rng.random() < 0.03:  # an option no command has, or one twice
            argv.append(rng.choice(["--no-such-option", "--json", "--db", "-o"]))
        db = "fresh.db" if name in FRESH_DATABASE and rng.random() < 0.6 else "db.db"
        return Case(name, argv, self.environment(), db, asks_help)

    def value(self, param: click.Parameter, command: str) -> str:
        rng = self.rng
        kind = param.type
        if param.name in NETWORK_PARAMS:
            return rng.choice(NETWORK_VALUES)
        if rng.random() < 0.08:
            return rng.choice(HOSTILE)
        if isinstance(kind, click.Choice):
            return str(rng.choice(list(kind.choices)))
        if isinstance(kind, click.types.IntParamType):
            return rng.choice(INTEGERS)
        if isinstance(kind, click.Path):
            writes = not kind.exists and command not in ("import", "load", "restore")
            return rng.choice(Paths.OUTPUTS if writes else Paths.INPUTS)
        return self.text(param.name or "")

    def text(self, name: str) -> str:
        rng = self.rng
        pools = {
            "person": PEOPLE,
            "people": PEOPLE,
            "with_people": PEOPLE,
            "duplicate": PEOPLE,
            "survivor": PEOPLE,
            "add": PEOPLE,
            "remove": PEOPLE,
            "audience": PEOPLE,
            "remove_audience": PEOPLE,
            "args": PEOPLE,
            "plan": PLANS,
            "plan_name": PLANS,
            "plan_names": PLANS,
            "event_name": EVENTS,
            "name": PLANS + PEOPLE,
            "when": DATES,
            "due": DATES,
            "since": DATES,
            "until": DATES,
            "level": LEVELS,
            "stances": LEVELS,
            "stance": LEVELS,
            "stale_days": INTEGERS,
            "influence": INTEGERS,
            "interest": INTEGERS,
            "kind": ["meeting", "announcement", "decision", "party"],
            "channel": ["call", "meeting", "email", "chat", "pigeon"],
        }
        pool = pools.get(name)
        if pool is not None and rng.random() < 0.75:
            return rng.choice(pool)
        if rng.random() < 0.5:
            return rng.choice(HOSTILE)
        alphabet = "abc XYZ019=:@/-_.,;'\"\\\t\n\x00é名🙂\u202e\udcff①³٣"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))

    def environment(self) -> dict[str, str]:
        rng = self.rng
        if rng.random() < 0.85:
            return {}
        name, values = rng.choice(
            [
                ("TZ", [":/etc/passwd", "\udcff", "Nowhere/City", "UTC", "EST5EDT", "", "/dev/null", "../../x"]),
                ("STAKEHOLDERS_USER", ["\udcff", "", "x" * 500, "a\nb", "名前"]),
                ("STAKEHOLDERS_STALE_DAYS", ["³", "0", "-1", "9" * 30, "7", "\udcff", ""]),
                ("STAKEHOLDERS_DAYFIRST", ["maybe", "\udcff", "1", "yes"]),
                ("STAKEHOLDERS_SCREEN", ["map", "nowhere", "\udcff"]),
            ]
        )
        return {name: rng.choice(values)}

    def as_bytes(self, case: Case) -> list[bytes]:
        """The case's argv as a terminal in another encoding would send it: some words in Latin-1 or raw bytes."""
        out = []
        for word in case.argv:
            try:
                raw = word.encode("utf-8", "surrogateescape")  # '\udcff' is the byte 0xff it came from
            except UnicodeEncodeError:  # '\ud800' came from no byte: send its CESU-8 bytes, invalid UTF-8 too
                raw = word.encode("utf-8", "surrogatepass")
            if self.rng.random() < 0.3 and word not in case.command.split() and not word.startswith("-"):
                raw = self.rng.choice([word.encode("latin-1", "replace"), raw + b"\xff", b"\xe9" + raw, b"\xc3"])
            out.append(raw.replace(b"\x00", b""))  # exec cannot pass a NUL: a real argv never holds one
        return out
