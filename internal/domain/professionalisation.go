package domain

// Training is a session of professionalisation of the partners' trainers
// and evaluators on the certification, its référentiel and the exams.
type Training struct {
	ID        int64
	Date      Date
	Topic     string
	Partners  []SIRET
	Attendees []TrainingAttendee // the people trained, when a list was given
	CreatedAt string
}

// TrainingAttendee is one person trained: a trainer or evaluator of a
// partner.
type TrainingAttendee struct {
	Name    string
	Partner SIRET // "" when not given
	Role    string
}

// NetworkDocument is one version of a document the partners must use
// (référentiel, exam rules, evaluation grids), stored by its SHA-256, with
// the partners' acknowledgements.
type NetworkDocument struct {
	ID          int64
	Name        string
	Version     string
	SHA256      string
	FileName    string
	Size        int64
	PublishedOn Date
	Acks        map[SIRET]Date
}

// CurrentDocuments keeps the last published version of each document name
// (by publication date, then id) among docs published on or before at.
func CurrentDocuments(docs []*NetworkDocument, at Date) []*NetworkDocument {
	cur := map[string]*NetworkDocument{}
	var names []string
	for _, d := range docs {
		if d.PublishedOn.After(at) {
			continue
		}
		c := cur[d.Name]
		if c == nil {
			names = append(names, d.Name)
		}
		if c == nil || d.PublishedOn.After(c.PublishedOn) || (d.PublishedOn == c.PublishedOn && d.ID > c.ID) {
			cur[d.Name] = d
		}
	}
	out := make([]*NetworkDocument, 0, len(names))
	for _, n := range names {
		out = append(out, cur[n])
	}
	return out
}
