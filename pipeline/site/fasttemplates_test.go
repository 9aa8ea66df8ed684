package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The templates of the repository all compile with htmlexec: otherwise a
// build silently takes the slow html/template path for them.
func TestRepositoryTemplatesCompile(t *testing.T) {
	tpl, err := parseTemplates(os.DirFS(filepath.Join("..", "..", TemplatesDir)))
	if err != nil {
		t.Fatal(err)
	}
	for name, why := range tpl.slow {
		t.Errorf("template %s is not compiled: %v", name, why)
	}
	for _, name := range []string{"home", "article", "list", "terms", "page", "search", "404", "card", "alias"} {
		if tpl.fast[name] == nil {
			t.Errorf("template %s is not compiled", name)
		}
	}
}

// Every file of the fixture site and of the repository's sample site is the
// same whether the templates run compiled or on html/template.
func TestCompiledTemplatesMatchHTMLTemplate(t *testing.T) {
	for name, repo := range map[string]string{"fixture": fixture(t), "sample": filepath.Join("..", "..")} {
		t.Run(name, func(t *testing.T) {
			fast, slow := t.TempDir(), t.TempDir()
			build(t, repo, fast, testOptions())
			opt := testOptions()
			opt.htmlTemplateOnly = true
			build(t, repo, slow, opt)
			a, b := readTree(t, fast), readTree(t, slow)
			if len(a) != len(b) || len(a) < 20 {
				t.Fatalf("file counts: %d compiled, %d html/template", len(a), len(b))
			}
			for f, data := range b {
				if !bytes.Equal(a[f], data) {
					t.Errorf("%s differs between compiled and html/template", f)
				}
			}
		})
	}
}
