package fakex

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakeapi"
)

// Config holds the credentials the fake accepts and the account it serves.
type Config struct {
	ConsumerKey       string
	ConsumerSecret    string
	AccessToken       string
	AccessTokenSecret string
	UserID            string // default "1580000000000000001"
	Username          string // default "diskominfotik"
	// Now stamps created_at and the rate-limit window; default a fixed instant.
	Now func() time.Time
}

// Tweet is a post the fake holds, with its text as it was sent.
type Tweet struct {
	ID      string
	Text    string
	Created time.Time
	// InReplyTo is the id of the post this one replies to ("" for none).
	InReplyTo string
}

// Server is a running fake X API. The embedded fakeapi.Server records the
// requests (Requests, Dump), scripts failures (FailNext), verifies expected
// calls (Expect) and gives the URL and Client.
type Server struct {
	*fakeapi.Server

	cfg Config

	mu     sync.Mutex      // guards what follows
	tweets []*Tweet        // oldest first
	gone   map[string]bool // ids of deleted posts
	nonces map[string]bool
	seq    int
	calls  int
}

// New starts a fake on 127.0.0.1 and closes it when tb's test ends.
func New(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	if cfg.UserID == "" {
		cfg.UserID = "1580000000000000001"
	}
	if cfg.Username == "" {
		cfg.Username = "diskominfotik"
	}
	cfg.Now = fakeapi.Clock(cfg.Now)
	s := &Server{cfg: cfg, nonces: map[string]bool{}, gone: map[string]bool{}}
	s.Server = fakeapi.New(tb, fakeapi.Options{
		Authenticate: s.authenticate,
		Header:       s.rateHeaders,
		Handler:      http.HandlerFunc(s.serve),
	})
	return s
}

// Config is the fake's configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// AddTweet seeds an earlier post and returns its id.
func (s *Server) AddTweet(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addTweet(text).ID
}

// Tweets returns the account's posts, oldest first.
func (s *Server) Tweets() []Tweet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fakeapi.Copies(s.tweets)
}

// DeleteByHand removes a post as someone would in the app.
func (s *Server) DeleteByHand(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(id)
}

func (s *Server) remove(id string) bool {
	n := len(s.tweets)
	s.tweets = slices.DeleteFunc(s.tweets, func(t *Tweet) bool { return t.ID == id })
	if len(s.tweets) == n {
		return false
	}
	s.gone[id] = true
	return true
}

func (s *Server) tweet(id string) *Tweet {
	return fakeapi.First(s.tweets, func(t *Tweet) bool { return t.ID == id })
}

func (s *Server) addTweet(text string) *Tweet {
	s.seq++
	t := &Tweet{
		ID:      strconv.FormatInt(1860000000000000000+int64(s.seq), 10),
		Text:    text,
		Created: s.cfg.Now().Add(time.Duration(s.seq) * time.Minute),
	}
	s.tweets = append(s.tweets, t)
	return t
}

// serve answers a request whose signature verified.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/2/tweets":
		s.createTweet(w, r, body)
	case r.Method == http.MethodGet && r.URL.Path == "/2/users/me":
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
			"id": s.cfg.UserID, "name": "Diskominfotik Provinsi Lampung", "username": s.cfg.Username}})
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/2/tweets/"):
		s.deleteTweet(w, strings.TrimPrefix(r.URL.Path, "/2/tweets/"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2/tweets/"):
		s.lookup(w, strings.TrimPrefix(r.URL.Path, "/2/tweets/"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2/users/") && strings.HasSuffix(r.URL.Path, "/tweets"):
		s.timeline(w, r, strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/2/users/"), "/tweets"))
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"errors": []any{
			map[string]any{"message": "Sorry, that page does not exist", "code": 34}}})
	}
}

// authenticate verifies the OAuth 1.0a signature; the header is recorded
// as "OAuth REDACTED", or "OAuth INVALID" when it did not verify, and
// answered 401 then.
func (s *Server) authenticate(r *http.Request, body []byte) (string, *fakeapi.Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.verify(r, body); err != nil {
		return "OAuth INVALID", &fakeapi.Failure{Status: http.StatusUnauthorized, Body: unauthorized()}
	}
	return "OAuth " + fakeapi.Redacted, nil
}

// rateHeaders sends the documented rate-limit headers on every answer.
func (s *Server) rateHeaders(h http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	reset := s.cfg.Now().Add(15 * time.Minute).Unix()
	h.Set("x-rate-limit-limit", "100")
	h.Set("x-rate-limit-remaining", strconv.Itoa(max(100-s.calls, 0)))
	h.Set("x-rate-limit-reset", strconv.FormatInt(reset, 10))
}

// problem is X API v2's error body (RFC 7807 style).
type problem struct {
	Errors []map[string]any `json:"errors,omitempty"`
	Title  string           `json:"title"`
	Detail string           `json:"detail"`
	Type   string           `json:"type"`
	Status int              `json:"status,omitempty"`
}

func invalidRequest(message string, params map[string]any) problem {
	e := map[string]any{"message": message}
	if params != nil {
		e["parameters"] = params
	}
	return problem{
		Errors: []map[string]any{e},
		Title:  "Invalid Request",
		Detail: "One or more parameters to your request was invalid.",
		Type:   "https://api.twitter.com/2/problems/invalid-request",
	}
}

// createTweet implements POST /2/tweets.
func (s *Server) createTweet(w http.ResponseWriter, r *http.Request, body []byte) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusBadRequest, invalidRequest("Request body must be JSON (Content-Type: application/json).", nil))
		return
	}
	var in struct {
		Text  *string `json:"text"`
		Reply *struct {
			InReplyTo string `json:"in_reply_to_tweet_id"`
		} `json:"reply"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, invalidRequest("Request body is not valid JSON: "+err.Error(), nil))
		return
	}
	switch {
	case in.Text == nil || strings.TrimSpace(*in.Text) == "":
		writeJSON(w, http.StatusBadRequest, invalidRequest("Post text is empty.", map[string]any{"text": []string{""}}))
		return
	case article.XWeightedLength(*in.Text) > article.XMaxWeighted:
		writeJSON(w, http.StatusBadRequest, invalidRequest(
			"Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.",
			map[string]any{"text": []string{*in.Text}}))
		return
	}
	if in.Reply != nil && s.tweet(in.Reply.InReplyTo) == nil {
		writeJSON(w, http.StatusForbidden, problem{
			Detail: "You attempted to reply to a Tweet that is deleted or not visible to you.",
			Type:   "about:blank", Title: "Forbidden", Status: http.StatusForbidden})
		return
	}
	for _, t := range s.tweets {
		if t.Text == *in.Text {
			writeJSON(w, http.StatusForbidden, problem{
				Detail: "You are not allowed to create a Tweet with duplicate content.",
				Type:   "about:blank", Title: "Forbidden", Status: http.StatusForbidden})
			return
		}
	}
	t := s.addTweet(*in.Text)
	if in.Reply != nil {
		t.InReplyTo = in.Reply.InReplyTo
	}
	text, _ := shorten(t.Text)
	writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{
		"id": t.ID, "text": text, "edit_history_tweet_ids": []string{t.ID}}})
}

// timelineParams are the query parameters GET /2/users/:id/tweets accepts.
func timelineParams() []string {
	return []string{"max_results", "pagination_token", "tweet.fields", "exclude", "expansions",
		"user.fields", "media.fields", "place.fields", "poll.fields", "since_id", "until_id", "start_time", "end_time"}
}

// timeline implements GET /2/users/:id/tweets, newest first.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request, id string) {
	q := r.URL.Query()
	allowed := timelineParams()
	for k := range q {
		if !slices.Contains(allowed, k) {
			writeJSON(w, http.StatusBadRequest, invalidRequest(
				fmt.Sprintf("The query parameter [%s] is not one of [%s]", k, strings.Join(allowed, ",")), nil))
			return
		}
	}
	limit := 10
	if v := q.Get("max_results"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 5 || n > 100 {
			writeJSON(w, http.StatusBadRequest, invalidRequest(
				fmt.Sprintf("The `max_results` query parameter value [%s] is not between 5 and 100", v),
				map[string]any{"max_results": []string{v}}))
			return
		}
		limit = n
	}
	if id != s.cfg.UserID {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []any{map[string]any{
			"value": id, "detail": "Could not find user with id: [" + id + "].", "title": "Not Found Error",
			"resource_type": "user", "parameter": "id", "resource_id": id,
			"type": "https://api.twitter.com/2/problems/resource-not-found"}}})
		return
	}
	start := 0
	if tok := q.Get("pagination_token"); tok != "" {
		n, ok := decodeToken(tok)
		if !ok || n > len(s.tweets) {
			writeJSON(w, http.StatusBadRequest, invalidRequest("The `pagination_token` query parameter value ["+tok+"] is not valid",
				map[string]any{"pagination_token": []string{tok}}))
			return
		}
		start = n
	}
	fields := strings.Split(q.Get("tweet.fields"), ",")
	exclude := strings.Split(q.Get("exclude"), ",")
	var newestFirst []*Tweet
	for i := len(s.tweets) - 1; i >= 0; i-- {
		if t := s.tweets[i]; t.InReplyTo == "" || !slices.Contains(exclude, "replies") {
			newestFirst = append(newestFirst, t)
		}
	}
	end := min(start+limit, len(newestFirst))
	page := newestFirst[start:end]
	meta := map[string]any{"result_count": len(page)}
	out := map[string]any{"meta": meta}
	if len(page) > 0 {
		data := make([]any, 0, len(page))
		for _, t := range page {
			text, urls := shorten(t.Text)
			d := map[string]any{"id": t.ID, "text": text, "edit_history_tweet_ids": []string{t.ID}}
			if slices.Contains(fields, "created_at") {
				d["created_at"] = t.Created.UTC().Format("2006-01-02T15:04:05.000Z")
			}
			if slices.Contains(fields, "entities") && len(urls) > 0 {
				d["entities"] = map[string]any{"urls": urls}
			}
			if slices.Contains(fields, "referenced_tweets") && t.InReplyTo != "" {
				d["referenced_tweets"] = []any{map[string]any{"type": "replied_to", "id": t.InReplyTo}}
			}
			if slices.Contains(fields, "conversation_id") {
				d["conversation_id"] = s.root(t)
			}
			data = append(data, d)
		}
		out["data"] = data
		meta["newest_id"], meta["oldest_id"] = page[0].ID, page[len(page)-1].ID
		if end < len(newestFirst) {
			meta["next_token"] = encodeToken(end)
		}
		if start > 0 {
			meta["previous_token"] = encodeToken(max(start-limit, 0))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// root is the conversation_id of t: the id of the post its reply chain
// starts from.
func (s *Server) root(t *Tweet) string {
	for t.InReplyTo != "" {
		p := s.tweet(t.InReplyTo)
		if p == nil {
			return t.InReplyTo
		}
		t = p
	}
	return t.ID
}

// notFound is the partial-error entry v2 lookups give for a missing post.
func notFound(id string) map[string]any {
	return map[string]any{"value": id, "detail": "Could not find tweet with id: [" + id + "].", "title": "Not Found Error",
		"resource_type": "tweet", "parameter": "id", "resource_id": id,
		"type": "https://api.twitter.com/2/problems/resource-not-found"}
}

// lookup implements GET /2/tweets/:id: a missing or deleted post is HTTP
// 200 with only an errors array (a partial error).
// https://docs.x.com/x-api/posts/get-post-by-id
func (s *Server) lookup(w http.ResponseWriter, id string) {
	t := s.tweet(id)
	if t == nil {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []any{notFound(id)}})
		return
	}
	text, _ := shorten(t.Text)
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": t.ID, "text": text, "edit_history_tweet_ids": []string{t.ID}}})
}

// deleteTweet implements DELETE /2/tweets/:id → {"data":{"deleted":true}}.
// What X answers for a post that is gone already is not documented; the
// fake answers 404 with the resource-not-found problem, and xapi does not
// rely on it (it looks the post up).
// https://docs.x.com/x-api/posts/delete-post
func (s *Server) deleteTweet(w http.ResponseWriter, id string) {
	if !s.remove(id) {
		nf := notFound(id)
		writeJSON(w, http.StatusNotFound, problem{Title: "Not Found Error", Detail: nf["detail"].(string),
			Type: nf["type"].(string), Status: http.StatusNotFound})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"deleted": true}})
}

func encodeToken(n int) string {
	return "7140dibdnow9c7btw4" + strconv.FormatInt(int64(n)+1000, 36)
}

func decodeToken(t string) (int, bool) {
	v, ok := strings.CutPrefix(t, "7140dibdnow9c7btw4")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 36, 64)
	return int(n) - 1000, err == nil && n >= 1000
}

// shorten returns text as X serves it: every URL replaced by a t.co link,
// &, < and > escaped, and the url entities (start/end in code points of
// the returned text) that keep the original in expanded_url.
func shorten(text string) (string, []map[string]any) {
	var b strings.Builder
	var urls []map[string]any
	last := 0
	urlRe := regexp.MustCompile(`https?://[^\s]+`) // as article.XWeightedLength finds URLs
	for _, m := range urlRe.FindAllStringIndex(text, -1) {
		b.WriteString(html.EscapeString(text[last:m[0]]))
		orig := text[m[0]:m[1]]
		h := fnv.New64a()
		h.Write([]byte(orig))
		short := "https://t.co/" + strconv.FormatUint(h.Sum64(), 36)[:10]
		start := utf8.RuneCountInString(b.String())
		b.WriteString(short)
		display := strings.TrimPrefix(strings.TrimPrefix(orig, "https://"), "http://")
		if utf8.RuneCountInString(display) > 26 {
			display = string([]rune(display)[:25]) + "…"
		}
		urls = append(urls, map[string]any{
			"start": start, "end": start + len(short),
			"url": short, "expanded_url": orig, "display_url": display,
		})
		last = m[1]
	}
	b.WriteString(html.EscapeString(text[last:]))
	return b.String(), urls
}

// verify checks the OAuth 1.0a HMAC-SHA1 signature (RFC 5849 §3.4 as X
// documents it): consumer key and token must be the configured ones, the
// nonce unused, and the signature equal to HMAC-SHA1 over the signature base
// string keyed by the consumer and token secrets.
func (s *Server) verify(r *http.Request, body []byte) error {
	rest, ok := strings.CutPrefix(r.Header.Get("Authorization"), "OAuth ")
	if !ok {
		return errors.New("no OAuth Authorization header")
	}
	oauth := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("malformed parameter %q", part)
		}
		k, err1 := url.PathUnescape(k)
		v, err2 := url.PathUnescape(strings.Trim(v, `"`))
		if err1 != nil || err2 != nil {
			return fmt.Errorf("malformed parameter %q", part)
		}
		oauth[k] = v
	}
	switch {
	case oauth["oauth_consumer_key"] != s.cfg.ConsumerKey:
		return errors.New("unknown consumer key")
	case oauth["oauth_token"] != s.cfg.AccessToken:
		return errors.New("unknown token")
	case oauth["oauth_signature_method"] != "HMAC-SHA1":
		return errors.New("signature method is not HMAC-SHA1")
	case oauth["oauth_version"] != "" && oauth["oauth_version"] != "1.0":
		return errors.New("oauth_version is not 1.0")
	case oauth["oauth_nonce"] == "" || oauth["oauth_timestamp"] == "":
		return errors.New("nonce or timestamp missing")
	case s.nonces[oauth["oauth_nonce"]+oauth["oauth_timestamp"]]:
		return errors.New("nonce replayed")
	}
	got, err := base64.StdEncoding.DecodeString(oauth["oauth_signature"])
	if err != nil {
		return errors.New("signature is not base64")
	}
	want := Sign(SignatureBase(r, body, oauth), s.cfg.ConsumerSecret, s.cfg.AccessTokenSecret)
	if !hmac.Equal(got, want) {
		return errors.New("signature mismatch")
	}
	s.nonces[oauth["oauth_nonce"]+oauth["oauth_timestamp"]] = true
	return nil
}

// SignatureBase builds the OAuth 1.0a signature base string of a received
// request: method, base string URI and the normalised parameters (query,
// form body when form-encoded, oauth_* except oauth_signature and realm).
func SignatureBase(r *http.Request, body []byte, oauth map[string]string) string {
	type pair struct{ k, v string }
	var params []pair
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			params = append(params, pair{encode(k), encode(v)})
		}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form, _ := url.ParseQuery(string(body))
		for k, vs := range form {
			for _, v := range vs {
				params = append(params, pair{encode(k), encode(v)})
			}
		}
	}
	for k, v := range oauth {
		if k != "oauth_signature" && k != "realm" {
			params = append(params, pair{encode(k), encode(v)})
		}
	}
	slices.SortFunc(params, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	norm := make([]string, len(params))
	for i, p := range params {
		norm[i] = p.k + "=" + p.v
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := strings.ToLower(r.Host)
	if h, port, ok := strings.Cut(host, ":"); ok && (scheme == "http" && port == "80" || scheme == "https" && port == "443") {
		host = h
	}
	baseURI := scheme + "://" + host + r.URL.EscapedPath()
	return r.Method + "&" + encode(baseURI) + "&" + encode(strings.Join(norm, "&"))
}

// Sign is HMAC-SHA1 keyed by the percent-encoded secrets joined with "&".
func Sign(base, consumerSecret, tokenSecret string) []byte {
	mac := hmac.New(sha1.New, []byte(encode(consumerSecret)+"&"+encode(tokenSecret)))
	mac.Write([]byte(base))
	return mac.Sum(nil)
}

// encode is RFC 3986 percent-encoding as RFC 5849 §3.6 requires: all but
// the unreserved characters, upper-case hex.
func encode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func writeJSON(w http.ResponseWriter, status int, v any) { fakeapi.WriteJSON(w, status, v) }
