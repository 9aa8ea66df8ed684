package cli

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-git/go-git/v5"

	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
)

// issueDraft is what `warta new --from-issue N` takes from the assignment
// issue (form .github/ISSUE_TEMPLATE/penugasan.yml).
type issueDraft struct {
	Title, Activity, Location, Direction string
	When                                 string
	Number                               int
}

// Labels of the fields of the issue form "Penugasan Berita". GitHub writes
// each answer into the issue body under "### <label>", so these must match
// the `label:` values of .github/ISSUE_TEMPLATE/penugasan.yml (a test
// checks it).
const (
	formTitle     = "Judul berita"
	formActivity  = "Kegiatan"
	formLocation  = "Lokasi kegiatan"
	formWhen      = "Waktu kegiatan"
	formDirection = "Arahan Kasi"
	formDeadline  = "Tenggat naskah"
	// formNoResponse is what GitHub writes for an optional field left empty.
	formNoResponse = "_No response_"
)

// articleFromIssue reads assignment issue n from GitHub and returns the
// answers of its form. Errors are in Bahasa Indonesia, ready for staff.
//
// GitHub API docs: https://docs.github.com/rest/issues/issues#get-an-issue
func (e *Env) articleFromIssue(ctx context.Context, n int) (issueDraft, error) {
	owner, repo, err := e.sopRepository()
	if err != nil {
		return issueDraft{}, err
	}
	gh, err := e.github.client(e.HTTPClient)
	if err != nil {
		return issueDraft{}, err
	}
	is, _, err := gh.Issues.Get(ctx, owner, repo, n)
	if err != nil {
		e.Log.Debug("new: get issue failed", "issue", n, "err", err)
		a := ghclient.Classify(err)
		switch a.Kind {
		case ghclient.NotFound:
			return issueDraft{}, fmt.Errorf("isu #%d tidak ditemukan di %s/%s (404)\n    saran: periksa nomor isu penugasan; untuk repositori privat isi GITHUB_TOKEN dengan token yang boleh membaca isu", n, owner, repo)
		case ghclient.Unauthorized:
			return issueDraft{}, fmt.Errorf("token GitHub ditolak (401) saat membaca isu #%d\n    saran: token di GITHUB_TOKEN kosong, kedaluwarsa atau dicabut; buat token baru dengan izin baca isu", n)
		}
		return issueDraft{}, fmt.Errorf("isu #%d tidak dapat dibaca: %s", n, ghclient.Describe(err))
	}
	if is.IsPullRequest() {
		return issueDraft{}, fmt.Errorf("#%d adalah pull request, bukan isu penugasan\n    saran: pakai nomor isu dari formulir \"Penugasan Berita\"", n)
	}
	d := parseIssueForm(is.GetBody())
	d.Number = n
	if d.Title == "" {
		d.Title = strings.TrimSpace(is.GetTitle())
		for _, p := range []string{"[Penugasan]", "Penugasan:"} {
			if len(d.Title) >= len(p) && strings.EqualFold(d.Title[:len(p)], p) {
				d.Title = strings.TrimSpace(d.Title[len(p):])
			}
		}
	}
	if d.Title == "" {
		return issueDraft{}, fmt.Errorf("isu #%d tidak memuat judul berita\n    saran: isi judul pada isu, atau beri judul: warta new \"Judul\" --from-issue %d", n, n)
	}
	return d, nil
}

// parseIssueForm reads the answers of the "Penugasan Berita" form from an
// issue body: sections "### <label>" followed by the answer. Unknown
// sections are ignored, "_No response_" is empty, and a body typed by hand
// without the form gives an empty draft.
func parseIssueForm(body string) issueDraft {
	var d issueDraft
	fields := map[string]*string{
		strings.ToLower(formTitle):     &d.Title,
		strings.ToLower(formActivity):  &d.Activity,
		strings.ToLower(formLocation):  &d.Location,
		strings.ToLower(formWhen):      &d.When,
		strings.ToLower(formDirection): &d.Direction,
	}
	var cur *string
	var buf []string
	flush := func() {
		if cur != nil {
			v := strings.TrimSpace(strings.Join(buf, "\n"))
			if v == formNoResponse {
				v = ""
			}
			*cur = v
		}
		buf = buf[:0]
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			flush()
			cur = fields[strings.ToLower(strings.TrimSpace(h))]
			continue
		}
		if cur != nil {
			buf = append(buf, line)
		}
	}
	flush()
	// One-line fields stay on one line in the front matter.
	d.Title = strings.Join(strings.Fields(d.Title), " ")
	d.Location = strings.Join(strings.Fields(d.Location), " ")
	return d
}

// originRepository reads owner/name from the URL of the origin remote of
// the repository at root: https://host/owner/name(.git),
// git@host:owner/name.git or ssh://git@host/owner/name.git.
func originRepository(root string) (owner, repo string, ok bool) {
	r, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return "", "", false
	}
	rem, err := r.Remote("origin")
	if err != nil || len(rem.Config().URLs) == 0 {
		return "", "", false
	}
	raw := rem.Config().URLs[0]
	var p string
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		p = u.Path
	} else if _, after, found := strings.Cut(raw, ":"); found && !strings.Contains(raw, "://") {
		p = after // scp-like: git@github.com:owner/name.git
	} else {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(strings.TrimSuffix(p, ".git"), "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}
