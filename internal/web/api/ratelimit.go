package api

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"sapsportal/internal/store"
)

// Each token may make Config.RateLimit requests per window, counted in
// PostgreSQL (the throttles table), so every instance enforces the same
// limit. Every answer says where the token stands (RateLimit-Limit,
// -Remaining, -Reset: seconds until the window starts again); past the
// limit, 429 with Retry-After.

// DefaultRateLimit is the requests a token may make per minute unless
// configured.
const DefaultRateLimit = 600

func (h *Handler) limits() (int, time.Duration) {
	n, win := h.Cfg.RateLimit, h.Cfg.RateWindow
	if n <= 0 {
		n = DefaultRateLimit
	}
	if win <= 0 {
		win = time.Minute
	}
	return n, win
}

func (h *Handler) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, win := h.limits()
		key := store.ThrottleKey{Limit: store.ThrottleLimit{Name: "api token requests", Window: win}, Key: strconv.FormatInt(tokenOf(r).ID, 10)}
		n, reset, err := h.Store.RateCount(r.Context(), key)
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		secs := max(1, int(math.Ceil(time.Until(reset).Seconds())))
		hd := w.Header()
		hd.Set("RateLimit-Limit", strconv.Itoa(limit))
		hd.Set("RateLimit-Remaining", strconv.Itoa(max(0, limit-n)))
		hd.Set("RateLimit-Reset", strconv.Itoa(secs))
		hd.Set("RateLimit-Policy", strconv.Itoa(limit)+";w="+strconv.Itoa(int(win.Seconds())))
		if n > limit {
			hd.Set("Retry-After", strconv.Itoa(secs))
			writeProblem(w, r, refuse(http.StatusTooManyRequests, codeRateLimited,
				"This token made more than %d requests in %d seconds. Try again in %d seconds.", limit, int(win.Seconds()), secs))
			return
		}
		next.ServeHTTP(w, r)
	})
}
