package secret

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// triggerHitsByIndex is the straightforward triggerHits: one strings.Index
// search per literal. The one-pass version must agree with it.
func triggerHitsByIndex(text string) []hit {
	type found struct {
		hit
		pos, order int
	}
	var hits []found
	seen := map[hit]bool{}
	for order, t := range triggerList {
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], t.lit)
			if i < 0 {
				break
			}
			pos := off + i
			off = pos + len(t.lit)
			h := hit{t.det, strings.LastIndexByte(text[:pos], '\n') + 1}
			if t.det == detPrivateKey {
				h.lineStart = pos
			}
			if !seen[h] {
				seen[h] = true
				hits = append(hits, found{h, pos, order})
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].pos != hits[j].pos {
			return hits[i].pos < hits[j].pos
		}
		return hits[i].order < hits[j].order
	})
	var out []hit
	for _, f := range hits {
		out = append(out, f.hit)
	}
	return out
}

func TestTriggerHitsMatchesSearchPerLiteral(t *testing.T) {
	fixed := []string{
		"",
		"x",
		"AKIAIOSFODNN7EXAMPLE",
		"ASIA then AKIA on one line\nAKIA here ASIA",
		"xoxoxox-b _live_live_ sk_live_ -----BEGIN-----BEGIN RSA PRIVATE KEY-----",
		"https://user:pass@host ://:// aws_secret AWS_SECRET awsSecret",
		"eyJhbGciOi.eyJzdWIiOi.sig\nSG.x.y SharedAccessKey=AccountKey=\n",
		"ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat- npm_ pypi-AgE ya29. AIza -us\n",
	}
	var frags []string
	for _, tr := range triggerList {
		frags = append(frags, tr.lit, tr.lit[:len(tr.lit)-1])
	}
	frags = append(frags, "\n", " ", "a", "-", ":", "=", "_")
	rng := rand.New(rand.NewSource(1))
	for range 3000 {
		var b strings.Builder
		for range rng.Intn(40) {
			b.WriteString(frags[rng.Intn(len(frags))])
		}
		fixed = append(fixed, b.String())
	}
	for _, text := range fixed {
		got, want := triggerHits(text), triggerHitsByIndex(text)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("triggerHits(%q)\n got %v\nwant %v", text, got, want)
		}
	}
}

func BenchmarkTriggerHits(b *testing.B) {
	text := strings.Repeat("RUN apt-get update && apt-get install -y curl https://example.com/x.tar.gz | tar -xz -C /opt\n", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		triggerHits(text)
	}
}
