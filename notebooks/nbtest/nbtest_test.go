package nbtest

import (
	"strings"
	"testing"
)

const valid = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "abc",
   "metadata": {},
   "outputs": [],
   "source": []
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		canonical bool
		want      string // "" for valid
	}{
		{"valid", valid, false, ""},
		{"valid and canonical", valid, true, ""},
		{"valid, not canonical", strings.ReplaceAll(valid, "\n ", "\n  "), true, "not byte for byte"},
		{"missing cell id", strings.Replace(valid, `   "id": "abc",`+"\n", "", 1), false, "had to repair"},
		{"bad cell id", strings.Replace(valid, `"id": "abc"`, `"id": "a b"`, 1), false, "ValidationError"},
		{"cells not a list", strings.Replace(valid, `"cells": [`, `"cells": {"x": [`, 1) + "}", false, "Error"},
		{"wrong minor version", strings.Replace(valid, `"nbformat_minor": 5`, `"nbformat_minor": 4`, 1), false, "not nbformat 4.5"},
		{"not JSON", "{", false, "JSONDecodeError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := check(tt.canonical, t.TempDir(), []byte(tt.doc))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("check(%s) = %v, want valid", tt.name, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("check(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
		})
	}
}

// TestCheckNoPython checks that a missing validator is an error, never a
// silent pass.
func TestCheckNoPython(t *testing.T) {
	t.Setenv("GONOTE_PYTHON", "/nonexistent/python3")
	if err := Check(t.TempDir(), []byte(valid)); err == nil || !strings.Contains(err.Error(), "could not run") {
		t.Errorf("Check with no Python = %v, want an error saying the validator could not run", err)
	}
}
