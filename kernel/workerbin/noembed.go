//go:build !gonote_embed_worker

package workerbin

// binary is empty: this build embeds no worker (see the package comment).
var binary []byte
