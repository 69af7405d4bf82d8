package site

import (
	"testing"

	"plexus/internal/config"
	"plexus/internal/content"
)

// BenchmarkDecode reads one parsed post's and one event's frontmatter into
// typed pages, as the benchmark corpus (../shared/bench) writes them: the
// per-file share of the site stage. BenchmarkNew (site_test.go) measures
// the site graph of 12,000 such pages.
func BenchmarkDecode(b *testing.B) {
	cfg, err := config.Parse([]byte(`title = "Bench"
baseURL = "https://example.org/"
[regions.london]
[regions.north-west]
[regions.midlands]
`))
	if err != nil {
		b.Fatal(err)
	}
	for _, tt := range []struct{ name, path, src string }{
		{"post", "posts/building-a-community-of-practice.md", `---
title: "Building a physiotherapy community of practice"
date: 2025-11-05T01:01:00Z
author: "Thomas Wilson"
regions: ["london", "north-west"]
tags: ["physiotherapy", "gout", "osteoporosis"]
summary: "Each screening one deprivation delivery is be most data not delivery priorities who engagement."
draft: false
---
Body.
`},
		{"event", "events/annual-commissioning-conference-2024.md", `---
title: "Annual commissioning conference 2024"
date: 2024-08-28T03:00:00Z
start: 2024-09-17T10:00:00Z
end: 2024-09-17T12:00:00Z
location: "Cambridge Judge Business School"
regions: ["midlands"]
registration: "https://events.example.org/register/annual-commissioning-conference-2024"
tags: ["commissioning"]
summary: "Its inequalities self-management support or joint population leaflets quality conference."
draft: false
---
Body.
`},
	} {
		b.Run(tt.name, func(b *testing.B) {
			f, err := content.Parse(tt.path, []byte(tt.src))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Decode(cfg, f); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(cfg, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
