package admin

// The kinds of record the network's life (issue 17) journals, accepted by
// 'habil history --entity'.
func init() {
	journalEntities = append(journalEntities, "improvement", "committee", "royalty", "training", "document")
}
