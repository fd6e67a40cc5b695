#!/usr/bin/env bash
# Debian's redis-server for the tests that need a real Redis (test/support/redis.ts starts a private
# instance on a free port for each test file). No-op when present.
exec bash "$(dirname "$0")/install-debian-package.sh" redis-server redis-server
