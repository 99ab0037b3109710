package api_test

import (
	"net/http"
	"testing"

	"github.com/geokg/geokg/internal/query"
)

// TestEventsOfTheFixtures checks, on the bundled fixtures, that the graph
// counts events, not reports: one occurrence told by several articles is
// one event with its reports, two occurrences of one month stay two, and
// known_as_of shows what could be known then.
func TestEventsOfTheFixtures(t *testing.T) {
	ts := newTestServer(t)
	timeline := func(q string) query.TimelineResponse {
		t.Helper()
		var res query.TimelineResponse
		ts.get("/v1/timeline?limit=500&"+q).want(t, http.StatusOK).decode(t, &res)
		return res
	}
	events := func(res query.TimelineResponse, typ, date string) []query.Relation {
		var out []query.Relation
		for _, e := range res.Events {
			if e.Type == typ && e.Date.String() == date {
				out = append(out, e)
			}
		}
		return out
	}
	usIraq := timeline("entity=Q30&with=Q796&bucket=month")
	// The strike of 3 January 2020, told by three articles: one strike, and
	// one killing of each of the two men, each with three reports.
	strikes, kills := events(usIraq, "strikes_from_air", "2020-01-03"), events(usIraq, "kills", "2020-01-03")
	if len(strikes) != 1 || len(kills) != 2 {
		t.Fatalf("the strike of 2020-01-03: %d strikes and %d killings, want 1 and 2", len(strikes), len(kills))
	}
	for _, e := range append(strikes, kills...) {
		if e.Reports != 3 || e.Joined != "rule" {
			t.Errorf("%s %s: %d reports, joined %q; want 3 by the rule", e.ID, e.Type, e.Reports, e.Joined)
		}
	}
	// The signing of the Strategic Framework Agreement: one event of all
	// its reports; the Status of Forces Agreement signed that day is
	// another.
	var sfa, sofa int
	for _, e := range events(usIraq, "signs", "2008-11-17") {
		for _, p := range e.Participants {
			switch p.Entity {
			case "us-iraq-strategic-framework-agreement":
				sfa += e.Reports
			case "us-iraq-status-of-forces-agreement":
				sofa += e.Reports
			}
		}
	}
	if sfa < 2 || sofa != 1 {
		t.Errorf("signings of 2008-11-17: %d reports of the SFA, %d of the SOFA", sfa, sofa)
	}
	// The month of the strike counts events, with their reports beside.
	for _, b := range usIraq.Buckets {
		if b.Key == "2020-01" && (b.Events >= b.Reports || b.Events == 0) {
			t.Errorf("2020-01: %d events of %d reports", b.Events, b.Reports)
		}
	}

	// Two rocket attacks on the Green Zone eighteen days apart are two
	// events; the report of "January" that could be either is counted
	// apart, never placed on the first day of the month.
	gz := timeline("entity=green-zone&bucket=day")
	if len(gz.Events) != 3 || len(gz.Buckets) != 2 || len(gz.Coarser) != 1 || gz.Coarser[0].Key != "2020-01" {
		t.Fatalf("Green Zone: %d events, buckets %+v, coarser %+v", len(gz.Events), gz.Buckets, gz.Coarser)
	}

	// As it could be known on 10 January 2020: the strike had two reports.
	known := timeline("entity=Q30&with=Q796&known_as_of=2020-01-10")
	if s := events(known, "strikes_from_air", "2020-01-03"); len(s) != 1 || s[0].Reports != 2 || s[0].ID != strikes[0].ID {
		t.Fatalf("the strike as known on 2020-01-10: %+v", s)
	}
	for _, e := range known.Events {
		if e.Known > "2020-01-10" {
			t.Errorf("%s first reported on %s is known on 2020-01-10", e.ID, e.Known)
		}
	}
	if n := len(timeline("entity=Q30&with=Q796&reports=true").Events); n <= len(usIraq.Events) {
		t.Errorf("reports=true lists %d reports of %d events", n, len(usIraq.Events))
	}

	// Kadhimi's term as head of government, told by the gazetteer and an
	// article, is one fact among his relations.
	var n query.NeighborsResponse
	ts.get("/v1/entities/mustafa-al-kadhimi/neighbors?types=head_of_government").want(t, http.StatusOK).decode(t, &n)
	if len(n.Relations) != 1 || n.Relations[0].Reports < 2 {
		t.Fatalf("Kadhimi's head_of_government facts: %+v", n.Relations)
	}
}

// The participants of an event are part of the graph: a path reaches the
// base Iran struck, and an entity's counts, its neighbourhood and its
// routes agree on who its neighbours are.
func TestParticipantsOfTheFixtures(t *testing.T) {
	ts := newTestServer(t)
	var paths query.PathsResponse
	ts.get("/v1/paths?from=Iran&to=ain-al-asad-air-base&k=1").want(t, http.StatusOK).decode(t, &paths)
	if len(paths.Paths) != 1 || paths.Paths[0].Length != 1 {
		t.Fatalf("routes from Iran to Ain al-Asad: %+v, want one of one hop", paths.Paths)
	}
	hop := paths.Paths[0].Hops[0]
	if len(hop.Relations) == 0 || hop.Relations[0].Type != "strikes_from_air" || hop.Relations[0].Date.String() != "2020-01-08" {
		t.Fatalf("the hop from Iran to Ain al-Asad: %+v, want the missile strike of 2020-01-08", hop)
	}
	var entity query.EntityResponse
	ts.get("/v1/entities/baghdad-international-airport").want(t, http.StatusOK).decode(t, &entity)
	var around query.NeighborsResponse
	ts.get("/v1/entities/baghdad-international-airport/neighbors?limit=1000").want(t, http.StatusOK).decode(t, &around)
	if entity.Counts.Relations != len(around.Relations) || entity.Counts.Neighbors != len(around.Nodes) || len(around.Nodes) < 2 {
		t.Fatalf("the airport counts %d relations and %d neighbours; its neighbourhood has %d and %d",
			entity.Counts.Relations, entity.Counts.Neighbors, len(around.Relations), len(around.Nodes))
	}
}
