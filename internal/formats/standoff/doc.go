// Package standoff turns standoff annotation (labelled spans of a text and
// relations between them, as brat, Label Studio, doccano and WebAnno TSV
// export it) into geokg articles. The readers of those formats parse their syntax and give
// a Builder spans, references, notes and relations by id; the Builder maps
// labels (package mapping), groups spans into entities, and checks spans,
// ids and fields, reporting every problem at its line or JSON pointer.
//
// What the three formats share:
//
//   - Entities. Spans with the same key or Wikidata id are one entity, as are
//     spans a brat Equiv joins. A span without a reference joins the one
//     referenced entity of its kind whose spans have the same normalised
//     text (resolve.Key); failing that, the unreferenced spans of one kind
//     and text are one entity. An entity without a key is keyed by its name
//     as a slug ("kataib-hezbollah") or, for a name without Latin letters,
//     by its kind and a hash of the normalised name ("person-1a2b3c4d").
//     Every fragment of a span is a mention.
//   - Notes. Tools have a free-text field per annotation (brat
//     AnnotatorNotes, Label Studio region meta); geokg reads it as
//     whitespace-separated key=value pairs, values double-quoted when they
//     hold spaces (ParseNote). On an entity span: a bare Q-id, Wikidata:Q…
//     or geokg:KEY, key=, wikidata=, name.LANG=, alias.LANG= (repeatable). On
//     a relation: id=, date=, start=, end= (YYYY, YYYY-MM or YYYY-MM-DD),
//     confidence=, modality=, evidence=START-END (code points),
//     participant.ROLE=SPAN-ID (repeatable), note=, event=KEY; other words
//     become the relation's note.
//   - Event keys. A relation's explicit event key (annotation.Relation.Event)
//     comes from event= in its note, or from a field the mapping names
//     (mapping.EventKey): a brat attribute, a Label Studio per-region
//     control, a doccano relation field (Builder.EventKey). A key given to
//     a span goes to the relations that take it (Relation.KeyFrom): the
//     events of a brat trigger, the Label Studio relations that start at
//     a region. A key is trimmed of white space and must not be empty nor
//     longer than annotation.MaxEventLength; a relation with two different
//     keys, or a key on a span no relation takes it from, is an error.
//   - Evidence. By default the smallest run of sentences holding a
//     relation's source and target spans (and a brat trigger). Sentences end
//     at line breaks and after . ! ? ؟ followed by white space (Sentences).
//   - Relation labels. One label maps to a relation type; when a relation
//     has several labels (Label Studio), those that map to a modality
//     ("Negation", "denied") give its modality.
//   - Article fields. id, published (YYYY-MM-DD; without it, a warning
//     and reports with no date of report), language, title, url and
//     source come from the document; the id defaults to the
//     file name, the language to a ".xx" part of the file name, the mapping's
//     default, then the script of the text (Arabic: "ar", else "en").
//
// Labels that map to nothing, or that the mapping skips, are reported once
// per label with their count; relations whose arguments were left out are
// reported one by one. A document with an error is not returned.
package standoff
