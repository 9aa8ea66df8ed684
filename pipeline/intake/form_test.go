package intake

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// naskahForm reads .github/ISSUE_TEMPLATE/naskah.yml as a YAML node tree.
func naskahForm(t *testing.T) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "ISSUE_TEMPLATE", "naskah.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("naskah.yml: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatal("naskah.yml: top level is not a mapping")
	}
	return doc.Content[0]
}

func mapping(n *yaml.Node) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = n.Content[i+1]
	}
	return m
}

// TestNaskahFormSyntax checks the rules of GitHub's form schema that the
// form relies on (docs: "Syntax for issue forms" and "Syntax for GitHub's
// form schema"), and that its ids and labels are those intake reads.
func TestNaskahFormSyntax(t *testing.T) {
	top := naskahForm(t)
	keys := mapping(top)
	allowedTop := []string{"name", "description", "body", "assignees", "labels", "title", "projects", "type"}
	for i := 0; i < len(top.Content); i += 2 {
		k := top.Content[i].Value
		if !slices.Contains(allowedTop, k) {
			t.Errorf("line %d: top-level key %q is not in GitHub's issue form syntax", top.Content[i].Line, k)
		}
	}
	for _, k := range []string{"name", "description", "body"} {
		if n := keys[k]; n == nil || (k != "body" && strings.TrimSpace(n.Value) == "") {
			t.Errorf("required top-level key %q missing or empty", k)
		}
	}
	if l := keys["labels"]; l == nil || l.Kind != yaml.SequenceNode || len(l.Content) != 1 || l.Content[0].Value != "naskah" {
		t.Errorf("labels must be [naskah]: the workflow runs on that label")
	}
	body := keys["body"]
	if body == nil || body.Kind != yaml.SequenceNode || len(body.Content) == 0 {
		t.Fatal("body must be a non-empty list")
	}
	idRe := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	ids, labels := map[string]bool{}, map[string]bool{}
	nonMarkdown := 0
	var got []Field
	for _, el := range body.Content {
		e := mapping(el)
		line := el.Line
		for k := range e {
			if !slices.Contains([]string{"type", "id", "attributes", "validations"}, k) {
				t.Errorf("line %d: element key %q is not allowed", line, k)
			}
		}
		typ := e["type"].Value
		if !slices.Contains([]string{"markdown", "textarea", "input", "dropdown", "checkboxes", "upload"}, typ) {
			t.Errorf("line %d: type %q unknown", line, typ)
		}
		attrs := mapping(e["attributes"])
		if e["attributes"] == nil {
			t.Errorf("line %d: attributes are required", line)
		}
		if typ == "markdown" {
			if e["id"] != nil || e["validations"] != nil {
				t.Errorf("line %d: a markdown element has neither id nor validations", line)
			}
			if attrs["value"] == nil || strings.TrimSpace(attrs["value"].Value) == "" {
				t.Errorf("line %d: markdown needs attributes.value", line)
			}
			continue
		}
		nonMarkdown++
		if _, ok := attrs["required"]; ok {
			t.Errorf("line %d: required belongs in validations, not attributes", line)
		}
		label := ""
		if attrs["label"] != nil {
			label = strings.TrimSpace(attrs["label"].Value)
		}
		if label == "" {
			t.Errorf("line %d: label is required and must not be empty", line)
		}
		if labels[label] {
			t.Errorf("line %d: label %q twice: intake finds answers by label", line, label)
		}
		labels[label] = true
		id := ""
		if e["id"] != nil {
			id = e["id"].Value
		}
		if !idRe.MatchString(id) {
			t.Errorf("line %d: id %q must be non-empty and use only A-Z a-z 0-9 - _", line, id)
		}
		if ids[id] {
			t.Errorf("line %d: id %q is not unique", line, id)
		}
		ids[id] = true
		if v := e["validations"]; v != nil {
			for k, n := range mapping(v) {
				if k != "required" {
					t.Errorf("line %d: validation %q unknown", line, k)
				}
				if n.Tag != "!!bool" {
					t.Errorf("line %d: required must be a boolean, got %q", line, n.Value)
				}
			}
		}
		allowedAttrs := map[string][]string{
			"input":    {"label", "description", "placeholder", "value"},
			"textarea": {"label", "description", "placeholder", "value", "render"},
		}[typ]
		for k := range attrs {
			if allowedAttrs != nil && !slices.Contains(allowedAttrs, k) {
				t.Errorf("line %d: attribute %q is not allowed on %s", line, k, typ)
			}
		}
		if strings.HasPrefix(id, "foto_") {
			// "When this key [render] is provided, the text area will not
			// expand for file attachments."
			if typ != "textarea" || attrs["render"] != nil {
				t.Errorf("line %d: %s must be a textarea without render so photos can be attached", line, id)
			}
		}
		got = append(got, Field{id, label})
	}
	if nonMarkdown == 0 {
		t.Error("a form needs at least one non-markdown field")
	}
	if !slices.Equal(got, Fields()) {
		t.Errorf("fields of naskah.yml differ from intake.Fields():\n got %v\nwant %v", got, Fields())
	}
	for _, id := range designIDs() {
		if !ids[id] {
			t.Errorf("DESIGN §11 field id %q missing", id)
		}
	}
}

func designIDs() []string {
	ids := []string{"judul", "ringkasan", "kegiatan", "lokasi", "waktu", "isi"}
	for _, p := range []string{"foto_", "alt_", "keterangan_"} {
		for n := '1'; n <= '4'; n++ {
			ids = append(ids, p+string(n))
		}
	}
	return append(ids, "tag", "penugasan")
}

// TestPrefillLinkNamesFormFields: every parameter of the prefilled link
// (but template, which picks the form) names a field id of naskah.yml.
func TestPrefillLinkNamesFormFields(t *testing.T) {
	link := PrefillURL("https://github.com", "kominfotik-lampung", "berita",
		"Gubernur Resmikan Jembatan Way Sekampung", "Peresmian jembatan & jalan", "Pagelaran, Pringsewu", 12)
	const want = "https://github.com/kominfotik-lampung/berita/issues/new?judul=Gubernur+Resmikan+Jembatan+Way+Sekampung&kegiatan=Peresmian+jembatan+%26+jalan&lokasi=Pagelaran%2C+Pringsewu&penugasan=12&template=naskah.yml"
	if link != want {
		t.Errorf("link\n got %s\nwant %s", link, want)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, el := range mapping(naskahForm(t))["body"].Content {
		if id := mapping(el)["id"]; id != nil {
			ids[id.Value] = true
		}
	}
	q := u.Query()
	if q.Get("template") != "naskah.yml" {
		t.Errorf("template = %q", q.Get("template"))
	}
	for k := range q {
		if k != "template" && !ids[k] {
			t.Errorf("parameter %q names no field id of naskah.yml", k)
		}
	}
	for _, k := range []string{"judul", "kegiatan", "lokasi", "penugasan"} {
		if q.Get(k) == "" {
			t.Errorf("parameter %s missing", k)
		}
	}
	if q.Get("kegiatan") != "Peresmian jembatan & jalan" {
		t.Errorf("kegiatan not encoded faithfully: %q", q.Get("kegiatan"))
	}
}
