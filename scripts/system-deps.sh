#!/usr/bin/env bash
# What the tests need from the system: Debian's Chromium (browser tests, never a
# downloaded browser), poppler-utils (PDF to PNG/text) and WeasyPrint's Pango.
# As root on Debian it installs what is missing; otherwise it stops with the command to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset' || missing+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi 'dejavu\|liberation' || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $command >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Run: sudo $command" >&2
  exit 1
fi
