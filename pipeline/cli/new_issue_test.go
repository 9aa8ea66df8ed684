package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"go.yaml.in/yaml/v3"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

// formBody is an issue body as GitHub renders the answers of
// .github/ISSUE_TEMPLATE/penugasan.yml.
const formBody = "### Judul berita\n\nGubernur Resmikan Jembatan  Way Sekampung\n\n" +
	"### Kegiatan\n\nPeresmian jembatan oleh Gubernur.\nDihadiri Bupati Pringsewu.\n\n" +
	"### Lokasi kegiatan\n\nKecamatan Pagelaran,\nKabupaten Pringsewu\n\n" +
	"### Waktu kegiatan\n\n25 November 2026 pukul 09.00 WIB\n\n" +
	"### Arahan Kasi\n\n_No response_\n\n" +
	"### Tenggat naskah\n\n25 November 2026 pukul 12.00 WIB\n"

func TestParseIssueForm(t *testing.T) {
	tests := []struct {
		name, body string
		want       issueDraft
	}{
		{"form", formBody, issueDraft{Title: "Gubernur Resmikan Jembatan Way Sekampung",
			Activity: "Peresmian jembatan oleh Gubernur.\nDihadiri Bupati Pringsewu.",
			Location: "Kecamatan Pagelaran, Kabupaten Pringsewu", When: "25 November 2026 pukul 09.00 WIB"}},
		{"CRLF and other case", strings.ReplaceAll("### kegiatan\n\nRapat\n\n### LOKASI KEGIATAN\n\nMetro\n\n### Arahan Kasi\n\nSingkat saja.\n", "\n", "\r\n"),
			issueDraft{Activity: "Rapat", Location: "Metro", Direction: "Singkat saja."}},
		{"typed by hand", "Tolong liput rapat besok di Metro.", issueDraft{}},
		{"unknown sections ignored", "### Catatan\n\nx\n\n### Judul berita\n\nBanjir\n", issueDraft{Title: "Banjir"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseIssueForm(tt.body); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// The parser's labels are the form's labels.
func TestIssueFormLabelsMatchTemplate(t *testing.T) {
	data, err := os.ReadFile("../../.github/ISSUE_TEMPLATE/penugasan.yml")
	if err != nil {
		t.Fatal(err)
	}
	var form struct {
		Name   string   `yaml:"name"`
		Labels []string `yaml:"labels"`
		Body   []struct {
			Type       string `yaml:"type"`
			ID         string `yaml:"id"`
			Attributes struct {
				Label string `yaml:"label"`
			} `yaml:"attributes"`
		} `yaml:"body"`
	}
	if err := yaml.Unmarshal(data, &form); err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for _, f := range form.Body {
		if f.Type != "markdown" {
			labels[f.ID] = f.Attributes.Label
		}
	}
	want := map[string]string{"judul": formTitle, "kegiatan": formActivity, "lokasi": formLocation,
		"waktu": formWhen, "arahan": formDirection, "tenggat": formDeadline}
	for id, label := range want {
		if labels[id] != label {
			t.Errorf("field %s has label %q in the form, parser expects %q", id, labels[id], label)
		}
	}
	if form.Name != "Penugasan Berita" || len(form.Labels) != 1 || form.Labels[0] != "penugasan" {
		t.Errorf("form name %q labels %v", form.Name, form.Labels)
	}
}

func TestArticleFromIssue(t *testing.T) {
	srv := githubfake.New(t, "kominfo", "berita", "test-token")
	srv.AddIssue(
		&githubfake.Issue{Number: 5, Title: "Penugasan: Peresmian", Author: "kabid1", Body: formBody, Created: time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)},
		&githubfake.Issue{Number: 6, Title: "Penugasan: Rapat Koordinasi", Author: "kabid1", Body: "### Kegiatan\n\nRapat\n"},
		&githubfake.Issue{Number: 8, Title: "Penugasan: ", Author: "kabid1", Body: "liput saja"},
	)
	srv.AddPR(&githubfake.PR{Number: 9, Title: "Naskah", Author: "staf1"})
	tests := []struct {
		name  string
		n     int
		token string
		want  issueDraft
		err   string
	}{
		{"form answers", 5, "test-token", issueDraft{Number: 5, Title: "Gubernur Resmikan Jembatan Way Sekampung",
			Activity: "Peresmian jembatan oleh Gubernur.\nDihadiri Bupati Pringsewu.",
			Location: "Kecamatan Pagelaran, Kabupaten Pringsewu", When: "25 November 2026 pukul 09.00 WIB"}, ""},
		{"title from the issue title", 6, "test-token", issueDraft{Number: 6, Title: "Rapat Koordinasi", Activity: "Rapat"}, ""},
		{"no title at all", 8, "test-token", issueDraft{}, "isu #8 tidak memuat judul berita"},
		{"not found", 404, "test-token", issueDraft{}, "isu #404 tidak ditemukan di kominfo/berita (404)"},
		{"bad token", 5, "expired", issueDraft{}, "token GitHub ditolak (401) saat membaca isu #5"},
		{"a pull request", 9, "test-token", issueDraft{}, "#9 adalah pull request, bukan isu penugasan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "kominfo/berita", "GITHUB_TOKEN": tt.token}
			var errb bytes.Buffer
			e := &Env{Stdio: Stdio{Out: &errb, Err: &errb}, Getenv: func(k string) string { return env[k] },
				HTTPClient: srv.Client(), Root: t.TempDir()}
			e.Log = newLogger(&errb, e.Getenv)
			e.github = readGitHubEnv(e.Getenv) // as Run does
			got, err := e.articleFromIssue(t.Context(), tt.n)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if strings.Contains(err.Error(), "test-token") || strings.Contains(err.Error(), "expired") {
					t.Errorf("error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestOriginRepository(t *testing.T) {
	tests := []struct {
		url         string
		owner, repo string
		ok          bool
	}{
		{"https://github.com/kominfotik-lampung/berita.git", "kominfotik-lampung", "berita", true},
		{"https://github.com/kominfotik-lampung/berita", "kominfotik-lampung", "berita", true},
		{"git@github.com:kominfotik-lampung/berita.git", "kominfotik-lampung", "berita", true},
		{"ssh://git@github.com/kominfotik-lampung/berita.git", "kominfotik-lampung", "berita", true},
		{"/srv/git/berita.git", "", "", false},
		{"https://git.example.org/a/b/c.git", "", "", false},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		r, err := git.PlainInit(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.CreateRemote(&gitconfig.RemoteConfig{Name: "origin", URLs: []string{tt.url}}); err != nil {
			t.Fatal(err)
		}
		o, n, ok := originRepository(dir)
		if o != tt.owner || n != tt.repo || ok != tt.ok {
			t.Errorf("%s: got %q %q %v", tt.url, o, n, ok)
		}
	}
	if _, _, ok := originRepository(t.TempDir()); ok {
		t.Error("a folder without git must give no repository")
	}
}
