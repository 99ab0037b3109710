package graph

import (
	"reflect"
	"testing"
)

// TestClone checks that a clone equals its original and shares nothing
// with it: every map, slice and pointer of the clone is changed and the
// original must not see it. The originals set every field that holds
// one, so that a field added later fails here until Clone copies it.
func TestClone(t *testing.T) {
	v := 4.5
	e := Entity{ID: "e", Names: map[string]string{"en": "E"}, Aliases: map[string][]string{"en": {"a"}},
		Demonyms: map[string][]string{"en": {"d"}}}
	r := Relation{ID: "r", Intensity: &v, Participants: []Participant{{Entity: "p", Role: "r"}},
		Evidence: []Evidence{{Article: "a"}}, Modalities: map[Modality]int{Asserted: 1}}
	for _, orig := range []any{&e, &r} {
		var clone any
		switch o := orig.(type) {
		case *Entity:
			c := o.Clone()
			clone = &c
		case *Relation:
			c := o.Clone()
			clone = &c
		}
		if !reflect.DeepEqual(orig, clone) {
			t.Fatalf("the clone %+v differs from %+v", clone, orig)
		}
		want := reflect.ValueOf(orig).Elem()
		deep := deepCopy(want)
		scramble(t, reflect.ValueOf(clone).Elem())
		if !reflect.DeepEqual(want.Interface(), deep.Interface()) {
			t.Errorf("changing the clone changed the original: %+v, was %+v", want.Interface(), deep.Interface())
		}
	}
}

// scramble changes what every map, slice and pointer field of v holds,
// and the lists a map holds.
func scramble(t *testing.T, v reflect.Value) {
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.Map:
			if f.Len() == 0 {
				t.Fatalf("the original's %s is empty: fill it", name)
			}
			for _, k := range f.MapKeys() {
				if v := f.MapIndex(k); v.Kind() == reflect.Slice && v.Len() > 0 { // a list shared would show
					v.Index(0).Set(reflect.Zero(v.Type().Elem()))
				}
				f.SetMapIndex(k, reflect.Zero(f.Type().Elem()))
			}
			f.SetMapIndex(reflect.Zero(f.Type().Key()), reflect.Zero(f.Type().Elem()))
		case reflect.Slice:
			if f.Len() == 0 {
				t.Fatalf("the original's %s is empty: fill it", name)
			}
			f.Index(0).Set(reflect.Zero(f.Type().Elem()))
		case reflect.Pointer:
			if f.IsNil() {
				t.Fatalf("the original's %s is nil: set it", name)
			}
			f.Elem().Set(reflect.Zero(f.Type().Elem()))
		}
	}
}

// deepCopy copies v through its maps, slices and pointers.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for _, k := range v.MapKeys() {
			out.SetMapIndex(k, deepCopy(v.MapIndex(k)))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(deepCopy(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(deepCopy(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			out.Field(i).Set(deepCopy(v.Field(i)))
		}
		return out
	}
	return v
}
