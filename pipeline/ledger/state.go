package ledger

// Key names one thing posted for an article on a platform: the article's
// post (Correction 0) or the comment or reply carrying its correction
// number Correction (1-based).
type Key struct {
	Article  string
	Platform string
	// Correction is Entry.Correction: 0 for the post itself.
	Correction int
}

// Status is what the ledger says about one Key.
type Status struct {
	// Last is the pair's latest entry (file order).
	Last Entry
	// Done is the latest done entry, when there is one: its PostID and
	// PostURL are the published post.
	Done *Entry
	// Pending is true when an intent was written after the latest done or
	// deleted entry and no done followed it: a post may exist that was
	// never recorded, so the platform must be asked before posting again.
	Pending bool
	// Deleted is true once the post was recorded as removed.
	Deleted bool
	// Resume is the PostID of the latest pending intent that carries one
	// (the Instagram container id).
	Resume string
	// Title is the latest article title the pair's lines carry.
	Title string
}

// Posted reports whether the pair must never be posted again: the ledger
// has a done or a deleted entry for it.
func (s Status) Posted() bool { return s.Done != nil || s.Deleted }

// State is the ledger folded per Key: (article, platform, correction).
type State map[Key]Status

// Fold builds the State of entries in file order.
func Fold(entries []Entry) State {
	st := State{}
	for _, e := range entries {
		k := Key{e.Article, e.Platform, e.Correction}
		s := st[k]
		s.Last = e
		if e.Title != "" {
			s.Title = e.Title
		}
		switch e.State {
		case Intent:
			if !s.Pending {
				s.Resume = ""
			}
			s.Pending = true
			if e.PostID != "" {
				s.Resume = e.PostID
			}
		case Done:
			d := e
			s.Done = &d
			s.Pending, s.Resume = false, ""
		case Deleted:
			s.Deleted = true
			s.Pending, s.Resume = false, ""
		}
		st[k] = s
	}
	return st
}

// Lookup returns the status of article's post on platform; aliases (old
// IDs of a renamed article) count as the same article, the current ID
// winning.
func (st State) Lookup(article, platform string, aliases ...string) (Status, bool) {
	return st.LookupKey(Key{Article: article, Platform: platform}, aliases...)
}

// LookupKey returns the status of k, or of k under one of aliases (old IDs
// of k.Article), the current ID winning.
func (st State) LookupKey(k Key, aliases ...string) (Status, bool) {
	if s, ok := st[k]; ok {
		return s, true
	}
	for _, a := range aliases {
		if s, ok := st[Key{a, k.Platform, k.Correction}]; ok {
			return s, true
		}
	}
	return Status{}, false
}
