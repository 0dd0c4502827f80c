package api_test

import (
	"testing"

	"sapsportal/internal/web/webtest"
)

type apiDoc struct{}

func openAPI(t testing.TB, e *webtest.Env) *apiDoc { return &apiDoc{} }

func (d *apiDoc) conforms(t testing.TB, method, route string, status int, body []byte) {}
