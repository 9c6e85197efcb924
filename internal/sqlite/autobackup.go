package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Automatic backups are the copies habil makes on its own, next to the
// database NAME.db: NAME.pre-vN-STAMP.bak before a schema migration and
// NAME.pre-purge-STAMP.bak before 'privacy purge' (STAMP is UTC
// YYYYMMDD-HHMMSS, a -K suffix when two fall in the same second). Only
// these are ever pruned: a file the user named ('backup --out') never is.

// autoBackupRe matches the name of an automatic backup of base (the
// database's name without its extension), capturing its stamp and suffix.
func autoBackupRe(base string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `\.pre-(?:v\d+|purge)-(\d{8}-\d{6})(?:-(\d+))?\.bak$`)
}

// AutoBackups lists the complete automatic backups of the database at
// dbPath, oldest first.
func AutoBackups(dbPath string) []string {
	dir := filepath.Dir(dbPath)
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	re := autoBackupRe(base)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type bak struct {
		path, stamp string
		k           int
	}
	var list []bak
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err != nil || info.Size() == 0 {
			continue // a name reserved by a backup in progress (or killed)
		}
		k := 1
		if m[2] != "" {
			fmt.Sscan(m[2], &k)
		}
		list = append(list, bak{filepath.Join(dir, e.Name()), m[1], k})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].stamp != list[j].stamp {
			return list[i].stamp < list[j].stamp
		}
		if list[i].k != list[j].k {
			return list[i].k < list[j].k
		}
		return list[i].path < list[j].path
	})
	out := make([]string, len(list))
	for i, b := range list {
		out[i] = b.path
	}
	return out
}

// PruneAutoBackups removes the oldest automatic backups of the database at
// dbPath so that at most keep remain (keep ≤ 0 keeps them all). It returns
// the files removed.
func PruneAutoBackups(dbPath string, keep int) []string {
	if keep <= 0 {
		return nil
	}
	list := AutoBackups(dbPath)
	if len(list) <= keep {
		return nil
	}
	var removed []string
	for _, p := range list[:len(list)-keep] {
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// AutoBackup writes a verified automatic backup (see BackupTo) named
// NAME.pre-REASON-STAMP.bak next to the database, then prunes the
// automatic backups to the configured number (Options.KeepBackups). It
// returns the backup's path.
func (db *DB) AutoBackup(ctx context.Context, reason string) (string, error) {
	base := fmt.Sprintf("%s.pre-%s-%s", strings.TrimSuffix(db.path, filepath.Ext(db.path)), reason, db.now().UTC().Format("20060102-150405"))
	path := base + ".bak"
	for i := 2; fileExists(path) && i < 100; i++ {
		path = fmt.Sprintf("%s-%d.bak", base, i)
	}
	if err := db.BackupTo(ctx, path); err != nil {
		return "", err
	}
	PruneAutoBackups(db.path, db.keep)
	return path, nil
}
