package site

import (
	"encoding/xml"
	"html/template"
	"image"
	"io/fs"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Parts of the site that make it read as the office's news portal: its
// identity in the header and footer, share links and related articles.

const (
	logoHeight = 40 // px, as the header shows it
	maxRelated = 4
)

// identity fills the office part of sv from the config.
func (b *builder) identity(sv *siteView) {
	o := b.cfg.Office
	if n := strings.TrimSpace(o.Name); n != "" && n != b.cfg.Site.Title {
		sv.Office = n
	}
	sv.About, sv.Address, sv.Email = o.About, o.Address, o.Email
	if p := strings.TrimSpace(o.Phone); p != "" {
		sv.Phone = p
		sv.PhoneTo = template.URL("tel:" + strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, p)) //nolint:gosec // digits and "+" only
	}
	sv.Social = o.Accounts.List()
	sv.AboutURL, sv.ContactURL = b.link("/tentang/"), b.link("/kontak/")
	// A logo that is not there is left out (check reports it), never a
	// broken image.
	if o.Logo == "" || b.opt.Static == nil {
		return
	}
	if _, err := fs.Stat(b.opt.Static, o.Logo); err == nil {
		w, h := logoSize(b.opt.Static, o.Logo)
		sv.Logo = &logoView{Src: b.link("/" + o.Logo), Width: w, Height: h}
	}
}

// logoSize is the logo's size at the header's height, from the PNG header
// or the SVG's width/height or viewBox; square when neither says.
func logoSize(fsys fs.FS, name string) (w, h int) {
	f, err := fsys.Open(name)
	if err != nil {
		return logoHeight, logoHeight
	}
	defer f.Close()
	var fw, fh float64
	if strings.EqualFold(name[max(0, len(name)-4):], ".svg") {
		fw, fh = svgSize(xml.NewDecoder(f))
	} else if c, _, err := image.DecodeConfig(f); err == nil {
		fw, fh = float64(c.Width), float64(c.Height)
	}
	if fw <= 0 || fh <= 0 {
		return logoHeight, logoHeight
	}
	return max(1, int(math.Round(fw*logoHeight/fh))), logoHeight
}

// svgSize reads the size of an SVG from its root element.
func svgSize(d *xml.Decoder) (w, h float64) {
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
			if err != nil {
				return 0
			}
			return v
		}
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = num(a.Value)
			case "height":
				h = num(a.Value)
			case "viewBox":
				if f := strings.Fields(strings.ReplaceAll(a.Value, ",", " ")); len(f) == 4 && (w == 0 || h == 0) {
					w, h = num(f[2]), num(f[3])
				}
			}
		}
		return w, h
	}
}

// shareLinks are the share pages of the platforms readers pass news on
// with, for one article; title and URL are query-encoded.
func shareLinks(title, pageURL string) []shareLink {
	// %20, not "+", for spaces: not every share page reads "+" as one.
	q := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	t, u := q(title), q(pageURL) // escaping goes byte by byte: t+"%20"+u is q(title+" "+pageURL)
	return []shareLink{
		{"whatsapp", "WhatsApp", "https://wa.me/?text=" + t + "%20" + u},
		{"facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{"x", "X", "https://x.com/intent/post?text=" + t + "&url=" + u},
		{"telegram", "Telegram", "https://t.me/share/url?url=" + u + "&text=" + t},
	}
}

// relate gives every article up to maxRelated others that share a tag or
// its location, newest first; drafts are never among them. b.articles is
// newest first, so each term's list is too, and the newest few of the
// union are among the first maxRelated+1 of each list.
func (b *builder) relate() {
	// An article's terms are distinct: prepare keeps each tag once, by
	// slug, and a location is of another kind.
	type termKey struct {
		location bool
		slug     string
	}
	terms := func(e *entry, fn func(termKey)) {
		for _, t := range e.tags {
			fn(termKey{false, t.slug})
		}
		for _, t := range e.location {
			fn(termKey{true, t.slug})
		}
	}
	byTerm := map[termKey][]int{}
	for i, e := range b.articles {
		if !e.a.Draft {
			terms(e, func(k termKey) { byTerm[k] = append(byTerm[k], i) })
		}
	}
	// Each article's list is its own: they are made in parallel.
	parallel(len(b.articles), b.opt.Workers, func(i int) {
		e := b.articles[i]
		var picked []int
		terms(e, func(k termKey) {
			list := byTerm[k]
			for _, j := range list[:min(len(list), maxRelated+1)] {
				if j != i {
					picked = insertSorted(picked, j)
				}
			}
		})
		e.related = nil
		for _, j := range picked[:min(len(picked), maxRelated)] {
			e.related = append(e.related, b.articles[j].sum)
		}
	})
}

// insertSorted adds v to the ascending list xs unless it is there.
func insertSorted(xs []int, v int) []int {
	i := 0
	for i < len(xs) && xs[i] < v {
		i++
	}
	if i < len(xs) && xs[i] == v {
		return xs
	}
	xs = append(xs, 0)
	copy(xs[i+1:], xs[i:])
	xs[i] = v
	return xs
}
