package storetest

import "github.com/geokg/geokg/internal/graph"

// The hand-made graph of the contract tests: a test gazetteer (priority 0)
// and two articles (priority 1).
//
//	entities: Q30 United States, Q794 Iran, Q796 Iraq (countries), irgc,
//	quds-force (military), pmf, kataib-hezbollah (armed groups), jcpoa
//	(agreement), soleimani (person), baghdad-airport (facility, a1 only)
//
//	gazetteer:test/irgc-part-of-iran       irgc → Q794        part_of 1979-05..
//	gazetteer:test/qf-part-of-irgc         quds-force → irgc  part_of, undated
//	gazetteer:test/soleimani-member-of-qf  soleimani → qf     member_of 1998..2020-01-03
//	a1/r1  Q30 → soleimani          kills      2020-01-03  q4 -10  [Q796 location, baghdad-airport target]
//	a1/r2  Q794 → Q30               threatens  2020-01     q3 -4
//	a1/r3  kataib-hezbollah → Q30   attacks    2019-12-27  q4 -9   claimed 0.7 [pmf affiliation]
//	a1/r4  Q794 → kataib-hezbollah  backs      undated structural, hedged 0.6
//	a1/r5  Q30 → Q796               negotiates_with 2020-01-06..2020-01-09 q1 +2
//	a1/r6  kataib-hezbollah → pmf   member_of  2014-06..
//	a2/r1  Q30 → Q794               negotiates_with 2021 q1 +4 planned [jcpoa subject]
//	a2/r2  Q794 → jcpoa             signs      2015-07-14  q1 +8
//	a2/r3  Q30 → jcpoa              signs      2015-07-14  q1 +8
//	a2/r4  kataib-hezbollah → Q30   attacks    2021-03     q4 nil  denied 0.5
//	a2/r5  Q796 → Q30               negotiates_with 2021-04-07 q1 0
//	a2/r6  Q796 → Q30               condemns   undated event q3 -2

// Entity ids of the fixture.
const (
	US   = "Q30"
	IR   = "Q794"
	IQ   = "Q796"
	IRGC = "irgc"
	QF   = "quds-force"
	PMF  = "pmf"
	KH   = "kataib-hezbollah"
	JC   = "jcpoa"
	SOL  = "soleimani"
	BIAP = "baghdad-airport"
)

// Relation ids of the fixture's gazetteer.
const (
	gIRGC = "gazetteer:test/irgc-part-of-iran"
	gQF   = "gazetteer:test/qf-part-of-irgc"
	gSOL  = "gazetteer:test/soleimani-member-of-qf"
)

func fp(v float64) *float64 { return &v }

func day(s string) graph.Date {
	if s == "" {
		return graph.Date{}
	}
	return graph.MustDate(s)
}

func nm(lang, text, role string, order int, keys ...string) graph.Name {
	return graph.Name{Lang: lang, Text: text, Role: role, Keys: keys, Order: order}
}

func evidence(src graph.Source, quote string, start, end int) graph.Evidence {
	return graph.Evidence{Article: src.ID, URL: src.URL, Title: src.Title, Quote: quote, Start: start, End: end, Published: src.Published}
}

type rel struct {
	id, typ, src, tgt, date, end string
	quad                         int
	intensity                    *float64
	mod                          graph.Modality
	conf                         float64
	parts                        []graph.Participant
}

func (x rel) relation(src graph.Source, quotes ...string) graph.Relation {
	r := graph.Relation{
		ID: x.id, Type: x.typ, Class: "event", QuadClass: x.quad, Intensity: x.intensity,
		From: x.src, To: x.tgt, Participants: x.parts,
		Date: day(x.date), End: day(x.end), Modality: x.mod, Confidence: x.conf,
	}
	if x.quad == 0 {
		r.Class = "structural"
	}
	r.Precision = r.Date.Precision
	for i, q := range quotes {
		if src.Kind == "gazetteer" {
			r.Evidence = append(r.Evidence, evidence(src, q, -1, -1))
		} else {
			r.Evidence = append(r.Evidence, evidence(src, q, 100*i+10, 100*i+10+len([]rune(q))))
		}
	}
	return r
}

var (
	srcGazetteer = graph.Source{ID: "gazetteer:test", Kind: "gazetteer", Title: "test gazetteer", Digest: "g1"}
	srcA1        = graph.Source{ID: "a1", Kind: "article", Title: "US strike kills Soleimani", URL: "https://example.org/a1",
		Language: "en", Published: "2020-01-05", Digest: "a1-v1"}
	srcA2 = graph.Source{ID: "a2", Kind: "article", Title: "الحوار الاستراتيجي", URL: "https://example.org/a2",
		Language: "ar", Published: "2021-04-08", Digest: "a2-v1"}
)

// Gazetteer is the fixture's gazetteer.
func Gazetteer() *graph.Contribution {
	s := srcGazetteer
	return &graph.Contribution{
		Source:   s,
		Priority: 0,
		Entities: []graph.EntityRecord{
			{ID: US, Kind: "country", Wikidata: "Q30", Label: "United States", Names: []graph.Name{
				nm("en", "United States", graph.RoleName, 0, "united states"),
				nm("ar", "الولايات المتحدة", graph.RoleName, 1, "الولايات المتحدة"),
				nm("en", "USA", graph.RoleAlias, 2, "usa"),
				nm("ar", "واشنطن", graph.RoleAlias, 3, "واشنطن"),
				nm("en", "American", graph.RoleDemonym, 4, "american", "americans"),
				nm("ar", "أمريكي", graph.RoleDemonym, 5, "امريكي", "امريكيه", "امريكيون", "امريكيين"),
			}},
			{ID: IR, Kind: "country", Wikidata: "Q794", Label: "Iran", Names: []graph.Name{
				nm("en", "Iran", graph.RoleName, 0, "iran"),
				nm("ar", "إيران", graph.RoleName, 1, "ايران"),
				nm("en", "Islamic Republic of Iran", graph.RoleAlias, 2, "islamic republic of iran"),
			}},
			{ID: IQ, Kind: "country", Wikidata: "Q796", Label: "Iraq", Names: []graph.Name{
				nm("en", "Iraq", graph.RoleName, 0, "iraq"),
				nm("en", "Baghdad", graph.RoleAlias, 1, "baghdad"),
			}},
			{ID: IRGC, Kind: "military", Label: "Islamic Revolutionary Guard Corps", Names: []graph.Name{
				nm("en", "Islamic Revolutionary Guard Corps", graph.RoleName, 0, "islamic revolutionary guard corps"),
				nm("en", "IRGC", graph.RoleAlias, 1, "irgc"),
				nm("en", "Revolutionary Guards of Iran", graph.RoleAlias, 2, "revolutionary guards of iran"),
				nm("ar", "الحرس الثوري", graph.RoleName, 3, "الحرس الثوري"),
			}},
			{ID: QF, Kind: "military", Label: "Quds Force", Names: []graph.Name{
				nm("en", "Quds Force", graph.RoleName, 0, "quds force"),
				nm("ar", "فيلق القدس", graph.RoleName, 1, "فيلق القدس"),
			}},
			{ID: PMF, Kind: "armed_group", Label: "Popular Mobilization Forces", Names: []graph.Name{
				nm("en", "Popular Mobilization Forces", graph.RoleName, 0, "popular mobilization forces"),
				nm("en", "PMF", graph.RoleAlias, 1, "pmf"),
			}},
			{ID: JC, Kind: "agreement", Label: "Joint Comprehensive Plan of Action", Names: []graph.Name{
				nm("en", "Joint Comprehensive Plan of Action", graph.RoleName, 0, "joint comprehensive plan of action"),
				nm("en", "Iran nuclear deal", graph.RoleAlias, 1, "iran nuclear deal"),
			}},
			{ID: SOL, Kind: "person", Wikidata: "Q1631584", Label: "Qasem Soleimani", Names: []graph.Name{
				nm("en", "Qasem Soleimani", graph.RoleName, 0, "qasem soleimani"),
			}},
		},
		Relations: []graph.Relation{
			rel{id: gIRGC, typ: "part_of", src: IRGC, tgt: IR, date: "1979-05", mod: graph.Asserted, conf: 1}.relation(s, "The IRGC is a branch of Iran's armed forces."),
			rel{id: gQF, typ: "part_of", src: QF, tgt: IRGC, mod: graph.Asserted, conf: 1}.relation(s, "The Quds Force is the external operations branch of the IRGC."),
			rel{id: gSOL, typ: "member_of", src: SOL, tgt: QF, date: "1998", end: "2020-01-03", mod: graph.Asserted, conf: 1}.relation(s, "Soleimani commanded the Quds Force."),
		},
	}
}

// Article1 is the fixture's first article, in English.
func Article1() *graph.Contribution {
	s := srcA1
	return &graph.Contribution{
		Source:   s,
		Priority: 1,
		Entities: []graph.EntityRecord{
			{ID: US, Kind: "country", Label: "U.S.", Names: []graph.Name{
				nm("en", "U.S.", graph.RoleName, 0, "us"),
				nm("en", "American", graph.RoleMention, 1, "american"),
			}},
			{ID: IR, Kind: "country", Label: "Iran", Names: []graph.Name{nm("en", "Iran", graph.RoleName, 0, "iran")}},
			{ID: IQ, Kind: "country", Label: "Iraq", Names: []graph.Name{nm("en", "Iraq", graph.RoleName, 0, "iraq")}},
			{ID: SOL, Kind: "person", Label: "Soleimani", Names: []graph.Name{nm("en", "Soleimani", graph.RoleName, 0, "soleimani")}},
			{ID: KH, Kind: "armed_group", Label: "Kataib Hezbollah", Names: []graph.Name{
				nm("en", "Kataib Hezbollah", graph.RoleName, 0, "kataib hezbollah"),
				nm("en", "Kata'ib Hizballah", graph.RoleMention, 1, "kataib hizballah"),
			}},
			{ID: BIAP, Kind: "facility", Label: "Baghdad International Airport", Names: []graph.Name{
				nm("en", "Baghdad International Airport", graph.RoleName, 0, "baghdad international airport"),
				nm("en", "Baghdad", graph.RoleMention, 1, "baghdad"),
			}},
		},
		Relations: []graph.Relation{
			rel{id: "a1/r1", typ: "kills", src: US, tgt: SOL, date: "2020-01-03", quad: 4, intensity: fp(-10), mod: graph.Asserted, conf: 0.95,
				parts: []graph.Participant{{Entity: IQ, Role: "location"}, {Entity: BIAP, Role: "target"}}}.relation(s,
				"A US drone strike killed Soleimani.", "The strike hit a convoy at Baghdad airport."),
			rel{id: "a1/r2", typ: "threatens", src: IR, tgt: US, date: "2020-01", quad: 3, intensity: fp(-4), mod: graph.Asserted, conf: 0.8}.relation(s, "Iran vowed revenge."),
			rel{id: "a1/r3", typ: "attacks", src: KH, tgt: US, date: "2019-12-27", quad: 4, intensity: fp(-9), mod: graph.Claimed, conf: 0.7,
				parts: []graph.Participant{{Entity: PMF, Role: "affiliation"}}}.relation(s, "Washington blamed Kataib Hezbollah for the rocket attack."),
			rel{id: "a1/r4", typ: "backs", src: IR, tgt: KH, mod: graph.Hedged, conf: 0.6}.relation(s, "The militia is said to be backed by Tehran."),
			rel{id: "a1/r5", typ: "negotiates_with", src: US, tgt: IQ, date: "2020-01-06", end: "2020-01-09", quad: 1, intensity: fp(2), mod: graph.Asserted, conf: 0.9}.relation(s, "US and Iraqi officials held talks all week."),
			rel{id: "a1/r6", typ: "member_of", src: KH, tgt: PMF, date: "2014-06", mod: graph.Asserted, conf: 0.9}.relation(s, "Kataib Hezbollah joined the PMF in 2014."),
		},
	}
}

// Article1v2 is a corrected version of Article1: U.S. and the mention
// Kata'ib Hizballah, the record of Soleimani and everything about the
// airport are gone; a1/r1 lost a participant and changed its confidence;
// a1/r2 is now dated 2020-01-04; a1/r4 is gone.
func Article1v2() *graph.Contribution {
	c := Article1()
	c.Source.Digest = "a1-v2"
	c.Entities = []graph.EntityRecord{
		{ID: US, Kind: "country", Label: "United States", Names: []graph.Name{
			nm("en", "American", graph.RoleMention, 1, "american"),
		}},
		c.Entities[1], c.Entities[2],
		{ID: KH, Kind: "armed_group", Label: "Kataib Hezbollah", Names: []graph.Name{
			nm("en", "Kataib Hezbollah", graph.RoleName, 0, "kataib hezbollah"),
		}},
	}
	r1 := c.Relations[0]
	r1.Participants = r1.Participants[:1]
	r1.Confidence = 0.99
	r2 := c.Relations[1]
	r2.Date = day("2020-01-04")
	r2.Precision = graph.Day
	c.Relations = []graph.Relation{r1, r2, c.Relations[2], c.Relations[4], c.Relations[5]}
	return c
}

// Article2 is the fixture's second article, in Arabic.
func Article2() *graph.Contribution {
	s := srcA2
	return &graph.Contribution{
		Source:   s,
		Priority: 1,
		Entities: []graph.EntityRecord{
			{ID: US, Kind: "country", Label: "الولايات المتحدة", Names: []graph.Name{
				nm("ar", "الولايات المتحدة", graph.RoleName, 0, "الولايات المتحدة"),
			}},
			{ID: IR, Kind: "country", Label: "إيران", Names: []graph.Name{nm("ar", "إيران", graph.RoleName, 0, "ايران")}},
			{ID: IQ, Kind: "country", Label: "العراق", Names: []graph.Name{nm("ar", "العراق", graph.RoleName, 0, "العراق")}},
			{ID: JC, Kind: "agreement", Label: "الاتفاق النووي", Names: []graph.Name{
				nm("ar", "الاتفاق النووي", graph.RoleName, 0, "الاتفاق النووي"),
			}},
			{ID: KH, Kind: "organization", Wikidata: "Q2597185", Label: "كتائب حزب الله", Names: []graph.Name{
				nm("ar", "كتائب حزب الله", graph.RoleName, 0, "كتائب حزب الله"),
			}},
		},
		Relations: []graph.Relation{
			rel{id: "a2/r1", typ: "negotiates_with", src: US, tgt: IR, date: "2021", quad: 1, intensity: fp(4), mod: graph.Planned, conf: 0.9,
				parts: []graph.Participant{{Entity: JC, Role: "subject"}}}.relation(s, "تعتزم واشنطن التفاوض مع طهران"),
			rel{id: "a2/r2", typ: "signs", src: IR, tgt: JC, date: "2015-07-14", quad: 1, intensity: fp(8), mod: graph.Asserted, conf: 1}.relation(s, "وقعت إيران الاتفاق النووي"),
			rel{id: "a2/r3", typ: "signs", src: US, tgt: JC, date: "2015-07-14", quad: 1, intensity: fp(8), mod: graph.Asserted, conf: 1}.relation(s, "ووقعته الولايات المتحدة"),
			rel{id: "a2/r4", typ: "attacks", src: KH, tgt: US, date: "2021-03", quad: 4, mod: graph.Denied, conf: 0.5}.relation(s, "نفت الكتائب مسؤوليتها عن الهجوم"),
			rel{id: "a2/r5", typ: "negotiates_with", src: IQ, tgt: US, date: "2021-04-07", quad: 1, intensity: fp(0), mod: graph.Asserted, conf: 1}.relation(s, "الحوار الاستراتيجي"),
			rel{id: "a2/r6", typ: "condemns", src: IQ, tgt: US, quad: 3, intensity: fp(-2), mod: graph.Asserted, conf: 0.6}.relation(s, "أدانت بغداد الضربة"),
		},
	}
}

// Fixture returns the hand-made graph's contributions in import order.
func Fixture() []*graph.Contribution {
	return []*graph.Contribution{Gazetteer(), Article1(), Article2()}
}
