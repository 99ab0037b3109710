package brat_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/ontology"
)

const text = "The United States and Iraq signed the Strategic Framework Agreement in 2008. Kataib Hezbollah threatened American forces in Iraq.\r\nWashington did not strike the group.\r\n"

const ann = `# geokg article published=2021-03-24 source="Test" title="A test"
T1	COUNTRY 4 17	United States
T2	GPE 22 26	Iraq
T3	Sign 27 33	signed
T4	AGREEMENT 38 67	Strategic Framework Agreement
T5	MILITIA 77 93	Kataib Hezbollah
T6	MIL 105 120	American forces
T7	GPE 124 128	Iraq
T8	GPE 130 140	Washington
T9	Attack 149 155	strike
T10	MILITIA 156 165	the group
T11	NORP 105 113	American
T12	NORP 105 113	American
E1	Sign:T3 Agent:T1 Partner:T2 Agreement:T4
R1	Threaten Arg1:T5 Arg2:T6
E2	Attack:T9 Attacker:T8 Target:T10
A1	Negation E2
N1	Reference T1 Wikidata:Q30	United States
N2	Reference T8 Wikidata:Q30	United States
N3	Reference T5 geokg:kataib-hezbollah	Kataib Hezbollah
N4	Reference T2 Wikidata:Q796	Iraq
*	Equiv T5 T10
#1	AnnotatorNotes E1	id=sfa date=2008 confidence=0.9
#2	AnnotatorNotes T4	key=sfa-2008 name.ar="اتفاقية الإطار الاستراتيجي" alias.en=SFA
#3	AnnotatorNotes R1	date=2020-01 check the source
`

const want = `{
  "geokg": 1,
  "article": {"id": "us-iraq", "title": "A test", "source": "Test", "language": "en", "published": "2021-03-24",
    "text": "The United States and Iraq signed the Strategic Framework Agreement in 2008. Kataib Hezbollah threatened American forces in Iraq.\nWashington did not strike the group.\n"},
  "entities": [
    {"key": "Q30", "kind": "country", "wikidata": "Q30", "names": {"en": "United States"},
     "mentions": [{"start": 4, "end": 17, "text": "United States"}, {"start": 130, "end": 140, "text": "Washington"}]},
    {"key": "Q796", "kind": "country", "wikidata": "Q796", "names": {"en": "Iraq"},
     "mentions": [{"start": 22, "end": 26, "text": "Iraq"}, {"start": 124, "end": 128, "text": "Iraq"}]},
    {"key": "sfa-2008", "kind": "agreement", "names": {"ar": "اتفاقية الإطار الاستراتيجي"}, "aliases": {"en": ["SFA"]},
     "mentions": [{"start": 38, "end": 67, "text": "Strategic Framework Agreement"}]},
    {"key": "kataib-hezbollah", "kind": "armed_group", "names": {"en": "Kataib Hezbollah"},
     "mentions": [{"start": 77, "end": 93, "text": "Kataib Hezbollah"}, {"start": 156, "end": 165, "text": "the group"}]},
    {"key": "american-forces", "kind": "military", "names": {"en": "American forces"},
     "mentions": [{"start": 105, "end": 120, "text": "American forces"}]}
  ],
  "relations": [
    {"id": "sfa", "type": "signs", "source": "Q30", "target": "Q796", "participants": [{"entity": "sfa-2008", "role": "agreement"}],
     "date": "2008", "confidence": 0.9,
     "evidence": {"start": 0, "end": 76, "text": "The United States and Iraq signed the Strategic Framework Agreement in 2008."}},
    {"id": "R1", "type": "threatens", "source": "kataib-hezbollah", "target": "american-forces", "date": "2020-01",
     "evidence": {"start": 77, "end": 129, "text": "Kataib Hezbollah threatened American forces in Iraq."}, "note": "check the source"},
    {"id": "E2", "type": "attacks", "source": "Q30", "target": "kataib-hezbollah", "modality": "denied",
     "evidence": {"start": 130, "end": 166, "text": "Washington did not strike the group."}}
  ]
}`

func TestParse(t *testing.T) {
	docs, probs := brat.Parse("testdata/us-iraq.en.ann", []byte(ann), []byte(text), nil)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems %v", len(docs), probs)
	}
	got, _ := json.MarshalIndent(docs[0], "", "  ")
	var w annotation.Document
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.MarshalIndent(w, "", "  ")
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("got\n%s\nwant\n%s", got, wantJSON)
	}
	if got, want := lines(probs.Warnings()), `testdata/us-iraq.en.ann:12: warning: 2 entity annotations with label "NORP" left out: the mapping skips it (the first is here)`; got != want {
		t.Errorf("warnings:\n%s\nwant\n%s", got, want)
	}
	if ps := (annotation.Checker{Vocabulary: ontology.Default()}).Check(&docs[0]); len(ps) > 0 {
		t.Errorf("Checker: %v", ps)
	}
}

func lines(ps annotation.Problems) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, "\n")
}
