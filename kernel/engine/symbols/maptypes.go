package symbols

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"reflect"
)

// MapTypes returns the extra interface wrappers yaegi needs where Go
// relies on a dynamic interface check that reflection cannot see on an
// interpreted value:
//
//   - for compiled functions that take any but treat some interfaces
//     specially (fmt.Println calls String), the interfaces an interpreted
//     argument is wrapped as when it has their methods;
//   - for the wrappers of io.Reader, io.Writer and http.ResponseWriter,
//     composed wrappers that also carry an optional method callers test
//     for (io.Copy uses WriteTo and ReadFrom), preferred when the value
//     has it.
//
// Each list runs from the most to the least specific. Give the map to
// interp.Interpreter.Use under the key "."; each call builds a new one.
// The packages of the interfaces listed for a function's package must be
// among that package's Deps (symgen's mapTypeDeps).
func MapTypes() map[reflect.Value][]reflect.Type {
	m := map[reflect.Value][]reflect.Type{}
	printing := []reflect.Type{reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[fmt.Stringer]()}
	for _, f := range []any{
		fmt.Append, fmt.Appendf, fmt.Appendln, fmt.Errorf,
		fmt.Fprint, fmt.Fprintf, fmt.Fprintln,
		fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln,
		log.Fatal, log.Fatalf, log.Fatalln,
		log.Panic, log.Panicf, log.Panicln,
		log.Print, log.Printf, log.Println,
	} {
		m[reflect.ValueOf(f)] = printing
	}
	scanning := []reflect.Type{reflect.TypeFor[fmt.Scanner]()}
	for _, f := range []any{
		fmt.Fscan, fmt.Fscanf, fmt.Fscanln,
		fmt.Scan, fmt.Scanf, fmt.Scanln,
		fmt.Sscan, fmt.Sscanf, fmt.Sscanln,
	} {
		m[reflect.ValueOf(f)] = scanning
	}
	jsonOut := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	m[reflect.ValueOf(json.Marshal)] = jsonOut
	m[reflect.ValueOf(json.MarshalIndent)] = jsonOut
	m[reflect.ValueOf(json.Unmarshal)] = []reflect.Type{reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}
	xmlOut := []reflect.Type{reflect.TypeFor[xml.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	m[reflect.ValueOf(xml.Marshal)] = xmlOut
	m[reflect.ValueOf(xml.MarshalIndent)] = xmlOut
	m[reflect.ValueOf(xml.Unmarshal)] = []reflect.Type{reflect.TypeFor[xml.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}

	m[reflect.ValueOf((*_io_Reader)(nil))] = []reflect.Type{reflect.TypeFor[readerWriterTo]()}
	m[reflect.ValueOf((*_io_Writer)(nil))] = []reflect.Type{reflect.TypeFor[writerReaderFrom]()}
	m[reflect.ValueOf((*_net_http_ResponseWriter)(nil))] = []reflect.Type{reflect.TypeFor[responseWriterHijacker]()}
	return m
}
