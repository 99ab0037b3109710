package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// annotateOptions are the flags of geokg annotate.
type annotateOptions struct {
	lang, published, out, lexicon string
	gazetteers                    []string
	fromStore                     bool
}

func (e *env) annotateCommand() *cobra.Command {
	var o annotateOptions
	cmd := &cobra.Command{
		Use:   "annotate FILE...",
		Short: "Draft the annotations of raw articles, for a person to review",
		Long: `Draft the annotations of articles given as plain text or as native JSON
articles without annotations ("-" reads standard input): mentions of the
entities of the gazetteers (--gazetteer), dates resolved against the
publication date, and relations from a cue lexicon with their modality. The
draft is a native article marked "status": "draft"; each relation's note names
the rules that produced it. Names of several entities and uncertain dates are
reported on standard error, never guessed.

One draft goes to standard output as JSON, several as JSON Lines; with -o to
that file, or, for several inputs, to that folder as ID.json.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runAnnotate(cmd.Context(), args, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "language", "", "`LANGUAGE` of the articles (ar, en); detected from the script when empty (not --lang, the language names are shown in)")
	f.StringVar(&o.published, "published", "", "publication `DATE` (YYYY-MM-DD) of articles that do not give one")
	f.StringVarP(&o.out, "output", "o", "", "write the draft to this `FILE` (several inputs: this folder)")
	f.StringSliceVar(&o.gazetteers, "gazetteer", nil, "gazetteer `FILE`s whose entities are looked for (comma-separated or repeated)")
	f.StringVar(&o.lexicon, "lexicon", "", "YAML `FILE` of more cues, in the shape of the built-in lexicon")
	f.BoolVar(&o.fromStore, "from-store", false, "also look for the entities of the store (--db, --store) that the articles' words name")
	return cmd
}

func (e *env) runAnnotate(ctx context.Context, files []string, o annotateOptions) error {
	vocab, err := e.vocabulary()
	if err != nil {
		return err
	}
	lex, err := draft.BuiltinLexicon(vocab)
	if err != nil {
		return err
	}
	if o.lexicon != "" {
		data, err := os.ReadFile(o.lexicon)
		if err != nil {
			return graph.Errorf(graph.EInvalid, "--lexicon: %v", err)
		}
		more, err := draft.ParseLexicon(data, o.lexicon, vocab)
		if err != nil {
			return err
		}
		lex = lex.Add(more)
	}
	known, err := gazetteerEntities(o.gazetteers, vocab)
	if err != nil {
		return err
	}
	var store graph.Store
	if o.fromStore {
		if store, err = e.openStore(ctx, vocab); err != nil {
			return err
		}
		defer store.Close()
	} else if len(known) == 0 {
		fmt.Fprintln(e.stderr, "geokg: no --gazetteer and no --from-store: the drafts will name no entity")
	}
	d := draft.New(known, lex, vocab)
	var out bytes.Buffer
	for _, file := range files {
		data, err := e.readInput(file)
		if err != nil {
			return err
		}
		a, err := draft.ReadArticle(file, data, o.lang, o.published)
		if err != nil {
			return err
		}
		if store != nil { // the gazetteers' entities and those of the store the text names
			more, err := draft.Known(ctx, store, a.Text)
			if err != nil {
				return err
			}
			d = draft.New(append(slices.Clone(known), more...), lex, vocab)
		}
		res, err := d.Draft(a)
		if err != nil {
			return err
		}
		e.reportDraft(file, res)
		b, err := res.MarshalNative()
		if err != nil {
			return err
		}
		switch {
		case len(files) > 1 && o.out != "":
			if err := os.MkdirAll(o.out, 0o755); err != nil {
				return graph.Errorf(graph.EInvalid, "-o: %v", err)
			}
			if err := os.WriteFile(filepath.Join(o.out, a.ID+".json"), b, 0o644); err != nil {
				return graph.Errorf(graph.EInvalid, "-o: %v", err)
			}
		case len(files) > 1: // JSON Lines: one draft a line
			if err := json.Compact(&out, b); err != nil {
				return err
			}
			out.WriteByte('\n')
		default:
			out.Write(b)
		}
	}
	if len(files) == 1 && o.out != "" {
		if err := os.WriteFile(o.out, out.Bytes(), 0o644); err != nil {
			return graph.Errorf(graph.EInvalid, "-o: %v", err)
		}
		return nil
	}
	_, err = e.stdout.Write(out.Bytes())
	return err
}

// readInput reads a file to annotate, or standard input for "-", refusing
// what is larger than draft.MaxInput.
func (e *env) readInput(file string) ([]byte, error) {
	var r io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, graph.Errorf(graph.EInvalid, "%v", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, draft.MaxInput+1))
	if err != nil {
		return nil, graph.Errorf(graph.EInvalid, "%s: %v", file, err)
	}
	return data, nil
}

// reportDraft says on standard error what the draft of file holds and what
// it left to the reviewer.
func (e *env) reportDraft(file string, res *draft.Result) {
	uncertain := 0
	for _, d := range res.Dates {
		if d.Uncertain {
			uncertain++
		}
	}
	fmt.Fprintf(e.stderr, "%s: draft %s: %d mention(s) of %d entities, %d relation(s), %d date(s) (%d uncertain)\n", file, res.Document.Article.ID,
		len(res.Mentions), len(res.Document.Entities), len(res.Document.Relations), len(res.Dates), uncertain)
	for _, a := range res.Ambiguous {
		fmt.Fprintf(e.stderr, "%s: %q at %d–%d names several entities, left out: %s\n", file, a.Text, a.Start, a.End, strings.Join(a.Candidates, ", "))
	}
	for _, d := range res.Dates {
		if d.Uncertain {
			fmt.Fprintf(e.stderr, "%s: date %q at %d–%d is %s or %s, left out of relations\n", file, d.Text, d.Start, d.End, d.Value, d.Alt)
		}
	}
}

// gazetteerEntities reads the entities of gazetteer files.
func gazetteerEntities(files []string, vocab *ontology.Vocabulary) ([]annotation.Entity, error) {
	var known []annotation.Entity
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, graph.Errorf(graph.EInvalid, "--gazetteer: %v", err)
		}
		docs, probs := annotation.ParseNative(file, data, annotation.Checker{Vocabulary: vocab})
		if probs.HasErrors() {
			return nil, graph.Errorf(graph.EInvalid, "--gazetteer: %v", probs.Errors()[0])
		}
		for _, d := range docs {
			if d.Gazetteer == nil {
				return nil, graph.Errorf(graph.EInvalid, "--gazetteer: %s is not a gazetteer", file)
			}
			known = append(known, d.Entities...)
		}
	}
	return known, nil
}
