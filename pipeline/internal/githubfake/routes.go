package githubfake

// routes lists every endpoint the fake serves. To add one, write its
// handler beside its kin (pulls.go, issues.go, repos.go, teams.go) and add
// a line here with the GitHub docs page it implements.
func (s *Server) routes() []route {
	const repo = "/repos/{owner}/{repo}"
	const docs = "https://docs.github.com/rest/"
	return []route{
		{"GET " + repo + "/pulls", docs + "pulls/pulls#list-pull-requests", s.listPulls},
		{"GET " + repo + "/pulls/{n}", docs + "pulls/pulls#get-a-pull-request", s.getPull},
		{"POST " + repo + "/pulls", docs + "pulls/pulls#create-a-pull-request", s.createPull},
		{"PATCH " + repo + "/pulls/{n}", docs + "pulls/pulls#update-a-pull-request", s.updatePull},
		{"GET " + repo + "/pulls/{n}/files", docs + "pulls/pulls#list-pull-requests-files", s.listFiles},
		{"GET " + repo + "/pulls/{n}/reviews", docs + "pulls/reviews#list-reviews-for-a-pull-request", s.listReviews},
		{"GET " + repo + "/pulls/{n}/requested_reviewers", docs + "pulls/review-requests#get-all-requested-reviewers-for-a-pull-request", s.listRequested},
		{"POST " + repo + "/pulls/{n}/requested_reviewers", docs + "pulls/review-requests#request-reviewers-for-a-pull-request", s.requestReviewers},
		{"GET " + repo + "/commits/{sha}/pulls", docs + "commits/commits#list-pull-requests-associated-with-a-commit", s.pullsOfCommit},

		{"GET " + repo + "/issues/{n}", docs + "issues/issues#get-an-issue", s.getIssue},
		{"GET " + repo + "/issues/{n}/events", docs + "issues/events#list-issue-events", s.listEvents},
		{"GET " + repo + "/issues/{n}/timeline", docs + "issues/timeline#list-timeline-events-for-an-issue", s.listTimeline},
		{"GET " + repo + "/issues/{n}/comments", docs + "issues/comments#list-issue-comments", s.listComments},
		{"POST " + repo + "/issues/{n}/comments", docs + "issues/comments#create-an-issue-comment", s.createComment},
		{"PATCH " + repo + "/issues/comments/{id}", docs + "issues/comments#update-an-issue-comment", s.editComment},

		{"POST " + repo + "/statuses/{sha}", docs + "commits/statuses#create-a-commit-status", s.createStatus},
		{"GET " + repo + "/commits/{ref}/statuses", docs + "commits/statuses#list-commit-statuses-for-a-reference", s.listStatuses},
		{"GET " + repo + "/contents/{path...}", docs + "repos/contents#get-repository-content", s.getContents},
		{"GET " + repo + "/git/blobs/{sha}", docs + "git/blobs#get-a-blob", s.getBlob},
		{"GET " + repo + "/git/trees/{sha}", docs + "git/trees#get-a-tree", s.getTree},
		{"GET " + repo + "/compare/{basehead...}", docs + "commits/commits#compare-two-commits", s.compare},

		{"GET " + repo + "/actions/runs/{run_id}", docs + "actions/workflow-runs#get-a-workflow-run", s.getRun},
		{"GET " + repo + "/actions/workflows/{workflow_id}/runs", docs + "actions/workflow-runs#list-workflow-runs-for-a-workflow", s.listWorkflowRuns},

		{"GET /orgs/{org}/teams/{slug}", docs + "teams/teams#get-a-team-by-name", s.getTeam},
		{"GET /orgs/{org}/teams/{slug}/members", docs + "teams/members#list-team-members", s.listMembers},
		{"GET /orgs/{org}/teams/{slug}/memberships/{user}", docs + "teams/members#get-team-membership-for-a-user", s.getMembership},
	}
}
