package facebook_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/internal/golden"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/facebook"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const (
	token   = "EAAG-page-token-s3cr3t"
	pageID  = "1234"
	article = "https://example.lampungprov.go.id/berita/2026/11/25-peresmian-jembatan/"
)

func newPublisher(t *testing.T, srv *fakegraph.Server, tok string, logs *bytes.Buffer) *facebook.Publisher {
	t.Helper()
	return facebook.New(graphapi.New("facebook", secret.Secret(tok),
		graphapi.WithBaseURL(srv.URL+"/"),
		graphapi.WithVersion("v21.0"),
		graphapi.WithHTTPClient(srv.Client()),
		graphapi.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))), pageID)
}

func post() publish.Post {
	return publish.Post{
		URL:  article,
		Text: "Peresmian Jembatan Way Sekampung\n\nGubernur meresmikan jembatan.\n\n#Lampung #Infrastruktur",
	}
}

func TestPublish(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	var logs bytes.Buffer
	p := newPublisher(t, srv, token, &logs)
	if p.Platform() != "facebook" {
		t.Errorf("Platform() = %q", p.Platform())
	}
	r, err := p.Publish(t.Context(), post())
	if err != nil {
		t.Fatal(err)
	}
	posts := srv.Posts()
	if len(posts) != 1 || posts[0].Link != article || posts[0].Message != post().Text {
		t.Fatalf("page holds %+v", posts)
	}
	_, postID, _ := strings.Cut(posts[0].ID, "_")
	want := publish.Receipt{ID: posts[0].ID, URL: "https://www.facebook.com/" + pageID + "/posts/" + postID}
	if r != want {
		t.Errorf("receipt = %+v, want %+v", r, want)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/publish.request.golden", *update)
	for _, rq := range srv.Requests() {
		if rq.Query.Has("access_token") {
			t.Errorf("token in URL of %s %s", rq.Method, rq.Path)
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Error("token in logs")
	}
}

func TestPublishKeepsPostWhenPermalinkFails(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	srv.FailNext(1, fakegraph.Failure{Method: "GET", Status: 500, Code: 1, Type: "OAuthException",
		Message: "An unknown error has occurred."})
	srv.Expect("POST /v21.0/"+pageID+"/feed", "GET /v21.0/"+pageID+"_100001")
	var logs bytes.Buffer
	r, err := newPublisher(t, srv, token, &logs).Publish(t.Context(), post())
	if err != nil {
		t.Fatalf("a post that exists must not be reported failed: %v", err)
	}
	posts := srv.Posts()
	if len(posts) != 1 || r.ID != posts[0].ID || r.URL != "https://www.facebook.com/"+posts[0].ID {
		t.Errorf("receipt %+v for %+v", r, posts)
	}
}

func TestPublishErrors(t *testing.T) {
	tests := []struct {
		name      string
		fail      fakegraph.Failure
		token     string
		retryable bool
		auth      bool
	}{
		{name: "503", fail: fakegraph.Unavailable(), retryable: true},
		{name: "throttled 32", fail: fakegraph.Throttled(32, 0), retryable: true},
		{name: "expired token", fail: fakegraph.BadToken(), auth: true},
		{name: "wrong token", token: "EAAG-other-token", auth: true},
		{name: "bad link", fail: fakegraph.Failure{Status: 400, Code: 1609005, Type: "OAuthException",
			Message: "Error Posting Link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
			if tt.fail.Status != 0 {
				srv.FailNext(1, tt.fail)
			}
			// One attempt, no retry of its own and no permalink read:
			// publish.Run decides about retries.
			srv.Expect("POST /v21.0/" + pageID + "/feed")
			tok := token
			if tt.token != "" {
				tok = tt.token
			}
			var logs bytes.Buffer
			_, err := newPublisher(t, srv, tok, &logs).Publish(t.Context(), post())
			if err == nil {
				t.Fatal("no error")
			}
			var re *publish.RetryableError
			var ae *publish.AuthError
			if errors.As(err, &re) != tt.retryable || errors.As(err, &ae) != tt.auth {
				t.Errorf("err %v: retryable %v auth %v, want %v %v", err, re != nil, ae != nil, tt.retryable, tt.auth)
			}
			if strings.Contains(err.Error(), tok) || strings.Contains(logs.String(), tok) {
				t.Error("token leaked into the error or logs")
			}
			if len(srv.Posts()) != 0 {
				t.Error("failed call created a post")
			}
		})
	}
}

func TestFind(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	target := srv.AddPost("Peresmian jembatan", article)
	// A longer URL sharing the article's prefix must not match.
	srv.AddPost("Lain", strings.TrimSuffix(article, "/")+"-tahap-2/")
	for i := range 30 {
		srv.AddPost(fmt.Sprintf("Berita %d", i), fmt.Sprintf("https://example.lampungprov.go.id/berita/2026/11/%02d-lain/", i))
	}
	var logs bytes.Buffer
	p := newPublisher(t, srv, token, &logs)
	r, ok, err := p.Find(t.Context(), post())
	if err != nil || !ok {
		t.Fatalf("Find = %v, %v", ok, err)
	}
	if r.ID != target || !strings.HasPrefix(r.URL, "https://www.facebook.com/"+pageID+"/posts/") {
		t.Errorf("receipt %+v, want id %s", r, target)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/find.request.golden", *update)

	absent := post()
	absent.URL = "https://example.lampungprov.go.id/berita/2026/11/26-belum-diposting/"
	if _, ok, err := p.Find(t.Context(), absent); err != nil || ok {
		t.Errorf("Find(absent) = %v, %v; want false, nil", ok, err)
	}
}

func TestFindByMessage(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	id := srv.AddPost("Selengkapnya: "+article, "")
	var logs bytes.Buffer
	r, ok, err := newPublisher(t, srv, token, &logs).Find(t.Context(), post())
	if err != nil || !ok || r.ID != id {
		t.Fatalf("Find = %+v, %v, %v", r, ok, err)
	}
}

func TestFindError(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	srv.FailNext(1, fakegraph.TooManyRequests(7))
	var logs bytes.Buffer
	_, ok, err := newPublisher(t, srv, token, &logs).Find(t.Context(), post())
	var re *publish.RetryableError
	if ok || !errors.As(err, &re) || re.After.Seconds() != 7 {
		t.Fatalf("Find = %v, %v; want a retryable error after 7s", ok, err)
	}
}

func correction(parent publish.Receipt) publish.Comment {
	return publish.Comment{Index: 1, URL: article, Parent: parent,
		Text: "Ralat: Panjang jembatan 120 meter, bukan 100 meter.\n\nBerita telah diperbarui: " + article}
}

// TestCorrectionCalls (issue 14): a correction is a Page comment under the
// post, found again by FindComment (the Page's own, same text), and a
// retraction deletes the post once; a post gone already is no error.
func TestCorrectionCalls(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: pageID})
	var logs bytes.Buffer
	p := newPublisher(t, srv, token, &logs)
	postID := srv.AddPost(post().Text, article)
	c := correction(publish.Receipt{ID: postID})

	r, err := p.Comment(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	cs := srv.Comments()
	_, num, _ := strings.Cut(postID, "_")
	if len(cs) != 1 || cs[0].Parent != postID || cs[0].Message != c.Text || !strings.HasPrefix(cs[0].ID, num+"_") {
		t.Fatalf("comments %+v", cs)
	}
	if r.ID != cs[0].ID || !strings.Contains(r.URL, "comment_id=") {
		t.Errorf("receipt %+v", r)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/comment.request.golden", *update)

	// Another comment by someone else with the same text is not ours; the
	// Page's is found.
	n := len(srv.Requests())
	found, ok, err := p.FindComment(t.Context(), c)
	if err != nil || !ok || found.ID != r.ID {
		t.Errorf("FindComment = %+v %v %v, want %s", found, ok, err, r.ID)
	}
	other := c
	other.Text = "Ralat: lain"
	if _, ok, err := p.FindComment(t.Context(), other); err != nil || ok {
		t.Errorf("FindComment of another text = %v %v, want not found", ok, err)
	}
	dump(t, srv, n, n+1, "testdata/find-comment.request.golden")

	n = len(srv.Requests())
	if err := p.Delete(t.Context(), publish.Target{ID: postID}); err != nil {
		t.Fatal(err)
	}
	if len(srv.Posts()) != 0 {
		t.Errorf("post not deleted: %+v", srv.Posts())
	}
	dump(t, srv, n, n+1, "testdata/delete.request.golden")
	if err := p.Delete(t.Context(), publish.Target{ID: postID}); err != nil {
		t.Errorf("deleting a post gone already = %v, want nil", err)
	}
	// A comment under the deleted post fails with Graph's code 100.
	if _, err := p.Comment(t.Context(), c); err == nil || !strings.Contains(err.Error(), "code 100, subcode 33") {
		t.Errorf("comment under a deleted post = %v, want code 100 subcode 33", err)
	}
	if strings.Contains(logs.String(), token) {
		t.Error("token in logs")
	}
}

// dump checks requests [from, to) of srv against a golden file.
func dump(t *testing.T, srv *fakegraph.Server, from, to int, file string) {
	t.Helper()
	var b strings.Builder
	for _, r := range srv.Requests()[from:to] {
		b.WriteString(r.Dump())
	}
	golden.CheckBytes(t, []byte(b.String()), file, *update)
}
