#!/usr/bin/env bash
# Installs Debian's redis-server for the tests that need a real Redis (test/support/redis.ts starts a
# private instance on a free port for each test file). Idempotent: does nothing when redis-server is
# already on the PATH. Never starts a system service: the tests run their own instances.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server: already installed ($(redis-server --version | head -n1))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "install-redis: redis-server is missing and installing it needs root (run as root, or allow passwordless sudo): apt-get install redis-server" >&2
  exit 1
fi

echo "redis-server: installing Debian's redis-server package"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the package from starting (or failing to start) a system redis inside containers.
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
"${SUDO[@]}" apt-get install -y --no-install-recommends redis-server

if ! command -v redis-server >/dev/null 2>&1; then
  echo "install-redis: apt-get finished but redis-server is still not on the PATH" >&2
  exit 1
fi
echo "redis-server: installed ($(redis-server --version | head -n1))"
