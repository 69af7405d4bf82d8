//go:build !linux

package publish

// exchange swaps the folders a and b. Without an atomic exchange (Linux's
// renameat2), it renames b aside and a into place: a build stopped between
// the two renames leaves b missing and the previous output at a.
func exchange(a, b string) error { return exchangeByRename(a, b) }
