package annotation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
)

// TestDeepNesting: a small file of deeply nested values is refused with its
// file and line, quickly and in little memory, in JSON as in YAML.
func TestDeepNesting(t *testing.T) {
	deep := 100_000
	for _, tc := range []struct {
		file, data string
		line       int
	}{
		{"deep.json", "{\"geokg\": 1,\n\"entities\":\n" + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "}", 3},
		{"deep.jsonl", strings.Repeat("[", deep) + strings.Repeat("]", deep), 1},
		{"deep.yaml", "geokg: 1\nentities: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", 2},
		{"deep-block.yaml", "geokg: 1\nentities:\n" + deepBlockYAML(200), annotation.MaxDepth + 3},
	} {
		t.Run(tc.file, func(t *testing.T) {
			docs, probs := annotation.ParseNative(tc.file, []byte(tc.data), checker)
			if len(docs) != 0 || len(probs) != 1 {
				t.Fatalf("documents %d, problems %v; want one problem", len(docs), probs)
			}
			p := probs[0]
			want := fmt.Sprintf("deeper than %d levels", annotation.MaxDepth)
			if p.File != tc.file || p.Line != tc.line || !strings.Contains(p.Message, want) {
				t.Errorf("problem %+v; want file %s, line %d and %q", p, tc.file, tc.line, want)
			}
		})
	}
}

// deepBlockYAML nests n block sequences, one a line.
func deepBlockYAML(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "-\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "x\n")
	return b.String()
}

// TestLinesOfLargeFile: every line number of a large file is right, at its
// start and its end (they are counted as the decoder goes).
func TestLinesOfLargeFile(t *testing.T) {
	data := gazetteer(2000)
	lines := strings.Split(string(data), "\n")
	bad := strings.Replace(string(data), `"kind": "country"`, `"kind": "nation"`, 1)
	bad = bad[:strings.LastIndex(bad, `"country"`)] + `"planet"` + bad[strings.LastIndex(bad, `"country"`)+len(`"country"`):]
	_, probs := annotation.ParseNative("big.json", []byte(bad), checker)
	if len(probs) != 2 {
		t.Fatalf("problems %v; want two", probs)
	}
	for _, p := range probs {
		if !strings.Contains(lines[p.Line-1], `"kind"`) {
			t.Errorf("%v: line %d is %q", p, p.Line, lines[p.Line-1])
		}
	}
	if first, last := probs[0].Line, probs[1].Line; first > 10 || last < len(lines)-20 {
		t.Errorf("lines %d and %d, want the first and the last entity of %d lines", first, last, len(lines))
	}
}

// gazetteer returns a valid, indented gazetteer of n entities.
func gazetteer(n int) []byte {
	type entity struct {
		Key     string              `json:"key"`
		Kind    string              `json:"kind"`
		Names   map[string]string   `json:"names"`
		Aliases map[string][]string `json:"aliases"`
	}
	doc := struct {
		Version   int               `json:"geokg"`
		Gazetteer map[string]string `json:"gazetteer"`
		Entities  []entity          `json:"entities"`
	}{Version: 1, Gazetteer: map[string]string{"id": "big"}}
	for i := range n {
		doc.Entities = append(doc.Entities, entity{Key: fmt.Sprintf("e%d", i), Kind: "country",
			Names:   map[string]string{"en": fmt.Sprintf("Country %d", i), "ar": fmt.Sprintf("بلد %d", i)},
			Aliases: map[string][]string{"en": {fmt.Sprintf("C%d", i), fmt.Sprintf("The country %d", i)}}})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// BenchmarkParseNativeSize shows that checking a file takes time linear in
// its size: compare the MB/s of the sizes.
func BenchmarkParseNativeSize(b *testing.B) {
	perEntity := len(gazetteer(1000)) / 1000
	for _, mb := range []int{1, 8, 50} {
		data := gazetteer(mb << 20 / perEntity)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if docs, probs := annotation.ParseNative("big.json", data, checker); len(docs) != 1 || len(probs) != 0 {
					b.Fatalf("documents %d, problems %v", len(docs), probs)
				}
			}
		})
	}
}
