"""Import parsing and validation (PRODUCT.md §5), on realistic sample files."""

import codecs
from pathlib import Path

import pytest

from stakeholders.formats.importing import (
    FIELDS,
    FORMATS,
    ImportFileError,
    ImportRow,
    ParsedFile,
    detect_format,
    parse_file,
)
from stakeholders.validation import email_problem

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(name: str, **kwargs) -> ParsedFile:
    return parse_file(read(name), filename=name, **kwargs)


def by_line(parsed: ParsedFile) -> dict[int, ImportRow]:
    return {row.line: row for row in parsed.rows}


def bad(parsed: ParsedFile) -> list[tuple[int, list[str]]]:
    return [(row.line, row.errors) for row in parsed.rows if row.errors]


def test_public_constants():
    assert FORMATS == ("csv", "outlook", "google", "linkedin", "thunderbird", "vcard")
    assert FIELDS == (
        "name",
        "email",
        "title",
        "organization",
        "division",
        "phone",
        "influence",
        "interest",
        "owner",
        "tags",
        "notes",
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain.csv", "csv"),
        ("plain_semicolon.csv", "csv"),
        ("latin1.csv", "csv"),
        ("custom_columns.csv", "csv"),
        ("outlook.csv", "outlook"),
        ("google.csv", "google"),
        ("google_legacy.csv", "google"),
        ("linkedin_connections.csv", "linkedin"),
        ("contacts.vcf", "vcard"),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(read(name), name) == expected
    assert detect_format(read(name)) == expected  # content alone is enough
    assert parse(name).format == expected


# --- plain CSV -------------------------------------------------------------


def test_plain_csv_with_bom_and_crlf():
    data = read("plain.csv")
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data
    rows = by_line(parse("plain.csv"))
    assert rows[2].fields == {
        "name": "Priya Natarajan",
        "email": "priya.natarajan@example.com",
        "title": "VP Customer Experience",
        "organization": "Northwind Retail",
        "phone": "+1 555 0101",
        "influence": 5,
        "interest": 4,
        "owner": "dana",
        "tags": ["cx-team", "division-leads"],
        "notes": "Prefers a call before anything lands in writing",
    }
    assert rows[2].errors == []
    # The e-mail is kept as written; tags split on ; and | as well as ,
    assert rows[3].fields["email"] == "Marcus.ONeill@Example.com"
    assert rows[3].fields["tags"] == ["cx-team", "support"]
    assert rows[9].fields["tags"] == ["division-leads", "emea"]


def test_plain_csv_bad_rows_have_their_lines_and_reasons():
    parsed = parse("plain.csv")
    assert bad(parsed) == [
        (4, ["influence 9 is not between 1 and 5"]),
        (5, ["no name"]),
        (9, ["malformed e-mail 'tomas.rivera@' (there must be something after the @-sign)"]),
    ]
    # The bad influence is not passed on; the rest of the row is.
    assert "influence" not in by_line(parsed)[4].fields
    assert by_line(parsed)[4].fields["interest"] == 2


def test_plain_csv_multiline_cell_and_empty_row():
    parsed = parse("plain.csv")
    # Aiko's notes span lines 6-7; line 8 is a row of empty cells, skipped.
    assert [row.line for row in parsed.rows] == [2, 3, 4, 5, 6, 9, 10]
    assert by_line(parsed)[6].fields["notes"] == ("Signs off the plan.\nWants the one-page summary, not the deck.")
    assert by_line(parsed)[10].fields == {
        "name": "Leo Grant",
        "email": "leo.grant@example.com",
        "title": "Store Manager",
        "organization": "Northwind Retail",
    }


def test_semicolon_delimited_with_first_and_last_name():
    rows = by_line(parse("plain_semicolon.csv"))
    assert rows[2].fields == {
        "name": "Ingrid Solberg",
        "email": "ingrid.solberg@example.no",
        "title": "Head of Procurement",
        "organization": "Contoso, Ltd",
        "influence": 4,
        "interest": 3,
        "tags": ["board", "steering"],
    }
    assert rows[3].errors == ["interest 'high' is not a whole number between 1 and 5"]
    assert rows[4].fields["name"] == "Chloé Lefèvre"
    assert rows[4].fields["organization"] == "Tailspin; Paris office"


def test_latin1_file():
    data = read("latin1.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = by_line(parse("latin1.csv"))
    assert rows[2].fields == {
        "name": "José Müller",
        "email": "jose.mueller@example.com",
        "organization": "Bäckerei Groß GmbH",
    }
    assert rows[3].fields["name"] == "Zoë Ångström"
    assert rows[3].fields["notes"] == "“Budget owner” – approves spend over €10k"


@pytest.mark.parametrize(
    "header",
    ["Full Name,E-mail,Organisation", "FULL_NAME,email_address,company", "full-name,Email Address,org"],
)
def test_headers_match_case_space_underscore_hyphen_insensitively(header):
    data = f"{header}\nAda Byron,ada@example.com,Analytical Engines\n".encode()
    (row,) = parse_file(data).rows
    assert row.fields == {"name": "Ada Byron", "email": "ada@example.com", "organization": "Analytical Engines"}


def test_tab_delimited_and_unknown_columns_ignored():
    data = b"Name\tFavourite Colour\tPosition\nAda Byron\tteal\tCountess\n"
    (row,) = parse_file(data).rows
    assert row.fields == {"name": "Ada Byron", "title": "Countess"}


def test_carriage_return_only_line_ends():
    data = b'Name,Email,Notes\rAda Byron,ada@example.com,"two\rlines"\rBo,bo@,\r'
    parsed = parse_file(data)
    assert parsed.format == "csv"
    assert [(row.line, row.fields, row.errors) for row in parsed.rows] == [
        (2, {"name": "Ada Byron", "email": "ada@example.com", "notes": "two\nlines"}, []),
        (4, {"name": "Bo", "email": "bo@"}, ["malformed e-mail 'bo@' (there must be something after the @-sign)"]),
    ]


def test_utf16_with_bom():
    text = "Name,Email\r\nZoë Ångström,zoe@example.se\r\n"
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), codecs.BOM_UTF16_BE + text.encode("utf-16-be")):
        (row,) = parse_file(data).rows
        assert row.line == 2
        assert row.fields == {"name": "Zoë Ångström", "email": "zoe@example.se"}


def test_header_only_file_has_no_rows():
    assert parse_file(b"Name,Email\n").rows == []


def test_scores_accept_whole_numbers_only():
    data = b"Name,Influence,Interest\nA,3.0,1\nB,0,5\nC,2.5,x\n"
    rows = parse_file(data).rows
    assert rows[0].fields == {"name": "A", "influence": 3, "interest": 1}
    assert rows[1].errors == ["influence 0 is not between 1 and 5"]
    assert rows[2].errors == [
        "influence '2.5' is not a whole number between 1 and 5",
        "interest 'x' is not a whole number between 1 and 5",
    ]


def test_a_row_can_have_several_errors():
    (row,) = parse_file(b"Name,Email,Influence\n,not an email,7\n").rows
    assert row.errors == [
        "no name",
        "malformed e-mail 'not an email' (an email address must have an @-sign)",
        "influence 7 is not between 1 and 5",
    ]


# --- Outlook ---------------------------------------------------------------


def test_outlook_export():
    parsed = parse("outlook.csv")
    assert parsed.format == "outlook"
    rows = by_line(parsed)
    # Elena's notes span two lines, so Raj starts on line 4.
    assert sorted(rows) == [2, 4, 5, 6]
    assert rows[2].fields == {
        "name": "Elena J. Marsh",
        "email": "elena.marsh@fabrikam.example.com",
        "title": "Chief Operating Officer",  # Job Title, not the honorific "Dr."
        "organization": "Fabrikam, Inc.",
        "division": "Operations",  # Department: the division inside the company (§5)
        "phone": "+1 (555) 010-2000",
        "tags": ["Steering Committee", "VIP"],
        "notes": "Met at the Q3 offsite.\nSkeptical about the CX reorg; wants numbers first.",
    }
    # No company: no organisation, the department still the division; no business phone: the mobile.
    assert "organization" not in rows[4].fields and rows[4].fields["division"] == "Procurement"
    assert rows[4].fields["phone"] == "+1 555 010 3000"
    # An Exchange (X.500) address is skipped for the next SMTP one.
    assert rows[5].fields["email"] == "sofia.lindqvist@contoso.example.com"
    assert rows[6].fields == {
        "name": "Ben Okoro",
        "email": "ben.okoro@northwind.example",
        "organization": "Northwind Traders",
    }
    assert bad(parsed) == []


def test_outlook_header_has_every_column():
    header = read("outlook.csv").split(b"\r\n", 1)[0].decode()
    assert header.count('","') + 1 == 92


# --- Google ----------------------------------------------------------------


def test_google_export():
    parsed = parse("google.csv")
    rows = by_line(parsed)
    assert rows[2].fields == {
        "name": "Amara Okafor",
        "email": "amara.okafor@tailspin.example.com",
        "title": "Head of Customer Care",
        "organization": "Tailspin Toys",
        "division": "Service",  # Organization Department
        "phone": "+1 555 0142",
        "tags": ["Board"],
        "notes": "Runs the Lagos and London contact centres.\nWorried about weekend staffing.",
    }
    # Amara's notes and address both span two lines: Mei starts on line 5.
    assert rows[5].fields["tags"] == ["Finance", "Steering Committee"]
    assert rows[7].fields["name"] == "Jonas K. Weber"
    assert rows[7].fields["email"] == "jonas.weber@proseware.example.de"  # E-mail 2 when 1 is empty
    assert rows[7].fields["phone"] == "+49 30 5550 1234"
    assert "tags" not in rows[7].fields  # only "* myContacts"
    assert bad(parsed) == [(6, ["no name"])]  # a company-only contact


def test_google_legacy_export():
    parsed = parse("google_legacy.csv")
    rows = by_line(parsed)
    assert rows[2].fields == {
        "name": "Grace Adeyemi",
        "email": "grace.adeyemi@example.org",
        "title": "Chief People Officer",
        "organization": "Adatum Corporation",
        "phone": "+234 1 555 0199",
        "tags": ["Partners"],  # "* myContacts" and "* Friends" are Google's system groups
    }
    assert rows[3].fields == {
        "name": "Oskar M. Nilsson",
        "email": "oskar.nilsson@example.se",
        "division": "Logistics",  # Organization 1 - Department, with no company
        "notes": "Ask about the warehouse pilot",
    }


# --- LinkedIn --------------------------------------------------------------


def test_linkedin_connections_after_preamble():
    parsed = parse("linkedin_connections.csv")
    rows = by_line(parsed)
    # Preamble on lines 1-3, header on line 4: physical line numbers kept.
    assert sorted(rows) == [5, 6, 7, 8, 9]
    assert rows[5].fields == {
        "name": "Nadia Haddad",
        "title": "Director of Partnerships",
        "organization": "Adventure Works, LLC",
        "notes": "Connected on 2024-03-12",
    }
    assert rows[6].fields["email"] == "tom.fischer@example.com"
    assert rows[7].fields["name"] == "Sarah Kim, CPA"
    assert rows[7].fields["title"] == "VP, Customer Success"
    assert rows[9].fields["notes"] == "Connected on 2019-07-07"
    assert bad(parsed) == [(8, ["no name"])]


def test_linkedin_without_preamble():
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ada,Byron,,,Engines,Countess,1 Feb 2020\n"
    )
    parsed = parse_file(data)
    assert parsed.format == "linkedin"
    assert parsed.rows[0].line == 2
    assert parsed.rows[0].fields["notes"] == "Connected on 2020-02-01"


# --- vCard -----------------------------------------------------------------


def test_vcard_cards():
    parsed = parse("contacts.vcf")
    rows = by_line(parsed)
    assert sorted(rows) == [1, 13, 23]  # the BEGIN:VCARD lines
    assert rows[1].fields == {
        "name": "Claire Dubois",
        "email": "claire.dubois@fabrikam.example.com",  # the work address
        "title": "Marketing Director",
        "organization": "Fabrikam, Inc.",
        "division": "Marketing",  # ORG's second component
        "phone": "+33 1 23 45 67 89",
        "tags": ["steering", "emea"],
        "notes": "Prefers French for informal chats.",
    }
    assert rows[13].fields == {
        "name": "Søren Østergaard",
        "email": "soren.ostergaard@contoso.example.com",  # PREF=1 wins
        "title": "Head of Data",
        "organization": "Contoso Ltd",
        "phone": "+45-3312-3456",
    }
    assert bad(parsed) == []


def test_vcard_folded_lines_escapes_and_n_fallback():
    row = by_line(parse("contacts.vcf"))[23]
    assert row.fields == {
        "name": "Yūko Nakamura",  # no FN: from N
        "email": "yuko.nakamura@tailspin.example.com",
        "title": "Senior Manager, Customer Care",
        "division": "Customer Care",  # ORG with an empty company: the department alone
        "phone": "+81 90 1234 5678",
        "tags": ["cx-team", "division-leads"],
        "notes": "Met at the Tokyo offsite.\nAsked for the rollout timeline; follow up with the revised deck, please.",
    }


def test_vcard_21_style_parameters_and_bad_card():
    data = (
        b"BEGIN:VCARD\nVERSION:2.1\nN:Byron;Ada\nEMAIL;HOME;INTERNET:ada@home.example\n"
        b"EMAIL;WORK;INTERNET:ada@work.example\nEND:VCARD\n"
        b"BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"
        b"BEGIN:VCARD\nVERSION:3.0\nEMAIL:nobody@\nEND:VCARD\n"
    )
    parsed = parse_file(data)
    assert parsed.format == "vcard"
    assert [(r.line, r.fields, r.errors) for r in parsed.rows] == [
        (1, {"name": "Ada Byron", "email": "ada@work.example"}, []),
        (7, {}, ["empty card: no name, e-mail or other field to import"]),  # reported, not dropped (§5)
        (
            10,
            {"email": "nobody@"},
            ["no name", "malformed e-mail 'nobody@' (there must be something after the @-sign)"],
        ),
    ]


def test_vcf_name_without_begin_is_refused():
    with pytest.raises(ImportFileError, match="BEGIN:VCARD"):
        parse_file(b"Name,Email\nAda,ada@example.com\n", filename="contacts.vcf")
    assert detect_format(b"Name,Email\nAda,ada@example.com\n", "contacts.vcf") == "vcard"


# --- files refused as a whole ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty.csv is empty"),
        ("not_text.bin", "not_text.bin is not a text file"),
        ("no_header.csv", "no_header.csv has no recognisable header"),
    ],
)
def test_refused_files(name, message):
    with pytest.raises(ImportFileError, match=message) as caught:
        parse(name)
    assert "\n" not in str(caught.value)
    if name != "no_header.csv":
        with pytest.raises(ImportFileError):
            detect_format(read(name), name)


@pytest.mark.parametrize(
    "data",
    [b"  \r\n\t\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n", bytes(range(1, 32)) * 20 + b"\x80\x81\x8d" * 50],
)
def test_whitespace_only_and_binary_without_nuls(data):
    with pytest.raises(ImportFileError):
        parse_file(data)


def test_explicit_format_on_the_wrong_file():
    with pytest.raises(ImportFileError, match="BEGIN:VCARD"):
        parse("plain.csv", format="vcard")
    with pytest.raises(ImportFileError, match="no recognisable header"):
        parse("contacts.vcf", format="csv")
    with pytest.raises(ImportFileError, match="unknown format 'xlsx'"):
        parse("plain.csv", format="xlsx")


def test_explicit_format_matches_auto():
    assert parse("outlook.csv", format="outlook") == parse("outlook.csv")
    assert parse("linkedin_connections.csv", format="linkedin") == parse("linkedin_connections.csv")


# --- --map -----------------------------------------------------------------


def test_map_columns():
    mapping = {"Full Name": "name", "contact e-mail": "email", "Team": "tags", "X": "ignore", "CLOUT": "influence"}
    parsed = parse("custom_columns.csv", mapping=mapping)
    assert [(r.line, r.fields, r.errors) for r in parsed.rows] == [
        (
            2,
            {
                "name": "Ruth Abebe",
                "email": "ruth.abebe@example.com",
                "influence": 4,
                "tags": ["cx-team"],
                "notes": "Knows everyone in support",
            },
            [],
        ),
        (
            3,
            {"name": "Diego Santos", "email": "diego.santos@example.com", "influence": 2, "tags": ["finance", "board"]},
            [],
        ),
    ]


def test_without_map_unknown_columns_are_ignored():
    rows = parse("custom_columns.csv").rows
    assert rows[1].fields == {"name": "Diego Santos"}


def test_map_ignore_drops_a_recognised_column():
    rows = parse("custom_columns.csv", mapping={"Notes": "ignore"}).rows
    assert rows[0].fields == {"name": "Ruth Abebe"}


def test_map_makes_a_header_recognisable():
    data = b"Kontakt,Mail\nAda Byron,ada@example.com\n"
    with pytest.raises(ImportFileError, match="--map COLUMN=name"):
        parse_file(data)
    (row,) = parse_file(data, mapping={"Kontakt": "name", "Mail": "email"}).rows
    assert row.fields == {"name": "Ada Byron", "email": "ada@example.com"}


def test_map_onto_a_specialised_format():
    rows = by_line(parse("outlook.csv", mapping={"User 1": "owner", "Company": "ignore"}))
    assert "organization" not in rows[6].fields  # Ben only had a company
    assert rows[4].fields["division"] == "Procurement"


def test_map_unknown_field_is_refused():
    with pytest.raises(ImportFileError, match="unknown field 'rank'") as caught:
        parse("custom_columns.csv", mapping={"Clout": "rank"})
    assert "influence" in str(caught.value)  # says what would work
    with pytest.raises(ImportFileError, match="unknown field"):
        parse("contacts.vcf", mapping={"X": "rank"})


def test_map_unknown_column_and_vcard_are_refused():
    with pytest.raises(ImportFileError, match="no column 'Squad'"):
        parse("custom_columns.csv", mapping={"Squad": "tags"})
    with pytest.raises(ImportFileError, match="--map applies to CSV files"):
        parse("contacts.vcf", mapping={"NOTE": "notes"})


# --- validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("ada@example.com", True),
        ("Ada.Byron+cx@mail.example.co.uk", True),
        ("zoë@exämple.se", True),
        ("bob@", False),
        ("@example.com", False),
        ("bob@example", False),
        ("bob@@example.com", False),
        ("bob@exa mple.com", False),
        ("bob@example..com", False),
        ("bob@.example.com", False),
        ("Bob <bob@example.com>", False),
        ("a@b@example.com", False),
        ("bob@-example.com", False),
        # §5: reserved and special-use domains that company addresses use are accepted…
        ("ops@corp.invalid", True),
        ("build@ci.test", True),
        ("dana@hq.local", True),
        ("sam@sales.example", True),
        ("it@corp.internal", True),
        # …but the domain needs a dot, and an IP address is no domain: refused alike.
        ("email@localhost", False),
        ("snail@127.0.0.1", False),
        ("snail@[127.0.0.1]", False),
        ("tor@hidden.onion", False),
    ],
)
def test_email_check(address, valid):
    assert (email_problem(address) is None) is valid


def test_names_are_stripped_and_collapsed():
    (row,) = parse_file(b'Name,Email\n"  Ada   Byron ", ada@example.com \n').rows
    assert row.fields == {"name": "Ada Byron", "email": "ada@example.com"}


# --- address books as they really are (§5) -----------------------------------


def test_vcard_21_android_quoted_printable_with_soft_line_breaks():
    parsed = parse("vcard21_android_qp.vcf")
    assert parsed.format == "vcard"
    rows = by_line(parsed)
    assert rows[1].fields == {
        "name": "Jürgen Müller",  # =C3=BC is ü: nothing stored still encoded
        "email": "juergen.mueller@grosshandel.example",
        "title": "Leiter Vertrieb",
        "organization": "Großhandel Süd AG",
        "division": "Vertrieb Deutschland Südwest",  # ORG's 2nd component, across a soft line break
        "phone": "+49 170 1234567",
        # A soft break splitting ü's two bytes; =0D=0A a real line break.
        "notes": "Bevorzugt Anrufe vor 10 Uhr. Fragt nach der Roadmap für das CX-Programm.\nZweite Zeile: äöüß.",
    }
    assert rows[13].fields["name"] == "Zofia Łukasiewicz"
    assert rows[13].fields["email"] == "zofia.lukasiewicz@hq.local"  # PREF wins; .local accepted
    assert bad(parsed) == []


def test_vcard_21_charsets_and_8bit_values_card_by_card():
    rows = by_line(parse("vcard21_outlook_8bit.vcf"))
    # CHARSET=Windows-1252, and a quoted-printable note in windows-1252 (=80 is €).
    assert rows[1].fields["name"] == "René Dubois"
    assert (rows[1].fields["organization"], rows[1].fields["division"]) == ("Société Générale", "Direction financière")
    assert rows[1].fields["notes"] == "Préfère le français € l'oral.\nDeuxième ligne."
    # No CHARSET: 8-bit bytes that are not UTF-8 are windows-1252…
    assert (rows[14].fields["name"], rows[14].fields["division"]) == ("Björn Åström", "Försäljning")
    # …and the next card's UTF-8 is still UTF-8.
    assert (rows[21].fields["name"], rows[21].fields["division"]) == ("Lucía Ibáñez", "Atención al cliente")


@pytest.mark.parametrize(
    ("value", "charset", "expected"),
    [
        (b"M=FCller", "iso-8859-1", "Müller"),
        (b"=A4", "iso-8859-15", "€"),
        (b"=B3=F3d=BC", "iso-8859-2", "łódź"),
        (b"M=C3=BCller", None, "Müller"),  # no charset: UTF-8 when it decodes
        (b"M=FCller", None, "Müller"),  # else windows-1252
        (b"caf=\n=C3=A9", "utf-8", "café"),  # a soft line break
    ],
)
def test_quoted_printable_values_in_their_charset(value, charset, expected):
    from stakeholders.formats.importing.vcard import decode_value

    assert decode_value(value, charset, quoted_printable=True, unicode_file=False) == expected


def test_vcard_utf16_file_with_an_empty_card_and_a_name_with_a_suffix():
    parsed = parse("vcard30_utf16.vcf")
    rows = by_line(parsed)
    assert rows[1].fields["name"] == "Yūko Nakamura"  # FN "Nakamura, Yūko", N's family name Nakamura
    assert rows[1].fields["division"] == "カスタマーケア"
    assert rows[9].errors == ["empty card: no name, e-mail or other field to import"]
    assert rows[12].fields["name"] == "Dr. John Q. Public, III"  # stays as written


def test_an_empty_card_is_reported_with_its_line():
    parsed = parse("vcard30_empty_card.vcf")
    assert [(r.line, r.errors) for r in parsed.rows] == [
        (1, []),
        (9, ["empty card: no name, e-mail or other field to import"]),
        (15, []),
    ]
    assert by_line(parsed)[1].fields["division"] == "Partnerships"


def test_thunderbird_export_is_detected_and_read():
    parsed = parse("thunderbird.csv")
    assert parsed.format == "thunderbird"
    assert detect_format(read("thunderbird.csv")) == "thunderbird"
    rows = by_line(parsed)
    assert rows[2].fields == {
        "name": "Mei Chen",  # Display Name "Chen, Mei" with Last Name Chen
        "email": "mei.chen@woodgrove.example",
        "title": "Regional Finance Director",
        "organization": "Woodgrove Bank",
        "division": "Finance APAC",
        "phone": "+65 6555 0100",
        "notes": "Owns the APAC budget",
    }
    assert rows[3].fields["email"] == "carlos.mendes@contoso.example"  # Secondary Email when Primary is empty
    assert rows[4].fields["email"] == "ops@corp.invalid"  # a reserved domain is accepted
    assert rows[5].errors and "nobody@localhost" in rows[5].errors[0]


def test_old_style_google_export_groups_names_and_department():
    rows = by_line(parse("google_old_style.csv"))
    assert rows[2].fields["name"] == "Amara Okafor"  # "Okafor, Amara" with Family Name Okafor
    assert rows[2].fields["tags"] == ["Customers"]  # not * My Contacts, not * Starred
    assert (rows[2].fields["organization"], rows[2].fields["division"]) == ("Tailspin Toys", "Customer Care EMEA")
    assert rows[3].fields["name"] == "Dr. John Q. Public, III"
    assert "tags" not in rows[3].fields  # * myContacts, * starred, * Coworkers: all system groups
    assert rows[4].fields["name"] == "Weber, Jonas"  # Weber is not this row's family name (Schmidt)


@pytest.mark.parametrize(
    "cell",
    ["* myContacts", "* My Contacts", "* starred", "* Starred", "* Friends ::: * Family", "myContacts ::: starred"],
)
def test_google_system_groups_are_not_tags(cell):
    from stakeholders.formats.importing.google import labels_to_tags

    assert labels_to_tags(cell + " ::: Steering") == ["Steering"]


def test_outlook_department_is_the_division_and_company_the_organization():
    rows = by_line(parse("outlook_department.csv"))
    assert (rows[2].fields["organization"], rows[2].fields["division"]) == ("Fabrikam, Inc.", "Sales APAC")
    assert "organization" not in rows[3].fields and rows[3].fields["division"] == "IT"
    assert rows[4].fields["email"] == "priya.natarajan@northwind.example"  # the X.500 address skipped


@pytest.mark.parametrize(
    ("name", "last", "expected"),
    [
        ("Public, John", "Public", "John Public"),
        ("  public ,  John Q. ", "Public", "John Q. public"),  # compared in any case, kept as written
        ("Dr. John Q. Public, III", "Public", "Dr. John Q. Public, III"),
        ("Public, John", "", "Public, John"),  # no last-name field: nothing to compare
        ("Acme, Inc.", "Smith", "Acme, Inc."),
        ("Public, John, Jr.", "Public", "Public, John, Jr."),
        ("John Public", "Public", "John Public"),
    ],
)
def test_last_comma_first_only_when_before_the_comma_is_the_last_name(name, last, expected):
    from stakeholders.formats.importing.csv_plain import natural_order

    assert natural_order(name, last) == expected


def test_plain_csv_department_column_is_the_division():
    (row,) = parse_file(b'Name,Last Name,Company,Department\n"Reyes, Dana",Reyes,Acme,Sales EMEA\n').rows
    assert row.fields == {"name": "Dana Reyes", "organization": "Acme", "division": "Sales EMEA"}


def test_linkedin_two_people_of_one_name_are_two_rows():
    rows = by_line(parse("linkedin_same_name.csv"))
    assert [(r.fields["name"], r.fields["organization"]) for r in rows.values()] == [
        ("Alex Kim", "Contoso"),
        ("Maria Rossi", "Fabrikam"),
        ("Alex Kim", "Woodgrove Bank, N.A."),
    ]
