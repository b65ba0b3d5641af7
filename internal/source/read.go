package source

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/stevedore-dev/stevedore/internal/bytesize"
)

// TooLargeError is returned by Read for a file over the limit.
type TooLargeError struct {
	Path  string
	Size  int64 // the size seen (at least Limit+1 when found while reading)
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is %s, over the %s limit; skipped", e.Path, bytesize.Format(e.Size), bytesize.Format(e.Limit))
}

// Read returns the content of path in fsys, refusing with *TooLargeError a
// file bigger than limit bytes (limit <= 0 means MaxFileSize). The size is
// checked with Stat before reading and again while reading, so a file that
// grows or lies about its size cannot get past the limit.
func Read(fsys fs.FS, path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = MaxFileSize
	}
	f, err := fsys.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("read %s: is a folder", path)
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Path: path, Size: info.Size(), Limit: limit}
	}
	capHint := info.Size()
	if capHint <= 0 {
		capHint = 512
	}
	buf := make([]byte, 0, capHint+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &TooLargeError{Path: path, Size: int64(len(buf)), Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
	}
}
