package webanno_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
	"github.com/geokg/geokg/internal/formats/webanno"
)

func FuzzRead(f *testing.F) {
	files, err := filepath.Glob("../../../fixtures/webanno/*.tsv")
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(header + "#Text=😀 قصف العراق\n1-1\t0-2\t😀\t_\t_\t_\t_\t\n1-1.1\t0-0\t\t*\tGPE\t_\t_\t\n1-2\t3-6\tقصف\t*[1]\tPER[1]\t_\t_\t\n1-3\t7-13\tالعراق\t*[1]|Q796\tPER[1]|GPE\tkills\\_x\t1-2[1_0]\t\n")
	f.Fuzz(func(t *testing.T, data string) {
		docs, _ := webanno.Parse("f.tsv", []byte(data), nil)
		for i := range docs {
			standofftest.CheckDocument(t, &docs[i])
		}
	})
}
