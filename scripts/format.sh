#!/usr/bin/env bash
# Apply the house format (.clang-format, clang-format 14) to every C++ file.
#   scripts/format.sh          rewrite in place
#   scripts/format.sh --check  list what is not formatted, exit 1 if any (the `format` test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=$(command -v clang-format-14 || true)
if [[ -z $tool ]]; then echo "clang-format-14 is not installed (scripts/install-deps.sh --fuzz installs it)"; exit 77; fi
mapfile -t files < <(cd "$root" && find engine include tests bench -name '*.cpp' -o -name '*.hpp' | sort)
cd "$root"
if [[ ${1:-} == --check ]]; then
  unformatted=$("$tool" --dry-run "${files[@]}" 2>&1 | grep -o '^[^:]*:[0-9]*:[0-9]*: warning' | cut -d: -f1 | sort -u || true)
  if [[ -n $unformatted ]]; then
    sed 's/$/: not in the house format (run scripts\/format.sh)/' <<< "$unformatted"
    exit 1
  fi
  echo "${#files[@]} files in the house format"
else
  "$tool" -i "${files[@]}"
fi
