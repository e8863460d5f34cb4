//go:build race

package cellc

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = true
