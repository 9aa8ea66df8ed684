// Package intake turns the answers of the issue form "Kirim naskah berita"
// (.github/ISSUE_TEMPLATE/naskah.yml, DESIGN.md §11) into a page bundle on
// a branch naskah/<N>-<slug> and a pull request, so staff can write an
// article from a phone browser without typing front matter.
//
// The steps are separate so each can be tested alone: ParseBody reads the
// issue body as GitHub renders form answers, Build checks the answers and
// lays out the bundle with the rules of `warta new`, a Fetcher downloads the
// photos from GitHub's attachment storage only, Check runs the checks of
// `warta check` on the bundle, and Publish commits it with go-git and pushes
// it to origin. Run ties them to the GitHub API: the single comment on the
// issue, the pull request and, without a GitHub App, the first commit status.
package intake
