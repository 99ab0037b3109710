package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
)

// progressThreshold is the number of documents from which a terminal shows
// a progress bar.
const progressThreshold = 20

// readOptions are the flags that say how input files are read.
type readOptions struct {
	format, mapping     string
	defaults            mapping.Defaults
	strict, allowShrink bool
	verbose             bool
}

// warningsShown is how many warnings of a sort import and validate list
// without --verbose.
const warningsShown = 3

func (o *readOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "", "read every file in this format ("+strings.Join(importer.FormatNames(), ", ")+"); detected when empty")
	cmd.Flags().StringVar(&o.mapping, "mapping", "", "YAML file mapping annotation-tool labels to entity kinds and relation types")
	cmd.Flags().StringVar(&o.defaults.Published, "published", "", "publication `DATE` (YYYY-MM-DD) of the brat, Label Studio, doccano and WebAnno TSV articles that give none")
	cmd.Flags().BoolVar(&o.verbose, "verbose", false, fmt.Sprintf("list every warning (without it, the first %d of each sort and a count of the others)", warningsShown))
	cmd.Flags().StringVar(&o.defaults.Language, "language", "", "`LANGUAGE` (ar, en…) of the brat, Label Studio, doccano and WebAnno TSV articles that give none, before their file name's or their script's (not --lang, the language names are shown in)")
}

// readMapping returns the label mapping of the options: --mapping's file
// or the default, with --published and --language as its defaults; nil when
// none of these is given.
func (o *readOptions) readMapping(vocab *ontology.Vocabulary) (*mapping.Mapping, error) {
	if o.mapping == "" && o.defaults == (mapping.Defaults{}) {
		return nil, nil
	}
	d := o.defaults
	d.Published = query.ASCIINumber(d.Published) // ٢٠٢١-٠٣-٢٤ as 2021-03-24
	m := mapping.Default()
	if o.mapping != "" {
		var err error
		if m, err = loadMapping(o.mapping, vocab); err != nil {
			return nil, err
		}
	}
	return m.WithDefaults(d, func(field string) string {
		return map[string]string{"language": "--language", "published": "--published"}[field]
	})
}

func (e *env) importCommand() *cobra.Command {
	var opts readOptions
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import annotated articles and gazetteers (files or folders)",
		Long: `Import annotated articles and gazetteers into the store. Each article is
imported whole or not at all; importing it again changes nothing; importing a
corrected version replaces what the old one contributed, unless it would remove
most of it, as a file cut short would (--allow-shrink lets it). A document with
an error is reported and skipped while the others import: a JSON or YAML file
as a whole, a JSON Lines file line by line (--strict checks every file first
and imports nothing if any has an error).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runImport(cmd, args, opts, false)
		},
	}
	opts.register(cmd)
	cmd.Flags().BoolVar(&opts.strict, "strict", false, "check every file first; import nothing if any has an error")
	cmd.Flags().BoolVar(&opts.allowShrink, "allow-shrink", false, "let a new version of a source remove most of what the old one contributed")
	return cmd
}

func (e *env) validateCommand() *cobra.Command {
	var opts readOptions
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check input files without writing anything; reports every problem",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runImport(cmd, args, opts, true)
		},
	}
	opts.register(cmd)
	return cmd
}

func (e *env) runImport(cmd *cobra.Command, paths []string, opts readOptions, dryRun bool) error {
	ctx := cmd.Context()
	vocab, err := e.vocabulary()
	if err != nil {
		return err
	}
	files, err := importer.Files(paths)
	if err != nil {
		return err
	}
	im := &importer.Importer{Vocabulary: vocab, Format: opts.format, Strict: opts.strict, AllowShrink: opts.allowShrink}
	if im.Mapping, err = opts.readMapping(vocab); err != nil {
		return err
	}
	if !dryRun {
		s, err := e.openStore(ctx, vocab)
		if err != nil {
			return err
		}
		defer s.Close()
		im.Store = s
	}
	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) && !e.asJSON {
		im.Progress = func(done, total int) { // documents; total -1 when unknown
			if bar == nil && done >= progressThreshold {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("importing"), progressbar.OptionClearOnFinish())
			}
			if bar != nil {
				_ = bar.Set(done)
			}
		}
	}
	sum, runErr := im.Run(ctx, files)
	if bar != nil {
		_ = bar.Finish()
	}
	if e.asJSON {
		if err := e.printJSON(sum); err != nil {
			return err
		}
	} else {
		keep := warningsShown
		if opts.verbose {
			keep = -1
		}
		for _, line := range sum.Problems.Lines(keep) {
			fmt.Fprintln(e.stderr, line)
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
		line := fmt.Sprintf("checked %d file(s): %d article(s), %d gazetteer(s), %d dataset(s); %d error(s), %d warning(s)",
			s.Files, s.Articles, s.Gazetteers, s.Datasets, s.Errors, s.Warnings)
		if s.Deletions > 0 {
			line += fmt.Sprintf("; %d deleted source(s) listed: %d would be removed if stored%s, %d kept (read edited after their deletion)",
				s.Deletions, len(s.Removes), sourceList(s.Removes), s.DeletionsSuperseded)
		}
		return line
	}
	line := fmt.Sprintf("%d article(s), %d gazetteer(s), %d dataset(s): %d imported, %d replaced, %d unchanged, %d failed; entities %d new, %d merged; %d relation(s) written, %d removed; %d warning(s), %d error(s)",
		s.Articles, s.Gazetteers, s.Datasets, s.Imported, s.Replaced, s.Unchanged, s.Failed,
		s.EntitiesNew, s.EntitiesMerged, s.Relations, s.RelationsRemoved, s.Warnings, s.Errors)
	if s.Deletions > 0 {
		line += fmt.Sprintf("; %d deleted source(s) listed: %d removed%s, %d not stored, %d kept (imported edited after their deletion)",
			s.Deletions, s.SourcesRemoved, sourceList(s.Removes), s.DeletionsNotStored, s.DeletionsSuperseded)
	}
	return line
}

// sourceList names the first sources of a list, in parentheses: " (acled:irq1, acled:irq2 and 3 more)".
func sourceList(ids []string) string {
	const shown = 5
	if len(ids) == 0 {
		return ""
	}
	list := strings.Join(ids[:min(shown, len(ids))], ", ")
	if len(ids) > shown {
		list += fmt.Sprintf(" and %d more", len(ids)-shown)
	}
	return " (" + list + ")"
}

func loadMapping(path string, vocab *ontology.Vocabulary) (*mapping.Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, graph.Errorf(graph.EInvalid, "--mapping: %v", err)
	}
	defer f.Close()
	return mapping.LoadWith(f, path, vocab)
}
