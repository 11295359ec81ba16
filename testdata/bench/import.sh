#!/bin/sh
# import.sh times `desk import` of a 100,000-row export as a whole process
# (start, database, output), against the sqlite3 shell importing the same
# CSV, in the same hyperfine run. Needs sqlite3 and hyperfine
# (apt-get install -y sqlite3 hyperfine). From the repository root:
#
#	testdata/bench/import.sh [rows] [runs]
#
# BENCHMARKS.md gives the figures and where the time goes.
set -eu
rows=${1:-100000}
runs=${2:-7}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/desk" ./cmd/desk
go run "$here/gen.go" "$rows" > "$work/registrations.csv"
cp "$here/baseline.sql" "$here/plain.sql" "$work/"
cd "$work"
./desk init --name "Bench" --days 2026-10-14,2026-10-15 > /dev/null
hyperfine --warmup 1 --runs "$runs" --export-json "$work/result.json" \
	--prepare 'rm -f desk.db desk.db-wal desk.db-shm base.db base.db-wal base.db-shm plain.db plain.db-wal plain.db-shm' \
	-n 'desk import' './desk import registrations.csv > /dev/null' \
	-n 'sqlite3 .import, same schema and rows' 'sqlite3 base.db < baseline.sql > /dev/null' \
	-n 'sqlite3 .import, bare (7 columns, UNIQUE e-mail)' 'sqlite3 plain.db < plain.sql > /dev/null'
# The ratio of each run of desk to the median of the baseline, then its spread.
python3 - "$work/result.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
desk, base, plain = r[0]["times"], r[1]["times"], r[2]["times"]
for name, b in (("same schema and rows", base), ("bare", plain)):
    ratios = sorted(d / statistics.median(b) for d in desk)
    print(f"desk / sqlite3 ({name}): median {statistics.median(desk) / statistics.median(b):.1f}x, "
          f"runs {ratios[0]:.1f}-{ratios[-1]:.1f}x against the baseline's median; "
          f"desk {min(desk):.2f}-{max(desk):.2f} s, sqlite3 {min(b):.2f}-{max(b):.2f} s")
PY
