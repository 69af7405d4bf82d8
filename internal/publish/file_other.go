//go:build !unix

package publish

import (
	"io/fs"
	"os"
)

// createFile writes data to a new file at name and returns what stat says
// of it.
func createFile(name string, data []byte, perm fs.FileMode) (fs.FileInfo, error) {
	if err := os.WriteFile(name, data, perm); err != nil {
		return nil, err
	}
	return os.Lstat(name)
}
