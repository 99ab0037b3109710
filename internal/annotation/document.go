package annotation

import "io"

// Document is one article or gazetteer in the native format, version 1.
type Document struct {
	Version   int            `json:"geokg"`
	Article   *Article       `json:"article,omitempty"`
	Gazetteer *GazetteerInfo `json:"gazetteer,omitempty"`
	Dataset   *DatasetInfo   `json:"-"` // event data coded by others (GDELT, POLECAT)
	Removal   *Removal       `json:"-"` // a source its publisher deleted, to remove
	Entities  []Entity       `json:"entities"`
	Relations []Relation     `json:"relations,omitempty"`
	// Mentions are a dataset document's reports of events that other
	// dataset documents give (GDELT's Mentions table): the importer finds
	// each event in the graph by its ref.
	Mentions []Mention `json:"-"`

	// Where the document was read from: file, and line for JSON Lines and
	// for a YAML file of several documents.
	File string `json:"-"`
	Line int    `json:"-"`
}

// Article is the annotated text and its provenance.
type Article struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	Language  string `json:"language"`
	Published string `json:"published"`
	Text      string `json:"text"`
	// Status is StatusDraft for a draft that no person has reviewed
	// (geokg annotate writes them), else "": its facts are evidence
	// answers mark as drafts, and status=reviewed leaves out.
	Status string `json:"status,omitempty"`
}

// StatusDraft is the Status of a draft article.
const StatusDraft = "draft"

// GazetteerInfo names a gazetteer.
type GazetteerInfo struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

// DatasetInfo names a file of event data coded by others. Its relations
// carry their evidence as Sources (one per report) instead of a span.
type DatasetInfo struct {
	ID     string // e.g. "gdelt-20200103"
	Format string // "gdelt", "polecat"
	Title  string
	URL    string
	// Edited is when the publisher last edited what the document says
	// (ACLED's timestamp), in Unix seconds; 0 when not known. A Removal
	// of the same source in the same import wins only if it is later.
	Edited int64
}

// Removal is a document that names a source its publisher deleted, as
// ACLED lists its deleted events: importing it removes the source, and
// all it contributed, from the graph (as the API's DELETE /v1/sources/ID
// does), unless the import also reads that source edited at or after
// Deleted (DatasetInfo.Edited); a source not stored is nothing to remove.
type Removal struct {
	Source  string // source id, e.g. "acled:irq1234"
	Deleted int64  // when it was deleted, Unix seconds; 0 when not known
}

// SourceRef is one report of a dataset event: where it was published, when,
// and a line that says what was coded.
type SourceRef struct {
	URL       string
	Published string // YYYY-MM-DD
	Quote     string
	// Ref is the dataset's id of the row, after its format
	// ("gdelt:904512001"), for the rows that mentions find (graph.Evidence.Ref).
	Ref string
}

// Mention is one report of an event that another dataset document gives:
// the event's ref (SourceRef.Ref of that document's row), the report
// (without a ref: it is no row of the event) and the dataset's confidence
// in it, 0 to 1.
type Mention struct {
	Event      string
	Report     SourceRef
	Confidence float64
	Line       int // the mention's line in its file
}

// Entity is an entity as one document describes it.
type Entity struct {
	Key      string              `json:"key"`
	Kind     string              `json:"kind"`
	Wikidata string              `json:"wikidata,omitempty"`
	Names    map[string]string   `json:"names"`
	Aliases  map[string][]string `json:"aliases,omitempty"`
	// Demonyms are the words for the entity's people and things that do
	// not follow from its names ("American" of the United States).
	Demonyms map[string][]string `json:"demonyms,omitempty"`
	Mentions []Span              `json:"mentions,omitempty"`
	// KeyMadeUp says a reader made Key up from the entity's name (a
	// standoff entity without a reference): it names no entity of the
	// graph, so resolution does not match it as a key.
	KeyMadeUp bool `json:"-"`
}

// Span is a stretch of the article text, in code points, with the text it
// must hold. A gazetteer's evidence has only Text.
type Span struct {
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
	Text  string `json:"text"`
}

// Participant is a further party of an event.
type Participant struct {
	Entity string `json:"entity"`
	Role   string `json:"role"`
}

// Relation is a relation as one document states it.
type Relation struct {
	ID           string        `json:"id"`
	Type         string        `json:"type"`
	Source       string        `json:"source"`
	Target       string        `json:"target"`
	Participants []Participant `json:"participants,omitempty"`
	Date         string        `json:"date,omitempty"`
	Start        string        `json:"start,omitempty"`
	End          string        `json:"end,omitempty"`
	Modality     string        `json:"modality,omitempty"`
	Confidence   *float64      `json:"confidence,omitempty"`
	Evidence     Span          `json:"evidence"`
	Sources      []SourceRef   `json:"-"` // dataset relations only
	Note         string        `json:"note,omitempty"`
	// Event is an explicit event key: relations of one type between the
	// same parties that give the same key are reports of one event,
	// whatever their dates, and never of an event of another key. It is
	// at most MaxEventLength code points long.
	Event string `json:"event,omitempty"`
}

// MaxEventLength is the longest event key (Relation.Event), in code
// points, as the schema's maxLength counts them.
const MaxEventLength = 200

// SourceID is the id under which the document's contribution is stored:
// the article id, "gazetteer:" and the gazetteer id, the dataset's format
// and id ("acled:irq1234"), or the source a Removal removes.
func (d *Document) SourceID() string {
	if d.Gazetteer != nil {
		return "gazetteer:" + d.Gazetteer.ID
	}
	if d.Dataset != nil {
		return d.Dataset.Format + ":" + d.Dataset.ID
	}
	if d.Removal != nil {
		return d.Removal.Source
	}
	if d.Article != nil {
		return d.Article.ID
	}
	return ""
}

// Reader reads one kind of input file into documents. Readers of formats
// other than the native one leave checking to Checker.
type Reader interface {
	// Name is the format's name for --format ("brat", "gdelt", …).
	Name() string
	// Detect reports whether a file looks like this format, from its name
	// and its first bytes.
	Detect(file string, head []byte) bool
	// Read returns the file's documents and every problem found.
	Read(file string, data []byte) ([]Document, Problems)
}

// Remover is a Reader of files that list sources to remove: every
// document it reads is a Removal. The importer reads these files before
// the others, so that it knows what the run removes before it imports.
type Remover interface {
	Reader
	// Removes is a marker; it does nothing.
	Removes()
}

// Streamer is a Reader that also gives a file's documents one at a time,
// read from r, as formats of one document per line can: memory stays flat
// whatever the file's size.
type Streamer interface {
	Reader
	// Stream reads the documents of file from r and gives each to yield,
	// with the problems found in it.
	Stream(file string, r io.Reader, yield Yield) error
}
