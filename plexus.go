// Package plexus holds the default theme, embedded so that the plexus
// binary builds a site that has only content/ and config.toml. The theme is
// the repository's own layouts/ and static/ folders (the repository root is
// also the example site); render and publish receive it as an fs.FS.
package plexus

import "embed"

// Theme holds layouts/ and static/ of the default theme. The "all:"
// prefix keeps folders such as layouts/_default, which embed would
// otherwise skip for their leading underscore.
//
//go:embed all:layouts all:static
var Theme embed.FS
