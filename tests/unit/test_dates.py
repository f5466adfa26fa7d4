"""parse_when and friends (PRODUCT.md §4, dates). Every expectation is worked
out by hand from a fixed `now`; results are compared in UTC."""

from datetime import UTC, datetime, timedelta

import pytest
from dateutil import tz as du_tz

from stakeholders.dates import DateError, format_local, local_tz, parse_when, to_local
from stakeholders.errors import InputError

LONDON = du_tz.gettz("Europe/London")
NEW_YORK = du_tz.gettz("America/New_York")
# Sunday 22 Nov 2026, 10:17 in London (GMT, so also 10:17 UTC).
NOW = datetime(2026, 11, 22, 10, 17, tzinfo=LONDON)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def london(text, purpose="event", **kw):
    return parse_when(text, purpose=purpose, now=NOW, tz=LONDON, **kw)


# (text, purpose, expected UTC). In November London is on GMT (= UTC).
LONDON_CASES = [
    # relative words, default times: 09:00 for event/due, now (10:17) for log
    ("now", "event", utc(2026, 11, 22, 10, 17)),
    ("now", "log", utc(2026, 11, 22, 10, 17)),
    ("today", "event", utc(2026, 11, 22, 9, 0)),
    ("today", "due", utc(2026, 11, 22, 9, 0)),
    ("today", "log", utc(2026, 11, 22, 10, 17)),
    ("yesterday", "log", utc(2026, 11, 21, 10, 17)),
    ("yesterday", "event", utc(2026, 11, 21, 9, 0)),
    ("tomorrow", "due", utc(2026, 11, 23, 9, 0)),
    ("tomorrow", "log", utc(2026, 11, 23, 10, 17)),
    ("tomorrow 15:00", "event", utc(2026, 11, 23, 15, 0)),
    ("tomorrow 15:00", "log", utc(2026, 11, 23, 15, 0)),
    ("tomorrow at 3pm", "event", utc(2026, 11, 23, 15, 0)),
    ("today 2pm", "log", utc(2026, 11, 22, 14, 0)),
    ("today 12am", "log", utc(2026, 11, 22, 0, 0)),
    ("today 12pm", "log", utc(2026, 11, 22, 12, 0)),
    ("today 9:45:30", "log", utc(2026, 11, 22, 9, 45, 30)),
    ("in 3 days", "event", utc(2026, 11, 25, 9, 0)),
    ("in 3 days", "log", utc(2026, 11, 25, 10, 17)),
    ("in 1 day", "due", utc(2026, 11, 23, 9, 0)),
    ("in 2 weeks", "due", utc(2026, 12, 6, 9, 0)),
    ("in 1 week at 16:30", "event", utc(2026, 11, 29, 16, 30)),
    ("in 3 days 15:00", "event", utc(2026, 11, 25, 15, 0)),
    ("in 1 hour", "event", utc(2026, 11, 22, 11, 17)),
    ("in 3 hours", "log", utc(2026, 11, 22, 13, 17)),
    ("in 45 minutes", "event", utc(2026, 11, 22, 11, 2)),
    ("in 1 minute", "event", utc(2026, 11, 22, 10, 18)),
    ("2 hours ago", "log", utc(2026, 11, 22, 8, 17)),
    ("30 minutes ago", "log", utc(2026, 11, 22, 9, 47)),
    ("1 day ago", "log", utc(2026, 11, 21, 10, 17)),
    ("3 days ago", "log", utc(2026, 11, 19, 10, 17)),
    ("3 days ago", "event", utc(2026, 11, 19, 9, 0)),
    ("2 weeks ago", "log", utc(2026, 11, 8, 10, 17)),
    ("1 week ago 9am", "log", utc(2026, 11, 15, 9, 0)),
    # weekdays; today is a Sunday
    ("next friday", "event", utc(2026, 11, 27, 9, 0)),
    ("next friday", "log", utc(2026, 11, 27, 10, 17)),
    ("last friday", "log", utc(2026, 11, 20, 10, 17)),
    ("last friday", "event", utc(2026, 11, 20, 9, 0)),
    ("next monday 10:30", "event", utc(2026, 11, 23, 10, 30)),
    ("next sunday", "event", utc(2026, 11, 29, 9, 0)),  # never today
    ("last sunday", "log", utc(2026, 11, 15, 10, 17)),  # never today
    ("friday", "log", utc(2026, 11, 20, 10, 17)),  # log: on or before today
    ("friday", "event", utc(2026, 11, 27, 9, 0)),  # elsewhere: on or after today
    ("friday", "due", utc(2026, 11, 27, 9, 0)),
    ("fri", "log", utc(2026, 11, 20, 10, 17)),
    ("friday 9am", "event", utc(2026, 11, 27, 9, 0)),
    ("fri 9am", "log", utc(2026, 11, 20, 9, 0)),
    ("saturday", "log", utc(2026, 11, 21, 10, 17)),
    ("monday", "event", utc(2026, 11, 23, 9, 0)),
    ("sunday", "log", utc(2026, 11, 22, 10, 17)),  # today is Sunday: today
    ("sunday", "event", utc(2026, 11, 22, 9, 0)),
    ("sun 2pm", "event", utc(2026, 11, 22, 14, 0)),
    # case and extra spaces
    ("  Next   FRIDAY   9AM ", "event", utc(2026, 11, 27, 9, 0)),
    ("TOMORROW  At  3PM", "event", utc(2026, 11, 23, 15, 0)),
    ("In 3 Days", "event", utc(2026, 11, 25, 9, 0)),
    ("NOW", "log", utc(2026, 11, 22, 10, 17)),
    # ISO 8601
    ("2026-11-27", "event", utc(2026, 11, 27, 9, 0)),
    ("2026-11-27", "log", utc(2026, 11, 27, 10, 17)),
    ("2026-11-27 09:00", "log", utc(2026, 11, 27, 9, 0)),
    ("2026-11-27T14:05:09", "event", utc(2026, 11, 27, 14, 5, 9)),
    ("2026-11-27T09:00Z", "event", utc(2026, 11, 27, 9, 0)),
    ("2026-11-27T09:00:00+01:00", "event", utc(2026, 11, 27, 8, 0)),
    ("2026-11-27T09:00-05:00", "log", utc(2026, 11, 27, 14, 0)),
    ("2026-11-27 9am", "event", utc(2026, 11, 27, 9, 0)),
    ("2026-07-01 09:00", "event", utc(2026, 7, 1, 8, 0)),  # BST: local 09:00 = 08:00 UTC
    # common forms
    ("Nov 27 9am", "event", utc(2026, 11, 27, 9, 0)),
    ("Nov 27 9am", "log", utc(2026, 11, 27, 9, 0)),
    ("nov 27 at 9:30 pm", "event", utc(2026, 11, 27, 21, 30)),
    ("27 Nov 2026 14:30", "event", utc(2026, 11, 27, 14, 30)),
    ("November 27, 2026", "event", utc(2026, 11, 27, 9, 0)),
    ("November 27, 2026", "log", utc(2026, 11, 27, 10, 17)),
    ("27th November 2026", "due", utc(2026, 11, 27, 9, 0)),
    ("Fri Nov 27 2026", "event", utc(2026, 11, 27, 9, 0)),
    ("Friday, 27 November 2026 16:00", "event", utc(2026, 11, 27, 16, 0)),
    ("Nov 27", "event", utc(2026, 11, 27, 9, 0)),
    ("Nov 27", "log", utc(2026, 11, 27, 10, 17)),
    ("Nov 27 2027", "event", utc(2027, 11, 27, 9, 0)),
    # a date without a year: the nearest one (forward and back)
    ("Jan 3", "event", utc(2027, 1, 3, 9, 0)),
    ("Nov 20", "event", utc(2026, 11, 20, 9, 0)),
    ("Jun 1", "event", utc(2026, 6, 1, 8, 0)),  # 174 days back < 191 ahead; BST
    ("May 22", "event", utc(2027, 5, 22, 8, 0)),  # 181 ahead < 184 back
    ("May 25", "event", utc(2026, 5, 25, 8, 0)),  # 181 back < 184 ahead
    ("Dec 31 23:00", "event", utc(2026, 12, 31, 23, 0)),
    ("Feb 29", "event", utc(2028, 2, 29, 9, 0)),  # nearest leap year
    # numeric, month-first by default
    ("11/27/2026", "event", utc(2026, 11, 27, 9, 0)),
    ("11/27/2026 14:30", "event", utc(2026, 11, 27, 14, 30)),
    ("03/04/2026", "event", utc(2026, 3, 4, 9, 0)),
    ("11/27", "event", utc(2026, 11, 27, 9, 0)),
    ("1/3", "event", utc(2027, 1, 3, 9, 0)),
    ("2026/11/27", "event", utc(2026, 11, 27, 9, 0)),
]


@pytest.mark.parametrize("text,purpose,expected", LONDON_CASES)
def test_london(text, purpose, expected):
    got = london(text, purpose)
    assert got == expected
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)


DAYFIRST_CASES = [
    ("27/11/2026", utc(2026, 11, 27, 9, 0)),
    ("27.11.2026 14:30", utc(2026, 11, 27, 14, 30)),
    ("27-11-2026", utc(2026, 11, 27, 9, 0)),
    ("03/04/2026", utc(2026, 4, 3, 8, 0)),  # 3 April, BST
    ("3/1", utc(2027, 1, 3, 9, 0)),  # nearest 3 January
    ("2026/11/27", utc(2026, 11, 27, 9, 0)),  # year-first is never ambiguous
    ("Nov 27 9am", utc(2026, 11, 27, 9, 0)),
]


@pytest.mark.parametrize("text,expected", DAYFIRST_CASES)
def test_dayfirst(text, expected):
    assert london(text, dayfirst=True) == expected


def test_dayfirst_off_refuses_day_first_and_says_how():
    with pytest.raises(DateError, match="no month 27.*--dayfirst"):
        london("27/11/2026")
    with pytest.raises(DateError, match="no month 27"):
        london("11/27/2026", dayfirst=True)


def test_nearest_year_backwards_in_january():
    now = datetime(2027, 1, 5, 8, 0, tzinfo=LONDON)
    assert parse_when("Dec 20", purpose="event", now=now, tz=LONDON) == utc(2026, 12, 20, 9, 0)
    assert parse_when("Jan 2", purpose="log", now=now, tz=LONDON) == utc(2027, 1, 2, 8, 0)


# New York: DST ends Sun 1 Nov 2026 02:00 (EDT -4 -> EST -5) and starts
# Sun 14 Mar 2027 02:00 (EST -5 -> EDT -4). `now` is Sat 31 Oct 2026 10:00 EDT.
NY_NOW = datetime(2026, 10, 31, 10, 0, tzinfo=NEW_YORK)
NY_CASES = [
    ("now", "log", utc(2026, 10, 31, 14, 0)),
    ("tomorrow", "event", utc(2026, 11, 1, 14, 0)),  # 09:00 EST
    ("tomorrow", "log", utc(2026, 11, 1, 15, 0)),  # 10:00 EST: same wall time
    ("in 2 days", "log", utc(2026, 11, 2, 15, 0)),
    ("in 24 hours", "log", utc(2026, 11, 1, 14, 0)),  # exact span: 09:00 EST
    ("yesterday 9am", "log", utc(2026, 10, 30, 13, 0)),  # still EDT
    ("next sunday", "event", utc(2026, 11, 1, 14, 0)),
    ("saturday", "log", utc(2026, 10, 31, 14, 0)),  # today is Saturday
    ("saturday", "event", utc(2026, 10, 31, 13, 0)),
    ("next saturday", "event", utc(2026, 11, 7, 14, 0)),
    ("last saturday", "event", utc(2026, 10, 24, 13, 0)),
    ("2026-11-27 09:00", "event", utc(2026, 11, 27, 14, 0)),  # naive = local
    ("2026-11-27T09:00+01:00", "event", utc(2026, 11, 27, 8, 0)),  # offset wins
    ("Nov 1 2026 1:30am", "event", utc(2026, 11, 1, 5, 30)),  # repeated hour: first (EDT)
    ("Mar 14 2027 2:30am", "event", utc(2027, 3, 14, 7, 30)),  # skipped: 03:30 EDT
    ("2027-03-14 02:30", "event", utc(2027, 3, 14, 7, 30)),
    ("Mar 14", "event", utc(2027, 3, 14, 13, 0)),  # nearest; 09:00 EDT
]


@pytest.mark.parametrize("text,purpose,expected", NY_CASES)
def test_new_york_across_dst(text, purpose, expected):
    got = parse_when(text, purpose=purpose, now=NY_NOW, tz=NEW_YORK)
    assert got == expected
    assert got.utcoffset() == timedelta(0)


BAD = [
    "",
    "   ",
    "tomorrow banana",
    "next",
    "last",
    "in days",
    "32 Nov",
    "Nov 31",
    "2026-13-01",
    "2026-02-30",
    "2026-11-27 banana",
    "friday 25:00",
    "tomorrow 24:00",
    "yesterday 13pm",
    "today 0am",
    "tomorrow 9",
    "5",
    "2026",
    "November",
    "Nov 2026",
    "9am",
    "15:00",
    "now 15:00",
    "now banana",
    "in 3 hours 15:00",
    "Nov 27 9",
    "Nov 27 26",
    "nov 27 9.30am",
    "next week",
    "last month",
    "this friday",
    "friday friday",
    "fri nov",
    "Mon Nov 27 2026",
    "Nov 27 9am EST",
    "in 3 fortnights",
    "in -3 days",
    "3 days",
    "a day ago",
    "in 999999999 weeks",
    "27/11/2026",
    "11/27/26",
    "11/27/2026 banana",
    "12/27/2026/1",
    "1.5 hours ago",
    "banana",
    "Nov 27 9am 10am",
    "noon",
    "11/27/0000",
    "11/32/2026",
    "2026/02/30",
    "13/1",
    "Nov 27 0000",
]


@pytest.mark.parametrize("text", BAD)
def test_errors(text):
    with pytest.raises(DateError) as info:
        london(text)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("cannot read date '")
    assert "write it like" in message


def test_error_message_shape_and_type():
    with pytest.raises(DateError) as info:
        london("tomorrow banana")
    assert str(info.value) == (
        "cannot read date 'tomorrow banana': write it like 2026-11-27 09:00, "
        "'Nov 27 9am', 'tomorrow 15:00' or 'in 3 days'"
    )
    assert isinstance(info.value, ValueError) and isinstance(info.value, InputError)
    assert info.value.exit_code == 2


def test_error_message_is_one_line_even_for_multiline_input():
    with pytest.raises(DateError) as info:
        london("tomorrow\nbanana")
    assert "\n" not in str(info.value)


def test_now_defaults_to_current_time_and_is_utc():
    before = datetime.now(UTC)
    got = parse_when("now", purpose="log", tz=LONDON)
    assert before <= got <= datetime.now(UTC)
    assert got.utcoffset() == timedelta(0)


def test_naive_now_is_taken_in_tz():
    naive = datetime(2026, 11, 22, 10, 17)
    assert parse_when("today", purpose="log", now=naive, tz=NEW_YORK) == utc(2026, 11, 22, 15, 17)


def test_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_when("today", purpose="lunch", now=NOW, tz=LONDON)  # type: ignore[arg-type]


def test_to_local_and_format_local():
    dt = utc(2026, 11, 24, 9, 0)
    assert format_local(dt, LONDON) == "2026-11-24 09:00"
    assert format_local(dt, NEW_YORK) == "2026-11-24 04:00"
    assert format_local(utc(2026, 7, 1, 8, 0), LONDON) == "2026-07-01 09:00"
    assert format_local(None, LONDON) == ""
    local = to_local(dt, NEW_YORK)
    assert local == dt and local.utcoffset() == timedelta(hours=-5)
    assert to_local(datetime(2026, 11, 24, 9, 0), LONDON) == dt  # naive = stored UTC


def test_local_tz_honours_tz_env(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_tz().utcoffset(datetime(2026, 1, 15)) == timedelta(hours=-5)
    assert format_local(utc(2026, 1, 15, 12, 0)) == "2026-01-15 07:00"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    got = parse_when("2026-11-27 09:00", purpose="event")  # tz defaults to local_tz()
    assert got == utc(2026, 11, 27, 0, 0)


def test_local_tz_falls_back_when_tz_unset_or_unknown(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    assert local_tz() is not None
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_tz() is not None


@pytest.mark.parametrize(
    "zone",
    ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "EST5EDT,M3.2.0,M11.1.0", "Not/AZone"],
)
def test_to_local_shows_what_dateutil_shows_through_a_year_of_dst_changes(monkeypatch, zone):
    """to_local converts with zoneinfo (or the C library) for speed; dateutil's zones are the reference,
    including a POSIX TZ string zoneinfo cannot read and an unknown name (both fall back)."""
    monkeypatch.setenv("TZ", zone)
    reference = du_tz.gettz(zone) or du_tz.tzlocal()
    start = datetime(2026, 1, 1, 0, 17, tzinfo=UTC)
    for hours in range(0, 24 * 366, 1):
        moment = start + timedelta(hours=hours)
        got, expected = to_local(moment), moment.astimezone(reference)
        assert (got.replace(tzinfo=None), got.utcoffset()) == (expected.replace(tzinfo=None), expected.utcoffset())


def test_to_local_without_tz_is_the_machine_zone(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert to_local(moment).utcoffset() == moment.astimezone(du_tz.tzlocal()).utcoffset()
