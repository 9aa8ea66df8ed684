package fakeapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Redacted replaces every secret a Request would otherwise hold.
const Redacted = "REDACTED"

// Request is one request a fake received, in canonical form; it never holds
// a secret.
type Request struct {
	Method string
	Path   string
	// Auth is the Authorization header as the fake judged it, such as
	// "Bearer REDACTED" or "OAuth INVALID"; "" when the request had none.
	Auth string
	// Query and Form (a form-encoded body) have secret parameters REDACTED.
	Query url.Values
	Form  url.Values
	// Body is any other body: JSON re-indented with sorted keys, else as sent.
	Body string
}

// Call is "METHOD /path", the form Expect takes.
func (r Request) Call() string { return r.Method + " " + r.Path }

// Dump renders the request for a golden file: method and path, the
// authorization, sorted query and form parameters with quoted values, then
// the body, each line prefixed with "  | ".
func (r Request) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.Path)
	if r.Auth != "" {
		fmt.Fprintf(&b, "  authorization: %s\n", r.Auth)
	}
	writeValues(&b, "query", r.Query)
	writeValues(&b, "form", r.Form)
	if r.Body != "" {
		for _, line := range strings.Split(r.Body, "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	return b.String()
}

// writeValues writes one `  kind name="value"` line per value, names
// sorted, so a dump does not depend on map order.
func writeValues(b *strings.Builder, kind string, v url.Values) {
	for _, k := range slices.Sorted(maps.Keys(v)) {
		for _, val := range v[k] {
			fmt.Fprintf(b, "  %s %s=%q\n", kind, k, val)
		}
	}
}

// canonical records r, whose body was read into body, with the values of
// the secret parameters replaced.
func canonical(r *http.Request, body []byte, secrets []string) Request {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: redact(r.URL.Query(), secrets)}
	if len(body) == 0 {
		return req
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		if form, err := url.ParseQuery(string(body)); err == nil {
			req.Form = redact(form, secrets)
			return req
		}
	}
	req.Body = string(body)
	var v any
	if json.Unmarshal(body, &v) == nil {
		if b, err := json.MarshalIndent(v, "", "  "); err == nil {
			req.Body = string(b)
		}
	}
	return req
}

func redact(v url.Values, secrets []string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if slices.Contains(secrets, k) {
			vs = []string{Redacted}
		}
		out[k] = slices.Clone(vs)
	}
	return out
}
