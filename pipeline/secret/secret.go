// Package secret provides Secret, a credential that never prints: fmt, %#v,
// slog and JSON all show "REDACTED". Use Reveal only where the value goes
// into a request header or signature.
package secret

import "log/slog"

// Secret is a token, key or password.
type Secret string

const redacted = "REDACTED"

// String hides the value from fmt's %s and %v.
func (Secret) String() string { return redacted }

// GoString hides the value from %#v.
func (Secret) GoString() string { return redacted }

// LogValue hides the value from log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText hides the value from encoding/json and friends.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Reveal returns the real value, for an Authorization header or a signature.
func (s Secret) Reveal() string { return string(s) }

// Empty reports whether no value was given.
func (s Secret) Empty() bool { return s == "" }
