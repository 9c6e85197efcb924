package admin

// Partner applications (issue 17, selection) are journaled as
// "application", accepted by 'habil history --entity'.
func init() {
	journalEntities = append(journalEntities, "application")
}
