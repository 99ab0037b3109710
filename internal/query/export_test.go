package query_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

func TestExport(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	for _, c := range []struct {
		name, raw string
		want      export.Counts
	}{
		{"Whole", "format=graphml", export.Counts{Nodes: 10, Edges: 19, Events: 12}},
		{"Window", "format=gexf&since=2021&until=2021", export.Counts{Nodes: 8, Edges: 9, Events: 5}},
		{"Types", "format=csv&types=signs", export.Counts{Nodes: 3, Edges: 2, Events: 2}},
		// The center, the ends reached and the participants (Iraq, the
		// airport), each participation an edge.
		{"Neighbourhood", "format=cytoscape&entity=Soleimani", export.Counts{Nodes: 5, Edges: 4, Events: 2}},
		{"NeighbourhoodDepth2Out", "format=vis&entity=soleimani&depth=2&direction=out", export.Counts{Nodes: 3, Edges: 2, Events: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := url.ParseQuery(c.raw)
			req, err := query.ParseExport(nil, v)
			if err != nil {
				t.Fatal(err)
			}
			g, err := svc.Export(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if req.Format != v.Get("format") {
				t.Fatalf("format %s, want %s", req.Format, v.Get("format"))
			}
			if got := g.Counts(); got != c.want {
				t.Fatalf("counts %+v, want %+v", got, c.want)
			}
		})
	}
	_, err := query.Run(ctx, svc.Export)(query.ParseExport(nil, url.Values{"format": {"gexf"}, "entity": {"Atlantis"}}))
	if d := graph.ErrorDetails(err); d["parameter"] != "entity" {
		t.Fatalf("Export(entity=Atlantis): %v %v", err, d)
	}
}

func TestFormats(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	if got := query.Formats(query.OpTimeline); !slices.Equal(got, []string{"json", "timelinejs", "vis", "csv", "buckets_csv", "series"}) {
		t.Fatalf("timeline formats %v", got)
	}
	if query.Formats(query.OpPaths) != nil {
		t.Fatal("paths takes a format")
	}
	for format, want := range map[string]any{"": &query.TimelineResponse{}, "json": &query.TimelineResponse{}, "timelinejs": export.TimelineJSDoc{}, "vis": export.VisDoc{}} {
		req, err := query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "limit": {"3"}, "format": {format}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Timeline(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		v := document(t, req.Format, res, res.Subgraph)
		switch doc := v.(type) {
		case *query.TimelineResponse:
			if _, ok := want.(*query.TimelineResponse); !ok || len(doc.Events) != 3 || doc.NextCursor == nil {
				t.Fatalf("format %q: %T with %d events", format, v, len(doc.Events))
			}
		case export.TimelineJSDoc:
			if _, ok := want.(export.TimelineJSDoc); !ok || len(doc.Events) != 3 || doc.Title.Text.Headline != "Timeline of United States" {
				t.Fatalf("format %q: %+v", format, doc)
			}
		case export.VisDoc:
			if _, ok := want.(export.VisDoc); !ok || len(doc.Items) != 3 {
				t.Fatalf("format %q: %+v", format, doc)
			}
		default:
			t.Fatalf("format %q: %T", format, v)
		}
	}
	req, err := query.ParseNeighbors(nil, "Q30", url.Values{"format": {"cytoscape"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.Neighbors(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	v := document(t, req.Format, res, res.Subgraph)
	doc, ok := v.(export.CytoscapeDoc)
	if !ok || len(doc.Elements.Edges) != 13 || len(doc.Elements.Nodes) != 8 {
		t.Fatalf("cytoscape: %T %+v", v, v)
	}
}

// document is res in format, as the API answers it: res itself for json,
// else the export document of its subgraph.
func document(t *testing.T, format string, res any, sub func() *export.Subgraph) any {
	t.Helper()
	if format == query.FormatJSON {
		return res
	}
	f, err := export.Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	return f.Document(sub())
}
