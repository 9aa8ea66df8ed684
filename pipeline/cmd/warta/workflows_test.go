package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The workflows run this binary; these tests hold them to the rules that
// keep its secrets safe and its schedule cheap (DESIGN.md §8, issue 11).
// actionlint (.ci/lint) checks their syntax and shell; these check intent.

type workflow struct {
	On          yaml.Node         `yaml:"on"`
	Permissions yaml.Node         `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	Jobs        map[string]job    `yaml:"jobs"`
}

type job struct {
	If          string            `yaml:"if"`
	Needs       yaml.Node         `yaml:"needs"`
	Permissions map[string]string `yaml:"permissions"`
	Environment yaml.Node         `yaml:"environment"`
	Env         map[string]string `yaml:"env"`
	Outputs     map[string]string `yaml:"outputs"`
	Steps       []step            `yaml:"steps"`
}

type step struct {
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

func loadWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	files, err := filepath.Glob("../../../.github/workflows/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows found: %v", err)
	}
	out := map[string]workflow{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = w
	}
	return out
}

var pinned = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)

// TestWorkflowsBuildOnlyFromGoMod: every workflow ignores a go.work and a
// vendor/ folder (GOWORK=off, -mod=readonly), so a pull request that adds
// one next to an article cannot swap the code that runs with the secrets
// (issue 11, item 1); and each keeps the common rules: no permissions at
// the top, permissions per job, actions pinned by commit, checkouts that
// keep no credentials.
func TestWorkflowsBuildOnlyFromGoMod(t *testing.T) {
	for name, w := range loadWorkflows(t) {
		goEnv := w.Env["GOWORK"] == "off" && strings.Contains(w.Env["GOFLAGS"], "-mod=readonly")
		if !goEnv {
			t.Errorf("%s: env at the top must set GOWORK: \"off\" and GOFLAGS: -mod=readonly, got %v", name, w.Env)
		}
		if w.Permissions.Kind != yaml.MappingNode || len(w.Permissions.Content) != 0 {
			t.Errorf("%s: must start from `permissions: {}`", name)
		}
		for jn, j := range w.Jobs {
			if j.Permissions == nil {
				t.Errorf("%s job %s: no permissions of its own", name, jn)
			}
			for _, s := range j.Steps {
				if s.Uses == "" {
					continue
				}
				if !pinned.MatchString(s.Uses) {
					t.Errorf("%s job %s: %s is not pinned to a full commit SHA", name, jn, s.Uses)
				}
				if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["persist-credentials"] != "false" {
					t.Errorf("%s job %s: checkout without persist-credentials: false", name, jn)
				}
			}
		}
	}
}

// TestPublishDecidesFirst: a scheduled publish run first asks a cheap,
// secret-less job whether anything is due, and builds, deploys and posts
// only when it is; pushes and manual runs go straight to the build. Each
// job compiles warta at most once (issue 11, item 12). Only the publish job
// holds the social secrets, in the media-sosial environment, and says so to
// warta (item 13).
func TestPublishDecidesFirst(t *testing.T) {
	w, ok := loadWorkflows(t)["publish.yml"]
	if !ok {
		t.Fatal("no publish.yml")
	}
	due, ok := w.Jobs["due"]
	if !ok {
		t.Fatal("publish.yml has no job `due`")
	}
	if due.If != "github.event_name == 'schedule'" {
		t.Errorf("due runs when %q, want only on the schedule", due.If)
	}
	if want := map[string]string{"contents": "read", "actions": "read"}; !maps.Equal(due.Permissions, want) {
		t.Errorf("due permissions %v, want %v", due.Permissions, want)
	}
	if !due.Environment.IsZero() {
		t.Error("due must not use an environment: it needs no secret")
	}
	if due.Outputs["due"] != "${{ steps.due.outputs.due }}" {
		t.Errorf("due outputs %v", due.Outputs)
	}
	var asks bool
	for _, s := range due.Steps {
		if s.ID == "due" && strings.Contains(s.Run, `"$RUNNER_TEMP/warta" publish --due-only`) {
			asks = true
		}
	}
	if !asks {
		t.Error("due has no step `due` that runs warta publish --due-only")
	}

	conds := map[string]struct{ needs, cond string }{
		"build":   {"due", "${{ !cancelled() && (github.event_name != 'schedule' || needs.due.outputs.due == 'true') }}"},
		"deploy":  {"build", "${{ !cancelled() && needs.build.result == 'success' }}"},
		"publish": {"deploy", "${{ !cancelled() && needs.deploy.result == 'success' }}"},
	}
	for name, want := range conds {
		j, ok := w.Jobs[name]
		if !ok {
			t.Errorf("publish.yml has no job %s", name)
			continue
		}
		if j.Needs.Value != want.needs || j.If != want.cond {
			t.Errorf("job %s: needs %q if %q, want needs %q if %q", name, j.Needs.Value, j.If, want.needs, want.cond)
		}
	}

	for name, j := range w.Jobs {
		compiles := 0
		for _, s := range j.Steps {
			compiles += strings.Count(s.Run, "go build") + strings.Count(s.Run, "go run")
			if strings.Contains(s.Run, "go run") {
				t.Errorf("job %s: `go run` compiles warta on every call; build it once into $RUNNER_TEMP", name)
			}
			for k, v := range s.Env {
				if strings.Contains(v, "secrets.") && name != "publish" {
					t.Errorf("job %s: step env %s reads a secret; only the publish job may", name, k)
				}
			}
		}
		if compiles > 1 {
			t.Errorf("job %s compiles warta %d times", name, compiles)
		}
	}

	pub := w.Jobs["publish"]
	if pub.Environment.Value != "media-sosial" {
		t.Errorf("publish environment %q, want media-sosial", pub.Environment.Value)
	}
	if pub.Env["WARTA_ENVIRONMENT"] != "media-sosial" {
		t.Errorf("publish env WARTA_ENVIRONMENT = %q, want media-sosial", pub.Env["WARTA_ENVIRONMENT"])
	}
	if !slices.ContainsFunc(pub.Steps, func(s step) bool { return strings.Contains(s.Run, `"$RUNNER_TEMP/warta" publish`) }) {
		t.Error("the publish job does not run warta publish")
	}
}

// TestCheckWorkflowComparesWithBase: check.yml runs `warta check --base`
// on the merge commit's first parent, so it must fetch that parent
// (fetch-depth 2 or 0); without it the history rules of DESIGN.md §10 would
// never run on pull requests.
func TestCheckWorkflowComparesWithBase(t *testing.T) {
	w, ok := loadWorkflows(t)["check.yml"]
	if !ok {
		t.Fatal("check.yml missing")
	}
	depth, base := "", false
	for _, s := range w.Jobs["check"].Steps {
		if strings.HasPrefix(s.Uses, "actions/checkout@") {
			depth = s.With["fetch-depth"]
		}
		if strings.Contains(s.Run, " check ") && strings.Contains(s.Run, `--base "HEAD^1"`) {
			base = true
		}
	}
	if depth != "2" && depth != "0" {
		t.Errorf("checkout fetch-depth %q: the base commit (HEAD^1) is not fetched", depth)
	}
	if !base {
		t.Error("no step runs warta check --base \"HEAD^1\"")
	}
}
