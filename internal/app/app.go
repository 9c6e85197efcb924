// Package app is habil's application layer: one plain Go function per use
// case (import partners, habilitate, change a status, create or sign a
// convention, import certifications, reconcile, check, build a report…),
// over domain types and the domain.Store interface.
//
// The commands in internal/cli parse flags, call a use case and print its
// result; the use cases hold the workflow (read, apply the domain rules,
// write in one transaction) and can be called and tested without cobra or
// any file format. Format adapters (xlsx, csvfr, pdf, fcexport) are given
// to the use cases by the CLI, which composes them.
package app

import (
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// App holds what every use case needs.
type App struct {
	Store  domain.Store
	Config Config
	// Clock is "now" (SOURCE_DATE_EPOCH when set, for reproducible output);
	// dates that a user gives with --at are passed to each use case.
	Clock func() time.Time
}

// New returns an App over store.
func New(store domain.Store, cfg Config, clock func() time.Time) *App {
	if clock == nil {
		clock = time.Now
	}
	return &App{Store: store, Config: cfg, Clock: clock}
}

// Today is the civil date of the clock, in local time.
func (a *App) Today() domain.Date { return domain.DateOf(a.Clock().Local()) }
