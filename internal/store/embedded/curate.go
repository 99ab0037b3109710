package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Curator = (*Store)(nil)

// MergeEntities implements graph.Curator. Every source that says anything
// of from (a record, a relation end or participant) is read back as a
// contribution, rewritten with Contribution.RenameEntity and stored again
// in place (records, name keys, relations and relation entities written as
// by an import; the source row, digest included, as it was); then from and
// into are assembled again from their records (from is deleted). All in the
// one write transaction that also records the decision. It costs what
// importing the sources that name from again would.
func (s *Store) MergeEntities(ctx context.Context, from, into, note string) (graph.Decision, error) {
	var d graph.Decision
	err := s.write(ctx, "merging entity "+from+" into "+into, func(tx *sql.Tx) (bool, error) {
		for _, id := range []string{from, into} {
			if _, err := entity(ctx, tx, id); err != nil {
				return false, err
			}
		}
		if from == into {
			return false, graph.Errorf(graph.EInvalid, "cannot merge entity %q into itself", from)
		}
		w, err := newWriter(ctx, tx)
		if err != nil {
			return false, err
		}
		defer w.close()
		srcs, err := w.sourcesOf(from)
		if err != nil {
			return false, err
		}
		for _, src := range srcs {
			c, err := w.contribution(src)
			if err != nil {
				return false, err
			}
			if err := w.rewrite(c, from, into); err != nil {
				return false, err
			}
		}
		if err := w.settle(from, into); err != nil {
			return false, err
		}
		if _, err := entity(ctx, tx, from); graph.ErrorCode(err) != graph.ENotFound {
			return false, graph.Errorf(graph.EInternal, "entity %q outlived its merge into %q", from, into)
		}
		d = graph.Decision{Kind: graph.DecisionMerge, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
		return true, w.decide(d)
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// SplitEntity implements graph.Curator: the source's contribution is read
// back, rewritten with Contribution.RenameEntity and stored again in place,
// in the one write transaction that also records the decision.
func (s *Store) SplitEntity(ctx context.Context, id, source, newID, note string) (graph.Decision, error) {
	var d graph.Decision
	err := s.write(ctx, "splitting entity "+id+" of source "+source, func(tx *sql.Tx) (bool, error) {
		if _, err := entity(ctx, tx, id); err != nil {
			return false, err
		}
		w, err := newWriter(ctx, tx)
		if err != nil {
			return false, err
		}
		defer w.close()
		c, err := w.contribution(source)
		if err != nil {
			return false, err
		}
		if err := graph.CheckEntityID(newID); err != nil {
			return false, err
		}
		switch _, err := entity(ctx, tx, newID); {
		case err == nil:
			return false, graph.Errorf(graph.EConflict, "entity %q already exists: split into a new id", newID)
		case graph.ErrorCode(err) != graph.ENotFound:
			return false, err
		}
		if !c.Mentions(id) {
			return false, graph.Errorf(graph.EInvalid, "source %q says nothing of entity %q", source, id)
		}
		if err := w.rewrite(c, id, newID); err != nil {
			return false, err
		}
		if err := w.settle(id, newID); err != nil {
			return false, err
		}
		d = graph.Decision{Kind: graph.DecisionSplit, Entity: id, Into: newID, Source: source, Note: note, At: graph.DecisionTime()}
		return true, w.decide(d)
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// Decisions implements graph.Curator.
func (s *Store) Decisions(ctx context.Context) ([]graph.Decision, error) {
	out := []graph.Decision{}
	err := s.read(ctx, "listing decisions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT kind, entity_id, into_id, source_id, note, at FROM decisions ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d graph.Decision
			if err := rows.Scan(&d.Kind, &d.Entity, &d.Into, &d.Source, &d.Note, &d.At); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sourcesOf lists, by id, the sources that say anything of an entity.
func (w *writer) sourcesOf(id string) ([]string, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT source_id FROM entity_records WHERE entity_id = ?1
		UNION SELECT source_id FROM relation_entities WHERE entity_id = ?1 ORDER BY 1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// contribution reads back what a source contributed, as it was given
// (ENotFound for an unknown source).
func (w *writer) contribution(id string) (*graph.Contribution, error) {
	c := &graph.Contribution{}
	src := &c.Source
	err := w.tx.QueryRowContext(w.ctx, "SELECT id, kind, title, url, language, published, digest, priority FROM sources WHERE id = ?", id).
		Scan(&src.ID, &src.Kind, &src.Title, &src.URL, &src.Language, &src.Published, &src.Digest, &c.Priority)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.Errorf(graph.ENotFound, "no source %q", id)
	}
	if err != nil {
		return nil, err
	}
	if c.Entities, err = w.records(id); err != nil {
		return nil, err
	}
	c.Relations, err = relations(w.ctx, w.tx, "SELECT "+relationCols+" FROM relations r WHERE r.source_id = ? ORDER BY r.id", id)
	return c, err
}

// records reads a source's entity records, by entity id.
func (w *writer) records(source string) ([]graph.EntityRecord, error) {
	rows, err := w.tx.QueryContext(w.ctx, "SELECT entity_id, kind, wikidata, label, names_json FROM entity_records WHERE source_id = ? ORDER BY entity_id", source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.EntityRecord
	for rows.Next() {
		var rec graph.EntityRecord
		var names string
		if err := rows.Scan(&rec.ID, &rec.Kind, &rec.Wikidata, &rec.Label, &names); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(names), &rec.Names); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// rewrite stores a source's contribution again with the entity from
// renamed into (Contribution.RenameEntity); the caller then assembles from
// and into again (settle). The contribution was valid when it was stored
// and a rename keeps it so, except that the entities it names without
// recording them need not be known without it any more: it is stored
// without the checks of an import. Its other entities keep their records
// and relations, so their entities rows stay as they are.
func (w *writer) rewrite(c *graph.Contribution, from, into string) error {
	if !c.RenameEntity(from, into) {
		return nil
	}
	if _, err := w.removeSource(c.Source.ID); err != nil {
		return err
	}
	return w.store(c)
}

// settle assembles the entities of a rename again, from all their records,
// once every source is rewritten: the one renamed away is deleted when
// nothing names it any more, the other is made (a bare node when it has
// relations but no record).
func (w *writer) settle(ids ...string) error {
	for _, id := range ids {
		if err := w.assemble(id); err != nil {
			return err
		}
	}
	return nil
}

// decide records a decision.
func (w *writer) decide(d graph.Decision) error {
	_, err := w.tx.ExecContext(w.ctx, "INSERT INTO decisions (kind, entity_id, into_id, source_id, note, at) VALUES (?, ?, ?, ?, ?, ?)",
		d.Kind, d.Entity, d.Into, d.Source, d.Note, d.At)
	return err
}
