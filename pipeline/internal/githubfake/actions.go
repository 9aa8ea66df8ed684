package githubfake

import (
	"net/http"
	"path"
	"sort"
	"strconv"
	"time"
)

// Run is a GitHub Actions workflow run. Status is queued, in_progress,
// completed (also waiting, requested, pending); Conclusion is set once
// completed (success, failure, cancelled, …). Path is the workflow file
// (".github/workflows/publish.yml"); WorkflowID its numeric id (zero: made
// from Path). Zero Event and Branch are "schedule" and "main"; a zero
// Started is Created.
type Run struct {
	ID         int64
	Status     string
	Conclusion string
	Path       string
	WorkflowID int64
	Event      string
	Branch     string
	HeadSHA    string
	Created    time.Time
	Started    time.Time
}

// AddRun stores workflow runs by id.
func (s *Server) AddRun(runs ...*Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range runs {
		s.Runs[r.ID] = r
	}
}

func (r *Run) workflowID() int64 {
	if r.WorkflowID != 0 {
		return r.WorkflowID
	}
	return int64(len(r.Path))*7919 + 161
}

func (s *Server) runJSON(r *Run) map[string]any {
	event, branch, started := r.Event, r.Branch, r.Started
	if event == "" {
		event = "schedule"
	}
	if branch == "" {
		branch = "main"
	}
	if started.IsZero() {
		started = r.Created
	}
	var conclusion any
	if r.Conclusion != "" {
		conclusion = r.Conclusion
	}
	id := strconv.FormatInt(r.ID, 10)
	return map[string]any{
		"id": r.ID, "name": path.Base(r.Path), "path": r.Path, "workflow_id": r.workflowID(),
		"status": r.Status, "conclusion": conclusion, "event": event, "head_branch": branch, "head_sha": r.HeadSHA,
		"run_attempt": 1, "created_at": ts(r.Created), "updated_at": ts(started), "run_started_at": ts(started),
		"url": s.apiBase() + "/actions/runs/" + id, "html_url": s.htmlBase() + "/actions/runs/" + id,
	}
}

// getRun serves one run; an unknown id is 404.
func (s *Server) getRun(w http.ResponseWriter, r *http.Request) reply {
	id, err := strconv.ParseInt(r.PathValue("run_id"), 10, 64)
	run, ok := s.Runs[id]
	if err != nil || !ok {
		return notFound()
	}
	return okJSON(s.runJSON(run))
}

// listWorkflowRuns lists the runs of one workflow, named by its numeric id
// or its file name, newest first, as {"total_count", "workflow_runs"}.
// The filters GitHub documents that warta uses: status (a status such as
// in_progress, or a conclusion such as success), branch and event.
func (s *Server) listWorkflowRuns(w http.ResponseWriter, r *http.Request) reply {
	wf := r.PathValue("workflow_id")
	q := r.URL.Query()
	known := false
	var runs []*Run
	for _, run := range s.Runs {
		if strconv.FormatInt(run.workflowID(), 10) != wf && path.Base(run.Path) != wf {
			continue
		}
		known = true
		if st := q.Get("status"); st != "" && run.Status != st && run.Conclusion != st {
			continue
		}
		j := s.runJSON(run)
		if b := q.Get("branch"); b != "" && j["head_branch"] != b {
			continue
		}
		if e := q.Get("event"); e != "" && j["event"] != e {
			continue
		}
		runs = append(runs, run)
	}
	if !known {
		return notFound()
	}
	sort.Slice(runs, func(i, j int) bool {
		if !runs[i].Created.Equal(runs[j].Created) {
			return runs[i].Created.After(runs[j].Created)
		}
		return runs[i].ID > runs[j].ID
	})
	page := list(w, r, runs, func(_ int, run *Run) any { return s.runJSON(run) })
	return okJSON(map[string]any{"total_count": len(runs), "workflow_runs": page.body})
}
