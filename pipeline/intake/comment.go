package intake

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
)

// Markers find warta's own comment again, so a rerun edits it instead of
// adding another. Only comments by a bot count: anyone may type the marker.
const (
	MarkerIntake = "<!-- warta-intake -->"
	MarkerLink   = "<!-- warta-naskah-link -->"
)

// UpsertComment makes body (which must contain marker) the one comment of
// warta with marker on issue n: it edits the existing one when its text
// differs, or creates it. It returns the comment's URL.
//
// GitHub API docs: https://docs.github.com/rest/issues/comments#list-issue-comments
// GitHub API docs: https://docs.github.com/rest/issues/comments#update-an-issue-comment
// GitHub API docs: https://docs.github.com/rest/issues/comments#create-an-issue-comment
func UpsertComment(ctx context.Context, gh *github.Client, owner, repo string, n int, marker, body string) (string, error) {
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		cs, resp, err := gh.Issues.ListComments(ctx, owner, repo, n, opt)
		if err != nil {
			return "", fmt.Errorf("intake: list comments of #%d: %w", n, err)
		}
		for _, c := range cs {
			if c.GetUser().GetType() != "Bot" || !strings.Contains(c.GetBody(), marker) {
				continue
			}
			if c.GetBody() == body {
				return c.GetHTMLURL(), nil
			}
			ed, _, err := gh.Issues.EditComment(ctx, owner, repo, c.GetID(), &github.IssueComment{Body: github.String(body)})
			if err != nil {
				return "", fmt.Errorf("intake: edit comment %d: %w", c.GetID(), err)
			}
			return ed.GetHTMLURL(), nil
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	c, _, err := gh.Issues.CreateComment(ctx, owner, repo, n, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return "", fmt.Errorf("intake: comment on #%d: %w", n, err)
	}
	return c.GetHTMLURL(), nil
}

// defectsComment lists each defect under its field's label, with its fix.
func defectsComment(defects []Defect) string {
	var b strings.Builder
	b.WriteString(MarkerIntake + "\n")
	b.WriteString("### Naskah belum dapat dijadikan pull request\n\n")
	b.WriteString("Mohon perbaiki isian berikut dengan **menyunting isu ini** (menu ⋯ → *Edit*); naskah diperiksa lagi setiap kali isu disimpan.\n\n")
	for _, d := range defects {
		fmt.Fprintf(&b, "- **%s**: %s.\n  Perbaikan: %s.\n", Label(d.Field), strings.TrimSuffix(d.Msg, "."), strings.TrimSuffix(d.Fix, "."))
	}
	return b.String()
}

// PrefillURL is the link that opens naskah.yml with the fields of an
// assignment filled in: GitHub issue forms take a field's value from the
// URL query parameter named by its id.
//
// GitHub docs: https://docs.github.com/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-githubs-form-schema
func PrefillURL(serverURL, owner, repo, title, activity, location string, assignment int) string {
	q := url.Values{}
	q.Set("template", "naskah.yml")
	set := func(id, v string) {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			q.Set(id, v)
		}
	}
	set("judul", title)
	set("kegiatan", activity)
	set("lokasi", location)
	if assignment > 0 {
		q.Set("penugasan", strconv.Itoa(assignment))
	}
	return strings.TrimSuffix(serverURL, "/") + "/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/issues/new?" + q.Encode()
}

// LinkComment is the comment on a penugasan issue with the prefilled link.
func LinkComment(link string) string {
	return MarkerLink + "\n" +
		"📱 **[Tulis naskah dari ponsel](" + link + ")**\n\n" +
		"Tautan ini membuka formulir *Kirim naskah berita* dengan judul, kegiatan, lokasi dan nomor penugasan sudah terisi. " +
		"Lengkapi ringkasan, isi berita dan foto, lalu kirim: warta membuat pull request untuk dikoreksi Kasi PIP.\n"
}
