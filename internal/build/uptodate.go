package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"time"

	"plexus/internal/config"
	"plexus/internal/render"
	"plexus/internal/site"
	"plexus/internal/treehash"
)

// A build that succeeds leaves a record beside its output folder
// (.public.plexus-build for public/): what it was built from, what it
// wrote, and until when that output holds. The next build of the same
// inputs into an output that is as that build left it, at a time the output
// still holds for, does nothing: the output is what it would write, byte
// for byte (builds are deterministic). Inputs and outputs are compared by
// each file's path, size, modification time and mode, as make and rsync
// do, and each folder's path (package treehash). The output's sum comes
// from publish, which adds up the files as it writes them, so recording a
// build does not walk its output again.
//
// The output holds from the build's now until the first of: a page's date
// or update, or an event's start or end, after that now (a post becomes
// published, an event past); a new year, when a template shows the year;
// and at once when a template reads the time otherwise, or an empty feed
// is dated by it. So a build with --now fixed holds until its inputs
// change, and a build by the clock until its content's next date.
type record struct {
	Inputs  string    // hash of what the build read
	Outputs string    // hash of the output folder as the build left it
	From    time.Time // the build's now
	Until   time.Time // when the output stops holding; zero: never
	Result  Result
}

// recordPath is where the record of builds into dest is kept.
func recordPath(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".plexus-build")
}

// inputsHash hashes what a build of src with opts reads: config.toml's
// text, every file of content/, layouts/ and static/, the options, and the
// plexus binary itself (which holds the theme). It returns "" when the
// build cannot be compared with another (checking other sites' links, a
// theme from elsewhere, or a Session's, which keeps its site in memory),
// or has no use for a record (plexus check's, StrictLinks, into a folder
// it throws away).
func inputsHash(src string, opts Options, cfgText []byte) string {
	if opts.External || opts.StrictLinks || opts.Theme != nil || opts.Cache != nil {
		return ""
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	h := sha256.New()
	if !stamp(h, exe, "plexus") {
		return ""
	}
	fmt.Fprintf(h, "options %t %t %q %v\n", opts.Drafts, opts.Future, opts.BaseURL, orDefault(opts.Minify))
	fmt.Fprintf(h, "config %d %s\n", len(cfgText), cfgText)
	for _, dir := range []string{"content", render.Dir, "static"} {
		sum, err := treehash.Tree(filepath.Join(src, dir))
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s %s\n", dir, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// outputsHash sums the output folder (see package treehash); "" when it
// cannot be read.
func outputsHash(dest string) string {
	sum, err := treehash.Tree(dest)
	if err != nil {
		return ""
	}
	return sum
}

// stamp writes one file's path, size, time and mode to h.
func stamp(h hash.Hash, name, as string) bool {
	info, err := os.Stat(name)
	if err != nil {
		return false
	}
	fmt.Fprintf(h, "%s %q %d %d %v\n", as, name, info.Size(), info.ModTime().UnixNano(), info.Mode())
	return true
}

// orDefault shows an optional flag.
func orDefault(b *bool) string {
	if b == nil {
		return "default"
	}
	return fmt.Sprint(*b)
}

// upToDate returns the result of the last build into dest when that build
// read the same inputs, its output is untouched and it holds at now.
func upToDate(dest, inputs string, now time.Time) (*Result, bool) {
	if inputs == "" {
		return nil, false
	}
	b, err := os.ReadFile(recordPath(dest))
	if err != nil {
		return nil, false
	}
	var rec record
	if json.Unmarshal(b, &rec) != nil || rec.Inputs != inputs || now.Before(rec.From) ||
		!rec.Until.IsZero() && !now.Before(rec.Until) || rec.Outputs != outputsHash(dest) {
		return nil, false
	}
	return &rec.Result, true
}

// until is when the output of a site built at now stops holding (see
// record); zero for never.
func until(now time.Time, pages []*site.Page, use render.NowUse, cfg *config.Config) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range pages {
		consider(p.Date)
		consider(p.Updated)
		if p.Event != nil {
			consider(p.Event.Start)
			consider(p.Event.End)
		}
	}
	switch use {
	case render.NowYear:
		local := now.In(cfg.Location)
		consider(time.Date(local.Year()+1, 1, 1, 0, 0, 0, 0, cfg.Location))
	case render.NowAny:
		return now
	}
	return next
}

// remember writes the record of a successful build whose output sums to
// outputs (see package treehash); "" sums dest. A record that cannot be
// written costs the next build its shortcut, nothing more.
func remember(dest, inputs, outputs string, now, until time.Time, res *Result) {
	path := recordPath(dest)
	if inputs == "" {
		os.Remove(path)
		return
	}
	if outputs == "" {
		outputs = outputsHash(dest)
	}
	if outputs == "" {
		os.Remove(path)
		return
	}
	b, err := json.Marshal(record{Inputs: inputs, Outputs: outputs, From: now, Until: until, Result: *res})
	if err != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) != nil || os.Rename(tmp, path) != nil {
		os.Remove(tmp)
	}
}
