// Package githubfake is the one fake GitHub REST API that warta's tests
// share: gate, sop and cli tests aim a real go-github client at it
// with WithEnterpriseURLs(srv.URL, srv.URL), so it serves under /api/v3/ as
// GitHub Enterprise Server does and any request elsewhere fails the test.
//
// It keeps one repository in memory (pull requests, issues, teams, trees,
// commit statuses, GitHub Actions workflow runs) and behaves as the REST documentation describes in the
// parts warta uses: Bearer (or "token") authentication with 401 "Bad
// credentials", 404 for other repositories and unknown numbers, error bodies
// {"message", "documentation_url", "status"}, Link-header pagination with
// page and per_page (default 30, at most 100), X-RateLimit-* headers and a
// 403 once the rate limit is spent, team membership that is "active" or
// "pending" (404 for non-members), review requests that become timeline
// events, and issue events versus the richer issue timeline.
//
// Tests set the exported fields before the first request and read them after
// (with no request in flight) to assert. Fail and FailNext inject error
// statuses; ReadOnly fails the test on any write; a request for an endpoint
// the fake does not implement fails the test too, so a new API call never
// passes unnoticed.
//
// Adding an endpoint is one method and one line in routes (routes.go): the
// route names the GitHub docs page, whose address becomes the
// documentation_url of the endpoint's errors.
package githubfake
