package fakex_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dghubble/oauth1"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakex"
)

var cfg = fakex.Config{ConsumerKey: "ck", ConsumerSecret: "cs", AccessToken: "at", AccessTokenSecret: "ats"}

func signed(srv *fakex.Server) *http.Client {
	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, srv.Client())
	return oauth1.NewConfig(cfg.ConsumerKey, cfg.ConsumerSecret).Client(ctx, oauth1.NewToken(cfg.AccessToken, cfg.AccessTokenSecret))
}

func do(t *testing.T, c *http.Client, method, u, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func TestUnsignedIsUnauthorized(t *testing.T) {
	srv := fakex.New(t, cfg)
	status, body := do(t, srv.Client(), "POST", srv.URL+"/2/tweets", `{"text":"halo"}`)
	if status != 401 || body != `{"title":"Unauthorized","detail":"Unauthorized","type":"about:blank","status":401}` {
		t.Errorf("%d %s", status, body)
	}
	if len(srv.Tweets()) != 0 {
		t.Error("unsigned post accepted")
	}
}

func TestRequests(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		status                   int
		contains                 string
	}{
		{"post", "POST", "/2/tweets", `{"text":"halo"}`, 201, `"edit_history_tweet_ids"`},
		{"empty text", "POST", "/2/tweets", `{"text":""}`, 400, "invalid-request"},
		{"not json", "POST", "/2/tweets", `text=halo`, 400, "Invalid Request"},
		{"too long", "POST", "/2/tweets", `{"text":"` + strings.Repeat("a", 281) + `"}`, 400, "too long"},
		{"280 fits", "POST", "/2/tweets", `{"text":"` + strings.Repeat("a", 280) + `"}`, 201, `"id"`},
		{"url counts 23", "POST", "/2/tweets", `{"text":"` + strings.Repeat("a", 256) + ` https://example.go.id/` + strings.Repeat("x", 80) + `"}`, 201, "t.co"},
		{"me", "GET", "/2/users/me", "", 200, `"username":"diskominfotik"`},
		{"max_results too small", "GET", "/2/users/1580000000000000001/tweets?max_results=3", "", 400, "not between 5 and 100"},
		{"unknown parameter", "GET", "/2/users/1580000000000000001/tweets?count=5", "", 400, "is not one of"},
		{"other user", "GET", "/2/users/42/tweets?max_results=5", "", 200, "Not Found Error"},
		{"unknown endpoint", "GET", "/1.1/statuses/update.json", "", 404, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakex.New(t, cfg)
			status, body := do(t, signed(srv), tt.method, srv.URL+tt.path, tt.body)
			if status != tt.status || !strings.Contains(body, tt.contains) {
				t.Errorf("%d %s; want %d with %q", status, body, tt.status, tt.contains)
			}
		})
	}
}

func TestDuplicate(t *testing.T) {
	srv := fakex.New(t, cfg)
	c := signed(srv)
	if status, body := do(t, c, "POST", srv.URL+"/2/tweets", `{"text":"sama"}`); status != 201 {
		t.Fatalf("%d %s", status, body)
	}
	status, body := do(t, c, "POST", srv.URL+"/2/tweets", `{"text":"sama"}`)
	if status != 403 || body != `{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}` {
		t.Errorf("%d %s", status, body)
	}
}

func TestTimelineShortensLinks(t *testing.T) {
	srv := fakex.New(t, cfg)
	srv.AddTweet("Jembatan & jalan https://example.go.id/berita/a/ #Lampung")
	status, body := do(t, signed(srv), "GET", srv.URL+"/2/users/1580000000000000001/tweets?max_results=5&tweet.fields=entities,created_at", "")
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var out struct {
		Data []struct {
			Text      string `json:"text"`
			CreatedAt string `json:"created_at"`
			Entities  struct {
				URLs []struct {
					Start       int    `json:"start"`
					End         int    `json:"end"`
					URL         string `json:"url"`
					ExpandedURL string `json:"expanded_url"`
				} `json:"urls"`
			} `json:"entities"`
		} `json:"data"`
		Meta struct {
			ResultCount int    `json:"result_count"`
			NextToken   string `json:"next_token"`
		} `json:"meta"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	d := out.Data[0]
	if strings.Contains(d.Text, "example.go.id") || !strings.Contains(d.Text, "&amp; jalan https://t.co/") {
		t.Errorf("text %q", d.Text)
	}
	if len(d.Entities.URLs) != 1 || d.Entities.URLs[0].ExpandedURL != "https://example.go.id/berita/a/" {
		t.Errorf("entities %+v", d.Entities)
	}
	if u := d.Entities.URLs[0]; string([]rune(d.Text)[u.Start:u.End]) != u.URL {
		t.Errorf("entity indices %d..%d do not cover %s", u.Start, u.End, u.URL)
	}
	if d.CreatedAt == "" || out.Meta.ResultCount != 1 || out.Meta.NextToken != "" {
		t.Errorf("created_at %q meta %+v", d.CreatedAt, out.Meta)
	}
}
