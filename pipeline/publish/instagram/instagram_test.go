package instagram_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/golden"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/publish/instagram"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const (
	token   = "EAAG-page-token-s3cr3t"
	igUser  = "17841400000000001"
	article = "https://example.lampungprov.go.id/berita/2026/11/25-peresmian-jembatan/"
	image   = "https://example.lampungprov.go.id/berita/2026/11/25-peresmian-jembatan/instagram.jpg"
)

type harness struct {
	srv    *fakegraph.Server
	pub    *instagram.Publisher
	sleeps []time.Duration
	logs   bytes.Buffer
}

func newHarness(t *testing.T, polls int, tok string) *harness {
	t.Helper()
	h := &harness{srv: fakegraph.New(t, fakegraph.Config{Token: token, IGUserID: igUser, PollsBeforeFinished: polls})}
	h.pub = instagram.New(graphapi.New("instagram", secret.Secret(tok),
		graphapi.WithBaseURL(h.srv.URL),
		graphapi.WithVersion("v21.0"),
		graphapi.WithHTTPClient(h.srv.Client()),
		graphapi.WithLogger(slog.New(slog.NewJSONHandler(&h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))), igUser,
		instagram.WithPolling(instagram.Polling{First: 2 * time.Second, Max: 5 * time.Second, Attempts: 5}),
		instagram.WithSleep(func(ctx context.Context, d time.Duration) error {
			h.sleeps = append(h.sleeps, d)
			return ctx.Err()
		}))
	return h
}

func post() publish.Post {
	return publish.Post{
		URL:      article,
		ImageURL: image,
		Text:     "Peresmian Jembatan\n\nGubernur meresmikan jembatan.\n\nSelengkapnya: " + article + "\n\n#Lampung",
	}
}

func TestPublish(t *testing.T) {
	h := newHarness(t, 3, token)
	if h.pub.Platform() != "instagram" {
		t.Errorf("Platform() = %q", h.pub.Platform())
	}
	r, err := h.pub.Publish(t.Context(), post())
	if err != nil {
		t.Fatal(err)
	}
	media := h.srv.MediaList()
	if len(media) != 1 || media[0].Caption != post().Text {
		t.Fatalf("account holds %+v", media)
	}
	if r != (publish.Receipt{ID: media[0].ID, URL: media[0].Permalink}) {
		t.Errorf("receipt %+v, want %+v", r, media[0])
	}
	// Three IN_PROGRESS reads, then FINISHED: three pauses, doubling up to Max.
	if want := []time.Duration{2 * time.Second, 4 * time.Second, 5 * time.Second}; !slices.Equal(h.sleeps, want) {
		t.Errorf("sleeps %v, want %v", h.sleeps, want)
	}
	golden.CheckBytes(t, []byte(h.srv.Dump()), "testdata/publish.request.golden", *update)
	for _, rq := range h.srv.Requests() {
		if rq.Query.Has("access_token") || rq.Auth != "Bearer REDACTED" {
			t.Errorf("%s %s: token not (only) in the Authorization header", rq.Method, rq.Path)
		}
	}
	if strings.Contains(h.logs.String(), token) {
		t.Error("token in logs")
	}
}

func TestPublishContainerError(t *testing.T) {
	h := newHarness(t, 1, token)
	h.srv.FailNextContainer("Error: 2207052")
	_, err := h.pub.Publish(t.Context(), post())
	var re *publish.RetryableError
	if err == nil || errors.As(err, &re) || !strings.Contains(err.Error(), "ERROR: Error: 2207052") {
		t.Fatalf("err = %v; want a plain error with the platform's status", err)
	}
	if n := len(h.srv.MediaList()); n != 0 {
		t.Errorf("%d media published", n)
	}
}

func TestPublishStillProcessing(t *testing.T) {
	h := newHarness(t, 100, token)
	_, err := h.pub.Publish(t.Context(), post())
	var re *publish.RetryableError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v; want retryable", err)
	}
	if len(h.sleeps) != 4 { // 5 reads, 4 pauses between them
		t.Errorf("%d pauses, want 4", len(h.sleeps))
	}
	if len(h.srv.MediaList()) != 0 {
		t.Error("published an unfinished container")
	}
}

func TestPublishCancelledWhilePolling(t *testing.T) {
	h := newHarness(t, 100, token)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := h.pub.Publish(ctx, post()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestResume(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(t *testing.T, h *harness) string // returns post.Resume
		containers int                                   // containers that exist afterwards
		media      int
	}{
		{name: "in progress is reused", containers: 1, media: 1, setup: func(t *testing.T, h *harness) string {
			id, err := h.pub.Prepare(t.Context(), post())
			if err != nil {
				t.Fatal(err)
			}
			return id
		}},
		{name: "error is replaced", containers: 2, media: 1, setup: func(t *testing.T, h *harness) string {
			h.srv.FailNextContainer("Error: 2207001")
			id, _ := h.pub.Prepare(t.Context(), post())
			_, _ = h.pub.Publish(t.Context(), publish.Post{URL: article, ImageURL: image, Text: "x", Resume: id})
			return id
		}},
		{name: "expired is replaced", containers: 2, media: 1, setup: func(t *testing.T, h *harness) string {
			id, _ := h.pub.Prepare(t.Context(), post())
			h.srv.ExpireContainer(id)
			return id
		}},
		{name: "unknown id is replaced", containers: 1, media: 1, setup: func(t *testing.T, h *harness) string {
			return "17899999999999999"
		}},
		{name: "published is found, not posted again", containers: 1, media: 1, setup: func(t *testing.T, h *harness) string {
			id, _ := h.pub.Prepare(t.Context(), post())
			if _, err := h.pub.Publish(t.Context(), publish.Post{URL: article, ImageURL: image, Text: post().Text, Resume: id}); err != nil {
				t.Fatal(err)
			}
			return id
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 1, token)
			p := post()
			p.Resume = tt.setup(t, h)
			prepared, err := h.pub.Prepare(t.Context(), p)
			if err != nil {
				t.Fatal(err)
			}
			p.Resume = prepared
			r, err := h.pub.Publish(t.Context(), p)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(h.srv.Containers()); got != tt.containers {
				t.Errorf("%d containers, want %d", got, tt.containers)
			}
			media := h.srv.MediaList()
			if len(media) != tt.media {
				t.Fatalf("%d media, want %d", len(media), tt.media)
			}
			if r.ID != media[len(media)-1].ID || r.URL == "" {
				t.Errorf("receipt %+v, media %+v", r, media)
			}
		})
	}
}

func TestPrepareKeepsUsableContainer(t *testing.T) {
	h := newHarness(t, 5, token)
	id, err := h.pub.Prepare(t.Context(), post())
	if err != nil || id == "" {
		t.Fatalf("Prepare = %q, %v", id, err)
	}
	p := post()
	p.Resume = id
	again, err := h.pub.Prepare(t.Context(), p)
	if err != nil || again != id {
		t.Fatalf("Prepare(resume) = %q, %v; want %q", again, err, id)
	}
	if n := len(h.srv.Containers()); n != 1 {
		t.Errorf("%d containers", n)
	}
}

func TestPrepareThrottledDoesNotReplace(t *testing.T) {
	h := newHarness(t, 5, token)
	id, _ := h.pub.Prepare(t.Context(), post())
	h.srv.FailNext(1, fakegraph.Throttled(4, 0))
	p := post()
	p.Resume = id
	_, err := h.pub.Prepare(t.Context(), p)
	var re *publish.RetryableError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want retryable", err)
	}
	if n := len(h.srv.Containers()); n != 1 {
		t.Errorf("a throttled status read created another container (%d)", n)
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
		{name: "503 on create", fail: fakegraph.Unavailable(), retryable: true},
		{name: "613 while polling", fail: func() fakegraph.Failure {
			f := fakegraph.Throttled(613, 0)
			f.Method = "GET"
			return f
		}(), retryable: true},
		{name: "429 on media_publish", fail: func() fakegraph.Failure {
			f := fakegraph.TooManyRequests(7)
			f.PathSuffix = "/media_publish"
			return f
		}(), retryable: true},
		{name: "9007 not ready on media_publish", fail: fakegraph.Failure{PathSuffix: "/media_publish", Status: 400,
			Code: 9007, Subcode: 2207027, Type: "OAuthException", Message: "Media ID is not available"}, retryable: true},
		{name: "bad token", token: "EAAG-wrong", auth: true},
		{name: "bad image", fail: fakegraph.Failure{Status: 400, Code: 9004, Subcode: 2207052, Type: "OAuthException",
			Message: "Only photo or video can be accepted as media type."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := token
			if tt.token != "" {
				tok = tt.token
			}
			h := newHarness(t, 0, tok)
			if tt.fail.Status != 0 {
				h.srv.FailNext(1, tt.fail)
			}
			_, err := h.pub.Publish(t.Context(), post())
			var re *publish.RetryableError
			var ae *publish.AuthError
			if err == nil || errors.As(err, &re) != tt.retryable || errors.As(err, &ae) != tt.auth {
				t.Fatalf("err %v: retryable %v auth %v; want %v %v", err, re != nil, ae != nil, tt.retryable, tt.auth)
			}
			if strings.Contains(err.Error(), tok) || strings.Contains(h.logs.String(), tok) {
				t.Error("token leaked")
			}
			if len(h.srv.MediaList()) != 0 {
				t.Error("media published despite the failure")
			}
		})
	}
}

func TestFind(t *testing.T) {
	h := newHarness(t, 0, token)
	target := h.srv.AddMedia(post().Text)
	h.srv.AddMedia("Tahap dua\n\nSelengkapnya: " + strings.TrimSuffix(article, "/") + "-tahap-2/")
	for i := range 30 {
		h.srv.AddMedia(fmt.Sprintf("Berita %d\n\nSelengkapnya: https://example.lampungprov.go.id/berita/2026/10/%02d-lain/", i, i))
	}
	r, ok, err := h.pub.Find(t.Context(), post())
	if err != nil || !ok || r.ID != target || !strings.HasPrefix(r.URL, "https://www.instagram.com/p/") {
		t.Fatalf("Find = %+v, %v, %v; want %s", r, ok, err, target)
	}
	golden.CheckBytes(t, []byte(h.srv.Dump()), "testdata/find.request.golden", *update)

	absent := post()
	absent.URL = "https://example.lampungprov.go.id/berita/2026/11/26-belum/"
	if _, ok, err := h.pub.Find(t.Context(), absent); ok || err != nil {
		t.Errorf("Find(absent) = %v, %v", ok, err)
	}
}

// TestCorrectionCalls (issue 14): a correction is a comment of the account
// under the media, found again by its text; a retraction deletes the
// media; media already gone is no error.
func TestCorrectionCalls(t *testing.T) {
	h := newHarness(t, 0, token)
	media := h.srv.AddMedia(post().Text)
	c := publish.Comment{Index: 1, URL: article, Parent: publish.Receipt{ID: media, URL: "https://www.instagram.com/p/X/"},
		Text: "Koreksi: Jumlah penerima 1.200 keluarga.\n\nBerita telah diperbarui: " + article}
	r, err := h.pub.Comment(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	cs := h.srv.Comments()
	if len(cs) != 1 || cs[0].Parent != media || cs[0].Message != c.Text || r.ID != cs[0].ID || r.URL != c.Parent.URL {
		t.Fatalf("comments %+v, receipt %+v", cs, r)
	}
	golden.CheckBytes(t, []byte(h.srv.Dump()), "testdata/comment.request.golden", *update)
	n := len(h.srv.Requests())
	if found, ok, err := h.pub.FindComment(t.Context(), c); err != nil || !ok || found.ID != r.ID {
		t.Errorf("FindComment = %+v %v %v", found, ok, err)
	}
	checkDump(t, h.srv, n, "testdata/find-comment.request.golden")
	n = len(h.srv.Requests())
	if err := h.pub.Delete(t.Context(), publish.Target{ID: media}); err != nil {
		t.Fatal(err)
	}
	checkDump(t, h.srv, n, "testdata/delete.request.golden")
	if len(h.srv.MediaList()) != 0 {
		t.Error("media not deleted")
	}
	if err := h.pub.Delete(t.Context(), publish.Target{ID: media}); err != nil {
		t.Errorf("deleting media gone already = %v, want nil", err)
	}
}

// TestDeleteWithoutPermission (issue 14): without instagram_manage_contents
// Graph answers code 10; Delete names the media for staff, and once it is
// deleted by hand, Delete sees it gone and succeeds.
func TestDeleteWithoutPermission(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, IGUserID: igUser, NoInstagramManageContents: true})
	pub := instagram.New(graphapi.New("instagram", secret.Secret(token), graphapi.WithBaseURL(srv.URL), graphapi.WithVersion("v21.0"),
		graphapi.WithHTTPClient(srv.Client())), igUser)
	media := srv.AddMedia(post().Text)
	target := publish.Target{ID: media, URL: "https://www.instagram.com/p/X/"}
	err := pub.Delete(t.Context(), target)
	var refused *publish.DeleteRefusedError
	if !errors.As(err, &refused) || refused.ID != media || refused.URL != target.URL || refused.Platform != "instagram" {
		t.Fatalf("Delete = %v, want a DeleteRefusedError naming %s", err, media)
	}
	if !strings.Contains(err.Error(), "code 10") {
		t.Errorf("error %v does not carry Graph's code 10", err)
	}
	checkDump(t, srv, 0, "testdata/delete-refused.request.golden")
	srv.DeleteByHand(media)
	if err := pub.Delete(t.Context(), target); err != nil {
		t.Errorf("Delete after the media was removed by hand = %v, want nil", err)
	}
}

// checkDump checks the requests of srv from index from on against a golden file.
func checkDump(t *testing.T, srv *fakegraph.Server, from int, file string) {
	t.Helper()
	var b strings.Builder
	for _, r := range srv.Requests()[from:] {
		b.WriteString(r.Dump())
	}
	golden.CheckBytes(t, []byte(b.String()), file, *update)
}
