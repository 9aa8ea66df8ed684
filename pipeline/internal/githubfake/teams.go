package githubfake

import (
	"net/http"
	"sort"
	"strings"
)

// team finds org/slug (case-insensitive, as GitHub's slugs and logins).
func (s *Server) team(org, slug string) map[string]string {
	for k, m := range s.Teams {
		if strings.EqualFold(k, org+"/"+slug) {
			return m
		}
	}
	return nil
}

func (s *Server) getTeam(w http.ResponseWriter, r *http.Request) reply {
	slug := r.PathValue("slug")
	if s.team(r.PathValue("org"), slug) == nil {
		return notFound()
	}
	return okJSON(map[string]any{"id": len(slug) * 31, "slug": slug, "name": slug})
}

// listMembers lists the active members, by login; pending invitations are
// not members yet.
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) reply {
	team := s.team(r.PathValue("org"), r.PathValue("slug"))
	if team == nil {
		return notFound()
	}
	var logins []string
	for login, state := range team {
		if state == Active {
			logins = append(logins, login)
		}
	}
	sort.Strings(logins)
	return list(w, r, logins, func(_ int, l string) any { return s.user(l) })
}

// getMembership: "If the user is not a member of the team, this returns
// 404"; an invited user who has not accepted has state "pending".
func (s *Server) getMembership(w http.ResponseWriter, r *http.Request) reply {
	team := s.team(r.PathValue("org"), r.PathValue("slug"))
	if team == nil {
		return notFound()
	}
	for login, state := range team {
		if strings.EqualFold(login, r.PathValue("user")) {
			return okJSON(map[string]any{"state": state, "role": "member", "url": s.URL + r.URL.Path})
		}
	}
	return notFound()
}
