// Package fakeapi is the skeleton the fakes of the Graph and X APIs share:
// an httptest server on 127.0.0.1 that records every request canonically
// (method, path, sorted query and form, indented JSON body, secrets
// REDACTED) for golden files, answers scripted failures (status, headers,
// body, the next N matching requests), and verifies that the calls a test
// expected were made, no more and no fewer. Each fake adds only what its
// API documents: authentication, endpoints, error bodies.
package fakeapi
