#!/bin/sh
# Stand-in for Prisma's native schema engine, which the Prisma 7 CLI downloads from a host that is not
# reachable from our machines. `prisma generate/validate/format` only need this file to exist; anything that
# really runs the engine (migrate, db push, introspection) fails fast with this message instead.
echo "prisma: the native schema engine is unavailable offline; use 'npm run migrate:create -- <name>' (wasm engine) and applyMigrations() from @hsic/persistence" >&2
exit 1
