#!/bin/sh
# Convention PDFs: habil against LibreOffice, per page, side by side in one run.
#
#   scripts/bench-convention-pdf.sh [SCALE]
#
# LibreOffice: 'soffice --headless --convert-to pdf' on 10 copies of an
# DOCX convention as long as habil's, in one call. The DOCX is habil's own convention
# (its text, headings and paragraphs, turned into HTML then DOCX by soffice
# once, not timed), at the font size that gives it as many pages as habil's PDF of it.
# habil: 'convention pdf --all' on the demo database (habil demo --scale SCALE,
# default 1), files written atomically and synced as always.
# Each side runs three times, alternately; the best wall time of each counts.
#
# Needs go, soffice (apt-get install libreoffice-writer-nogui), pdfinfo and
# pdftotext (poppler-utils).
set -eu

scale=${1:-1}
at=2026-06-15
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-convention-pdf.XXXXXX")
trap 'rm -rf "$work"' EXIT
for t in go soffice pdfinfo pdftotext; do
	command -v "$t" >/dev/null || { echo "bench-convention-pdf: $t is not installed" >&2; exit 1; }
done

(cd "$root" && go build -o "$work/habil" ./cmd/habil)
"$work/habil" demo --out "$work/demo" --at "$at" --scale "$scale" >/dev/null 2>&1
db=$work/demo/habil.db
lo="soffice -env:UserInstallation=file://$work/lo-profile --headless"

# The DOCX: the text of the first demo convention, paragraphs and headings.
"$work/habil" --db "$db" convention pdf 1 --out "$work/conv.pdf" --at "$at" 2>/dev/null
pdftotext -enc UTF-8 "$work/conv.pdf" "$work/conv.txt"
# The DOCX gets as many pages as habil's PDF of the same convention.
target=$(pdfinfo "$work/conv.pdf" | awk '/^Pages:/ { print $2 }')
mkdir -p "$work/docx" "$work/check"
pages=0
for size in 11 11.5 10.5 12 10 12.5 9.5 13; do
	awk -v size="$size" '
	BEGIN { print "<html><head><meta charset=\"utf-8\"><style>@page{size:21cm 29.7cm;margin:2cm} body{font-family:\"DejaVu Sans\";font-size:" size "pt} p{text-align:justify;margin:0 0 6pt 0} h2{font-size:12pt;margin:12pt 0 4pt 0}</style></head><body>" }
	function flush() {
		if (para == "") return
		gsub(/&/, "\\&amp;", para); gsub(/</, "\\&lt;", para)
		if (para ~ /^(Article|Annexe) [0-9]+ —/) print "<h2>" para "</h2>"; else print "<p>" para "</p>"
		para = ""
	}
	/^\f/ { sub(/^\f/, "") }
	/^Page [0-9]+\/[0-9]+$/ { next }
	/^Convention (de partenariat|d.habilitation) n° .* du / { next }
	/^(Article|Annexe) [0-9]+ —/ { flush(); para = $0; flush(); next }
	/^[[:space:]]*$/ { flush(); next }
	{ para = (para == "" ? $0 : para " " $0) }
	END { flush(); print "</body></html>" }' "$work/conv.txt" >"$work/conv.html"
	rm -f "$work/docx/conv.docx" "$work/check/conv.pdf"
	$lo --convert-to 'docx:MS Word 2007 XML' --outdir "$work/docx" "$work/conv.html" >/dev/null 2>&1
	$lo --convert-to pdf --outdir "$work/check" "$work/docx/conv.docx" >/dev/null 2>&1
	pages=$(pdfinfo "$work/check/conv.pdf" | awk '/^Pages:/ { print $2 }')
	[ "$pages" = "$target" ] && break
done
[ "$pages" = "$target" ] || { echo "bench-convention-pdf: could not make a $target-page DOCX (got $pages pages)" >&2; exit 1; }
mkdir -p "$work/in"
for i in 01 02 03 04 05 06 07 08 09 10; do cp "$work/docx/conv.docx" "$work/in/conv$i.docx"; done

now() { date +%s%N; }
best_lo=0
best_habil=0
for run in 1 2 3; do
	rm -rf "$work/lo-out"
	sleep 1 # let the previous run's processes and writes settle
	t0=$(now)
	$lo --convert-to pdf --outdir "$work/lo-out" "$work"/in/*.docx >/dev/null 2>&1
	t=$(( $(now) - t0 ))
	[ "$best_lo" = 0 ] || [ "$t" -lt "$best_lo" ] && best_lo=$t
	rm -rf "$work/habil-out"
	sleep 1
	t0=$(now)
	"$work/habil" --db "$db" convention pdf --all --status all --out "$work/habil-out" --at "$at" 2>/dev/null
	t=$(( $(now) - t0 ))
	[ "$best_habil" = 0 ] || [ "$t" -lt "$best_habil" ] && best_habil=$t
	echo "run $run done" >&2
done

count_pages() {
	n=0
	for f in "$1"/*.pdf; do n=$(( n + $(pdfinfo "$f" | awk '/^Pages:/ { print $2 }') )); done
	echo "$n"
}
lo_pages=$(count_pages "$work/lo-out")
habil_pages=$(count_pages "$work/habil-out")
lo_docs=$(ls "$work/lo-out" | wc -l)
habil_docs=$(ls "$work/habil-out" | wc -l)

awk -v lt="$best_lo" -v lp="$lo_pages" -v ld="$lo_docs" -v ht="$best_habil" -v hp="$habil_pages" -v hd="$habil_docs" -v cpu="$(nproc)" 'BEGIN {
	lpp = lt / 1e6 / lp; hpp = ht / 1e6 / hp
	printf "machine: %d CPUs\n", cpu
	printf "LibreOffice  %3d documents, %4d pages in %7.0f ms (best of 3): %6.2f ms per page\n", ld, lp, lt / 1e6, lpp
	printf "habil        %3d documents, %4d pages in %7.0f ms (best of 3): %6.2f ms per page\n", hd, hp, ht / 1e6, hpp
	printf "habil is %.1f× faster per page (target: 25×)\n", lpp / hpp
}'
