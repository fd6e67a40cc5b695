#!/usr/bin/env bash
# Debian's Chromium for the GraphiQL browser test (test/graphiql.test.ts drives /usr/bin/chromium
# through playwright-core); never a browser build of its own. No-op when present.
exec bash "$(dirname "$0")/install-debian-package.sh" /usr/bin/chromium chromium
