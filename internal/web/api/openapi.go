package api

import "net/http"

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {}
