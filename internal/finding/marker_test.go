package finding

import "testing"

func TestMarker(t *testing.T) {
	body := "Text\n\n" + Marker("ab:12_x")
	if got := MarkerFingerprint(body); got != "ab:12_x" {
		t.Errorf("MarkerFingerprint = %q", got)
	}
	if got := WithoutMarkers(body); got != "Text\n\n" {
		t.Errorf("WithoutMarkers = %q", got)
	}
	for _, bad := range []string{"no marker", "<!-- stevedore:fp=has space -->", "<!-- stevedore:fp= -->"} {
		if got := MarkerFingerprint(bad); got != "" {
			t.Errorf("MarkerFingerprint(%q) = %q, want empty", bad, got)
		}
	}
}
