// Package config loads site/config.yaml into typed values, strictly: unknown
// keys and wrong types are Problems with file:line, and every key beyond the
// minimal file of DESIGN.md §4 has a default.
package config

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Path is where the config lives, relative to the repository root.
const Path = "site/config.yaml"

// Config is site/config.yaml.
type Config struct {
	Site   Site   `yaml:"site"`
	Roles  Roles  `yaml:"roles"`
	Social Social `yaml:"social"`
	SOP    SOP    `yaml:"sop"`
	Build  Build  `yaml:"build"`
	// Office is who publishes the site (optional): header and footer.
	Office Office `yaml:"office"`
	// Authors maps GitHub logins to the names bylines show (optional);
	// a login not listed is shown as it is.
	Authors map[string]string `yaml:"authors"`

	// Location is Site.Timezone loaded; set by Load.
	Location *time.Location `yaml:"-"`
	// Positions of every key, for later checks that point at the config.
	Positions article.Positions `yaml:"-"`
}

// Site describes the public site.
type Site struct {
	Title       string `yaml:"title"`
	BaseURL     string `yaml:"base_url"`
	Language    string `yaml:"language"`
	Timezone    string `yaml:"timezone"`
	Description string `yaml:"description"` // optional: home page meta description
	Publisher   string `yaml:"publisher"`   // optional: JSON-LD publisher name; default Title
	PerPage     int    `yaml:"per_page"`    // optional: articles per home/list page; default 10
}

// Office identifies the office behind the site; every key is optional.
type Office struct {
	Name     string   `yaml:"name"`    // shown beside the logo; default site.title
	Logo     string   `yaml:"logo"`    // SVG or PNG below site/static, e.g. img/logo.svg
	Address  string   `yaml:"address"` // postal address, one line
	Phone    string   `yaml:"phone"`
	Email    string   `yaml:"email"`
	About    string   `yaml:"about"` // one short "Tentang" line for the footer
	Accounts Accounts `yaml:"accounts"`
}

// Accounts are the office's own social media pages (absolute https URLs).
type Accounts struct {
	Facebook  string `yaml:"facebook"`
	Instagram string `yaml:"instagram"`
	X         string `yaml:"x"`
	YouTube   string `yaml:"youtube"`
	TikTok    string `yaml:"tiktok"`
}

// Account is one social page of the office.
type Account struct {
	Key, Label, URL string
}

// List returns the accounts that are set, in a fixed order.
func (a Accounts) List() []Account {
	var out []Account
	for _, x := range []Account{{"facebook", "Facebook", a.Facebook}, {"instagram", "Instagram", a.Instagram},
		{"x", "X", a.X}, {"youtube", "YouTube", a.YouTube}, {"tiktok", "TikTok", a.TikTok}} {
		if strings.TrimSpace(x.URL) != "" {
			out = append(out, x)
		}
	}
	return out
}

// AuthorName is the display name of a GitHub login: authors[login], or
// the login without "@" when it is not listed.
func (c *Config) AuthorName(login string) string {
	login = strings.TrimPrefix(strings.TrimSpace(login), "@")
	if n := strings.TrimSpace(c.Authors[login]); n != "" {
		return n
	}
	for k, n := range c.Authors { // logins are case-insensitive on GitHub
		if strings.EqualFold(k, login) && strings.TrimSpace(n) != "" {
			return strings.TrimSpace(n)
		}
	}
	return login
}

// Roles are the two approval levels of the SOP.
type Roles struct {
	Kasi  Role `yaml:"kasi"`
	Kabid Role `yaml:"kabid"`
}

// Role is who may approve at one SOP level: users, or active members of an
// org team ("slug" in the repository's org, or "org/slug").
type Role struct {
	Title string   `yaml:"title"`
	Team  string   `yaml:"team"`
	Users []string `yaml:"users"`
}

// Social configures the platforms.
type Social struct {
	Facebook  Platform `yaml:"facebook"`
	Instagram Platform `yaml:"instagram"`
	X         Platform `yaml:"x"`
	Hashtags  []string `yaml:"hashtags"` // optional: added to every post
}

// Platform is one platform's switch and options.
type Platform struct {
	Enabled bool `yaml:"enabled"`
	// Link (X only) puts the article URL into the post; default true. X
	// bills a post with a URL more.
	Link *bool `yaml:"link"`
}

// SOP holds the SOP's time standards in minutes.
type SOP struct {
	Assign   int `yaml:"assign"`
	Direct   int `yaml:"direct"`
	Produce  int `yaml:"produce"`
	Forward  int `yaml:"forward"`
	Verify   int `yaml:"verify"`
	Handback int `yaml:"handback"`
}

// Build tunes rendering; every key is optional.
type Build struct {
	ImageWidths  []int `yaml:"image_widths"`  // responsive widths; default 480, 800, 1200
	ImageQuality int   `yaml:"image_quality"` // JPEG quality; default 82
	MaxImageMB   int   `yaml:"max_image_mb"`  // largest photo accepted; default 10
	// MaxImageMegapixels bounds width×height of a photo, read from its
	// header by check: decoding costs memory by pixels, not file size (a
	// 1 MB PNG may hold 144 megapixels). Default DefaultMaxImageMegapixels.
	MaxImageMegapixels int `yaml:"max_image_megapixels"`
}

// DefaultMaxImageMegapixels is build.max_image_megapixels when the file
// says nothing: a 40-megapixel photo (7700×5200, more than any phone
// takes) decodes into about 160 MB.
const DefaultMaxImageMegapixels = 40

// Enabled reports whether platform p is switched on.
func (s Social) Enabled(p string) bool {
	switch p {
	case article.Facebook:
		return s.Facebook.Enabled
	case article.Instagram:
		return s.Instagram.Enabled
	case article.X:
		return s.X.Enabled
	}
	return false
}

// Options returns the options that shape social texts.
func (s Social) Options() article.SocialOptions {
	return article.SocialOptions{XLink: s.X.Link == nil || *s.X.Link, Hashtags: s.Hashtags}
}

// ArticleURL is the absolute URL of a site path such as "/berita/x/".
func (c *Config) ArticleURL(p string) string {
	return strings.TrimSuffix(c.Site.BaseURL, "/") + p
}

// Default returns the values used where the file says nothing.
func Default() *Config {
	return &Config{
		Site:  Site{Language: "id", Timezone: wib.Zone, PerPage: 10},
		Roles: Roles{Kasi: Role{Title: "Kepala Seksi PIP"}, Kabid: Role{Title: "Kepala Bidang PLIP"}},
		SOP:   SOP{Assign: 2, Direct: 5, Produce: 7, Forward: 2, Verify: 2, Handback: 1},
		Build: Build{ImageWidths: []int{480, 800, 1200}, ImageQuality: 82, MaxImageMB: 10, MaxImageMegapixels: DefaultMaxImageMegapixels},
	}
}

// Load reads Path from fsys. Problems describe a config that is wrong; the
// error is for a config that could not be read at all. The returned Config
// is usable (defaults filled) whenever the error is nil.
func Load(fsys fs.FS) (*Config, []article.Problem, error) {
	data, err := fs.ReadFile(fsys, Path)
	if err != nil {
		return nil, nil, fmt.Errorf("config: read %s: %w", Path, err)
	}
	return Parse(data, Path)
}

// FileProblems checks what the config names in the repository fsys: the
// logo must exist below StaticDir. It is separate from Load because some
// commands read the config without the rest of the repository.
func (c *Config) FileProblems(fsys fs.FS) []article.Problem {
	if c.Office.Logo == "" || !filepath.IsLocal(c.Office.Logo) {
		return nil
	}
	if _, err := fs.Stat(fsys, path.Join(StaticDir, c.Office.Logo)); err != nil {
		return []article.Problem{article.Errorf(c.Positions.At("office.logo"), "logo-hilang",
			"simpan logo di "+StaticDir+"/ dan tulis jalurnya dari sana, misalnya `logo: img/logo.svg`",
			"logo `%s` tidak ada di %s/", c.Office.Logo, StaticDir)}
	}
	return nil
}

// StaticDir holds the site's static files, the logo among them.
const StaticDir = "site/static"

// Parse decodes config data read from file.
func Parse(data []byte, file string) (*Config, []article.Problem, error) {
	c := Default()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := article.YAMLSyntaxError(err)
		text, hint, known := article.TranslateYAMLError(msg)
		if !known {
			text, hint = "berkas YAML tidak dapat dibaca: "+msg, "periksa indentasi (spasi, bukan tab) dan tanda kutip di sekitar baris ini"
		}
		return c, []article.Problem{article.Errorf(article.Pos{File: file, Line: line}, "yaml-rusak", hint, "%s", text)}, nil
	}
	probs, at := article.DecodeYAML(&doc, c, file, 0)
	c.Positions = at
	probs = append(probs, c.validate(file)...)
	article.SortProblems(probs)
	return c, probs, nil
}

func (c *Config) validate(file string) []article.Problem {
	var ps []article.Problem
	req := func(key, val, hint string) {
		if strings.TrimSpace(val) == "" {
			ps = append(ps, article.Errorf(c.Positions.At(key), "config-wajib", hint, "`%s` wajib diisi", key))
		}
	}
	req("site.title", c.Site.Title, "isi judul situs, misalnya `title: Berita Dinas Kominfotik Provinsi Lampung`")
	req("site.base_url", c.Site.BaseURL, "isi alamat situs lengkap, misalnya `base_url: https://berita.lampungprov.go.id/`")
	if c.Site.BaseURL != "" {
		u, err := url.Parse(c.Site.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(c.Site.BaseURL, "/") {
			ps = append(ps, article.Errorf(c.Positions.At("site.base_url"), "base-url",
				"tulis alamat absolut dengan https:// dan garis miring di akhir, misalnya `https://berita.lampungprov.go.id/`",
				"`site.base_url` %q bukan alamat absolut yang diakhiri garis miring", c.Site.BaseURL))
		}
	}
	if strings.TrimSpace(c.Site.Timezone) == "" {
		c.Site.Timezone = wib.Zone // LoadLocation("") would mean UTC
	}
	loc, err := time.LoadLocation(c.Site.Timezone)
	if err != nil {
		ps = append(ps, article.Errorf(c.Positions.At("site.timezone"), "zona-waktu",
			"gunakan nama zona IANA, misalnya `Asia/Jakarta`", "zona waktu %q tidak dikenal", c.Site.Timezone))
		loc = wib.Location()
	}
	c.Location = loc
	for _, r := range []struct {
		key  string
		role Role
	}{{"roles.kasi", c.Roles.Kasi}, {"roles.kabid", c.Roles.Kabid}} {
		if r.role.Team == "" && len(r.role.Users) == 0 {
			ps = append(ps, article.Errorf(c.Positions.At(r.key), "peran-kosong",
				"isi `team:` (slug tim organisasi) atau `users:` (login GitHub)",
				"peran `%s` tidak punya anggota: tidak ada yang dapat menyetujui", r.key))
		}
	}
	for _, u := range c.Roles.Kasi.Users {
		for _, v := range c.Roles.Kabid.Users {
			if strings.EqualFold(u, v) {
				ps = append(ps, article.Errorf(c.Positions.At("roles.kabid.users"), "peran-ganda",
					"satu orang hanya boleh mengisi satu peran; hapus dari salah satu daftar",
					"`%s` tercantum sebagai Kasi dan Kabid sekaligus", u))
			}
		}
	}
	if c.Site.PerPage < 1 {
		ps = append(ps, article.Errorf(c.Positions.At("site.per_page"), "nilai-salah", "gunakan angka 1 atau lebih", "`site.per_page` harus positif"))
		c.Site.PerPage = 10
	}
	for k, v := range map[string]int{"sop.assign": c.SOP.Assign, "sop.direct": c.SOP.Direct, "sop.produce": c.SOP.Produce,
		"sop.forward": c.SOP.Forward, "sop.verify": c.SOP.Verify, "sop.handback": c.SOP.Handback} {
		if v < 0 {
			ps = append(ps, article.Errorf(c.Positions.At(k), "nilai-salah", "gunakan jumlah menit, 0 atau lebih", "`%s` tidak boleh negatif", k))
		}
	}
	for i, w := range c.Build.ImageWidths {
		if w < 16 || w > 4096 {
			ps = append(ps, article.Errorf(c.Positions.At(fmt.Sprintf("build.image_widths[%d]", i)), "nilai-salah",
				"gunakan lebar antara 16 dan 4096 piksel", "lebar gambar %d tidak wajar", w))
		}
	}
	if c.Build.ImageQuality < 1 || c.Build.ImageQuality > 100 {
		ps = append(ps, article.Errorf(c.Positions.At("build.image_quality"), "nilai-salah", "gunakan angka 1 sampai 100", "`build.image_quality` di luar rentang"))
		c.Build.ImageQuality = 82
	}
	if c.Build.MaxImageMegapixels < 1 || c.Build.MaxImageMegapixels > 1000 {
		ps = append(ps, article.Errorf(c.Positions.At("build.max_image_megapixels"), "nilai-salah",
			fmt.Sprintf("gunakan angka 1 sampai 1000 (bawaan %d)", DefaultMaxImageMegapixels), "`build.max_image_megapixels` di luar rentang"))
		c.Build.MaxImageMegapixels = DefaultMaxImageMegapixels
	}
	return append(ps, c.validateOffice()...)
}

func (c *Config) validateOffice() []article.Problem {
	var ps []article.Problem
	o := &c.Office
	if o.Logo != "" {
		ext := strings.ToLower(path.Ext(o.Logo))
		if !filepath.IsLocal(o.Logo) || strings.Contains(o.Logo, "\\") || (ext != ".svg" && ext != ".png") {
			ps = append(ps, article.Errorf(c.Positions.At("office.logo"), "logo-salah",
				"tulis jalur berkas SVG atau PNG di dalam "+StaticDir+"/, misalnya `logo: img/logo.svg`",
				"`office.logo` %q bukan berkas SVG atau PNG di dalam %s/", o.Logo, StaticDir))
		}
	}
	if o.Email != "" && (strings.Count(o.Email, "@") != 1 || strings.ContainsAny(o.Email, " <>\"") ||
		strings.HasPrefix(o.Email, "@") || strings.HasSuffix(o.Email, "@")) {
		ps = append(ps, article.Errorf(c.Positions.At("office.email"), "surel-salah",
			"tulis satu alamat surel, misalnya `email: diskominfotik@lampungprov.go.id`",
			"`office.email` %q bukan alamat surel", o.Email))
	}
	if o.Phone != "" && strings.Trim(o.Phone, "+0123456789()- .") != "" {
		ps = append(ps, article.Errorf(c.Positions.At("office.phone"), "telepon-salah",
			"tulis angka telepon saja, boleh dengan +, spasi, tanda hubung dan kurung, misalnya `phone: \"(0721) 123456\"`",
			"`office.phone` %q bukan nomor telepon", o.Phone))
	}
	for _, a := range o.Accounts.List() {
		u, err := url.Parse(a.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			ps = append(ps, article.Errorf(c.Positions.At("office.accounts."+a.Key), "akun-salah",
				"tulis alamat lengkap halaman akun dengan https://, misalnya `https://www.instagram.com/diskominfotik.lampung`",
				"`office.accounts.%s` %q bukan alamat https:// yang lengkap", a.Key, a.URL))
		}
	}
	for login, name := range c.Authors {
		if strings.TrimSpace(name) == "" {
			ps = append(ps, article.Errorf(c.Positions.At("authors."+login), "nilai-salah",
				"tulis nama yang ditampilkan, misalnya `"+login+": Rina Wulandari`, atau hapus baris ini",
				"nama penulis untuk `%s` kosong", login))
		}
	}
	return ps
}
