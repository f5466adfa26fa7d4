"""The rules of PRODUCT.md §3 as plain functions over a session: briefing, surprise,
readiness, brief, call list and cadence. No click, no Textual; `now` is always passed in."""
