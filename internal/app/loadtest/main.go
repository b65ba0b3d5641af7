// Command loadtest measures stevedore serve under webhook load: it starts the
// App server in-process against the fake GitHub (internal/githubtest) with a
// response latency, sends signed pull_request deliveries at a fixed rate
// (open loop) over many connections, and prints deliveries acknowledged per
// second, p50/p99 acknowledge latency, reviews completed per second and the
// process's peak RSS (VmHWM: the server, the fake GitHub and the load
// generator together, so an upper bound for the server).
//
//	GOMAXPROCS=2 taskset -c 0,1 go run ./internal/app/loadtest -rate 500 -duration 20s
//
// Reviews are simulated by a reviewer that makes the API calls of a small
// review (get the PR, list its files, create and complete a check run), so
// their rate is bounded by -workers and -latency, not by the rule engine.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/app"
	"github.com/stevedore-dev/stevedore/internal/ghhttp"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

type options struct {
	rate          int
	duration      time.Duration
	prs           int
	installations int
	workers       int
	queue         int
	latency       time.Duration
	conns         int
	payloadKB     int
	drain         time.Duration
}

func main() {
	testing.Init() // githubtest needs a testing.TB; testing.Benchmark provides one
	var o options
	flag.IntVar(&o.rate, "rate", 500, "deliveries per second to send (open loop)")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "how long to send")
	flag.IntVar(&o.prs, "prs", 200, "distinct pull requests the deliveries are spread over")
	flag.IntVar(&o.installations, "installations", 5, "App installations the PRs are spread over")
	flag.IntVar(&o.workers, "workers", 16, "server review workers")
	flag.IntVar(&o.queue, "queue", 1000, "server queue size")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "fake GitHub response latency")
	flag.IntVar(&o.conns, "conns", 64, "concurrent sender connections")
	flag.IntVar(&o.payloadKB, "payload-kb", 25, "approximate delivery size in KiB (real pull_request payloads are 25-30)")
	flag.DurationVar(&o.drain, "drain", 30*time.Second, "how long to wait for queued reviews after sending")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to `FILE`")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(2)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	var code int
	testing.Benchmark(func(b *testing.B) {
		if b.N > 1 {
			b.SkipNow() // run once
		}
		code = run(b, o)
	})
	pprof.StopCPUProfile()
	os.Exit(code)
}

// simReviewer makes the API calls of a small review.
type simReviewer struct {
	completed, cancelled, failed atomic.Int64
	firstErr                     atomic.Value
}

func (r *simReviewer) Review(ctx context.Context, job app.Job, c *github.Client) error {
	err := func() error {
		pr, _, err := c.PullRequests.Get(ctx, job.Owner, job.Repo, job.PR)
		if err != nil {
			return err
		}
		if _, _, err := c.PullRequests.ListFiles(ctx, job.Owner, job.Repo, job.PR, &github.ListOptions{PerPage: 100}); err != nil {
			return err
		}
		run, _, err := c.Checks.CreateCheckRun(ctx, job.Owner, job.Repo, github.CreateCheckRunOptions{
			Name: "stevedore", HeadSHA: pr.GetHead().GetSHA(), Status: github.String("in_progress"),
		})
		if err != nil {
			return err
		}
		_, _, err = c.Checks.UpdateCheckRun(ctx, job.Owner, job.Repo, run.GetID(), github.UpdateCheckRunOptions{
			Name: "stevedore", Status: github.String("completed"), Conclusion: github.String("success"),
			Output: &github.CheckRunOutput{Title: github.String("0 new"), Summary: github.String("load test")},
		})
		return err
	}()
	switch {
	case err == nil:
		r.completed.Add(1)
	case ctx.Err() != nil:
		r.cancelled.Add(1)
	default:
		r.failed.Add(1)
		r.firstErr.CompareAndSwap(nil, err.Error())
	}
	return err
}

func run(b *testing.B, o options) int {
	key, pemKey := githubtest.NewAppKey(b)
	gh := githubtest.New(b, githubtest.WithApp(githubtest.App{ID: 7, Slug: "stevedore", PublicKey: &key.PublicKey}))
	type pr struct {
		inst int64
		repo string
		n    int
	}
	prs := make([]pr, o.prs)
	byInst := map[int64][]string{}
	for i := range prs {
		inst := int64(i%o.installations) + 1
		repo := fmt.Sprintf("org%d/repo%d", inst, (i/o.installations)%4)
		prs[i] = pr{inst, repo, i + 1}
		if !slices.Contains(byInst[inst], repo) {
			byInst[inst] = append(byInst[inst], repo)
		}
	}
	for inst, repos := range byInst {
		gh.AddInstallation(inst, repos...)
	}
	for _, p := range prs {
		gh.AddPR(p.repo, githubtest.PR{Number: p.n, HeadSHA: fmt.Sprintf("%040x", p.n), BaseSHA: strings.Repeat("b", 40),
			Files: []githubtest.PRFile{{Filename: "Dockerfile", Patch: "@@ -1 +1 @@\n-FROM alpine:3.18\n+FROM alpine:3.19"}}})
	}
	gh.Latency(o.latency)

	secret := []byte("load test secret")
	rv := &simReviewer{}
	srv, err := app.New(app.Config{
		AppID: 7, PrivateKey: pemKey, WebhookSecret: secret, APIURL: gh.URL(), Workers: o.workers, QueueSize: o.queue,
		Reviewer: rv, Logger: slog.New(slog.DiscardHandler),
		Transport: &http.Transport{MaxIdleConnsPerHost: o.workers * 2},
		Retry:     ghhttp.Options{BaseDelay: 10 * time.Millisecond},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		return 2
	}
	srv.Start()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	pad := strconv.Quote(strings.Repeat("x", max(0, o.payloadKB*1024-600)))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.conns, MaxConnsPerHost: o.conns}}
	type result struct {
		status int
		lat    time.Duration
	}
	work := make(chan int, o.conns*4)
	results := make(chan result, 4096)
	var senders sync.WaitGroup
	for range o.conns {
		senders.Add(1)
		go func() {
			defer senders.Done()
			for i := range work {
				p := prs[i%len(prs)]
				body := fmt.Appendf(nil, `{"action":"synchronize","number":%d,"installation":{"id":%d},"repository":{"id":%d,"full_name":%q},`+
					`"pull_request":{"number":%d,"state":"open","draft":false,"head":{"sha":"%040x"},"body":%s}}`,
					p.n, p.inst, p.inst, p.repo, p.n, i+1_000_000, pad)
				req, _ := http.NewRequest(http.MethodPost, hs.URL+"/webhook", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(app.EventHeader, "pull_request")
				req.Header.Set(app.DeliveryHeader, fmt.Sprintf("load-%d", i))
				req.Header.Set(app.SignatureHeader, app.Sign(secret, body))
				start := time.Now()
				resp, err := client.Do(req)
				st := 0
				if err == nil {
					st = resp.StatusCode
					resp.Body.Close()
				}
				results <- result{st, time.Since(start)}
			}
		}()
	}
	var lats []time.Duration
	statuses := map[int]int{}
	collected := make(chan struct{})
	go func() {
		for r := range results {
			statuses[r.status]++
			if r.status == http.StatusAccepted {
				lats = append(lats, r.lat)
			}
		}
		close(collected)
	}()

	fmt.Printf("stevedore serve load test: %d deliveries/s for %v, %d PRs on %d installations, %d workers, GitHub latency %v, GOMAXPROCS %d, payload %d KiB\n",
		o.rate, o.duration, o.prs, o.installations, o.workers, o.latency, runtime.GOMAXPROCS(0), o.payloadKB)
	start := time.Now()
	total := int(float64(o.rate) * o.duration.Seconds())
	behind := 0
	interval := time.Second / time.Duration(o.rate)
	for i := range total {
		next := start.Add(time.Duration(i) * interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		select {
		case work <- i:
		default:
			behind++
			work <- i
		}
	}
	close(work)
	senders.Wait()
	sendTime := time.Since(start)
	close(results)
	<-collected
	completedDuringLoad := rv.completed.Load()

	drainStart := time.Now()
	for time.Since(drainStart) < o.drain {
		if srvIdle(hs.URL) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	allTime := time.Since(start)
	serverAck := ackBuckets(hs.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)

	slices.Sort(lats)
	pct := func(p float64) time.Duration {
		if len(lats) == 0 {
			return 0
		}
		return lats[min(len(lats)-1, int(p*float64(len(lats))))]
	}
	fmt.Printf("sent %d deliveries in %v (generator fell behind %d times); statuses %v\n", total, sendTime.Round(time.Millisecond), behind, statuses)
	fmt.Printf("acknowledged (202): %.0f deliveries/s\n", float64(statuses[http.StatusAccepted])/sendTime.Seconds())
	fmt.Printf("acknowledge latency: p50 %v  p99 %v  max %v\n", pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Printf("server-side acknowledge time (handler only, from /metrics): %s\n", serverAck)
	fmt.Printf("reviews completed: %d during load (%.1f/s), %d after drain (%.1f/s over %v); %d cancelled (superseded), %d failed\n",
		completedDuringLoad, float64(completedDuringLoad)/sendTime.Seconds(), rv.completed.Load(), float64(rv.completed.Load())/allTime.Seconds(),
		allTime.Round(time.Millisecond), rv.cancelled.Load(), rv.failed.Load())
	if e := rv.firstErr.Load(); e != nil {
		fmt.Printf("first review error: %v\n", e)
	}
	calls := gh.Calls()
	fmt.Printf("GitHub calls: %d (%d token exchanges)\n", calls.Total, calls.Auth)
	fmt.Printf("peak RSS (VmHWM, whole process): %s\n", peakRSS())
	if v := gh.TakeViolations(); len(v) > 0 {
		fmt.Printf("fake GitHub recorded %d API violations, first: %s\n", len(v), v[0])
		return 1
	}
	return 0
}

// srvIdle reads the queue gauges from /metrics.
func srvIdle(base string) bool {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	depth, running := "", ""
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "stevedore_queue_depth "); ok {
			depth = v
		}
		if v, ok := strings.CutPrefix(line, "stevedore_jobs_running "); ok {
			running = v
		}
	}
	return depth == "0" && running == "0"
}

// ackBuckets summarises the stevedore_webhook_ack_seconds histogram as the
// share of deliveries answered within each bucket bound.
func ackBuckets(base string) string {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return "unknown"
	}
	defer resp.Body.Close()
	var parts []string
	var count float64
	type bucket struct {
		le string
		n  float64
	}
	var buckets []bucket
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, `stevedore_webhook_ack_seconds_bucket{le="`); ok {
			le, val, _ := strings.Cut(rest, `"} `)
			n, _ := strconv.ParseFloat(val, 64)
			buckets = append(buckets, bucket{le, n})
		}
		if v, ok := strings.CutPrefix(line, "stevedore_webhook_ack_seconds_count "); ok {
			count, _ = strconv.ParseFloat(v, 64)
		}
	}
	for _, b := range buckets {
		if b.le == "0.001" || b.le == "0.005" || b.le == "0.01" || b.le == "0.025" {
			parts = append(parts, fmt.Sprintf("≤%sms %.2f%%", strings.TrimPrefix(strconv.FormatFloat(mustFloat(b.le)*1000, 'f', -1, 64), ""), 100*b.n/max(count, 1)))
		}
	}
	return strings.Join(parts, ", ")
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// peakRSS reads VmHWM from /proc/self/status.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
