package finding

import "regexp"

// MarkerPrefix opens the hidden marker that ends everything stevedore posts
// for a finding (an inline comment, a review note): `<!-- stevedore:fp=<fingerprint> -->`.
// A later run reads it back to recognise its own comments.
const MarkerPrefix = "<!-- stevedore:fp="

var markerRE = regexp.MustCompile(`<!-- stevedore:fp=([A-Za-z0-9_.:-]{1,128}) -->`)

// Marker returns the hidden marker of fingerprint fp.
func Marker(fp string) string { return MarkerPrefix + fp + " -->" }

// MarkerFingerprint returns the fingerprint in body's marker, or "".
func MarkerFingerprint(body string) string {
	m := markerRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// WithoutMarkers returns body with its fingerprint markers removed.
func WithoutMarkers(body string) string { return markerRE.ReplaceAllString(body, "") }
