package ontology_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func ptr(f float64) *float64 { return &f }

// load reads a YAML file from disk with ontology.Load.
func load(t *testing.T, path string) ([]ontology.Type, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ontology.Load(f, filepath.Base(path))
}

// wantInvalid fails unless err is a *graph.Error with code EInvalid whose
// message contains every part.
func wantInvalid(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	if c := graph.ErrorCode(err); c != graph.EInvalid {
		t.Errorf("code = %q, want %q (error: %v)", c, graph.EInvalid, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

func TestBuiltin(t *testing.T) {
	types, err := load(t, "builtin.yaml")
	if err != nil {
		t.Fatalf("Load(builtin.yaml): %v", err)
	}
	v, err := new(ontology.Vocabulary).Extend(types)
	if err != nil {
		t.Fatalf("Extend(builtin.yaml): %v", err)
	}
	got := ontology.Default().Types()
	if len(got) != len(types) || len(v.Types()) != len(types) {
		t.Fatalf("Default has %d types, builtin.yaml %d", len(got), len(types))
	}
	if !slices.IsSortedFunc(got, func(a, b ontology.Type) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("Types() is not sorted by id")
	}
	for _, typ := range got {
		t.Run(typ.ID, func(t *testing.T) {
			if !idRE.MatchString(typ.ID) || typ.Label == "" || typ.Description == "" {
				t.Errorf("bad id, label or description: %+v", typ)
			}
			switch typ.Class {
			case ontology.ClassEvent:
				// CAMEO's codes are directed (a source acts on a target): a
				// symmetric event type (clashes_with) may have none.
				if typ.CAMEO == "" && !typ.Symmetric || typ.QuadClass < 1 || typ.QuadClass > 4 || typ.Intensity == nil || typ.Interval() {
					t.Errorf("incomplete event type: %+v", typ)
				}
				if back, ok := ontology.Default().ByCAMEO(typ.CAMEO); typ.CAMEO != "" && (!ok || back.ID != typ.ID) {
					t.Errorf("ByCAMEO(%q) = %q, %v", typ.CAMEO, back.ID, ok)
				}
			case ontology.ClassStructural:
				if typ.PLOVER != "" || typ.CAMEO != "" || typ.QuadClass != 0 || typ.Intensity != nil || !typ.Interval() {
					t.Errorf("structural type with event coding: %+v", typ)
				}
			default:
				t.Errorf("class %q", typ.Class)
			}
			for _, name := range append([]string{typ.ID, typ.Label}, typ.Aliases...) {
				if l, err := ontology.Default().Lookup(name); err != nil || l.ID != typ.ID {
					t.Errorf("Lookup(%q) = %q, %v", name, l.ID, err)
				}
			}
		})
	}
	// Every CAMEO root resolves, so GDELT import never drops an event.
	for root := 1; root <= 20; root++ {
		code := string([]byte{byte('0' + root/10), byte('0' + root%10)})
		if _, ok := ontology.Default().ByCAMEO(code + "0"); !ok {
			t.Errorf("CAMEO root %s has no type", code)
		}
	}
}

func TestPLOVERDefaults(t *testing.T) {
	cats := ontology.PLOVERTypes()
	if len(cats) != 16 {
		t.Fatalf("%d PLOVER types, want 16", len(cats))
	}
	for _, c := range cats {
		t.Run(c, func(t *testing.T) {
			n := 0
			for _, typ := range ontology.Default().Types() {
				if typ.PLOVER == c && typ.PLOVERDefault {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d defaults for %s, want 1", n, c)
			}
			typ, ok := ontology.Default().ByPLOVER(c, "")
			if !ok || typ.PLOVER != c || !typ.PLOVERDefault {
				t.Errorf("ByPLOVER(%s) = %+v, %v", c, typ, ok)
			}
		})
	}
}

func TestByPLOVER(t *testing.T) {
	for _, tc := range []struct {
		name, event, mode, want string
	}{
		{"mode matches", "ASSAULT", "aerial", "strikes_from_air"},
		{"any case", "assault", "Aerial", "strikes_from_air"},
		{"no mode", "ASSAULT", "", "attacks"},
		{"unknown mode", "ASSAULT", "firearms", "attacks"},
		{"consult", "CONSULT", "", "consults"},
		{"request", "REQUEST", "", "requests"},
		{"unknown type", "INVESTIGATE", "", ""},
		{"empty", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ontology.Default().ByPLOVER(tc.event, tc.mode)
			if ok != (tc.want != "") || got.ID != tc.want {
				t.Errorf("ByPLOVER(%q, %q) = %q, %v; want %q", tc.event, tc.mode, got.ID, ok, tc.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"id", "threatens", "threatens"},
		{"upper case", "THREATENS", "threatens"},
		{"alias", "threatened", "threatens"},
		{"alias mixed case", "Threaten", "threatens"},
		{"label with spaces", "negotiates with", "negotiates_with"},
		{"hyphens", "Negotiates-With", "negotiates_with"},
		{"extra spaces", "  member   of ", "member_of"},
		{"long label", "threatens military force against", "threatens_military_force"},
		{"label", "head of state of", "head_of_state"},
		{"alias of aerial", "air strikes", "strikes_from_air"},
		{"british spelling", "mobilises", "mobilizes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ontology.Default().Lookup(tc.in)
			if err != nil || got.ID != tc.want {
				t.Errorf("Lookup(%q) = %q, %v; want %q", tc.in, got.ID, err, tc.want)
			}
		})
	}
}

func TestLookupSuggestions(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // leading suggestions, in order
		message  string
	}{
		{"missing letter", "threatns", []string{"threatens"}, `unknown relation type "threatns"; did you mean "threatens"`},
		{"verb form", "negotiate-with", []string{"negotiates_with"}, `did you mean "negotiates_with"?`},
		{"typo in structural", "membr_of", []string{"member_of"}, `did you mean "member_of"?`},
		{"transposition", "sanctinos", []string{"sanctions"}, `"sanctions"`},
		{"prefix", "head_of", []string{"head_of_government", "head_of_state"}, `"head_of_government" or "head_of_state"`},
		{"nothing close", "xyzzy", []string{}, `unknown relation type "xyzzy"`},
		{"empty", " ", []string{}, "empty relation type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ontology.Default().Lookup(tc.in)
			wantInvalid(t, err, tc.message)
			sug, ok := graph.ErrorDetails(err)["suggestions"].([]string)
			if !ok {
				t.Fatalf("no suggestions in details: %#v", graph.ErrorDetails(err))
			}
			if len(sug) > 3 || len(sug) < len(tc.want) || !slices.Equal(sug[:len(tc.want)], tc.want) {
				t.Errorf("suggestions = %q, want %q first", sug, tc.want)
			}
			if len(tc.want) == 0 && len(sug) != 0 {
				t.Errorf("suggestions = %q, want none", sug)
			}
		})
	}
}

func TestByCAMEO(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"1383", "threatens_military_force"},
		{"138", "threatens_military_force"},
		{"130", "threatens"},
		{"13", "threatens"},
		{"0874", "withdraws_from"},
		{"0871", "concedes_to"},
		{"087", "concedes_to"},
		{"190", "attacks"},
		{"195", "strikes_from_air"},
		{"1823", "kills"},
		{"182", "assaults"},
		{"186", "assassinates"},
		{"043", "hosts"},
		{"046", "negotiates_with"},
		{"0331", "pledges"},
		{"057", "signs"},
		{"010", "comments_on"},
		{"10", "demands"},
		{"1124", "accuses"},
		{"163", "sanctions"},
		{"2042", "uses_mass_violence"},
		{" 195 ", "strikes_from_air"},
		{"", ""},
		{"1", ""},
		{"21", ""},
		{"---", ""},
	} {
		t.Run(tc.code, func(t *testing.T) {
			got, ok := ontology.Default().ByCAMEO(tc.code)
			if ok != (tc.want != "") || got.ID != tc.want {
				t.Errorf("ByCAMEO(%q) = %q, %v; want %q", tc.code, got.ID, ok, tc.want)
			}
		})
	}
}

func TestExtendFile(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string // parts of the error; none for success
	}{
		{"extra.yaml", nil},
		{"duplicate_id.yaml", []string{"duplicate_id.yaml:10:", `type "threatens" already exists`, "override: true"}},
		{"bad_class.yaml", []string{"bad_class.yaml:8:", `field "class"`, `invalid class "evnt"`}},
		{"unknown_field.yaml", []string{"unknown_field.yaml:7:", `unknown field "goldstein"`}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			types, err := load(t, filepath.Join("testdata", tc.file))
			var v *ontology.Vocabulary
			if err == nil {
				v, err = ontology.Default().Extend(types)
			}
			if tc.want != nil {
				wantInvalid(t, err, tc.want...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n, d := len(v.Types()), len(ontology.Default().Types()); n != d+2 {
				t.Errorf("extended vocabulary has %d types, want %d", n, d+2)
			}
			for in, want := range map[string]string{"blockaded": "blockades", "sister city of": "twinned_with", "summits with": "meets"} {
				if got, err := v.Lookup(in); err != nil || got.ID != want {
					t.Errorf("Lookup(%q) = %q, %v; want %q", in, got.ID, err, want)
				}
			}
			if got, _ := v.ByCAMEO("1912"); got.ID != "blockades" {
				t.Errorf("ByCAMEO(1912) = %q, want blockades", got.ID)
			}
			if _, err := ontology.Default().Lookup("summits with"); err == nil {
				t.Error("Extend changed the default vocabulary")
			}
		})
	}
}

func TestExtendErrors(t *testing.T) {
	event := func(mod func(*ontology.Type)) ontology.Type {
		typ := ontology.Type{ID: "blockades", Label: "blockades", Class: ontology.ClassEvent,
			PLOVER: "COERCE", CAMEO: "191", QuadClass: 4, Intensity: ptr(-9.5)}
		mod(&typ)
		return typ
	}
	for _, tc := range []struct {
		name  string
		types []ontology.Type
		want  string
	}{
		{"bad id", []ontology.Type{event(func(t *ontology.Type) { t.ID = "Blockades" })}, "invalid id"},
		{"id with space", []ontology.Type{event(func(t *ontology.Type) { t.ID = "block ades" })}, "invalid id"},
		{"no label", []ontology.Type{event(func(t *ontology.Type) { t.Label = " " })}, "missing label"},
		{"bad class", []ontology.Type{event(func(t *ontology.Type) { t.Class = "Event" })}, "invalid class"},
		{"no quad", []ontology.Type{event(func(t *ontology.Type) { t.QuadClass = 0 })}, "quad_class 1 to 4"},
		{"quad mismatch", []ontology.Type{event(func(t *ontology.Type) { t.QuadClass = 3 })}, "does not match CAMEO root 19"},
		{"no intensity", []ontology.Type{event(func(t *ontology.Type) { t.Intensity = nil })}, "needs an intensity"},
		{"intensity too big", []ontology.Type{event(func(t *ontology.Type) { t.Intensity = ptr(10.5) })}, "out of range"},
		{"intensity NaN", []ontology.Type{event(func(t *ontology.Type) { t.Intensity = ptr(math.NaN()) })}, "out of range"},
		{"bad CAMEO", []ontology.Type{event(func(t *ontology.Type) { t.CAMEO = "21" })}, "invalid CAMEO code"},
		{"taken CAMEO", []ontology.Type{event(func(t *ontology.Type) { t.CAMEO = "195" })}, `CAMEO code 195 is already used by type "strikes_from_air"`},
		{"bad PLOVER", []ontology.Type{event(func(t *ontology.Type) { t.PLOVER = "Coerce" })}, "unknown PLOVER event type"},
		{"mode without PLOVER", []ontology.Type{event(func(t *ontology.Type) { t.PLOVER, t.PLOVERMode = "", "naval" })}, "need a plover event type"},
		{"second default", []ontology.Type{event(func(t *ontology.Type) { t.PLOVERDefault = true })}, "plover_default of COERCE is already used"},
		{"taken alias", []ontology.Type{event(func(t *ontology.Type) { t.Aliases = []string{"Threatened"} })}, `name "threatened" is already used by type "threatens"`},
		{"empty alias", []ontology.Type{event(func(t *ontology.Type) { t.Aliases = []string{" - "} })}, "empty alias"},
		{"twice", []ontology.Type{event(func(*ontology.Type) {}), event(func(*ontology.Type) {})}, `type "blockades" is defined twice`},
		{"override nothing", []ontology.Type{event(func(t *ontology.Type) { t.Override = true })}, "no such type to override"},
		{"override drops default", []ontology.Type{event(func(t *ontology.Type) { t.ID, t.Label, t.Override = "attacks", "attacks", true })}, "no type is the plover_default of PLOVER category ASSAULT"},
		{"structural with coding", []ontology.Type{{ID: "twinned_with", Label: "twinned with", Class: ontology.ClassStructural, QuadClass: 1}}, "structural type must not have quad_class"},
		{"structural with intensity", []ontology.Type{{ID: "twinned_with", Label: "twinned with", Class: ontology.ClassStructural, Intensity: ptr(0)}}, "must not have intensity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ontology.Default().Extend(tc.types)
			if v != nil {
				t.Error("got a vocabulary with the error")
			}
			wantInvalid(t, err, tc.want)
		})
	}
	if _, err := new(ontology.Vocabulary).Extend(nil); err == nil {
		t.Error("an empty vocabulary has no PLOVER defaults but Extend accepted it")
	}
}

func TestTypesAreCopies(t *testing.T) {
	v := ontology.Default()
	typ, _ := v.Lookup("threatens")
	typ.Aliases[0] = "changed"
	*typ.Intensity = 99
	v.Types()[0].Aliases[0] = "changed"
	again, _ := v.Lookup("threatens")
	if again.Aliases[0] == "changed" || *again.Intensity != -6 || v.Types()[0].Aliases[0] == "changed" {
		t.Error("changing a returned Type changed the vocabulary")
	}
}

func TestJSON(t *testing.T) {
	typ, _ := ontology.Default().Lookup("strikes_from_air")
	b, err := json.Marshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"strikes_from_air"`, `"class":"event"`, `"plover":"ASSAULT"`, `"plover_mode":"aerial"`,
		`"cameo":"195"`, `"quad_class":4`, `"intensity":-10`, `"symmetric":false`, `"aliases":[`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	if strings.Contains(string(b), "override") {
		t.Errorf("JSON %s has override", b)
	}
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       string // part of the error; empty for success
		n          int
	}{
		{"empty file", "", "", 0},
		{"no types", "types: []\n", "", 0},
		{"syntax error", "types:\n  - id: [x\n", "user.yaml:", 0},
		{"top level list", "- id: x\n", "user.yaml:1:", 0},
		{"float quad", "types:\n  - id: x\n    label: x\n    class: event\n    quad_class: 1.5\n    intensity: 1\n", `user.yaml:5: types[0] (id "x"): field "quad_class": quad_class must be an integer`, 0},
		{"unknown top field", "version: 2\ntypes: []\n", `user.yaml:1: unknown field "version"`, 0},
		{"two documents", "types: []\n---\ntypes: []\n", "more than one YAML document", 0},
		{"structural", "types:\n  - {id: twinned_with, label: twinned with, class: structural}\n", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			types, err := ontology.Load(strings.NewReader(tc.yaml), "user.yaml")
			if tc.want != "" {
				wantInvalid(t, err, tc.want)
				return
			}
			if err != nil || len(types) != tc.n {
				t.Errorf("Load = %d types, %v; want %d", len(types), err, tc.n)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	for _, name := range []string{"builtin.yaml", "testdata/extra.yaml", "testdata/duplicate_id.yaml", "testdata/bad_class.yaml", "testdata/unknown_field.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("types:\n  - &a {id: x_1, label: x, class: structural, aliases: [*a]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		types, err := ontology.Load(strings.NewReader(string(data)), "fuzz.yaml")
		if err != nil {
			if graph.ErrorCode(err) != graph.EInvalid {
				t.Fatalf("Load error with code %q: %v", graph.ErrorCode(err), err)
			}
			return
		}
		v, err := ontology.Default().Extend(types)
		if err != nil {
			return
		}
		for _, typ := range v.Types() {
			if !idRE.MatchString(typ.ID) {
				t.Fatalf("invalid id %q accepted", typ.ID)
			}
			if got, err := v.Lookup(typ.ID); err != nil || got.ID != typ.ID {
				t.Fatalf("Lookup(%q) = %q, %v", typ.ID, got.ID, err)
			}
		}
	})
}
