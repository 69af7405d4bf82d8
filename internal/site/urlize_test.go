package site

import (
	"regexp"
	"strings"
	"testing"
)

// urlizeRef is Urlize's definition, as a regular expression: lower case,
// every run of characters other than letters and digits one hyphen, none
// at either end.
func urlizeRef(s string) string {
	return strings.Trim(regexp.MustCompile(`[^\p{L}\p{N}]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func TestUrlize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Back Pain", "back-pain"},
		{"back-pain", "back-pain"},
		{"  MSK -- Hip & Knee!  ", "msk-hip-knee"},
		{"Café Ünïcode 2026", "café-ünïcode-2026"},
		{"-", ""},
		{"", ""},
		{"a--b", "a-b"},
		{"İstanbul", "istanbul"}, // Go lower-cases İ to a plain i
		{"\xff\xfeinvalid", "invalid"},
	} {
		if got := Urlize(tt.in); got != tt.want || got != urlizeRef(tt.in) {
			t.Errorf("Urlize(%q) = %q; want %q (reference %q)", tt.in, got, tt.want, urlizeRef(tt.in))
		}
	}
}

func FuzzUrlize(f *testing.F) {
	for _, s := range []string{"Back Pain", "a-b", "-x-", "Ünï 2", "İ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Urlize(s), urlizeRef(s); got != want {
			t.Errorf("Urlize(%q) = %q; the reference gives %q", s, got, want)
		}
	})
}
