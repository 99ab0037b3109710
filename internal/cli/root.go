// Package cli holds geokg's cobra commands: import, validate, serve, and
// the same queries as the API from a shell.
package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/store/embedded"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
)

// Exit codes, one per error code; the only place they are chosen.
var exitCodes = map[graph.Code]int{
	graph.EInternal:    1,
	graph.EInvalid:     2,
	graph.ENotFound:    3,
	graph.EConflict:    4,
	graph.EUnavailable: 5,
	// The server's codes, here for completeness: the CLI does not make
	// them.
	graph.EUnauthenticated: 6,
	graph.EForbidden:       6,
	graph.EUnprocessable:   2,
	graph.ETooLarge:        2,
}

// ExitCode returns the process exit code for err (0 for nil).
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	return exitCodes[graph.ErrorCode(err)]
}

// env is what commands share: streams, environment and global flags.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer

	db        string // embedded store file
	storeKind string // "embedded" or "neo4j"
	vocabFile string // ontology extension: --vocabulary
	asJSON    bool
	lang      string            // --lang: the language of display names
	names     map[string]string // entity id → its name in lang (learnNames)
	filters   []string          // the filter flags given (given)
}

// CLIKey is the key of the audit trail's entries of writes made with the
// CLI, on the machine that holds the store; MaxAuditedCommand bounds the
// command line an entry keeps (in characters).
const (
	CLIKey            = "cli"
	MaxAuditedCommand = 512
)

// Run runs geokg with args and returns the exit code. main calls it; so do
// tests.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	root := e.rootCommand()
	// --json before cobra parses it, so that an unknown command or flag is
	// reported as JSON too.
	flags := args
	if i := slices.Index(args, "--"); i >= 0 {
		flags = args[:i]
	}
	e.asJSON = slices.Contains(flags, "--json")
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// What this command writes is in the store's audit trail, as asked by
	// the CLI (the API's entries name their key instead), by the user the
	// environment names if it names one.
	asked := "geokg " + strings.Join(args, " ")
	if user := cmp.Or(getenv("USER"), getenv("LOGNAME")); user != "" {
		asked = user + ": " + asked
	}
	ctx = graph.WithAudit(ctx, CLIKey, truncate(asked, MaxAuditedCommand))
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ge *graph.Error
	if !errors.As(err, &ge) {
		// cobra's own errors: unknown commands and flags, wrong arguments.
		err = &graph.Error{Code: graph.EInvalid, Message: err.Error()}
	}
	e.report(err)
	return ExitCode(err)
}

// report writes err on standard error: with --json in the API's shape
// {"error":{"code","message","details"}}, else as text, the candidates of
// an ambiguous name one per line and other details as JSON.
func (e *env) report(err error) {
	details := graph.ErrorDetails(err)
	if e.asJSON {
		body := map[string]any{"code": graph.ErrorCode(err), "message": err.Error()}
		if len(details) > 0 {
			body["details"] = details
		}
		_ = writeJSON(e.stderr, map[string]any{"error": body})
		return
	}
	fmt.Fprintf(e.stderr, "geokg: %v\n", err)
	details = maps.Clone(details)
	for _, list := range []struct{ key, heading string }{{"candidates", ""}, {"suggestions", "did you mean:\n"}} {
		entities, ok := details[list.key].([]map[string]string)
		if !ok {
			continue
		}
		delete(details, list.key)
		if len(entities) == 0 {
			continue
		}
		fmt.Fprint(e.stderr, list.heading)
		tw := tabwriter.NewWriter(e.stderr, 0, 4, 2, ' ', 0)
		for _, c := range entities {
			fmt.Fprintln(tw, "  "+strings.Join(slices.DeleteFunc([]string{c["id"], isolate(c["name"]), c["kind"]}, isEmpty), "\t"))
		}
		tw.Flush()
	}
	delete(details, "parameter") // the message names it, or the flag
	delete(details, "flag")
	delete(details, "argument")
	if len(details) > 0 {
		b, _ := json.Marshal(details)
		fmt.Fprintf(e.stderr, "details: %s\n", b)
	}
}

func isEmpty(s string) bool { return s == "" }

// flagError returns err naming cmd's flag where it names a query
// parameter: "invalid --max-hops" for "invalid max_hops", with the detail
// "flag"; or the positional argument that gave it ("FROM: no entity is
// named …"), with the detail "argument". Other errors are returned as
// they are.
func flagError(cmd *cobra.Command, err error) error {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return err
	}
	param, _ := ge.Details["parameter"].(string)
	name := strings.ReplaceAll(param, "_", "-")
	if param == "" {
		return err
	}
	if cmd.LocalFlags().Lookup(name) == nil {
		// A positional argument (path FROM TO): named as the usage names it.
		for _, arg := range strings.Fields(cmd.Use)[1:] {
			if arg = strings.Trim(arg, "[]."); strings.EqualFold(arg, param) {
				c := ge.With("argument", arg)
				c.Message = arg + ": " + c.Message
				return c
			}
		}
		return err
	}
	c := ge.With("flag", "--"+name)
	// The parameter, and the filters a message may compare it with
	// ("until (…) is before since (…)"), when they are flags of cmd.
	var names []string
	for _, p := range append([]string{param}, query.FilterParameters...) {
		if cmd.LocalFlags().Lookup(strings.ReplaceAll(p, "_", "-")) != nil && !slices.Contains(names, p) {
			names = append(names, regexp.QuoteMeta(p))
		}
	}
	c.Message = regexp.MustCompile(`\b(`+strings.Join(names, "|")+`)\b`).ReplaceAllStringFunc(c.Message, func(p string) string {
		return "--" + strings.ReplaceAll(p, "_", "-")
	})
	return c
}

func (e *env) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "geokg",
		Short: "A knowledge graph of geopolitical relations from annotated news",
		Long: `geokg imports annotated news articles (entities, relations, dates) into a
graph of countries, governments, armed groups, officials, places and
agreements, and answers questions about it: paths between actors, timelines
of events, neighbourhoods and search, over a REST API and from this CLI.

Answers are tables fitted to the terminal's width (to COLUMNS when not on a
terminal), or JSON with --json; errors are JSON with --json too.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&e.db, "db", e.getenvOr("GEOKG_DB", "geokg.db"), "embedded store `FILE` (env GEOKG_DB)")
	pf.StringVar(&e.storeKind, "store", e.getenvOr("GEOKG_STORE", "embedded"), "store: embedded or neo4j (env GEOKG_STORE; Neo4j from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)")
	pf.StringVar(&e.vocabFile, "vocabulary", e.getenv("GEOKG_TYPES"), "YAML `FILE` of extra relation types (env GEOKG_TYPES); not the --types filter of queries")
	pf.BoolVar(&e.asJSON, "json", false, "print JSON instead of tables; errors too")
	pf.StringVar(&e.lang, "lang", e.getenv("GEOKG_LANG"), "show entities by their names in this `LANGUAGE` (ar, en…) where they have one (env GEOKG_LANG)")
	root.AddCommand(e.importCommand(), e.validateCommand(), e.serveCommand(), e.typesCommand(), e.schemaCommand())
	root.AddCommand(e.queryCommands()...)
	root.AddCommand(e.exportCommand())
	root.AddCommand(e.annotateCommand())
	root.AddCommand(e.eventsCommand(), e.keysCommand(), e.auditCommand())
	return root
}

func (e *env) getenvOr(key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// getenvList splits the variable key at commas (nil when unset or empty).
func (e *env) getenvList(key string) []string {
	var out []string
	for _, v := range strings.Split(e.getenv(key), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// vocabulary returns the built-in relation types, extended by --vocabulary.
func (e *env) vocabulary() (*ontology.Vocabulary, error) {
	v := ontology.Default()
	if e.vocabFile == "" {
		return v, nil
	}
	f, err := os.Open(e.vocabFile)
	if err != nil {
		return nil, graph.Errorf(graph.EInvalid, "--vocabulary: %v", err)
	}
	defer f.Close()
	types, err := ontology.Load(f, e.vocabFile)
	if err != nil {
		return nil, err
	}
	return v.Extend(types)
}

// open returns the relation vocabulary and the store the flags choose.
// Unless create, the store must hold a graph already: an embedded store
// file that does not exist is ENotFound, not created.
func (e *env) open(ctx context.Context, create bool) (*ontology.Vocabulary, graph.Store, error) {
	vocab, err := e.vocabulary()
	if err != nil {
		return nil, nil, err
	}
	if !create && e.storeKind == "embedded" {
		if _, err := os.Stat(e.db); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, graph.Errorf(graph.ENotFound, "no graph at %s; import first (geokg import PATH...), or name the store file with --db or GEOKG_DB", e.db).With("db", e.db)
		}
	}
	s, err := e.openStore(ctx, vocab)
	return vocab, s, err
}

// openStore opens the store the flags choose, creating an embedded store
// file that does not exist.
func (e *env) openStore(ctx context.Context, vocab *ontology.Vocabulary) (graph.Store, error) {
	switch e.storeKind {
	case "embedded":
		return embedded.Open(ctx, e.db)
	case "neo4j":
		cfg := neo4jstore.ConfigFromEnv(e.getenv)
		return neo4jstore.Open(ctx, cfg)
	}
	return nil, graph.Errorf(graph.EInvalid, "--store %q: want embedded or neo4j", e.storeKind).With("allowed", []string{"embedded", "neo4j"})
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printJSON writes v as indented JSON to standard output.
func (e *env) printJSON(v any) error { return writeJSON(e.stdout, v) }

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (e *env) schemaCommand() *cobra.Command {
	schema := &cobra.Command{Use: "schema", Short: "Manage the store's schema"}
	schema.AddCommand(&cobra.Command{
		Use:   "apply",
		Short: "Create the store's constraints and indexes (idempotent; also done at every start)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, s, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer s.Close()
			if a, ok := s.(interface{ ApplySchema(context.Context) error }); ok {
				if err := a.ApplySchema(cmd.Context()); err != nil {
					return err
				}
			} else if err := s.Ping(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "schema of the %s store is current\n", e.storeKind)
			return nil
		},
	})
	return schema
}
