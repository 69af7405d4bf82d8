// Package diag holds plexus's diagnostics: errors and warnings that name the
// file and line a writer must fix, and the "did you mean" suggestions that go
// with them. Every stage reports problems in a writer's input through it, so
// that all messages read alike:
//
//	content/posts/x.md:4: unknown region "north-wst" (did you mean "north-west"?)
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Error is a problem at a place in a source file. Line is 1-based; zero
// means the whole file.
type Error struct {
	File string // slash-separated, relative to the site folder, e.g. content/posts/x.md
	Line int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line <= 0:
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Errorf returns an *Error at file:line.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// List collects the errors of one run, so that a writer sees every broken
// file at once instead of fixing them one build at a time.
type List []error

// Add appends err to the list; a nil err is ignored. An error that joins
// others (errors.Join, or a List) is flattened.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			l.Add(e)
		}
		return
	}
	*l = append(*l, err)
}

// MaxReported is how many errors Err reports before it summarises the rest.
const MaxReported = 20

// Err returns nil for an empty list, else one error listing the errors
// sorted by file and line (so the report is the same on every run), at most
// MaxReported of them.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	errs := slices.Clone([]error(l))
	slices.SortStableFunc(errs, func(a, b error) int {
		fa, la := position(a)
		fb, lb := position(b)
		if c := cmp.Compare(fa, fb); c != 0 {
			return c
		}
		if c := cmp.Compare(la, lb); c != 0 {
			return c
		}
		return cmp.Compare(a.Error(), b.Error())
	})
	errs = slices.CompactFunc(errs, func(a, b error) bool { return a.Error() == b.Error() })
	if len(errs) > MaxReported {
		more, noun := len(errs)-MaxReported, "errors"
		if more == 1 {
			noun = "error"
		}
		errs = append(errs[:MaxReported], fmt.Errorf("… and %d more %s", more, noun))
	}
	return listError(errs)
}

// listError prints one error a line and unwraps to its parts.
type listError []error

func (l listError) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l listError) Unwrap() []error { return l }

func position(err error) (string, int) {
	var e *Error
	if errors.As(err, &e) {
		return e.File, e.Line
	}
	return "", 0
}

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a plausible typo (at most a third of the
// word's length, and at most 3 edits). Ties go to the earliest candidate, so
// callers pass candidates in a stable order.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", 0
	limit := min(3, max(1, len([]rune(word))/3))
	for _, c := range candidates {
		d := Distance(strings.ToLower(word), strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats a suggestion as " (did you mean "x"?)", or "" for none.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" && s != word {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// Distance is the edit distance between a and b in runes, counting an
// insertion, deletion, substitution or swap of neighbours as one edit (the
// optimal string alignment distance): "nmae" is one edit from "name".
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
