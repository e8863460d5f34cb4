// Package lessons holds gonote's lesson library: Markdown notebooks, one per
// lesson, embedded in the binary by package notebooks. Its tests run every
// code cell of every lesson through a real kernel process.
package lessons
