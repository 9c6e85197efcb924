package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// rows is a Source over literal rows.
type rows struct {
	name string
	data [][]string
	i    int
}

func (s *rows) Name() string   { return s.name }
func (s *rows) Date1904() bool { return false }
func (s *rows) Close() error   { return nil }
func (s *rows) Next() (int, []string, error) {
	if s.i >= len(s.data) {
		return 0, nil, io.EOF
	}
	s.i++
	return s.i, s.data[s.i-1], nil
}

var pipeSchema = Schema{Name: "T", Fields: []Field{
	{Key: "id", Label: "Id", Required: true, Kind: Text},
	{Key: "n", Label: "N", Kind: Integer},
}}

func TestPipelineReadsEveryRowAndKeepsValidOnes(t *testing.T) {
	src := &rows{name: "t.csv", data: [][]string{{"Id", "N"}, {"a", "1"}, {"b", "x"}, {"a", "2"}, {"c", "3"}}}
	seen := map[string]int{} // id → first row: what a plan needs
	var kept []int64
	p := Pipeline[int64]{
		Schema: pipeSchema,
		Map: func(rec *Record) (int64, bool) {
			n, ok := rec.Integer("n")
			return n, ok
		},
		Keep: func(rec *Record, v int64) {
			id := rec.Text("id")
			if first, ok := seen[id]; ok {
				rec.Errorf("id", "DUPLICATE", "%s was given on row %d", id, first)
				return
			}
			seen[id] = rec.Row
			kept = append(kept, v)
		},
	}
	res, err := p.Read(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 4 || res.Column("n") != "N" {
		t.Errorf("rows %d, column %q", res.Rows, res.Column("n"))
	}
	var lines []string
	for _, e := range res.Errors.List() {
		lines = append(lines, e.String())
	}
	want := "t.csv:3:N: INTEGER_FORMAT|t.csv:4:Id: DUPLICATE: a was given on row 2"
	got := strings.Join(lines, "|")
	if !strings.HasPrefix(got, "t.csv:3:N: ") || !strings.Contains(got, "t.csv:4:Id: DUPLICATE: a was given on row 2") || len(lines) != 2 {
		t.Errorf("errors %q, want like %q", got, want)
	}
	if len(kept) != 2 || kept[0] != 1 || kept[1] != 3 {
		t.Errorf("kept %v", kept)
	}
}

func TestPipelineStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := &rows{name: "t.csv", data: [][]string{{"Id"}, {"a"}}}
	_, err := Pipeline[int]{Schema: pipeSchema, Map: func(*Record) (int, bool) { return 0, true }}.Read(ctx, src)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestPipelineNoRows(t *testing.T) {
	src := &rows{name: "t.csv", data: [][]string{{"Id"}}}
	_, err := Pipeline[int]{Schema: pipeSchema, Map: func(*Record) (int, bool) { return 0, true }}.Read(context.Background(), src)
	if err == nil || !strings.Contains(err.Error(), "no data row") {
		t.Errorf("err = %v", err)
	}
}

func TestPlanCounts(t *testing.T) {
	p := NewPlan(true, "partner", "habilitation")
	p.Add(Change{Entity: "partner", ID: "1", Action: Create, Row: 2})
	p.Add(Change{Entity: "partner", ID: "2", Action: Unchanged, Row: 3})
	p.Add(Change{Entity: "habilitation", ID: "7", Action: Update, Row: 3, Changes: []string{"period: a → b"}})
	if c := p.Counts("partner"); c != (Counts{Created: 1, Unchanged: 1}) {
		t.Errorf("partner counts %+v", c)
	}
	if p.Changed() != 2 || len(p.Changes()) != 2 || p.Changes()[0].Changes == nil {
		t.Errorf("changes %+v", p.Changes())
	}
	if q := NewPlan(false, "partner"); true {
		q.Add(Change{Entity: "partner", Action: Create})
		if len(q.Changes()) != 0 || q.Counts("partner").Created != 1 {
			t.Errorf("a plan that does not keep changes kept %+v", q.Changes())
		}
	}
}

// failAt is a Source that fails for good after some rows.
type failAt struct {
	rows
	at  int
	err error
}

func (s *failAt) Next() (int, []string, error) {
	if s.i == s.at {
		return 0, nil, s.err
	}
	return s.rows.Next()
}

// Rows are read ahead on another goroutine: over many batches, the errors
// are still listed in file order (cell errors, then Map's and Keep's for
// the same row), Keep sees every valid row in order, and a read error stops
// the read after the rows before it.
func TestPipelineReadAheadKeepsTheFileOrder(t *testing.T) {
	data := [][]string{{"Id", "N"}}
	for i := 0; i < 3000; i++ {
		n := "1"
		if i%7 == 0 {
			n = "x" // a cell error found by the reader
		}
		data = append(data, []string{string(rune('a' + i%26)), n})
	}
	var kept []int
	p := Pipeline[int64]{
		Schema: pipeSchema,
		Map: func(rec *Record) (int64, bool) {
			if rec.Row%11 == 0 {
				rec.Errorf("id", "MAPPED", "row %d refused by Map", rec.Row)
			}
			n, ok := rec.Integer("n")
			return n, ok
		},
		Keep: func(rec *Record, v int64) { kept = append(kept, rec.Row) },
	}
	res, err := p.Read(context.Background(), &rows{name: "t.csv", data: data})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3000 {
		t.Fatalf("rows %d", res.Rows)
	}
	var want []string
	for row := 2; row <= 3001; row++ {
		if (row-2)%7 == 0 {
			want = append(want, "INVALID_NUMBER")
		}
		if row%11 == 0 {
			want = append(want, "MAPPED")
		}
	}
	list := res.Errors.List()
	if len(list) != len(want) {
		t.Fatalf("%d errors, want %d", len(list), len(want))
	}
	last := 0
	for i, e := range list {
		if e.Row < last || (e.Code != want[i] && !(want[i] == "INVALID_NUMBER" && e.Code != "MAPPED")) {
			t.Fatalf("error %d: %+v, want %s", i, e, want[i])
		}
		last = e.Row
	}
	for i := 1; i < len(kept); i++ {
		if kept[i] <= kept[i-1] || (kept[i]-2)%7 == 0 || kept[i]%11 == 0 {
			t.Fatalf("kept rows out of order or invalid: %d after %d", kept[i], kept[i-1])
		}
	}

	boom := errors.New("disk gone")
	src := &failAt{rows: rows{name: "t.csv", data: data}, at: 1000, err: boom}
	kept = nil
	if _, err := p.Read(context.Background(), src); !errors.Is(err, boom) && !strings.Contains(fmt.Sprint(err), "disk gone") {
		t.Fatalf("err = %v, want the read error", err)
	}
	if len(kept) == 0 || kept[len(kept)-1] > 1000 {
		t.Errorf("kept up to row %v", kept[len(kept)-1])
	}
}

// slowRows is a Source whose every row takes a while (a large workbook, a
// slow network share).
type slowRows struct {
	rows
	delay time.Duration
}

func (s *slowRows) Next() (int, []string, error) {
	time.Sleep(s.delay)
	return s.rows.Next()
}

// Ctrl-C while the reader is still decoding the first rows (a batch is not
// full yet): Read stops at once, it does not wait for the batch.
func TestPipelineStopsOnCancelWhileReading(t *testing.T) {
	data := [][]string{{"Id"}}
	for i := 0; i < 1000; i++ {
		data = append(data, []string{fmt.Sprint(i)})
	}
	src := &slowRows{rows: rows{name: "t.csv", data: data}, delay: 20 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res, err := Pipeline[int]{Schema: pipeSchema, Map: func(*Record) (int, bool) { return 0, true }}.Read(ctx, src)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("res %v, err = %v, want context.Canceled", res, err)
	}
	// A batch is 256 rows of 20 ms: more than 5 s.
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Read returned %v after the start, long after Ctrl-C (100 ms)", d)
	}
}
