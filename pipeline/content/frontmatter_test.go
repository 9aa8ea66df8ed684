package content

import (
	"reflect"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// TestFrontMatterValuesAndPositions holds parseFrontMatter to the values
// and file:line:col of each key, list item and image entry that problems
// point at. The front matter starts on line 2 of the file.
func TestFrontMatterValuesAndPositions(t *testing.T) {
	const file = "content/berita/2026/11/25-x/index.md"
	src := `title: "Petani \"Panen\" Raya"
tags:
- satu
- 'dua ''kutip'''
aliases: [/lama/x/, "/lama/y/"]
author: budi
social:
  x: Teks untuk X
assignment: 42
draft: true
images:
  - src: a.jpg
    alt: Alt
`
	fm, probs, at := parseFrontMatter(file, []byte(src))
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := &frontMatter{
		Title: `Petani "Panen" Raya`, Tags: []string{"satu", "dua 'kutip'"}, Aliases: []string{"/lama/x/", "/lama/y/"},
		Author: []string{"budi"}, Social: map[string]string{"x": "Teks untuk X"}, Assignment: 42, Draft: true,
		Images: []article.Image{{Src: "a.jpg", Alt: "Alt", Pos: article.Pos{File: file, Line: 13, Col: 5}}},
	}
	if !reflect.DeepEqual(fm, want) {
		t.Errorf("values:\n got %#v\nwant %#v", fm, want)
	}
	for key, lc := range map[string][2]int{
		"":              {2, 1},
		"title":         {2, 8},
		"tags":          {4, 1},
		"tags[1]":       {5, 3},
		"aliases":       {6, 10},
		"aliases[1]":    {6, 21},
		"author":        {7, 9},
		"social":        {9, 3},
		"social.x":      {9, 6},
		"assignment":    {10, 13},
		"draft":         {11, 8},
		"images":        {13, 3},
		"images[0]":     {13, 5},
		"images[0].alt": {14, 10},
	} {
		if got := at[key]; got != (article.Pos{File: file, Line: lc[0], Col: lc[1]}) {
			t.Errorf("position of %q = %d:%d, want %d:%d", key, got.Line, got.Col, lc[0], lc[1])
		}
	}
}
