package content

import (
	"reflect"
	"testing"
	"time"
)

// simpleYAMLCases are frontmatters with whether simpleYAML should read
// them itself; either way the result must be yaml.v3's.
var simpleYAMLCases = []struct {
	name, src string
	simple    bool
}{
	{"typical post", `title: "Why spinal surgery matters for integrated care in Sunderland"
date: 2023-10-16T06:10:00Z
author: "Kwame Okafor"
regions: ["north-east-and-yorkshire", "london"]
tags: ["spinal-surgery"]
summary: "Practice joint population toolkit: musculoskeletal # not a comment."
draft: false
`, true},
	{"typical event", `title: "Annual education conference 2024"
date: 2024-01-10
start: 2024-03-05T09:30:00+01:00
end: 2024-03-05T17:00:00-05:30
location: "Royal College, London"
registration: "https://example.org/register?id=1&x=2"
online: true
`, true},
	{"plain text and words", "title: Getting started, again (part 2)\nauthor: Siân O'Brien\ntags: [hips, knee pain, 'back']\nweight: 10\nzero: 0\n", true},
	{"comments and blank lines", "# a comment\n\ntitle: \"A\" # trailing\n   \nsummary: plain words   # comment\ntags: [] # none\n", true},
	{"single-quoted", "title: 'It is \"quoted\"'\nsummary: ''\n", true},
	{"empty quoted", "title: \"\"\n", true},
	{"non-ASCII", "title: \"Café – naïve 日本 🎉\"\nauthor: Zoë\n", true},
	{"a list with spaces", "tags: [ \"a\" ,  b c , 'd' ]\n", true},
	{"question mark in a list", "tags: [why?]\n", false},
	{"no final newline", "title: x", true},
	{"only comments", "# nothing here\n", true},
	{"empty", "", true},
	{"date not a real date", "date: 2024-13-45\n", true},
	{"dashes and underscores in keys", "lead_author: a\nfeatured-image: b\n", true},

	{"escape", `title: "a\"b"` + "\n", false},
	{"doubled single quote", "title: 'it''s'\n", false},
	{"multi-line quoted", "title: \"a\n  b\"\n", false},
	{"multi-line plain", "summary: a\n  b\n", false},
	{"block list", "tags:\n  - a\n  - b\n", false},
	{"block list at column 0", "tags:\n- a\n", false},
	{"nested map", "params:\n  x: 1\n", false},
	{"flow map", "params: {x: 1}\n", false},
	{"anchor", "a: &x \"v\"\nb: *x\n", false},
	{"null", "summary: null\n", false},
	{"empty value", "summary:\n", false},
	{"capital bool", "draft: True\n", false},
	{"bool word in list", "tags: [true]\n", false},
	{"float", "weight: 1.5\n", false},
	{"leading zero", "weight: 010\n", false},
	{"negative", "weight: -1\n", false},
	{"big number", "weight: 1234567890123456789\n", false},
	{"time without zone", "date: 2024-01-01T10:00:00\n", false},
	{"time with fraction", "date: 2024-01-01T10:00:00.5Z\n", false},
	{"impossible time", "date: 2024-02-30T10:00:00Z\n", false},
	{"tab", "title:\t\"a\"\n", false},
	{"carriage return", "title: \"a\"\r\n", false},
	{"duplicate key", "title: a\ntitle: b\n", false},
	{"trailing comma", "tags: [a, b,]\n", false},
	{"unclosed list", "tags: [a, b\n", false},
	{"no space after colon", "title:a\n", false},
	{"key with a space", "my title: a\n", false},
	{"quoted key", "\"title\": a\n", false},
	{"text after a string", "title: \"a\" b\n", false},
	{"comment without a space", "title: \"a\"# c\n", false},
	{"colon in plain text", "title: a: b\n", false},
	{"block scalar", "summary: |\n  a\n", false},
	{"tag", "title: !!str 1\n", false},
	{"document marker", "---\ntitle: a\n", false},
	{"indented key", " title: a\n", false},
	{"line separator", "title: \"a\u2028b\"\n", false},
	{"byte-order mark", "\ufefftitle: a\n", false},
	{"control character", "title: \"a\x01\"\n", false},
	{"invalid UTF-8", "title: \"a\xff\"\n", false},
	{"not a mapping", "just text\n", false},
}

func TestSimpleYAML(t *testing.T) {
	for _, tc := range simpleYAMLCases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, ok := simpleYAML([]byte(tc.src))
			if ok != tc.simple {
				t.Errorf("simpleYAML took it: %v, want %v", ok, tc.simple)
			}
			sameAsYAMLv3(t, []byte(tc.src))
		})
	}
}

// TestSimpleYAMLValues checks what the typical frontmatter decodes to, so
// that a mistake made alike in both decoders is caught too.
func TestSimpleYAMLValues(t *testing.T) {
	front, lines, ok := simpleYAML([]byte(simpleYAMLCases[1].src))
	if !ok {
		t.Fatal("simpleYAML refused the typical event")
	}
	start := time.Date(2024, 3, 5, 9, 30, 0, 0, time.FixedZone("", 3600))
	if got, _ := front["start"].(time.Time); !got.Equal(start) {
		t.Errorf("start = %v, want %v", front["start"], start)
	}
	if front["date"] != "2024-01-10" || front["online"] != true || front["location"] != "Royal College, London" {
		t.Errorf("front = %#v", front)
	}
	if lines["title"] != 1 || lines["online"] != 7 {
		t.Errorf("lines = %v, want title on 1 and online on 7", lines)
	}
}

// sameAsYAMLv3 fails t unless simpleYAML refuses src or decodes it as
// yaml.v3 does.
func sameAsYAMLv3(t *testing.T, src []byte) {
	t.Helper()
	front, lines, ok := simpleYAML(src)
	if !ok {
		return
	}
	wantFront, wantLines, err := decodeYAML(src)
	if err != nil {
		t.Fatalf("simpleYAML read %q, which yaml.v3 refuses: %v", src, err)
	}
	if !reflect.DeepEqual(front, wantFront) {
		t.Errorf("simpleYAML(%q) = %#v\nyaml.v3 gives %#v", src, front, wantFront)
	}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("simpleYAML(%q) lines = %v, yaml.v3 gives %v", src, lines, wantLines)
	}
}

func FuzzSimpleYAML(f *testing.F) {
	for _, tc := range simpleYAMLCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsYAMLv3(t, src)
	})
}
