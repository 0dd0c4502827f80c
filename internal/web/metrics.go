package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// metrics is what the portal tells its operators, in Prometheus' format at
// /metrics. Labels never carry personal data: routes are chi's patterns
// ("/customer/vouchers/{id}"), not paths.
type metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	signInFailures prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "sapsportal_http_requests_total",
			Help: "Requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "sapsportal_http_request_duration_seconds",
			Help: "How long requests took, by route pattern and method.", Buckets: prometheus.DefBuckets}, []string{"route", "method"}),
		signInFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "sapsportal_sign_in_failures_total",
			Help: "Sign-ins refused for a wrong email or password."}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.signInFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		poolCollector{s.store}, backlogCollector{s})
	return m
}

// observe counts a request once it is answered.
func (m *metrics) observe(r *http.Request, status int, took time.Duration) {
	route := "unmatched"
	if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
		route = rc.RoutePattern()
	}
	m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, r.Method).Observe(took.Seconds())
}

var (
	poolConns    = prometheus.NewDesc("sapsportal_db_pool_connections", "Connections of the database pool, by state.", []string{"state"}, nil)
	poolMax      = prometheus.NewDesc("sapsportal_db_pool_max_connections", "The pool's largest size.", nil, nil)
	poolWaits    = prometheus.NewDesc("sapsportal_db_pool_waits_total", "Acquisitions that had to wait for a connection.", nil, nil)
	poolWaitTime = prometheus.NewDesc("sapsportal_db_pool_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
	txRetries    = prometheus.NewDesc("sapsportal_db_transaction_retries_total", "Transactions run again after a serialization failure or a deadlock.", nil, nil)
	sweepLag     = prometheus.NewDesc("sapsportal_sweep_lag_seconds", "Age of the oldest voucher expiry not yet processed by the catch-up sweeps (0: none).", nil, nil)
	outboxDepth  = prometheus.NewDesc("sapsportal_outbox_unsent", "Emails written and not yet sent.", nil, nil)
	outboxFailed = prometheus.NewDesc("sapsportal_outbox_failing", "Unsent emails whose last attempt failed.", nil, nil)
	dbUp         = prometheus.NewDesc("sapsportal_db_up", "1 when the database answered this scrape.", nil, nil)
)

type poolCollector struct{ st *store.Store }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConns, poolMax, poolWaits, poolWaitTime, txRetries} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.st.Pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.AcquiredConns()), "acquired")
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.IdleConns()), "idle")
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.ConstructingConns()), "opening")
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, s.EmptyAcquireWaitTime().Seconds())
	ch <- prometheus.MustNewConstMetric(txRetries, prometheus.CounterValue, float64(c.st.Retries()))
}

// backlogCollector reads what is waiting to be done, at scrape time.
type backlogCollector struct{ s *Server }

func (c backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{sweepLag, outboxDepth, outboxFailed, dbUp} {
		ch <- d
	}
}

func (c backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	b, err := c.s.store.Backlog(ctx, c.s.app.Clock.Now())
	if err != nil {
		ch <- prometheus.MustNewConstMetric(dbUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(dbUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(sweepLag, prometheus.GaugeValue, b.SweepLag.Seconds())
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(b.Unsent))
	ch <- prometheus.MustNewConstMetric(outboxFailed, prometheus.GaugeValue, float64(b.Failing))
}

// metricsHandler serves /metrics to the addresses allowed (loopback by
// default) or to a request with the configured token; to anyone else the
// route does not exist.
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.mayScrape(r) {
			ui.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) mayScrape(r *http.Request) bool {
	if t := s.cfg.MetricsToken; t != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(got), []byte(t)) == 1 {
			return true
		}
	}
	ip := net.ParseIP(clientAddress(r))
	if ip == nil {
		return false
	}
	nets := s.cfg.MetricsFrom
	if nets == nil {
		nets = loopback
	}
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

var loopback = func() []*net.IPNet {
	var nets []*net.IPNet
	for _, c := range []string{"127.0.0.0/8", "::1/128"} {
		_, n, _ := net.ParseCIDR(c)
		nets = append(nets, n)
	}
	return nets
}()

// ParseNetworks reads a comma-separated list of addresses or CIDR ranges.
func ParseNetworks(s string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !strings.Contains(f, "/") {
			if strings.Contains(f, ":") {
				f += "/128"
			} else {
				f += "/32"
			}
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, err
		}
		nets = append(nets, n)
	}
	return nets, nil
}
