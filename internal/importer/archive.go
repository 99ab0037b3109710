package importer

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
)

// DefaultMaxUnpacked is the most bytes a compressed input may unpack to
// when Importer.MaxUnpacked is 0: more than any GDELT or POLECAT file, and
// a bound on what a zip bomb costs.
const DefaultMaxUnpacked = 2 << 30

// Packed returns the name of the file an input named like an archive holds
// (its name without ".zip" or ".gz": "20200103.export.CSV.zip" holds
// "20200103.export.CSV"), and whether it is named like one.
func Packed(name string) (string, bool) {
	for _, ext := range []string{".zip", ".gz"} {
		if len(name) > len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext) {
			return name[:len(name)-len(ext)], true
		}
	}
	return name, false
}

// unpack returns the name readers see and the content of an input: the
// input itself, or, for an input Packed names an archive, the one file the
// archive holds, named by the archive's path, "/" and the file's name
// ("data/20200103.export.CSV.zip/20200103.export.CSV"). Readers name
// datasets by the base name, so an archive gives the same source as the
// file it holds, imported unpacked. That file must be the one the archive's
// name says, so that the two cannot disagree on the source: a zip of
// several files, or of another file, or a gzip file whose header names
// another, is refused. The archive is checked whole (its checksums, its
// size, at most limit bytes unpacked) before anything of it is given to a
// reader, so that an archive cut short is refused rather than read as a
// shorter file. It is held in memory packed, and read unpacked as a stream.
func unpack(name string, in io.Reader, limit int64) (string, io.Reader, error) {
	want, ok := Packed(filepath.Base(name))
	if !ok {
		return name, in, nil
	}
	data, err := io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		return "", nil, err
	}
	if int64(len(data)) > limit {
		return "", nil, fmt.Errorf("the archive is larger than the %d bytes geokg unpacks", limit)
	}
	member := name + "/" + want
	var open func() (io.ReadCloser, error)
	if strings.EqualFold(filepath.Ext(name), ".zip") {
		open, err = zipMember(data, want, limit)
	} else {
		open, err = gzipMember(data, want)
	}
	if err != nil {
		return "", nil, err
	}
	r, err := open()
	if err != nil {
		return "", nil, fmt.Errorf("%s: %v", member, err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, limit+1))
	r.Close()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "", nil, fmt.Errorf("%s ends before its end: the archive is cut short, so none of it is read; download it again", member)
	case err != nil:
		return "", nil, fmt.Errorf("%s is damaged (%v), so none of it is read; download it again", member, err)
	case n > limit:
		return "", nil, fmt.Errorf("%s unpacks to more than the %d bytes geokg unpacks; unpack it yourself if it is what you want to import", member, limit)
	}
	r, err = open()
	if err != nil {
		return "", nil, fmt.Errorf("%s: %v", member, err)
	}
	return member, r, nil
}

// zipMember checks that a zip holds one file, named want, of at most limit
// bytes by its header, and returns how to read it.
func zipMember(data []byte, want string, limit int64) (func() (io.ReadCloser, error), error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a whole zip archive (%v): is it cut short? Download it again", err)
	}
	switch {
	case len(z.File) == 0:
		return nil, fmt.Errorf("the zip archive holds no file; want %s", want)
	case len(z.File) > 1:
		names := make([]string, len(z.File))
		for i, f := range z.File {
			names[i] = f.Name
		}
		return nil, fmt.Errorf("the zip archive holds %d members (%s); geokg reads a zip of one file, %s, as GDELT distributes them: unpack it and import the files",
			len(z.File), strings.Join(names, ", "), want)
	}
	f := z.File[0]
	switch {
	case f.Name != want:
		return nil, fmt.Errorf("the zip archive holds %s, not %s, the file its name says: unpack it and import the file, or name the archive after it", f.Name, want)
	case f.UncompressedSize64 > uint64(limit):
		return nil, fmt.Errorf("member %s unpacks to %d bytes, more than the %d bytes geokg unpacks; unpack it yourself if it is what you want to import", f.Name, f.UncompressedSize64, limit)
	}
	return f.Open, nil
}

// gzipMember checks that a gzip file's header, if it names the file, names
// want, and returns how to read it.
func gzipMember(data []byte, want string) (func() (io.ReadCloser, error), error) {
	open := func() (io.ReadCloser, error) { return gzip.NewReader(bytes.NewReader(data)) }
	z, err := open()
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errors.New("the gzip file ends in its header: it is cut short; download it again")
	case err != nil:
		return nil, fmt.Errorf("not a gzip file (%v)", err)
	}
	if n := z.(*gzip.Reader).Name; n != "" && path.Base(filepath.ToSlash(n)) != want {
		return nil, fmt.Errorf("the gzip file holds %s, not %s, the file its name says: unpack it and import the file, or name the archive after it", n, want)
	}
	return open, nil
}
