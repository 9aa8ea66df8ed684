package cli

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadGitHubEnv(t *testing.T) {
	env := map[string]string{
		"GITHUB_TOKEN": "ghs_rahasia", "GITHUB_REPOSITORY": "kominfotik-lampung/warta",
		"GITHUB_API_URL": "https://api.github.com", "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_EVENT_PATH": "/tmp/event.json", "GITHUB_SHA": "abc", "GITHUB_RUN_ID": "42",
		"GITHUB_STEP_SUMMARY": "/tmp/summary.md", "GITHUB_ACTOR": "staf1",
	}
	got := readGitHubEnv(func(k string) string { return env[k] })
	want := githubEnv{Token: "ghs_rahasia", Repository: "kominfotik-lampung/warta", APIURL: "https://api.github.com",
		ServerURL: "https://github.com", EventPath: "/tmp/event.json", SHA: "abc", RunID: "42",
		StepSummary: "/tmp/summary.md", Actor: "staf1"}
	if got != want {
		t.Errorf("readGitHubEnv = %+v, want %+v", got, want)
	}
	if s := fmt.Sprintf("%v %+v %#v", got, got, got); strings.Contains(s, "ghs_rahasia") {
		t.Errorf("the token shows when printed: %s", s)
	}
	if _, err := (githubEnv{APIURL: "ftp//x"}).client(nil); err == nil || !strings.Contains(err.Error(), "GITHUB_API_URL \"ftp//x\" bukan alamat API yang sah") {
		t.Errorf("bad API URL: %v", err)
	}
}
