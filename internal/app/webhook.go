package app

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Webhook headers.
const (
	EventHeader    = "X-GitHub-Event"
	DeliveryHeader = "X-GitHub-Delivery"
)

// RetryAfterSeconds is the Retry-After sent with 503 when the queue is full.
const RetryAfterSeconds = 60

// serveWebhook verifies, decides and answers one delivery. Nothing in the
// body is looked at before the signature is verified.
func (s *Server) serveWebhook(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	event := r.Header.Get(EventHeader)
	delivery := r.Header.Get(DeliveryHeader)
	label := "unverified"
	result := ""
	defer func() {
		s.metrics.deliveries.WithLabelValues(label, result).Inc()
		s.metrics.ackSeconds.Observe(time.Since(start).Seconds())
	}()
	log := s.log.With(slog.String("delivery", delivery), slog.String("event", eventLabel(event)))

	if r.ContentLength > MaxBodyBytes {
		result = "too_large"
		http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
		return
	}
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		// Refuse before reading: the sender cannot be GitHub.
		result = "unauthorized"
		log.Warn("webhook rejected: " + ErrNoSignature.Error())
		http.Error(w, ErrNoSignature.Error(), http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			result = "too_large"
			http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
			return
		}
		result = "bad_request"
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	if err := VerifySignature(s.cfg.WebhookSecret, body, sig); err != nil {
		result = "unauthorized"
		log.Warn("webhook rejected: " + err.Error())
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	label = eventLabel(event)
	if event == "" {
		result = "bad_request"
		http.Error(w, "missing "+EventHeader, http.StatusBadRequest)
		return
	}
	if s.draining.Load() {
		result = "shutting_down"
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if !s.deliveries.Add(delivery) {
		result = "duplicate"
		log.Info("redelivery dropped")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "duplicate delivery\n")
		return
	}
	d, err := decide(event, delivery, body, decideOptions{appID: s.cfg.AppID, reviewDrafts: s.cfg.ReviewDrafts})
	if err != nil {
		result = "bad_request"
		log.Warn("webhook payload rejected", slog.String("error", err.Error()))
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	result = s.apply(w, log, delivery, d)
}

// apply carries out a decision and writes the answer; it returns the result
// label for metrics.
func (s *Server) apply(w http.ResponseWriter, log *slog.Logger, delivery string, d decision) string {
	switch {
	case d.ping:
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "pong\n")
		return "handled"
	case d.installation != 0 && len(d.jobs) == 0:
		if d.dropInstallation != 0 {
			n := s.installs.Drop(d.dropInstallation)
			log.Info("installation removed or suspended: tokens dropped", slog.Int64("installation", d.dropInstallation), slog.Int("dropped", n))
		}
		if len(d.dropRepos) > 0 {
			n := s.installs.DropRepos(d.installation, d.dropRepos)
			log.Info("repositories removed from installation: tokens dropped", slog.Int64("installation", d.installation), slog.Int("dropped", n))
		}
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "ok\n")
		return "handled"
	}
	for _, j := range d.cancel {
		if s.queue.Cancel(j, ErrPRClosed) {
			s.jobLog(j).Info("pull request closed: pending review cancelled")
		}
	}
	if len(d.jobs) == 0 {
		log.Debug("delivery ignored", slog.String("reason", d.ignore))
		w.WriteHeader(http.StatusNoContent)
		return "ignored"
	}
	accepted := 0
	for _, j := range d.jobs {
		jl := s.jobLog(j)
		switch s.queue.Enqueue(j) {
		case enqueued, superseding:
			accepted++
			jl.Info("review queued", slog.String("event", j.Event), slog.String("action", j.Action))
		case coalesced:
			accepted++
			jl.Info("review of this head already queued or running")
		case alreadyReviewed:
			accepted++
			jl.Info("head already reviewed; not reviewing again")
		case queueFull:
			// GitHub does not redeliver by itself: make this loud.
			jl.Error("QUEUE FULL: delivery refused with 503; redeliver it from the App's advanced settings or re-run the check")
		case queueClosed:
			jl.Warn("shutting down: delivery refused")
		}
	}
	if accepted == 0 {
		s.deliveries.Forget(delivery)
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		http.Error(w, "review queue full", http.StatusServiceUnavailable)
		return "queue_full"
	}
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, "accepted\n")
	return "accepted"
}
