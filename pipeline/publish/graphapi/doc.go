// Package graphapi is the Meta Graph API client that the facebook and
// instagram publishers share. It is built on github.com/huandu/facebook/v2
// and adds what warta needs around it: the token goes in the Authorization
// header (never in a URL), every call is bound to a context, and failures
// come back classified for publish.Run — throttling (codes 4, 17, 32, 613),
// HTTP 429 and 5xx as *publish.RetryableError with the wait the platform
// asked for, a rejected token (code 190, answered with HTTP 400) as
// *publish.AuthError, everything else as *Error carrying Graph's message.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/guides/error-handling
// and https://developers.facebook.com/docs/graph-api/overview/rate-limiting
package graphapi
