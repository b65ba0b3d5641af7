package secret

import "testing"

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "****"},
		{"short", "****"},
		{"elevenchars", "****"},
		{"twelve-chars", "twel****"},
		{"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_****"},
		{"ééééééééééééé", "éééé****"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskMatches(t *testing.T) {
	text := "A=ghp_abcdefghijklmnopqrstuvwxyz0123456789 B=hunter2!"
	ms := []Match{{Start: 2, End: 42}, {Start: 45, End: 53}}
	want := "A=ghp_**** B=****"
	if got := MaskMatches(text, ms); got != want {
		t.Errorf("MaskMatches = %q, want %q", got, want)
	}
	// Bad spans are clipped, never a panic.
	bad := []Match{{Start: -5, End: 3}, {Start: 2, End: 1000}, {Start: 900, End: 901}, {Start: 1, End: 2}}
	if got := MaskMatches("abcdef", bad); got != "********" {
		t.Errorf("MaskMatches(bad spans) = %q, want %q", got, "********")
	}
	if got := MaskMatches("plain", nil); got != "plain" {
		t.Errorf("MaskMatches(nil) = %q", got)
	}
}

func TestScanThenMaskHidesEverything(t *testing.T) {
	text := "ENV GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\nurl: postgres://app:hunter2hunter2@db:5432/app\n"
	got := MaskMatches(text, Scan(text))
	for _, leak := range []string{"0123456789abcdef", "hunter2"} {
		if contains(got, leak) {
			t.Errorf("masked text still holds %q: %s", leak, got)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
