package gate_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGateConcurrencyKeyIsOnePerPR (issue 11 item 9): gate.yml's
// concurrency group must be the same for the pull_request_target and the
// workflow_run event of one PR, fork PRs included (whose workflow_run has
// no pull_requests), and differ between PRs.
func TestGateConcurrencyKeyIsOnePerPR(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "gate.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Concurrency struct {
			Group string `yaml:"group"`
		} `yaml:"concurrency"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	target := func(number int, owner, branch, sha string) string {
		return `{"pull_request": {"number": ` + itoa(number) + `, "head": {"label": "` + owner + `:` + branch + `", "ref": "` + branch + `", "sha": "` + sha + `",
			"user": {"login": "` + owner + `"}, "repo": {"owner": {"login": "` + owner + `"}}}}}`
	}
	run := func(numbers string, owner, branch, sha string) string {
		return `{"workflow_run": {"id": 99, "conclusion": "success", "pull_requests": ` + numbers + `, "head_branch": "` + branch + `", "head_sha": "` + sha + `",
			"head_repository": {"owner": {"login": "` + owner + `"}}}}`
	}
	type event struct{ name, payload string }
	prs := []struct {
		name   string
		events []event
	}{
		{"PR from a branch of the repository", []event{
			{"pull_request_target", target(7, "kominfotik-lampung", "naskah-jembatan", "aaaa")},
			{"workflow_run", run(`[{"number": 7}]`, "kominfotik-lampung", "naskah-jembatan", "aaaa")},
		}},
		{"PR from a fork", []event{
			{"pull_request_target", target(8, "staf-luar", "naskah", "bbbb")},
			{"workflow_run", run(`[]`, "staf-luar", "naskah", "bbbb")},
			{"workflow_run", run(`[]`, "staf-luar", "naskah", "cccc")}, // after a push
		}},
	}
	keys := map[string]string{}
	for _, pr := range prs {
		var first string
		for i, ev := range pr.events {
			var payload any
			if err := json.Unmarshal([]byte(ev.payload), &payload); err != nil {
				t.Fatal(err)
			}
			key := expand(t, wf.Concurrency.Group, map[string]any{"event_name": ev.name, "event": payload})
			if i == 0 {
				first = key
			} else if key != first {
				t.Errorf("%s: %s gives key %q, %s gave %q", pr.name, ev.name, key, pr.events[0].name, first)
			}
		}
		if other, ok := keys[first]; ok {
			t.Errorf("%s and %s share the key %q", pr.name, other, first)
		}
		keys[first] = pr.name
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// expand replaces each ${{ … }} of s by its value, with the subset of the
// GitHub Actions expression language a concurrency key needs: github.*
// property paths with [n], 'strings', ==, &&, ||, ( ) and format().
func expand(t *testing.T, s string, github map[string]any) string {
	t.Helper()
	var out strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			t.Fatalf("unclosed expression in %q", s)
		}
		out.WriteString(s[:i])
		p := &exprParser{t: t, src: s[i+3 : i+j], ctx: map[string]any{"github": github}}
		v := p.or()
		p.space()
		if p.pos != len(p.src) {
			t.Fatalf("expression %q: unexpected %q", p.src, p.src[p.pos:])
		}
		out.WriteString(str(v))
		s = s[i+j+2:]
	}
}

type exprParser struct {
	t   *testing.T
	src string
	pos int
	ctx map[string]any
}

func (p *exprParser) space() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *exprParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

// or and and return an operand, not a boolean, as GitHub's do.
func (p *exprParser) or() any {
	v := p.and()
	for p.eat("||") {
		r := p.and()
		if !truthy(v) {
			v = r
		}
	}
	return v
}

func (p *exprParser) and() any {
	v := p.eq()
	for p.eat("&&") {
		r := p.eq()
		if truthy(v) {
			v = r
		}
	}
	return v
}

func (p *exprParser) eq() any {
	v := p.primary()
	if p.eat("==") {
		return strings.EqualFold(str(v), str(p.primary()))
	}
	return v
}

func (p *exprParser) primary() any {
	p.space()
	switch {
	case p.eat("("):
		v := p.or()
		if !p.eat(")") {
			p.t.Fatalf("expression %q: missing )", p.src)
		}
		return v
	case p.eat("'"):
		end := strings.IndexByte(p.src[p.pos:], '\'')
		v := p.src[p.pos : p.pos+end]
		p.pos += end + 1
		return v
	case p.eat("format("):
		var args []any
		for {
			args = append(args, p.or())
			if p.eat(")") {
				break
			}
			if !p.eat(",") {
				p.t.Fatalf("expression %q: bad format()", p.src)
			}
		}
		f := str(args[0])
		for i, a := range args[1:] {
			f = strings.ReplaceAll(f, "{"+itoa(i)+"}", str(a))
		}
		return f
	}
	var v any = p.ctx
	for first := true; ; first = false {
		if !first && !p.eat(".") {
			if p.eat("[") {
				n := 0
				for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
					n = n*10 + int(p.src[p.pos]-'0')
					p.pos++
				}
				p.eat("]")
				if a, ok := v.([]any); ok && n < len(a) {
					v = a[n]
				} else {
					v = nil
				}
				continue
			}
			return v
		}
		p.space()
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] == '_' || p.src[p.pos] == '-' ||
			p.src[p.pos] >= 'a' && p.src[p.pos] <= 'z' || p.src[p.pos] >= 'A' && p.src[p.pos] <= 'Z' || p.src[p.pos] >= '0' && p.src[p.pos] <= '9') {
			p.pos++
		}
		if start == p.pos {
			p.t.Fatalf("expression %q: unexpected %q", p.src, p.src[p.pos:])
		}
		m, _ := v.(map[string]any)
		v = m[p.src[start:p.pos]]
	}
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0
	}
	return true
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
