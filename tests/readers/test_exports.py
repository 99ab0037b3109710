"""Reads geokg's GraphML, GEXF and CSV exports with readers somebody else
wrote (networkx, Python's csv and zipfile) and checks that they find what
geokg says it wrote.

Usage: python test_exports.py OUT_DIR, where OUT_DIR holds counts.json and
the exports, as scripts/test-readers leaves them. Also runs under pytest
with GEOKG_EXPORTS=OUT_DIR.

counts.json: {"stats": geokg --json stats,
              "exports": {FORMAT: geokg --json export summary, ...}}
where a summary is {"format", "file", "nodes", "edges", "events"}.
"""

import csv
import io
import json
import os
import sys
import traceback
import zipfile

import networkx as nx

OUT = os.environ.get("GEOKG_EXPORTS", "")


def counts():
    with open(os.path.join(OUT, "counts.json"), encoding="utf-8") as f:
        return json.load(f)


def export_path(fmt):
    return os.path.join(OUT, counts()["exports"][fmt]["file"])


def check_whole_graph(fmt, nodes, edges):
    """The whole-graph export holds every relation as an edge, and each
    participation in one (an edge with a role and its event), and no more
    entities than the store has. edges is the data of every edge."""
    c = counts()
    want = c["exports"][fmt]
    assert nodes == want["nodes"], f"{fmt}: reader finds {nodes} nodes, geokg wrote {want['nodes']}"
    assert len(edges) == want["edges"], f"{fmt}: reader finds {len(edges)} edges, geokg wrote {want['edges']}"
    events = [e for e in edges if not e.get("role")]
    assert len(events) == c["stats"]["relations"], f"{fmt}: {len(events)} event edges, the store has {c['stats']['relations']} relations"
    for e in edges:
        assert not e.get("role") or e.get("event"), f"{fmt}: participation edge without its event: {e}"
    assert 0 < nodes <= c["stats"]["entities"], f"{fmt}: {nodes} nodes, the store has {c['stats']['entities']} entities"


def test_graphml():
    g = nx.read_graphml(export_path("graphml"))
    assert g.is_directed(), "GraphML graph is not directed"
    check_whole_graph("graphml", g.number_of_nodes(), [d for _, _, d in g.edges(data=True)])
    for _, data in g.nodes(data=True):
        assert data.get("name") and data.get("kind") is not None, f"node without name or kind: {data}"
    for u, v, data in g.edges(data=True):
        assert data.get("type") and data.get("modality"), f"edge {u}->{v} without type or modality: {data}"
        assert isinstance(data.get("confidence"), float), f"edge {u}->{v}: confidence {data.get('confidence')!r} is not a float"
        if "quad_class" in data:
            assert isinstance(data["quad_class"], int) and 1 <= data["quad_class"] <= 4, data


def test_gexf():
    g = nx.read_gexf(export_path("gexf"))
    assert g.is_directed(), "GEXF graph is not directed"
    assert g.graph.get("mode") == "dynamic", f"GEXF graph mode {g.graph.get('mode')!r}, want dynamic"
    check_whole_graph("gexf", g.number_of_nodes(), [d for _, _, d in g.edges(data=True)])
    dated = 0
    for u, v, data in g.edges(data=True):
        start, end = data.get("start"), data.get("end")
        if data.get("date"):
            dated += not data.get("role")  # a participation is dated as its event
            assert start, f"dated edge {u}->{v} ({data.get('date')}) has no start"
            assert start[:4] == data["date"][:4], f"edge {u}->{v}: start {start} is not in {data['date']}"
            assert end is None or start <= end, f"edge {u}->{v}: start {start} after end {end}"
        else:
            assert start is None and end is None, f"undated edge {u}->{v} has start {start} or end {end}"
    want = counts()["exports"]["gexf"]["events"]
    assert dated == want, f"GEXF has {dated} dated edges, geokg counts {want} dated events"


def test_csv():
    with zipfile.ZipFile(export_path("csv")) as z:
        assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"], z.namelist()
        tables = {}
        for name in z.namelist():
            with z.open(name) as f:
                tables[name] = list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline="")))
    nodes, edges = tables["nodes.csv"], tables["edges.csv"]
    check_whole_graph("csv", len(nodes), edges)
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes), "node ids are not unique"
    for e in edges:
        assert e["source"] in ids and e["target"] in ids, f"edge {e['id']} joins unknown nodes"
        float(e["confidence"])


def main():
    global OUT
    if len(sys.argv) > 1:
        OUT = sys.argv[1]
    tests = [(name, f) for name, f in sorted(globals().items()) if name.startswith("test_")]
    passed = failed = 0
    for name, f in tests:
        try:
            f()
            passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 — report every failure
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"read with networkx {nx.__version__} on Python {sys.version.split()[0]}")
    print(f"python: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
