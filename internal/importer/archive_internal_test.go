package importer

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

// FuzzUnpack: unpacking any bytes named as a zip or gzip archive either
// fails with a message, or gives the member named after the archive,
// whole, within the bound.
func FuzzUnpack(f *testing.F) {
	const limit = 1 << 16
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("x.export.CSV")
	_, _ = w.Write([]byte("1\t20200103\n"))
	_ = zw.Close()
	var g bytes.Buffer
	gw := gzip.NewWriter(&g)
	gw.Name = "x.export.CSV"
	_, _ = gw.Write([]byte(strings.Repeat("1\t20200103\n", 100)))
	_ = gw.Close()
	for _, seed := range [][]byte{z.Bytes(), g.Bytes(), z.Bytes()[:z.Len()/2], g.Bytes()[:g.Len()-4], nil, []byte("PK\x03\x04")} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, data []byte, isZip bool) {
		name := "dir/x.export.CSV.gz"
		if isZip {
			name = "dir/x.export.CSV.zip"
		}
		got, r, err := unpack(name, bytes.NewReader(data), limit)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if got != name+"/x.export.CSV" {
			t.Fatalf("member named %q", got)
		}
		out, err := io.ReadAll(r)
		if err != nil || len(out) > limit {
			t.Fatalf("a checked member reads %d bytes, %v", len(out), err)
		}
	})
}
