#!/usr/bin/env bash
# Installs Debian's Chromium and its driver (apt packages chromium and chromium-driver), which the
# console's browser tests drive with playwright-core, and a Chinese font (fonts-wqy-zenhei), without
# which the console's Chinese texts render as empty boxes in the tests' screenshots. Playwright's
# own browser download cannot be used: it fetches builds from hosts outside the package
# registries, which CI machines do not reach. Idempotent: returns at once when both are there.
# Uses sudo only when not root.
set -euo pipefail

CJK_FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
if [ -x /usr/bin/chromium ] && [ -f "$CJK_FONT" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: /usr/bin/chromium is missing and this is not a Debian-like system (no apt-get): install Chromium at /usr/bin/chromium for the browser tests." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing Chromium needs root, and sudo was not found: run 'apt-get install chromium chromium-driver' as root." >&2
    exit 1
  fi
  SUDO="sudo"
fi
echo "Installing Debian's chromium, chromium-driver and fonts-wqy-zenhei for the browser tests (once)…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-zenhei >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "error: apt-get installed chromium, but /usr/bin/chromium is not there." >&2
  exit 1
fi
echo "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed." >&2
