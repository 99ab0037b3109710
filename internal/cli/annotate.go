package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
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
	lang, published, out, lexicon, to string
	gazetteers                        []string
	fromStore                         bool
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
that file, or, for several inputs, to that folder as ID.json.

--to labelstudio writes Label Studio tasks to import, a JSON array with a task
per article holding its draft as predictions (to standard output, or to the
file -o), in a project whose Labels control "label" on the Text "text" has
the entity kinds and whose Relations have the relation types; --to brat
writes ID.txt and ID.ann into the folder -o. Notes carry the entity keys and
the relation fields, so the reviewed export (Label Studio's JSON export, or
the .ann) imports under the same article id, replacing the draft.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runAnnotate(cmd.Context(), args, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "language", "", "`LANGUAGE` of the articles (ar, en); detected from the script when empty (not --lang, the language names are shown in)")
	f.StringVar(&o.published, "published", "", "publication `DATE` (YYYY-MM-DD) of articles that do not give one")
	f.StringVarP(&o.out, "output", "o", "", "write the drafts to this `FILE` (native drafts of several inputs, or --to brat: this folder)")
	f.StringVar(&o.to, "to", "native", "`FORMAT` of the drafts: native, labelstudio (tasks with the draft as predictions) or brat (.txt and .ann in the folder -o)")
	f.StringSliceVar(&o.gazetteers, "gazetteer", nil, "gazetteer `FILE`s whose entities are looked for (comma-separated or repeated)")
	f.StringVar(&o.lexicon, "lexicon", "", "YAML `FILE` of more cues, in the shape of the built-in lexicon")
	f.BoolVar(&o.fromStore, "from-store", false, "also look for the entities of the store (--db, --store) that the articles' words name")
	return cmd
}

func (e *env) runAnnotate(ctx context.Context, files []string, o annotateOptions) error {
	switch {
	case !slices.Contains([]string{"native", "labelstudio", "brat"}, o.to):
		return graph.Errorf(graph.EInvalid, "--to %q: want native, labelstudio or brat", o.to)
	case o.to == "brat" && o.out == "":
		return graph.Errorf(graph.EInvalid, "--to brat needs -o FOLDER: it writes ID.txt and ID.ann there")
	}
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
	var drafts []*draft.Result
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
		drafts = append(drafts, res)
	}
	switch o.to {
	case "labelstudio":
		b, err := draft.MarshalLabelStudio(drafts)
		if err != nil {
			return err
		}
		return e.writeOutput(o.out, b)
	case "brat":
		for _, res := range drafts {
			txt, ann, err := res.Brat()
			if err != nil {
				return err
			}
			id := res.Document.Article.ID
			if err := writeFiles(o.out, map[string][]byte{id + ".txt": txt, id + ".ann": ann}); err != nil {
				return err
			}
		}
		return nil
	}
	var out bytes.Buffer
	for _, res := range drafts {
		b, err := res.MarshalNative()
		if err != nil {
			return err
		}
		switch {
		case len(files) > 1 && o.out != "":
			if err := writeFiles(o.out, map[string][]byte{res.Document.Article.ID + ".json": b}); err != nil {
				return err
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
	if len(files) > 1 && o.out != "" {
		return nil
	}
	return e.writeOutput(o.out, out.Bytes())
}

// writeOutput writes data to the file -o, or to standard output.
func (e *env) writeOutput(file string, data []byte) error {
	if file == "" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return graph.Errorf(graph.EInvalid, "-o: %v", err)
	}
	return nil
}

// writeFiles writes files (name -> data) into the folder dir, made if need
// be.
func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return graph.Errorf(graph.EInvalid, "-o: %v", err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return graph.Errorf(graph.EInvalid, "-o: %v", err)
		}
	}
	return nil
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
