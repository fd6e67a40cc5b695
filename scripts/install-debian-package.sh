#!/usr/bin/env bash
# Usage: install-debian-package.sh <command> <package>
# Installs a Debian package that a test needs (CI runs this through install-chromium.sh and
# install-redis.sh). Idempotent: does nothing when <command> is already there. Never starts a system
# service (a policy-rc.d refuses it while installing): the tests run their own instances.
set -euo pipefail
COMMAND=$1
PACKAGE=$2

if command -v "$COMMAND" >/dev/null 2>&1; then
  echo "$PACKAGE: already installed ($(command -v "$COMMAND"))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "install-debian-package: $COMMAND is missing and installing it needs root (run as root, or allow passwordless sudo): apt-get install $PACKAGE" >&2
  exit 1
fi

echo "$PACKAGE: installing Debian's $PACKAGE package"
export DEBIAN_FRONTEND=noninteractive
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod +x "$POLICY"
  CREATED_POLICY=1
fi
cleanup() { if [ "$CREATED_POLICY" -eq 1 ]; then "${SUDO[@]}" rm -f "$POLICY"; fi; }
trap cleanup EXIT
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "$PACKAGE"

if ! command -v "$COMMAND" >/dev/null 2>&1; then
  echo "install-debian-package: apt-get finished but $COMMAND is still missing" >&2
  exit 1
fi
echo "$PACKAGE: installed ($(command -v "$COMMAND"))"
