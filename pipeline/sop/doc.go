// Package sop measures how long each step of the SOP "Akurasi Informasi"
// took, from GitHub's own records (the assignment issue's events, the pull
// request's timeline and reviews) and from the publish ledger, and writes the
// report: report.csv (one row per article and step), report.md (also the
// GitHub step summary) and report.html (self-contained, with SVG charts drawn
// here, readable on a phone).
//
// The data flows in three stages: Collect reads GitHub into PR values (raw
// facts), Measure turns each PR into a Record (milestones and step
// durations) using the role members and the ledger, and Summarize builds the
// Report that the writers render. Only Collect does I/O (against GitHub); the
// ledger entries come from ledger.ReadLocal, and the rest is pure and
// tested with hand-computed figures.
package sop
