#!/usr/bin/env bash
# Repeated code outside tests and migrations (issue 13's measure): copies the tracked files, minus every
# tests/ and migrations/ directory, into a fresh git repository in a temporary folder and runs the
# `duplicates` command over it. Prints the pairs, then how many pairs of each kind (by the files involved:
# templates, URL confs, model declarations, …; see docs/architecture.md, "Repeated code"), how many different
# pairs of files the rows name, how many of the possible pairs among the models.py files and among the urls.py
# files are listed, then a last line `duplicate_pairs=N`.
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
# Each row names a different pair of files (the tool reports one row per pair, with `(+N more runs)` for the
# rest), so the count is a count of file pairs. How many of the possible pairs among the files of one Django
# role stand in the list: with n such files there are n(n-1)/2 pairs of two and n pairs of a file with itself.
rows=$(printf '%s\n' "$out" | grep -E '^D[0-9]+ ' | awk '{ sub(/:.*/, "", $2); sub(/:.*/, "", $4); print $2, $4 }')
printf 'file_pairs=%s\n' "$(printf '%s\n' "$rows" | awk 'NF { print ($1 < $2) ? $1 " " $2 : $2 " " $1 }' | sort -u | wc -l)"
for role in models.py urls.py; do
  n=$(cd "$tmp" && git ls-files | grep -cE "(^|/)${role//./\\.}\$" || true)
  present=$(printf '%s\n' "$rows" | awk -v r="$role" 'NF { a = substr($1, length($1) - length(r) + 1); b = substr($2, length($2) - length(r) + 1); if (a == r && b == r) c++ } END { print c + 0 }')
  echo "role ${role} files=${n} pairs=${present} possible=$(( n * (n + 1) / 2 ))"
done
echo "duplicate_pairs=${pairs:?could not read the count from the first line}"
