package brat_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

// conf is an annotation.conf in the layout of brat's documentation: its
// sections, tabs, argument lists, an equivalence besides Equiv, the
// overlap rules, events, and binary and multi-valued attributes.
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
Confidence	Arg:<EVENT>, Value:High|Medium|Low
Factuality	Arg:<EVENT>, Value:Asserted|Speculated|Negated
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

// TestAttributeValues reads the attributes of an event by the values
// annotation.conf declares: a multi-valued attribute maps to a confidence
// or a modality as the mapping says, and a value the configuration does not
// declare, a value of a binary attribute and a missing value are errors
// naming the line, the configuration's line and the values allowed.
func TestAttributeValues(t *testing.T) {
	const text = "Kataib Hezbollah attacked Iraq.\n"
	const head = "# geokg article published=2020-01-06\n" +
		"T1\tARMED_GROUP 0 16\tKataib Hezbollah\nT2\tGPE 26 30\tIraq\nT3\tAttack 17 25\tattacked\n" +
		"E1\tAttack:T3 Attacker-Arg:T1 Target-Arg:T2\n"
	m, err := mapping.Load(strings.NewReader("confidences: {Confidence=High: 0.9, Confidence=Low: 0.3}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := mustConfig(t)
	docs, probs := brat.ParseWith("a.ann", []byte(head+"A1\tConfidence E1 Low\nA2\tFactuality E1 Speculated\n"), []byte(text), m, c)
	if len(probs) > 0 || len(docs) != 1 || len(docs[0].Relations) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if r := docs[0].Relations[0]; r.Confidence == nil || *r.Confidence != 0.3 || r.Modality != "hedged" {
		t.Errorf("relation %+v: want confidence 0.3 (Confidence=Low) and modality hedged (Speculated)", r)
	}
	// Without the mapping's confidences, Confidence Low maps to nothing.
	docs, probs = brat.ParseWith("a.ann", []byte(head+"A1\tConfidence E1 Low\n"), []byte(text), nil, c)
	if got := standofftest.Lines(probs); len(docs) != 1 || docs[0].Relations[0].Confidence != nil || !strings.Contains(got, `attribute annotation with label "Confidence Low" left out`) {
		t.Errorf("default mapping: problems\n%s", got)
	}
	for _, tc := range []struct{ line, want string }{
		{"A1\tConfidence E1 Certain", `a.ann:6: error: A1: attribute Confidence: value "Certain" is not declared in annotation.conf:18 (allowed: High, Medium, Low)`},
		{"A1\tNegation E1 Yes", `a.ann:6: error: A1: attribute Negation is binary (annotation.conf:17 declares no Value:), so it takes no value, not "Yes"`},
		{"M1\tConfidence E1", `a.ann:6: error: M1: attribute Confidence needs a value, one of High, Medium, Low (annotation.conf:18)`},
	} {
		docs, probs := brat.ParseWith("a.ann", []byte(head+tc.line+"\n"), []byte(text), m, c)
		if got := standofftest.Lines(probs); len(docs) != 0 || !strings.Contains(got, tc.want) {
			t.Errorf("%q: %d documents, problems\n%s\nwant %s", tc.line, len(docs), got, tc.want)
		}
	}
	// A conflicting confidence in the relation's note is an error.
	_, probs = brat.ParseWith("a.ann", []byte(head+"A1\tConfidence E1 High\n#1\tAnnotatorNotes E1\tconfidence=0.5\n"), []byte(text), m, c)
	if got := standofftest.Lines(probs); !strings.Contains(got, "a.ann:7: error: note on E1: confidence 0.5, but attribute Confidence High gives 0.9") {
		t.Errorf("note and attribute: %s", got)
	}
}

// TestParseConfigProblems checks that a relation line that is not
// NAME:TYPES arguments is an error naming its line.
func TestParseConfigProblems(t *testing.T) {
	for _, tc := range []struct{ conf, want string }{
		{"[relations]\nLocated\tArg1 Person\n", "x.conf:2: error: relation Located: argument \"Arg1 Person\" is not NAME:TYPES"},
		{"[relations]\n\nAlias\t<REL-TYPE>:symmetric-transitive\n", "x.conf:3: error: relation Alias declares no arguments"},
		{"[attributes]\nNegation\n", "x.conf:2: error: attribute Negation declares no Arg: (want e.g. Arg:<EVENT>)"},
		{"[attributes]\nConfidence\tArg:<EVENT>, Value:High||Low\n", "x.conf:2: error: attribute Confidence: Value:High||Low has an empty value"},
		{"[attributes]\nConfidence\tArg:<EVENT>, Value\n", `x.conf:2: error: attribute Confidence: "Value" is not KEY:VALUES`},
		{"[attributes]\nNegation\tArg:<EVENT>\nNegation\tArg:<EVENT>\n", "x.conf:3: error: attribute Negation is declared twice (first on line 2)"},
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
	f.Add("[attributes]\n!Confidence\tArg:<EVENT>, Value:High|Low\nNegation Arg:<EVENT>|<RELATION>\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, probs := brat.ParseConfig("f.conf", []byte(data))
		for typ, names := range c.Args {
			if len(names) == 0 || typ == "" {
				t.Fatalf("type %q with arguments %v", typ, names)
			}
		}
		for name, a := range c.Attrs {
			if name == "" || slices.Contains(a.Values, "") || a.Line < 1 {
				t.Fatalf("attribute %q: %+v", name, a)
			}
		}
		for _, p := range probs {
			if p.Line < 1 {
				t.Fatalf("a problem without its line: %v", p)
			}
		}
	})
}
