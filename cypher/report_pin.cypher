// Pins the reports $ids with $pin (graph.PinMerge, graph.PinApart). A pin
// is its own node, keyed by the report's id, so that it outlives the
// report's node when its source is stored again.
UNWIND $ids AS id
MERGE (p:ReportPin {report: id})
SET p.pin = $pin
