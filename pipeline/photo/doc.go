// Package photo reads what the site needs to know about a photo before
// and while decoding it: its format, its size as it is meant to be seen
// (upright, after the EXIF orientation a phone camera writes), and the
// pixel budget that keeps decoding bounded. Both `warta check` (content)
// and `warta build` (site) use it, so they agree on every photo's size.
package photo
