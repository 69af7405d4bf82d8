package publish

import "os"

// exchangeByRename swaps a and b by way of a third name.
func exchangeByRename(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(tmp, b) // put the old output back
		return err
	}
	return os.Rename(tmp, a)
}
