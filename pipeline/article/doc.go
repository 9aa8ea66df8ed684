// Package article holds warta's plain content types and the pure rules on
// them: Article and Image, source positions and Problems, and the text each
// social platform receives for an article.
//
// It imports nothing of warta; every other package may import it.
package article
