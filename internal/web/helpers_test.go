package web_test

import (
	"strconv"

	"sapsportal/internal/app"
	"sapsportal/internal/web/webtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func appInput(e *webtest.Env, pm string) app.CreateVoucherInput {
	return app.CreateVoucherInput{EnrollmentID: e.Demo.Enrollments["SA-TAILSPIN-FR-01"],
		EngagementTypeID: int64(e.Count("SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'")),
		Days:             1, ProjectManagerEmail: pm}
}
