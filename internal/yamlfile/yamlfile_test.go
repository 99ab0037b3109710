package yamlfile_test

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/yamlfile"
)

type settings struct {
	Name  string `yaml:"name"`
	Count int    `yaml:"count"`
}

func upper(s string) string { return strings.ToUpper(s) }

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string // want: the error, "" for none
		line             int
	}{
		{"Empty", "", "", 0},
		{"Good", "name: x\ncount: 2\n", "", 0},
		{"UnknownField", "name: x\ncolour: red\n", "s.yaml:2: FIELD COLOUR NOT FOUND IN TYPE YAMLFILE_TEST.SETTINGS", 2},
		{"TwoTypeErrors", "name: [x]\ncount: many\n", "s.yaml:1: CANNOT UNMARSHAL !!SEQ INTO STRING; s.yaml:2: CANNOT UNMARSHAL !!STR `MANY` INTO INT", 1},
		{"Syntax", "name: [x\n", "s.yaml:1: DID NOT FIND EXPECTED ',' OR ']'", 1},
		{"NoLine", "name: \"\x01\"\n", "s.yaml: control characters are not allowed", 0},
		{"TwoDocuments", "name: x\n---\nname: y\n", "s.yaml: more than one YAML document", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s settings
			err := yamlfile.Decode("s.yaml", []byte(tc.yaml), &s, upper)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %s", err, tc.want)
			}
			d := graph.ErrorDetails(err)
			if graph.ErrorCode(err) != graph.EInvalid || d["file"] != "s.yaml" {
				t.Errorf("error %v: want EInvalid with file s.yaml, got %s, %v", err, graph.ErrorCode(err), d)
			}
			if line, _ := d["line"].(int); line != tc.line {
				t.Errorf("line detail = %v, want %d", d["line"], tc.line)
			}
		})
	}
}

func TestParse(t *testing.T) {
	doc, err := yamlfile.Parse("s.yaml", []byte("name: x\n"), nil)
	if err != nil || len(doc.Content) != 1 || doc.Content[0].Line != 1 {
		t.Fatalf("Parse = %+v, %v", doc, err)
	}
	if _, err := yamlfile.Parse("s.yaml", []byte("a: [b\n"), nil); err == nil || !strings.HasPrefix(err.Error(), "s.yaml:1: did not find") {
		t.Errorf("err = %v", err)
	}
}

func TestRead(t *testing.T) {
	if b, err := yamlfile.Read(strings.NewReader("abc"), "s.yaml", 3); err != nil || string(b) != "abc" {
		t.Errorf("Read = %q, %v", b, err)
	}
	if _, err := yamlfile.Read(strings.NewReader("abcd"), "s.yaml", 3); err == nil || err.Error() != "s.yaml: larger than 3 bytes" {
		t.Errorf("err = %v", err)
	}
}
