package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/intake"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

type newOptions struct {
	title     string
	fromIssue int
	author    string
}

func parseNew(e *Env, args []string) (newOptions, int, bool) {
	var o newOptions
	fs := e.newFlags("new", "\"Judul Berita\" [--from-issue N] [--author LOGIN]",
		"Membuat folder naskah berita baru content/berita/TTTT/BB/HH-judul/index.md bertanggal hari ini\n(WIB) dengan front matter yang tinggal diisi. Dengan --from-issue, judul, kegiatan, lokasi\ndan nomor penugasan diambil dari issue penugasan.")
	fs.IntVar(&o.fromIssue, "from-issue", 0, "nomor issue penugasan (formulir \"Penugasan Berita\")")
	fs.StringVar(&o.author, "author", "", "login GitHub penulis (bawaan: GITHUB_ACTOR bila ada)")
	// Accept the title before or after the flags.
	var rest []string
	for len(args) > 0 {
		if code, done := parseFlags(fs, args); done {
			return o, code, true
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	o.title = strings.TrimSpace(strings.Join(rest, " "))
	if o.title == "" && o.fromIssue == 0 {
		fmt.Fprintln(e.Err, "warta new: judul berita wajib diisi, misalnya: warta new \"Gubernur Resmikan Jembatan\"")
		return o, ExitUsage, true
	}
	if o.fromIssue < 0 {
		fmt.Fprintln(e.Err, "warta new: --from-issue harus nomor issue yang positif")
		return o, ExitUsage, true
	}
	return o, 0, false
}

// scaffold is what warta new writes into the front matter.
type scaffold struct {
	Title, Activity, Location, Direction, When string
	Assignment                                 int
}

func runNew(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseNew(e, args)
	if done {
		return code
	}
	cfg, _, ok := e.loadConfig(os.DirFS(e.Root))
	if !ok {
		return ExitUsage
	}
	s := scaffold{Title: o.title}
	if o.fromIssue > 0 {
		d, err := e.articleFromIssue(ctx, o.fromIssue)
		if err != nil {
			fmt.Fprintf(e.Err, "warta new: %v\n", err)
			return ExitUsage
		}
		if s.Title == "" {
			s.Title = d.Title
		}
		s.Activity, s.Location, s.Direction, s.When, s.Assignment = d.Activity, d.Location, d.Direction, d.When, o.fromIssue
	}
	author := o.author
	if author == "" {
		author = e.github.Actor
	}
	now := e.Now().In(cfg.Location)
	slug := article.Slug(s.Title)
	if slug == "" {
		fmt.Fprintln(e.Err, "warta new: judul harus memuat huruf atau angka")
		return ExitUsage
	}
	rel := intake.BundleDir(now, slug)
	dir := e.path(rel)
	if _, err := os.Stat(dir); err == nil {
		fmt.Fprintf(e.Err, "warta new: folder %s sudah ada; naskah yang ada tidak ditimpa\n    saran: pakai judul lain atau sunting %s/index.md\n", rel, rel)
		return ExitUsage
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.Err, "warta new: folder %s tidak dapat dibuat: %v\n", rel, err)
		return ExitUsage
	}
	body := frontMatterScaffold(s, now.Format(wib.FrontMatterLayout), author)
	if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(body), 0o644); err != nil {
		fmt.Fprintf(e.Err, "warta new: %s/index.md tidak dapat ditulis: %v\n", rel, err)
		return ExitUsage
	}
	fmt.Fprintf(e.Out, "Naskah baru: %s/index.md\n", rel)
	fmt.Fprintln(e.Out, "Langkah berikutnya:")
	fmt.Fprintln(e.Out, "  1. Isi summary, activity, location dan teks berita.")
	fmt.Fprintf(e.Out, "  2. Unggah foto ke %s/ dan sesuaikan images (src, alt, caption, credit).\n", rel)
	fmt.Fprintln(e.Out, "  3. Jalankan `warta check`, lalu buka pull request untuk dikoreksi Kasi PIP.")
	return ExitOK
}

func frontMatterScaffold(s scaffold, date, author string) string {
	var b strings.Builder
	q := strconv.Quote
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", q(s.Title))
	fmt.Fprintf(&b, "date: %s\n", date)
	b.WriteString("summary: \"\"  # ringkasan 1-2 kalimat untuk daftar berita dan media sosial\n")
	fmt.Fprintf(&b, "activity: %s  # kegiatan yang diberitakan (catatan SOP)\n", q(s.Activity))
	fmt.Fprintf(&b, "location: %s  # lokasi kegiatan (catatan SOP)\n", q(s.Location))
	b.WriteString("images:\n  - src: foto-utama.jpg  # unggah foto ke folder ini\n    alt: \"\"  # jelaskan isi foto untuk pembaca tunanetra\n    caption: \"\"\n    credit: \"" + intake.DefaultCredit + "\"\n")
	if author != "" {
		fmt.Fprintf(&b, "author: [%s]\n", q(author))
	}
	b.WriteString("tags: []\n")
	if s.Assignment > 0 {
		fmt.Fprintf(&b, "assignment: %d\n", s.Assignment)
	}
	// The assignment's direction and time as YAML comments: visible to the
	// writer, never published.
	for _, c := range []struct{ label, text string }{{"Arahan Kasi", s.Direction}, {"Waktu kegiatan", s.When}} {
		for i, line := range strings.Split(strings.TrimSpace(c.text), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if i == 0 {
				fmt.Fprintf(&b, "# %s: %s\n", c.label, strings.TrimSpace(line))
			} else {
				fmt.Fprintf(&b, "#   %s\n", strings.TrimSpace(line))
			}
		}
	}
	b.WriteString("---\n\n")
	b.WriteString("Tulis isi berita di sini: apa, siapa, di mana, kapan, mengapa dan bagaimana.\n")
	return b.String()
}
