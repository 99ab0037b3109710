package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/graph"
)

// The examples of the events commands name events and a report of the
// bundled fixtures: the Green Zone article's January report, which the
// rule keeps apart from the two attacks it could be, and the four reports
// of the 2008 signing of the Strategic Framework Agreement.
const (
	eventsMergeExample = "geokg events merge fixture-2020-01-28-green-zone-rockets/green-zone-rockets-january fixture-2020-01-28-green-zone-rockets/green-zone-rockets-2020-01-26 --note 'the later attack'"
	eventsSplitExample = "geokg events split alarab-2021-03-24-us-iraq-strategic-dialogue/us-iraq-sign-sfa --report fixture-2008-11-18-us-iraq-sofa-sfa-signed/us-iraq-sign-sfa"
)

// eventsCommand is `geokg events`: the analysts' decisions on which reports
// tell of one event.
func (e *env) eventsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "events",
		Short: "Merge two events, or split a report off an event (analysts' decisions)",
		Long: `Every relation an article or dataset gives is a report; geokg groups the
reports of one occurrence into one event (docs/format.md says by which rule).
An analyst overrules the rule: merge makes two events one, split makes one
report an event of its own. Decisions are kept by the store and hold at every
later import; geokg entities decisions lists them with the entity decisions.
Events and reports are named by id (the id of a timeline's event, the
report of its evidence).`,
		Example: "  " + eventsMergeExample + "\n  " + eventsSplitExample,
	}
	var note, report string
	merge := &cobra.Command{
		Use:     "merge FROM INTO",
		Short:   "Make two events of the same type and parties one event, INTO",
		Example: "  " + eventsMergeExample,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.curate(cmd, func(ctx context.Context, _ graph.Store, c graph.Curator) (any, error) {
				d, err := c.MergeEvents(ctx, args[0], args[1], note)
				return d, err
			}, func(w io.Writer, v any) {
				d := v.(graph.Decision)
				fmt.Fprintf(w, "merged event %s into %s\n", d.Entity, d.Into)
			})
		},
	}
	merge.Flags().StringVar(&note, "note", "", "why: kept with the decision")
	split := &cobra.Command{
		Use:     "split EVENT --report REPORT",
		Short:   "Make one report of an event an event of its own",
		Example: "  " + eventsSplitExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.curate(cmd, func(ctx context.Context, _ graph.Store, c graph.Curator) (any, error) {
				d, err := c.SplitEvent(ctx, args[0], report, note)
				return d, err
			}, func(w io.Writer, v any) {
				d := v.(graph.Decision)
				fmt.Fprintf(w, "split report %s off event %s: it is event %s\n", d.Report, d.Entity, d.Into)
			})
		},
	}
	split.Flags().StringVar(&report, "report", "", "the report that becomes an event of its own (required)")
	split.Flags().StringVar(&note, "note", "", "why: kept with the decision")
	_ = split.MarkFlagRequired("report")
	cmd.AddCommand(merge, split)
	return cmd
}
