//go:build gonote_embed_worker

package workerbin

import _ "embed"

// binary is gonote-kernel, built by make build just before gonote.
//
//go:embed gonote-kernel
var binary []byte
