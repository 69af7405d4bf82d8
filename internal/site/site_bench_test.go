package site

import (
	"fmt"
	"math/rand/v2"
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

// BenchmarkRelate relates posts shaped like the benchmark corpus's (1 to 4
// of 30 topics, one of 7 regions), at 10,000 and 100,000 posts.
func BenchmarkRelate(b *testing.B) {
	tags := make([]*Tag, 30)
	for k := range tags {
		tags[k] = &Tag{Key: fmt.Sprint("t", k)}
	}
	regions := make([]*Region, 7)
	for k := range regions {
		regions[k] = &Region{Key: fmt.Sprint("r", k)}
	}
	for _, n := range []int{10000, 100000} {
		posts := make([]*Page, n)
		seed := uint32(1)
		rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
		for i := range posts {
			p := &Page{Regions: []*Region{regions[rnd(len(regions))]}}
			for _, k := range rand.New(rand.NewPCG(uint64(i), 1)).Perm(len(tags))[:1+rnd(4)] {
				p.Tags = append(p.Tags, tags[k])
			}
			posts[i] = p
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				relate(posts, regions)
			}
		})
	}
	// Posts with many topics each, far more than pairTopics: their groups
	// are not indexed by pair.
	many := make([]*Tag, 400)
	for k := range many {
		many[k] = &Tag{Key: fmt.Sprint("m", k)}
	}
	posts := make([]*Page, 2000)
	for i := range posts {
		p := &Page{Regions: []*Region{regions[i%len(regions)]}}
		for _, k := range rand.New(rand.NewPCG(uint64(i), 2)).Perm(len(many))[:30] {
			p.Tags = append(p.Tags, many[k])
		}
		posts[i] = p
	}
	b.Run("2000x30topics", func(b *testing.B) {
		for b.Loop() {
			relate(posts, regions)
		}
	})
}
