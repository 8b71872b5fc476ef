#!/usr/bin/env bash
# Repeated code outside tests and migrations (issue 13's measure): copies the tracked files, minus every
# tests/ and migrations/ directory, into a fresh git repository in a temporary folder and runs the
# `duplicates` command over it. Prints the pairs, then a last line `duplicate_pairs=N`.
#   bash benchmarks/duplicates_count.sh        (or: make duplicates)
# A figure, not pass/fail. Needs the `duplicates` command on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v duplicates >/dev/null || { echo "the duplicates command is not installed" >&2; exit 2; }

tmp=$(mktemp -d /tmp/sce-duplicates.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

git ls-files -z | grep -zvE '(^|/)(tests|migrations)/' | while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  mkdir -p "$tmp/$(dirname "$f")"
  cp -p "$f" "$tmp/$f"
done
git -C "$tmp" init -q
git -C "$tmp" add -A

out=$(cd "$tmp" && duplicates --most 200 --seconds 300)
printf '%s\n' "$out"
first=$(printf '%s\n' "$out" | head -n 1)
if printf '%s' "$first" | grep -q '^no duplicates'; then
  pairs=0
else
  pairs=$(printf '%s' "$first" | grep -oE '^[0-9]+' || true)
fi
if printf '%s\n' "$out" | grep -q '^incomplete:'; then
  echo "warning: the scan was incomplete; the figure speaks only of what was read" >&2
fi
echo "duplicate_pairs=${pairs:?could not read the count from the first line}"
