//go:build unix

package publish

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// createFile writes data to a new file at name and returns what fstat
// says of it. os.WriteFile would give the file to the runtime's poller
// (which refuses regular files, after four fcntl calls and an epoll_ctl),
// and the caller would stat the file again by name: a build writes tens
// of thousands of files, and this is half the system calls.
func createFile(name string, data []byte, perm fs.FileMode) (fs.FileInfo, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, uint32(perm.Perm()))
		if err != unix.EINTR { // the runtime's signals interrupt opens on slow file systems; os.OpenFile retries too
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	f := os.NewFile(uintptr(fd), name) // a blocking descriptor: not polled
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return info, err
}
