package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"file and line", &Error{File: "content/posts/x.md", Line: 4, Msg: `unknown region "north-wst"`}, `content/posts/x.md:4: unknown region "north-wst"`},
		{"file only", &Error{File: "config.toml", Msg: "cannot read"}, "config.toml: cannot read"},
		{"negative line is the whole file", &Error{File: "config.toml", Line: -3, Msg: "x"}, "config.toml: x"},
		{"no file", &Error{Msg: "no content folder"}, "no content folder"},
		{"no file ignores line", &Error{Line: 7, Msg: "no content folder"}, "no content folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestErrorf(t *testing.T) {
	e := Errorf("content/a.md", 12, "unknown key %q", "titel")
	if e.File != "content/a.md" || e.Line != 12 || e.Msg != `unknown key "titel"` {
		t.Errorf("Errorf = %+v; want File content/a.md, Line 12, Msg %q", *e, `unknown key "titel"`)
	}
	if got, want := e.Error(), `content/a.md:12: unknown key "titel"`; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

func TestListAdd(t *testing.T) {
	a := Errorf("a.md", 1, "a")
	b := Errorf("b.md", 2, "b")
	c := errors.New("c")
	d := Errorf("d.md", 0, "d")

	var other List
	other.Add(c)
	other.Add(d)

	tests := []struct {
		name string
		add  []error
		want []error
	}{
		{"nil is ignored", []error{nil, a, nil}, []error{a}},
		{"plain errors kept in order", []error{b, a}, []error{b, a}},
		{"errors.Join flattened", []error{errors.Join(a, b)}, []error{a, b}},
		{"nested joins flattened", []error{errors.Join(errors.Join(a, b), c)}, []error{a, b, c}},
		{"join holding nil", []error{errors.Join(nil, a, nil)}, []error{a}},
		{"a List's Err flattened", []error{a, other.Err()}, []error{a, c, d}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			for _, err := range tt.add {
				l.Add(err)
			}
			if len(l) != len(tt.want) {
				t.Fatalf("got %d errors %v; want %d %v", len(l), l, len(tt.want), tt.want)
			}
			for i := range l {
				if l[i] != tt.want[i] {
					t.Errorf("error %d = %v; want %v", i, l[i], tt.want[i])
				}
			}
		})
	}
}

func TestListErrEmpty(t *testing.T) {
	var l List
	if err := l.Err(); err != nil {
		t.Errorf("empty List.Err() = %v; want nil", err)
	}
	l.Add(nil)
	if err := l.Err(); err != nil {
		t.Errorf("List of nils: Err() = %v; want nil", err)
	}
}

func TestListErrOrder(t *testing.T) {
	tests := []struct {
		name string
		errs []error
		want string
	}{
		{
			"by file then line",
			[]error{
				Errorf("content/b.md", 3, "b3"),
				Errorf("content/a.md", 10, "a10"),
				Errorf("content/b.md", 1, "b1"),
				Errorf("content/a.md", 2, "a2"),
			},
			"content/a.md:2: a2\ncontent/a.md:10: a10\ncontent/b.md:1: b1\ncontent/b.md:3: b3",
		},
		{
			// Lines compare as numbers, not text: 9 before 10.
			"lines numerically",
			[]error{Errorf("x.md", 10, "ten"), Errorf("x.md", 9, "nine")},
			"x.md:9: nine\nx.md:10: ten",
		},
		{
			"whole-file errors before lines",
			[]error{Errorf("x.md", 2, "two"), Errorf("x.md", 0, "whole")},
			"x.md: whole\nx.md:2: two",
		},
		{
			"same place by message",
			[]error{Errorf("x.md", 2, "zebra"), Errorf("x.md", 2, "apple")},
			"x.md:2: apple\nx.md:2: zebra",
		},
		{
			"errors without a place first",
			[]error{Errorf("a.md", 1, "a"), errors.New("plain")},
			"plain\na.md:1: a",
		},
		{
			"wrapped diag error sorts by its place",
			[]error{Errorf("b.md", 1, "b"), fmt.Errorf("wrapped: %w", Errorf("a.md", 5, "a"))},
			"wrapped: a.md:5: a\nb.md:1: b",
		},
		{
			"duplicates removed",
			[]error{
				Errorf("a.md", 1, "same"),
				Errorf("b.md", 1, "other"),
				Errorf("a.md", 1, "same"),
				errors.New("plain"),
				errors.New("plain"),
			},
			"plain\na.md:1: same\nb.md:1: other",
		},
		{
			"same message at different lines kept",
			[]error{Errorf("a.md", 2, "same"), Errorf("a.md", 1, "same")},
			"a.md:1: same\na.md:2: same",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			for _, err := range tt.errs {
				l.Add(err)
			}
			err := l.Err()
			if err == nil {
				t.Fatalf("Err() = nil; want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Err() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Err sorts a copy: the List keeps the order errors were added in.
func TestListErrDoesNotReorderList(t *testing.T) {
	b, a := Errorf("b.md", 1, "b"), Errorf("a.md", 1, "a")
	l := List{b, a}
	_ = l.Err()
	if l[0] != b || l[1] != a {
		t.Errorf("after Err, list = %v; want [%v %v]", l, b, a)
	}
}

func TestListErrUnwraps(t *testing.T) {
	sentinel := errors.New("sentinel")
	var l List
	l.Add(Errorf("a.md", 3, "broken"))
	l.Add(fmt.Errorf("reading: %w", sentinel))
	err := l.Err()
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(%v, sentinel) = false; want true", err)
	}
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("errors.As(%v, *Error) = false; want true", err)
	}
	if de.File != "a.md" || de.Line != 3 {
		t.Errorf("errors.As found %v; want a.md:3", de)
	}
}

func TestListErrCap(t *testing.T) {
	tests := []struct {
		name     string
		n        int    // distinct errors added
		dups     int    // extra copies of the first error
		wantLast string // last line of the report
	}{
		{"exactly MaxReported", MaxReported, 0, fmt.Sprintf("f.md:%d: e", MaxReported)},
		{"five over", MaxReported + 5, 0, "… and 5 more errors"},
		{"duplicates do not count", MaxReported, 7, fmt.Sprintf("f.md:%d: e", MaxReported)},
		{"one over", MaxReported + 1, 0, "… and 1 more error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			// Added in reverse so that the report's first lines also show
			// the sort: the lowest lines are kept, not the first added.
			for i := tt.n; i >= 1; i-- {
				l.Add(Errorf("f.md", i, "e"))
			}
			for range tt.dups {
				l.Add(Errorf("f.md", 1, "e"))
			}
			lines := strings.Split(l.Err().Error(), "\n")
			wantLen := min(tt.n, MaxReported)
			if tt.n > MaxReported {
				wantLen++
			}
			if len(lines) != wantLen {
				t.Fatalf("report has %d lines; want %d:\n%s", len(lines), wantLen, strings.Join(lines, "\n"))
			}
			if got, want := lines[0], "f.md:1: e"; got != want {
				t.Errorf("first line = %q; want %q", got, want)
			}
			if got := lines[len(lines)-1]; got != tt.wantLast {
				t.Errorf("last line = %q; want %q", got, tt.wantLast)
			}
			if tt.n > MaxReported {
				if got, want := lines[MaxReported-1], fmt.Sprintf("f.md:%d: e", MaxReported); got != want {
					t.Errorf("line %d = %q; want %q", MaxReported, got, want)
				}
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"name", "name", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"nmae", "name", 1}, // a swap of neighbours is one edit
		{"ab", "ba", 1},
		{"titel", "title", 1},
		{"nam", "name", 1},
		{"names", "name", 1},
		{"nbme", "name", 1},
		{"kitten", "sitting", 3},
		{"north-wst", "north-west", 1},
		{"Name", "name", 1}, // Distance itself is case-sensitive; Suggest folds case
		{"café", "cafe", 1}, // runes, not bytes
		{"ÅÄÖ", "AAO", 3},
		// Optimal string alignment: a swapped pair is not edited again,
		// so "ca" → "abc" takes 3 edits, not the 2 of unrestricted
		// Damerau-Levenshtein.
		{"ca", "abc", 3},
	}
	for _, tt := range tests {
		t.Run(tt.a+"→"+tt.b, func(t *testing.T) {
			if got := Distance(tt.a, tt.b); got != tt.want {
				t.Errorf("Distance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Distance(tt.b, tt.a); got != tt.want {
				t.Errorf("Distance(%q, %q) = %d; want %d (symmetry)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "description", "baseURL", "language", "timezone", "pagination"}
	tests := []struct {
		name       string
		word       string
		candidates []string
		want       string
	}{
		{"one substitution", "titlr", keys, "title"},
		{"two edits in five letters is too far", "tiltr", []string{"title"}, ""},
		{"transposition counts one", "langauge", keys, "language"},
		{"case-insensitive", "BaseUrl", keys, "baseURL"},
		{"case only", "TITLE", keys, "title"},
		{"exact", "timezone", keys, "timezone"},
		{"too far", "colour", keys, ""},
		{"nothing alike", "zzzzzzzz", keys, ""},
		{"no candidates", "title", nil, ""},
		{"short word allows one edit", "ab", []string{"ac"}, "ac"},
		{"short word not two", "ab", []string{"cd"}, ""},
		// A 6-letter word allows 2 edits, a 9-letter one 3, and never more than 3.
		{"six letters two edits", "timzne", keys, "timezone"},
		{"six letters not three", "xyzone", []string{"timezone"}, ""},
		{"long word three edits", "descrptn", keys, ""}, // 8 letters: limit 2, distance 3
		{"nine letters three edits", "descrxptn", keys, "description"},
		{"cap of three", "paginationxxxx", keys, ""}, // 14 letters, distance 4
		{"ties go to the first", "bat", []string{"cat", "hat", "rat"}, "cat"},
		{"ties go to the first, reversed", "bat", []string{"rat", "hat", "cat"}, "rat"},
		{"closer beats earlier", "north-wst", []string{"north-east", "north-west"}, "north-west"},
		{"runes, not bytes", "régions", []string{"regions"}, "regions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.word, tt.candidates); got != tt.want {
				t.Errorf("Suggest(%q, %q) = %q; want %q", tt.word, tt.candidates, got, tt.want)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"name", "url", "weight"}
	tests := []struct {
		word string
		want string
	}{
		{"nmae", ` (did you mean "name"?)`},
		{"Name", ` (did you mean "name"?)`}, // differs only in case: still worth saying
		{"name", ""},                        // the word itself is no suggestion
		{"colour", ""},
		{"wieght", ` (did you mean "weight"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := DidYouMean(tt.word, keys); got != tt.want {
				t.Errorf("DidYouMean(%q) = %q; want %q", tt.word, got, tt.want)
			}
		})
	}
}

// FuzzDistance checks the properties a metric must have, on any text,
// including invalid UTF-8.
func FuzzDistance(f *testing.F) {
	f.Add("nmae", "name")
	f.Add("kitten", "sitting")
	f.Add("", "x")
	f.Add("café", "cafe")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 64 || len(b) > 64 {
			return // the table is quadratic; long inputs only slow the fuzzer
		}
		d := Distance(a, b)
		if r := Distance(b, a); d != r {
			t.Errorf("Distance(%q, %q) = %d but Distance(%q, %q) = %d", a, b, d, b, a, r)
		}
		// Invalid UTF-8 decodes to U+FFFD, so different bytes can be
		// the same runes.
		if (d == 0) != (a == b) && utf8.ValidString(a) && utf8.ValidString(b) {
			t.Errorf("Distance(%q, %q) = %d; want 0 exactly when equal", a, b, d)
		}
		la, lb := len([]rune(a)), len([]rune(b))
		if lo, hi := max(la, lb)-min(la, lb), max(la, lb); d < lo || d > hi {
			t.Errorf("Distance(%q, %q) = %d; want between %d and %d", a, b, d, lo, hi)
		}
		_ = Suggest(a, []string{b})
	})
}
