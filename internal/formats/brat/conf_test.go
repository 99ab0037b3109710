package brat_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

// conf is an annotation.conf in the layout of brat's documentation: its
// sections, tabs, argument lists, an equivalence besides Equiv, the
// overlap rules, events and attributes (which geokg does not read here).
const conf = `# written for geokg's tests
[entities]
GPE
ARMED_GROUP

[relations]
Threatens	Threatener:ARMED_GROUP, Threatened:GPE
Located	Arg1:ARMED_GROUP, Arg2:GPE
Alias	Arg1:GPE, Arg2:GPE, <REL-TYPE>:symmetric-transitive
Equiv	Arg1:GPE, Arg2:GPE, <REL-TYPE>:symmetric-transitive
<OVERLAP>	Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]
Attack	Attacker-Arg:ARMED_GROUP, Target-Arg?:GPE

[attributes]
Negation	Arg:<EVENT>
`

// TestConfig reads a document under a folder whose parent holds an
// annotation.conf: a relation whose arguments come in the other order than
// declared has its declared first argument as source, and an Alias line
// makes two spans one entity; without the configuration, the Alias line is
// ignored with a warning and the relation taken by position.
func TestConfig(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "2021", "march")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const text = "Kataib Hezbollah threatened Washington and the United States.\n"
	const ann = "# geokg article published=2021-03-24\n" +
		"T1\tARMED_GROUP 0 16\tKataib Hezbollah\nT2\tGPE 28 38\tWashington\nT3\tGPE 47 60\tUnited States\n" +
		"R1\tThreatens Threatened:T2 Threatener:T1\n*\tAlias T2 T3\n"
	write("a.en.txt", text)
	file := write("a.en.ann", ann)
	if err := os.WriteFile(filepath.Join(root, brat.ConfName), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, probs := brat.Reader{}.Read(file, []byte(ann))
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	d := docs[0]
	if len(d.Entities) != 2 || len(d.Relations) != 1 {
		t.Fatalf("%d entities, %d relations, want 2 (Washington and the United States one) and 1", len(d.Entities), len(d.Relations))
	}
	if r := d.Relations[0]; r.Source != "kataib-hezbollah" || r.Target == "kataib-hezbollah" {
		t.Errorf("relation %s → %s, want from Kataib Hezbollah, the declared first argument", r.Source, r.Target)
	}

	// The same document without the configuration.
	docs, probs = brat.Parse(file, []byte(ann), []byte(text), nil)
	if !strings.Contains(standofftest.Lines(probs), "Alias annotation ignored") || len(docs) != 1 || len(docs[0].Entities) != 3 {
		t.Errorf("without annotation.conf: %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if r := docs[0].Relations[0]; r.Source == "kataib-hezbollah" {
		t.Errorf("without annotation.conf the relation is taken by position: %s → %s", r.Source, r.Target)
	}

	// A relation line with an argument the configuration does not declare.
	bad := strings.Replace(ann, "Threatener:T1", "Arg1:T1", 1)
	_, probs = brat.ParseWith(file, []byte(bad), []byte(text), nil, mustConfig(t))
	if got := standofftest.Lines(probs); !strings.Contains(got, "a.en.ann:5: error: relation R1 has the argument Arg1, not one of Threatens's (Threatener, Threatened in") {
		t.Errorf("undeclared argument: %s", got)
	}
}

func mustConfig(t *testing.T) *brat.Config {
	t.Helper()
	c, probs := brat.ParseConfig("annotation.conf", []byte(conf))
	if len(probs) > 0 {
		t.Fatal(standofftest.Lines(probs))
	}
	return c
}

// TestParseConfigProblems checks that a relation line that is not
// NAME:TYPES arguments is an error naming its line.
func TestParseConfigProblems(t *testing.T) {
	for _, tc := range []struct{ conf, want string }{
		{"[relations]\nLocated\tArg1 Person\n", "x.conf:2: error: relation Located: argument \"Arg1 Person\" is not NAME:TYPES"},
		{"[relations]\n\nAlias\t<REL-TYPE>:symmetric-transitive\n", "x.conf:3: error: relation Alias declares no arguments"},
		// A long argument in Arabic is clipped at a character, not a byte.
		{"[relations]\nيقيم\t" + strings.Repeat("حجة", 20) + "\n", "x.conf:2: error: relation يقيم: argument \"" + strings.Repeat("حجة", 13) + "ح\"… is not NAME:TYPES"},
	} {
		_, probs := brat.ParseConfig("x.conf", []byte(tc.conf))
		if got := standofftest.Lines(probs); !strings.Contains(got, tc.want) {
			t.Errorf("%q: %s, want %s", tc.conf, got, tc.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add(conf)
	f.Add("[relations]\n!Located\tArg1:A|B, Arg2:<ANY>\n<OVERLAP>\tArg1:<ENTITY>\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, probs := brat.ParseConfig("f.conf", []byte(data))
		for typ, names := range c.Args {
			if len(names) == 0 || typ == "" {
				t.Fatalf("type %q with arguments %v", typ, names)
			}
		}
		for _, p := range probs {
			if p.Line < 1 {
				t.Fatalf("a problem without its line: %v", p)
			}
		}
	})
}
