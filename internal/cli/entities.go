package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/resolve"
)

// entitiesCommand is `geokg entities QUERY` (search, as ever) with the
// subcommands search, merge, split and decisions. A query that is the name
// of a subcommand needs `geokg entities search QUERY`.
func (e *env) entitiesCommand() *cobra.Command {
	cmd := e.searchCommand(&cobra.Command{
		Use:   "entities QUERY",
		Short: "Search entities by name in any language; merge and split them (analysts' decisions)",
		Long: `Search entities by name in any language (geokg entities QUERY, or
geokg entities search QUERY when the query is the name of a subcommand).

An analyst decides what the resolver cannot: merge makes two entities one,
split moves what one source says of an entity to a new entity, undo takes
either back. Decisions are kept by the store and applied at every later
import, so importing the same or a corrected article again does not undo
them.`,
		Example: "  geokg entities 'كتائب حزب الله' --kind armed_group\n" +
			"  " + mergeExample + "\n" +
			"  " + splitExample + "\n" +
			"  geokg entities decisions\n" +
			"  " + undoExample,
	})
	cmd.AddCommand(e.searchCommand(&cobra.Command{Use: "search QUERY", Short: "Search entities by name in any language"}),
		e.mergeCommand(), e.splitCommand(), e.undoCommand(), e.decisionsCommand())
	return cmd
}

// searchCommand makes cmd search entities by its one argument.
func (e *env) searchCommand(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ExactArgs(1)
	cmd.Flags().String("kind", "", "only entities of this kind: "+strings.Join(graph.Kinds, ", "))
	intFlag(cmd, "limit", query.SearchLimitDefault, query.SearchLimitMax, "at most this many")
	return e.queryCommand(cmd, func(ctx context.Context, svc *query.Service, args []string) (any, error) {
		v := parameters(cmd, query.OpSearchEntities)
		v.Set("q", args[0])
		return query.Run(ctx, svc.SearchEntities)(query.ParseSearch(v))
	}, e.printSearch)
}

// curate runs f on the store and its decisions, and prints its answer as
// JSON (--json) or as text.
func (e *env) curate(cmd *cobra.Command, f func(ctx context.Context, s graph.Store, c graph.Curator) (any, error), text func(w io.Writer, v any)) error {
	return e.onStore(cmd, false, func(ctx context.Context, s graph.Store) (any, error) { return f(ctx, s, s) }, text)
}

// onStore runs f on the store the flags choose (made first when create and
// it does not exist) and prints its answer as JSON (--json) or as text.
func (e *env) onStore(cmd *cobra.Command, create bool, f func(ctx context.Context, s graph.Store) (any, error), text func(w io.Writer, v any)) error {
	ctx := cmd.Context()
	_, s, err := e.open(ctx, create)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := f(ctx, s)
	if err != nil {
		return err
	}
	return e.print(v, text)
}

// storePart returns the part of s that keeps what (graph.Keyring: "keys"):
// EInvalid when the store has no such part.
func storePart[T any](e *env, s graph.Store, what string) (T, error) {
	p, ok := s.(T)
	if !ok {
		return p, graph.Errorf(graph.EInvalid, "the %s store does not keep %s", e.storeKind, what)
	}
	return p, nil
}

// decisionResult is what merge and split print: the decision and the
// entities as they are after it.
type decisionResult struct {
	Decision graph.Decision `json:"decision"`
	Entity   *graph.Entity  `json:"entity,omitempty"` // split: what is left of the entity split, if anything
	Into     graph.Entity   `json:"into"`
}

// The examples of merge and split name entities and a source of the
// bundled fixtures; the merge example's baghdad-government is the duplicate
// of the Government of Iraq in internal/cli/testdata/extra, imported on top
// of them (the fixtures have no duplicate left to merge).
const (
	mergeExample = "geokg entities merge baghdad-government 'Government of Iraq' --note 'same government'"
	splitExample = "geokg entities split kataib-hezbollah --source polecat:polecat-2021-07-26 --into kh-polecat"
	undoExample  = "geokg entities undo 1 --note 'the same militia after all'" // of the split example
)

func (e *env) mergeCommand() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "merge FROM INTO",
		Short: "Make two entities one: FROM's records, names and relations become INTO's (by key, QID or any name)",
		Long: `Make two entities one: every record, name and relation of FROM becomes
INTO's, and FROM no longer exists. The decision is kept: later imports that
resolve an entity to FROM give INTO instead. Entities are named by key,
Wikidata QID or any name; geokg entities undo takes the merge back.`,
		Example: "  " + mergeExample,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.curate(cmd, func(ctx context.Context, s graph.Store, c graph.Curator) (any, error) {
				from, err := resolve.Entity(ctx, s, args[0])
				if err != nil {
					return nil, err
				}
				into, err := resolve.Entity(ctx, s, args[1])
				if err != nil {
					return nil, err
				}
				d, err := c.MergeEntities(ctx, from.ID, into.ID, note)
				if err != nil {
					return nil, err
				}
				res := &decisionResult{Decision: d}
				res.Into, err = s.Entity(ctx, into.ID)
				return res, err
			}, func(w io.Writer, v any) {
				r := v.(*decisionResult)
				fmt.Fprintf(w, "merged %s into %s (%s)\n", r.Decision.Entity, r.Into.ID, isolate(r.Into.Name))
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why: kept with the decision")
	return cmd
}

func (e *env) splitCommand() *cobra.Command {
	var source, into, note string
	cmd := &cobra.Command{
		Use:   "split ENTITY --source SOURCE --into NEW_ID",
		Short: "Move what one source says of an entity to a new entity",
		Long: `Move what one source says of an entity (its record and names, and the
ends of its relations that are the entity) to a new entity NEW_ID, which
takes its kind and label from that source. The decision is kept: later
imports of that source give NEW_ID where they would give the entity. The
entity is named by key, Wikidata QID or any name; SOURCE is a source id
(an article id, or gazetteer:ID); NEW_ID is a new key (a Wikidata QID, or
lower-case letters, digits, '.', '_' and '-').`,
		Example: "  " + splitExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.curate(cmd, func(ctx context.Context, s graph.Store, c graph.Curator) (any, error) {
				ent, err := resolve.Entity(ctx, s, args[0])
				if err != nil {
					return nil, err
				}
				d, err := c.SplitEntity(ctx, ent.ID, source, into, note)
				if err != nil {
					return nil, err
				}
				res := &decisionResult{Decision: d}
				if left, err := s.Entity(ctx, ent.ID); err == nil {
					res.Entity = &left
				} else if graph.ErrorCode(err) != graph.ENotFound {
					return nil, err
				}
				res.Into, err = s.Entity(ctx, into)
				return res, err
			}, func(w io.Writer, v any) {
				r := v.(*decisionResult)
				fmt.Fprintf(w, "split what %s says of %s into %s (%s)\n", r.Decision.Source, r.Decision.Entity, r.Into.ID, isolate(r.Into.Name))
				if r.Entity == nil {
					fmt.Fprintf(w, "%s no longer exists: nothing else named it\n", r.Decision.Entity)
				}
			})
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source whose part moves (required)")
	cmd.Flags().StringVar(&into, "into", "", "the id of the new entity (required)")
	cmd.Flags().StringVar(&note, "note", "", "why: kept with the decision")
	_ = cmd.MarkFlagRequired("source")
	_ = cmd.MarkFlagRequired("into")
	return cmd
}

func (e *env) undoCommand() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "undo N",
		Short: "Take back merge or split number N of geokg entities decisions",
		Long: `Take back an analyst's merge or split of entities, numbered as geokg
entities decisions numbers them. Later imports no longer apply it, and the
sources it rewrote are rewritten back: a split's source gives the entity
again, a merge's sources that named only the entity merged away give it
again. A source that named both entities (their records became one), or
that was imported again since the merge, cannot be parted so: the undo
lists it, and importing it again parts it. Decisions that came after and
concern the same entities are undone first, the last first. The undo is
kept among the decisions.`,
		Example: "  " + splitExample + "\n  " + undoExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(query.ASCIINumber(args[0]))
			if err != nil {
				return graph.Errorf(graph.EInvalid, "N: %q is not a decision number (geokg entities decisions lists them)", args[0]).With("argument", "N")
			}
			return e.curate(cmd, func(ctx context.Context, _ graph.Store, c graph.Curator) (any, error) {
				d, err := c.UndoDecision(ctx, n, note)
				return &decisionResult{Decision: d}, err
			}, func(w io.Writer, v any) {
				d := v.(*decisionResult).Decision
				fmt.Fprintf(w, "undid decision %d (%s and %s)\n", d.Undoes, d.Entity, d.Into)
				if len(d.Joined) > 0 {
					fmt.Fprintf(w, "import these sources again to part them: %s\n", strings.Join(d.Joined, ", "))
				}
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why: kept with the undo")
	return cmd
}

// decisionsResponse is what `geokg entities decisions --json` prints.
type decisionsResponse struct {
	Decisions []graph.Decision `json:"decisions"`
}

func (e *env) decisionsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "decisions",
		Short: "The analysts' merges and splits of entities and events, in the order they were made",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.curate(cmd, func(ctx context.Context, _ graph.Store, c graph.Curator) (any, error) {
				ds, err := c.Decisions(ctx)
				return &decisionsResponse{Decisions: ds}, err
			}, tabbed(func(w io.Writer, v any) {
				ds := v.(*decisionsResponse).Decisions
				if len(ds) == 0 {
					fmt.Fprintln(w, "no decisions")
					return
				}
				fmt.Fprintln(w, "#\tAT\tKIND\tENTITY OR EVENT\tINTO\tSOURCE OR REPORT\tNOTE")
				for i, d := range ds {
					kind := d.Kind
					if d.Kind == graph.DecisionUndo {
						kind = fmt.Sprintf("undo of %d", d.Undoes)
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, d.At, kind, d.Entity, d.Into, orNone(d.Source+d.Report), truncate(oneLine(d.Note), 60))
				}
			}))
		},
	}
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
