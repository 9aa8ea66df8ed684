package graphapi

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
)

// Find reads at most findPages pages of findLimit items: what a publisher
// looks for (a post or comment being reconciled) is among the newest, and
// reads cost rate-limit budget.
const (
	findLimit = 25
	findPages = 4
)

// Logger is the logger the client was created with, for the publishers
// built on it.
func (c *Client) Logger() *slog.Logger { return c.log }

// Create POSTs params to path, an edge that makes a node (a post, comment
// or media container), and returns the new node's id.
func (c *Client) Create(ctx context.Context, path string, params Params) (string, error) {
	res, err := c.Post(ctx, path, params)
	if err != nil {
		return "", err
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := Decode(res, &created); err != nil || created.ID == "" {
		return "", fmt.Errorf("%s: POST %s answered without an id", c.platform, path)
	}
	return created.ID, nil
}

// Find reads the edge at path (GET with params, newest first) page by
// page through its cursors and returns the first item, decoded into T,
// that match accepts; ok is false when none of the first pages holds one.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/results#cursors
func Find[T any](ctx context.Context, c *Client, path string, params Params, match func(T) bool) (item T, ok bool, err error) {
	after := ""
	for range findPages {
		q := maps.Clone(params)
		q["limit"] = findLimit
		if after != "" {
			q["after"] = after
		}
		res, err := c.Get(ctx, path, q)
		if err != nil {
			return item, false, err
		}
		var page struct {
			Data   []T `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := Decode(res, &page); err != nil {
			return item, false, fmt.Errorf("%s: read %s: %w", c.platform, path, err)
		}
		for _, it := range page.Data {
			if match(it) {
				return it, true, nil
			}
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			break
		}
		after = page.Paging.Cursors.After
	}
	return item, false, nil
}
