//go:build !linux

package workerbin

import "errors"

// load fails: only Linux has memfds. Kernels run as "gonote kernel".
func load([]byte) (string, error) {
	return "", errors.New("not supported on this system")
}
