package app

import (
	"container/list"
	"context"
	"errors"
	"sync"
)

// Reasons a job's context is cancelled.
var (
	ErrSuperseded = errors.New("superseded by a newer event for the same pull request")
	ErrShutdown   = errors.New("server shutting down")
	ErrPRClosed   = errors.New("pull request closed")
)

// enqueueResult says what Enqueue did with a job.
type enqueueResult int

const (
	enqueued        enqueueResult = iota // queued as new work
	superseding                          // queued, replacing or cancelling older work for the PR
	coalesced                            // the same head is already queued or running
	alreadyReviewed                      // this head was reviewed recently (and no rerun was asked)
	queueFull                            // no room: answer 503
	queueClosed                          // shutting down: answer 503
)

// entry is a queued or running job.
type entry struct {
	job    Job
	ctx    context.Context
	cancel context.CancelCauseFunc
	elem   *list.Element // position in pending, nil once taken
}

// queue is a bounded FIFO of jobs with at most one pending job per pull
// request. A job never runs while an older job for the same pull request is
// still running (it waits until the older one has returned), so two reviews
// of one PR never post at the same time.
type queue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	base     context.Context
	capacity int
	pending  *list.List        // of *entry, oldest first
	byKey    map[string]*entry // pending entries
	running  map[string]*entry
	done     *recentSet // "key@sha" of heads reviewed successfully
	closed   bool

	onSupersede func(old Job)
}

func newQueue(base context.Context, capacity, doneMemory int) *queue {
	q := &queue{
		base:     base,
		capacity: capacity,
		pending:  list.New(),
		byKey:    map[string]*entry{},
		running:  map[string]*entry{},
		done:     newRecentSet(doneMemory),
	}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Enqueue adds job, superseding older work for the same pull request.
func (q *queue) Enqueue(job Job) enqueueResult {
	key := job.Key()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return queueClosed
	}
	run := q.running[key]
	if old := q.byKey[key]; old != nil {
		if old.job.HeadSHA == job.HeadSHA {
			old.job.Force = old.job.Force || job.Force
			return coalesced
		}
		// Replace the pending job in place: it keeps its turn.
		old.cancel(ErrSuperseded)
		q.notifySupersede(old.job)
		e := q.newEntry(job)
		e.elem = old.elem
		e.elem.Value = e
		q.byKey[key] = e
		return superseding
	}
	if run != nil && run.job.HeadSHA == job.HeadSHA && run.ctx.Err() == nil {
		return coalesced
	}
	if !job.Force && q.done.Contains(key+"@"+job.HeadSHA) {
		return alreadyReviewed
	}
	if q.pending.Len() >= q.capacity {
		return queueFull
	}
	res := enqueued
	if run != nil && run.ctx.Err() == nil {
		run.cancel(ErrSuperseded)
		q.notifySupersede(run.job)
		res = superseding
	}
	e := q.newEntry(job)
	e.elem = q.pending.PushBack(e)
	q.byKey[key] = e
	q.cond.Signal()
	return res
}

func (q *queue) notifySupersede(old Job) {
	if q.onSupersede != nil {
		q.onSupersede(old)
	}
}

func (q *queue) newEntry(job Job) *entry {
	ctx, cancel := context.WithCancelCause(q.base)
	return &entry{job: job, ctx: ctx, cancel: cancel}
}

// Cancel drops the pending job of the PR and cancels its running one.
func (q *queue) Cancel(job Job, cause error) bool {
	key := job.Key()
	q.mu.Lock()
	defer q.mu.Unlock()
	found := false
	if e := q.byKey[key]; e != nil {
		q.pending.Remove(e.elem)
		delete(q.byKey, key)
		e.cancel(cause)
		found = true
	}
	if e := q.running[key]; e != nil {
		e.cancel(cause)
		found = true
	}
	return found
}

// next blocks until a job may run and takes it; nil means the queue is closed
// and empty.
func (q *queue) next() *entry {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		for el := q.pending.Front(); el != nil; el = el.Next() {
			e := el.Value.(*entry)
			key := e.job.Key()
			if q.running[key] != nil {
				continue // the older review of this PR is still unwinding
			}
			q.pending.Remove(el)
			e.elem = nil
			delete(q.byKey, key)
			q.running[key] = e
			return e
		}
		if q.closed && q.pending.Len() == 0 {
			return nil
		}
		q.cond.Wait()
	}
}

// finish marks e as returned; ok records its head as reviewed.
func (q *queue) finish(e *entry, ok bool) {
	key := e.job.Key()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running[key] == e {
		delete(q.running, key)
	}
	if ok {
		q.done.Add(key + "@" + e.job.HeadSHA)
	}
	e.cancel(nil)
	q.cond.Broadcast()
}

// Close stops accepting jobs; workers drain what is pending and then stop.
func (q *queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

// Abort cancels every running job and drops every pending one, returning the
// dropped jobs.
func (q *queue) Abort(cause error) []Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	var dropped []Job
	for el := q.pending.Front(); el != nil; el = el.Next() {
		e := el.Value.(*entry)
		e.cancel(cause)
		dropped = append(dropped, e.job)
	}
	q.pending.Init()
	q.byKey = map[string]*entry{}
	for _, e := range q.running {
		e.cancel(cause)
	}
	q.cond.Broadcast()
	return dropped
}

// Depth is the number of pending jobs; Running the number running.
func (q *queue) Depth() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending.Len()
}

// Running is the number of jobs being reviewed.
func (q *queue) Running() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.running)
}

// Full reports whether the queue has no room for a new pull request.
func (q *queue) Full() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending.Len() >= q.capacity
}
