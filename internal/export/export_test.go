package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

var ctx = context.Background()

// fixture is storetest's hand-made graph as a whole-graph export: 10
// entities, 15 relations, 12 of them dated, and 4 participations in them:
// 19 edges.
func fixture(t *testing.T) *export.Subgraph {
	t.Helper()
	s := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	g, err := export.Whole(ctx, s, graph.Filter{}, "Fixture <graph>")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.Counts(), (export.Counts{Nodes: 10, Edges: 19, Events: 12}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	return g
}

// write writes g in a format, checks that the output does not depend on
// the order of g's nodes and relations, and returns it.
func write(t *testing.T, format string, g *export.Subgraph) []byte {
	t.Helper()
	f, err := export.Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := f.Write(&a, g); err != nil {
		t.Fatal(err)
	}
	shuffled := *g
	rng := rand.New(rand.NewPCG(1, 2))
	shuffled.Nodes, shuffled.Relations = slices.Clone(g.Nodes), slices.Clone(g.Relations)
	rng.Shuffle(len(shuffled.Nodes), func(i, j int) { shuffled.Nodes[i], shuffled.Nodes[j] = shuffled.Nodes[j], shuffled.Nodes[i] })
	rng.Shuffle(len(shuffled.Relations), func(i, j int) {
		shuffled.Relations[i], shuffled.Relations[j] = shuffled.Relations[j], shuffled.Relations[i]
	})
	if err := f.Write(&b, &shuffled); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%s: the output depends on the input order", format)
	}
	return a.Bytes()
}

func TestWholePagesThroughTheStore(t *testing.T) {
	s := storetest.NewReference()
	for _, c := range storetest.Generate(3, 400, 2*export.PageSize+17) {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	g, err := export.Whole(ctx, s, graph.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(ctx)
	if len(g.Relations) != st.Relations || len(g.Nodes) == 0 || len(g.Nodes) > st.Entities {
		t.Fatalf("%d relations and %d nodes; the store has %d relations and %d entities", len(g.Relations), len(g.Nodes), st.Relations, st.Entities)
	}
	ids := map[string]bool{}
	for _, e := range g.Nodes {
		if ids[e.ID] {
			t.Fatalf("node %s twice", e.ID)
		}
		ids[e.ID] = true
	}
	for _, r := range g.Relations {
		for _, id := range r.Entities() {
			if !ids[id] {
				t.Fatalf("relation %s involves %s, which is not a node", r.ID, id)
			}
		}
	}
	// A time window is a filter.
	w, err := export.Whole(ctx, s, graph.Filter{Since: "2010-01-01", Until: "2010-12-31"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Relations) == 0 || len(w.Relations) >= len(g.Relations) {
		t.Fatalf("the 2010 window has %d of %d relations", len(w.Relations), len(g.Relations))
	}
}

func TestNeighborhood(t *testing.T) {
	s := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	g, err := export.Neighborhood(ctx, s, graph.NeighborQuery{ID: storetest.SOL, Depth: 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	var nodes []string
	for _, e := range g.Nodes {
		nodes = append(nodes, e.ID)
	}
	slices.Sort(nodes)
	// Soleimani, the Quds Force and the US at the ends; Iraq and the airport as participants of the strike.
	if got, want := strings.Join(nodes, " "), "Q30 Q796 baghdad-airport quds-force soleimani"; got != want {
		t.Fatalf("nodes %q, want %q", got, want)
	}
	if len(g.Relations) != 2 {
		t.Fatalf("%d relations, want 2", len(g.Relations))
	}
}

// GraphML as encoding/xml reads it back.
type graphml struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string   `xml:"id,attr"`
			Data []gmData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string   `xml:"id,attr"`
			Source string   `xml:"source,attr"`
			Target string   `xml:"target,attr"`
			Data   []gmData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type gmData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func dataMap(ds []gmData) map[string]string {
	m := map[string]string{}
	for _, d := range ds {
		m[d.Key] = d.Value
	}
	return m
}

func TestGraphML(t *testing.T) {
	out := write(t, "graphml", fixture(t))
	var doc graphml
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Graph.Nodes) != 10 || len(doc.Graph.Edges) != 19 || doc.Graph.EdgeDefault != "directed" {
		t.Fatalf("%d nodes, %d edges, edgedefault %q", len(doc.Graph.Nodes), len(doc.Graph.Edges), doc.Graph.EdgeDefault)
	}
	keys := map[string]string{}
	for _, k := range doc.Keys {
		keys[k.ID] = k.For + " " + k.Name + " " + k.Type
	}
	for id, want := range map[string]string{
		"n_name": "node name string", "n_name_ar": "node name_ar string", "n_wikidata": "node wikidata string",
		"e_quad_class": "edge quad_class int", "e_intensity": "edge intensity double", "e_confidence": "edge confidence double",
		"e_reports": "edge reports int", "e_sources": "edge sources int",
		"e_date": "edge date string", "e_evidence_quote": "edge evidence_quote string", "e_evidence_article": "edge evidence_article string",
	} {
		if keys[id] != want {
			t.Errorf("key %s: %q, want %q", id, keys[id], want)
		}
	}
	for _, n := range doc.Graph.Nodes {
		for k := range dataMap(n.Data) {
			if keys[k] == "" {
				t.Fatalf("node %s uses undeclared key %s", n.ID, k)
			}
		}
		if n.ID == "Q30" {
			if d := dataMap(n.Data); d["n_name_ar"] != "الولايات المتحدة" || d["n_wikidata"] != "Q30" || d["n_kind"] != "country" {
				t.Fatalf("Q30: %v", d)
			}
		}
	}
	var strike map[string]string
	parallel := map[string]int{}
	for _, e := range doc.Graph.Edges {
		parallel[e.Source+">"+e.Target]++
		if e.ID == "a1/r1" {
			strike = dataMap(e.Data)
			if e.Source != "Q30" || e.Target != "soleimani" {
				t.Fatalf("a1/r1 goes %s → %s", e.Source, e.Target)
			}
		}
	}
	want := map[string]string{"e_type": "kills", "e_class": "event", "e_quad_class": "4", "e_intensity": "-10",
		"e_date": "2020-01-03", "e_precision": "day", "e_modality": "asserted", "e_confidence": "0.95",
		"e_reports": "1", "e_sources": "1",
		"e_participants": "location:Q796; target:baghdad-airport", "e_evidence_article": "a1",
		"e_evidence_url":   "https://example.org/a1",
		"e_evidence_quote": "A US drone strike killed Soleimani.\nThe strike hit a convoy at Baghdad airport."} // both reports
	if !mapsEqual(strike, want) {
		t.Fatalf("a1/r1: %v\nwant %v", strike, want)
	}
	if parallel["Q796>Q30"] != 2 { // a2/r5 and a2/r6
		t.Fatalf("parallel edges lost: %v", parallel)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestGEXF(t *testing.T) {
	out := write(t, "gexf", fixture(t))
	var doc struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		Graph   struct {
			Mode       string `xml:"mode,attr"`
			TimeFormat string `xml:"timeformat,attr"`
			EdgeType   string `xml:"defaultedgetype,attr"`
			Attributes []struct {
				Class string `xml:"class,attr"`
				Attrs []struct {
					ID   string `xml:"id,attr"`
					Type string `xml:"type,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID    string `xml:"id,attr"`
				Label string `xml:"label,attr"`
			} `xml:"nodes>node"`
			Edges []struct {
				ID     string `xml:"id,attr"`
				Start  string `xml:"start,attr"`
				End    string `xml:"end,attr"`
				Values []struct {
					For   string `xml:"for,attr"`
					Value string `xml:"value,attr"`
				} `xml:"attvalues>attvalue"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	g := doc.Graph
	if doc.XMLName.Space != "http://gexf.net/1.3" || doc.Version != "1.3" || g.Mode != "dynamic" || g.TimeFormat != "date" || g.EdgeType != "directed" {
		t.Fatalf("header: %v %s %s %s %s", doc.XMLName, doc.Version, g.Mode, g.TimeFormat, g.EdgeType)
	}
	if len(g.Nodes) != 10 || len(g.Edges) != 19 {
		t.Fatalf("%d nodes, %d edges", len(g.Nodes), len(g.Edges))
	}
	if len(g.Attributes) != 2 || g.Attributes[1].Class != "edge" {
		t.Fatalf("attributes: %+v", g.Attributes)
	}
	spans := map[string]string{}
	dated := 0
	for _, e := range g.Edges {
		spans[e.ID] = e.Start + ".." + e.End
		vals := map[string]string{}
		for _, v := range e.Values {
			vals[v.For] = v.Value
		}
		if vals["type"] == "" || vals["modality"] == "" || vals["confidence"] == "" {
			t.Fatalf("edge %s: attvalues %v", e.ID, vals)
		}
		if vals["date"] != "" {
			dated++
			if e.Start == "" {
				t.Fatalf("dated edge %s (%s) has no start", e.ID, vals["date"])
			}
		} else if e.Start != "" || e.End != "" {
			t.Fatalf("undated edge %s has %s..%s", e.ID, e.Start, e.End)
		}
	}
	if dated != 16 { // 12 dated events and 4 participations in them
		t.Fatalf("%d dated edges, want 16", dated)
	}
	for id, want := range map[string]string{
		"a1/r1":                                 "2020-01-03..2020-01-03", // an event of one day
		"a1/r2":                                 "2020-01-01..2020-01-31", // an event known to the month
		"a1/r5":                                 "2020-01-06..2020-01-09", // an event over days
		"a2/r1":                                 "2021-01-01..2021-12-31", // known to the year
		"a1/r6":                                 "2014-06-01..",           // an interval still open
		"gazetteer:test/soleimani-member-of-qf": "1998-01-01..2020-01-03", // a closed interval
		"a1/r4":                                 "..",                     // undated: always there
	} {
		if spans[id] != want {
			t.Errorf("%s spans %q, want %q", id, spans[id], want)
		}
	}
}

func TestCytoscape(t *testing.T) {
	out := write(t, "cytoscape", fixture(t))
	var doc struct {
		Elements struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Elements.Nodes) != 10 || len(doc.Elements.Edges) != 19 {
		t.Fatalf("%d nodes, %d edges", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
	ids := map[any]bool{}
	for _, n := range doc.Elements.Nodes {
		ids[n.Data["id"]] = true
		if n.Data["id"] == "Q794" && (n.Data["label"] != "Iran" || n.Data["name_ar"] != "إيران") {
			t.Fatalf("Q794: %v", n.Data)
		}
	}
	for _, e := range doc.Elements.Edges {
		if !ids[e.Data["source"]] || !ids[e.Data["target"]] {
			t.Fatalf("edge %v joins unknown nodes", e.Data)
		}
		if e.Data["id"] == "a1/r1" && (e.Data["quad_class"] != 4.0 || e.Data["intensity"] != -10.0 || e.Data["label"] != "kills") {
			t.Fatalf("a1/r1: %v", e.Data)
		}
		if e.Data["id"] == "a1/r1#target:baghdad-airport" && (e.Data["source"] != "Q30" || e.Data["role"] != "target" ||
			e.Data["event"] != "a1/r1" || e.Data["label"] != "kills" || e.Data["date"] != "2020-01-03") {
			t.Fatalf("the airport's part in a1/r1: %v", e.Data)
		}
		if e.Data["id"] == "a2/r4" && e.Data["intensity"] != nil {
			t.Fatalf("a2/r4 has no intensity, but the export says %v", e.Data["intensity"])
		}
	}
}

// csvFiles returns the files of a csv archive by name.
func csvFiles(t *testing.T, out []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return files
}

func TestCSV(t *testing.T) {
	tables := map[string][][]string{}
	for name, b := range csvFiles(t, write(t, "csv", fixture(t))) {
		var err error
		if tables[name], err = csv.NewReader(bytes.NewReader(b)).ReadAll(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	nodes, edges := tables["nodes.csv"], tables["edges.csv"]
	if len(tables) != 2 || len(nodes) != 11 || len(edges) != 20 {
		t.Fatalf("files %d, nodes.csv %d rows, edges.csv %d rows (with headers)", len(tables), len(nodes), len(edges))
	}
	if got := strings.Join(nodes[0], ","); got != "id,name,kind,wikidata,name_ar,name_en" {
		t.Fatalf("nodes.csv header %s", got)
	}
	if got := strings.Join(edges[0][:6], ","); got != "id,source,target,type,class,quad_class" {
		t.Fatalf("edges.csv header %s", got)
	}
	col := slices.Index(edges[0], "date")
	for _, row := range edges[1:] {
		if row[0] == "a2/r1" && row[col] != "2021" {
			t.Fatalf("a2/r1 date %q", row[col])
		}
	}
}

// TestCSVWithBOM checks that each file of the archive is the file of
// WriteCSV after a UTF-8 byte order mark.
func TestCSVWithBOM(t *testing.T) {
	g := fixture(t)
	var plain, bom bytes.Buffer
	if err := export.WriteCSV(&plain, g); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteCSVWithBOM(&bom, g); err != nil {
		t.Fatal(err)
	}
	want := csvFiles(t, plain.Bytes())
	got := csvFiles(t, bom.Bytes())
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], append([]byte("\xef\xbb\xbf"), b...)) {
			t.Errorf("%s does not start with the BOM followed by the plain file", name)
		}
	}
}

// TestEveryReport checks that an edge keeps every report of a relation:
// each source and URL once, and every quote on its line.
func TestEveryReport(t *testing.T) {
	g := fixture(t)
	for i := range g.Relations {
		if g.Relations[i].ID == "a1/r3" {
			g.Relations[i].Evidence = []graph.Evidence{
				{Article: "gdelt:x", URL: "https://example.org/1", Quote: "one"},
				{Article: "gdelt:x", URL: "https://example.org/2", Quote: "two\nlines"},
				{Article: "gdelt:x", Quote: "three"},
				{Article: "gdelt:y", URL: "https://example.org/1", Quote: "four"},
			}
		}
	}
	var doc graphml
	if err := xml.Unmarshal(write(t, "graphml", g), &doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Graph.Edges {
		if e.ID != "a1/r3" {
			continue
		}
		d := dataMap(e.Data)
		for key, want := range map[string]string{
			"e_evidence_article": "gdelt:x gdelt:y",
			"e_evidence_url":     "https://example.org/1 https://example.org/2",
			"e_evidence_quote":   "one\ntwo lines\nthree\nfour",
		} {
			if d[key] != want {
				t.Errorf("%s = %q, want %q", key, d[key], want)
			}
		}
		return
	}
	t.Fatal("no edge a1/r3")
}

func TestTimelineJS(t *testing.T) {
	g := fixture(t)
	// Text is HTML: a quote is escaped.
	for i := range g.Relations {
		if g.Relations[i].ID == "a1/r3" {
			g.Relations[i].Evidence = []graph.Evidence{{Article: "a1", Quote: `<script>alert("x")</script> & co`}}
		}
	}
	out := write(t, "timelinejs", g)
	var doc struct {
		Title *struct {
			Text struct{ Headline, Text string }
		} `json:"title"`
		Events []struct {
			StartDate map[string]string `json:"start_date"`
			EndDate   map[string]string `json:"end_date"`
			Text      struct{ Headline, Text string }
			Group     string `json:"group"`
			UniqueID  string `json:"unique_id"`
		} `json:"events"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title == nil || doc.Title.Text.Headline != "Fixture &lt;graph&gt;" {
		t.Fatalf("title %+v", doc.Title)
	}
	var ids []string
	byID := map[string]int{}
	for i, ev := range doc.Events {
		ids = append(ids, ev.UniqueID)
		byID[ev.UniqueID] = i
	}
	if got, want := strings.Join(ids, " "),
		"gazetteer:test/irgc-part-of-iran gazetteer:test/soleimani-member-of-qf a1/r6 a2/r2 a2/r3 a1/r3 a1/r2 a1/r1 a1/r5 a2/r1 a2/r4 a2/r5"; got != want {
		t.Fatalf("events %q, want %q (time order)", got, want)
	}
	for id, want := range map[string]string{
		"a2/r1":                                 `{"year":"2021"}`,                       // year precision: no month, no day
		"a1/r2":                                 `{"month":"1","year":"2020"}`,           // month precision: no day
		"a1/r1":                                 `{"day":"3","month":"1","year":"2020"}`, // day precision
		"gazetteer:test/soleimani-member-of-qf": `{"year":"1998"}`,
	} {
		if got, _ := json.Marshal(doc.Events[byID[id]].StartDate); string(got) != want {
			t.Errorf("%s start_date %s, want %s", id, got, want)
		}
	}
	if got, _ := json.Marshal(doc.Events[byID["gazetteer:test/soleimani-member-of-qf"]].EndDate); string(got) != `{"day":"3","month":"1","year":"2020"}` {
		t.Errorf("interval end_date %s", got)
	}
	if doc.Events[byID["a1/r1"]].EndDate != nil {
		t.Error("a one-day event has an end_date")
	}
	ev := doc.Events[byID["a1/r1"]]
	if ev.Group != "Material conflict" || ev.Text.Headline != "United States kills Qasem Soleimani" || !strings.Contains(ev.Text.Text, "A US drone strike killed Soleimani.") {
		t.Fatalf("a1/r1: %+v", ev)
	}
	if h := doc.Events[byID["a2/r4"]].Text.Headline; h != "Kataib Hezbollah attacks United States (denied)" {
		t.Fatalf("a2/r4 headline %q", h)
	}
	if txt := doc.Events[byID["a1/r3"]].Text.Text; strings.Contains(txt, "<script>") || !strings.Contains(txt, "&lt;script&gt;") {
		t.Fatalf("quote not escaped: %s", txt)
	}
	if g := doc.Events[byID["a1/r6"]].Group; g != "member of" {
		t.Fatalf("structural relation in group %q", g)
	}
}

func TestVis(t *testing.T) {
	out := write(t, "vis", fixture(t))
	var doc export.VisDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) != 12 {
		t.Fatalf("%d items, want 12", len(doc.Items))
	}
	items := map[string]export.VisItem{}
	for _, it := range doc.Items {
		items[it.ID] = it
	}
	for id, want := range map[string]string{
		"a1/r1": "point 2020-01-03 ",
		"a1/r2": "range 2020-01-01 2020-02-01", // ends are exclusive
		"a1/r5": "range 2020-01-06 2020-01-10",
		"a2/r1": "range 2021-01-01 2022-01-01",
		"a1/r6": "point 2014-06-01 ", // an open interval: where it starts
	} {
		it := items[id]
		if got := it.Type + " " + it.Start + " " + it.End; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	var groups []string
	for _, g := range doc.Groups {
		groups = append(groups, g.ID)
	}
	if got, want := strings.Join(groups, "|"), "Verbal cooperation|Verbal conflict|Material conflict|member of|part of"; got != want {
		t.Fatalf("groups %q, want %q", got, want)
	}
}

func TestEmpty(t *testing.T) {
	g := &export.Subgraph{}
	for _, name := range export.Names() {
		out := write(t, name, g)
		var err error
		switch name {
		case "graphml", "gexf":
			err = xml.Unmarshal(out, new(struct{}))
		case "csv":
			_, err = zip.NewReader(bytes.NewReader(out), int64(len(out)))
		default:
			var v map[string]any
			err = json.Unmarshal(out, &v)
			if err == nil && strings.Contains(string(out), "null") {
				t.Errorf("%s: empty lists as null: %s", name, out)
			}
		}
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}

func TestLookup(t *testing.T) {
	_, err := export.Lookup("pdf")
	if graph.ErrorCode(err) != graph.EInvalid || !slices.Equal(graph.ErrorDetails(err)["allowed"].([]string), export.Names()) {
		t.Fatalf("Lookup(pdf): %v %v", err, graph.ErrorDetails(err))
	}
	if got := strings.Join(export.Names(), " "); got != "graphml gexf cytoscape csv timelinejs vis" {
		t.Fatalf("names %s", got)
	}
}
