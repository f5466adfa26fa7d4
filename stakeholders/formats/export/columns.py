"""The status table's columns (csv headers, json keys, the xlsx Stakeholders sheet's source), defined
once. No imports: the benchmark's hand-written references name the same columns without loading the
product (benchmarks/day_reference.py)."""

COLUMNS = [
    "plan",
    "name",
    "email",
    "title",
    "organization",
    "division",
    "influence",
    "interest",
    "quadrant",
    "stance",
    "desired",
    "last_briefed_version",
    "last_briefed_at",
    "last_contact",
    "open_concerns",
]
