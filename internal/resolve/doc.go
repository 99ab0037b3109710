// Package resolve maps the names people and news text use for geopolitical
// actors onto the entities of the knowledge graph.
//
// Names are compared by their normalised keys: Key folds the spelling
// differences that do not change which actor a name means (case, Latin
// diacritics, Arabic tashkeel, tatweel and letter variants, the Arabic
// definite article in either script, "Abu"/"أبو" spacing, dotted initials,
// punctuation), Keys adds the keys under which the same name appears in
// running Arabic text with a clitic attached ("وواشنطن", "بالعراق"), and
// Script tells Arabic-script names from the others.
package resolve
