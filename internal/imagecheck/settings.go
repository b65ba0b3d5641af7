package imagecheck

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DefaultSoonDays is the end-of-life-soon window when the options set none.
const DefaultSoonDays = 90

// SettingsFor returns the settings a rule pass's options ask for: their
// trusted registries, their Today (now, in UTC, when unset) and their
// end-of-life-soon window (DefaultSoonDays when unset). o may be nil.
func SettingsFor(o *rule.Options) Settings {
	set := Settings{Today: time.Now().UTC(), SoonDays: DefaultSoonDays}
	if o != nil {
		set.TrustedRegistries = o.TrustedRegistries
		if !o.Today.IsZero() {
			set.Today = o.Today
		}
		if o.EOLSoonDays > 0 {
			set.SoonDays = o.EOLSoonDays
		}
	}
	return set
}

// judgeCache keeps verdicts for JudgeCached: several rules judge the same
// references, and a repository repeats the same few images across its
// files. It is cleared when it grows past judgeCacheMax entries.
var judgeCache struct {
	sync.RWMutex
	m map[string]Verdict
}

const judgeCacheMax = 4096

// JudgeCached is Judge through a process-wide cache keyed by the reference
// and the settings (Today to the day). Verdicts are shared and must not be
// modified.
func JudgeCached(raw string, s Settings) Verdict {
	key := raw + "\x00" + s.Today.Format(time.DateOnly) + "\x00" + strconv.Itoa(s.SoonDays) + "\x00" + strings.Join(s.TrustedRegistries, "\x00")
	judgeCache.RLock()
	v, ok := judgeCache.m[key]
	judgeCache.RUnlock()
	if ok {
		return v
	}
	v = Judge(raw, s)
	judgeCache.Lock()
	if judgeCache.m == nil || len(judgeCache.m) >= judgeCacheMax {
		judgeCache.m = make(map[string]Verdict, 64)
	}
	judgeCache.m[key] = v
	judgeCache.Unlock()
	return v
}
