package site

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// The weights of what two posts share, for Related: a shared topic says
// more about a post than a shared region, which many posts have.
const (
	tagWeight    = 3
	regionWeight = 1
	maxRelated   = 3
)

// pairTopics is the most topics a group can have and be indexed by each
// pair of them: a group of n topics has n(n-1)/2 pairs. Groups with more
// are read along with every pair's groups, and their posts related without
// the pairs.
const pairTopics = 8

// relate sets Related on every post in posts (sorted newest first): the
// maxRelated other posts with the highest score, ties going to the newer
// post, then the file name (posts' own order).
//
// The work is kept to the lists a post is in, not all pairs of posts, and
// to the few posts that can rank. Posts with the same topics form a group,
// whose members share the same number of topics with any post; a post's
// groups are scored from indexes of the groups under each topic, and then
// read best first, each group's members newest first, stopping once no
// member left can rank. (Scoring posts one by one instead grows with the
// square of the site: at 100,000 posts every post would read some 30,000
// entries.) The region lists, longer and less telling, are read only when
// posts that share no topic could still rank: when fewer than maxRelated
// posts share a topic, or the last of them scores no more than sharing
// every region would. Most posts of a large site need less still
// (allTopics): when enough posts have all of its topics, only their groups
// are read; and posts with three topics or more, when posts with all or
// all but one of them are enough (nearTopics), read only the groups with
// the topic pairs those share. Posts are scored on every core, each worker
// with its own score tables.
func relate(posts []*Page, regions []*Region) {
	if len(posts) < 2 {
		return
	}
	// Each post's regions as a bit set, words per post, so that counting
	// the regions two posts share reads two small words, not two pages.
	words := (len(regions) + 63) / 64
	bit := make(map[*Region]int, len(regions))
	for k, reg := range regions {
		bit[reg] = k
	}
	sets := make([]uint64, len(posts)*words)
	byRegion := map[*Region][]int32{}
	for i, p := range posts {
		for _, reg := range p.Regions {
			byRegion[reg] = append(byRegion[reg], int32(i))
			k := bit[reg]
			sets[i*words+k/64] |= 1 << (k % 64)
		}
	}
	groups, groupOf, byTag, ids := tagGroups(posts)
	// Each group's topics and each post's, as bit sets, tagWords words
	// each, so that a group holding all of a post's topics is told by a
	// word or two.
	tagWords := (len(ids) + 63) / 64
	groupTags := make([]uint64, len(groups)*tagWords)
	for g, members := range groups {
		for _, t := range posts[members[0]].Tags {
			groupTags[g*tagWords+ids[t]/64] |= 1 << (ids[t] % 64)
		}
	}
	// The groups with each pair of topics, for nearTopics: far fewer than
	// with each topic once a site has every combination of a few topics.
	// Like every list of groups, each is in the groups' order.
	byPair := map[[2]int32][]int32{}
	var wide []int32                       // the groups with more than pairTopics topics
	topics := make([][]int32, len(groups)) // each group's topic numbers, ascending
	for g, members := range groups {
		for _, t := range posts[members[0]].Tags {
			topics[g] = append(topics[g], int32(ids[t]))
		}
		slices.Sort(topics[g])
		if len(topics[g]) > pairTopics {
			wide = append(wide, int32(g))
			continue
		}
		for a, ta := range topics[g] {
			for _, tb := range topics[g][a+1:] {
				byPair[[2]int32{ta, tb}] = append(byPair[[2]int32{ta, tb}], int32(g))
			}
		}
	}
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(posts)+chunk-1)/chunk) {
		wg.Go(func() {
			r := relater{posts: posts, sets: sets, words: words, groups: groups, groupOf: groupOf, byTag: byTag,
				groupTags: groupTags, tagWords: tagWords, topics: topics, byPair: byPair, wide: wide,
				mask:     make([]uint64, tagWords),
				byRegion: byRegion, score: make([]int32, len(posts)), groupScore: make([]int32, len(groups))}
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(posts) {
					return
				}
				for i := lo; i < min(lo+chunk, len(posts)); i++ {
					r.relate(int32(i))
				}
			}
		})
	}
	wg.Wait()
}

// tagGroups groups the posts that have the same topics (the same set),
// each group's members in posts' order, says which group each post is in
// (-1 for none: no topics), indexes the groups under each topic, and
// numbers the topics from 0.
func tagGroups(posts []*Page) (groups [][]int32, groupOf []int32, byTag map[*Tag][]int32, ids map[*Tag]int) {
	ids = map[*Tag]int{}
	index := map[string]int32{}
	byTag = map[*Tag][]int32{}
	groupOf = make([]int32, len(posts))
	var key []byte
	for i, p := range posts {
		groupOf[i] = -1
		if len(p.Tags) == 0 {
			continue
		}
		tags := slices.Clone(p.Tags)
		for _, t := range tags {
			if _, ok := ids[t]; !ok {
				ids[t] = len(ids)
			}
		}
		slices.SortFunc(tags, func(a, b *Tag) int { return ids[a] - ids[b] })
		key = key[:0]
		for _, t := range tags {
			key = binary.AppendUvarint(key, uint64(ids[t]))
		}
		g, ok := index[string(key)]
		if !ok {
			g = int32(len(groups))
			index[string(key)] = g
			groups = append(groups, nil)
			for _, t := range tags {
				byTag[t] = append(byTag[t], g)
			}
		}
		groups[g] = append(groups[g], int32(i))
		groupOf[i] = g
	}
	return groups, groupOf, byTag, ids
}

// relater is one worker's state for relate.
type relater struct {
	posts    []*Page
	sets     []uint64 // regions of each post, words bits each
	words    int
	groups   [][]int32        // posts with the same topics
	groupOf  []int32          // each post's group, -1 for none
	byTag    map[*Tag][]int32 // the groups with each topic
	byRegion map[*Region][]int32

	groupTags []uint64 // each group's topics, tagWords bits each
	tagWords  int
	topics    [][]int32            // each group's topic numbers, ascending
	byPair    map[[2]int32][]int32 // the groups with each pair of topics, but for wide ones
	wide      []int32              // the groups with more than pairTopics topics
	pairs     []pair               // nearTopics' pairs of the post's topics
	mask      []uint64             // nearTopics' topics but one

	score      []int32   // by post index; zero between posts
	touched    []int32   // the posts with a score
	groupScore []int32   // by group; zero between posts
	hit        []int32   // the groups with a score
	tiers      [][]int32 // hit, by how many topics they share
	best       [maxRelated]int32
	n          int     // how many of best are set
	block      []*Page // the free end of the block Related slices are cut from
}

func (r *relater) relate(i int32) {
	p := r.posts[i]
	r.touched, r.n = r.touched[:0], 0
	if !r.allTopics(i) && !r.nearTopics(i) {
		r.tiered(i)
	}
	r.clear()
	if r.n > 0 {
		// From a block shared by many posts: one small slice a post was
		// 100,000 objects for the collector to mark at 100,000 posts.
		if len(r.block) < r.n {
			r.block = make([]*Page, 1024*maxRelated)
		}
		p.Related, r.block = r.block[:r.n:r.n], r.block[r.n:]
		for k := range r.n {
			p.Related[k] = r.posts[r.best[k]]
		}
	}
}

// allTopics relates post i the short way when it can, as most posts of a
// large site can: when at least maxRelated other posts have exactly its
// topics (its group) and its regions add less than one topic's weight. Then
// the best are among the posts with all of its topics (withAll): a post
// lacking one topic scores less than any of them. It reports whether it
// could; if not, tiered does it all.
func (r *relater) allTopics(i int32) bool {
	p := r.posts[i]
	g := r.groupOf[i] // a group has its members' topics
	if g < 0 || len(r.groups[g]) <= maxRelated || len(p.Regions)*regionWeight >= tagWeight {
		return false
	}
	a, b := r.withAll(g)
	r.scoreFrom(i, a, b, r.tagsOf(g), -1, int32(tagWeight*len(p.Tags)))
	return true
}

// withAll returns two lists, each in the groups' order, that between them
// hold every group with all of group g's topics: the groups of g's pair of
// topics with the fewest and the wide groups, or those of g's topic with
// the fewest when g has one topic or more than pairTopics. It leaves g's
// pairs in r.pairs when it uses them.
func (r *relater) withAll(g int32) (a, b []int32) {
	ts := r.topics[g]
	if len(ts) >= 2 && len(ts) <= pairTopics {
		r.pairsOf(ts)
		return r.rarestPair(-1), r.wide
	}
	for k, t := range r.posts[r.groups[g][0]].Tags {
		if k == 0 || len(r.byTag[t]) < len(a) {
			a = r.byTag[t]
		}
	}
	return a, nil
}

// scoreFrom scores for post i the groups of a and b (two lists of
// different groups, each in the groups' order) that have every topic in
// the bit set has and not topic lacks (-1: none), and so share topics
// scoring tagScore with it. It reads them in the groups' order and stops
// at the first whose newest post cannot rank.
func (r *relater) scoreFrom(i int32, a, b []int32, has []uint64, lacks, tagScore int32) {
	maxRegions := regionWeight * int32(len(r.posts[i].Regions))
	for len(a) > 0 || len(b) > 0 {
		var h int32
		if len(b) == 0 || len(a) > 0 && a[0] < b[0] {
			h, a = a[0], a[1:]
		} else {
			h, b = b[0], b[1:]
		}
		if lacks >= 0 && r.tagsOf(h)[lacks/64]&(1<<(lacks%64)) != 0 || !r.covers(h, has) {
			continue
		}
		if r.scoreGroup(i, h, tagScore, maxRegions) {
			return
		}
	}
}

// nearTopics relates post i, which has k topics (3 <= k <= pairTopics), from the groups
// with all k of them and then those with exactly k-1, when that is enough:
// when it finds maxRelated posts that score more than any post sharing
// k-2 topics could. Each of these groups has a pair of the post's topics
// and is found from the pair with the fewest groups. It reports whether
// it was enough; if not, it undoes its scores and tiered does it all.
func (r *relater) nearTopics(i int32) bool {
	g := r.groupOf[i]
	if g < 0 || len(r.topics[g]) < 3 || len(r.topics[g]) > pairTopics {
		return false
	}
	ts := r.topics[g]
	k := int32(len(ts))
	a, b := r.withAll(g) // leaves g's pairs
	r.scoreFrom(i, a, b, r.tagsOf(g), -1, k*tagWeight)
	for skip, t := range ts {
		copy(r.mask, r.tagsOf(g))
		r.mask[t/64] &^= 1 << (t % 64)
		// Lacking t: the groups with all k were scored above.
		r.scoreFrom(i, r.rarestPair(int32(skip)), r.wide, r.mask, t, (k-1)*tagWeight)
	}
	maxRegions := regionWeight * int32(len(r.posts[i].Regions))
	if r.n == maxRelated && (k-2)*tagWeight+maxRegions < r.score[r.best[maxRelated-1]] {
		return true
	}
	r.clear()
	r.touched, r.n = r.touched[:0], 0
	return false
}

// pair is two of a post's topics, by their place in its list, and the
// groups with both.
type pair struct {
	a, b   int32
	groups []int32
}

// pairsOf looks up the groups of every pair of topics in ts, once for the
// rarestPair calls of one post.
func (r *relater) pairsOf(ts []int32) {
	r.pairs = r.pairs[:0]
	for a, ta := range ts {
		for b := a + 1; b < len(ts); b++ {
			r.pairs = append(r.pairs, pair{int32(a), int32(b), r.byPair[[2]int32{ta, ts[b]}]})
		}
	}
}

// rarestPair returns the groups of the pair from pairsOf, leaving out the
// topic at skip (none when skip is -1), that has the fewest.
func (r *relater) rarestPair(skip int32) []int32 {
	var rarest []int32
	first := true
	for _, p := range r.pairs {
		if p.a != skip && p.b != skip && (first || len(p.groups) < len(rarest)) {
			rarest, first = p.groups, false
		}
	}
	return rarest
}

// tagsOf is group g's topics as a bit set.
func (r *relater) tagsOf(g int32) []uint64 {
	return r.groupTags[int(g)*r.tagWords : int(g+1)*r.tagWords]
}

// covers reports whether group h has every topic in the bit set ts.
func (r *relater) covers(h int32, ts []uint64) bool {
	ht := r.tagsOf(h)
	for k, w := range ts {
		if ht[k]&w != w {
			return false
		}
	}
	return true
}

// clear zeroes the scores relating one post left.
func (r *relater) clear() {
	for _, g := range r.hit {
		r.groupScore[g] = 0
	}
	r.hit = r.hit[:0]
	for _, j := range r.touched {
		r.score[j] = 0
	}
}

// tiered finds post i's related posts by scoring every group that shares
// a topic with it, best tier first, and the posts that share only regions
// when they could rank.
func (r *relater) tiered(i int32) {
	p := r.posts[i]
	// Score the groups that share a topic, and sort them into tiers by
	// how many topics they share.
	r.hit = r.hit[:0]
	for _, t := range p.Tags {
		for _, g := range r.byTag[t] {
			if r.groupScore[g] == 0 {
				r.hit = append(r.hit, g)
			}
			r.groupScore[g] += tagWeight
		}
	}
	for k := range r.tiers {
		r.tiers[k] = r.tiers[k][:0]
	}
	for _, g := range r.hit {
		tier := int(r.groupScore[g] / tagWeight)
		for len(r.tiers) <= tier {
			r.tiers = append(r.tiers, nil)
		}
		r.tiers[tier] = append(r.tiers[tier], g)
	}
	maxRegions := regionWeight * int32(len(p.Regions)) // the most sharing regions can add
	for tier := len(r.tiers) - 1; tier > 0; tier-- {
		tagScore := int32(tier * tagWeight)
		if r.n == maxRelated && tagScore+maxRegions < r.score[r.best[maxRelated-1]] {
			break // no post of this tier or below can rank
		}
		for _, g := range r.tiers[tier] {
			r.scoreGroup(i, g, tagScore, maxRegions)
		}
	}
	if r.n < maxRelated || r.score[r.best[r.n-1]] <= maxRegions {
		for _, reg := range p.Regions {
			for _, j := range r.byRegion[reg] {
				// Shares no topic (its group has no score), and not yet seen.
				if g := r.groupOf[j]; r.score[j] == 0 && (g < 0 || r.groupScore[g] == 0) {
					r.score[j] = regionWeight * r.shared(i, j)
					r.touched = append(r.touched, j)
					r.consider(i, j)
				}
			}
		}
	}
}

// scoreGroup considers the members of group g, which share topics scoring
// tagScore with post i, newest first, until none left can rank. It reports
// whether its first member could not: then no member of a group with a
// later first member and the same score for topics can either. (Groups are
// numbered in the order of their first members, and so are the lists of
// groups by topic and by pair of topics.)
func (r *relater) scoreGroup(i, g, tagScore, maxRegions int32) (none bool) {
	for k, j := range r.groups[g] {
		if r.n == maxRelated {
			last := r.best[maxRelated-1]
			if tagScore+maxRegions < r.score[last] || tagScore+maxRegions == r.score[last] && j > last {
				return k == 0 // this and every later (older) member rank below the last
			}
		}
		if j == i {
			continue
		}
		r.score[j] = tagScore + regionWeight*r.shared(i, j)
		r.touched = append(r.touched, j)
		r.consider(i, j)
	}
	return false
}

// shared counts the regions posts i and j share.
func (r *relater) shared(i, j int32) int32 {
	if r.words == 1 {
		return int32(bits.OnesCount64(r.sets[i] & r.sets[j]))
	}
	a := r.sets[int(i)*r.words : int(i+1)*r.words]
	b := r.sets[int(j)*r.words : int(j+1)*r.words]
	var n int
	for k := range a {
		n += bits.OnesCount64(a[k] & b[k])
	}
	return int32(n)
}

// consider puts post j among the best for post i if it ranks there.
func (r *relater) consider(i, j int32) {
	if j == i {
		return
	}
	k := r.n
	for k > 0 && better(r.score, j, r.best[k-1]) {
		k--
	}
	if k == maxRelated {
		return
	}
	if r.n < maxRelated {
		r.n++
	}
	copy(r.best[k+1:r.n], r.best[k:r.n-1])
	r.best[k] = j
}

// better reports whether post i ranks above post j: a higher score, or an
// equal one and an earlier place in the site's order.
func better(score []int32, i, j int32) bool {
	return score[i] > score[j] || score[i] == score[j] && i < j
}
