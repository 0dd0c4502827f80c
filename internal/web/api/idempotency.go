package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// Idempotency-Key on a POST makes it safe to send again (a timeout, a
// failover): the forms' one-time keys (store.WithSubmission) with the hash
// of the request. The key, scoped to the token, is written in the
// transaction of the change, so of any number of requests with it, one
// changes anything; the others get its answer (status and body) once it
// is recorded. The same key with another method, path or body is refused
// (422). A request that was refused changed nothing and used up no key.

const maxKey = 255

// replayWait is how long a request whose key another request is using
// waits for that one's answer.
const replayWait = 10 * time.Second

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

func (h *Handler) idempotent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if r.Method != http.MethodPost || key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > maxKey {
			writeProblem(w, r, invalid("Idempotency-Key", "An Idempotency-Key has at most %d characters.", maxKey))
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.New()
		io.WriteString(sum, r.Method+"\n"+r.URL.Path+"\n"+r.Header.Get("Content-Type")+"\n")
		sum.Write(body)
		hash := sum.Sum(nil)
		k := sha256.Sum256([]byte("api\x00" + strconv.FormatInt(tokenOf(r).ID, 10) + "\x00" + key))
		skey := hex.EncodeToString(k[:])

		if h.replayed(w, r, skey, hash, replayWait) {
			return
		}
		ctx := store.WithRequestSubmission(r.Context(), skey, hash)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if store.SubmissionRecorded(ctx) {
			if err := h.Store.RecordRequestOutcome(context.WithoutCancel(ctx), skey, rec.status, rec.Header().Get("Content-Type"), rec.body.Bytes()); err != nil {
				ui.Logger(ctx).Warn("api outcome not recorded", "err", err)
			}
		} else if rec.status >= 400 && h.replayed(w, r, skey, hash, replayWait) {
			// Another request with the key made the change while this one
			// ran (and was refused for it): its answer is the answer.
			return
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

// replayed answers a request whose key was used: the first answer again,
// or 422 if it came with another request. It waits up to patience for an
// answer still being written; past it, 409 (try again later).
func (h *Handler) replayed(w http.ResponseWriter, r *http.Request, key string, hash []byte, patience time.Duration) bool {
	deadline := time.Now().Add(patience)
	pause := 20 * time.Millisecond
	for {
		o, err := h.Store.RequestOutcome(r.Context(), key)
		if err != nil {
			writeProblem(w, r, err)
			return true
		}
		if !o.Used {
			return false
		}
		if !bytes.Equal(o.Hash, hash) {
			writeProblem(w, r, refuse(http.StatusUnprocessableEntity, codeKeyReused,
				"This Idempotency-Key was already used with a different request; use a new key for a new request."))
			return true
		}
		if o.Status != 0 {
			w.Header().Set("Content-Type", o.ContentType)
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Idempotent-Replayed", "true")
			w.Header().Set("Content-Length", strconv.Itoa(len(o.Body)))
			w.WriteHeader(o.Status)
			w.Write(o.Body)
			return true
		}
		if time.Now().Add(pause).After(deadline) {
			w.Header().Set("Retry-After", "1")
			writeProblem(w, r, refuse(http.StatusConflict, codeKeyInProgress,
				"A request with this Idempotency-Key made its change, and its answer is not ready yet; send it again in a moment."))
			return true
		}
		select {
		case <-r.Context().Done():
			writeProblem(w, r, r.Context().Err())
			return true
		case <-time.After(pause):
		}
		pause = min(2*pause, 500*time.Millisecond)
	}
}
