package publish

import (
	"slices"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// JobKind names what a Job does on its platform.
type JobKind string

// Kinds of Job: the three things warta does on a platform, all through the
// same intent → platform → done loop and the same ledger (DESIGN §10).
const (
	// JobPost posts the article.
	JobPost JobKind = "post"
	// JobCorrection carries one correction under the article's post.
	JobCorrection JobKind = "correction"
	// JobDelete removes the post of a retracted article.
	JobDelete JobKind = "delete"
)

// Job is one due thing to do on one platform for one article, with what
// the ledger says of it.
type Job struct {
	Kind     JobKind
	Platform string
	// Post is the article's post on the platform (for every kind: its
	// Article and URL name the article).
	Post Post
	// Correction is the 1-based correction index (JobCorrection), 0
	// otherwise; Comment is what the platform gets for it.
	Correction int
	Comment    Comment
	// Target is the recorded post a JobDelete removes.
	Target Target
	// Status is the ledger's status of the job's key when Known; an
	// unknown key was never tried.
	Status ledger.Status
	Known  bool
}

// Key is the job's ledger key.
func (j Job) Key() ledger.Key {
	return ledger.Key{Article: j.Post.Article.ID, Platform: j.Platform, Correction: j.Correction}
}

// item is the Item of j before anything is done.
func (j Job) item() Item {
	return Item{Article: j.Post.Article, Platform: j.Platform, Kind: j.Kind, Correction: j.Correction, Post: j.Post}
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

// NewComment builds what platform receives for correction n (1-based) of
// a, under the post parent.
func NewComment(a *article.Article, cfg *config.Config, platform string, n int, parent Receipt) Comment {
	url := cfg.ArticleURL(a.URLPath())
	c := a.Corrections[n-1]
	return Comment{Article: a, Index: n, Correction: c, URL: url, Parent: parent,
		Text: article.CorrectionText(c, platform, url, cfg.Social.Options())}
}

// Plan lists the jobs due at now, oldest article first (so the feeds read
// in order), platforms in article.Platforms order; for each news article
// that is not a draft, dated at or before now, on each platform among
// platforms:
//   - a retracted article gets a JobDelete where st (nil: an empty ledger)
//     has its post done and not yet deleted, and nothing else;
//   - otherwise a JobPost when the platform is enabled in cfg and not opted
//     out by the article and st has no done or deleted entry for the post,
//     under its ID or an alias;
//   - and, where st has the post done (and not deleted), a JobCorrection
//     for each correction dated at or before now that st has no done entry
//     for.
func Plan(articles []*article.Article, cfg *config.Config, platforms []string, now time.Time, st ledger.State) []Job {
	return plan(articles, cfg, platforms, now, st, false)
}

// PlanAll is Plan for a dry run, which reads no ledger: every post is
// listed as due, and every correction and deletion as if the article had
// been posted everywhere it wants to be.
func PlanAll(articles []*article.Article, cfg *config.Config, platforms []string, now time.Time) []Job {
	return plan(articles, cfg, platforms, now, nil, true)
}

func plan(articles []*article.Article, cfg *config.Config, platforms []string, now time.Time, st ledger.State, assumePosted bool) []Job {
	var jobs []Job
	for i := len(articles) - 1; i >= 0; i-- {
		a := articles[i]
		if a.Kind != article.News || !a.Due(now) {
			continue
		}
		aliases := aliasIDs(a)
		for _, p := range article.Platforms {
			if !slices.Contains(platforms, p) {
				continue
			}
			wants := a.WantsPlatform(p, cfg.Social.Enabled(p))
			s, known := st.Lookup(a.ID, p, aliases...)
			posted := known && s.Done != nil && !s.Deleted
			var parent Receipt
			if posted {
				parent = Receipt{ID: s.Done.PostID, URL: s.Done.PostURL}
			}
			if assumePosted {
				posted = wants
			}
			post := NewPost(a, cfg, p)
			if a.Retracted() {
				if posted {
					jobs = append(jobs, Job{Kind: JobDelete, Platform: p, Post: post, Status: s, Known: known,
						Target: Target{Article: a, ID: parent.ID, URL: parent.URL}})
				}
				continue
			}
			if wants && (assumePosted || !(known && s.Posted())) {
				jobs = append(jobs, Job{Kind: JobPost, Platform: p, Post: post, Status: s, Known: known})
			}
			if !posted {
				continue
			}
			for n := 1; n <= len(a.Corrections); n++ {
				if a.Corrections[n-1].Date.After(now) {
					continue
				}
				cs, ck := st.LookupKey(ledger.Key{Article: a.ID, Platform: p, Correction: n}, aliases...)
				if ck && cs.Posted() {
					continue
				}
				jobs = append(jobs, Job{Kind: JobCorrection, Platform: p, Post: post, Correction: n,
					Comment: NewComment(a, cfg, p, n, parent), Status: cs, Known: ck})
			}
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
