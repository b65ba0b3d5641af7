package app

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus collectors, on their own registry.
type metrics struct {
	reg            *prometheus.Registry
	deliveries     *prometheus.CounterVec
	ackSeconds     prometheus.Histogram
	superseded     prometheus.Counter
	jobs           *prometheus.CounterVec
	reviewSeconds  *prometheus.HistogramVec
	githubRequests *prometheus.CounterVec
	rateRemaining  *prometheus.GaugeVec
}

var knownEvents = map[string]bool{
	"ping": true, "pull_request": true, "check_suite": true, "check_run": true,
	"installation": true, "installation_repositories": true,
}

// eventLabel keeps the event label bounded.
func eventLabel(event string) string {
	if knownEvents[event] {
		return event
	}
	return "other"
}

func newMetrics(q *queue) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stevedore_webhook_deliveries_total",
			Help: "Webhook deliveries by event and result (accepted, ignored, duplicate, handled, unauthorized, too_large, bad_request, queue_full).",
		}, []string{"event", "result"}),
		ackSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "stevedore_webhook_ack_seconds",
			Help:    "Time from reading a delivery to answering it.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
		superseded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stevedore_jobs_superseded_total",
			Help: "Queued or running reviews replaced by a newer event for the same pull request.",
		}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stevedore_jobs_total",
			Help: "Finished review jobs by result (ok, error, panic, cancelled).",
		}, []string{"result"}),
		reviewSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "stevedore_review_duration_seconds",
			Help:    "Duration of review jobs by result.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 12),
		}, []string{"result"}),
		githubRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stevedore_github_requests_total",
			Help: "GitHub API responses by method, route template and status (0: network error).",
		}, []string{"method", "route", "status"}),
		rateRemaining: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "stevedore_github_rate_limit_remaining",
			Help: "x-ratelimit-remaining of the last GitHub response, by installation.",
		}, []string{"installation"}),
	}
	m.reg.MustRegister(m.deliveries, m.ackSeconds, m.superseded, m.jobs, m.reviewSeconds, m.githubRequests, m.rateRemaining,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "stevedore_queue_depth", Help: "Review jobs waiting for a worker.",
		}, func() float64 { return float64(q.Depth()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "stevedore_jobs_running", Help: "Review jobs being worked on.",
		}, func() float64 { return float64(q.Running()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) githubResponse(prefix string, installation int64, method, path string, status, remaining int) {
	m.githubRequests.WithLabelValues(method, routeTemplate(prefix, path), strconv.Itoa(status)).Inc()
	if remaining >= 0 {
		m.rateRemaining.WithLabelValues(strconv.FormatInt(installation, 10)).Set(float64(remaining))
	}
}
