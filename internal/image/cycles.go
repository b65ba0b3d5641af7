package image

import (
	"strconv"
	"strings"
)

// longestPrefix returns the longest cycle equal to v or a dotted prefix of it
// (18.17.1 → nodejs 18; 6.0 → dotnet 6; 7.17.10 → elasticsearch 7).
func (p *product) longestPrefix(v string) (string, bool) {
	best := ""
	for _, c := range p.cycles {
		if (c.name == v || strings.HasPrefix(v, c.name+".")) && len(c.name) > len(best) {
			best = c.name
		}
	}
	return best, best != ""
}

// floats reports a version shorter than the product's cycles: python 3,
// mongo 4, docker 24. Such a tag follows whatever its newest release is.
func (p *product) floats(v string) bool {
	if v == "" {
		return true
	}
	if _, ok := p.longestPrefix(v); ok {
		return false
	}
	_, ok := p.newestWithPrefix(v)
	return ok
}

// newestWithPrefix returns the newest cycle starting with v + ".".
func (p *product) newestWithPrefix(v string) (string, bool) {
	for _, c := range p.cycles {
		if strings.HasPrefix(c.name, v+".") {
			return c.name, true
		}
	}
	return "", false
}

// match maps a version to a cycle (shared/eol README, Cycle matching). When
// the cycle is not in the data, display is the version cut to the precision
// of the product's cycles ("8.11" for elasticsearch 8.11.1), or "" when the
// version is older than everything the data covers (openjdk 8: the
// openjdk-builds-from-oracle cycles start at 9).
func (p *product) match(v string) (cycle string, known bool, display string) {
	if c, ok := p.longestPrefix(v); ok {
		return c, true, c
	}
	if c, ok := p.newestWithPrefix(v); ok {
		return c, true, c
	}
	if len(p.cycles) == 0 || p.olderThanAll(v) {
		return "", false, ""
	}
	parts := strings.Count(p.cycles[0].name, ".") + 1
	fields := strings.Split(v, ".")
	if len(fields) > parts {
		fields = fields[:parts]
	}
	return "", false, strings.Join(fields, ".")
}

// olderThanAll reports a numeric version below every numeric cycle.
func (p *product) olderThanAll(v string) bool {
	seen := false
	for _, c := range p.cycles {
		cmp, ok := compareVersions(v, c.name)
		if !ok {
			continue
		}
		seen = true
		if cmp >= 0 {
			return false
		}
	}
	return seen
}

// compareVersions compares dotted numeric versions; ok is false when either
// is not numeric.
func compareVersions(a, b string) (int, bool) {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		var err error
		if i < len(as) {
			if x, err = strconv.Atoi(as[i]); err != nil {
				return 0, false
			}
		}
		if i < len(bs) {
			if y, err = strconv.Atoi(bs[i]); err != nil {
				return 0, false
			}
		}
		if x != y {
			if x < y {
				return -1, true
			}
			return 1, true
		}
	}
	return 0, true
}
