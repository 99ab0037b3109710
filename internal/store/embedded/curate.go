package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/geokg/geokg/internal/graph"
)

func decisions(ctx context.Context, q queryer) ([]graph.Decision, error) {
	rows, err := q.QueryContext(ctx, "SELECT kind, entity_id, into_id, source_id, report_id, note, at, extra_json FROM decisions ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Decision{}
	for rows.Next() {
		var d graph.Decision
		var extra string
		if err := rows.Scan(&d.Kind, &d.Entity, &d.Into, &d.Source, &d.Report, &d.Note, &d.At, &extra); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(extra), &d.DecisionExtra); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SourcesOf implements write.Tx.
func (w *writer) SourcesOf(id string) ([]string, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT source_id FROM entity_records WHERE entity_id = ?1
		UNION SELECT source_id FROM report_entities WHERE entity_id = ?1 ORDER BY 1`, id)
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

// Contribution implements write.Tx.
func (w *writer) Contribution(id string) (*graph.Contribution, error) {
	c := &graph.Contribution{}
	src := &c.Source
	err := w.tx.QueryRowContext(w.ctx, `SELECT id, kind, title, url, language, published, digest, priority,
		coalesce((SELECT text FROM source_texts WHERE source_id = id), '') FROM sources WHERE id = ?`, id).
		Scan(&src.ID, &src.Kind, &src.Title, &src.URL, &src.Language, &src.Published, &src.Digest, &c.Priority, &c.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.Errorf(graph.ENotFound, "no source %q", id)
	}
	if err != nil {
		return nil, err
	}
	if c.Entities, err = w.records(id); err != nil {
		return nil, err
	}
	rows, err := w.tx.QueryContext(w.ctx, "SELECT json FROM reports WHERE source_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var js string
		var r graph.Relation
		if err := rows.Scan(&js); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return nil, err
		}
		c.Relations = append(c.Relations, r)
	}
	return c, rows.Err()
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

// Decide implements write.Tx.
func (w *writer) Decide(d graph.Decision) error {
	_, err := w.tx.ExecContext(w.ctx, "INSERT INTO decisions (kind, entity_id, into_id, source_id, report_id, note, at, extra_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		d.Kind, d.Entity, d.Into, d.Source, d.Report, d.Note, d.At, marshal(d.DecisionExtra))
	return err
}

// Pin implements write.Tx.
func (w *writer) Pin(reports []string, pin string) error {
	for _, id := range reports {
		if _, err := w.tx.ExecContext(w.ctx, "INSERT OR REPLACE INTO report_pins (report_id, pin) VALUES (?, ?)", id, pin); err != nil {
			return err
		}
	}
	return nil
}
