package githubfake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// storagePath is where the fake keeps attachment bytes: GitHub answers
// /user-attachments/assets/<id> with a 302 to a signed, short-lived URL of
// its storage; here that is another path of the same 127.0.0.1 server.
const storagePath = "/_storage/user-assets/"

// sign is the signature of an attachment's storage URL.
func (s *Server) sign(id string) string {
	h := sha256.Sum256([]byte(s.Token + "/" + id))
	return hex.EncodeToString(h[:8])
}

// serveAttachment serves /user-attachments/assets/<id> (token required,
// 404 for unknown ids, a 302 to the storage URL) and the storage URL
// (signature required; the bytes, with Content-Length unless Chunked).
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/user-attachments/assets/"); ok {
		auth := r.Header.Get("Authorization")
		s.mu.Lock()
		_, known := s.Attachments[id]
		s.mu.Unlock()
		if auth != "Bearer "+s.Token && auth != "token "+s.Token {
			http.Error(w, "Not Found", http.StatusNotFound) // private assets hide from strangers
			return
		}
		if !known {
			http.Error(w, "Not Found", http.StatusNotFound)
			return
		}
		http.Redirect(w, r, storagePath+id+"?X-Amz-Signature="+s.sign(id), http.StatusFound)
		return
	}
	id := strings.TrimPrefix(r.URL.Path, storagePath)
	s.mu.Lock()
	a, ok := s.Attachments[id]
	s.mu.Unlock()
	if !ok || r.URL.Query().Get("X-Amz-Signature") != s.sign(id) {
		http.Error(w, "AccessDenied", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if !a.Chunked {
		w.Header().Set("Content-Length", strconv.Itoa(len(a.Data)))
	}
	w.WriteHeader(http.StatusOK)
	const chunk = 32 << 10
	for off := 0; off < len(a.Data); off += chunk {
		n, err := w.Write(a.Data[off:min(off+chunk, len(a.Data))])
		s.mu.Lock()
		s.AttachmentBytes[id] += int64(n)
		s.mu.Unlock()
		if err != nil {
			return // the client hung up
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
}

// SentBytes is how many bytes of attachment id reached the connection so
// far (safe while a download is still being served).
func (s *Server) SentBytes(id string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.AttachmentBytes[id]
}

// AttachmentURL is the address of attachment id, as GitHub writes it into
// an issue body.
func (s *Server) AttachmentURL(id string) string { return s.URL + "/user-attachments/assets/" + id }
