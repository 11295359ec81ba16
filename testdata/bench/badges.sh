#!/bin/sh
# badges.sh times `desk badges` for N people (10,000 by default) as a whole
# process (start, configuration, database, layout, PDF written, printing
# recorded), against the straightforward gofpdf program badgebase.go
# (go-qrcode, one rectangle per run of dark modules, names with Text) on
# the same database, in the same hyperfine run. Needs hyperfine
# (apt-get install -y hyperfine). From the repository root:
#
#	testdata/bench/badges.sh [people] [runs]
#
# BENCHMARKS.md gives the figures and where the time goes.
set -eu
people=${1:-10000}
runs=${2:-7}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/desk" ./cmd/desk
go build -o "$work/badgebase" "$here/badgebase.go"
go run "$here/gen.go" "$people" > "$work/registrations.csv"
cd "$work"
./desk init --name "Bench" --days 2026-10-14,2026-10-15 > /dev/null
./desk import registrations.csv > /dev/null
hyperfine --warmup 1 --runs "$runs" --export-json "$work/result.json" \
	-n 'desk badges' './desk badges --layout a4-8 --out desk.pdf > /dev/null' \
	-n 'straightforward gofpdf' './badgebase desk.db base.pdf'
ls -l desk.pdf base.pdf | awk '{ printf "%s: %.1f MB\n", $NF, $5 / 1e6 }'
# The ratio of the baseline's median to each run of desk, then its spread.
python3 - "$work/result.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
desk, base = r[0]["times"], r[1]["times"]
ratios = sorted(statistics.median(base) / d for d in desk)
print(f"straightforward / desk: median {statistics.median(base) / statistics.median(desk):.1f}x, "
      f"runs {ratios[0]:.1f}-{ratios[-1]:.1f}x against the baseline's median; "
      f"desk {min(desk):.2f}-{max(desk):.2f} s, straightforward {min(base):.2f}-{max(base):.2f} s")
PY
