package labelstudio_test

import (
	"testing"

	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

func FuzzParse(f *testing.F) {
	f.Add(task(regions+relations, meta, ""))
	f.Add(task(regions, `, "geokg": {"published": "2021-03-24", "notes": {"a->b": "date=2020", "c": "Q30"}}`, `, "ground_truth": true`))
	f.Add(`[{"id": 1, "data": {"text": "😀😀 ab"}, "annotations": [{"result": [{"id": "x", "type": "labels", "value": {"start": 4, "end": 6, "text": "ab", "labels": ["PER"]}}]}]}]`)
	f.Add(task(regions+relations+`, {"id": "a", "type": "textarea", "from_name": "event", "value": {"start": 0, "end": 4, "text": ["k1"]}}, {"id": "b", "type": "choices", "from_name": "EventKey", "value": {"choices": ["k2"]}}`, meta, ""))
	f.Fuzz(func(t *testing.T, data string) {
		docs, _ := labelstudio.Parse("f.json", []byte(data), nil)
		for i := range docs {
			standofftest.CheckDocument(t, &docs[i])
		}
	})
}
