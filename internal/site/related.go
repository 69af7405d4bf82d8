package site

import (
	"math/bits"
	"runtime"
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

// relate sets Related on every post in posts (sorted newest first): the
// maxRelated other posts with the highest score, ties going to the newer
// post, then the file name (posts' own order).
//
// The work is kept to the lists a post is in, not all pairs of posts:
// scores come from indexes of the posts under each tag, and the regions
// two such posts share are counted directly. The region lists, longer and
// less telling, are read only when posts that share no tag could still
// rank: when fewer than maxRelated posts share a tag, or the last of them
// scores no more than sharing every region would. Posts are scored on every
// core, each worker with its own score table.
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
	byTag := map[*Tag][]int32{}
	byRegion := map[*Region][]int32{}
	for i, p := range posts {
		for _, t := range p.Tags {
			byTag[t] = append(byTag[t], int32(i))
		}
		for _, reg := range p.Regions {
			byRegion[reg] = append(byRegion[reg], int32(i))
			k := bit[reg]
			sets[i*words+k/64] |= 1 << (k % 64)
		}
	}
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(posts)+chunk-1)/chunk) {
		wg.Go(func() {
			r := relater{posts: posts, sets: sets, words: words, byTag: byTag, byRegion: byRegion, score: make([]int32, len(posts))}
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

// relater is one worker's state for relate.
type relater struct {
	posts    []*Page
	sets     []uint64 // regions of each post, words bits each
	words    int
	byTag    map[*Tag][]int32
	byRegion map[*Region][]int32

	score   []int32 // by post index; zero between posts
	touched []int32 // the posts with a score
	best    [maxRelated]int32
	n       int // how many of best are set
}

func (r *relater) relate(i int32) {
	p := r.posts[i]
	r.touched, r.n = r.touched[:0], 0
	for _, t := range p.Tags {
		for _, j := range r.byTag[t] {
			if r.score[j] == 0 {
				r.touched = append(r.touched, j)
			}
			r.score[j] += tagWeight
		}
	}
	maxRegions := regionWeight * int32(len(p.Regions)) // the most sharing regions can add
	for _, j := range r.touched {
		if r.n == maxRelated && r.score[j]+maxRegions < r.score[r.best[maxRelated-1]] {
			continue // cannot rank, whatever regions it shares
		}
		r.score[j] += regionWeight * r.shared(i, j)
		r.consider(i, j)
	}
	if r.n < maxRelated || r.score[r.best[r.n-1]] <= maxRegions {
		for _, reg := range p.Regions {
			for _, j := range r.byRegion[reg] {
				if r.score[j] == 0 { // shares no tag, and not yet seen
					r.score[j] = regionWeight * r.shared(i, j)
					r.touched = append(r.touched, j)
					r.consider(i, j)
				}
			}
		}
	}
	for _, j := range r.touched {
		r.score[j] = 0
	}
	if r.n > 0 {
		p.Related = make([]*Page, r.n)
		for k := range r.n {
			p.Related[k] = r.posts[r.best[k]]
		}
	}
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
