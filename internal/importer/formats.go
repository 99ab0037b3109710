package importer

import (
	"io"
	"os"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/acled"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/doccano"
	"github.com/geokg/geokg/internal/formats/gdelt"
	"github.com/geokg/geokg/internal/formats/icews"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/polecat"
	"github.com/geokg/geokg/internal/formats/webanno"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// nativeReader reads geokg's own format.
type nativeReader struct{ check annotation.Checker }

func (nativeReader) Name() string                      { return "native" }
func (nativeReader) Detect(file string, _ []byte) bool { return annotation.IsNative(file) }
func (r nativeReader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	return annotation.ParseNative(file, data, r.check)
}

// readers returns every reader in the order formats are detected: the
// more particular formats before the native one, which claims any .json,
// .yaml or .jsonl file.
func readers(v *ontology.Vocabulary, m *mapping.Mapping) []annotation.Reader {
	return []annotation.Reader{
		labelstudio.Reader{Mapping: m},
		doccano.Reader{Mapping: m},
		brat.Reader{Mapping: m},
		webanno.Reader{Mapping: m},
		gdelt.Reader{Vocabulary: v},
		gdelt.MentionsReader{},
		icews.Reader{Vocabulary: v},
		acled.DeletedReader{},
		acled.Reader{},
		polecat.Reader{Vocabulary: v},
		nativeReader{check: annotation.Checker{Vocabulary: v}},
	}
}

// FormatNames lists the formats --format accepts.
func FormatNames() []string {
	var names []string
	for _, r := range readers(ontology.Default(), nil) {
		names = append(names, r.Name())
	}
	return names
}

// headSize is how much of a file format detection looks at.
const headSize = 8 << 10

// head returns the name readers see of a file (see unpack) and its first
// bytes, unpacked.
func head(file string) (string, []byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	name, in, err := unpack(file, f, DefaultMaxUnpacked)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, headSize)
	n, _ := io.ReadFull(in, b)
	return name, b[:n], nil
}

// reader picks the reader of a file: the one --format names, else the
// first that recognises it from its name and first bytes; the label
// mapping with the defaults of the file's sidecars when it is on disk.
func (im *Importer) reader(file string, head []byte, onDisk bool) (annotation.Reader, error) {
	m := im.Mapping
	if onDisk {
		var err error
		if m, err = withSidecars(m, file); err != nil {
			return nil, err
		}
	}
	rs := readers(im.Vocabulary, m)
	for _, r := range rs {
		if im.Format != "" && r.Name() == im.Format {
			return r, nil
		}
		if im.Format == "" && r.Detect(file, head[:min(len(head), headSize)]) {
			return r, nil
		}
	}
	if im.Format != "" {
		return nil, graph.Errorf(graph.EInvalid, "unknown format %q; known formats: %s", im.Format, strings.Join(FormatNames(), ", ")).
			With("allowed", FormatNames())
	}
	return nil, graph.Errorf(graph.EInvalid, "cannot tell the format of %s; name it with --format (%s)", file, strings.Join(FormatNames(), ", "))
}
