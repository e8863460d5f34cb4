package notebooks

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// Kind says whether a store entry is a user notebook or a lesson.
type Kind string

// The kinds of store entries.
const (
	KindNotebook Kind = "notebook"
	KindLesson   Kind = "lesson"
)

// Entry describes one notebook of a store.
type Entry struct {
	// Path is the notebook's path in the store, slash-separated, such as
	// "work/today.ipynb" or "lessons/01-sync-vs-async.md".
	Path     string    `json:"path"`
	Name     string    `json:"name"`
	Kind     Kind      `json:"kind"`
	Format   Format    `json:"format"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
	ReadOnly bool      `json:"read_only"`
	// Title and Summary are a lesson's first "# " heading and the
	// paragraph after it; Lang is its language ("en", "ko", ...).
	Title   string `json:"title,omitempty"`
	Summary string `json:"summary,omitempty"`
	Lang    string `json:"lang,omitempty"`
}

// Version identifies the content of a notebook file: a hash of its bytes.
// Save compares it with the file on disk to refuse stale writes; the server
// uses it as the ETag.
type Version string

func versionOf(data []byte) Version {
	sum := sha256.Sum256(data)
	return Version(hex.EncodeToString(sum[:12]))
}

// Options configure a Store.
type Options struct {
	// Limits bound the notebooks read and written; zero means the defaults.
	Limits Limits
	// Lessons is the file system holding lessons/*.md and lessons/*/*.md;
	// nil means the lessons built into gonote.
	Lessons fs.FS
}

// Store is a directory of user notebooks (.ipynb and .md files, in
// sub-folders too) together with the read-only lessons, which appear under
// "lessons/" (a "lessons" folder in the directory is hidden by them).
//
// Saves are atomic: the new content goes to a temporary file in the same
// folder, which is synced, renamed over the old file, and the folder synced;
// a crash leaves the old file or the new one. Paths never leave the
// directory: see [CheckPath]; symbolic links that lead out are refused.
// A Store is safe for concurrent use; writes are serialised.
type Store struct {
	dir     string
	root    *os.Root
	lim     Limits
	lessons []lesson
	byPath  map[string]*lesson
	mu      sync.Mutex // serialises writes and version checks
}

// Open opens the store over dir, creating the directory when missing.
func Open(dir string, opt Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	fsys := opt.Lessons
	if fsys == nil {
		fsys = lessonFiles
	}
	lessons, err := loadLessons(fsys, opt.Limits)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{dir: dir, root: root, lim: opt.Limits.withDefaults(), lessons: lessons, byPath: map[string]*lesson{}}
	for i := range s.lessons {
		s.byPath[s.lessons[i].entry.Path] = &s.lessons[i]
	}
	s.removeStaleTemps(time.Now().Add(-staleTempAge))
	return s, nil
}

// tempPrefix starts the names of the temporary files of saves in progress.
const tempPrefix = ".gonote-save-"

// staleTempAge is the age past which a temporary file is taken to be left
// over from a save that was killed, not a save still in progress.
const staleTempAge = time.Hour

// removeStaleTemps deletes temporary files older than before: saves that a
// crash or a kill interrupted leave them behind. Errors are ignored; a file
// that stays is harmless, as List never shows it.
func (s *Store) removeStaleTemps(before time.Time) {
	fs.WalkDir(s.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), tempPrefix) || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(before) {
			s.root.Remove(p)
		}
		return nil
	})
}

// Close releases the store's directory handle.
func (s *Store) Close() error { return s.root.Close() }

// Dir returns the directory the store was opened on.
func (s *Store) Dir() string { return s.dir }

// resolve checks p and says whether it names a lesson.
func (s *Store) resolve(p string) (isLesson bool, err error) {
	if err := CheckPath(p); err != nil {
		return false, err
	}
	if f := FormatOf(p); f != IPYNB && f != MD {
		return false, fmt.Errorf("%w %q: not a .ipynb or .md notebook", ErrBadPath, p)
	}
	return p == LessonDir || strings.HasPrefix(p, LessonDir+"/"), nil
}

// errEscapes is the text of os.Root's error for a path that leads out.
const errEscapes = "path escapes from parent"

// fsError maps file system errors to the package's sentinels.
func fsError(op, p string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: %w", op, p, ErrNotFound)
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s %s: %w", op, p, ErrExists)
	case escapes(err):
		return fmt.Errorf("%s %s: %w: a symbolic link leads outside the notebook folder", op, p, ErrBadPath)
	}
	return fmt.Errorf("%s %s: %w", op, p, err)
}

// escapes reports whether err is os.Root refusing a path that leads out.
func escapes(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == errEscapes {
			return true
		}
	}
	return false
}

// maxListed caps the user notebooks List returns, so that a store opened on
// a huge folder by mistake still answers.
const maxListed = 10000

// List returns the user notebooks, sorted by path, then the lessons in
// their order. It shows at most 10000 user notebooks, in folders no deeper
// than a notebook path may be, and skips hidden files and folders.
func (s *Store) List(ctx context.Context) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Entry
	err := fs.WalkDir(s.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // unreadable entries are left out
		}
		if p == "." {
			return nil
		}
		if d.IsDir() {
			if p == LessonDir || checkPath(p) != nil || strings.Count(p, "/") >= maxDepth-1 {
				return fs.SkipDir
			}
			return nil
		}
		if len(out) >= maxListed {
			return fs.SkipAll
		}
		f := FormatOf(p)
		if !d.Type().IsRegular() || (f != IPYNB && f != MD) || checkPath(p) != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		out = append(out, Entry{Path: p, Name: d.Name(), Kind: KindNotebook, Format: f, Size: info.Size(), Modified: info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.dir, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	for _, l := range s.lessons {
		out = append(out, l.entry)
	}
	return out, nil
}

// Stat describes one notebook.
func (s *Store) Stat(ctx context.Context, p string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	isLesson, err := s.resolve(p)
	if err != nil {
		return Entry{}, err
	}
	if isLesson {
		l, ok := s.byPath[p]
		if !ok {
			return Entry{}, fmt.Errorf("stat %s: %w", p, ErrNotFound)
		}
		return l.entry, nil
	}
	info, err := s.root.Stat(p)
	if err != nil {
		return Entry{}, fsError("stat", p, err)
	}
	if !info.Mode().IsRegular() {
		return Entry{}, fmt.Errorf("stat %s: %w", p, ErrNotFound)
	}
	return Entry{Path: p, Name: path.Base(p), Kind: KindNotebook, Format: FormatOf(p), Size: info.Size(), Modified: info.ModTime()}, nil
}

// Get reads a notebook and returns it with its version.
func (s *Store) Get(ctx context.Context, p string) (*Notebook, Version, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	data, err := s.read(p)
	if err != nil {
		return nil, "", err
	}
	nb, err := Decode(p, data, s.lim)
	if err != nil {
		return nil, "", err
	}
	return nb, versionOf(data), nil
}

// read returns the bytes of notebook p.
func (s *Store) read(p string) ([]byte, error) {
	isLesson, err := s.resolve(p)
	if err != nil {
		return nil, err
	}
	if isLesson {
		l, ok := s.byPath[p]
		if !ok {
			return nil, fmt.Errorf("read %s: %w", p, ErrNotFound)
		}
		return l.data, nil
	}
	f, err := s.root.Open(p)
	if err != nil {
		return nil, fsError("read", p, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fsError("read", p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: %w (not a regular file)", p, ErrNotFound)
	}
	if err := s.lim.checkSize(info.Size()); err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, s.lim.FileSize+1))
	if err != nil {
		return nil, fsError("read", p, err)
	}
	if err := s.lim.checkSize(int64(len(data))); err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return data, nil
}

// encode checks nb against the limits and encodes it for path p.
func (s *Store) encode(p string, nb *Notebook) ([]byte, error) {
	if err := s.lim.check(nb); err != nil {
		return nil, fmt.Errorf("write %s: %w", p, err)
	}
	data, err := Encode(p, nb)
	if err != nil {
		return nil, err
	}
	if err := s.lim.checkSize(int64(len(data))); err != nil {
		return nil, fmt.Errorf("write %s: %w", p, err)
	}
	return data, nil
}

// writable resolves p for a write.
func (s *Store) writable(op, p string) error {
	isLesson, err := s.resolve(p)
	if err != nil {
		return err
	}
	if isLesson {
		return fmt.Errorf("%s %s: %w: lessons cannot be changed; copy one to edit it", op, p, ErrReadOnly)
	}
	return nil
}

// Create writes a new notebook at p (an empty one when nb is nil) and
// fails with ErrExists when p exists.
func (s *Store) Create(ctx context.Context, p string, nb *Notebook) (Version, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := s.writable("create", p); err != nil {
		return "", err
	}
	if nb == nil {
		nb = New()
	}
	data, err := s.encode(p, nb)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writeFile(p, data, true); err != nil {
		return "", fsError("create", p, err)
	}
	return versionOf(data), nil
}

// Copy copies notebook from (a lesson or a user notebook) to the user
// notebook to, converting between formats as the extensions say. When to is
// "", the copy goes to the first free name among NAME.ipynb, NAME-2.ipynb,
// ... in the top folder, NAME being from's name without its extension. It
// returns the path written and its version.
func (s *Store) Copy(ctx context.Context, from, to string) (string, Version, error) {
	nb, _, err := s.Get(ctx, from)
	if err != nil {
		return "", "", err
	}
	if to != "" {
		v, err := s.Create(ctx, to, nb)
		return to, v, err
	}
	base := strings.TrimSuffix(path.Base(from), path.Ext(from))
	for n := 1; n <= 1000; n++ {
		name := base + string(IPYNB)
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, IPYNB)
		}
		v, err := s.Create(ctx, name, nb)
		if !errors.Is(err, ErrExists) {
			return name, v, err
		}
	}
	return "", "", fmt.Errorf("copy %s: %w: no free name", from, ErrExists)
}

// Rename moves notebook from to to, converting it when the extensions
// differ; it fails with ErrExists when to exists.
func (s *Store) Rename(ctx context.Context, from, to string) (Version, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := s.writable("rename", from); err != nil {
		return "", err
	}
	if err := s.writable("rename", to); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := s.read(from)
	if err != nil {
		return "", err
	}
	if FormatOf(from) != FormatOf(to) {
		nb, err := Decode(from, data, s.lim)
		if err != nil {
			return "", err
		}
		if data, err = s.encode(to, nb); err != nil {
			return "", err
		}
		if err := s.writeFile(to, data, true); err != nil {
			return "", fsError("rename", to, err)
		}
	} else {
		if err := s.mkdirs(to); err != nil {
			return "", fsError("rename", to, err)
		}
		// A hard link moves the file without ever replacing an
		// existing one; the old name is removed after.
		if err := s.root.Link(from, to); err != nil {
			return "", fsError("rename", to, err)
		}
	}
	if err := s.root.Remove(from); err != nil {
		return "", fsError("rename", from, err)
	}
	for _, dir := range []string{path.Dir(to), path.Dir(from)} {
		if err := s.syncDir(dir); err != nil {
			return "", fsError("rename", from, err)
		}
	}
	return versionOf(data), nil
}

// Delete removes a user notebook.
func (s *Store) Delete(ctx context.Context, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.writable("delete", p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	info, err := s.root.Lstat(p)
	if err != nil {
		return fsError("delete", p, err)
	}
	if info.IsDir() {
		return fmt.Errorf("delete %s: %w (a folder)", p, ErrNotFound)
	}
	if err := s.root.Remove(p); err != nil {
		return fsError("delete", p, err)
	}
	if err := s.syncDir(path.Dir(p)); err != nil {
		return fsError("delete", p, err)
	}
	return nil
}

// Save writes nb to p atomically and returns the new version. When base is
// not empty, it is the version the edit started from: if the file on disk
// has another version, or is gone, Save writes nothing and returns
// ErrConflict. An empty base saves unconditionally, creating the file when
// missing.
func (s *Store) Save(ctx context.Context, p string, nb *Notebook, base Version) (Version, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := s.writable("save", p); err != nil {
		return "", err
	}
	data, err := s.encode(p, nb)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Saving over a symbolic link replaces the link; one that leads out
	// is refused, as reading through it is.
	if fi, err := s.root.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if _, err := s.root.Stat(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fsError("save", p, err)
		}
	}
	if base != "" {
		cur, err := s.root.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("save %s: %w: the file was deleted", p, ErrConflict)
		case err != nil:
			return "", fsError("save", p, err)
		case versionOf(cur) != base:
			return "", fmt.Errorf("save %s: %w: saved from version %s, the file is at %s", p, ErrConflict, base, versionOf(cur))
		}
	}
	if err := s.writeFile(p, data, false); err != nil {
		return "", fsError("save", p, err)
	}
	return versionOf(data), nil
}

// mkdirs creates the folders above p.
func (s *Store) mkdirs(p string) error {
	if dir := path.Dir(p); dir != "." {
		return s.root.MkdirAll(dir, 0o755)
	}
	return nil
}

// writeFile writes data to p atomically: temporary file, sync, rename (or
// link, when noClobber forbids replacing p), sync of the folder.
func (s *Store) writeFile(p string, data []byte, noClobber bool) (err error) {
	if err := s.mkdirs(p); err != nil {
		return err
	}
	dir := path.Dir(p)
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := path.Join(dir, tempPrefix+hex.EncodeToString(rnd[:]))
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			s.root.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if noClobber {
		if err := s.root.Link(tmp, p); err != nil {
			return err
		}
		s.root.Remove(tmp)
	} else if err := s.root.Rename(tmp, p); err != nil {
		return err
	}
	return s.syncDir(dir)
}

// syncDir flushes a folder's entries to disk, so a rename survives a crash.
func (s *Store) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
