package notebooks

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// lessonFiles holds the lesson library: lessons/NN-slug.md in English and
// lessons/LANG/NN-slug.md in other languages. Other files of the folder
// (its Go package) are embedded too and ignored.
//
//go:embed lessons
var lessonFiles embed.FS

// LessonDir is the path prefix of lessons in a store.
const LessonDir = "lessons"

// langDir matches the folder names of translated lessons: a language code
// such as "ko" or "pt-br".
var langDir = regexp.MustCompile(`^[a-z]{2,3}(-[a-z]{2,4})?$`)

// lesson is one parsed lesson.
type lesson struct {
	entry Entry
	data  []byte
}

// loadLessons reads and parses every lesson of fsys, in path order (the
// file-name prefix orders lessons).
func loadLessons(fsys fs.FS, lim Limits) ([]lesson, error) {
	var paths []string
	for _, pattern := range []string{LessonDir + "/*.md", LessonDir + "/*/*.md"} {
		m, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, fmt.Errorf("list lessons: %w", err)
		}
		for _, p := range m {
			if d := path.Dir(p); d == LessonDir || langDir.MatchString(path.Base(d)) {
				paths = append(paths, p)
			}
		}
	}
	sort.Slice(paths, func(i, j int) bool {
		// English first, then each language; by name within each.
		di, dj := path.Dir(paths[i]), path.Dir(paths[j])
		if di != dj {
			return di < dj
		}
		return paths[i] < paths[j]
	})
	var out []lesson
	for _, p := range paths {
		if strings.EqualFold(path.Base(p), "README.md") {
			continue
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read lesson %s: %w", p, err)
		}
		nb, err := Decode(p, data, lim)
		if err != nil {
			return nil, fmt.Errorf("lesson: %w", err)
		}
		title, summary := nb.Title()
		lang := "en"
		if d := path.Dir(p); d != LessonDir {
			lang = path.Base(d)
		}
		out = append(out, lesson{
			entry: Entry{
				Path:     p,
				Name:     path.Base(p),
				Kind:     KindLesson,
				Format:   MD,
				Size:     int64(len(data)),
				ReadOnly: true,
				Title:    title,
				Summary:  summary,
				Lang:     lang,
			},
			data: data,
		})
	}
	return out, nil
}
