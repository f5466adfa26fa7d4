#!/usr/bin/env bash
# A pre-wiring campaign from the shell, start to finish: import people from
# five address-book formats, write two plan versions, log calls (one with
# three people), schedule events with tag audiences, and read it all back.
#   usage: examples/campaign.sh DATABASE [SAMPLES_DIR]
set -euo pipefail
export STAKEHOLDERS_DB="$1"
samples="${2:-$(dirname "$0")/../tests/data/import}"
s() { stakeholders "$@"; }

s import "$samples/plain.csv" --tag cx-team
s import "$samples/outlook.csv" --tag division-leads
s import "$samples/google.csv"
s import "$samples/linkedin_connections.csv" --tag network
s import "$samples/contacts.vcf" --tag steering

s plan add "CX programme" --summary "One customer team owns every account"
s plan revise "CX programme" --summary "Divisions keep their accounts; CX owns the journey" \
    --changes "Account ownership stays with the divisions"
s plan approve "CX programme" --version 2 --by "Chris (CMO)" --when yesterday

s log priya.natarajan@example.com --plan "CX programme" --version 1 --when "10 days ago" \
    --stance resistant --concern "It's my customer" --note "v1 drew dissent"
s log priya.natarajan@example.com --plan "CX programme" --when "2 days ago 10:00" \
    --stance supportive --note "v2 lands well" --follow-up "Send the v2 deck" --due tomorrow
s log "Marcus O'Neill" "Aiko Tanaka" "Leo Grant" --plan "CX programme" --channel meeting \
    --when "yesterday 15:00" --stance "Marcus O'Neill=neutral" --stance "Aiko Tanaka=leading" \
    --concern "Leo Grant=Who pays for the platform?" --follow-up "Share the budget" --due "in 3 days"
s log "Leo Grant" --plan "CX programme" --when "tomorrow 11:00" --channel call --note "Budget walk-through"
s stance "Leo Grant" leading --plan "CX programme" --desired
s influence "Aiko Tanaka" "Leo Grant"

s event add "Note to the wider team" --plan "CX programme" --when "in 2 days 9am" \
    --audience tag:cx-team --audience tag:division-leads
s event add "Steering committee" --plan "CX programme" --kind meeting --when "in 5 days 10:00" \
    --audience tag:steering --audience "Priya Natarajan"

s list --json > /dev/null
s show priya.natarajan@example.com --json
