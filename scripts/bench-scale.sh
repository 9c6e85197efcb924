#!/bin/sh
# Times habil's real binary at scale (issue 16, item 6), with /usr/bin/time -v
# (wall time, CPU time, peak RSS):
#   1. habil demo --scale 5 and --scale 50 (SCALES="5 50" to change);
#   2. habil report all on each demo database (target: 10x the data, at most
#      15x the time; peak RSS under 200 MB at scale 50);
#   3. habil report france-competences for the largest certification of the
#      largest demo;
#   4. habil session enroll of ROWS (100,000) candidate rows into one session
#      of a copy of the first demo database.
# The accrochage file of 100,000 passages is a Go benchmark:
#   go test ./internal/cpf -run '^$' -bench Flux100k -benchtime 1x -benchmem
# Figures go to stdout, one line per measure; record them in BENCHMARKS.md.
#
# Usage: scripts/bench-scale.sh [WORKDIR]   (default: a new temporary folder)
set -eu

cd "$(dirname "$0")/.."
WORK=${1:-$(mktemp -d /tmp/habil-bench-scale.XXXXXX)}
SCALES=${SCALES:-"5 50"}
ROWS=${ROWS:-100000}
AT=${AT:-2026-06-15}
mkdir -p "$WORK"
BIN="$WORK/habil"
go build -o "$BIN" ./cmd/habil

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)," \
	"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(go version | cut -d' ' -f3)," \
	"load $(cut -d' ' -f1-3 /proc/loadavg)"

# measure NAME CMD…: runs CMD under /usr/bin/time -v and prints one line.
measure() {
	name=$1
	shift
	log="$WORK/time.log"
	set +e
	/usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$log"
	rc=$?
	set -e
	awk -v name="$name" -v rc="$rc" '
		/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
		/User time/ { user = $NF }
		/System time/ { sys = $NF }
		/Maximum resident set size/ { rss = $NF }
		END { printf "%-48s exit %d  wall %8.2f s  cpu %8.2f s  peak RSS %6.0f MB\n", name, rc, wall, user + sys, rss / 1024 }' "$log"
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then # 4: the check found errors, as intended
		tail -20 "$log" >&2
		exit 1
	fi
}

for s in $SCALES; do
	rm -rf "$WORK/demo$s"
	measure "demo --scale $s" "$BIN" demo --out "$WORK/demo$s" --scale "$s" --at "$AT"
	db="$WORK/demo$s/habil.db"
	echo "  data: $(sqlite3 "$db" 'select count(*) from partner') partners," \
		"$(sqlite3 "$db" 'select count(*) from session') sessions," \
		"$(sqlite3 "$db" 'select count(*) from candidate') candidates ($(sqlite3 "$db" 'select count(*) from enrollment') enrolments)," \
		"$(sqlite3 "$db" 'select count(*) from certificate') certificates;" \
		"database $(du -m "$db" | cut -f1) MB"
	rm -rf "$WORK/all$s"
	measure "report all (scale $s)" "$BIN" --db "$db" report all --out "$WORK/all$s" --at "$AT"
	measure "report all again (scale $s, warm cache)" "$BIN" --db "$db" report all --out "$WORK/all$s-2" --at "$AT"
	last=$s
done

db="$WORK/demo$last/habil.db"
cert=$(sqlite3 "$db" "select certification from session s join enrollment e on e.session_id = s.id group by certification order by count(*) desc limit 1")
measure "report france-competences $cert (scale $last)" "$BIN" --db "$db" report france-competences --certification "$cert" --out "$WORK/fc-$cert.xlsx"

# A 100,000-row candidate list for one new session of the first demo.
first=$(echo "$SCALES" | cut -d' ' -f1)
cp "$WORK/demo$first/habil.db" "$WORK/enroll.db"
org=$(sqlite3 "$WORK/enroll.db" "select h.partner_siret from habilitation h join partner p on p.siret = h.partner_siret
	where h.certification = '$cert' and h.scope <> 'train' and h.blocs = '' and h.access = '' and h.date_from < '2025-01-01'
	and h.date_to = '' and p.status = 'active' order by h.partner_siret limit 1")
id=$("$BIN" --db "$WORK/enroll.db" session create --certification "$cert" --partner "$org" --date "$AT" --place Lyon \
	--postal-code 69003 --mode onsite --jury "Claire Martin, professionnelle du secteur")
awk -v rows="$ROWS" 'BEGIN {
	split("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier", sur, " ")
	split("Léa Chloé Manon Camille Inès Sarah Julie Émilie Laura Marie Lucas Hugo Théo Nicolas Julien Maxime Antoine Kévin Mathieu Romain", fir, " ")
	print "Nom de naissance;Prénoms;Date de naissance;Sexe;Code INSEE commune de naissance;Commune de naissance;Code postal de naissance;Pays de naissance;Email;Voie d'\''accès;Type de VAE;Blocs visés;N° dossier CPF;Date d'\''inscription;Organisme de formation;Aménagement"
	for (i = 0; i < rows; i++) {
		s = sur[i % 20 + 1]; f = fir[int(i / 20) % 20 + 1]; d = int(i / 400)
		day = d % 28 + 1; month = int(d / 28) % 12 + 1; year = 1960 + int(d / 336)
		sex = (int(i / 20) % 20 < 10) ? "F" : "M"
		printf "%s;%s;%02d/%02d/%d;%s;69123;Lyon;69003;France;c%d@example.fr;FC;;;;01/03/2026;;\n", s, f, day, month, year, sex, i
	}
}' >"$WORK/candidats-$ROWS.csv"
measure "session enroll, $ROWS rows" "$BIN" --db "$WORK/enroll.db" session enroll "$id" "$WORK/candidats-$ROWS.csv"
echo "  enrolled: $(sqlite3 "$WORK/enroll.db" "select count(*) from enrollment where session_id = $id")"
echo "work folder: $WORK"
