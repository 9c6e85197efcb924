#!/bin/sh
# bench-import.sh: the partner import against 'sqlite3 .import', in one run
# on this machine (issue 7, "Speed and memory"; figures in BENCHMARKS.md).
#
#   scripts/bench-import.sh            # 100,000 rows, best of 3 runs each
#   ROWS=10000 RUNS=1 scripts/bench-import.sh
#
# 1. writes a ROWS-row partner CSV in the French Excel dialect (UTF-8 BOM,
#    ';', CRLF, dd/mm/yyyy; one partner and one habilitation per row);
# 2. times sqlite3 loading the same rows raw into one table (.import), into
#    a file database and into :memory:;
# 3. builds habil, times 'habil init' + 'habil certification add' +
#    'habil partner import' on a fresh database (/usr/bin/time -v: wall time
#    and peak RSS);
# 4. imports the identical file again, and proves that nothing was written
#    (same journal count, same database file checksum, no WAL frame);
# 5. times 'habil partner list --format json' on the 100k database;
# 6. prints the ratios (best habil time / best sqlite3 file .import time).
set -eu

ROWS=${ROWS:-100000}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/habil-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

command -v sqlite3 >/dev/null 2>&1 || { echo "installing sqlite3…" >&2; apt-get install -y sqlite3 >/dev/null; }
[ -x /usr/bin/time ] || { echo "installing time…" >&2; apt-get install -y time >/dev/null; }

# timed OUTFILE CMD…: runs CMD under /usr/bin/time -v; prints "WALL_SECONDS
# PEAK_RSS_KB CPU_SECONDS" (CPU = user + system: steadier than wall time
# on a shared machine).
timed() {
	out=$1; shift
	/usr/bin/time -v "$@" >/dev/null 2>"$out" || { cat "$out" >&2; exit 1; }
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/User time \(seconds\)/ { cpu += $2 }
		/System time \(seconds\)/ { cpu += $2 }
		/Maximum resident set size/ { kb = $2 }
		END { printf "%.3f %d %.3f\n", s, kb, cpu }' "$out"
}
best() { sort -n | head -1; }

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(go version | cut -d' ' -f3), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

cd "$ROOT"
HABIL_BENCH_CSV="$W/partenaires.csv" HABIL_BENCH_ROWS="$ROWS" go test ./internal/app -run TestWriteBenchCSV -count=1 >/dev/null
go build -o "$W/habil" ./cmd/habil
echo "file: $ROWS rows, $(wc -c <"$W/partenaires.csv") bytes"

# sqlite3 .import of the same rows, raw, into one table.
: >"$W/raw.times"
: >"$W/mem.times"
i=0
while [ $i -lt "$RUNS" ]; do
	rm -f "$W/raw.db"
	timed "$W/t" sqlite3 "$W/raw.db" -cmd '.mode csv' -cmd '.separator ;' ".import $W/partenaires.csv t" >>"$W/raw.times"
	timed "$W/t" sqlite3 :memory: -cmd '.mode csv' -cmd '.separator ;' ".import $W/partenaires.csv t" -cmd 'SELECT count(*) FROM t' >>"$W/mem.times"
	i=$((i + 1))
done
[ "$(sqlite3 "$W/raw.db" 'SELECT count(*) FROM t')" -eq "$ROWS" ] || { echo "sqlite3 .import lost rows" >&2; exit 1; }
raw=$(best <"$W/raw.times")
mem=$(best <"$W/mem.times")

# habil on a fresh database, RUNS times.
H() { "$W/habil" --db "$W/habil.db" "$@"; }
: >"$W/setup.times"
: >"$W/import.times"
i=0
while [ $i -lt "$RUNS" ]; do
	rm -f "$W/habil.db" "$W/habil.db-wal" "$W/habil.db-shm"
	s=$(date +%s.%N)
	H init --name Bench --siret 73282932000074 2>/dev/null
	H certification add RNCP36141 --title 'Responsable RH' --level 6 --end-date 2028-06-30 \
		--bloc BC01=Recruter --bloc BC02=Former --access FI,CA,FC,CQ,VAE 2>/dev/null >/dev/null
	echo "$(date +%s.%N) $s" | awk '{printf "%.3f\n", $1 - $2}' >>"$W/setup.times"
	timed "$W/t" "$W/habil" --db "$W/habil.db" partner import "$W/partenaires.csv" --at 2026-06-01 >>"$W/import.times"
	i=$((i + 1))
done
imp=$(best <"$W/import.times")
setup=$(best <"$W/setup.times")
[ "$(sqlite3 "$W/habil.db" 'SELECT count(*) FROM partner')" -eq "$ROWS" ] || { echo "habil did not create every partner" >&2; exit 1; }

# The identical re-import: it must write nothing.
journal0=$(sqlite3 "$W/habil.db" 'SELECT count(*) FROM journal')
sum0=$(sha256sum "$W/habil.db" | cut -d' ' -f1)
size0=$(wc -c <"$W/habil.db")
: >"$W/again.times"
i=0
while [ $i -lt "$RUNS" ]; do
	timed "$W/t" "$W/habil" --db "$W/habil.db" partner import "$W/partenaires.csv" --at 2026-06-01 >>"$W/again.times"
	grep -q 'Nothing changed' "$W/t" || { cat "$W/t" >&2; echo "the re-import changed something" >&2; exit 1; }
	i=$((i + 1))
done
again=$(best <"$W/again.times")
journal1=$(sqlite3 "$W/habil.db" 'SELECT count(*) FROM journal')
sum1=$(sha256sum "$W/habil.db" | cut -d' ' -f1)
wal=0
[ -f "$W/habil.db-wal" ] && wal=$(wc -c <"$W/habil.db-wal")
written="nothing written (journal $journal0 entries, file $size0 bytes, checksum unchanged, WAL $wal bytes)"
if [ "$journal0" != "$journal1" ] || [ "$sum0" != "$sum1" ] || [ "$wal" != 0 ]; then
	written="WROTE SOMETHING: journal $journal0 → $journal1, checksum $sum0 → $sum1, WAL $wal bytes"
fi

# partner list --format json on the 100k database.
list=$(timed "$W/t" "$W/habil" --db "$W/habil.db" partner list --format json)

set -- $raw; raw_s=$1; raw_cpu=$3
set -- $mem; mem_s=$1
set -- $imp; imp_s=$1; imp_kb=$2; imp_cpu=$3
set -- $again; again_s=$1; again_kb=$2; again_cpu=$3
set -- $list; list_s=$1; list_kb=$2
ratio() { echo "$1 $2" | awk '{printf "%.1f", $1 / $2}'; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "best of $RUNS runs (wall time; CPU = user + system):"
printf '  sqlite3 .import into a file          %7.3f s  CPU %6.3f s\n' "$raw_s" "$raw_cpu"
printf '  sqlite3 .import into :memory:        %7.3f s\n' "$mem_s"
printf '  habil init + certification add       %7.3f s\n' "$setup"
printf '  habil partner import (fresh db)      %7.3f s  CPU %6.3f s  peak RSS %d MB  ratio %sx wall, %sx CPU (target <= 8x, <= 150 MB)\n' \
	"$imp_s" "$imp_cpu" $((imp_kb / 1024)) "$(ratio "$imp_s" "$raw_s")" "$(ratio "$imp_cpu" "$raw_cpu")"
printf '  habil partner import (same again)    %7.3f s  CPU %6.3f s  peak RSS %d MB  ratio %sx wall, %sx CPU (target <= 4x)\n' \
	"$again_s" "$again_cpu" $((again_kb / 1024)) "$(ratio "$again_s" "$raw_s")" "$(ratio "$again_cpu" "$raw_cpu")"
printf '    %s\n' "$written"
printf '  habil partner list --format json     %7.3f s  peak RSS %d MB  (%d partners)\n' "$list_s" $((list_kb / 1024)) "$ROWS"
