package publish

import "context"

// Preparer is implemented by publishers whose platform posts in two steps
// (Instagram: create a media container, then publish it). publish.Run calls
// Prepare before writing the intent line, records the returned id in that
// line, and passes it back as Post.Resume, so that a run which crashes
// between the steps resumes the same container instead of creating another.
type Preparer interface {
	// Prepare returns the id of a container ready to be published for p:
	// p.Resume's container when it is still usable, else a new one.
	Prepare(ctx context.Context, p Post) (string, error)
}
