package main

import (
	"context"
	"flag"
	"html/template"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The bare baseline answers each page's question with one keyset query of
// 50 rows rendered with html/template: what any server over this database
// costs, without the portal's sessions, scopes, rules and layout.

var bareTemplate = template.Must(template.New("list").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vouchers</title></head><body>
<table>{{range .}}<tr><td>{{.ID}}</td><td>{{.Code}}</td><td>{{.State}}</td><td>{{.Days}}</td><td>{{.ExpiresOn.Format "2006-01-02"}}</td></tr>
{{end}}</table></body></html>`))

type bareRow struct {
	ID        int64
	Code      string
	State     string
	Days      int
	ExpiresOn time.Time
}

// serveBare runs the baseline: bench bare -addr A -database-url U.
func serveBare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	url := fs.String("database-url", "", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := pgxpool.ParseConfig(*url)
	if err != nil {
		return err
	}
	cfg.MaxConns = 20 // as the portal's pool
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	query := func(where string) http.HandlerFunc {
		sql := `SELECT id, code, state, days, expires_on FROM vouchers ` + where + ` ORDER BY expires_on, id LIMIT 50`
		return func(w http.ResponseWriter, r *http.Request) {
			var args []any
			if where != "" {
				org, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
				args = append(args, org)
			}
			rows, err := pool.Query(r.Context(), sql, args...)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			var list []bareRow
			for rows.Next() {
				var b bareRow
				if err := rows.Scan(&b.ID, &b.Code, &b.State, &b.Days, &b.ExpiresOn); err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				list = append(list, b)
			}
			if err := rows.Err(); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			bareTemplate.Execute(w, list)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/customer", query("WHERE org_id = $1"))
	mux.Handle("/partner", query("WHERE partner_org_id = $1"))
	mux.Handle("/admin", query(""))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
