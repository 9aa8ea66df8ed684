package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// Outcome is what a Run did.
type Outcome int

const (
	// Skipped: the issue is not an open naskah issue; nothing was written.
	Skipped Outcome = iota
	// Refused: the author may not submit articles; a polite comment only.
	Refused
	// Defects: the answers have problems; the comment lists them, no branch.
	Defects
	// Published: the branch and the pull request are up to date.
	Published
	// Foreign: someone else committed on the branch; intake left it alone.
	Foreign
)

// Options configure Run.
type Options struct {
	Owner, Repo string
	Issue       int
	// Base is the branch pull requests go to (main).
	Base   string
	Config *config.Config
	// Fetcher downloads the photos.
	Fetcher *Fetcher
	// Open opens origin (OpenRemote with the URL and token of the run).
	Open func(ctx context.Context) (*Remote, error)
	// AppToken: the token is a GitHub App installation token, so the pull
	// request starts check and gate by itself. Without it, Run sets the
	// first warta/sop status and tells the admin on the issue.
	AppToken bool
	// RunURL links the status to the workflow run; may be empty.
	RunURL string
	Log    *slog.Logger
}

// Result is the outcome of Run, for cli to print.
type Result struct {
	Outcome Outcome
	Defects []Defect
	Branch  string
	PR      int
	PRURL   string
	Comment string // URL of warta's comment on the issue
}

// Run reads naskah issue n and turns it into a branch and a pull request,
// or into one comment that says what to fix. Errors are failures to run
// (API, git); problems with the answers are a Result.
func Run(ctx context.Context, gh *github.Client, opt Options) (*Result, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// GitHub API docs: https://docs.github.com/rest/issues/issues#get-an-issue
	is, _, err := gh.Issues.Get(ctx, opt.Owner, opt.Repo, opt.Issue)
	if err != nil {
		return nil, fmt.Errorf("intake: get issue #%d: %w", opt.Issue, err)
	}
	if is.IsPullRequest() || is.GetState() != "open" || !hasLabel(is, "naskah") {
		return &Result{Outcome: Skipped}, nil
	}
	author := is.GetUser().GetLogin()
	res := &Result{}
	comment := func(body string) error {
		u, err := UpsertComment(ctx, gh, opt.Owner, opt.Repo, opt.Issue, MarkerIntake, body)
		res.Comment = u
		return err
	}
	if !allowed(is.GetAuthorAssociation(), author, opt.Config) {
		log.Info("intake: author not allowed", "issue", opt.Issue, "association", is.GetAuthorAssociation())
		res.Outcome = Refused
		return res, comment(MarkerIntake + "\nTerima kasih atas kirimannya, @" + author + ". " +
			"Formulir *Kirim naskah berita* hanya untuk staf Dinas Kominfotik Provinsi Lampung yang menjadi anggota atau kolaborator repositori ini, " +
			"jadi isu ini tidak diproses menjadi naskah. Bila Anda staf, mohon minta admin menambahkan akun GitHub Anda ke tim, lalu sunting isu ini sekali lagi.\n")
	}

	d, defects := Build(ParseBody(is.GetBody()), BuildOptions{
		Issue: opt.Issue, Author: author, Created: is.GetCreatedAt().Time, Loc: opt.Config.Location,
	})
	if d != nil {
		defects = append(defects, fetchPhotos(ctx, opt.Fetcher, d, log)...)
	}
	if len(defects) == 0 {
		more, err := Check(ctx, opt.Config, d)
		if err != nil {
			return nil, err
		}
		defects = append(defects, more...)
	}
	var remote *Remote
	if len(defects) == 0 {
		if remote, err = opt.Open(ctx); err != nil {
			return nil, err
		}
		if remote.BaseHas(d.Dir()) {
			defects = append(defects, Defect{"judul", "sudah ada berita lain dengan judul ini pada tanggal yang sama (" + d.Dir() + ")",
				"ubah judul sedikit agar berbeda, misalnya tambahkan tempat atau nama kegiatan"})
		}
	}
	if len(defects) > 0 {
		res.Outcome, res.Defects = Defects, defects
		return res, comment(defectsComment(defects))
	}

	branch := remote.IssueBranch(opt.Issue)
	if branch == "" {
		branch = d.Branch()
	}
	res.Branch = branch
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	head, changed, err := remote.Publish(ctx, branch, opt.Issue, d.Dir(), files, Author{Login: author, ID: is.GetUser().GetID()}, "Naskah: "+d.Title)
	if errors.Is(err, ErrForeignCommit) {
		res.Outcome = Foreign
		return res, comment(MarkerIntake + "\n### Naskah tidak diperbarui\n\n" +
			"Cabang `" + branch + "` sudah memuat perubahan dari orang lain (misalnya saran Kasi PIP), jadi suntingan isu ini **tidak** menimpanya. " +
			"Lanjutkan perbaikan langsung di pull request-nya (tab *Files changed*), atau minta Kasi PIP menggabungkan perubahan Anda.\n")
	}
	if err != nil {
		return nil, err
	}
	pr, err := upsertPR(ctx, gh, opt, d, branch)
	if err != nil {
		return nil, err
	}
	res.PR, res.PRURL, res.Outcome = pr.GetNumber(), pr.GetHTMLURL(), Published
	log.Info("intake: published", "issue", opt.Issue, "pr", res.PR, "changed", changed)

	var b strings.Builder
	b.WriteString(MarkerIntake + "\n### Naskah sudah menjadi pull request\n\n")
	fmt.Fprintf(&b, "Pull request: %s (cabang `%s`, naskah `%s/index.md`).\n\n", res.PRURL, branch, d.Dir())
	b.WriteString("Kasi PIP mengoreksi naskah di pull request itu. Untuk memperbaiki sebelum ada koreksi, **sunting isu ini**: pull request yang sama ikut diperbarui.\n")
	if !opt.AppToken {
		if changed {
			if err := pendingStatus(ctx, gh, opt, head.String()); err != nil {
				return nil, err
			}
		}
		b.WriteString("\n> [!NOTE]\n> **Untuk admin:** variabel `WARTA_APP_CLIENT_ID` dan secret `WARTA_APP_PRIVATE_KEY` (GitHub App warta, environment `warta-app`) belum diisi. " +
			"Pull request yang dibuat dengan token bawaan workflow tidak menjalankan workflow `check` dan `gate`, " +
			"jadi warta memasang status awal `warta/sop` (menunggu) sendiri; gate berjalan lagi setelah ulasan pertama. " +
			"Lihat README, bagian \"GitHub App untuk warta\".\n")
	}
	return res, comment(b.String())
}

func hasLabel(is *github.Issue, name string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}

// allowed: members and collaborators of the repository (GitHub's
// author_association), or a user listed in the config's roles.
func allowed(association, login string, cfg *config.Config) bool {
	switch association {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	for _, u := range slices.Concat(cfg.Roles.Kasi.Users, cfg.Roles.Kabid.Users) {
		if strings.EqualFold(u, login) {
			return true
		}
	}
	return false
}

// fetchPhotos downloads each photo and names it foto-N.<ext>; each refusal
// is a defect on its field.
func fetchPhotos(ctx context.Context, f *Fetcher, d *Draft, log *slog.Logger) []Defect {
	var out []Defect
	for i := range d.Photos {
		p := &d.Photos[i]
		field := "foto_" + strconv.Itoa(p.N)
		got, err := f.Get(ctx, p.URL)
		if err != nil {
			log.Info("intake: photo refused", "field", field, "err", err)
			out = append(out, photoDefect(field, err, f.max))
			continue
		}
		p.Name, p.Data = "foto-"+strconv.Itoa(p.N)+got.Ext, got.Data
	}
	return out
}

func photoDefect(field string, err error, max int64) Defect {
	mb := strconv.FormatInt(max>>20, 10)
	switch {
	case errors.Is(err, ErrNotAttachment):
		return Defect{field, "foto bukan lampiran GitHub (tautan ke situs lain tidak diterima)", "hapus tautannya lalu lampirkan fotonya langsung dari galeri atau kamera"}
	case errors.Is(err, ErrRedirect):
		return Defect{field, "lampiran dialihkan ke alamat yang tidak dikenal", "lampirkan ulang fotonya dari galeri atau kamera"}
	case errors.Is(err, ErrTooLarge):
		return Defect{field, "foto lebih besar dari " + mb + " MB", "kirim foto yang lebih kecil: di kamera ponsel pilih resolusi lebih rendah, atau kirim foto lewat WhatsApp ke diri sendiri lalu simpan dan lampirkan hasilnya"}
	case errors.Is(err, ErrHEIC):
		return Defect{field, "foto berformat HEIC/HEIF, yang tidak dapat ditampilkan di situs", "lampirkan versi JPEG: di iPhone buka Pengaturan → Kamera → Format → \"Paling Kompatibel\"; di Android matikan \"Simpan sebagai HEIF\" di pengaturan kamera; atau bagikan foto lewat WhatsApp ke diri sendiri (tersimpan sebagai JPEG) lalu lampirkan"}
	case errors.Is(err, ErrType):
		return Defect{field, "berkas bukan foto JPEG, PNG atau WebP", "lampirkan foto JPEG dari galeri atau kamera"}
	}
	return Defect{field, "foto tidak dapat diunduh dari GitHub", "simpan ulang isu ini sebentar lagi; bila tetap gagal, lampirkan ulang fotonya"}
}

// upsertPR opens the pull request of branch, or updates its title and
// body when it is open already.
//
// GitHub API docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests
// GitHub API docs: https://docs.github.com/rest/pulls/pulls#create-a-pull-request
// GitHub API docs: https://docs.github.com/rest/pulls/pulls#update-a-pull-request
func upsertPR(ctx context.Context, gh *github.Client, opt Options, d *Draft, branch string) (*github.PullRequest, error) {
	title := "Naskah: " + d.Title
	body := fmt.Sprintf("Closes #%d\n", opt.Issue)
	if d.Assignment > 0 {
		body += fmt.Sprintf("Closes #%d (penugasan)\n", d.Assignment)
	}
	body += fmt.Sprintf("\nNaskah dari isu #%d, ditulis oleh @%s lewat formulir *Kirim naskah berita*. "+
		"Ubah naskah dengan menyunting isu #%d, sampai ada commit lain di cabang ini.\n", opt.Issue, d.Author, opt.Issue)
	prs, _, err := gh.PullRequests.List(ctx, opt.Owner, opt.Repo, &github.PullRequestListOptions{
		State: "open", Head: opt.Owner + ":" + branch, Base: opt.Base,
	})
	if err != nil {
		return nil, fmt.Errorf("intake: list pull requests of %s: %w", branch, err)
	}
	if len(prs) > 0 {
		pr := prs[0]
		if pr.GetTitle() == title && pr.GetBody() == body {
			return pr, nil
		}
		ed, _, err := gh.PullRequests.Edit(ctx, opt.Owner, opt.Repo, pr.GetNumber(), &github.PullRequest{Title: github.String(title), Body: github.String(body)})
		if err != nil {
			return nil, fmt.Errorf("intake: update pull request #%d: %w", pr.GetNumber(), err)
		}
		return ed, nil
	}
	pr, _, err := gh.PullRequests.Create(ctx, opt.Owner, opt.Repo, &github.NewPullRequest{
		Title: github.String(title), Head: github.String(branch), Base: github.String(opt.Base), Body: github.String(body),
		MaintainerCanModify: github.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("intake: open pull request for %s: %w", branch, err)
	}
	return pr, nil
}

// pendingStatus sets the first warta/sop status of a pull request that
// no workflow will evaluate (opened with the workflow's own token).
//
// GitHub API docs: https://docs.github.com/rest/commits/statuses#create-a-commit-status
func pendingStatus(ctx context.Context, gh *github.Client, opt Options, sha string) error {
	st := &github.RepoStatus{
		State: github.String("pending"), Context: github.String("warta/sop"),
		Description: github.String("Menunggu persetujuan Kasi PIP"),
	}
	if opt.RunURL != "" {
		st.TargetURL = github.String(opt.RunURL)
	}
	if _, _, err := gh.Repositories.CreateStatus(ctx, opt.Owner, opt.Repo, sha, st); err != nil {
		return fmt.Errorf("intake: status on %s: %w", sha, err)
	}
	return nil
}
