// Package content loads content/ (read through an fs.FS rooted at the
// repository) into articles and pages, and validates them: every rule of
// `warta check` that concerns content lives here. Problems are results, not
// failures: Load errs only when it could not run.
package content
