package githubfake

import (
	"encoding/base64"
	"net/http"
	"sort"
	"strings"
)

// createStatus validates as GitHub does: a known state, a description of
// at most 140 characters, context "default" when none is given.
func (s *Server) createStatus(w http.ResponseWriter, r *http.Request) reply {
	var body struct {
		State       string `json:"state"`
		TargetURL   string `json:"target_url"`
		Description string `json:"description"`
		Context     string `json:"context"`
	}
	if !decode(r, &body) {
		return fail(http.StatusBadRequest, "Problems parsing JSON")
	}
	switch body.State {
	case "error", "failure", "pending", "success":
	default:
		return validation("Validation Failed")
	}
	if len([]rune(body.Description)) > 140 {
		return validation("Validation Failed: description is too long (maximum is 140 characters)")
	}
	if body.Context == "" {
		body.Context = "default"
	}
	st := Status{SHA: r.PathValue("sha"), State: body.State, Description: body.Description, Context: body.Context, TargetURL: body.TargetURL}
	s.Statuses = append(s.Statuses, st)
	return created(s.statusJSON(st))
}

func (s *Server) statusJSON(st Status) map[string]any {
	return map[string]any{"id": s.id(), "state": st.State, "description": st.Description, "context": st.Context,
		"target_url": st.TargetURL, "created_at": ts(s.Now), "updated_at": ts(s.Now), "creator": s.user("github-actions[bot]")}
}

// listStatuses lists the statuses of a commit SHA, newest first.
func (s *Server) listStatuses(w http.ResponseWriter, r *http.Request) reply {
	ref := r.PathValue("ref")
	var sts []Status
	for i := len(s.Statuses) - 1; i >= 0; i-- {
		if s.Statuses[i].SHA == ref {
			sts = append(sts, s.Statuses[i])
		}
	}
	return list(w, r, sts, func(_ int, st Status) any { return s.statusJSON(st) })
}

// getContents serves a file (base64) or a folder listing at ref (a commit
// SHA or branch in Trees; "main" when no ref is given).
func (s *Server) getContents(w http.ResponseWriter, r *http.Request) reply {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = "main"
	}
	tree, ok := s.Trees[ref]
	if !ok {
		return notFoundRef(ref)
	}
	p := strings.Trim(r.PathValue("path"), "/")
	entry := func(name string, data []byte, typ string) map[string]any {
		m := map[string]any{"type": typ, "name": name[strings.LastIndex(name, "/")+1:], "path": name}
		if typ == "file" {
			m["sha"], m["size"] = BlobSHA(data), len(data)
		}
		return m
	}
	if data, ok := tree[p]; ok {
		m := entry(p, data, "file")
		m["encoding"], m["content"] = "base64", base64.StdEncoding.EncodeToString(data)
		return okJSON(m)
	}
	var names []string
	for name := range tree {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[string]bool{}
	var out []any
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, p+"/")
		if p == "" {
			rest, ok = name, true
		}
		if !ok {
			continue
		}
		if child, _, isDir := strings.Cut(rest, "/"); isDir {
			if !seen[child] {
				seen[child] = true
				out = append(out, entry(strings.TrimPrefix(p+"/"+child, "/"), nil, "dir"))
			}
			continue
		}
		out = append(out, entry(name, tree[name], "file"))
	}
	if out == nil {
		return notFound()
	}
	return okJSON(out)
}

func notFoundRef(ref string) reply {
	return fail(http.StatusNotFound, "No commit found for the ref "+ref)
}

// getBlob serves a blob of any tree, as JSON (base64) or raw bytes when
// the Accept header asks for the raw media type.
func (s *Server) getBlob(w http.ResponseWriter, r *http.Request) reply {
	sha := r.PathValue("sha")
	for _, tree := range s.Trees {
		for _, data := range tree {
			if BlobSHA(data) != sha {
				continue
			}
			if strings.Contains(r.Header.Get("Accept"), "raw") {
				return reply{code: http.StatusOK, raw: append([]byte{}, data...)}
			}
			return okJSON(map[string]any{"sha": sha, "size": len(data), "encoding": "base64",
				"content": base64.StdEncoding.EncodeToString(data)})
		}
	}
	return notFound()
}
