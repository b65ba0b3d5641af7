package app

import (
	"encoding/json"
	"fmt"
	"strings"
)

// RerunAction is the identifier of the check-run button ("requested_action")
// that asks stevedore to review again.
const RerunAction = "rerun"

// decision is what a verified delivery asks the server to do.
type decision struct {
	jobs   []Job  // reviews to queue
	cancel []Job  // PRs whose queued or running reviews are cancelled (closed)
	ignore string // non-empty: nothing to do, and why

	// Installation control.
	dropInstallation int64    // forget every token of this installation
	dropRepos        []string // forget the tokens of these repositories (of installation)
	installation     int64
	ping             bool
}

type prRef struct {
	Number int `json:"number"`
	Head   struct {
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		Repo struct {
			ID int64 `json:"id"`
		} `json:"repo"`
	} `json:"base"`
}

type appRef struct {
	ID int64 `json:"id"`
}

// payload holds only the fields stevedore reads; go-github's ParseWebHook is
// avoided because real check_run payloads carry timestamps it cannot parse.
type payload struct {
	Action       string `json:"action"`
	Installation *struct {
		ID int64 `json:"id"`
	} `json:"installation"`
	Repository *struct {
		ID       int64  `json:"id"`
		FullName string `json:"full_name"`
	} `json:"repository"`
	PullRequest *struct {
		Number int    `json:"number"`
		Draft  bool   `json:"draft"`
		State  string `json:"state"`
		Head   struct {
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
	CheckSuite *struct {
		HeadSHA      string  `json:"head_sha"`
		PullRequests []prRef `json:"pull_requests"`
	} `json:"check_suite"`
	CheckRun *struct {
		ID           int64   `json:"id"`
		HeadSHA      string  `json:"head_sha"`
		ExternalID   string  `json:"external_id"`
		PullRequests []prRef `json:"pull_requests"`
		App          *appRef `json:"app"`
		CheckSuite   *struct {
			PullRequests []prRef `json:"pull_requests"`
		} `json:"check_suite"`
	} `json:"check_run"`
	RequestedAction *struct {
		Identifier string `json:"identifier"`
	} `json:"requested_action"`
	RepositoriesRemoved []struct {
		FullName string `json:"full_name"`
	} `json:"repositories_removed"`
}

// decideOptions are the settings decide depends on.
type decideOptions struct {
	appID        int64
	reviewDrafts bool
}

// decide turns a verified delivery into a decision. Unknown events are
// ignored; a malformed payload of a known event is an error.
func decide(event, delivery string, body []byte, opts decideOptions) (decision, error) {
	switch event {
	case "ping", "pull_request", "check_suite", "check_run", "installation", "installation_repositories":
	default:
		return decision{ignore: "event " + event + " is not used"}, nil
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return decision{}, fmt.Errorf("decode %s payload: %w", event, err)
	}
	if event == "ping" {
		return decision{ping: true}, nil
	}
	inst := int64(0)
	if p.Installation != nil {
		inst = p.Installation.ID
	}
	switch event {
	case "installation":
		switch p.Action {
		case "deleted", "suspend":
			return decision{dropInstallation: inst, installation: inst}, nil
		}
		return decision{installation: inst}, nil
	case "installation_repositories":
		d := decision{installation: inst}
		for _, r := range p.RepositoriesRemoved {
			d.dropRepos = append(d.dropRepos, r.FullName)
		}
		return d, nil
	}
	if inst == 0 {
		return decision{ignore: "no installation in payload"}, nil
	}
	if p.Repository == nil || !strings.Contains(p.Repository.FullName, "/") {
		return decision{}, fmt.Errorf("decode %s payload: no repository.full_name", event)
	}
	owner, repo, _ := strings.Cut(p.Repository.FullName, "/")
	base := Job{Delivery: delivery, Event: event, Action: p.Action, InstallationID: inst, Owner: owner, Repo: repo}

	switch event {
	case "pull_request":
		pr := p.PullRequest
		if pr == nil || pr.Number <= 0 || pr.Head.SHA == "" {
			return decision{}, fmt.Errorf("decode pull_request payload: no pull_request number or head sha")
		}
		base.PR, base.HeadSHA = pr.Number, pr.Head.SHA
		switch p.Action {
		case "opened", "synchronize", "reopened":
			if pr.Draft && !opts.reviewDrafts {
				return decision{ignore: "draft pull request"}, nil
			}
		case "ready_for_review":
		case "closed":
			return decision{cancel: []Job{base}, ignore: "pull request closed"}, nil
		default:
			return decision{ignore: "pull_request action " + p.Action + " is not reviewed"}, nil
		}
		return decision{jobs: []Job{base}}, nil

	case "check_suite":
		cs := p.CheckSuite
		if cs == nil {
			return decision{}, fmt.Errorf("decode check_suite payload: no check_suite")
		}
		if p.Action != "requested" && p.Action != "rerequested" {
			return decision{ignore: "check_suite action " + p.Action + " is not reviewed"}, nil
		}
		// GitHub sends requested/rerequested only to the suite's own app.
		base.Force = p.Action == "rerequested"
		jobs := prJobs(base, cs.PullRequests, cs.HeadSHA, p.Repository.ID)
		if len(jobs) == 0 {
			return decision{ignore: "check suite has no pull request in this repository"}, nil
		}
		return decision{jobs: jobs}, nil

	case "check_run":
		cr := p.CheckRun
		if cr == nil {
			return decision{}, fmt.Errorf("decode check_run payload: no check_run")
		}
		switch p.Action {
		case "rerequested":
		case "requested_action":
			if p.RequestedAction == nil || p.RequestedAction.Identifier != RerunAction {
				return decision{ignore: "requested action is not " + RerunAction}, nil
			}
		default:
			return decision{ignore: "check_run action " + p.Action + " is not reviewed"}, nil
		}
		if cr.App != nil && opts.appID != 0 && cr.App.ID != opts.appID {
			return decision{ignore: "check run of another app"}, nil
		}
		base.Force, base.CheckRunID = true, cr.ID
		refs := cr.PullRequests
		if len(refs) == 0 && cr.CheckSuite != nil {
			refs = cr.CheckSuite.PullRequests
		}
		if len(refs) == 0 {
			// stevedore's check runs carry the PR number in external_id.
			if n := prFromExternalID(cr.ExternalID); n > 0 {
				refs = []prRef{{Number: n}}
			}
		}
		jobs := prJobs(base, refs, cr.HeadSHA, p.Repository.ID)
		if len(jobs) == 0 {
			return decision{ignore: "check run has no pull request in this repository"}, nil
		}
		return decision{jobs: jobs}, nil
	}
	return decision{ignore: "unreachable"}, nil
}

// prJobs makes one job per pull request of this repository.
func prJobs(base Job, refs []prRef, headSHA string, repoID int64) []Job {
	var jobs []Job
	seen := map[int]bool{}
	for _, r := range refs {
		if r.Number <= 0 || seen[r.Number] {
			continue
		}
		if r.Base.Repo.ID != 0 && repoID != 0 && r.Base.Repo.ID != repoID {
			continue
		}
		seen[r.Number] = true
		j := base
		j.PR, j.HeadSHA = r.Number, headSHA
		if j.HeadSHA == "" {
			j.HeadSHA = r.Head.SHA
		}
		jobs = append(jobs, j)
	}
	return jobs
}
