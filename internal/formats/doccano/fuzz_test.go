package doccano_test

import (
	"testing"

	"github.com/geokg/geokg/internal/formats/doccano"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

func FuzzParse(f *testing.F) {
	f.Add(line(entities, relations, meta))
	f.Add(line(entities, `{"id": 1, "from_id": 1, "to_id": 1, "type": "Killed_by"}`, `, "published": "2021-03-24", "geokg": {"notes": {"r1": "evidence=0-3 participant.place=e2"}}`))
	f.Add(`{"id": "x", "text": "😀 ab", "entities": [{"id": 1, "label": "PER", "start_offset": 2, "end_offset": 4}], "published": "2020-02-29"}`)
	f.Add(line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": "k1", "Event_ID": "k2"}`, `, "published": "2021-03-24", "geokg": {"notes": {"r10": "event=k1", "e1": "event=k3"}}`))
	f.Fuzz(func(t *testing.T, data string) {
		docs, _ := doccano.Parse("f.jsonl", []byte(data), nil)
		for i := range docs {
			standofftest.CheckDocument(t, &docs[i])
		}
	})
}
