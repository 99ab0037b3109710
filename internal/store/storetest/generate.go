package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/geokg/geokg/internal/graph"
)

// GenType is one relation type Generate uses, with the class, quad class
// and Goldstein intensity that go with it.
type GenType struct {
	ID        string
	Class     graph.Class
	Quad      int
	Intensity float64
}

// GenTypes are the relation types of generated graphs. Do not reorder:
// generated graphs must stay the same for a seed.
var GenTypes = []GenType{
	{"threatens", "event", 3, -6},
	{"negotiates_with", "event", 1, 4},
	{"signs", "event", 1, 8},
	{"attacks", "event", 4, -9},
	{"kills", "event", 4, -10},
	{"supports", "event", 1, 3.5},
	{"provides_aid", "event", 2, 7.4},
	{"condemns", "event", 3, -2},
	{"meets", "event", 1, 1},
	{"member_of", "structural", 0, 0},
	{"part_of", "structural", 0, 0},
	{"backs", "structural", 0, 0},
	{"allied_with", "structural", 0, 0},
}

// genEntity is an entity of a generated graph.
type genEntity struct {
	id, kind, wikidata string
	en, ar             string
	enAlias            string
}

var (
	syllables = []string{"ka", "ri", "mo", "tal", "an", "bar", "sa", "lem", "dor", "u", "zan", "qu", "mir", "ha", "fa", "ir", "ba", "ash", "nu", "ro"}
	arLetters = []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	precs     = []graph.Precision{graph.Year, graph.Month, graph.Month, graph.Day, graph.Day, graph.Day, graph.Day, graph.Day}
	modWeight = []graph.Modality{graph.Asserted, graph.Asserted, graph.Asserted, graph.Asserted, graph.Asserted, graph.Asserted,
		graph.Claimed, graph.Denied, graph.Planned, graph.Hedged}
)

func genWord(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(3) {
		b.WriteString(syllables[rng.IntN(len(syllables))])
	}
	return b.String()
}

func genName(rng *rand.Rand) string {
	w := []string{genWord(rng)}
	if rng.IntN(3) > 0 {
		w = append(w, genWord(rng))
	}
	for i := range w {
		w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
	}
	return strings.Join(w, " ")
}

func genArabic(rng *rand.Rand) string {
	var b strings.Builder
	for i := range 3 + rng.IntN(5) {
		if i == 4 {
			b.WriteByte(' ')
		}
		b.WriteRune(arLetters[rng.IntN(len(arLetters))])
	}
	return b.String()
}

// genKey is the matching key of a generated name: lower case, letters and
// spaces only (enough like the real normalisation for tests).
func genKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r >= 'a' && r <= 'z' || r > 127 {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

func genDate(rng *rand.Rand, p graph.Precision) graph.Date {
	y := 2000 + rng.IntN(24)
	switch p {
	case graph.Year:
		return graph.Date{Year: y, Precision: graph.Year}
	case graph.Month:
		return graph.Date{Year: y, Month: 1 + rng.IntN(12), Precision: graph.Month}
	}
	return graph.Date{Year: y, Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28), Precision: graph.Day}
}

// later returns a day-precision date 1 to maxDays days after d's last day.
func later(rng *rand.Rand, d graph.Date, maxDays int) graph.Date {
	t, _ := time.Parse("2006-01-02", d.Last())
	t = t.AddDate(0, 0, 1+rng.IntN(maxDays))
	return graph.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: graph.Day}
}

// Generate returns a deterministic random graph as contributions in import
// order: a gazetteer ("gazetteer:gen", priority 0) that records every third
// entity and holds about 5% of the relations (structural ones), then
// articles of about 50 relations each (priority 1). Up to entities entities
// (popular ones are picked far more often) and exactly relations relations.
// The same arguments always give the same graph: benchmarks and cross-store
// differential tests rely on it, so change it only deliberately.
func Generate(seed int64, entities, relations int) []*graph.Contribution {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	ents := make([]genEntity, entities)
	for i := range ents {
		e := &ents[i]
		if i%4 == 0 {
			e.id = fmt.Sprintf("Q%d", 100+i*3)
			e.wikidata = e.id
		} else {
			e.id = fmt.Sprintf("ent-%05d", i)
		}
		e.kind = graph.Kinds[rng.IntN(len(graph.Kinds))]
		e.en, e.ar = genName(rng), genArabic(rng)
		if rng.IntN(3) == 0 {
			e.enAlias = genName(rng)
		}
	}
	pick := func() int { u := rng.Float64(); return int(float64(entities) * u * u) }

	record := func(e *genEntity, lang string, full bool) graph.EntityRecord {
		rec := graph.EntityRecord{ID: e.id, Kind: e.kind, Label: e.en}
		if full || rng.IntN(10) == 0 {
			rec.Wikidata = e.wikidata
		}
		if !full && rng.IntN(20) == 0 {
			rec.Kind = graph.Kinds[rng.IntN(len(graph.Kinds))] // a disagreeing article
		}
		add := func(lang, text, role string) {
			rec.Names = append(rec.Names, graph.Name{Lang: lang, Text: text, Role: role, Keys: []string{genKey(text)}, Order: len(rec.Names)})
		}
		switch {
		case full:
			add("en", e.en, graph.RoleName)
			add("ar", e.ar, graph.RoleName)
			if e.enAlias != "" {
				add("en", e.enAlias, graph.RoleAlias)
			}
		case lang == "ar":
			rec.Label = e.ar
			add("ar", e.ar, graph.RoleName)
		default:
			add("en", e.en, graph.RoleName)
			if e.enAlias != "" && rng.IntN(2) == 0 {
				add("en", e.enAlias, graph.RoleAlias)
			}
		}
		if !full && rng.IntN(4) == 0 {
			add(lang, genName(rng), graph.RoleMention)
		}
		return rec
	}

	relation := func(src graph.Source, id string, structural bool) graph.Relation {
		var t GenType
		for {
			t = GenTypes[rng.IntN(len(GenTypes))]
			if (t.Class == graph.ClassStructural) == structural {
				break
			}
		}
		a := pick()
		b := pick()
		for b == a {
			b = rng.IntN(entities)
		}
		r := graph.Relation{
			ID: id, Type: t.ID, Class: t.Class, QuadClass: t.Quad,
			From: ents[a].id, To: ents[b].id,
			Modality:   modWeight[rng.IntN(len(modWeight))],
			Confidence: float64(5+rng.IntN(6)) / 10,
		}
		if t.Class == graph.ClassEvent {
			if rng.IntN(10) > 0 {
				v := t.Intensity
				r.Intensity = &v
			}
			if rng.IntN(30) > 0 {
				r.Date = genDate(rng, precs[rng.IntN(len(precs))])
				if rng.IntN(20) == 0 {
					r.End = later(rng, r.Date, 20)
				}
			}
			if rng.IntN(6) == 0 {
				for range 1 + rng.IntN(2) {
					p := pick()
					if p != a && p != b && !slices.ContainsFunc(r.Participants, func(x graph.Participant) bool { return x.Entity == ents[p].id }) {
						r.Participants = append(r.Participants, graph.Participant{Entity: ents[p].id, Role: []string{"location", "target", "affiliation"}[rng.IntN(3)]})
					}
				}
			}
		} else if rng.IntN(5) > 1 {
			r.Date = genDate(rng, precs[rng.IntN(3)])
			if rng.IntN(2) == 0 {
				r.End = later(rng, r.Date, 3000)
			}
		}
		r.Precision = r.Date.Precision
		quote := fmt.Sprintf("%s %s %s.", ents[a].en, strings.ReplaceAll(t.ID, "_", " "), ents[b].en)
		ev := graph.Evidence{Article: src.ID, URL: src.URL, Title: src.Title, Quote: quote, Start: -1, End: -1, Published: src.Published}
		if src.Kind == "article" {
			ev.Start = rng.IntN(2000)
			ev.End = ev.Start + len([]rune(quote))
		}
		r.Evidence = []graph.Evidence{ev}
		return r
	}

	// The gazetteer.
	gaz := &graph.Contribution{
		Source:   graph.Source{ID: "gazetteer:gen", Kind: "gazetteer", Title: "generated gazetteer", Digest: fmt.Sprintf("gen-%d-gazetteer", seed)},
		Priority: 0,
	}
	inGaz := make([]bool, entities)
	for i := 0; i < entities; i += 3 {
		gaz.Entities = append(gaz.Entities, record(&ents[i], "en", true))
		inGaz[i] = true
	}
	nGaz := relations / 20
	for i := range nGaz {
		r := relation(gaz.Source, fmt.Sprintf("gazetteer:gen/rel-%06d", i), true)
		// The gazetteer records the entities of its relations too.
		for _, id := range r.Entities() {
			if n := entIndex(id); !inGaz[n] {
				gaz.Entities = append(gaz.Entities, record(&ents[n], "en", true))
				inGaz[n] = true
			}
		}
		gaz.Relations = append(gaz.Relations, r)
	}
	out := []*graph.Contribution{gaz}

	// The articles.
	rest := relations - nGaz
	for a := 0; rest > 0; a++ {
		n := min(rest, 40+rng.IntN(21))
		rest -= n
		lang := "en"
		if rng.IntN(5) < 2 {
			lang = "ar"
		}
		pub := genDate(rng, graph.Day)
		id := fmt.Sprintf("gen-art-%05d", a)
		c := &graph.Contribution{
			Source: graph.Source{ID: id, Kind: "article", Title: "Generated article " + id, URL: "https://example.org/" + id,
				Language: lang, Published: pub.String(), Digest: fmt.Sprintf("gen-%d-%s", seed, id)},
			Priority: 1,
		}
		seen := map[string]bool{}
		for i := range n {
			r := relation(c.Source, fmt.Sprintf("%s/r%d", id, i+1), rng.IntN(10) == 0)
			for _, eid := range r.Entities() {
				if !seen[eid] {
					seen[eid] = true
					c.Entities = append(c.Entities, record(&ents[entIndex(eid)], lang, false))
				}
			}
			c.Relations = append(c.Relations, r)
		}
		out = append(out, c)
	}
	return out
}

// entIndex is the index of a generated entity id.
func entIndex(id string) int {
	if n, ok := strings.CutPrefix(id, "Q"); ok {
		i, _ := strconv.Atoi(n)
		return (i - 100) / 3
	}
	i, _ := strconv.Atoi(strings.TrimPrefix(id, "ent-"))
	return i
}
