package gate

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
)

// roleResolver answers "is login a member of role R", from the config's
// `users` list or the org team's membership, caching every lookup.
type roleResolver struct {
	c       *github.Client
	owner   string // the repository owner: the default org of a team
	cfg     *config.Config
	members map[string]Member // lower login → roles
	teamOK  map[string]bool   // "org/slug" → the team is readable
}

func newRoleResolver(c *github.Client, owner string, cfg *config.Config) *roleResolver {
	return &roleResolver{c: c, owner: owner, cfg: cfg, members: map[string]Member{}, teamOK: map[string]bool{}}
}

// member resolves both roles of login.
func (r *roleResolver) member(ctx context.Context, login string) (Member, error) {
	k := strings.ToLower(login)
	if m, ok := r.members[k]; ok {
		return m, nil
	}
	var m Member
	var err error
	var pending bool
	if m.Kasi, pending, err = r.inRole(ctx, r.cfg.Roles.Kasi, login); err != nil {
		return m, err
	}
	if pending {
		m.Pending = append(m.Pending, roleTitle(r.cfg.Roles.Kasi, "Kasi PIP"))
	}
	if m.Kabid, pending, err = r.inRole(ctx, r.cfg.Roles.Kabid, login); err != nil {
		return m, err
	}
	if pending {
		m.Pending = append(m.Pending, roleTitle(r.cfg.Roles.Kabid, "Kabid PLIP"))
	}
	r.members[k] = m
	return m, nil
}

// inRole reports whether login is in role.Users or an active member of
// role.Team; pending is true for an invitation not yet accepted.
func (r *roleResolver) inRole(ctx context.Context, role config.Role, login string) (member, pending bool, err error) {
	for _, u := range role.Users {
		if strings.EqualFold(strings.TrimPrefix(u, "@"), login) {
			return true, false, nil
		}
	}
	if role.Team == "" {
		return false, false, nil
	}
	org, slug := r.team(role.Team)
	// GitHub docs: https://docs.github.com/rest/teams/members#get-team-membership-for-a-user
	// 404 means "not a member"; state "pending" is an open invitation.
	ms, _, err := r.c.Teams.GetTeamMembershipBySlug(ctx, org, slug, login)
	if err != nil {
		if !ghclient.IsNotFound(err) {
			return false, false, fmt.Errorf("gate: membership of %s in team %s/%s: %w", login, org, slug, err)
		}
		// A 404 also comes back when the team does not exist or the token
		// cannot see org teams (the plain workflow token): tell these apart
		// once, so a wrong setup fails loudly instead of pending forever.
		if err := r.checkTeam(ctx, org, slug); err != nil {
			return false, false, err
		}
		return false, false, nil
	}
	switch ms.GetState() {
	case "active":
		return true, false, nil
	case "pending":
		return false, true, nil
	}
	return false, false, nil
}

func (r *roleResolver) checkTeam(ctx context.Context, org, slug string) error {
	key := strings.ToLower(org + "/" + slug)
	if r.teamOK[key] {
		return nil
	}
	// GitHub docs: https://docs.github.com/rest/teams/teams#get-a-team-by-name
	if _, _, err := r.c.Teams.GetTeamBySlug(ctx, org, slug); err != nil {
		return fmt.Errorf("gate: team %s/%s: %w", org, slug, err)
	}
	r.teamOK[key] = true
	return nil
}

// team splits "org/slug" or "slug" (in the repository's org).
func (r *roleResolver) team(t string) (org, slug string) {
	if o, s, ok := strings.Cut(strings.TrimPrefix(t, "@"), "/"); ok {
		return o, s
	}
	return r.owner, strings.TrimPrefix(t, "@")
}

func roleTitle(r config.Role, def string) string {
	if strings.TrimSpace(r.Title) != "" {
		return r.Title
	}
	return def
}
