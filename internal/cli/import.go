package cli

import (
	"fmt"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
)

// progressThreshold is the number of documents from which a terminal shows
// a progress bar.
const progressThreshold = 20

func (e *env) importCommand() *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import annotated articles and gazetteers (files or folders)",
		Long: `Import annotated articles and gazetteers into the store. Each article is
imported whole or not at all; importing it again changes nothing; importing a
corrected version replaces what the old one contributed. Files with errors are
reported and skipped while the others import (--strict stops at the first).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runImport(cmd, args, strict, false)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "stop at the first document with an error")
	return cmd
}

func (e *env) validateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check annotated files without writing anything",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runImport(cmd, args, false, true)
		},
	}
}

func (e *env) runImport(cmd *cobra.Command, paths []string, strict, dryRun bool) error {
	ctx := cmd.Context()
	vocab, err := e.vocabulary()
	if err != nil {
		return err
	}
	files, err := importer.Files(paths)
	if err != nil {
		return err
	}
	im := &importer.Importer{Vocabulary: vocab, Strict: strict}
	if !dryRun {
		s, err := e.openStore(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		im.Store = s
	}
	if len(files) >= progressThreshold && isTerminal(e.stderr) && !e.asJSON {
		bar := progressbar.NewOptions(len(files), progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("importing"), progressbar.OptionClearOnFinish())
		im.Progress = func(done, _ int) { _ = bar.Set(done) }
	}
	sum, runErr := im.Run(ctx, files)
	if e.asJSON {
		if err := e.printJSON(sum); err != nil {
			return err
		}
	} else {
		for _, p := range sum.Problems {
			fmt.Fprintln(e.stderr, p)
		}
		fmt.Fprintln(e.stdout, summaryLine(sum, dryRun))
	}
	if runErr != nil {
		return runErr
	}
	if sum.Errors > 0 {
		return graph.Errorf(graph.EInvalid, "%d error(s) in the input; see above", sum.Errors)
	}
	return nil
}

func summaryLine(s importer.Summary, dryRun bool) string {
	if dryRun {
		return fmt.Sprintf("checked %d file(s): %d article(s), %d gazetteer(s); %d error(s), %d warning(s)",
			s.Files, s.Articles, s.Gazetteers, s.Errors, s.Warnings)
	}
	return fmt.Sprintf("%d article(s), %d gazetteer(s): %d imported, %d replaced, %d unchanged, %d failed; entities %d new, %d merged; %d relation(s) written, %d removed; %d warning(s), %d error(s)",
		s.Articles, s.Gazetteers, s.Imported, s.Replaced, s.Unchanged, s.Failed,
		s.EntitiesNew, s.EntitiesMerged, s.Relations, s.RelationsRemoved, s.Warnings, s.Errors)
}
