package fakegraph_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
)

const token = "EAAG-test-token"

type answer struct {
	Status int
	Body   map[string]any
}

func (a answer) code() float64 {
	e, _ := a.Body["error"].(map[string]any)
	c, _ := e["code"].(float64)
	return c
}

func call(t *testing.T, srv *fakegraph.Server, method, path, tok string, params url.Values) answer {
	t.Helper()
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, srv.URL+path+"?"+params.Encode(), nil)
	} else {
		req, err = http.NewRequest(method, srv.URL+path, strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{Status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(&a.Body); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRejectsBadInput(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		tok    string
		params url.Values
		status int
		code   float64
	}{
		{"no token", "GET", "/v21.0/1234/feed", "", nil, 400, 2500},
		{"wrong token", "GET", "/v21.0/1234/feed", "EAAG-other", nil, 400, 190},
		{"no message nor link", "POST", "/v21.0/1234/feed", token, url.Values{}, 400, 100},
		{"relative link", "POST", "/v21.0/1234/feed", token, url.Values{"link": {"/berita/x/"}}, 400, 100},
		{"link field read", "GET", "/v21.0/1234/feed", token, url.Values{"fields": {"id,link"}}, 400, 12},
		{"no image_url", "POST", "/v21.0/17841400000000001/media", token, url.Values{"caption": {"x"}}, 400, 100},
		{"no creation_id", "POST", "/v21.0/17841400000000001/media_publish", token, url.Values{}, 400, 100},
		{"unknown object", "GET", "/v21.0/999", token, nil, 400, 100},
		{"no version", "GET", "/1234/feed", token, nil, 400, 100},
		{"other page", "POST", "/v21.0/9999/feed", token, url.Values{"message": {"x"}}, 400, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakegraph.New(t, fakegraph.Config{Token: token})
			a := call(t, srv, tt.method, tt.path, tt.tok, tt.params)
			if a.Status != tt.status || a.code() != tt.code {
				t.Errorf("answer %d %v, want %d code %v", a.Status, a.Body, tt.status, tt.code)
			}
			if len(srv.Posts())+len(srv.Containers()) != 0 {
				t.Error("rejected request created something")
			}
		})
	}
}

func TestContainerStateMachine(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PollsBeforeFinished: 2})
	a := call(t, srv, "POST", "/v21.0/17841400000000001/media", token,
		url.Values{"image_url": {"https://example.go.id/a.jpg"}, "caption": {"halo"}})
	id, _ := a.Body["id"].(string)
	if a.Status != 200 || id == "" {
		t.Fatalf("create: %d %v", a.Status, a.Body)
	}
	publishIt := func() answer {
		return call(t, srv, "POST", "/v21.0/17841400000000001/media_publish", token, url.Values{"creation_id": {id}})
	}
	if a := publishIt(); a.Status != 400 || a.code() != 9007 {
		t.Fatalf("publishing an IN_PROGRESS container: %d %v", a.Status, a.Body)
	}
	for _, want := range []string{"IN_PROGRESS", "IN_PROGRESS", "FINISHED", "FINISHED"} {
		a := call(t, srv, "GET", "/v21.0/"+id, token, url.Values{"fields": {"status_code"}})
		if a.Body["status_code"] != want {
			t.Fatalf("status_code %v, want %s", a.Body["status_code"], want)
		}
	}
	a = publishIt()
	if a.Status != 200 || a.Body["id"] == nil {
		t.Fatalf("publish: %d %v", a.Status, a.Body)
	}
	if a := publishIt(); a.Status != 400 || a.code() != 9007 {
		t.Fatalf("publishing twice: %d %v", a.Status, a.Body)
	}
	if st, _ := srv.ContainerState(id); st != fakegraph.Published {
		t.Errorf("state %s", st)
	}
}

func TestFeedPaging(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token})
	for range 7 {
		srv.AddPost("m", "https://example.go.id/a/")
	}
	seen := 0
	params := url.Values{"fields": {"id,attachments{unshimmed_url}"}, "limit": {"3"}}
	for page := 0; ; page++ {
		a := call(t, srv, "GET", "/v21.0/1234/feed", token, params)
		data, _ := a.Body["data"].([]any)
		seen += len(data)
		for _, d := range data {
			att := d.(map[string]any)["attachments"].(map[string]any)["data"].([]any)[0].(map[string]any)
			if att["unshimmed_url"] != "https://example.go.id/a/" || att["url"] != nil {
				t.Fatalf("attachment %v", att)
			}
		}
		paging, _ := a.Body["paging"].(map[string]any)
		next, _ := paging["next"].(string)
		if next == "" {
			break
		}
		u, err := url.Parse(next)
		if err != nil || !strings.HasPrefix(next, srv.URL+"/v21.0/1234/feed?") {
			t.Fatalf("next %q", next)
		}
		params = u.Query()
		if page > 5 {
			t.Fatal("paging does not end")
		}
	}
	if seen != 7 {
		t.Errorf("saw %d posts, want 7", seen)
	}
}
