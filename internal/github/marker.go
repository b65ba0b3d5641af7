package github

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// The hidden markers stevedore writes into what it posts, so a later run
// recognises its own comments, reviews and check runs (a finding's
// fingerprint marker is finding.Marker).
const (
	// fixedMarker is added to a comment edited to say its finding is fixed.
	fixedMarker = "<!-- stevedore:fixed -->"
	// reviewMarkerPrefix starts the marker of a review body:
	// <!-- stevedore:review sha=<head> run=<nonce> -->.
	reviewMarkerPrefix = "<!-- stevedore:review "
)

// withMarker makes sure body carries the marker of fp.
func withMarker(body, fp string) string {
	if fp == "" || finding.MarkerFingerprint(body) == fp {
		return body
	}
	return strings.TrimRight(body, "\n") + "\n\n" + finding.Marker(fp)
}

// reviewMarker identifies the review one run posts for one commit.
func reviewMarker(sha, nonce string) string {
	return reviewMarkerPrefix + "sha=" + sha + " run=" + nonce + " -->"
}

// isFixedBody reports whether a comment was already edited to say fixed.
func isFixedBody(body string) bool { return strings.Contains(body, fixedMarker) }

// fixedBody is what a comment becomes once its finding is fixed: a note on
// top, the old text struck through in a collapsed block, and the markers.
func fixedBody(old, fp, sha string) string {
	text := strings.TrimSpace(finding.WithoutMarkers(old))
	short := sha
	if len(short) > 12 {
		short = short[:12]
	}
	var b strings.Builder
	b.WriteString("✅ **Fixed**")
	if short != "" {
		b.WriteString(" in " + short)
	}
	b.WriteString(" — stevedore no longer finds this.\n\n<details><summary>Original comment</summary>\n\n")
	b.WriteString(text)
	b.WriteString("\n\n</details>\n\n")
	b.WriteString(fixedMarker + "\n" + finding.Marker(fp))
	return capBody(b.String(), fp)
}

// capBody keeps body within GitHub's comment limit, keeping the marker.
func capBody(body, fp string) string {
	if runeLen(body) <= MaxBody {
		return body
	}
	tail := "\n\n… (truncated)"
	if fp != "" {
		tail += "\n\n" + finding.Marker(fp)
	}
	return truncateRunes(body, MaxBody-runeLen(tail)) + tail
}

func runeLen(s string) int { return len([]rune(s)) }

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
