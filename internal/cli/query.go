package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// The flags of a query are named after the API's parameters, "-" for "_"
// (--max-hops is max_hops). The ones set on the command line are passed to
// query's parsers as the API passes its query string, so the CLI checks
// them with the same code, gives the same defaults and reports the same
// errors. Help texts take their limits from the parsers' constants.

// filterFlags adds the relation filters to cmd.
func filterFlags(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.String("types", "", "only these relation `TYPES` (comma-separated; geokg types lists them)")
	fs.String("exclude-types", "", "never these relation `TYPES` (comma-separated)")
	fs.String("since", "", "relations that hold on or after this `DATE` (2008, 2020-06, 2020-01-03)")
	fs.String("until", "", "relations that hold on or before this `DATE`")
	fs.String("as-of", "", "the graph as it stood at this `DATE`")
	fs.String("known-as-of", "", "the graph as it could be known on this `DATE`: events reported by then, as then reported")
	fs.String("status", query.StatusAny, "which facts: "+strings.Join(query.Statuses, ", ")+" (reviewed: not from unreviewed drafts alone)")
	fs.Var(&number{text: "0", typ: "float"}, "min-confidence", "relations at least this confident (0–1)")
	fs.String("modalities", "", "only these `MODALITIES` (comma-separated): "+strings.Join(query.Modalities, ", "))
}

// intFlag adds an integer flag whose values run from query.IntMin to max;
// its digits may be Arabic-Indic or Persian (the query checks the range).
func intFlag(cmd *cobra.Command, name string, def, max int, usage string) {
	v := &number{text: strconv.Itoa(def), typ: "int"}
	cmd.Flags().Var(v, name, fmt.Sprintf("%s (%d–%d)", usage, query.IntMin, max))
}

// number is a numeric flag's value as typed: the query's parser reads
// and checks it, as it reads the API's parameters.
type number struct{ text, typ string }

func (n *number) String() string { return n.text }
func (n *number) Type() string   { return n.typ }

func (n *number) Set(s string) error {
	var err error
	if n.typ == "int" {
		_, err = strconv.Atoi(query.ASCIINumber(s))
	} else {
		_, err = strconv.ParseFloat(query.ASCIINumber(s), 64)
	}
	if err != nil {
		return fmt.Errorf("want a number, in ASCII or Arabic-Indic digits")
	}
	n.text = s
	return nil
}

// directionFlag adds the direction flag, its usage after prefix.
func directionFlag(cmd *cobra.Command, prefix string) {
	cmd.Flags().String("direction", string(graph.Any), prefix+"which `WAY` to follow relations: "+strings.Join(query.Directions, ", ")+" (out: source→target)")
}

// parameters returns the flags set on cmd's command line that are
// parameters of op, as the API would receive them.
func parameters(cmd *cobra.Command, op query.Operation) url.Values {
	v := url.Values{}
	for _, name := range query.Parameters(op) {
		if f := cmd.LocalFlags().Lookup(strings.ReplaceAll(name, "_", "-")); f != nil && f.Changed {
			v.Set(name, f.Value.String())
		}
	}
	return v
}

// queryCommand builds a command that runs one query against the store and
// prints its answer as JSON (--json) or as text.
func (e *env) queryCommand(cmd *cobra.Command, run func(ctx context.Context, svc *query.Service, args []string) (any, error), text func(w io.Writer, v any)) *cobra.Command {
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		e.given(cmd)
		vocab, s, err := e.open(ctx, false)
		if err != nil {
			return err
		}
		defer s.Close()
		v, err := run(ctx, &query.Service{Store: s, Vocabulary: vocab}, args)
		if err != nil {
			return flagError(cmd, err)
		}
		if err := e.learnNames(ctx, s, v); err != nil {
			return err
		}
		return e.print(v, text)
	}
	return cmd
}

// print writes a command's answer as JSON (--json) or as text, on
// standard output, or on standard error when it reports beside data.
func (e *env) print(v any, text func(w io.Writer, v any)) error {
	w := e.stdout
	if d, ok := v.(beside); ok && d.besideData() {
		w = e.stderr
	}
	if e.asJSON {
		return writeJSON(w, v)
	}
	text(w, v)
	return nil
}

// tabbed makes text write its lines aligned at their tabs.
func tabbed(text func(w io.Writer, v any)) func(w io.Writer, v any) {
	return func(w io.Writer, v any) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		text(tw, v)
		tw.Flush()
	}
}

// beside is a result that reports on data the command already wrote to
// standard output; it goes to standard error.
type beside interface{ besideData() bool }

func (e *env) queryCommands() []*cobra.Command {
	pathCmd := &cobra.Command{Use: "path FROM TO", Short: "Distinct routes between two entities (by key, QID or any name), shortest first", Args: cobra.ExactArgs(2),
		Example: "  geokg path 'كتائب حزب الله' 'United States'\n  geokg path Iran Q30 --max-hops 4 --k 5 --exclude-types part_of\n  geokg path kataib-hezbollah Iraq --avoid 'United States'\n  geokg path Soleimani الكاظمي --chronological --rank recency"}
	filterFlags(pathCmd)
	pathCmd.Flags().String("avoid", "", "`ENTITIES` no path may pass through (keys, QIDs or names; comma-separated)")
	pathCmd.Flags().String("through", "", "only through entities of these `KINDS` (comma-separated: "+strings.Join(graph.Kinds, ", ")+")")
	intFlag(pathCmd, "max-hops", query.MaxHopsDefault, query.MaxHopsMax, "longest path to look for")
	intFlag(pathCmd, "k", query.KDefault, query.KMax, "how many routes (distinct sequences of entities), shortest first")
	intFlag(pathCmd, "per-hop", query.PerHopDefault, query.PerHopMax, "relations listed per hop, strongest first (each hop says how many there are)")
	pathCmd.Flags().Bool("chronological", false, "only routes whose hops can be taken in time order (dated relations, each no earlier than the one before)")
	pathCmd.Flags().String("rank", string(graph.ByLength), "order the routes by `ORDER`: "+strings.Join(graph.RouteOrders, ", ")+
		fmt.Sprintf(" (confidence and recency rank the first %d shortest routes for the default k)", graph.RankPool(query.KDefault)))
	directionFlag(pathCmd, "")
	e.queryCommand(pathCmd, func(ctx context.Context, svc *query.Service, args []string) (any, error) {
		v := parameters(pathCmd, query.OpPaths)
		v.Set("from", args[0])
		v.Set("to", args[1])
		return query.Run(ctx, svc.Paths)(query.ParsePaths(svc.Vocabulary, v))
	}, e.printPaths)

	timelineCmd := &cobra.Command{Use: "timeline ENTITY [WITH]", Short: "Events of an entity (or between two) in time order", Args: cobra.RangeArgs(1, 2),
		Example: "  geokg timeline Q30 Iraq\n  geokg timeline 'الولايات المتحدة' العراق --bucket year\n  geokg timeline Soleimani --sort newest --limit 5"}
	filterFlags(timelineCmd)
	intFlag(timelineCmd, "limit", query.TimelineLimitDefault, query.TimelineLimitMax, "events per page")
	all := pageFlags(timelineCmd)
	timelineCmd.Flags().String("sort", query.SortOldest, "`ORDER` of the events: "+strings.Join(query.TimelineSorts, " or ")+" first")
	timelineCmd.Flags().String("bucket", "", "also count events per "+strings.Join(query.BucketUnits, ", "))
	timelineCmd.Flags().Bool("reports", false, "list each event's reports instead of the events")
	timelineCmd.Flags().Bool("disputed", false, "count disputed events as happened in the buckets")
	e.queryCommand(timelineCmd, func(ctx context.Context, svc *query.Service, args []string) (any, error) {
		v := parameters(timelineCmd, query.OpTimeline)
		v.Set("entity", args[0])
		if len(args) > 1 {
			v.Set("with", args[1])
		}
		resp, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(svc.Vocabulary, v))
		for *all && err == nil && resp.NextCursor != nil {
			v.Set("cursor", *resp.NextCursor)
			v.Del("bucket") // counted with the first page
			var next *query.TimelineResponse
			if next, err = query.Run(ctx, svc.Timeline)(query.ParseTimeline(svc.Vocabulary, v)); err == nil {
				resp.Events, resp.NextCursor = append(resp.Events, next.Events...), next.NextCursor
			}
		}
		return resp, err
	}, e.printTimeline)

	entitiesCmd := e.entitiesCommand() // search, and the analysts' decisions (entities.go)

	entityCmd := &cobra.Command{Use: "entity REF", Short: "One entity with its names and counts", Args: cobra.ExactArgs(1)}
	e.queryCommand(entityCmd, func(ctx context.Context, svc *query.Service, args []string) (any, error) {
		return query.Run(ctx, svc.Entity)(query.ParseEntity(args[0], parameters(entityCmd, query.OpEntity)))
	}, e.printEntity)

	neighborsCmd := &cobra.Command{Use: "neighbors REF", Short: fmt.Sprintf("Relations around an entity (depth %d–%d)", query.IntMin, query.DepthMax), Args: cobra.ExactArgs(1)}
	filterFlags(neighborsCmd)
	intFlag(neighborsCmd, "depth", query.DepthDefault, query.DepthMax, "hops from the entity")
	directionFlag(neighborsCmd, "")
	intFlag(neighborsCmd, "limit", query.NeighborLimitDefault, query.NeighborLimitMax, "relations per page")
	allNeighbors := pageFlags(neighborsCmd)
	e.queryCommand(neighborsCmd, func(ctx context.Context, svc *query.Service, args []string) (any, error) {
		v := parameters(neighborsCmd, query.OpNeighbors)
		resp, err := query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(svc.Vocabulary, args[0], v))
		for *allNeighbors && err == nil && resp.NextCursor != nil {
			v.Set("cursor", *resp.NextCursor)
			var next *query.NeighborsResponse
			if next, err = query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(svc.Vocabulary, args[0], v)); err == nil {
				resp.Relations, resp.NextCursor, resp.Truncated = append(resp.Relations, next.Relations...), next.NextCursor, next.Truncated
				resp.Nodes = mergeEntities(resp.Nodes, next.Nodes)
			}
		}
		return resp, err
	}, e.printNeighbors)

	statsCmd := &cobra.Command{Use: "stats", Short: "What the graph holds", Args: cobra.NoArgs}
	e.queryCommand(statsCmd, func(ctx context.Context, svc *query.Service, _ []string) (any, error) {
		return query.Run(ctx, svc.Stats)(query.ParseStats(parameters(statsCmd, query.OpStats)))
	}, tabbed(printStats))

	conflictsCmd := &cobra.Command{Use: "conflicts", Short: "Facts that give two holders of one office at once, for review", Args: cobra.NoArgs,
		Example: "  geokg conflicts\n  geokg conflicts --types head_of_government --known-as-of 2021"}
	conflictsCmd.Flags().String("types", "", "only these single-holder relation `TYPES` (comma-separated)")
	conflictsCmd.Flags().String("known-as-of", "", "only facts reported by this `DATE`")
	e.queryCommand(conflictsCmd, func(ctx context.Context, svc *query.Service, _ []string) (any, error) {
		return query.Run(ctx, svc.Conflicts)(query.ParseConflicts(svc.Vocabulary, parameters(conflictsCmd, query.OpConflicts)))
	}, e.printConflicts)

	return []*cobra.Command{pathCmd, timelineCmd, entitiesCmd, entityCmd, neighborsCmd, statsCmd, conflictsCmd}
}

func (e *env) typesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "types",
		Short: "The relation types of the ontology with their PLOVER, CAMEO, quad class and intensity",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			vocab, err := e.vocabulary()
			if err != nil {
				return err
			}
			return e.print((&query.Service{Vocabulary: vocab}).RelationTypes(query.RelationTypesRequest{}), tabbed(printTypes))
		},
	}
}

func printTypes(w io.Writer, v any) {
	fmt.Fprintln(w, "ID\tCLASS\tPLOVER\tCAMEO\tQUAD\tINTENSITY\tLABEL")
	for _, t := range v.(*query.RelationTypesResponse).RelationTypes {
		intensity := ""
		if t.Intensity != nil {
			intensity = fmt.Sprintf("%+.1f", *t.Intensity)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Class, t.PLOVER, t.CAMEO, orDash(t.QuadClass), intensity, t.Label)
	}
}

func orDash(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

func printStats(w io.Writer, v any) {
	st := v.(*graph.Stats)
	fmt.Fprintf(w, "entities\t%d\nrelations\t%d\nsources\t%d\n", st.Entities, st.Relations, st.Sources)
	if st.FirstDate != "" {
		fmt.Fprintf(w, "dates\t%s … %s\n", st.FirstDate, st.LastDate)
	}
	for _, group := range []struct {
		title  string
		counts map[string]int
	}{{"kind", st.ByKind}, {"type", st.ByType}, {"modality", st.ByModality}} {
		for _, k := range slices.Sorted(maps.Keys(group.counts)) {
			fmt.Fprintf(w, "%s %s\t%d\n", group.title, k, group.counts[k])
		}
	}
}

// pageFlags adds the flags of a paged answer to cmd: --cursor, the page to
// start from, and --all, whose value it returns.
func pageFlags(cmd *cobra.Command) *bool {
	cmd.Flags().String("cursor", "", "the next_cursor of a previous page")
	return cmd.Flags().Bool("all", false, "every page, not one (from --cursor, if given)")
}

// mergeEntities is the entities of a and b, each once, by id.
func mergeEntities(a, b []graph.Entity) []graph.Entity {
	out := append(slices.Clone(a), b...)
	slices.SortStableFunc(out, func(x, y graph.Entity) int { return strings.Compare(x.ID, y.ID) })
	return slices.CompactFunc(out, func(x, y graph.Entity) bool { return x.ID == y.ID })
}
