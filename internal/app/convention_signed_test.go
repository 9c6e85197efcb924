package app_test

import (
	"context"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// convSign signs ref on date (zero: today) with a fake renderer.
func convSign(a *app.App, ref string, date domain.Date) (*domain.Convention, error) {
	res, err := a.SignConvention(context.Background(), app.ConventionSign{Ref: ref, Date: date}, &fakeRenderer{})
	if err != nil {
		return nil, err
	}
	return res.Convention, nil
}
