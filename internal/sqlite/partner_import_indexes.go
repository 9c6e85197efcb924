package sqlite

// A large import into an empty (or small) register loads faster when the
// secondary indexes of the tables it fills are built once, after the rows,
// than maintained row by row (each row of the file touches five of them, at
// random places). SuspendImportIndexes drops them inside the import's
// transaction and RestoreImportIndexes creates them again, in the same
// transaction: a failure or a cancellation rolls the drop back with
// everything else. Primary keys, UNIQUE constraints,
// foreign keys and CHECK constraints are never touched.

// importIndex is one secondary index a partner import maintains, with the
// exact statement that created it (as sqlite_master holds it: a test
// compares this list with a migrated database, so that the two never
// drift).
type importIndex struct {
	name string
	// read is true when the import's own reads use the index (its SIRET
	// lookups): it is only dropped when the register holds no partner.
	read bool
	sql  string
}

var importIndexes = []importIndex{
	{"partner_list", false, "CREATE INDEX partner_list ON partner(name_fold, siret, status, role, qualiopi_until)"},
	{"partner_status_history_siret", true, "CREATE INDEX partner_status_history_siret ON partner_status_history(siret)"},
	{"habilitation_partner", true, "CREATE INDEX habilitation_partner ON habilitation(partner_siret, certification)"},
	{"habilitation_certification", false, "CREATE INDEX habilitation_certification ON habilitation(certification)"},
	{"journal_entity", false, "CREATE INDEX journal_entity ON journal(entity, entity_id)"},
}

// SuspendImportIndexes drops the secondary indexes the partner import's
// writes maintain, to rebuild them once in RestoreImportIndexes, which must
// be called in the same transaction before it commits. With all false, the
// indexes the import's reads use are kept (a register that already holds
// partners).
func (tx *Tx) SuspendImportIndexes(all bool) error {
	have, err := tx.importIndexes()
	if err != nil {
		return err
	}
	for _, ix := range importIndexes {
		if (ix.read && !all) || !have[ix.name] {
			continue
		}
		if err := tx.execOnce("DROP INDEX " + ix.name); err != nil {
			return err
		}
	}
	return nil
}

// RestoreImportIndexes creates again, with their exact definitions, the
// import indexes that are missing (those SuspendImportIndexes dropped).
func (tx *Tx) RestoreImportIndexes() error {
	have, err := tx.importIndexes()
	if err != nil {
		return err
	}
	for _, ix := range importIndexes {
		if have[ix.name] {
			continue
		}
		if err := tx.execOnce(ix.sql); err != nil {
			return err
		}
	}
	return nil
}

// importIndexes reports which of importIndexes exist.
func (tx *Tx) importIndexes() (map[string]bool, error) {
	rows, err := tx.queryOnce("SELECT name FROM sqlite_master WHERE type = 'index'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}
