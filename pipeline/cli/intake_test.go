package cli

import (
	"bytes"
	"crypto/rand"
	"image"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/intake"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

// intakeRig is a checkout whose origin is a bare repository, and the fake
// GitHub holding the naskah issue and its attachments.
type intakeRig struct {
	srv    *githubfake.Server
	root   string
	origin string
}

func newIntakeRig(t *testing.T) *intakeRig {
	t.Helper()
	root, origin, _ := publishCheckout(t, nil)
	srv := githubfake.New(t, "kominfo", "berita", "test-token")
	return &intakeRig{srv: srv, root: root, origin: origin}
}

func (r *intakeRig) run(t *testing.T, extraEnv map[string]string, args ...string) (string, string, int) {
	t.Helper()
	env := map[string]string{"GITHUB_API_URL": r.srv.URL, "GITHUB_SERVER_URL": r.srv.URL,
		"GITHUB_REPOSITORY": "kominfo/berita", "GITHUB_TOKEN": "test-token", "GITHUB_RUN_ID": "77"}
	for k, v := range extraEnv {
		env[k] = v
	}
	var out, errb bytes.Buffer
	e := &Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}, Getenv: func(k string) string { return env[k] },
		HTTPClient: r.srv.Client(), Now: func() time.Time { return time.Date(2026, 11, 25, 4, 0, 0, 0, time.UTC) }}
	code := e.Run(t.Context(), append([]string{"--root", r.root, "intake"}, args...))
	return out.String(), errb.String(), code
}

func gitIn(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GIT_AUTHOR_NAME=kasi1", "GIT_AUTHOR_EMAIL=kasi1@example.org",
		"GIT_COMMITTER_NAME=kasi1", "GIT_COMMITTER_EMAIL=kasi1@example.org")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func photoJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// formIssue is issue n with the answers (by field id) rendered as GitHub does.
func formIssue(n int, author string, answers map[string]string) *githubfake.Issue {
	var fields [][2]string
	for _, f := range intake.Fields() {
		fields = append(fields, [2]string{f.Label, answers[f.ID]})
	}
	return &githubfake.Issue{Number: n, Title: "Naskah: " + answers["judul"], Author: author, Association: "MEMBER",
		Labels: []string{"naskah"}, Body: githubfake.FormBody(fields), Created: time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)}
}

func completeAnswers(r *intakeRig) map[string]string {
	return map[string]string{
		"judul": "Gubernur Resmikan Jembatan Way Sekampung", "ringkasan": "Jembatan baru menghubungkan dua kecamatan.",
		"kegiatan": "Peresmian jembatan", "lokasi": "Kecamatan Pagelaran, Kabupaten Pringsewu", "waktu": "2026-11-25 09:00",
		"isi":    "Gubernur Lampung meresmikan jembatan.\n\nWarga menyambut gembira.",
		"foto_1": `<img width="1200" alt="IMG_0001" src="` + r.srv.AttachmentURL("11111111-aaaa-4bbb-8ccc-000000000001") + `" />`,
		"alt_1":  "Gubernur menggunting pita", "keterangan_1": "Peresmian jembatan",
		"foto_2": "![IMG_0002](" + r.srv.AttachmentURL("11111111-aaaa-4bbb-8ccc-000000000002") + ")",
		"alt_2":  "Warga melintasi jembatan", "tag": "infrastruktur, Pringsewu", "penugasan": "3",
	}
}

const bundle = "content/berita/2026/11/25-gubernur-resmikan-jembatan-way-sekampung"
const branch = "naskah/12-gubernur-resmikan-jembatan-way-sekampung"

func TestIntakeCompleteFormEditAndForeignCommit(t *testing.T) {
	r := newIntakeRig(t)
	p1, p2 := photoJPEG(t, 120, 80), photoJPEG(t, 60, 90)
	r.srv.Attachments["11111111-aaaa-4bbb-8ccc-000000000001"] = &githubfake.Attachment{Data: p1}
	r.srv.Attachments["11111111-aaaa-4bbb-8ccc-000000000002"] = &githubfake.Attachment{Data: p2, Chunked: true}
	answers := completeAnswers(r)
	r.srv.AddIssue(formIssue(12, "staf1", answers))

	out, errOut, code := r.run(t, nil, "--issue", "12")
	if code != ExitOK {
		t.Fatalf("code %d\n%s%s", code, out, errOut)
	}
	for name, want := range map[string][]byte{"foto-1.jpg": p1, "foto-2.jpg": p2} {
		got, err := exec.Command("git", "--git-dir", r.origin, "show", branch+":"+bundle+"/"+name).Output()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s on the branch differs from the upload (err %v)", name, err)
		}
	}
	index, _ := gitIn(t, r.origin, "show", branch+":"+bundle+"/index.md")
	for _, want := range []string{"title: Gubernur Resmikan Jembatan Way Sekampung", "date: \"2026-11-25T09:00:00+07:00\"", "activity: Peresmian jembatan",
		"src: foto-1.jpg", "alt: Gubernur menggunting pita", "assignment: 3", "- staf1", "Warga menyambut gembira."} {
		if !strings.Contains(index, want) {
			t.Errorf("index.md lacks %q:\n%s", want, index)
		}
	}
	author, _ := gitIn(t, r.origin, "log", "-1", "--format=%an <%ae>|%cn", branch)
	if author != "staf1 <5045+staf1@users.noreply.github.com>|github-actions[bot]" {
		t.Errorf("author|committer = %q", author)
	}
	if len(r.srv.PRs) != 1 {
		t.Fatalf("PRs = %d", len(r.srv.PRs))
	}
	var pr *githubfake.PR
	for _, p := range r.srv.PRs {
		pr = p
	}
	if !strings.Contains(pr.Body, "Closes #12") || !strings.Contains(pr.Body, "Closes #3") || pr.HeadRef != branch || pr.BaseRef != "main" {
		t.Errorf("PR %+v", pr)
	}
	cs := r.srv.Issues[12].Comments
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "/pull/"+strconv.Itoa(pr.Number)) || !strings.Contains(cs[0].Body, "WARTA_APP_CLIENT_ID") {
		t.Fatalf("comments %+v", cs)
	}
	if len(r.srv.Statuses) != 1 || r.srv.Statuses[0].Context != "warta/sop" || r.srv.Statuses[0].State != "pending" {
		t.Errorf("statuses %+v", r.srv.Statuses)
	}
	tip1, _ := gitIn(t, r.origin, "rev-parse", branch)

	// The writer edits the title and drops photo 2: the same branch and PR.
	answers["judul"] = "Gubernur Resmikan Jembatan Baru"
	answers["foto_2"], answers["alt_2"] = "", ""
	r.srv.Issues[12].Body = formIssue(12, "staf1", answers).Body
	if out, errOut, code := r.run(t, nil, "--issue", "12"); code != ExitOK {
		t.Fatalf("edit: code %d\n%s%s", code, out, errOut)
	}
	if len(r.srv.PRs) != 1 || pr.Title != "Naskah: Gubernur Resmikan Jembatan Baru" || r.srv.Count("PATCH /repos/kominfo/berita/pulls/") != 1 {
		t.Errorf("PR not updated in place: %d PRs, title %q", len(r.srv.PRs), pr.Title)
	}
	if cs := r.srv.Issues[12].Comments; len(cs) != 1 || r.srv.Count("PATCH /repos/kominfo/berita/issues/comments/") != 1 ||
		!strings.Contains(cs[0].Body, "25-gubernur-resmikan-jembatan-baru/index.md") {
		t.Errorf("comments %+v", cs)
	}
	parent, _ := gitIn(t, r.origin, "rev-parse", branch+"^")
	if parent != tip1 {
		t.Errorf("edit is not a commit on top of the first: parent %s, first %s", parent, tip1)
	}
	files, _ := gitIn(t, r.origin, "ls-tree", "-r", "--name-only", branch, "content/berita")
	if files != "content/berita/2026/11/25-gubernur-resmikan-jembatan-baru/foto-1.jpg\ncontent/berita/2026/11/25-gubernur-resmikan-jembatan-baru/index.md" {
		t.Errorf("files after the edit:\n%s", files)
	}

	// A Kasi commits a suggestion on the branch: intake stops overwriting.
	clone := t.TempDir()
	if out, err := gitIn(t, clone, "clone", "-q", "-b", branch, r.origin, "."); err != nil {
		t.Fatal(out)
	}
	if out, err := gitIn(t, clone, "commit", "-q", "--allow-empty", "-m", "Saran Kasi"); err != nil {
		t.Fatal(out)
	}
	if out, err := gitIn(t, clone, "push", "-q", "origin", branch); err != nil {
		t.Fatal(out)
	}
	kasiTip, _ := gitIn(t, clone, "rev-parse", "HEAD")
	answers["ringkasan"] = "Ringkasan baru."
	r.srv.Issues[12].Body = formIssue(12, "staf1", answers).Body
	out, _, code = r.run(t, nil, "--issue", "12")
	if code != ExitOK || !strings.Contains(out, "tidak ditimpa") {
		t.Errorf("foreign: code %d out %s", code, out)
	}
	if tip, _ := gitIn(t, r.origin, "rev-parse", branch); tip != kasiTip {
		t.Errorf("intake moved the branch past the Kasi's commit")
	}
	if cs := r.srv.Issues[12].Comments; len(cs) != 1 || !strings.Contains(cs[0].Body, "tidak** menimpanya") {
		t.Errorf("comment after the foreign commit: %+v", cs)
	}
}

func TestIntakeThreeDefects(t *testing.T) {
	r := newIntakeRig(t)
	a := completeAnswers(r)
	a["ringkasan"], a["alt_1"], a["waktu"] = "", "", "besok pagi"
	r.srv.AddIssue(formIssue(12, "staf1", a))
	out, _, code := r.run(t, nil, "--issue", "12")
	if code != ExitProblems {
		t.Fatalf("code %d\n%s", code, out)
	}
	cs := r.srv.Issues[12].Comments
	if len(cs) != 1 {
		t.Fatalf("comments %+v", cs)
	}
	for _, label := range []string{"**Ringkasan**", "**Waktu kegiatan**", "**Isi foto 1**"} {
		if !strings.Contains(cs[0].Body, label) {
			t.Errorf("comment does not name %s:\n%s", label, cs[0].Body)
		}
	}
	if n := strings.Count(cs[0].Body, "\n- **"); n != 3 {
		t.Errorf("%d fields named, want 3:\n%s", n, cs[0].Body)
	}
	if refs, _ := gitIn(t, r.origin, "for-each-ref", "refs/heads/naskah"); refs != "" || len(r.srv.PRs) != 0 {
		t.Errorf("branch or PR made despite defects: %q, %d PRs", refs, len(r.srv.PRs))
	}
	// Run again unchanged: the same comment, not a second one.
	r.run(t, nil, "--issue", "12")
	if len(r.srv.Issues[12].Comments) != 1 {
		t.Errorf("comment duplicated")
	}
}

func TestIntakeRefusesStrangers(t *testing.T) {
	r := newIntakeRig(t)
	r.srv.Attachments["11111111-aaaa-4bbb-8ccc-000000000001"] = &githubfake.Attachment{Data: photoJPEG(t, 10, 10)}
	is := formIssue(12, "orang-luar", completeAnswers(r))
	is.Association = "NONE"
	r.srv.AddIssue(is)
	out, _, code := r.run(t, nil, "--issue", "12")
	if code != ExitProblems || !strings.Contains(out, "ditolak") {
		t.Errorf("code %d out %s", code, out)
	}
	if cs := is.Comments; len(cs) != 1 || !strings.Contains(cs[0].Body, "Terima kasih") {
		t.Errorf("comments %+v", cs)
	}
	if len(r.srv.PRs) != 0 || r.srv.SentBytes("11111111-aaaa-4bbb-8ccc-000000000001") != 0 {
		t.Errorf("a stranger's issue was processed")
	}
	for _, w := range r.srv.Writes() {
		if !strings.HasPrefix(w, "POST /repos/kominfo/berita/issues/12/comments") {
			t.Errorf("unexpected write %s", w)
		}
	}
}

func TestIntakePhotoOnOtherHostNotRequested(t *testing.T) {
	r := newIntakeRig(t)
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	t.Cleanup(other.Close)
	a := completeAnswers(r)
	a["foto_1"] = `<img src="` + other.URL + `/user-attachments/assets/11111111-aaaa-4bbb-8ccc-000000000001" />`
	a["foto_2"] = "![x](" + r.srv.URL + "/evil/user-attachments/assets/x)"
	r.srv.AddIssue(formIssue(12, "staf1", a))
	_, _, code := r.run(t, nil, "--issue", "12")
	if code != ExitProblems || hits.Load() != 0 {
		t.Fatalf("code %d, requests to the other host %d", code, hits.Load())
	}
	body := r.srv.Issues[12].Comments[0].Body
	if !strings.Contains(body, "**Foto 1**: foto bukan lampiran GitHub") || !strings.Contains(body, "**Foto 2**: foto bukan lampiran GitHub") {
		t.Errorf("comment:\n%s", body)
	}
}

func TestIntakeRefusesLargePhotoWithoutReadingIt(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		r := newIntakeRig(t)
		big := make([]byte, 30<<20)
		copy(big, photoJPEG(t, 10, 10))
		rand.Read(big[1024:])
		id := "11111111-aaaa-4bbb-8ccc-000000000001"
		r.srv.Attachments[id] = &githubfake.Attachment{Data: big, Chunked: chunked}
		a := completeAnswers(r)
		a["foto_2"], a["alt_2"] = "", ""
		r.srv.AddIssue(formIssue(12, "staf1", a))
		_, _, code := r.run(t, nil, "--issue", "12")
		if code != ExitProblems {
			t.Fatalf("chunked=%v: code %d", chunked, code)
		}
		if body := r.srv.Issues[12].Comments[0].Body; !strings.Contains(body, "**Foto 1**: foto lebih besar dari 10 MB") {
			t.Errorf("comment:\n%s", body)
		}
		// Limit 10 MB. With Content-Length the body is never read: only
		// what socket buffers take reaches the connection. Without it the
		// read stops one byte past 10 MB, plus those buffers.
		sent := r.srv.SentBytes(id)
		limit := int64(10 << 20)
		if chunked {
			limit = 22 << 20
		}
		if sent >= limit {
			t.Errorf("chunked=%v: %d bytes sent, want < %d", chunked, sent, limit)
		}
		t.Logf("chunked=%v: %d of %d bytes sent", chunked, sent, len(big))
	}
}

func TestIntakePenugasanLink(t *testing.T) {
	r := newIntakeRig(t)
	r.srv.AddIssue(&githubfake.Issue{Number: 3, Title: "Penugasan: Peresmian", Author: "kabid1", Labels: []string{"penugasan"}, Body: formBody})
	for range 2 {
		out, errOut, code := r.run(t, nil, "--penugasan", "3")
		if code != ExitOK {
			t.Fatalf("code %d %s %s", code, out, errOut)
		}
	}
	cs := r.srv.Issues[3].Comments
	want := r.srv.URL + "/kominfo/berita/issues/new?judul=Gubernur+Resmikan+Jembatan+Way+Sekampung&kegiatan=Peresmian+jembatan+oleh+Gubernur.+Dihadiri+Bupati+Pringsewu.&lokasi=Kecamatan+Pagelaran%2C+Kabupaten+Pringsewu&penugasan=3&template=naskah.yml"
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "[Tulis naskah dari ponsel]("+want+")") {
		t.Errorf("comments %+v\nwant link %s", cs, want)
	}
}

func TestParseIntake(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		done bool
	}{
		{[]string{"--issue", "12"}, 0, false},
		{[]string{"--penugasan", "3"}, 0, false},
		{nil, ExitUsage, true},
		{[]string{"--issue", "1", "--penugasan", "2"}, ExitUsage, true},
		{[]string{"--issue", "-1"}, ExitUsage, true},
		{[]string{"--help"}, ExitOK, true},
	} {
		var errb bytes.Buffer
		e := &Env{Stdio: Stdio{Err: &errb}}
		_, code, done := parseIntake(e, tt.args)
		if code != tt.code || done != tt.done {
			t.Errorf("%v: code %d done %v, want %d %v", tt.args, code, done, tt.code, tt.done)
		}
	}
}
