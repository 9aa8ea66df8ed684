package gate

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Step is one SOP step as the PR shows it.
type Step struct {
	No       int
	Name     string
	Who      string // "@login", or "" when not done yet
	Start    time.Time
	End      time.Time // zero while the step runs or has not started
	Standard int       // minutes, from config sop:
}

// Steps maps the PR's history onto SOP steps 3 to 6 (steps 1 and 2 happen
// on the assignment issue).
func Steps(v *Verdict, cfg *config.Config) []Step {
	d := v.Decision
	kasiT, kabidT := roleTitle(cfg.Roles.Kasi, "Kasi PIP"), roleTitle(cfg.Roles.Kabid, "Kabid PLIP")
	produce := Step{No: 3, Name: "Staf menyusun naskah dan foto; " + kasiT + " mengoreksi", Who: at(v.Author), Start: v.Created, Standard: cfg.SOP.Produce}
	forward := Step{No: 4, Name: kasiT + " meneruskan ke " + kabidT, Standard: cfg.SOP.Forward}
	verify := Step{No: 5, Name: kabidT + " memverifikasi", Standard: cfg.SOP.Verify}
	handback := Step{No: 6, Name: "Naskah terverifikasi digabung (merge) untuk dipublikasikan", Standard: cfg.SOP.Handback}
	if k := d.KasiApproval; k != nil {
		produce.End = k.SubmittedAt
		forward.Who, forward.Start = at(k.User), k.SubmittedAt
		forward.End = v.KabidRequestedAt
		verify.Start = k.SubmittedAt
		if v.KabidRequestedAt.After(k.SubmittedAt) {
			verify.Start = v.KabidRequestedAt
		} else if v.KabidRequested {
			forward.End = k.SubmittedAt // requested before the approval
		}
	}
	if b := d.KabidApproval; b != nil {
		verify.Who, verify.End = at(b.User), b.SubmittedAt
		handback.Start = b.SubmittedAt
		handback.End = v.Merged
		if !v.Merged.IsZero() {
			handback.Who = at(v.MergedBy)
		}
	}
	return []Step{produce, forward, verify, handback}
}

func at(login string) string {
	if login == "" {
		return ""
	}
	return "@" + login
}

// Comment renders the gate's PR comment (Markdown, Bahasa Indonesia): the
// verdict, the SOP checklist with who did each step, when and how long it
// took against the SOP standard, the social media preview of each article
// and the `warta check` result. It starts with Marker.
func Comment(v *Verdict, cfg *config.Config, now time.Time) string {
	loc := cfg.Location
	if loc == nil {
		loc = wib.Location()
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s\n## Gerbang SOP Akurasi Informasi\n\n", Marker)
	icon := map[string]string{Success: "✅", Pending: "⏳", Failure: "❌"}[v.State]
	w("%s **%s** — %s\n\n", icon, map[string]string{Success: "Lulus", Pending: "Menunggu", Failure: "Perlu perbaikan"}[v.State], safe(v.Description))
	if !v.TouchesContent {
		w("PR ini tidak mengubah `content/`, jadi tidak memerlukan persetujuan %s dan %s.\n", roleTitle(cfg.Roles.Kasi, "Kasi PIP"), roleTitle(cfg.Roles.Kabid, "Kabid PLIP"))
		return b.String()
	}

	w("### Alur SOP\n\n| | Langkah | Oleh | Mulai | Selesai | Durasi | Standar SOP |\n|---|---|---|---|---|---|---|\n")
	if len(v.Assignments) > 0 {
		var refs []string
		for _, n := range v.Assignments {
			refs = append(refs, fmt.Sprintf("#%d", n))
		}
		w("| ✅ | 1–2. Penugasan dan arahan | lihat isu %s | | | | %d + %d mnt |\n", strings.Join(refs, ", "), cfg.SOP.Assign, cfg.SOP.Direct)
	} else {
		w("| ➖ | 1–2. Penugasan dan arahan | tidak ada `assignment:` di naskah | | | | %d + %d mnt |\n", cfg.SOP.Assign, cfg.SOP.Direct)
	}
	for _, s := range Steps(v, cfg) {
		mark, dur := "⬜", ""
		switch {
		case !s.End.IsZero():
			mark = "✅"
			dur = duration(s.End.Sub(s.Start))
			if s.Standard > 0 && s.End.Sub(s.Start) > time.Duration(s.Standard)*time.Minute {
				dur += " ⚠️ melebihi standar"
			}
		case !s.Start.IsZero():
			mark = "⏳"
			dur = "berjalan " + duration(now.Sub(s.Start))
		}
		w("| %s | %d. %s | %s | %s | %s | %s | %d mnt |\n", mark, s.No, s.Name, safe(s.Who), when(s.Start, loc), when(s.End, loc), dur, s.Standard)
	}
	if len(v.KabidRequestedFrom) > 0 && !v.KabidRequestedAt.IsZero() {
		w("\nUlasan %s diminta dari %s pada %s.\n", roleTitle(cfg.Roles.Kabid, "Kabid PLIP"),
			safe(strings.Join(v.KabidRequestedFrom, ", ")), when(v.KabidRequestedAt, loc))
	}
	if len(v.Reasons) > 0 {
		w("\n**Catatan**\n\n")
		for _, r := range v.Reasons {
			w("- %s\n", safe(r))
		}
	}

	w("\n### Pratinjau media sosial\n\n")
	if len(v.Articles) == 0 {
		w("Tidak ada naskah berita yang valid untuk dipratinjau.\n")
	}
	for _, a := range v.Articles {
		url := cfg.ArticleURL(a.URLPath())
		w("#### %s\n\n%s", safe(a.Title), codeSpan(a.ID))
		if a.Draft {
			w(" — draf, tidak akan dipublikasikan")
		}
		w("\n\n")
		if a.Retracted() {
			w("**Pencabutan**: berita ini dicabut (%s). Setelah digabung, kirimannya di Facebook, Instagram dan X dihapus; "+
				"bila platform menolak, warta publish menyebutkan kiriman yang harus dihapus manual.\n\n", safe(a.Retraction.Reason))
			continue
		}
		if n := len(a.Corrections); n > 0 {
			correctionPreview(w, a, n, cfg)
		}
		for _, p := range article.Platforms {
			name := map[string]string{article.Facebook: "Facebook", article.Instagram: "Instagram", article.X: "X"}[p]
			if !a.WantsPlatform(p, cfg.Social.Enabled(p)) {
				w("- **%s**: tidak diposting\n", name)
				continue
			}
			text := article.SocialText(a, p, url, cfg.Social.Options())
			var count string
			switch p {
			case article.X:
				n := article.XWeightedLength(text)
				count = fmt.Sprintf("%d/%d karakter berbobot", n, article.XMaxWeighted)
				if n > article.XMaxWeighted {
					count += " ⚠️ terlalu panjang"
				}
			case article.Instagram:
				n, h := article.RuneLen(text), article.CountHashtags(text)
				count = fmt.Sprintf("%d/%d karakter, %d/%d tagar", n, article.InstagramMaxCaption, h, article.InstagramMaxHashtags)
				if n > article.InstagramMaxCaption || h > article.InstagramMaxHashtags {
					count += " ⚠️ melebihi batas"
				}
				if len(a.Images) > 0 {
					// The summary is an HTML block: Markdown is not
					// parsed there, HTML is, so src is HTML-escaped.
					count += ", foto: <code>" + html.EscapeString(a.Images[0].Src) + "</code>"
				}
			default:
				count = fmt.Sprintf("%d karakter", article.RuneLen(text))
			}
			w("<details><summary><b>%s</b>: %s</summary>\n\n%s\n\n</details>\n\n", name, count, fence(text))
		}
	}

	w("### Hasil `warta check`\n\n")
	if v.ContentNote != "" {
		w("%s\n\n", safe(v.ContentNote))
	}
	errs, warns := 0, 0
	for _, p := range v.Problems {
		if p.Severity == article.Error {
			errs++
		} else {
			warns++
		}
	}
	if len(v.Problems) == 0 {
		w("✅ Tidak ada masalah pada naskah di PR ini.\n")
	} else {
		w("%d kesalahan, %d peringatan:\n\n%s\n", errs, warns, fence(problemsText(v.Problems)))
	}
	return b.String()
}

// correctionPreview shows correction n (the newest: the one a correction
// PR adds) as each platform will get it under the article's post, with
// the text article.CorrectionText composes for publish.
func correctionPreview(w func(string, ...any), a *article.Article, n int, cfg *config.Config) {
	c := a.Corrections[n-1]
	url := cfg.ArticleURL(a.URLPath())
	w("**%s #%d** (terbaru) dikirim di bawah kiriman berita yang sudah terbit:\n\n", article.CorrectionLabel(c.Kind), n)
	for _, p := range article.Platforms {
		name := map[string]string{article.Facebook: "Facebook: komentar Halaman", article.Instagram: "Instagram: komentar",
			article.X: "X: balasan"}[p]
		if !cfg.Social.Enabled(p) {
			continue
		}
		text := article.CorrectionText(c, p, url, cfg.Social.Options())
		count := fmt.Sprintf("%d karakter", article.RuneLen(text))
		if p == article.X {
			count = fmt.Sprintf("%d/%d karakter berbobot", article.XWeightedLength(text), article.XMaxWeighted)
		}
		w("<details><summary><b>%s</b>: %s</summary>\n\n%s\n\n</details>\n\n", name, count, fence(text))
	}
	w("Kiriman berita di bawah ini hanya dikirim bila belum pernah dikirim.\n\n")
}

func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 15:04 MST")
}

// duration formats d in Indonesian units: "45 dtk", "3 mnt", "2 j 5 mnt",
// "3 hr 4 j".
func duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d dtk", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d mnt", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d j %d mnt", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d hr %d j", int(d.Hours())/24, int(d.Hours())%24)
}

// fence wraps untrusted text in a code block whose fence is longer than any
// backtick run inside, so it cannot break out; mentions do not notify there.
func fence(s string) string {
	n, run := 3, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run >= n {
				n = run + 1
			}
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", n)
	return f + "text\n" + strings.TrimRight(s, "\n") + "\n" + f
}

// safe neutralises untrusted text (titles, logins, reasons) for one line
// of Markdown, in a table cell, a list item or a heading: line breaks and
// other control characters become spaces, `@` gets a zero-width space so
// nobody is mentioned, and every character that could start Markdown or
// HTML (a link, an image, a tag, an entity, a code span, emphasis, a cell
// border, math) is backslash-escaped, which CommonMark allows for any
// ASCII punctuation and GitHub tables need for `|`. So `<img …>` and
// `[x](javascript:…)` show as the text they are, and no `<!--` can fake
// the Marker.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '@':
			b.WriteString("@\u200b")
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case strings.ContainsRune(markdownSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownSpecial are the characters safe escapes: what opens or closes
// links, images, HTML, entities, code, emphasis, strikethrough, tables,
// headings and math, and the backslash itself.
const markdownSpecial = "\\`*_[]<>&|~!#$"

// codeSpan shows untrusted text as inline code on one line: the backtick
// run around it is longer than any inside it (CommonMark ends a code span
// only at a run of the same length), padded with spaces when the text
// starts or ends with a backtick.
func codeSpan(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	ticks := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return ticks + s + ticks
}
