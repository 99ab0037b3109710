package draft_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

var known = []annotation.Entity{
	{Key: "Q30", Kind: "country", Names: map[string]string{"en": "United States", "ar": "الولايات المتحدة"},
		Aliases: map[string][]string{"en": {"US", "Washington"}, "ar": {"واشنطن", "أميركا"}}},
	{Key: "Q796", Kind: "country", Names: map[string]string{"en": "Iraq", "ar": "العراق"}},
	{Key: "kataib-hezbollah", Kind: "armed_group", Names: map[string]string{"en": "Kataib Hezbollah", "ar": "كتائب حزب الله"}},
	{Key: "hezbollah", Kind: "armed_group", Names: map[string]string{"en": "Hezbollah", "ar": "حزب الله"}},
	{Key: "muhandis", Kind: "person", Names: map[string]string{"en": "Abu Mahdi al-Muhandis", "ar": "أبو مهدي المهندس"}},
	{Key: "Q230", Kind: "country", Names: map[string]string{"en": "Georgia"}},
	{Key: "georgia-us-state", Kind: "location", Names: map[string]string{"en": "Georgia"}},
	{Key: "sofa", Kind: "agreement", Names: map[string]string{"en": "Status of Forces Agreement"}},
	{Key: "Q794", Kind: "country", Names: map[string]string{"en": "Iran", "ar": "إيران"}},
	{Key: "soleimani", Kind: "person", Names: map[string]string{"en": "Qasem Soleimani", "ar": "قاسم سليماني"}},
	{Key: "quds-force", Kind: "military", Names: map[string]string{"en": "Quds Force", "ar": "فيلق القدس"}},
	{Key: "coalition", Kind: "military", Names: map[string]string{"en": "international coalition", "ar": "التحالف الدولي"}},
	{Key: "kerry", Kind: "person", Names: map[string]string{"en": "John Kerry", "ar": "جون كيري"}},
	{Key: "zarif", Kind: "person", Names: map[string]string{"en": "Mohammad Javad Zarif", "ar": "محمد جواد ظريف"}},
	{Key: "abdul-mahdi", Kind: "person", Names: map[string]string{"en": "Adil Abdul-Mahdi", "ar": "عادل عبد المهدي"}},
	{Key: "us-government", Kind: "government", Names: map[string]string{"en": "Government of the United States"}},
	{Key: "iranian-government", Kind: "government", Names: map[string]string{"en": "Government of Iran", "ar": "حكومة إيران"}},
}

func draftOf(t *testing.T, lang, published, text string) *draft.Result {
	t.Helper()
	res, err := newDrafter(t, known).Draft(annotation.Article{ID: "t", Language: lang, Published: published, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// mentions lists the mentions of res as "text=key".
func mentions(res *draft.Result) string {
	var out []string
	for _, m := range res.Mentions {
		out = append(out, m.Text+"="+m.Entity)
	}
	return strings.Join(out, " ")
}

func TestMentions(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		// Attached clitics are left out of the span; the article stays.
		{"ar", "التقى وفد من واشنطن وبالعراق ولالعراق", "واشنطن=Q30 العراق=Q796 العراق=Q796"},
		{"ar", "قالت وواشنطن إن", "واشنطن=Q30"},
		// Arabic adjectives of a country's one-word name, with clitics too.
		{"ar", "القوات الأميركية ومسؤولون عراقيون وأميركيون", "الأميركية=Q30 عراقيون=Q796 أميركيون=Q30"},
		// The longest candidate wins over the names inside it.
		{"ar", "هددت كتائب حزب الله، وقال حزب الله", "كتائب حزب الله=kataib-hezbollah حزب الله=hezbollah"},
		{"en", "Kataib Hezbollah and Hezbollah", "Kataib Hezbollah=kataib-hezbollah Hezbollah=hezbollah"},
		// A joined أبو is the same name; so is a Latin name with or without al-.
		{"ar", "قتل أبومهدي المهندس", "أبومهدي المهندس=muhandis"},
		{"en", "Abu Mahdi al-Muhandis was killed", "Abu Mahdi al-Muhandis=muhandis"},
		// An acronym only in capitals; a leading "the" stays out of the span.
		{"en", "the US told us that the Status of Forces Agreement", "US=Q30 Status of Forces Agreement=sofa"},
		// Never across a comma or a line break.
		{"en", "United, States\nUnited\nStates", ""},
	} {
		if got := mentions(draftOf(t, tc.lang, "2021-03-24", tc.text)); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMentionSpans(t *testing.T) {
	text := "\u00a0وبالعراق، و\u00a0U.S. forces"
	res := draftOf(t, "ar", "2021-03-24", text)
	rs := []rune(text)
	for _, m := range res.Mentions {
		if string(rs[m.Start:m.End]) != m.Text {
			t.Errorf("mention %d–%d holds %q, not %q", m.Start, m.End, string(rs[m.Start:m.End]), m.Text)
		}
	}
	if got := mentions(res); got != "العراق=Q796 U.S.=Q30" || res.Mentions[0].Rule != "name+clitic" {
		t.Errorf("mentions %+v, want العراق by name+clitic and U.S.", res.Mentions)
	}
}

func TestAmbiguousNames(t *testing.T) {
	res := draftOf(t, "en", "2021-03-24", "Georgia signed it.")
	if len(res.Mentions) != 0 {
		t.Errorf("an ambiguous name was guessed: %+v", res.Mentions)
	}
	if len(res.Ambiguous) != 1 || strings.Join(res.Ambiguous[0].Candidates, ",") != "Q230,georgia-us-state" {
		t.Errorf("ambiguous %+v, want Georgia with its two candidates", res.Ambiguous)
	}
}

func TestDates(t *testing.T) {
	pub := graph.MustDate("2021-03-24")
	for _, tc := range []struct {
		text, want string // want: value, "?" and the other reading when uncertain
	}{
		{"on 3 January 2020", "2020-01-03"},
		{"on January 3, 2020", "2020-01-03"},
		{"in June 2020", "2020-06"},
		{"in 2008", "2008"},
		{"في ٣ كانون الثاني ٢٠٢٠", "2020-01-03"},
		{"يوم الأحد ٥ كانون الثاني/يناير ٢٠٢٠ على", "2020-01-05"},
		{"في يناير 2020", "2020-01"},
		{"الأربعاء 2021/03/24", "2021-03-24"},
		{"خلال شهر أبريل", "2021-04"},
		{"في يونيو الماضي", "2020-06"},
		{"last June", "2020-06"},
		{"في سبتمبر المقبل", "2021-09"},
		{"next February", "2022-02"},
		{"العام الماضي", "2020"},
		{"next year", "2022"},
		{"الشهر الماضي", "2021-02"},
		{"أمس", "2021-03-23"},
		// Weekdays: the last such day up to publication (a Wednesday).
		{"on Sunday", "2021-03-21"},
		{"وقال يوم الأربعاء", "2021-03-24"},
		{"الخميس", "2021-03-18"},
		{"لم يقل أحد", ""},
		{"فجر الجمعة ٣ كانون الثاني", "2021-01-03"},
		// Early in the year, a past month is this year's or last year's.
		{"تولى الرئاسة في يناير الماضي", "2021-01?2020-01"},
		{"last January", "2021-01?2020-01"},
		// Not dates: a month name in lower case, "آب" alone, a number.
		{"they may march", ""},
		{"آب وابنه", ""},
		{"12345 people", ""},
	} {
		var got []string
		for _, d := range draft.Dates(tc.text, pub) {
			s := d.Value.String()
			if d.Uncertain {
				s += "?" + d.Alt.String()
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, g, tc.want)
		}
	}
	// Two months sharing a relative word.
	var got []string
	for _, d := range draft.Dates("في يونيو وأغسطس الماضيين", pub) {
		got = append(got, d.Value.String())
	}
	if g := strings.Join(got, " "); g != "2020-06 2020-08" {
		t.Errorf("يونيو وأغسطس الماضيين: got %q", g)
	}
}

// relations lists the relations of res as "type source target modality
// date".
func relations(res *draft.Result) string {
	var out []string
	for _, r := range res.Document.Relations {
		out = append(out, strings.Join([]string{r.Type, r.Source, r.Target, r.Modality, r.Date}, " "))
	}
	return strings.Join(out, "; ")
}

func TestRelationCues(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Kataib Hezbollah threatened the United States on 3 January 2020.", "threatens kataib-hezbollah Q30 asserted 2020-01-03"},
		{"ar", "هددت كتائب حزب الله واشنطن في ٣ كانون الثاني ٢٠٢٠.", "threatens kataib-hezbollah Q30 asserted 2020-01-03"},
		{"ar", "ووقع العراق والولايات المتحدة الاتفاقية.", "signs Q796 Q30 asserted "},
		{"en", "Hezbollah denied that it attacked the US.", "attacks hezbollah Q30 denied "},
		{"ar", "نفى حزب الله أنه هاجم الولايات المتحدة.", "attacks hezbollah Q30 denied "},
		{"ar", "من المقرر أن تستأنف الولايات المتحدة المحادثات مع العراق.", "negotiates_with Q30 Q796 planned "},
		{"en", "Hezbollah reportedly attacked the US.", "attacks hezbollah Q30 hedged "},
		// A place is not a party: "in Iraq" is where, not whom.
		{"en", "Hezbollah attacked the US in Iraq.", "attacks hezbollah Q30 asserted "},
		{"en", "In Iraq, Hezbollah attacked.", ""},
		// Parties stay in the cue's sentence.
		{"en", "Hezbollah spoke. It attacked the US.", ""},
		// English puts the subject first: without one, no relation.
		{"en", "The strike also killed Qasem Soleimani.", ""},
		// A target and the parties coordinated with it.
		{"en", "Iran reached a deal with the United States and Iraq.", "agrees_with Q794 Q30 asserted ; agrees_with Q794 Q796 asserted "},
		{"ar", "توصلت إيران إلى اتفاق مع الولايات المتحدة والعراق.", "agrees_with Q794 Q30 asserted ; agrees_with Q794 Q796 asserted "},
		// A passive verb's agent: a nominal cue that is a state's act.
		{"en", "Qasem Soleimani was killed by a US drone strike.", "kills Q30 soleimani asserted ; strikes_from_air Q30 soleimani asserted "},
		{"ar", "قُتل قاسم سليماني بغارة أميركية.", "kills Q30 soleimani asserted ; strikes_from_air Q30 soleimani asserted "},
		// Titles: a role and its holder, who is no party of the event;
		// officials who negotiate stand for their states.
		{"en", "Qasem Soleimani, the commander of Iran's Quds Force, threatened the US.",
			"commander_of soleimani quds-force asserted ; part_of quds-force Q794 asserted ; threatens soleimani Q30 asserted "},
		{"en", "US Secretary of State John Kerry and Iranian Foreign Minister Mohammad Javad Zarif negotiated.", "negotiates_with Q30 Q794 asserted "},
		// A minister is a member of the government of the country the
		// title names, when the sentence mentions it.
		{"en", "Iranian Foreign Minister Mohammad Javad Zarif spoke for the Government of Iran.", "member_of zarif iranian-government asserted "},
		{"ar", "ودان رئيس الوزراء العراقي المستقيل عادل عبد المهدي الغارة الأميركية.",
			"head_of_government abdul-mahdi Q796 asserted ; criticizes abdul-mahdi Q30 asserted "},
		// A place target; a reversed cue.
		{"en", "Kataib Hezbollah is based in Iraq.", "located_in kataib-hezbollah Q796 asserted "},
		{"ar", "وشن التحالف الدولي بقيادة الولايات المتحدة غارات على حزب الله.",
			"leads Q30 coalition asserted ; strikes_from_air coalition hezbollah asserted "},
		// A title without a holder is still its person's: "و" joins them.
		{"ar", "والتقى عادل عبد المهدي جون كيري والوزير محمد جواد ظريف.", "meets abdul-mahdi kerry asserted ; meets abdul-mahdi zarif asserted "},
		// A symmetric type relates the parties joined before its cue.
		{"en", "Iran and Iraq share a border.", "borders Q794 Q796 asserted "},
		// Said … would: planned.
		{"en", "The US said it would impose sanctions on Hezbollah.", "sanctions Q30 hezbollah planned "},
	} {
		if got := relations(draftOf(t, tc.lang, "2021-03-24", tc.text)); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestEvidenceIsTheSentence(t *testing.T) {
	res := draftOf(t, "en", "2021-03-24", "Intro & more.\n  Hezbollah attacked the US. \nEnd")
	r := res.Document.Relations
	if len(r) != 1 || r[0].Evidence.Text != "Hezbollah attacked the US." || *r[0].Evidence.Start != 16 {
		t.Fatalf("relations %+v", r)
	}
	b, err := res.MarshalNative()
	if err != nil || !strings.Contains(string(b), `"Intro & more.`) {
		t.Errorf("the text is not written as it is: %v %s", err, b)
	}
}

func TestUncertainDateNotAsserted(t *testing.T) {
	res := draftOf(t, "ar", "2021-03-24", "هاجم حزب الله الولايات المتحدة في يناير الماضي.")
	if len(res.Document.Relations) != 1 {
		t.Fatalf("relations %s", relations(res))
	}
	r := res.Document.Relations[0]
	if r.Date != "" || !strings.Contains(r.Note, "2021-01 or 2020-01") || *r.Confidence >= 0.6 {
		t.Errorf("an uncertain date was asserted: %+v (note %q)", r, r.Note)
	}
}

func TestLexiconChecked(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"relations: [{type: threatns, en: [menaced]}]", `did you mean "threatens"`},
		{"modalities: [{modality: rumoured, en: [rumoured]}]", `unknown modality "rumoured"`},
		{"roles: [{type: leeds, en: [boss], holders: [armed_group]}]", `did you mean "leads"`},
		{"roles: [{type: leads, en: [boss], holders: [militia]}]", `unknown entity kind "militia"`},
		{"roles: [{type: leads, en: [boss]}]", `a role needs its holders`},
	} {
		_, err := draft.ParseLexicon([]byte(tc.file), "extra.yaml", ontology.Default())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.file, err, tc.want)
		}
	}
	more, err := draft.ParseLexicon([]byte("relations: [{type: threatens, en: [menaced]}]\n"), "extra.yaml", ontology.Default())
	if err != nil {
		t.Fatal(err)
	}
	lex, _ := draft.BuiltinLexicon(ontology.Default())
	res, err := draft.New(known, lex.Add(more), ontology.Default()).Draft(annotation.Article{ID: "t", Language: "en", Published: "2021-03-24", Text: "Hezbollah menaced the US."})
	if err != nil || relations(res) != "threatens hezbollah Q30 asserted " {
		t.Errorf("an added cue: got %v %q", err, relations(res))
	}
}

// The drafts of the articles of both sets pass the checks of geokg
// validate, and can be written for review: every relation links a mention
// of its source to one of its target.
func TestDraftsValidate(t *testing.T) {
	for _, set := range []set{heldOut, tuning} {
		gaz, docs := set.read(t)
		d := newDrafter(t, gaz)
		for _, gold := range docs {
			res, err := d.Draft(*gold.Article)
			if err != nil {
				t.Fatal(err)
			}
			b, err := res.MarshalNative()
			if err != nil {
				t.Fatal(err)
			}
			out, probs := annotation.ParseNative("draft.json", b, annotation.Checker{Vocabulary: ontology.Default()})
			if probs.HasErrors() || len(out) != 1 {
				t.Errorf("%s: the draft does not validate: %v", gold.Article.ID, probs)
			}
			if !strings.Contains(string(b), `"status": "draft"`) {
				t.Errorf("%s: the draft is not marked as one", gold.Article.ID)
			}
			if _, _, err := res.Brat(); err != nil {
				t.Errorf("%s: %v", gold.Article.ID, err)
			}
		}
	}
}

// The same input gives the same draft: every article of both sets, drafted
// again by another drafter, and by one knowing the entities in the reverse
// order, is the same document, byte for byte.
func TestDeterministic(t *testing.T) {
	for _, set := range []set{heldOut, tuning} {
		gaz, docs := set.read(t)
		reversed := slices.Clone(gaz)
		slices.Reverse(reversed)
		drafters := []*draft.Drafter{newDrafter(t, gaz), newDrafter(t, gaz), newDrafter(t, reversed)}
		for _, doc := range docs {
			var first []byte
			for i, d := range drafters {
				for range 2 {
					res, err := d.Draft(*doc.Article)
					if err != nil {
						t.Fatal(err)
					}
					b, err := res.MarshalNative()
					if err != nil {
						t.Fatal(err)
					}
					if first == nil {
						first = b
					} else if !bytes.Equal(b, first) {
						t.Fatalf("%s: drafter %d gave another draft", doc.Article.ID, i)
					}
				}
			}
		}
	}
}
