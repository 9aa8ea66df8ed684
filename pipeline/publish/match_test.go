package publish

import "testing"

func TestTextHasURL(t *testing.T) {
	const u = "https://example.go.id/berita/2026/11/25-jembatan/"
	tests := []struct {
		text string
		want bool
	}{
		{"Judul\n\nSelengkapnya: " + u + "\n\n#Lampung", true},
		{"Selengkapnya: https://example.go.id/berita/2026/11/25-jembatan", true},
		{"lihat " + u + ".", true},
		{"lihat https://example.go.id/berita/2026/11/25-jembatan-baru/", false},
		{"https://example.go.id/berita/2026/11/25-jembatan-baru/ lalu " + u, true},
		{"tanpa tautan", false},
	}
	for _, tt := range tests {
		if got := TextHasURL(tt.text, u); got != tt.want {
			t.Errorf("TextHasURL(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if !SameURL(u, "https://example.go.id/berita/2026/11/25-jembatan") || SameURL("", "") || SameURL(u, u+"x") {
		t.Error("SameURL")
	}
}
