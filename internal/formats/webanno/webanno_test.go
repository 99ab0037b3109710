package webanno_test

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
	"github.com/geokg/geokg/internal/formats/webanno"
)

const (
	ne     = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	header = "#FORMAT=WebAnno TSV 3.3\n#T_SP=" + ne + "|identifier|value\n#T_RL=webanno.custom.Relation|label|BT_" + ne + "\n\n\n"
)

func parse(t *testing.T, data string, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	t.Helper()
	if m == nil {
		var err error
		if m, err = mapping.Default().WithDefaults(mapping.Defaults{Published: "2020-01-06"}, func(f string) string { return f }); err != nil {
			t.Fatal(err)
		}
	}
	return webanno.Parse("t.tsv", []byte(data), m)
}

// TestOffsets reads offsets in UTF-16 units as code points: after an emoji
// (two units, one code point) and in Arabic (one unit a letter), with a
// KB identifier that is a Wikidata IRI.
func TestOffsets(t *testing.T) {
	data := header + "#Text=😀 قصف العراق\n" +
		"1-1\t0-2\t😀\t_\t_\t_\t_\t\n" +
		"1-2\t3-6\tقصف\t_\t_\t_\t_\t\n" +
		"1-3\t7-13\tالعراق\thttp://www.wikidata.org/entity/Q796\tGPE\t_\t_\t\n"
	docs, probs := parse(t, data, nil)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	standofftest.CheckDocument(t, &docs[0])
	e := docs[0].Entities[0]
	if m := e.Mentions[0]; *m.Start != 6 || *m.End != 12 || m.Text != "العراق" || e.Wikidata != "Q796" || docs[0].Article.Language != "ar" {
		t.Errorf("entity %+v, mention %d-%d %q; want Q796 at 6-12, language ar", e, *m.Start, *m.End, m.Text)
	}
}

// TestStackedAndRelations reads stacked annotations, a span over two tokens
// and relations whose ends are disambiguated or not, one of them stacked
// on the same target.
func TestStackedAndRelations(t *testing.T) {
	data := header + "#Text=Iran backs Kataib Hezbollah\n" +
		"1-1\t0-4\tIran\t*\tGPE\t_\t_\t\n" +
		"1-2\t5-10\tbacks\t_\t_\t_\t_\t\n" +
		"1-3\t11-17\tKataib\t*[1]|*[2]\tMILITIA[1]|ORG[2]\tbacks|allied\\_with\t1-1[0_1]|1-1[0_2]\t\n" +
		"1-4\t18-27\tHezbollah\t*[1]\tMILITIA[1]\t_\t_\t\n"
	docs, probs := parse(t, data, nil)
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", standofftest.Lines(probs))
	}
	want := "t: gpe:Iran armed_group:Kataib Hezbollah organization:Kataib backs(iran,kataib-hezbollah) allied_with(iran,kataib)"
	if got := standofftest.Summary(t, docs); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if ids := []string{docs[0].Relations[0].ID, docs[0].Relations[1].ID}; ids[0] != "Relation-1-3" || ids[1] != "Relation-1-3-2" {
		t.Errorf("relation ids %q", ids)
	}
}

// TestLeftOut counts, in one warning each, what geokg does not read: a
// chain layer, a built-in layer, a custom layer of two features the mapping
// names neither of, another feature of a layer read, an annotation of no
// length; a mapping that names the custom layer's label reads it.
func TestLeftOut(t *testing.T) {
	data := "#FORMAT=WebAnno TSV 3.2\n" +
		"#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n" +
		"#T_SP=webanno.custom.Actor|kind|note\n" +
		"#T_SP=webanno.custom.Place|type\n" +
		"#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceRelation|referenceType\n\n\n" +
		"#Text=Iraq and Iran\n" +
		"1-1\t0-4\tIraq\tNNP\tGPE\t*\t_\t*->1-1\t*[1]\t\n" +
		"1-1.1\t4-4\t\t_\t_\t_\tLOC\t_\t_\t\n" +
		"1-2\t5-8\tand\tCC\t_\t_\t_\t_\t_\t\n" +
		"1-3\t9-13\tIran\tNNP\tGPE\tnoted\t_\tcoref->1-2\t*[1]\t\n"
	_, probs := parse(t, data, nil)
	got := standofftest.Lines(probs)
	for _, want := range []string{
		"t.tsv:9: warning: chain annotations of de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink left out: geokg does not read chains (coreference) (2; the first is here)",
		"t.tsv:9: warning: annotations of de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS left out: geokg reads the named entities and custom layers",
		"t.tsv:9: warning: annotations of webanno.custom.Actor left out: it has 2 features besides an identifier or event key and the mapping names none as its label (webanno.layers) (2; the first is here)",
		"t.tsv:10: warning: annotations of no length left out (webanno.custom.Place) (1; the first is here)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	m, err := mapping.Load(strings.NewReader("webanno:\n  layers: {webanno.custom.Actor: kind}\ndefaults: {published: 2020-01-06}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs, probs := parse(t, data, m)
	if got := standofftest.Summary(t, docs); got != "t: gpe:Iraq gpe:Iran" {
		t.Errorf("with the mapping: %s", got)
	}
	if got := standofftest.Lines(probs); !strings.Contains(got, "t.tsv:12: warning: values of feature note of webanno.custom.Actor left out: geokg reads its label (kind) and identifier (1; the first is here)") {
		t.Errorf("with the mapping, no warning of the note:\n%s", got)
	}
}

// TestErrors reports what is wrong with a file at its line, and returns
// no document.
func TestErrors(t *testing.T) {
	sentence := "#Text=Iran backs Iraq\n"
	for _, tc := range []struct{ name, data, want string }{
		{"format", "#FORMAT=WebAnno TSV 2\n", `t.tsv:1: error: the first line is "#FORMAT=WebAnno TSV 2", not #FORMAT=WebAnno TSV 3.2 or 3.3`},
		{"old version", "#FORMAT=WebAnno TSV 3.1\n", "t.tsv:1: error: WebAnno TSV 3.1 is not read"},
		{"header", "#FORMAT=WebAnno TSV 3.3\n#T_XX=a|b\n", `t.tsv:2: error: unknown header line "#T_XX=a|b"`},
		{"no base type", "#FORMAT=WebAnno TSV 3.3\n#T_RL=webanno.custom.R|label\n", "t.tsv:2: error: relation layer webanno.custom.R declares no base type"},
		{"columns", header + sentence + "1-1\t0-4\tIran\t*\tGPE\t\n", "t.tsv:7: error: 5 columns, want 7: the unit id, its offsets, its text and the 4 columns of the header's layers"},
		{"offsets", header + sentence + "1-1\t0-5\tIran\t_\t_\t_\t_\t\n", `t.tsv:7: error: unit 1-1: its text is "Iran", but the sentence has "Iran " at 0-5`},
		{"outside", header + sentence + "1-1\t0-40\tIran\t_\t_\t_\t_\t\n", "t.tsv:7: error: unit 1-1: offsets 0-40 are outside its sentence's text, 0-15"},
		{"order", header + sentence + "1-2\t0-4\tIran\t_\t_\t_\t_\t\n", "t.tsv:7: error: unit 1-2: want token 1-1 next"},
		{"unit id", header + sentence + "a\t0-4\tIran\t_\t_\t_\t_\t\n", `t.tsv:7: error: unit "a" at "0-4": want SENTENCE-TOKEN`},
		{"surrogate", header + "#Text=😀x\n1-1\t0-1\t\t_\t_\t_\t_\t\n", "t.tsv:7: error: unit 1-1: offsets 0-1 fall inside a character outside the BMP"},
		{"no tokens", header + sentence + "\n", "t.tsv:7: error: sentence 1 has no tokens"},
		{"missing source", header + sentence + "1-1\t0-4\tIran\t*\tGPE\t_\t_\t\n1-2\t5-10\tbacks\t_\t_\t_\t_\t\n1-3\t11-15\tIraq\t*\tGPE\tbacks\t1-2\t\n",
			"t.tsv:9: error: relation Relation on 1-3: its source 1-2 has no annotation of " + ne},
		{"missing id", header + sentence + "1-1\t0-4\tIran\t*\tGPE\t_\t_\t\n1-2\t5-10\tbacks\t_\t_\t_\t_\t\n1-3\t11-15\tIraq\t*\tGPE\tbacks\t1-1[4_0]\t\n",
			"t.tsv:9: error: relation Relation on 1-3: its source [4] is not an annotation of " + ne},
		{"bad reference", header + sentence + "1-1\t0-4\tIran\t*\tGPE\tbacks\tx\t\n", `t.tsv:7: error: relation Relation on 1-1: source "x": want a unit id`},
	} {
		docs, probs := parse(t, tc.data, nil)
		if got := standofftest.Lines(probs); len(docs) != 0 || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %d documents, problems\n%s\nwant %s", tc.name, len(docs), got, tc.want)
		}
	}
}

// TestDetect recognises a TSV 3 file, with a byte order mark or without,
// and nothing else.
func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"a.tsv", "#FORMAT=WebAnno TSV 3.3\n", true},
		{"a.TSV", "\ufeff#FORMAT=WebAnno TSV 3.2\n", true},
		{"a.txt", "#FORMAT=WebAnno TSV 3.3\n", false},
		{"a.tsv", "Event ID\tEvent Date\n", false},
		{"a.tsv", "#FORMAT=WebAnno TSV 2\n", false},
	} {
		if got := (webanno.Reader{}).Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q, %q) = %v", tc.file, tc.head, got)
		}
	}
}

// TestEventKey reads a relation layer's feature that event_keys lists as
// the relation's event key, its other feature as its label.
func TestEventKey(t *testing.T) {
	data := "#FORMAT=WebAnno TSV 3.3\n#T_SP=" + ne + "|identifier|value\n#T_RL=webanno.custom.Strike|event|label|BT_" + ne + "\n\n\n" +
		"#Text=Iran struck Iraq\n" +
		"1-1\t0-4\tIran\t*\tGPE\t_\t_\t_\t\n" +
		"1-2\t5-11\tstruck\t_\t_\t_\t_\t_\t\n" +
		"1-3\t12-16\tIraq\t*\tGPE\tstrike\\_2020-01-08\tstrikes\\_from\\_air\t1-1\t\n"
	docs, probs := parse(t, data, nil)
	if len(probs) > 0 || len(docs) != 1 || len(docs[0].Relations) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if r := docs[0].Relations[0]; r.Type != "strikes_from_air" || r.Event != "strike_2020-01-08" || r.ID != "Strike-1-3" {
		t.Errorf("relation %+v", r)
	}
}
