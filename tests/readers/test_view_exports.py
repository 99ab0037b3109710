"""Reads the GraphML and GEXF that the workbench's page exported of its
view (check_workbench.mjs leaves them, with view.counts.json, in its
screenshot folder) with networkx, and checks that they hold what the page
showed: one node per visible node, one edge per visible relation, the
Arabic name of Kataib Hezbollah intact.

Usage: python test_view_exports.py DIR
"""

import json
import os
import sys

import networkx as nx


def main(folder):
    with open(os.path.join(folder, "view.counts.json"), encoding="utf-8") as f:
        want = json.load(f)
    problems = []
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        g = read(os.path.join(folder, "view." + fmt))
        if (g.number_of_nodes(), g.number_of_edges()) != (want["nodes"], want["edges"]):
            problems.append(f"{fmt}: networkx finds {g.number_of_nodes()} nodes and {g.number_of_edges()} edges, "
                            f"the page showed {want['nodes']} and {want['edges']}")
        kh = g.nodes.get("kataib-hezbollah", {})
        if kh.get("name_ar") != want["kh_ar"]:
            problems.append(f"{fmt}: kataib-hezbollah's name_ar is {kh.get('name_ar')!r}, want {want['kh_ar']!r}")
        print(f"{'ok  ' if not problems else 'FAIL'} view.{fmt}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
