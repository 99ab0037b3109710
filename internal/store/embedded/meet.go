package embedded

import (
	"math"

	"github.com/geokg/geokg/internal/graph"
)

// meet is Shortest of a query that is not chronological: a breadth-first
// search from the spur's start (forward, its first step to none of
// NotFirst) and from the query's end (back), a level at a time from the
// side with the smaller frontier, until a node reached from both gives a
// route no longer than any other can be; then the walk of Shortest.
//
// With the forward levels whole up to a and those back up to b (a ≥ 1),
// every route of at most a + b steps passes a node reached from both
// sides, at a sum of steps no greater than its length: so once the best
// such sum is at most a + b, it is the length d of the shortest route.
// The walk then steps, at step i, to the entity of least id that is d -
// i - 1 steps from the end: read from the levels back when d - i - 1 ≤
// b; else the entity is i + 1 steps from the start and on a shortest
// route (on: reached from both sides at d steps in all, or a step before
// such a node, back from them level by level). Neither side passes the
// spur's start or the end, nor a node blocked.
func (rt *router) meet(sp graph.Spur, start int32) ([]string, error) {
	ix, s := rt.ix, rt.search
	fwd, back := linkMark(rt.q.Direction), linkMark(reverse(rt.q.Direction))
	rt.fseen[start], rt.fdist[start] = s, 0
	rt.bseen[rt.to], rt.bdist[rt.to] = s, 0
	ffront, bfront := []int32{start}, []int32{rt.to}
	var reached []int32 // from the start, level by level
	a, b, hops := int32(0), int32(0), int32(sp.Hops)
	d := int32(math.MaxInt32)
	for d > a+b && a+b < hops && len(ffront) > 0 && len(bfront) > 0 {
		var next []int32
		if a == 0 || len(ffront) <= len(bfront) {
			for _, v := range ffront {
				ws, es := ix.adj.of(v)
				for i, w := range ws {
					if !follows(fwd, es, i) || rt.fseen[w] == s || rt.blocked(w) || a == 0 && rt.first[w] == s || !rt.usable(entry(es[i])) {
						continue
					}
					rt.fseen[w], rt.fdist[w] = s, a+1
					reached = append(reached, w)
					if rt.bseen[w] == s {
						d = min(d, a+1+rt.bdist[w])
					}
					if w != rt.to {
						next = append(next, w)
					}
				}
			}
			ffront, a = next, a+1
			continue
		}
		for _, w := range bfront {
			vs, es := ix.adj.of(w)
			for i, v := range vs {
				if !follows(back, es, i) || rt.bseen[v] == s || v == rt.to || rt.blocked(v) || !rt.usable(entry(es[i])) {
					continue
				}
				rt.bseen[v], rt.bdist[v] = s, b+1
				if rt.fseen[v] == s {
					d = min(d, rt.fdist[v]+b+1)
				}
				next = append(next, v)
			}
		}
		bfront, b = next, b+1
	}
	// A side that ran out of nodes reached all it could: d is exact too.
	if d > hops {
		return nil, nil
	}
	if len(bfront) == 0 {
		b = d // the steps back of every node are known
	}
	// on, of the nodes reached from the start, level by level back from
	// the deepest.
	for _, x := range reached {
		if rt.bseen[x] == s && rt.fdist[x]+rt.bdist[x] == d {
			rt.on[x] = s
		}
	}
	for i := len(reached) - 1; i >= 0; i-- {
		x := reached[i]
		if rt.on[x] != s || rt.fdist[x] < 2 {
			continue
		}
		vs, es := ix.adj.of(x)
		for j, u := range vs {
			if follows(back, es, j) && rt.fseen[u] == s && rt.fdist[u] == rt.fdist[x]-1 && u != start && rt.usable(entry(es[j])) {
				rt.on[u] = s
			}
		}
	}
	route := []string{sp.From}
	for i, v := int32(0), start; i < d; i++ {
		left, best := d-i-1, int32(-1)
		ws, es := ix.adj.of(v)
		for j, w := range ws {
			if !follows(fwd, es, j) || rt.blocked(w) || i == 0 && rt.first[w] == s || !rt.usable(entry(es[j])) {
				continue
			}
			if left <= b && rt.bseen[w] == s && rt.bdist[w] <= left ||
				left > b && rt.on[w] == s && rt.fdist[w] == i+1 {
				if best < 0 || ix.ids[w] < ix.ids[best] {
					best = w
				}
			}
		}
		if best < 0 {
			return nil, graph.Errorf(graph.EInternal, "the spur search lost its way from %s", sp.From)
		}
		route, v = append(route, ix.ids[best]), best
	}
	return route, nil
}
