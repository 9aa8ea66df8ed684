package fakegraph

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakeapi"
)

// Config is the account the fake serves.
type Config struct {
	Token    string // the only access token accepted
	PageID   string // default "1234"
	IGUserID string // default "17841400000000001"
	// PollsBeforeFinished is how many status polls of a new container
	// answer IN_PROGRESS before it turns FINISHED.
	PollsBeforeFinished int
	// Now stamps created_time/timestamp; default a fixed instant.
	Now func() time.Time
	// IGUsername is the Instagram account's username (default
	// "diskominfotik"), the `username` of its own comments.
	IGUsername string
	// NoInstagramManageContents makes the token lack
	// instagram_manage_contents: DELETE of a media object is refused with
	// code 10, as for an app not on Facebook Login for Business.
	NoInstagramManageContents bool
}

// Comment is a comment under a Page post or an Instagram media object,
// made by the Page or the Instagram account.
type Comment struct {
	ID      string
	Parent  string // the post or media id
	Message string
	Created time.Time
}

// Post is a Page post the fake holds.
type Post struct {
	ID      string
	Message string
	Link    string
	Created time.Time
}

// Media is a published Instagram media object.
type Media struct {
	ID          string
	Caption     string
	Permalink   string
	ContainerID string
	Created     time.Time
}

// Container status codes (IG Container reference).
const (
	InProgress = "IN_PROGRESS"
	Finished   = "FINISHED"
	Errored    = "ERROR"
	Expired    = "EXPIRED"
	Published  = "PUBLISHED"
)

type container struct {
	id, imageURL, caption string
	state, status         string
	polls                 int
	failWith              string // status message when it is scripted to end in ERROR
}

// Server is a running fake Graph API. The embedded fakeapi.Server records
// the requests (Requests, Dump), verifies expected calls (Expect) and
// gives the URL and Client.
type Server struct {
	*fakeapi.Server

	cfg Config

	mu         sync.Mutex // guards what follows
	traces     int
	seq        int
	posts      []*Post // oldest first
	media      []*Media
	containers map[string]*container
	order      []string // container ids in creation order
	nextError  string
	comments   []*Comment // oldest first
	deleted    []string   // ids of deleted posts, media and comments, in order
}

// New starts a fake on 127.0.0.1 and closes it when tb's test ends.
func New(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	if cfg.PageID == "" {
		cfg.PageID = "1234"
	}
	if cfg.IGUserID == "" {
		cfg.IGUserID = "17841400000000001"
	}
	if cfg.IGUsername == "" {
		cfg.IGUsername = "diskominfotik"
	}
	cfg.Now = fakeapi.Clock(cfg.Now)
	s := &Server{cfg: cfg, containers: map[string]*container{}}
	s.Server = fakeapi.New(tb, fakeapi.Options{
		Secrets:      []string{"access_token", "appsecret_proof"},
		Authenticate: s.authenticate,
		Handler:      http.HandlerFunc(s.serve),
	})
	return s
}

// Config is the fake's configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// AddPost seeds an earlier Page post (a link post when link is not empty)
// and returns its id.
func (s *Server) AddPost(message, link string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addPost(message, link).ID
}

// AddMedia seeds an earlier Instagram post and returns its id.
func (s *Server) AddMedia(caption string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMedia(caption, "").ID
}

// Posts returns the Page posts, oldest first.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fakeapi.Copies(s.posts)
}

// MediaList returns the published Instagram media, oldest first.
func (s *Server) MediaList() []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fakeapi.Copies(s.media)
}

// Comments returns the comments under posts and media, oldest first.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fakeapi.Copies(s.comments)
}

// Deleted returns the ids of the posts, media and comments deleted, in order.
func (s *Server) Deleted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deleted)
}

// DeleteByHand removes a post or media object as someone would in the app.
func (s *Server) DeleteByHand(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(id)
}

// Containers returns the ids of all containers created, in order.
func (s *Server) Containers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order)
}

// ContainerState returns a container's status_code.
func (s *Server) ContainerState(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.containers[id]
	if !ok {
		return "", false
	}
	return c.state, true
}

// FailNextContainer makes the next container created end in ERROR, with
// status (the container's `status` field) as the reason.
func (s *Server) FailNextContainer(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextError = status
}

// ExpireContainer turns a container EXPIRED, as Graph does after 24 hours.
func (s *Server) ExpireContainer(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.containers[id]; ok {
		c.state = Expired
	}
}

func (s *Server) next() int {
	s.seq++
	return s.seq
}

func (s *Server) addPost(message, link string) *Post {
	n := s.next()
	p := &Post{
		ID:      fmt.Sprintf("%s_%d", s.cfg.PageID, 100000+n),
		Message: message, Link: link,
		Created: s.cfg.Now().Add(time.Duration(n) * time.Minute),
	}
	s.posts = append(s.posts, p)
	return p
}

func (s *Server) addMedia(caption, containerID string) *Media {
	n := s.next()
	m := &Media{
		ID:          strconv.Itoa(17900000000000000 + n),
		Caption:     caption,
		Permalink:   "https://www.instagram.com/p/FAKE" + strings.ToUpper(strconv.FormatInt(int64(n), 36)) + "/",
		ContainerID: containerID,
		Created:     s.cfg.Now().Add(time.Duration(n) * time.Minute),
	}
	s.media = append(s.media, m)
	return m
}

// graphTime is Graph's timestamp layout, e.g. 2026-11-25T03:00:00+0000.
const graphTime = "2006-01-02T15:04:05-0700"

// isVersion matches a Graph version path segment such as "v21.0".
func isVersion(v string) bool {
	major, minor, ok := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	_, err1 := strconv.Atoi(major)
	_, err2 := strconv.Atoi(minor)
	return strings.HasPrefix(v, "v") && ok && err1 == nil && err2 == nil
}

// serve answers an authenticated request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || !isVersion(parts[0]) {
		s.unsupported(w, r.Method, r.URL.Path)
		return
	}
	parts = parts[1:]
	method := r.Method
	if m := r.PostForm.Get("method"); method == http.MethodPost && m != "" {
		method = strings.ToUpper(m)
	}
	switch {
	case len(parts) == 2 && parts[0] == s.cfg.PageID && parts[1] == "feed" && method == http.MethodPost:
		s.createPost(w, r)
	case len(parts) == 2 && parts[0] == s.cfg.PageID && (parts[1] == "feed" || parts[1] == "published_posts") && method == http.MethodGet:
		s.listPosts(w, r)
	case len(parts) == 2 && parts[0] == s.cfg.IGUserID && parts[1] == "media" && method == http.MethodPost:
		s.createContainer(w, r)
	case len(parts) == 2 && parts[0] == s.cfg.IGUserID && parts[1] == "media" && method == http.MethodGet:
		s.listMedia(w, r)
	case len(parts) == 2 && parts[0] == s.cfg.IGUserID && parts[1] == "media_publish" && method == http.MethodPost:
		s.publishContainer(w, r)
	case len(parts) == 2 && parts[1] == "comments" && method == http.MethodPost:
		s.createComment(w, r, parts[0])
	case len(parts) == 2 && parts[1] == "comments" && method == http.MethodGet:
		s.listComments(w, r, parts[0])
	case len(parts) == 1 && method == http.MethodGet:
		s.node(w, r, parts[0])
	case len(parts) == 1 && method == http.MethodDelete:
		s.deleteNode(w, parts[0])
	default:
		s.unsupported(w, method, parts[0])
	}
}

// authenticate checks the token, which Graph takes in the Authorization
// header (Bearer) or the access_token parameter. The header is recorded as
// "Bearer REDACTED" for the right token and "Bearer WRONG" for another.
func (s *Server) authenticate(r *http.Request, _ []byte) (string, *fakeapi.Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var label string
	header := r.Header.Get("Authorization")
	tok, _ := strings.CutPrefix(header, "Bearer ")
	if header != "" {
		label = "Bearer WRONG"
		if tok == s.cfg.Token {
			label = "Bearer " + fakeapi.Redacted
		}
	}
	if err := r.ParseForm(); err != nil {
		return label, ptr(s.answer(http.StatusBadRequest, graphError{Message: "malformed request body", Type: "OAuthException", Code: 100}, fakeapi.Failure{}))
	}
	if tok == "" {
		tok = r.Form.Get("access_token")
	}
	switch {
	case tok == "":
		return label, ptr(s.answer(http.StatusBadRequest, graphError{
			Message: "An active access token must be used to query information about the current user.",
			Type:    "OAuthException", Code: 2500}, fakeapi.Failure{}))
	case tok != s.cfg.Token:
		return label, ptr(s.answer(http.StatusBadRequest, badToken(), fakeapi.Failure{}))
	}
	return label, nil
}

func ptr[T any](v T) *T { return &v }

// badToken is Graph's answer to an invalid token (HTTP 400, not 401).
func badToken() graphError {
	return graphError{Message: "Invalid OAuth access token - Cannot parse access token", Type: "OAuthException", Code: 190}
}

// createPost implements POST /{page-id}/feed.
func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	msg, link := r.PostForm.Get("message"), r.PostForm.Get("link")
	if msg == "" && link == "" {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) Missing message or attachment",
			Type: "OAuthException", Code: 100})
		return
	}
	if link != "" && !absoluteHTTP(link) {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The parameter link must be a valid URL",
			Type: "OAuthException", Code: 100})
		return
	}
	p := s.addPost(msg, link)
	writeJSON(w, http.StatusOK, map[string]any{"id": p.ID})
}

// listPosts implements GET /{page-id}/feed and /{page-id}/published_posts.
func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	fields, err := parseFields(r.Form.Get("fields"), "id,message,created_time")
	if err != nil {
		s.writeError(w, http.StatusBadRequest, graphError{Message: err.Error(), Type: "OAuthException", Code: 100})
		return
	}
	if _, ok := fields["link"]; ok {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#12) link field is deprecated for versions v3.3 and higher",
			Type: "OAuthException", Code: 12})
		return
	}
	items := make([]any, 0, len(s.posts))
	for i := len(s.posts) - 1; i >= 0; i-- {
		items = append(items, s.postFields(s.posts[i], fields))
	}
	s.writePage(w, r, items)
}

func (s *Server) postFields(p *Post, fields map[string][]string) map[string]any {
	out := map[string]any{"id": p.ID}
	_, postID, _ := strings.Cut(p.ID, "_")
	for f, sub := range fields {
		switch f {
		case "message":
			if p.Message != "" {
				out[f] = p.Message
			}
		case "created_time":
			out[f] = p.Created.Format(graphTime)
		case "permalink_url":
			out[f] = "https://www.facebook.com/" + s.cfg.PageID + "/posts/" + postID
		case "attachments":
			if p.Link == "" {
				continue
			}
			// Facebook shims outbound links through l.facebook.com; the
			// original is only in unshimmed_url.
			att := map[string]any{
				"unshimmed_url": p.Link,
				"url":           "https://l.facebook.com/l.php?u=" + url.QueryEscape(p.Link) + "&h=AT0fake",
				"type":          "share",
				"title":         p.Link,
			}
			if len(sub) > 0 {
				for k := range att {
					if !slices.Contains(sub, k) {
						delete(att, k)
					}
				}
			}
			out[f] = map[string]any{"data": []any{att}}
		}
	}
	return out
}

// createContainer implements POST /{ig-user-id}/media for a single image.
func (s *Server) createContainer(w http.ResponseWriter, r *http.Request) {
	img, caption := r.PostForm.Get("image_url"), r.PostForm.Get("caption")
	switch {
	case img == "":
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The parameter image_url is required",
			Type: "OAuthException", Code: 100})
		return
	case !absoluteHTTP(img):
		s.writeError(w, http.StatusBadRequest, graphError{Message: "Only photo or video can be accepted as media type.",
			Type: "OAuthException", Code: 9004, Subcode: 2207052, UserTitle: "Media download has failed.",
			UserMsg: "The media could not be fetched from this URI: " + img})
		return
	case len([]rune(caption)) > 2200:
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The caption is too long.",
			Type: "OAuthException", Code: 100, Subcode: 2207035})
		return
	}
	id := strconv.Itoa(17800000000000000 + s.next())
	s.containers[id] = &container{id: id, imageURL: img, caption: caption, state: InProgress, failWith: s.nextError}
	s.order = append(s.order, id)
	s.nextError = ""
	writeJSON(w, http.StatusOK, map[string]any{"id": id})
}

// publishContainer implements POST /{ig-user-id}/media_publish.
func (s *Server) publishContainer(w http.ResponseWriter, r *http.Request) {
	id := r.PostForm.Get("creation_id")
	if id == "" {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The parameter creation_id is required",
			Type: "OAuthException", Code: 100})
		return
	}
	c, ok := s.containers[id]
	if !ok {
		s.unsupported(w, http.MethodPost, id)
		return
	}
	if c.state != Finished {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "Media ID is not available",
			Type: "OAuthException", Code: 9007, Subcode: 2207027,
			UserTitle: "Media Not Ready For Publishing",
			UserMsg:   "The media is not ready for publishing, please wait for a moment"})
		return
	}
	m := s.addMedia(c.caption, c.id)
	c.state = Published
	writeJSON(w, http.StatusOK, map[string]any{"id": m.ID})
}

// listMedia implements GET /{ig-user-id}/media.
func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) {
	fields, err := parseFields(r.Form.Get("fields"), "id")
	if err != nil {
		s.writeError(w, http.StatusBadRequest, graphError{Message: err.Error(), Type: "OAuthException", Code: 100})
		return
	}
	items := make([]any, 0, len(s.media))
	for i := len(s.media) - 1; i >= 0; i-- {
		items = append(items, mediaFields(s.media[i], fields))
	}
	s.writePage(w, r, items)
}

func mediaFields(m *Media, fields map[string][]string) map[string]any {
	out := map[string]any{"id": m.ID}
	for f := range fields {
		switch f {
		case "caption":
			out[f] = m.Caption
		case "permalink":
			out[f] = m.Permalink
		case "timestamp":
			out[f] = m.Created.Format(graphTime)
		case "media_type":
			out[f] = "IMAGE"
		}
	}
	return out
}

// node implements GET /{id} for posts, containers and media.
func (s *Server) node(w http.ResponseWriter, r *http.Request, id string) {
	fields, err := parseFields(r.Form.Get("fields"), "id")
	if err != nil {
		s.writeError(w, http.StatusBadRequest, graphError{Message: err.Error(), Type: "OAuthException", Code: 100})
		return
	}
	if c, ok := s.containers[id]; ok {
		out := map[string]any{"id": id}
		_, wantCode := fields["status_code"]
		_, wantStatus := fields["status"]
		if wantCode || wantStatus {
			s.poll(c)
		}
		if wantCode {
			out["status_code"] = c.state
		}
		if wantStatus && c.status != "" {
			out["status"] = c.status
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	for _, p := range s.posts {
		if p.ID == id {
			writeJSON(w, http.StatusOK, s.postFields(p, fields))
			return
		}
	}
	for _, m := range s.media {
		if m.ID == id {
			writeJSON(w, http.StatusOK, mediaFields(m, fields))
			return
		}
	}
	if c := s.comment(id); c != nil {
		writeJSON(w, http.StatusOK, s.commentFields(c, fields))
		return
	}
	s.unsupported(w, http.MethodGet, id)
}

func (s *Server) post(id string) *Post {
	return fakeapi.First(s.posts, func(p *Post) bool { return p.ID == id })
}

func (s *Server) mediaByID(id string) *Media {
	return fakeapi.First(s.media, func(m *Media) bool { return m.ID == id })
}

func (s *Server) comment(id string) *Comment {
	return fakeapi.First(s.comments, func(c *Comment) bool { return c.ID == id })
}

// createComment implements POST /{object-id}/comments for a Page post
// (the Page comments: id "{post-id}_{comment-id}") and POST
// /{ig-media-id}/comments (the account comments: a plain numeric id).
// https://developers.facebook.com/docs/graph-api/reference/object/comments#publish
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments#creating
func (s *Server) createComment(w http.ResponseWriter, r *http.Request, parent string) {
	p, m := s.post(parent), s.mediaByID(parent)
	if p == nil && m == nil {
		s.unsupported(w, http.MethodPost, parent)
		return
	}
	msg := r.PostForm.Get("message")
	if strings.TrimSpace(msg) == "" {
		s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The parameter message is required",
			Type: "OAuthException", Code: 100})
		return
	}
	n := s.next()
	c := &Comment{Parent: parent, Message: msg, Created: s.cfg.Now().Add(time.Duration(n) * time.Minute)}
	if p != nil {
		_, postID, _ := strings.Cut(p.ID, "_")
		c.ID = fmt.Sprintf("%s_%d", postID, 200000+n)
	} else {
		c.ID = strconv.Itoa(17850000000000000 + n)
	}
	s.comments = append(s.comments, c)
	writeJSON(w, http.StatusOK, map[string]any{"id": c.ID})
}

// listComments implements GET /{object-id}/comments (Page post: fields
// id, message, from{id,name}, created_time, permalink_url) and GET
// /{ig-media-id}/comments (fields id, text, username, timestamp, from),
// oldest first (Graph's chronological default), with cursor paging.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, parent string) {
	p, m := s.post(parent), s.mediaByID(parent)
	if p == nil && m == nil {
		s.unsupported(w, http.MethodGet, parent)
		return
	}
	def := "id,message,created_time"
	if m != nil {
		def = "id,text,timestamp"
	}
	fields, err := parseFields(r.Form.Get("fields"), def)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, graphError{Message: err.Error(), Type: "OAuthException", Code: 100})
		return
	}
	var items []any
	for _, c := range s.comments {
		if c.Parent == parent {
			items = append(items, s.commentFields(c, fields))
		}
	}
	if r.Form.Get("order") == "reverse_chronological" {
		slices.Reverse(items)
	}
	if items == nil {
		items = []any{}
	}
	s.writePage(w, r, items)
}

func (s *Server) commentFields(c *Comment, fields map[string][]string) map[string]any {
	out := map[string]any{"id": c.ID}
	onMedia := s.mediaByID(c.Parent) != nil || !strings.Contains(c.ID, "_")
	for f := range fields {
		switch {
		case f == "message" && !onMedia, f == "text" && onMedia:
			out[f] = c.Message
		case f == "created_time" && !onMedia:
			out[f] = c.Created.Format(graphTime)
		case f == "timestamp" && onMedia:
			out[f] = c.Created.Format(graphTime)
		case f == "username" && onMedia:
			out[f] = s.cfg.IGUsername
		case f == "from" && onMedia:
			out[f] = map[string]any{"id": s.cfg.IGUserID, "username": s.cfg.IGUsername}
		case f == "from":
			out[f] = map[string]any{"id": s.cfg.PageID, "name": "Diskominfotik Provinsi Lampung"}
		case f == "permalink_url" && !onMedia:
			postID, commentID, _ := strings.Cut(c.ID, "_")
			out[f] = "https://www.facebook.com/" + s.cfg.PageID + "/posts/" + postID + "?comment_id=" + commentID
		}
	}
	return out
}

// deleteNode implements DELETE /{id} for a Page post, an Instagram media
// object (refused with code 10 when the token lacks
// instagram_manage_contents) and a comment: {"success": true}. An id that
// does not exist (any more) gets code 100, subcode 33.
// https://developers.facebook.com/docs/graph-api/reference/post#deleting
// https://developers.facebook.com/docs/instagram-platform/reference/instagram-media#delete
func (s *Server) deleteNode(w http.ResponseWriter, id string) {
	if m := s.mediaByID(id); m != nil && s.cfg.NoInstagramManageContents {
		s.writeError(w, http.StatusForbidden, graphError{Message: "(#10) Application does not have permission for this action",
			Type: "OAuthException", Code: 10})
		return
	}
	if !s.remove(id) {
		s.unsupported(w, http.MethodDelete, id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// remove deletes the post, media or comment id (and a post's or media's
// comments with it); false when there is none.
func (s *Server) remove(id string) bool {
	n := len(s.posts) + len(s.media) + len(s.comments)
	s.posts = slices.DeleteFunc(s.posts, func(p *Post) bool { return p.ID == id })
	s.media = slices.DeleteFunc(s.media, func(m *Media) bool { return m.ID == id })
	s.comments = slices.DeleteFunc(s.comments, func(c *Comment) bool { return c.ID == id || c.Parent == id })
	if len(s.posts)+len(s.media)+len(s.comments) == n {
		return false
	}
	s.deleted = append(s.deleted, id)
	return true
}

// poll advances a container's processing by one status read.
func (s *Server) poll(c *container) {
	if c.state != InProgress {
		return
	}
	c.polls++
	if c.polls <= s.cfg.PollsBeforeFinished {
		return
	}
	if c.failWith != "" {
		c.state, c.status = Errored, c.failWith
		return
	}
	c.state, c.status = Finished, "Finished: Media has been uploaded and it is ready to be published."
}

func (s *Server) unsupported(w http.ResponseWriter, method, id string) {
	s.writeError(w, http.StatusBadRequest, graphError{
		Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
			strings.ToLower(method), id),
		Type: "GraphMethodException", Code: 100, Subcode: 33})
}

// writePage answers a list read with cursor paging: limit (default 25, at
// most 100) items after the `after` cursor, and a next link while more remain.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, items []any) {
	limit := 25
	if v := r.Form.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The parameter limit must be a positive integer",
				Type: "OAuthException", Code: 100})
			return
		}
		limit = min(n, 100)
	}
	start := 0
	if a := r.Form.Get("after"); a != "" {
		n, ok := decodeCursor(a)
		if !ok || n > len(items) {
			s.writeError(w, http.StatusBadRequest, graphError{Message: "(#100) The after cursor is invalid",
				Type: "OAuthException", Code: 100})
			return
		}
		start = n
	}
	end := min(start+limit, len(items))
	out := map[string]any{"data": items[start:end]}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{"before": encodeCursor(start), "after": encodeCursor(end)}}
		if end < len(items) {
			q := url.Values{}
			for k, v := range r.URL.Query() {
				if k != "access_token" {
					q[k] = v
				}
			}
			q.Set("after", encodeCursor(end))
			q.Set("limit", strconv.Itoa(limit))
			paging["next"] = s.URL + r.URL.Path + "?" + q.Encode()
		}
		out["paging"] = paging
	}
	writeJSON(w, http.StatusOK, out)
}

func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("cursor:" + strconv.Itoa(n)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	v, ok := strings.CutPrefix(string(b), "cursor:")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// parseFields parses a Graph field list like
// "id,permalink_url,attachments{unshimmed_url,url}" into field → subfields.
func parseFields(v, def string) (map[string][]string, error) {
	if v == "" {
		v = def
	}
	out := map[string][]string{}
	depth, start := 0, 0
	add := func(f string) error {
		f = strings.TrimSpace(f)
		if f == "" {
			return nil
		}
		name, sub, nested := strings.Cut(f, "{")
		if nested {
			if !strings.HasSuffix(sub, "}") {
				return fmt.Errorf("(#100) Syntax error in fields %q", v)
			}
			out[name] = strings.Split(strings.TrimSuffix(sub, "}"), ",")
			return nil
		}
		out[name] = nil
		return nil
	}
	for i, ch := range v {
		switch ch {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("(#100) Syntax error in fields %q", v)
			}
		case ',':
			if depth == 0 {
				if err := add(v[start:i]); err != nil {
					return nil, err
				}
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("(#100) Syntax error in fields %q", v)
	}
	return out, add(v[start:])
}

func absoluteHTTP(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// graphError is the documented error object.
type graphError struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode,omitempty"`
	IsTransient bool   `json:"is_transient,omitempty"`
	UserTitle   string `json:"error_user_title,omitempty"`
	UserMsg     string `json:"error_user_msg,omitempty"`
	TraceID     string `json:"fbtrace_id"`
}

// contentType is what Graph labels its JSON answers with.
const contentType = "application/json; charset=UTF-8"

// answer makes a Graph error answer out of base (its matching and
// headers): status, and the documented body with a fresh fbtrace_id.
// s.mu must be held.
func (s *Server) answer(status int, e graphError, base fakeapi.Failure) fakeapi.Failure {
	s.traces++
	e.TraceID = fmt.Sprintf("AfakeTrace%04d", s.traces)
	h := base.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", contentType)
	base.Status, base.Header, base.Body = status, h, map[string]any{"error": e}
	return base
}

func (s *Server) writeError(w http.ResponseWriter, status int, e graphError) {
	writeJSON(w, status, s.answer(status, e, fakeapi.Failure{}).Body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", contentType)
	fakeapi.WriteJSON(w, status, v)
}
