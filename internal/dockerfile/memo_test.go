package dockerfile

import "testing"

func TestScriptMemo(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM alpine\nRUN apk add curl && apk add git\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := f.Stages[0].Instructions[0].Shell()
	type countKey struct{}
	type otherKey struct{}
	calls := 0
	count := func() any { calls++; return len(s.Find("apk")) }
	for range 3 {
		if got := s.Memo(countKey{}, count); got != 2 {
			t.Fatalf("Memo = %v, want 2", got)
		}
	}
	if calls != 1 {
		t.Errorf("compute ran %d times, want once", calls)
	}
	if got := s.Memo(otherKey{}, func() any { return "other" }); got != "other" {
		t.Errorf("another key = %v, want other", got)
	}
	var none *Script
	if got := none.Memo(countKey{}, func() any { return 7 }); got != 7 {
		t.Errorf("nil script Memo = %v, want 7", got)
	}
}
