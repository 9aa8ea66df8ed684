// Package ghclient builds the go-github client every warta command uses:
// base URL from GITHUB_API_URL (github.com or GitHub Enterprise Server under
// /api/v3/), the token as a Bearer header, and a transport that retries
// server errors and timeouts with a bounded, context-aware backoff. It also
// classifies go-github errors into APIError, whose Describe text (Bahasa
// Indonesia) tells staff and admins what to fix: the permission a 401/403
// lacks, the reset time of a rate limit.
package ghclient
