package engine

import (
	"reflect"
)

// errorsAs is errors.As for interpreted code. The standard one rejects a
// target whose type yaegi built at run time ("*target must be interface or
// implement error": reflect sees no methods on it), and cannot see through
// the wrapper yaegi puts around an interpreted value passed as an error.
// This one compares the wrapped value's type with the target's, then goes
// down the Unwrap chain (and trees) as errors.As does.
func errorsAs(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	if val.Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	return errorsAsValue(err, target, val.Elem())
}

func errorsAsValue(err error, target any, dst reflect.Value) bool {
	for err != nil {
		v := unwrapInterp(reflect.ValueOf(err))
		if v.Type().AssignableTo(dst.Type()) {
			dst.Set(v)
			return true
		}
		if v.Type() != reflect.TypeOf(err) && reflect.TypeOf(err).AssignableTo(dst.Type()) {
			dst.Set(reflect.ValueOf(err))
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && errorsAsValue(e, target, dst) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// unwrapInterp returns the interpreted value inside one of yaegi's
// interface wrappers (a struct whose first field is IValue), or v itself.
func unwrapInterp(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if t := v.Type(); t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Name == "IValue" {
		if inner := v.Field(0); inner.IsValid() && !inner.IsNil() {
			return inner.Elem()
		}
	}
	return v
}
