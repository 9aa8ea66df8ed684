package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// Reasons a photo is refused. Run turns each into a message on the
// photo's field.
var (
	// ErrNotAttachment: the URL is not below ${GITHUB_SERVER_URL}/user-attachments/;
	// nothing was requested.
	ErrNotAttachment = errors.New("intake: not a GitHub attachment URL")
	// ErrRedirect: GitHub redirected to a host that is not its storage.
	ErrRedirect = errors.New("intake: redirect to an unexpected host")
	// ErrTooLarge: the photo is larger than the limit.
	ErrTooLarge = errors.New("intake: photo too large")
	// ErrHEIC: the photo is HEIC/HEIF, which browsers and the site cannot show.
	ErrHEIC = errors.New("intake: HEIC photo")
	// ErrType: the file is not a JPEG, PNG or WebP image.
	ErrType = errors.New("intake: not a JPEG, PNG or WebP image")
)

// Fetcher downloads attachments from GitHub. It asks only for URLs below
// ServerURL + "/user-attachments/" and follows redirects only to the same
// host or to GitHub's attachment storage (see Allowed).
type Fetcher struct {
	server *url.URL
	token  secret.Secret
	client *http.Client
	max    int64
	// storage are extra hosts a redirect may go to.
	storage []string
}

// FetchOption tunes NewFetcher.
type FetchOption func(*Fetcher)

// WithStorageHosts adds hosts (host or host:port) a redirect may lead to,
// besides the server's own host and GitHub's known storage hosts.
func WithStorageHosts(hosts ...string) FetchOption {
	return func(f *Fetcher) { f.storage = append(f.storage, hosts...) }
}

// NewFetcher returns a Fetcher for attachments of serverURL
// (GITHUB_SERVER_URL), sending token, refusing files above maxBytes. hc
// is copied (its CheckRedirect is replaced); nil means a default client.
func NewFetcher(serverURL string, token secret.Secret, hc *http.Client, maxBytes int64, opts ...FetchOption) (*Fetcher, error) {
	u, err := url.Parse(strings.TrimSuffix(serverURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("intake: server URL %q is not an http(s) address", serverURL)
	}
	f := &Fetcher{server: u, token: token, max: maxBytes}
	for _, o := range opts {
		o(f)
	}
	c := http.Client{}
	if hc != nil {
		c = *hc
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return fmt.Errorf("%w: more than 5 redirects", ErrRedirect)
		}
		if !f.redirectOK(req.URL) {
			return fmt.Errorf("%w: %s", ErrRedirect, req.URL.Host)
		}
		return nil
	}
	f.client = &c
	return f, nil
}

// Allowed reports whether raw is an attachment of the server: same scheme
// and host as GITHUB_SERVER_URL, path below /user-attachments/, no user
// info, no dot segments.
func (f *Fetcher) Allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, f.server.Scheme) || !strings.EqualFold(u.Host, f.server.Host) {
		return false
	}
	rest, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(f.server.Path, "/")+"/user-attachments/")
	if !ok || rest == "" {
		return false
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return !strings.Contains(u.RawPath, "%2")
}

// redirectOK is the redirect rule: GitHub answers an attachment URL with a
// redirect to a signed URL of its storage. Allowed are the server's own
// host, hosts given with WithStorageHosts, and on github.com the storage
// hosts it uses: *.githubusercontent.com and
// github-production-user-asset-*.s3.amazonaws.com, over HTTPS.
func (f *Fetcher) redirectOK(u *url.URL) bool {
	host := strings.ToLower(u.Host)
	if host == strings.ToLower(f.server.Host) && u.Scheme == f.server.Scheme {
		return true
	}
	for _, h := range f.storage {
		if strings.EqualFold(h, u.Host) {
			return true
		}
	}
	if u.Scheme != "https" || u.Port() != "" {
		return false
	}
	return strings.HasSuffix(host, ".githubusercontent.com") ||
		(strings.HasPrefix(host, "github-production-user-asset-") && strings.HasSuffix(host, ".s3.amazonaws.com"))
}

// Fetched is a downloaded photo: its bytes and sniffed type.
type Fetched struct {
	Data []byte
	Type string // image/jpeg, image/png or image/webp
	Ext  string // .jpg, .png or .webp
}

// Get downloads one attachment. It refuses a URL that is not an
// attachment without requesting it, a file whose Content-Length is above
// the limit without reading its body, and stops reading one byte past the
// limit when the length is not announced.
func (f *Fetcher) Get(ctx context.Context, raw string) (*Fetched, error) {
	if !f.Allowed(raw) {
		return nil, ErrNotAttachment
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("intake: request %s: %w", raw, err)
	}
	// Sent to the server only: net/http drops Authorization when a
	// redirect leaves the host, and the storage URL is signed.
	if !f.token.Empty() {
		req.Header.Set("Authorization", "Bearer "+f.token.Reveal())
	}
	req.Header.Set("Accept", "image/*")
	resp, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrRedirect) {
			return nil, ErrRedirect
		}
		return nil, fmt.Errorf("intake: download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("intake: download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > f.max {
		return nil, fmt.Errorf("%w: %d bytes announced", ErrTooLarge, resp.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.max+1))
	if err != nil {
		return nil, fmt.Errorf("intake: download: %w", err)
	}
	if int64(len(data)) > f.max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.max)
	}
	if isHEIF(data) {
		return nil, ErrHEIC
	}
	switch t := http.DetectContentType(data); t {
	case "image/jpeg":
		return &Fetched{data, t, ".jpg"}, nil
	case "image/png":
		return &Fetched{data, t, ".png"}, nil
	case "image/webp":
		return &Fetched{data, t, ".webp"}, nil
	default:
		return nil, fmt.Errorf("%w: %s", ErrType, t)
	}
}

// isHEIF reports an ISO base media file whose major brand is one of HEIF's
// (what iPhones and many Android phones save by default);
// http.DetectContentType does not know them.
func isHEIF(b []byte) bool {
	if len(b) < 12 || !bytes.Equal(b[4:8], []byte("ftyp")) {
		return false
	}
	switch string(b[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif":
		return true
	}
	return false
}
