// Package gate decides whether a pull request went through the SOP's two
// approvals (DESIGN.md §6) and reports it on GitHub: the commit status
// `warta/sop`, the Kabid review request once the Kasi approved, and one PR
// comment kept up to date.
//
// The rules are a pure function (Decide) over plain review data; the API
// layer (Evaluate, Run) reads the PR through go-github, resolves role
// membership and writes the results. The gate runs trusted base-branch code
// and never checks out the PR: the PR's content bundles are fetched at the
// head commit through the API into a temporary folder.
package gate
