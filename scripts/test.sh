#!/usr/bin/env bash
# Every test: typecheck, lint, unit and database tests (Vitest), then the browser journeys
# (Playwright in Chromium) against a production build on a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
step "browser";   bash scripts/ensure-browser.sh
step "typecheck"; npm run --silent typecheck
step "lint";      npm run --silent lint
step "unit";      npx vitest run --project unit
step "database";  npx vitest run --project db
step "build";     npm run --silent build
step "browser journeys"; npx playwright test
