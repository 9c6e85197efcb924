package importer

import (
	"context"
	"io"
	"sync"
)

// Pipeline is the read half of one import, whatever the file format and
// the records: a Schema (the columns), a Map function that turns one
// Record into the domain value T (reporting every problem of the row on the
// record, not only the first), and a Keep function that folds each valid
// value into what the plan needs — compact data, not the Record — and
// reports conflicts between rows with Record.Errorf, naming the other row.
//
// Read streams the file: one Record is alive at a time, so memory follows
// what Keep keeps, not the file.
type Pipeline[T any] struct {
	Schema Schema
	// Map reads one record. It returns ok=false when the row has errors
	// (already recorded on rec).
	Map func(rec *Record) (v T, ok bool)
	// Keep receives every valid value, in file order.
	Keep func(rec *Record, v T)
	// Progress, when set, is called every ProgressEvery rows.
	Progress func(rows int)
}

// Read decodes batchRows rows at a time, at most readAheadBatches batches
// ahead of Map and Keep.
const (
	batchRows        = 256
	readAheadBatches = 4
)

type recordBatch struct {
	recs []*Record
	n    int
	err  error // the read error after recs[:n]
}

// ProgressEvery is how often Pipeline.Progress is called, in rows.
const ProgressEvery = 2000

// ReadResult is what reading a file gave, besides what Keep kept.
type ReadResult struct {
	File      string // file name for messages
	HeaderRow int
	Rows      int        // data rows read
	Warnings  []string   // ignored columns
	Errors    *ErrorList // every error of every row
	// Column returns the header of a field as written in the file (its
	// Label when the file has no such column), for errors found later.
	Column func(key string) string
}

// Read reads every row of src through the pipeline. It fails only when the
// file cannot be read (KindRejected, exit 3), has no data row (NO_ROWS), or
// ctx is cancelled; row errors are in the result's Errors.
func (p Pipeline[T]) Read(ctx context.Context, src Source) (*ReadResult, error) {
	rd, err := NewReader(src, p.Schema)
	if err != nil {
		return nil, err
	}
	res := &ReadResult{File: rd.Name(), HeaderRow: rd.HeaderRow(), Errors: rd.Errors(), Column: rd.Column}
	// The file is decoded and its cells typed on a second goroutine, a few
	// hundred rows ahead of Map and Keep (two cores: the reading overlaps
	// the checking). Rows still reach Map and Keep one at a time, in file
	// order, and the errors of each row are listed when its turn comes:
	// the result is the same as reading on one goroutine. Records are
	// reused once mapped: memory holds a few batches of rows.
	full := make(chan *recordBatch, readAheadBatches)
	free := make(chan *recordBatch, readAheadBatches+2)
	done := make(chan struct{})
	rd.async = true
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(full)
		for {
			var b *recordBatch
			select {
			case b = <-free:
			default:
				b = &recordBatch{recs: make([]*Record, batchRows)}
			}
			b.n, b.err = 0, nil
			for b.n < batchRows {
				select {
				case <-done: // Read returned (Ctrl-C): read no further
					return
				default:
				}
				rec, err := rd.nextInto(b.recs[b.n])
				if err != nil {
					if err != io.EOF {
						b.err = err
					}
					select {
					case full <- b:
					case <-done:
					}
					return
				}
				b.recs[b.n] = rec
				b.n++
			}
			select {
			case full <- b:
			case <-done:
				return
			}
		}
	}()
	defer func() {
		close(done)
		wg.Wait() // the source is no longer read when Read returns
	}()
	for {
		// A cancellation (Ctrl-C) is seen while waiting for the reader too,
		// not only between rows: decoding a large workbook's first rows can
		// take a while.
		var b *recordBatch
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case b = <-full:
		}
		if b == nil {
			break // the file is read
		}
		for _, rec := range b.recs[:b.n] {
			if res.Rows%256 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			rec.flush()
			res.Rows++
			if p.Progress != nil && res.Rows%ProgressEvery == 0 {
				p.Progress(res.Rows)
			}
			v, ok := p.Map(rec)
			if ok && rec.OK() && p.Keep != nil {
				p.Keep(rec, v)
			}
		}
		if b.err != nil {
			return nil, b.err
		}
		select {
		case free <- b:
		default:
		}
	}
	// Columns without a header are only all known once every row is read.
	res.Warnings = rd.Warnings()
	if res.Rows == 0 && res.Errors.Len() == 0 {
		return res, Rejectf(res.File, "NO_ROWS", "no data row under the header (row %d)", res.HeaderRow)
	}
	return res, nil
}

// Action is what a plan does with one record.
type Action string

// The actions of a plan.
const (
	Create    Action = "create"
	Update    Action = "update"
	Unchanged Action = "unchanged"
)

// Change is one planned change of one record, as 'import --dry-run
// --format json' prints it.
type Change struct {
	Entity  string   `json:"entity"`  // "partner", "habilitation"…
	ID      string   `json:"id"`      // SIRET, code, or "" for a record still to be numbered
	Action  Action   `json:"action"`  // create, update (unchanged records are only counted)
	Row     int      `json:"row"`     // first row of the file that gives the record
	Changes []string `json:"changes"` // "field: old → new" lines; the values of a new record
}

// Counts are the records of one entity per action.
type Counts struct {
	Created, Updated, Unchanged int
}

// Changed is the number of records written.
func (c Counts) Changed() int { return c.Created + c.Updated }

// Plan is what an import does: per entity, how many records it creates,
// updates and leaves unchanged, and (when asked) each change.
type Plan struct {
	counts   map[string]*Counts
	entities []string
	keep     bool
	changes  []Change
}

// NewPlan returns an empty plan over the given entities (in the order the
// summary lists them); keepChanges keeps every created or updated record's
// Change (for a dry run printing them), else they are only counted.
func NewPlan(keepChanges bool, entities ...string) *Plan {
	p := &Plan{counts: map[string]*Counts{}, keep: keepChanges}
	for _, e := range entities {
		p.counts[e] = &Counts{}
		p.entities = append(p.entities, e)
	}
	return p
}

// Add counts c (and keeps it when asked and it changes something).
func (p *Plan) Add(c Change) {
	n := p.counts[c.Entity]
	if n == nil {
		n = &Counts{}
		p.counts[c.Entity] = n
		p.entities = append(p.entities, c.Entity)
	}
	switch c.Action {
	case Create:
		n.Created++
	case Update:
		n.Updated++
	default:
		n.Unchanged++
		return
	}
	if p.keep {
		if c.Changes == nil {
			c.Changes = []string{}
		}
		p.changes = append(p.changes, c)
	}
}

// KeepsChanges reports whether the plan keeps each change (so that the
// caller only describes changes when someone will read them).
func (p *Plan) KeepsChanges() bool { return p.keep }

// Counts returns the counts of an entity.
func (p *Plan) Counts(entity string) Counts {
	if n := p.counts[entity]; n != nil {
		return *n
	}
	return Counts{}
}

// Entities lists the plan's entities in order.
func (p *Plan) Entities() []string { return p.entities }

// Changes lists the kept changes in the order they were planned (never nil).
func (p *Plan) Changes() []Change {
	if p.changes == nil {
		return []Change{}
	}
	return p.changes
}

// Changed is the number of records the plan writes.
func (p *Plan) Changed() int {
	n := 0
	for _, c := range p.counts {
		n += c.Changed()
	}
	return n
}
