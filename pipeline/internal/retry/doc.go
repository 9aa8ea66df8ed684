// Package retry is the one home of waiting and trying again: a bounded
// exponential backoff Policy, the parsing of the waits servers ask for
// (Retry-After as delay-seconds or an HTTP-date, and the epoch-seconds
// rate-limit resets of X's x-rate-limit-reset and GitHub's
// X-RateLimit-Reset), and Sleep, a wait that ends when its context does.
//
// Deciding what is worth retrying stays with each API client (ghclient,
// graphapi, xapi, publish), which know their status codes and error bodies.
package retry
