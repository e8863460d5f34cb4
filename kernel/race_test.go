//go:build race

package kernel_test

// raceEnabled is true when the tests, and so the test workers, run under
// the race detector, whose runtime words some failures differently.
const raceEnabled = true
