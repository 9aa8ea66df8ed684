// Package wib is how warta tells time to Indonesian readers: the WIB zone
// (Asia/Jakarta), Indonesian day and month names, the date formats the
// site and the SOP report print, and the dates front matter may carry.
//
// It imports nothing of warta; every other package may import it.
package wib
