package importer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/yamlfile"
)

// A sidecar gives article fields (published, language, source) to the
// brat, Label Studio, doccano and WebAnno TSV files it sits beside that do
// not give them, without editing those files:
//
//	# geokg.yaml: every file of this folder
//	published: 2021-03-24
//	source: Al Arab
//
// FolderSidecar applies to the files of its folder; NAME.geokg.yaml to the
// files of that name less their last extension (x.ar.ann and x.ar.txt,
// tasks.json). A file's own sidecar wins over its folder's, which wins
// over --published, --language and the mapping's defaults. Sidecars are
// not imported themselves.
const (
	FolderSidecar = "geokg.yaml"
	sidecarSuffix = ".geokg.yaml"
)

// IsSidecar reports whether the file is a sidecar.
func IsSidecar(path string) bool {
	base := filepath.Base(path)
	return base == FolderSidecar || strings.HasSuffix(base, sidecarSuffix)
}

// withSidecars returns m (nil for the default mapping) with the defaults of
// file's sidecars: its folder's, then its own.
func withSidecars(m *mapping.Mapping, file string) (*mapping.Mapping, error) {
	if m == nil {
		m = mapping.Default()
	}
	for _, name := range []string{filepath.Join(filepath.Dir(file), FolderSidecar), strings.TrimSuffix(file, filepath.Ext(file)) + sidecarSuffix} {
		data, err := os.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
			continue
		case err != nil:
			return nil, graph.Errorf(graph.EInvalid, "sidecar %s: %v", name, err).With("file", name)
		}
		var d mapping.Defaults
		if err := yamlfile.Decode(name, data, &d, func(msg string) string {
			return strings.Replace(msg, "mapping.Defaults", "a sidecar (published, language, source)", 1)
		}); err != nil {
			return nil, err
		}
		if m, err = m.WithDefaults(d, func(field string) string { return name + ": " + field }); err != nil {
			return nil, err
		}
	}
	return m, nil
}
