#!/usr/bin/env bash
# Repeated code outside tests and migrations (issue 13's measure): copies the tracked files, minus every
# tests/ and migrations/ directory, into a fresh git repository in a temporary folder and runs the
# `duplicates` command over it. Prints the pairs, then how many pairs of each kind (by the files involved:
# templates, URL confs, model declarations, …; see docs/architecture.md, "Repeated code"), then a last line
# `duplicate_pairs=N`.
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

# The kind of each pair, from the two files (and, for import lists, the first line of each side).
kind_of() {
  local fa=$1 ra=$2 fb=$3 rb=$4 la lb
  la=$(sed -n "${ra%%-*}p" "$tmp/$fa" 2>/dev/null || true)
  lb=$(sed -n "${rb%%-*}p" "$tmp/$fb" 2>/dev/null || true)
  if [[ $fa == *.html || $fb == *.html ]]; then echo templates
  elif [[ $fa == */urls.py && $fb == */urls.py ]]; then echo url-confs
  elif [[ $la =~ ^\ {4}[A-Za-z_]+,$ && $lb =~ ^\ {4}[A-Za-z_]+,$ ]] && grep -q '^from .* import ($' "$tmp/$fa"; then echo import-lists
  elif [[ $fa =~ ^(insights|opendata)/ || $fb =~ ^(insights|opendata)/ ]]; then echo insights-opendata
  elif [[ $fa =~ (demo\.py|_data\.py|^benchmarks/) || $fb =~ (demo\.py|_data\.py|^benchmarks/) ]]; then echo demo-data-benchmarks
  elif [[ $fa == *models.py && $fb == *models.py ]]; then echo model-declarations
  elif [[ $fa =~ (admin|serializers|filters|forms|permissions|importers)\.py$ ]] \
    && [[ $fb =~ (admin|serializers|filters|forms|permissions|importers|common|courses)\.py$ ]]; then echo declarations
  else echo code
  fi
}
printf '%s\n' "$out" | grep -E '^D[0-9]+ ' | while read -r _ a _ b _; do
  kind_of "${a%%:*}" "${a#*:}" "${b%%:*}" "${b#*:}"
done | sort | uniq -c | sort -rn | sed 's/^ *\([0-9]*\) \(.*\)/kind \2=\1/'
echo "duplicate_pairs=${pairs:?could not read the count from the first line}"
