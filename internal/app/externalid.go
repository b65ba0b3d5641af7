package app

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
)

// RunNonce names one run in markers and in the check run's external_id
// ("stevedore:pr<N>-<random>"), so a check_run event for a fork PR, whose
// pull_requests list is empty, still leads back to the PR.
func RunNonce(pr int) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "pr" + strconv.Itoa(pr) + "-" + hex.EncodeToString(b[:])
}

var externalIDPR = regexp.MustCompile(`^(?:stevedore:)?(?:pr)?([0-9]+)(?:-[0-9a-f]*)?$`)

// prFromExternalID reads the PR number from a check run's external_id.
func prFromExternalID(id string) int {
	m := externalIDPR.FindStringSubmatch(id)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0
	}
	return n
}
