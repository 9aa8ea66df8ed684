package site

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// relEntry is an article as the build prepares it for relate, with its
// tags and location (the list it goes in is newest first).
func relEntry(id string, draft bool, location string, tags ...string) *entry {
	b := &builder{cfg: config.Default(), basePath: "/"}
	e := b.prepare(&article.Article{ID: id, Location: location, Draft: draft, Kind: article.News, Tags: tags})
	e.sum.Title = id
	return e
}

func relatedIDs(e *entry) string {
	var ids []string
	for _, s := range e.related {
		ids = append(ids, s.Title)
	}
	return strings.Join(ids, " ")
}

func TestRelated(t *testing.T) {
	b := &builder{articles: []*entry{ // newest first
		relEntry("a", false, "Kota Metro", "Jalan", "Banjir"),
		relEntry("b", false, "Kabupaten Pesawaran", "jalan"), // same tag, other case
		relEntry("c", true, "Kota Metro", "Jalan"),           // a draft: never related
		relEntry("d", false, "Kota Metro"),                   // same location only
		relEntry("e", false, "Kota Metro", "Banjir"),
		relEntry("f", false, "Kota  Metro", "Jalan"), // location spelt with two spaces: same slug
		relEntry("g", false, "Kota Metro", "Jalan"),
		relEntry("h", false, "Kabupaten Way Kanan", "Pertanian"), // shares nothing
	}}
	b.relate()
	for id, want := range map[string]string{
		"a": "b d e f", // four at most, newest first, never itself nor the draft
		"b": "a f g",   // shared tag only
		"d": "a e f g", // shared location only
		"c": "a b d e", // a draft (under --drafts) still lists others
		"h": "",        // none
		"g": "a b d e", // the oldest with terms: the newest four
		"e": "a d f g", // location and tag both lead to a
	} {
		var e *entry
		for _, x := range b.articles {
			if x.a.ID == id {
				e = x
			}
		}
		if got := relatedIDs(e); got != want {
			t.Errorf("related of %s = %q, want %q", id, got, want)
		}
	}
}

func TestShareLinks(t *testing.T) {
	title := `Bantuan "Rp1 Juta" & Beras 10% untuk Warga #Lampung`
	page := "https://berita.example.go.id/berita/2026/11/25-bantuan/?x=1"
	links := shareLinks(title, page)
	want := map[string][2]string{ // platform → host+path, and the params it must carry
		"whatsapp": {"wa.me/", "text=" + title + " " + page},
		"facebook": {"www.facebook.com/sharer/sharer.php", "u=" + page},
		"x":        {"x.com/intent/post", "text=" + title + "|url=" + page},
		"telegram": {"t.me/share/url", "url=" + page + "|text=" + title},
	}
	if len(links) != len(want) {
		t.Fatalf("%d links, want %d", len(links), len(want))
	}
	for _, l := range links {
		w, ok := want[l.Key]
		if !ok {
			t.Fatalf("unexpected platform %s", l.Key)
		}
		if strings.ContainsAny(l.URL, ` "#+`) {
			t.Errorf("%s: unencoded characters in %s", l.Key, l.URL)
		}
		u, err := url.Parse(l.URL)
		if err != nil || u.Scheme != "https" || u.Host+u.Path != w[0] {
			t.Errorf("%s: %s (%v)", l.Key, l.URL, err)
			continue
		}
		q := u.Query()
		for _, kv := range strings.Split(w[1], "|") {
			k, v, _ := strings.Cut(kv, "=")
			if q.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", l.Key, k, q.Get(k), v)
			}
		}
	}
}

// TestArticlePortalParts: the built article has share links without any
// script of another site, its related articles, and the byline from
// authors:, falling back to the login.
func TestArticlePortalParts(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	opt := fixtureOptions(t)
	cfg, probs, err := config.Load(os.DirFS(repo))
	if err != nil || article.HasErrors(probs) {
		t.Fatal(err, probs)
	}
	cfg.Authors = map[string]string{"Budi-Staf": "Budi Santoso"} // logins match in any case
	opt.Config = cfg
	build(t, repo, out, opt)
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	share := s[strings.Index(s, `<section class="share"`):]
	share = share[:strings.Index(share, "</section>")]
	for _, want := range []string{
		`href="https://wa.me/?text=Gubernur%20Resmikan%20Jembatan%20Way%20Sekampung%20https%3A%2F%2Fberita.example.go.id%2Fberita%2F2026%2F11%2F25-peresmian-jembatan%2F"`,
		`href="https://t.me/share/url?url=https%3A%2F%2Fberita.example.go.id%2Fberita%2F2026%2F11%2F25-peresmian-jembatan%2F&amp;text=Gubernur%20Resmikan%20Jembatan%20Way%20Sekampung"`,
	} {
		if !strings.Contains(share, want) {
			t.Errorf("share block lacks %s:\n%s", want, share)
		}
	}
	if strings.Contains(share, "<script") || strings.Contains(share, "onclick") {
		t.Errorf("share block has script: %s", share)
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "<script") && !strings.Contains(line, `type="application/ld+json"`) && line != `<script src="/js/bagikan.js" defer></script>` {
			t.Errorf("script other than JSON-LD and the site's own: %s", line)
		}
	}
	related := s[strings.Index(s, `<section class="related"`):]
	related = related[:strings.Index(related, "</section>")]
	if strings.Count(related, "<li>") != 2 || !strings.Contains(related, `href="/berita/2026/11/20-sosialisasi-stunting/"`) ||
		!strings.Contains(related, `href="/berita/2026/10/15-pasar-murah/"`) || strings.Contains(related, "25-peresmian-jembatan") ||
		strings.Contains(related, "rapat-draf") || strings.Contains(related, "embargo") {
		t.Errorf("related: %s", related)
	}
	if !strings.Contains(s, `rel="author">Budi Santoso</a>`) || !strings.Contains(s, `"name":"Budi Santoso","url":"https://github.com/budi-staf"`) {
		t.Error("byline or JSON-LD author is not the display name")
	}

	cfg.Authors = nil
	out2 := t.TempDir()
	build(t, repo, out2, opt)
	page, _ = os.ReadFile(filepath.Join(out2, "berita/2026/11/25-peresmian-jembatan/index.html"))
	if !strings.Contains(string(page), `rel="author">budi-staf</a>`) {
		t.Error("an unlisted login is not shown as it is")
	}
}

func TestLogoSize(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"square.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"></svg>`,
		"wide.svg":   `<?xml version="1.0"?><!-- c --><svg width="200px" height="50" viewBox="0 0 10 10"></svg>`,
		"broken.svg": `not xml`,
	}
	for n, d := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePhoto(t, filepath.Join(dir, "tall.png"), 30, 60)
	fsys := os.DirFS(dir)
	for name, want := range map[string][2]int{"square.svg": {40, 40}, "wide.svg": {160, 40}, "broken.svg": {40, 40}, "tall.png": {20, 40}, "missing.png": {40, 40}} {
		if w, h := logoSize(fsys, name); w != want[0] || h != want[1] {
			t.Errorf("%s: %dx%d, want %dx%d", name, w, h, want[0], want[1])
		}
	}
}
