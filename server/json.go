package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// decodeJSON decodes exactly one JSON value from r into v; trailing data
// after it is an error.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty body")
		}
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return err
		}
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}
