#!/usr/bin/env python3
"""Writes internal/domain/fold_latin.go: every lower-case Latin letter with
diacritics (Latin-1 Supplement, Latin Extended-A/-B, Latin Extended
Additional, which holds Vietnamese) mapped to its base letter through
Unicode's canonical decomposition. internal/domain uses the standard
library only, so the table is generated rather than computed at run time.

Run from the repository root: python3 scripts/gen-fold-latin.py && gofmt -w internal/domain/fold_latin.go
"""
import unicodedata

entries = {}
for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
    ch = chr(cp)
    if not ch.isalpha():
        continue
    low = ch.lower()
    if len(low) != 1:
        continue
    base = ''.join(c for c in unicodedata.normalize('NFD', low) if not unicodedata.combining(c))
    if base != low and base.isascii() and base.isalpha():
        entries[low] = base

lines, row = [], []
for k, v in sorted(entries.items()):
    row.append("'%s': \"%s\"" % (k, v))
    if len(row) == 8:
        lines.append("\t" + ", ".join(row) + ",")
        row = []
if row:
    lines.append("\t" + ", ".join(row) + ",")

src = '''// Code generated from Unicode's canonical decompositions (Latin-1
// Supplement, Latin Extended-A and -B, Latin Extended Additional — which
// holds Vietnamese); DO NOT EDIT by hand: regenerate with
// scripts/gen-fold-latin.py.

package domain

// foldLatin maps a lower-case Latin letter with diacritics to its base
// letter(s): what Fold compares names and headers with.
var foldLatin = map[rune]string{
''' + "\n".join(lines) + "\n}\n"
with open('internal/domain/fold_latin.go', 'w') as f:
    f.write(src)
