// Package fakegraph is a test double of the Meta Graph API, served by
// httptest on 127.0.0.1, that behaves as the documentation says for the
// calls warta makes:
//
//   - Page feed: POST /{page-id}/feed (message, link) → {"id":"{page-id}_{post-id}"};
//     GET /{page-id}/feed and /{page-id}/published_posts with fields such as
//     id,permalink_url,attachments{unshimmed_url} and cursor paging
//     {"data":[...],"paging":{"cursors":{"before","after"},"next"}}; the
//     deprecated `link` field is refused (code 12), as since v3.3.
//     https://developers.facebook.com/docs/graph-api/reference/page/feed
//   - Instagram content publishing: POST /{ig-user-id}/media (image_url,
//     caption) → container; GET /{container-id}?fields=status_code answers
//     IN_PROGRESS for the first Config.PollsBeforeFinished polls, then
//     FINISHED (or ERROR when scripted); POST /{ig-user-id}/media_publish
//     (creation_id) of a container that is not FINISHED fails with code 9007
//     subcode 2207027; GET /{ig-user-id}/media and /{media-id}?fields=permalink.
//     https://developers.facebook.com/docs/instagram-platform/content-publishing
//   - Comments (corrections, DESIGN §10): POST /{post-id}/comments (message)
//     → {"id":"{post-id}_{comment-id}"} by the Page; POST
//     /{ig-media-id}/comments (message) → {"id":"<ig-comment-id>"}; GET of
//     either edge, oldest first (order=reverse_chronological reverses),
//     with cursor paging; a parent that does not exist answers code 100
//     subcode 33 ("Unsupported post request. Object with ID … does not exist").
//     https://developers.facebook.com/docs/graph-api/reference/object/comments
//     https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
//   - Deletion (retractions): DELETE /{post-id}, /{ig-media-id}, /{comment-id}
//     → {"success":true}, sent by huandu as POST with method=DELETE, which
//     Graph accepts; a deleted or unknown id answers code 100 subcode 33;
//     with Config.NoInstagramManageContents a media deletion answers HTTP 403
//     code 10 "(#10) Application does not have permission for this action"
//     (Instagram deletes media only for Facebook Login apps holding
//     instagram_manage_contents).
//     https://developers.facebook.com/docs/instagram-platform/reference/instagram-media#delete
//   - Errors: {"error":{"message","type","code","error_subcode","fbtrace_id"}};
//     a wrong token answers HTTP 400 code 190 OAuthException; FailNext
//     scripts 503s, 429 with Retry-After, throttling codes 4/17/32/613.
//     https://developers.facebook.com/docs/graph-api/guides/error-handling
//
// The token must come in the Authorization header or the access_token
// parameter, as Graph accepts both. Recording (Requests, Dump with secrets
// REDACTED), scripted failures and call expectations are fakeapi's; this
// package adds Graph's endpoints, errors and authentication.
package fakegraph
