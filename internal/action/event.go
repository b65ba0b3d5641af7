package action

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Target is what a run reviews: a pull request (PR > 0) or, for push, one
// commit.
type Target struct {
	Event   string // pull_request, pull_request_target, push, workflow_run
	Owner   string
	Repo    string
	PR      int
	HeadSHA string // the PR head, never the test merge commit in GITHUB_SHA
	BaseSHA string
	// Fork is true when the head repository differs from the base one.
	Fork bool
	// APIOnly says the local checkout must not be used for the head side
	// (pull_request_target and workflow_run check out the base branch).
	APIOnly bool
}

// eventPayload is the part of a webhook payload the Action reads. Only the
// fields needed are decoded (some real payloads have timestamps go-github's
// ParseWebHook rejects).
type eventPayload struct {
	Number      int        `json:"number"`
	PullRequest *prPayload `json:"pull_request"`
	After       string     `json:"after"`
	WorkflowRun *struct {
		Event        string      `json:"event"`
		HeadSHA      string      `json:"head_sha"`
		PullRequests []prPayload `json:"pull_requests"`
	} `json:"workflow_run"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

type prPayload struct {
	Number int `json:"number"`
	Head   struct {
		SHA  string `json:"sha"`
		Repo *struct {
			FullName string `json:"full_name"`
		} `json:"repo"`
	} `json:"head"`
	Base struct {
		SHA  string `json:"sha"`
		Repo *struct {
			FullName string `json:"full_name"`
		} `json:"repo"`
	} `json:"base"`
}

// readEvent decodes the payload at path.
func readEvent(path string) (*eventPayload, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read event payload: %w", err)
	}
	var ev eventPayload
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("parse event payload %s: %w", path, err)
	}
	return &ev, nil
}

// resolveTarget works out the target from the event name and payload.
// prEvent is the stage-one pull_request payload of the fork-safe pattern
// (workflow_run), or nil.
func resolveTarget(eventName, repository, githubSHA string, ev, prEvent *eventPayload) (*Target, error) {
	owner, repo, ok := strings.Cut(repository, "/")
	if !ok || owner == "" || repo == "" {
		return nil, fmt.Errorf("GITHUB_REPOSITORY %q is not owner/name", repository)
	}
	t := &Target{Event: eventName, Owner: owner, Repo: repo}
	fromPR := func(p *prPayload) {
		t.PR, t.HeadSHA, t.BaseSHA = p.Number, p.Head.SHA, p.Base.SHA
		if p.Head.Repo == nil || !strings.EqualFold(p.Head.Repo.FullName, repository) {
			t.Fork = true // a deleted fork has no head repo
		}
	}
	switch eventName {
	case "pull_request", "pull_request_target":
		if ev.PullRequest == nil {
			return nil, fmt.Errorf("%s event without pull_request", eventName)
		}
		fromPR(ev.PullRequest)
		t.APIOnly = eventName == "pull_request_target"
	case "workflow_run":
		if ev.WorkflowRun == nil {
			return nil, fmt.Errorf("workflow_run event without workflow_run")
		}
		switch {
		case len(ev.WorkflowRun.PullRequests) > 0:
			fromPR(&ev.WorkflowRun.PullRequests[0])
		case prEvent != nil && prEvent.PullRequest != nil:
			fromPR(prEvent.PullRequest) // verified against the API before use
		default:
			return nil, fmt.Errorf("workflow_run for a %s event carries no pull request; pass the first workflow's event file as pr-event-file", ev.WorkflowRun.Event)
		}
		if ev.WorkflowRun.HeadSHA != "" && ev.WorkflowRun.HeadSHA != t.HeadSHA {
			return nil, fmt.Errorf("workflow_run head %s does not match the pull request head %s", ev.WorkflowRun.HeadSHA, t.HeadSHA)
		}
		t.APIOnly = true
	case "push":
		t.HeadSHA = ev.After
		if t.HeadSHA == "" || strings.Trim(t.HeadSHA, "0") == "" {
			t.HeadSHA = githubSHA
		}
	default:
		return nil, fmt.Errorf("event %q is not supported (use pull_request, pull_request_target, push or workflow_run)", eventName)
	}
	if t.HeadSHA == "" {
		return nil, fmt.Errorf("no head commit in the %s event", eventName)
	}
	if t.PR > 0 && t.BaseSHA == "" {
		return nil, fmt.Errorf("no base commit in the %s event", eventName)
	}
	return t, nil
}
