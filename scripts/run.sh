#!/usr/bin/env bash
# Starts the task worker and the web server for the demo; stopping one (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

# Send the demo data's queued e-mails first (to the console), so that the logins printed
# below stay on screen instead of scrolling away behind them.
$BIN/python manage.py db_worker --batch --no-startup-delay >var/demo-backlog.log 2>&1 || true

$BIN/python manage.py db_worker --interval 1 --no-startup-delay &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

$BIN/python manage.py demo_logins
echo "Starting OpenAEF on http://127.0.0.1:8000/ (Ctrl+C stops the server and the worker)."
$BIN/python manage.py runserver 127.0.0.1:8000 --noreload
