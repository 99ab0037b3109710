// Package export writes a part of the graph (a Subgraph: entities and the
// relations between them) in the formats other tools read:
//
//   - graphml: GraphML for networkx, yEd, Cytoscape desktop, Neo4j's APOC;
//     directed edges, parallel edges kept, every attribute declared with
//     its type in a <key>.
//   - gexf: GEXF 1.3 in dynamic mode for Gephi's time slider: each dated
//     edge has start and end days (an event the days it covers, an interval
//     its first to its last day, an open interval a start only); undated
//     edges have neither and are always present.
//   - cytoscape: Cytoscape.js elements JSON ({"elements":{"nodes","edges"}}).
//   - csv: a zip archive holding nodes.csv and edges.csv (UTF-8, a header
//     row, one row per node or edge). A zip rather than two files so that
//     one stream carries both, to a file or to standard output.
//   - timelinejs: TimelineJS 3 JSON, one slide per dated relation, dates at
//     their precision (a year-precision date has no month or day).
//   - vis: vis-timeline items and groups ({"items","groups"}), one item per
//     dated relation: a point for a single day, a range otherwise (end is
//     exclusive: the day after the last day covered).
//
// Attributes are the same in every format: for nodes name, kind, wikidata
// and name_LANG per language; for edges type, class, quad_class, intensity,
// date, end, precision, modality, confidence, participants, and of every
// report of it (evidence) their source ids and URLs (evidence_article,
// evidence_url: each once, separated by a space) and their quotes
// (evidence_quote: one line per report, a quote's own line breaks made
// spaces). Absent values are left out.
//
// Output is deterministic: nodes and graph edges by id, timeline events in
// time order (graph.CompareTime), map keys sorted. The timeline formats
// hold only the relations with a date. The package depends on graph only;
// query and the CLI build Subgraphs with Whole and Neighborhood or from
// their own answers.
package export
