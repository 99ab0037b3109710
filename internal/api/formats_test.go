package api_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestTimelineFormats checks that timelinejs and vis hold the events of the
// same page as json, in the same order, with dates at their precision.
func TestTimelineFormats(t *testing.T) {
	ts := newTestServer(t)
	const q = "/v1/timeline?entity=Q30&with=Q796&limit=500"
	var plain struct {
		Events []struct {
			ID   string `json:"id"`
			Date string `json:"date"`
			End  string `json:"end"`
		} `json:"events"`
	}
	ts.get(q).want(t, http.StatusOK).decode(t, &plain)
	if len(plain.Events) < 5 {
		t.Fatalf("only %d events between the US and Iraq", len(plain.Events))
	}

	type tlDate struct{ Year, Month, Day string }
	var tl struct {
		Title  *struct{ Text struct{ Headline string } } `json:"title"`
		Events []struct {
			StartDate *tlDate `json:"start_date"`
			EndDate   *tlDate `json:"end_date"`
			Text      struct{ Headline, Text string }
			Group     string `json:"group"`
			UniqueID  string `json:"unique_id"`
		} `json:"events"`
	}
	ts.get(q+"&format=timelinejs").want(t, http.StatusOK).decode(t, &tl)
	if tl.Title == nil || tl.Title.Text.Headline != "Timeline of United States and Iraq" {
		t.Fatalf("title slide %+v", tl.Title)
	}
	if len(tl.Events) != len(plain.Events) {
		t.Fatalf("timelinejs has %d events, json %d", len(tl.Events), len(plain.Events))
	}
	years := 0
	for i, ev := range tl.Events {
		want := plain.Events[i]
		if ev.UniqueID != want.ID || ev.StartDate == nil || ev.Text.Headline == "" || ev.Group == "" {
			t.Fatalf("event %d: %+v, json %+v", i, ev, want)
		}
		d := ev.StartDate
		switch len(want.Date) {
		case 4:
			years++
			if d.Year != want.Date || d.Month != "" || d.Day != "" {
				t.Fatalf("year-precision %s as %+v", want.Date, d)
			}
		case 7:
			if d.Month == "" || d.Day != "" {
				t.Fatalf("month-precision %s as %+v", want.Date, d)
			}
		case 10:
			if d.Day == "" {
				t.Fatalf("day-precision %s as %+v", want.Date, d)
			}
		}
		if (want.End != "") != (ev.EndDate != nil) {
			t.Fatalf("event %s: end %q, end_date %+v", want.ID, want.End, ev.EndDate)
		}
	}
	if years == 0 {
		t.Fatal("no year-precision event to check")
	}

	var vis struct {
		Items []struct {
			ID, Start, End, Type, Group string
		} `json:"items"`
		Groups []struct{ ID string } `json:"groups"`
	}
	ts.get(q+"&format=vis").want(t, http.StatusOK).decode(t, &vis)
	if len(vis.Items) != len(plain.Events) {
		t.Fatalf("vis has %d items, json %d events", len(vis.Items), len(plain.Events))
	}
	var groups []string
	for _, g := range vis.Groups {
		groups = append(groups, g.ID)
	}
	for i, it := range vis.Items {
		if it.ID != plain.Events[i].ID || !slices.Contains(groups, it.Group) || (it.Type == "range") != (it.End != "") {
			t.Fatalf("item %d: %+v (groups %v)", i, it, groups)
		}
	}

	// CSV: a header and one row an event, in the same order, with the BOM
	// that spreadsheets need for UTF-8.
	r := ts.get(q+"&format=csv").want(t, http.StatusOK)
	body, ok := strings.CutPrefix(string(r.body), "\ufeff")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if !ok || err != nil || len(rows) != len(plain.Events)+1 || rows[0][0] != "id" || rows[0][1] != "date" {
		t.Fatalf("format=csv: BOM %v, %v, %d rows for %d events", ok, err, len(rows), len(plain.Events))
	}
	for i, ev := range plain.Events {
		if rows[i+1][0] != ev.ID || rows[i+1][1] != ev.Date || rows[i+1][2] != ev.End {
			t.Fatalf("csv row %d: %v, json %+v", i+1, rows[i+1], ev)
		}
	}

	// Series: the month buckets of json as flat rows; buckets_csv the same
	// as CSV.
	var monthly struct {
		Buckets []struct {
			Key                       string
			Events, Reports, Happened int
			Quad                      [4]int `json:"quad_class_counts"`
		}
	}
	ts.get(q+"&bucket=month").want(t, http.StatusOK).decode(t, &monthly)
	var series []map[string]any
	ts.get(q+"&format=series").want(t, http.StatusOK).decode(t, &series)
	if len(series) != len(monthly.Buckets) || len(series) == 0 {
		t.Fatalf("series: %d rows for %d month buckets", len(series), len(monthly.Buckets))
	}
	for i, b := range monthly.Buckets {
		row := series[i]
		if row["period"] != b.Key || row["events"] != float64(b.Events) || row["reports"] != float64(b.Reports) ||
			row["material_conflict"] != float64(b.Quad[3]) || !strings.HasPrefix(row["time"].(string), b.Key) || !strings.HasSuffix(row["time"].(string), "T00:00:00Z") {
			t.Fatalf("series row %d: %v, bucket %+v", i, row, b)
		}
	}
	r = ts.get(q+"&format=buckets_csv").want(t, http.StatusOK)
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.body), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != len(series)+1 || rows[1][1] != monthly.Buckets[0].Key {
		t.Fatalf("format=buckets_csv: %v, %d rows for %d buckets", err, len(rows), len(series))
	}

	e := ts.get("/v1/timeline?entity=Q30&format=xml").errorBody(t, http.StatusBadRequest)
	if e.Error.Details["parameter"] != "format" || len(e.Error.Details["allowed"].([]any)) != 6 {
		t.Fatalf("format=xml: %+v", e.Error)
	}
}

// TestNeighborsCytoscape checks that the cytoscape format holds the json
// answer's center, nodes and relations, with edges between its nodes.
func TestNeighborsCytoscape(t *testing.T) {
	ts := newTestServer(t)
	const q = "/v1/entities/Q796/neighbors?depth=2&limit=1000"
	var plain struct {
		Nodes     []struct{ ID string } `json:"nodes"`
		Relations []struct {
			ID             string
			Source, Target string
			Participants   []struct{ Entity string }
		} `json:"relations"`
	}
	ts.get(q).want(t, http.StatusOK).decode(t, &plain)
	var cy struct {
		Elements struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	ts.get(q+"&format=cytoscape").want(t, http.StatusOK).decode(t, &cy)
	edges := len(plain.Relations) // and each participation in one
	for _, r := range plain.Relations {
		for _, p := range r.Participants {
			if p.Entity != r.Source && p.Entity != r.Target {
				edges++
			}
		}
	}
	if len(cy.Elements.Nodes) != len(plain.Nodes)+1 || len(cy.Elements.Edges) != edges {
		t.Fatalf("cytoscape has %d nodes and %d edges; json %d nodes (and the center), %d relations and participations",
			len(cy.Elements.Nodes), len(cy.Elements.Edges), len(plain.Nodes), edges)
	}
	ids := map[any]bool{}
	for _, n := range cy.Elements.Nodes {
		ids[n.Data["id"]] = true
		if n.Data["label"] == "" || n.Data["kind"] == nil {
			t.Fatalf("node %v", n.Data)
		}
	}
	if !ids["Q796"] {
		t.Fatal("the center is not a node")
	}
	for _, e := range cy.Elements.Edges {
		if !ids[e.Data["source"]] || !ids[e.Data["target"]] {
			t.Fatalf("edge %v does not join two nodes", e.Data)
		}
		if _, ok := e.Data["confidence"].(float64); !ok {
			t.Fatalf("edge %v: confidence is not a number", e.Data)
		}
	}
	e := ts.get("/v1/entities/Q796/neighbors?format=gexf").errorBody(t, http.StatusBadRequest)
	if e.Error.Details["parameter"] != "format" {
		t.Fatalf("format=gexf: %+v", e.Error)
	}
}
