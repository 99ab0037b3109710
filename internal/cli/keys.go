package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/keys"
)

// keysCommand is `geokg keys`: the API keys of geokg serve, kept hashed in
// the store.
func (e *env) keysCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Create, list and revoke the API keys of geokg serve",
		Long: `Create, list and revoke the API keys of geokg serve. A key is a bearer
token (Authorization: Bearer gk_…) with a scope: read (queries), write
(imports and removals of sources, analysts' decisions) or admin (what
write can, and the server's own state); each scope can do what the ones
before it can. The store keeps a digest of each key, never the key: it is
shown once, when it is made. Writes over HTTP always need a key; reads
need one when geokg serve runs with --keys-for-reads.`,
	}
	var name, scope string
	create := &cobra.Command{
		Use:     "create --scope SCOPE",
		Short:   "Make a key and print it (once)",
		Example: "  geokg keys create --scope write --name 'import pipeline'",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			token, k, err := keys.New(name, scope, time.Now())
			if err != nil {
				return graph.Errorf(graph.EInvalid, "--scope: %v", err).With("allowed", keys.Scopes)
			}
			return e.keyring(cmd, true, func(ctx context.Context, kr graph.Keyring) (any, error) {
				return &createdKey{Key: k, Token: token}, kr.PutKey(ctx, k)
			}, func(w io.Writer, v any) {
				c := v.(*createdKey)
				fmt.Fprintf(w, "key %s (%s) made; give its holder this token, which is not shown again:\n%s\n", c.ID, c.Scope, c.Token)
			})
		},
	}
	create.Flags().StringVar(&scope, "scope", "", "what the key may do: read, write or admin")
	create.Flags().StringVar(&name, "name", "", "who or what it is for")
	_ = create.MarkFlagRequired("scope")
	list := &cobra.Command{
		Use:   "list",
		Short: "The keys, revoked ones too, in the order made",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.keyring(cmd, false, func(ctx context.Context, kr graph.Keyring) (any, error) {
				ks, err := kr.Keys(ctx)
				return &keysResponse{Keys: ks}, err
			}, tabbed(func(w io.Writer, v any) {
				ks := v.(*keysResponse).Keys
				if len(ks) == 0 {
					fmt.Fprintln(w, "no keys")
					return
				}
				fmt.Fprintln(w, "ID\tSCOPE\tCREATED\tREVOKED\tNAME")
				for _, k := range ks {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Scope, k.Created, orNone(k.Revoked), isolate(oneLine(k.Name)))
				}
			}))
		},
	}
	revoke := &cobra.Command{
		Use:     "revoke ID",
		Short:   "Revoke a key: the server refuses it from then on",
		Example: "  geokg keys revoke 3f9c0a51d2e4",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.keyring(cmd, false, func(ctx context.Context, kr graph.Keyring) (any, error) {
				k, err := kr.RevokeKey(ctx, args[0], time.Now().UTC().Format(time.RFC3339))
				return &k, err
			}, func(w io.Writer, v any) {
				k := v.(*graph.Key)
				fmt.Fprintf(w, "key %s revoked at %s\n", k.ID, k.Revoked)
			})
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

// createdKey is what keys create prints: the key and, once, its token.
type createdKey struct {
	graph.Key
	Token string `json:"token"`
}

// keysResponse is what keys list prints.
type keysResponse struct {
	Keys []graph.Key `json:"keys"`
}

// keyring runs f on the store's keys (EInvalid for a store without) and
// prints its answer as JSON (--json) or as text; create makes a store
// that does not exist yet.
func (e *env) keyring(cmd *cobra.Command, create bool, f func(ctx context.Context, kr graph.Keyring) (any, error), text func(w io.Writer, v any)) error {
	return e.onStore(cmd, create, func(ctx context.Context, s graph.Store) (any, error) {
		kr, err := storePart[graph.Keyring](e, s, "keys")
		if err != nil {
			return nil, err
		}
		return f(ctx, kr)
	}, text)
}

// auditCommand is `geokg audit`: the store's audit trail.
func (e *env) auditCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "The audit trail: the writes that changed the graph, newest first",
		Long: `The audit trail: every write that changed the graph, made over HTTP (with
the id of its key) or with this CLI (key "cli", the command line after the
user that USER names), recorded in the write's own transaction, newest
first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.onStore(cmd, false, func(ctx context.Context, s graph.Store) (any, error) {
				au, err := storePart[graph.Auditor](e, s, "an audit trail")
				if err != nil {
					return nil, err
				}
				es, err := au.AuditTrail(ctx, limit)
				return &auditResponse{Entries: es}, err
			}, tabbed(func(w io.Writer, v any) {
				es := v.(*auditResponse).Entries
				if len(es) == 0 {
					fmt.Fprintln(w, "no writes in the audit trail")
					return
				}
				fmt.Fprintln(w, "#\tAT\tKEY\tCHANGE\tASKED")
				for _, en := range es {
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", en.Seq, en.At, en.Key, isolate(truncate(en.Change, 60)), isolate(truncate(en.Request, 80)))
				}
			}))
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many entries (0: all)")
	return cmd
}

// auditResponse is what audit prints.
type auditResponse struct {
	Entries []graph.AuditEntry `json:"entries"`
}
