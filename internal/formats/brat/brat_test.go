package brat_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
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
    {"key": "Q796", "kind": "gpe", "wikidata": "Q796", "names": {"en": "Iraq"},
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
	if got, want := standofftest.Lines(probs.Warnings()), `testdata/us-iraq.en.ann:12: warning: 2 entity annotations with label "NORP" left out: the mapping skips it (the first is here)`; got != want {
		t.Errorf("warnings:\n%s\nwant\n%s", got, want)
	}
	standofftest.CheckDocument(t, &docs[0])
}

func TestParseDiscontinuousAndEvents(t *testing.T) {
	const text = "Kataib Hezbollah, Iraqi militia, attacked the US embassy in Baghdad with rockets."
	const ann = "# geokg article id=x published=2020-01-01 language=en\n" +
		"T1\tMILITIA 0 6;7 16\tKataib Hezbollah\n" +
		"T2\tFAC 46 48;49 56\tUS embassy\n" +
		"T3\tLOC 60 67\tBaghdad\n" +
		"T4\tAttack 33 41\tattacked\n" +
		"T5\tORG 73 80\trockets\n" +
		"E1\tAttack:T4 Target:T2 Attacker:T1 Place:T3 Instrument2:T5\n"
	docs, probs := brat.Parse("a.ann", []byte(ann), []byte(text), nil)
	if len(docs) != 1 {
		t.Fatalf("no document: %v", standofftest.Lines(probs))
	}
	d := docs[0]
	if got, want := d.Entities[0].Names["en"], "Kataib Hezbollah"; got != want {
		t.Errorf("name of a discontinuous span = %q, want %q", got, want)
	}
	if got, want := len(d.Entities[0].Mentions), 2; got != want {
		t.Errorf("mentions of a discontinuous span = %d, want %d (one per fragment)", got, want)
	}
	r := d.Relations[0]
	if r.Source != "kataib-hezbollah" || r.Target != "us-embassy" || len(r.Participants) != 2 ||
		r.Participants[0].Role != "place" || r.Participants[1].Role != "instrument" {
		t.Errorf("event: got %+v", r)
	}
	if got, want := r.Evidence.Text, text; got != want {
		t.Errorf("evidence = %q, want %q", got, want)
	}
	standofftest.CheckDocument(t, &d)
}

// TestParseEventKeys: event keys come from an attribute the mapping names,
// from event= in a note, and from an event's trigger for each of its
// events; relations without one have none.
func TestParseEventKeys(t *testing.T) {
	const text = "The US struck Kataib Hezbollah and its allies in Iraq. Iraq and the US consulted."
	const ann = "# geokg article published=2020-01-04\n" +
		"T1\tGPE 4 6\tUS\n" +
		"T2\tMILITIA 14 30\tKataib Hezbollah\n" +
		"T3\tMILITIA 35 45\tits allies\n" +
		"T4\tAttack 7 13\tstruck\n" +
		"T5\tGPE 49 53\tIraq\n" +
		"T6\tGPE 55 59\tIraq\n" +
		"E1\tAttack:T4 Attacker:T1 Target:T2\n" +
		"E2\tAttack:T4 Attacker:T1 Target:T3\n" +
		"R1\tConsult Arg1:T6 Arg2:T1\n" +
		"R2\tPHYS Arg1:T2 Arg2:T5\n" +
		"A1\tEventKey T4 strike-2020-01-03\n" +
		"A2\tEvent_ID R1 talks-2020-01\n" +
		"A3\tNegation E2\n" +
		"#1\tAnnotatorNotes E1\tevent=strike-2020-01-03 date=2020-01-03\n"
	docs, probs := brat.Parse("keys.en.ann", []byte(ann), []byte(text), nil)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	got := map[string]string{}
	for _, r := range docs[0].Relations {
		got[r.ID] = r.Event
	}
	want := map[string]string{"E1": "strike-2020-01-03", "E2": "strike-2020-01-03", "R1": "talks-2020-01", "R2": ""}
	if !maps.Equal(got, want) {
		t.Errorf("event keys = %v, want %v", got, want)
	}
	standofftest.CheckDocument(t, &docs[0])
}

func TestParseProblems(t *testing.T) {
	const text = "Iraq and Iran talk."
	const head = "# geokg article published=2021-03-24\nT1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\n"
	for _, tc := range []struct {
		name, ann, want string
	}{
		{"NoTab", head + "T3 GPE 0 4 Iraq\n", `a.ann:4: error: malformed line "T3 GPE 0 4 Iraq"`},
		{"UnknownKind", head + "X1\tGPE 0 4\tIraq\n", `a.ann:4: error: unknown annotation "X1"`},
		{"NoType", head + "T3\t\tIraq\n", `a.ann:4: error: T3 has no type`},
		{"BadOffsets", head + "T3\tGPE 0 x\tIraq\n", `a.ann:4: error: T3: offsets "0 x"`},
		{"Backwards", head + "T3\tGPE 4 0\tIraq\n", `a.ann:4: error: span T3: offsets 4–0`},
		{"PastEnd", head + "T3\tGPE 15 25\ttalk.\n", `a.ann:4: error: span T3: end 25 is past the end of the text (19 code points)`},
		{"WrongText", head + "T3\tGPE 0 4\tIran\n", `a.ann:4: error: span T3: the text at 0–4 is "Iraq", not "Iran" ("Iran" is at 9–13)`},
		{"DuplicateID", head + "T2\tGPE 9 13\tIran\n", `a.ann:4: error: annotation id "T2" is used twice`},
		{"OneArg", head + "R1\tConsult Arg1:T1\n", `a.ann:4: error: relation R1 needs two arguments`},
		{"BadArg", head + "R1\tConsult Arg1:T1 T2\n", `a.ann:4: error: R1: argument "T2": want ROLE:ID`},
		{"UnknownArg", head + "R1\tConsult Arg1:T1 Arg2:T9\n", `a.ann:4: error: R1: its target "T9" is not a span annotation`},
		{"SelfLink", head + "T3\tGPE 0 4\tIraq\nR1\tConsult Arg1:T1 Arg2:T3\n", `a.ann:5: error: R1 links entity "iraq" to itself`},
		{"EventArg", head + "T3\tAttack 14 18\ttalk\nE1\tAttack:T3 Agent:T1\nE2\tAttack:T3 Agent:T1 Target:E1\n", `a.ann:6: warning: E2: argument Target:E1 left out`},
		{"TooFewArgs", head + "T3\tAttack 14 18\ttalk\nE1\tAttack:T3 Agent:T1\n", `a.ann:5: warning: E1 left out: a relation needs two entity arguments`},
		{"BadTrigger", head + "E1\tAttack:T9 Agent:T1 Target:T2\n", `a.ann:4: error: E1: its trigger "T9" is not a span annotation`},
		{"UnmappedRelation", head + "R1\tFoo Arg1:T1 Arg2:T2\nR2\tFoo Arg1:T2 Arg2:T1\n", `a.ann:4: warning: 2 relation annotations with label "Foo" left out: it maps to nothing`},
		{"UnmappedEntity", head + "T3\tThing 14 18\ttalk\n", `a.ann:4: warning: 1 entity annotation with label "Thing" left out: it maps to nothing`},
		{"SkippedArg", head + "T3\tDATE 14 18\ttalk\nR1\tConsult Arg1:T1 Arg2:T3\n", `a.ann:5: warning: R1 left out: its target T3 has label "DATE", which maps to no entity kind`},
		{"BadRef", head + "N1\tReference T1 GeoNames:99237\tIraq\n", `a.ann:4: warning: reference "GeoNames:99237" ignored`},
		{"RefNotSpan", head + "N1\tReference R7 Wikidata:Q796\tIraq\n", `a.ann:4: error: "R7" is not a span annotation`},
		{"TwoQIDs", head + "N1\tReference T1 Wikidata:Q796\tIraq\nN2\tReference T1 Wikidata:Q794\tIran\n", `a.ann:5: error: T1 has Wikidata id "Q796" and "Q794"`},
		{"BadKey", head + "N1\tReference T1 geokg:Iraq!\tIraq\n", `a.ann:4: error: span T1: key "Iraq!" is not a QID or a slug`},
		{"KindClash", head + "T3\tORG 0 4\tIraq\n*\tEquiv T1 T3\n", `a.ann:4: error: T3 is labelled ORG (organization) but is the same entity as T1, labelled GPE (gpe)`},
		{"AttrUnknownTarget", head + "A1\tNegation R9\n", `a.ann:4: error: attribute Negation names "R9", which is not a relation or event`},
		{"AttrOnSpan", head + "A1\tNegation T1\n", `a.ann:4: warning: attribute Negation on span T1 ignored`},
		{"AttrUnmapped", head + "R1\tConsult Arg1:T1 Arg2:T2\nA1\tColour R1 Red\n", `a.ann:5: warning: 1 attribute annotation with label "Colour Red" left out`},
		{"AttrClash", head + "R1\tConsult Arg1:T1 Arg2:T2\nA1\tNegation R1\nA2\tModality R1 Speculation\n", `a.ann:6: error: R1 has modalities denied (Negation) and hedged (Modality Speculation)`},
		{"NoteUnterminated", head + "#1\tAnnotatorNotes T1\tname.en=\"Iraq\n", `a.ann:4: error: note on T1: unterminated quoted value`},
		{"NoteBadDate", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tdate=2020-13\n", `a.ann:5: error: note on R1: date: invalid date "2020-13"`},
		{"NoteDateAndStart", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tdate=2020 start=2019\n", `a.ann:5: error: note on R1: give either date or start/end, not both`},
		{"NoteConfidence", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tconfidence=2\n", `a.ann:5: error: note on R1: confidence "2"`},
		{"NoteEvidence", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tevidence=3-99\n", `a.ann:5: error: note on R1: evidence "3-99"`},
		{"NoteUnknownKey", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tcolour=red\n", `a.ann:5: warning: note on R1: colour= ignored`},
		{"NoteBadID", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tid=-x\n", `a.ann:5: error: relation id "-x" must match`},
		{"DuplicateRelationID", head + "R1\tConsult Arg1:T1 Arg2:T2\nR2\tConsult Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes R2\tid=R1\n", `a.ann:5: error: relation id "R1" is used twice`},
		{"EventKeyEmpty", head + "R1\tConsult Arg1:T1 Arg2:T2\nA1\tEventKey R1\n", `a.ann:5: error: attribute EventKey on R1: the event key is empty`},
		{"EventKeyTooLong", head + "R1\tConsult Arg1:T1 Arg2:T2\nA1\tEventKey R1 " + strings.Repeat("k", 201) + "\n", `a.ann:5: error: attribute EventKey on R1: the event key is 201 characters long, more than 200`},
		{"EventKeyOnEntity", head + "A1\tEventKey T1 strike-1\n", `a.ann:4: error: attribute EventKey on T1: no relation takes this event key: T1 is neither an event's trigger nor a region a relation starts at`},
		{"EventNoteOnEntity", head + "#1\tAnnotatorNotes T2\tevent=strike-1\n", `a.ann:4: error: note on T2: no relation takes this event key`},
		{"EventKeyUnknown", head + "A1\tEventKey R9 strike-1\n", `a.ann:4: error: attribute EventKey names "R9", which is not a relation, an event or a span`},
		{"EventNoteEmpty", head + "R1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tevent=\n", `a.ann:5: error: note on R1: event= has no value`},
		{"EventKeyClash", head + "R1\tConsult Arg1:T1 Arg2:T2\nA1\tEventKey R1 talks-1\n#1\tAnnotatorNotes R1\tevent=talks-2\n", `a.ann:6: error: R1 has event keys "talks-1" (attribute EventKey) and "talks-2" (note)`},
		{"EventKeyTriggerClash", head + "T3\tAttack 14 18\ttalk\nE1\tAttack:T3 Agent:T1 Target:T2\nA1\tEventKey E1 a\nA2\tEventKey T3 b\n", `a.ann:7: error: E1 has event keys "a" (attribute EventKey) and "b" (attribute EventKey on T3)`},
		{"NoPublished", "T1\tGPE 0 4\tIraq\n", `a.ann:1: warning: the article has no published date`},
		{"BadPublished", "# geokg article published=2021-3-4\n", `a.ann:1: error: article published date "2021-3-4": want a day`},
		{"BadArticleID", "# geokg article published=2021-03-04 id=Big_ID\n", `a.ann:1: error: article id "Big_ID" must match`},
		{"ArticleWord", "# geokg article published=2021-03-04 oops\n", `a.ann:1: error: article line: "oops" is not key=value`},
		{"ArticleUnknown", "# geokg article published=2021-03-04 colour=red\n", `a.ann:1: warning: unknown article field "colour" ignored`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := brat.Parse("a.ann", []byte(tc.ann), []byte(text), nil)
			if got := standofftest.Lines(probs); !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one starting\n%s", got, tc.want)
			}
		})
	}
}

// TestFreeTextNotes checks that notes are free text unless they are
// geokg's: an AnnotatorNotes comment with quotes, and a note of another
// sort (Lemma) that looks like geokg's, leave the document whole, and the
// Lemma note gives nothing.
func TestFreeTextNotes(t *testing.T) {
	const ann = "# geokg article published=2021-03-24\nT1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\n" +
		"#1\tAnnotatorNotes T1\tthe \"country\", not the region\n#2\tLemma T2\tkey=Q30 name.ar=\"x\"\n"
	docs, probs := brat.Parse("a.ann", []byte(ann), []byte("Iraq and Iran met.\n"), nil)
	if probs.HasErrors() || len(docs) != 1 || len(docs[0].Entities) != 2 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	for _, e := range docs[0].Entities {
		if e.Key == "Q30" || e.Names["ar"] != "" {
			t.Errorf("the Lemma note was read as geokg's: %+v", e)
		}
	}
}
