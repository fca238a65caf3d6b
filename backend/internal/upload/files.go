package upload

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

func randomName() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random file name: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// write stores data at name (relative to the uploads dir) through a temporary file and a
// rename, so a reader never sees half a file. Directories 0750, files 0640.
func (s *Service) write(name string, data []byte) error {
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return fmt.Errorf("create upload dir: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return fmt.Errorf("create upload file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write upload: %w", err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		tmp.Close()
		return fmt.Errorf("chmod upload: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close upload: %w", err)
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		return fmt.Errorf("store upload: %w", err)
	}
	return nil
}

func (s *Service) remove(name string) {
	if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.log.Error("remove upload file", "name", name, "error", err.Error())
	}
}

// Open opens an upload's bytes.
func (s *Service) Open(u Upload) (*os.File, error) {
	f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(u.StorageName)))
	if errors.Is(err, os.ErrNotExist) {
		s.log.Error("upload file missing", "upload_id", u.ID)
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("open upload %d: %w", u.ID, err)
	}
	return f, nil
}
