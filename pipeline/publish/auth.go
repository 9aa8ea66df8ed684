package publish

import "fmt"

// AuthError marks credentials a platform rejected (a Graph token answered
// with code 190, an X request answered 401). Retrying cannot help: a
// maintainer has to renew the repository secret.
type AuthError struct {
	Platform string // "facebook", "instagram", "x"
	Err      error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("%s: credentials rejected: %v", e.Platform, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// UserMessage is the Bahasa Indonesia text staff see for this error: which
// platform refused and which repository secrets to renew (DESIGN §5 names).
func (e *AuthError) UserMessage() string {
	secrets := "kredensialnya"
	switch e.Platform {
	case "facebook", "instagram":
		secrets = "secret FACEBOOK_PAGE_TOKEN"
	case "x":
		secrets = "secret X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN dan X_ACCESS_TOKEN_SECRET"
	}
	return fmt.Sprintf("token %s ditolak oleh platform; perbarui %s di pengaturan repositori lalu jalankan ulang publikasi",
		e.Platform, secrets)
}
