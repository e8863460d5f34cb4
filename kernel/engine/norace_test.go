//go:build !race

package engine

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = false
