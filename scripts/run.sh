#!/usr/bin/env bash
# Starts the task worker and the web server for the demo; stopping one (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/python manage.py demo_logins

$BIN/python manage.py db_worker --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

$BIN/python manage.py runserver 127.0.0.1:8000 --noreload
