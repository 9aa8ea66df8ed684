// Package fakex is a test double of the X API v2, served by httptest on
// 127.0.0.1, that behaves as the documentation says for the calls warta
// makes:
//
//   - Every request must carry a valid OAuth 1.0a user-context signature
//     (HMAC-SHA1): the fake rebuilds the signature base string from the
//     method, URL, query and oauth_* parameters (a JSON body is not signed)
//     and checks it with the consumer and token secrets it was given; a bad
//     or replayed signature answers 401
//     {"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}.
//     https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/creating-a-signature
//   - POST /2/tweets {"text": ...} → 201 {"data":{"id","text","edit_history_tweet_ids"}};
//     text over 280 weighted characters → 400 invalid-request; the same
//     text twice → 403 "You are not allowed to create a Tweet with duplicate content."
//     https://docs.x.com/x-api/posts/create-post
//   - GET /2/users/me, and GET /2/users/:id/tweets with max_results (5–100),
//     pagination_token and tweet.fields=entities,created_at: text comes back
//     with links shortened to t.co and HTML-escaped, the original URL only
//     in entities.urls[].expanded_url; meta.next_token while more remain.
//     https://docs.x.com/x-api/users/get-posts
//   - Replies (corrections): POST /2/tweets {"text", "reply":
//     {"in_reply_to_tweet_id"}}; a reply to a deleted or unknown post →
//     403 "You attempted to reply to a Tweet that is deleted or not visible
//     to you."; the timeline holds replies unless exclude=replies, with
//     tweet.fields referenced_tweets ([{"type":"replied_to","id"}]) and
//     conversation_id.
//     https://docs.x.com/x-api/fundamentals/conversation-id
//   - DELETE /2/tweets/:id → {"data":{"deleted":true}}; GET /2/tweets/:id of
//     a missing post → 200 with only errors[] (resource-not-found).
//     https://docs.x.com/x-api/posts/delete-post
//   - Rate-limit headers x-rate-limit-limit/-remaining/-reset on every
//     answer; FailNext scripts 429s (reset as epoch seconds), 503s, 401s.
//     https://docs.x.com/x-api/fundamentals/rate-limits
//
// Recording (Requests, Dump with the Authorization header REDACTED),
// scripted failures (FailNext) and call expectations are fakeapi's; this
// package adds X's endpoints, errors, rate-limit headers and signatures.
package fakex
