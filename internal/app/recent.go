package app

import "sync"

// recentSet is a bounded memory of recently seen strings (delivery IDs): once
// full, the oldest entry is forgotten. It is safe for concurrent use.
type recentSet struct {
	mu    sync.Mutex
	items map[string]struct{}
	ring  []string
	next  int
}

func newRecentSet(capacity int) *recentSet {
	if capacity <= 0 {
		capacity = 1
	}
	return &recentSet{items: make(map[string]struct{}, capacity), ring: make([]string, capacity)}
}

// Add records s and reports whether it was new. An empty s is always new and
// never recorded.
func (r *recentSet) Add(s string) bool {
	if s == "" {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.items[s]; ok {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.items, old)
	}
	r.ring[r.next] = s
	r.next = (r.next + 1) % len(r.ring)
	r.items[s] = struct{}{}
	return true
}

// Forget removes s, so a later Add of it counts as new (a delivery that was
// refused can be redelivered).
func (r *recentSet) Forget(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.items[s]; !ok {
		return
	}
	delete(r.items, s)
	for i, v := range r.ring {
		if v == s {
			r.ring[i] = ""
		}
	}
}

// Len is the number of remembered entries.
func (r *recentSet) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}

// Contains reports whether s is remembered.
func (r *recentSet) Contains(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.items[s]
	return ok
}
