package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// checkRun creates the "stevedore" check run with the first 50 annotations
// and appends the rest 50 at a time, resending the name on every update.
func (r *publishRun) checkRun(ctx context.Context) error {
	anns := sanitizeAnnotations(r.post.Annotations)
	title := r.post.Title
	if title == "" {
		title = "stevedore"
	}
	title = truncateRunes(title, 255)
	summary := checkSummary(r.post.Summary, r.out.Moved)
	first := anns[:min(len(anns), AnnotationBatch)]
	externalID := "stevedore:" + r.nonce
	opts := gh.CreateCheckRunOptions{
		Name:       CheckName,
		HeadSHA:    r.post.HeadSHA,
		ExternalID: gh.String(externalID),
		Conclusion: gh.String(r.post.Conclusion),
		Output:     &gh.CheckRunOutput{Title: gh.String(title), Summary: gh.String(summary), Annotations: first},
	}
	if r.post.DetailsURL != "" {
		opts.DetailsURL = gh.String(r.post.DetailsURL)
	}
	var cr *gh.CheckRun
	err := r.checkedRetry(ctx, "create check run", func() error {
		r.out.Writes++
		var err error
		cr, _, err = r.p.Client.Checks.CreateCheckRun(ctx, r.post.Owner, r.post.Repo, opts)
		return err
	}, func() (bool, error) {
		found, err := r.findCheckRun(ctx, externalID)
		if found != nil {
			cr = found
		}
		return found != nil, err
	})
	if err != nil {
		if ro := asReadOnly("create check run", err); ro != nil {
			return ro
		}
		return fmt.Errorf("create check run on %s: %w", r.post.HeadSHA, err)
	}
	r.out.CheckRunID, r.out.CheckRunURL = cr.GetID(), cr.GetHTMLURL()
	r.out.AnnotationBatches = 1
	sent := len(first)
	for sent < len(anns) {
		batch := anns[sent:min(len(anns), sent+AnnotationBatch)]
		want := sent + len(batch)
		upd := gh.UpdateCheckRunOptions{
			Name:   CheckName, // v60 sends "name":"" when unset
			Output: &gh.CheckRunOutput{Title: gh.String(title), Summary: gh.String(summary), Annotations: batch},
		}
		err := r.checkedRetry(ctx, "update check run", func() error {
			r.out.Writes++
			_, _, err := r.p.Client.Checks.UpdateCheckRun(ctx, r.post.Owner, r.post.Repo, cr.GetID(), upd)
			return err
		}, func() (bool, error) {
			r.out.Reads++
			got, _, err := r.p.Client.Checks.GetCheckRun(ctx, r.post.Owner, r.post.Repo, cr.GetID())
			if err != nil {
				return false, err
			}
			return got.GetOutput().GetAnnotationsCount() >= want, nil
		})
		if err != nil {
			if ro := asReadOnly("update check run", err); ro != nil {
				return ro
			}
			return fmt.Errorf("add annotations %d–%d to check run %d: %w", sent+1, want, cr.GetID(), err)
		}
		sent = want
		r.out.AnnotationBatches++
	}
	return nil
}

// findCheckRun looks for this run's check run on the head commit.
func (r *publishRun) findCheckRun(ctx context.Context, externalID string) (*gh.CheckRun, error) {
	opts := &gh.ListCheckRunsOptions{CheckName: gh.String(CheckName), Filter: gh.String("all"), ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		r.out.Reads++
		res, resp, err := r.p.Client.Checks.ListCheckRunsForRef(ctx, r.post.Owner, r.post.Repo, r.post.HeadSHA, opts)
		if err != nil {
			return nil, fmt.Errorf("list check runs: %w", err)
		}
		for _, cr := range res.CheckRuns {
			if cr.GetExternalID() == externalID {
				return cr, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
}

// sanitizeAnnotations makes annotations acceptable to GitHub: a path, lines
// from 1 with end ≥ start, a known level, title ≤ 255 characters, message ≤
// 64 KB.
func sanitizeAnnotations(in []Annotation) []*gh.CheckRunAnnotation {
	out := make([]*gh.CheckRunAnnotation, 0, len(in))
	for _, a := range in {
		if a.Path == "" {
			continue
		}
		start := max(a.StartLine, 1)
		end := max(a.EndLine, start)
		level := a.Level
		switch level {
		case LevelFailure, LevelWarning, LevelNotice:
		default:
			level = LevelWarning
		}
		msg := a.Message
		if msg == "" {
			msg = a.Title
		}
		if len(msg) > 64<<10-16 {
			msg = truncateRunes(msg, (64<<10-16)/4) + " …"
		}
		ann := &gh.CheckRunAnnotation{
			Path: gh.String(a.Path), StartLine: gh.Int(start), EndLine: gh.Int(end),
			AnnotationLevel: gh.String(level), Message: gh.String(msg),
		}
		if a.Title != "" {
			ann.Title = gh.String(truncateRunes(a.Title, 255))
		}
		out = append(out, ann)
	}
	return out
}

// checkSummary is the check run's summary: the given markdown and the
// comments that could not be placed inline, within 65,535 characters.
func checkSummary(summary string, moved []Comment) string {
	s := strings.TrimSpace(summary)
	if s == "" {
		s = "stevedore found nothing to report."
	}
	if len(moved) > 0 {
		s += "\n\n" + movedSection(moved, MaxCheckText-runeLen(s)-100)
	}
	if runeLen(s) > MaxCheckText {
		note := "\n\n… (truncated: the annotations list every finding)"
		s = truncateRunes(s, MaxCheckText-runeLen(note)) + note
	}
	return s
}
