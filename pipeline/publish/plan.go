package publish

import (
	"slices"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// Job is one due (article, platform) pair with what the ledger says of it.
type Job struct {
	Platform string
	Post     Post
	// Status is the pair's ledger status when Known; an unknown pair was
	// never tried.
	Status ledger.Status
	Known  bool
}

// NewPost builds what platform receives for a: the article URL on the
// configured site, the platform's text and, for Instagram, the URL of the
// Instagram-ready derivative that build writes beside the article.
func NewPost(a *article.Article, cfg *config.Config, platform string) Post {
	url := cfg.ArticleURL(a.URLPath())
	p := Post{Article: a, URL: url, Text: article.SocialText(a, platform, url, cfg.Social.Options())}
	if platform == article.Instagram {
		p.ImageURL = url + article.InstagramImage
	}
	return p
}

// Plan lists the jobs due at now, oldest article first (so the feeds read
// in order), platforms in article.Platforms order: the article is not a
// draft and dated at or before now, the platform is among platforms,
// enabled in cfg and not opted out by the article, and st (nil: an empty
// ledger) has no done or deleted entry for the pair, under its ID or an
// alias.
func Plan(articles []*article.Article, cfg *config.Config, platforms []string, now time.Time, st ledger.State) []Job {
	var jobs []Job
	for i := len(articles) - 1; i >= 0; i-- {
		a := articles[i]
		if a.Kind != article.News || !a.Due(now) {
			continue
		}
		for _, p := range article.Platforms {
			if !slices.Contains(platforms, p) || !a.WantsPlatform(p, cfg.Social.Enabled(p)) {
				continue
			}
			s, known := st.Lookup(a.ID, p, aliasIDs(a)...)
			if known && s.Posted() {
				continue
			}
			jobs = append(jobs, Job{Platform: p, Post: NewPost(a, cfg, p), Status: s, Known: known})
		}
	}
	return jobs
}

// aliasIDs turns an article's old URL paths ("/berita/2026/11/24-x/") into
// the IDs the ledger knew it by.
func aliasIDs(a *article.Article) []string {
	var ids []string
	for _, al := range a.Aliases {
		if id := strings.Trim(al, "/"); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}
