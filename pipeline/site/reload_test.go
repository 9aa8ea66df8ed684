package site

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeReload: a page served through the Reloader carries the reload
// script, the file on disk does not, and an edit rebuilt by the session
// sends exactly one reload event to a connected page.
func TestServeReload(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	opt := fixtureOptions(t)
	sess := NewSession(os.DirFS(repo), out)
	if _, err := sess.Build(t.Context(), opt, nil); err != nil {
		t.Fatal(err)
	}
	rl := NewReloader()
	srv := httptest.NewServer(rl.Handler(Handler(out, "/")))
	t.Cleanup(srv.Close)
	t.Cleanup(rl.Close) // before srv.Close: ends the event stream

	const page = "berita/2026/11/25-peresmian-jembatan/"
	resp, err := http.Get(srv.URL + "/" + page)
	if err != nil {
		t.Fatal(err)
	}
	body := new(strings.Builder)
	_, _ = bufio.NewReader(resp.Body).WriteTo(body)
	resp.Body.Close()
	tag := `<script src="/_warta/reload.js"></script></body>`
	if !strings.Contains(body.String(), tag) {
		t.Fatalf("served page lacks the reload script")
	}
	if disk, _ := os.ReadFile(filepath.Join(out, page, "index.html")); strings.Contains(string(disk), "_warta") {
		t.Fatal("reload script written to the out dir")
	}
	if js, err := http.Get(srv.URL + ReloadScript); err != nil || js.StatusCode != 200 || !strings.HasPrefix(js.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("script: %v %v", err, js)
	}

	ev, err := http.Get(srv.URL + ReloadEvents)
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Body.Close()
	if ev.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events content type %q", ev.Header.Get("Content-Type"))
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(ev.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for rl.Clients() != 1 {
		time.Sleep(5 * time.Millisecond)
	}

	// The edit: a body paragraph, rebuilt as serve's watcher does.
	file := "content/berita/2026/11/25-peresmian-jembatan/index.md"
	f, err := os.OpenFile(filepath.Join(repo, file), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\nParagraf tambahan.\n")
	f.Close()
	if _, err := sess.Build(t.Context(), opt, []string{file}); err != nil {
		t.Fatal(err)
	}
	rl.Reload()

	events := 0
	timeout := time.After(5 * time.Second)
	for events == 0 {
		select {
		case l := <-lines:
			if l == "event: reload" {
				events++
			}
		case <-timeout:
			t.Fatal("no reload event")
		}
	}
	quiet := time.After(300 * time.Millisecond)
	for done := false; !done; {
		select {
		case l := <-lines:
			if l == "event: reload" {
				events++
			}
		case <-quiet:
			done = true
		}
	}
	if events != 1 {
		t.Errorf("%d reload events for one edit, want 1", events)
	}
	if disk, _ := os.ReadFile(filepath.Join(out, page, "index.html")); !strings.Contains(string(disk), "Paragraf tambahan.") || strings.Contains(string(disk), "_warta") {
		t.Error("rebuilt page wrong on disk")
	}
}
