package ontology

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/geokg/geokg/internal/graph"
)

// Class says whether a relation type is an event or a structural relation
// (graph.Class: a relation has the class of its type).
type Class = graph.Class

// The two classes of relation types.
const (
	ClassEvent      = graph.ClassEvent
	ClassStructural = graph.ClassStructural
)

// Type is one relation type of the vocabulary.
type Type struct {
	ID          string `json:"id" yaml:"id"`       // snake_case, e.g. "negotiates_with"
	Label       string `json:"label" yaml:"label"` // for people, e.g. "negotiates with"
	Class       Class  `json:"class" yaml:"class"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`

	// PLOVER event type (one of PLOVERTypes) and optional mode, e.g. "aerial".
	// Empty for structural types and for the few CAMEO events PLOVER does not
	// cover (public statements). PLOVERDefault marks the one type that
	// ByPLOVER returns for its category when no mode matches.
	PLOVER        string `json:"plover,omitempty" yaml:"plover,omitempty"`
	PLOVERMode    string `json:"plover_mode,omitempty" yaml:"plover_mode,omitempty"`
	PLOVERDefault bool   `json:"plover_default,omitempty" yaml:"plover_default,omitempty"`

	// CAMEO event code ("13", "138", "0874"), its quad class (1 verbal
	// cooperation, 2 material cooperation, 3 verbal conflict, 4 material
	// conflict) and the Goldstein intensity of the code, -10 to +10. Zero or
	// nil for structural types.
	CAMEO     string   `json:"cameo,omitempty" yaml:"cameo,omitempty"`
	QuadClass int      `json:"quad_class,omitempty" yaml:"quad_class,omitempty"`
	Intensity *float64 `json:"intensity,omitempty" yaml:"intensity,omitempty"`

	// Symmetric relations read the same in both directions (allied_with).
	Symmetric bool `json:"symmetric" yaml:"symmetric,omitempty"`
	// Aliases are other spellings accepted on input ("threatened").
	Aliases []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	// Single marks a structural type one end of which has one holder at a
	// time: SingleTarget, a target has one source at a time (one head of
	// government of a state); SingleSource, a source has one target.
	// Facts of different holders whose intervals overlap are conflicts
	// (graph.Conflicts), listed for review.
	Single string `json:"single,omitempty" yaml:"single,omitempty"`

	// Override lets an entry of a user file replace the type with the same id.
	// It is an instruction to Extend and is false on stored types.
	Override bool `json:"-" yaml:"override,omitempty"`

	src string // "file:line" of the entry, for error messages
}

// The ends a Single type has one holder of.
const (
	SingleTarget = "target"
	SingleSource = "source"
)

// IsEvent reports whether t is an event type.
func (t Type) IsEvent() bool { return t.Class == ClassEvent }

// Interval reports whether t holds over a time interval (valid from/to)
// rather than at an instant: true for structural types.
func (t Type) Interval() bool { return t.Class == ClassStructural }

func (t Type) clone() Type {
	t.Aliases = slices.Clone(t.Aliases)
	if t.Intensity != nil {
		x := *t.Intensity
		t.Intensity = &x
	}
	return t
}

var ploverTypes = []string{
	"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}

// PLOVERTypes returns the 16 PLOVER event types, from most cooperative to
// most conflictual.
func PLOVERTypes() []string { return slices.Clone(ploverTypes) }

// Vocabulary is an immutable set of relation types with its indexes. The zero
// Vocabulary is empty; build on Default with Extend.
type Vocabulary struct {
	types   []Type         // sorted by id
	byID    map[string]int // id -> index in types
	byName  map[string]int // normalised id, label or alias -> index
	byCAMEO map[string]int // CAMEO code -> index
	plover  map[string]int // PLOVER type -> index of its default
}

//go:embed builtin.yaml
var builtinYAML []byte

var builtin = func() *Vocabulary {
	types, err := Load(bytes.NewReader(builtinYAML), "builtin.yaml")
	if err == nil {
		var v *Vocabulary
		if v, err = new(Vocabulary).Extend(types); err == nil {
			return v
		}
	}
	panic("ontology: broken built-in vocabulary: " + err.Error())
}()

// Default returns the built-in vocabulary.
func Default() *Vocabulary { return builtin }

var (
	idRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	cameoRE = regexp.MustCompile(`^(0[1-9]|1[0-9]|20)[0-9]{0,2}$`)
)

const maxIDLen = 64

// Normalize folds a name or label for lookup: lower case, runs of spaces,
// hyphens and underscores become one underscore, none at either end.
func Normalize(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte('_')
			sep = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quadOf returns the quad class of a CAMEO root code: 01-05 verbal
// cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20
// material conflict.
func quadOf(cameo string) int {
	root := int(cameo[0]-'0')*10 + int(cameo[1]-'0')
	switch {
	case root <= 5:
		return 1
	case root <= 8:
		return 2
	case root <= 13:
		return 3
	}
	return 4
}

// problem is a validation failure of one field of one type.
type problem struct {
	field, msg string
	allowed    []string
}

// check validates t on its own; cross-type rules are in Extend.
func check(t *Type) *problem {
	p := func(field, format string, args ...any) *problem {
		return &problem{field: field, msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case t.ID == "":
		return p("id", "missing id")
	case len(t.ID) > maxIDLen || !idRE.MatchString(t.ID):
		return p("id", "invalid id %q: want snake_case matching ^[a-z][a-z0-9_]*$, at most %d characters", t.ID, maxIDLen)
	case strings.TrimSpace(t.Label) == "":
		return p("label", "missing label")
	}
	for _, a := range t.Aliases {
		if Normalize(a) == "" {
			return p("aliases", "empty alias")
		}
	}
	switch t.Class {
	case ClassEvent:
		switch {
		case t.QuadClass < 1 || t.QuadClass > 4:
			return p("quad_class", "event type needs quad_class 1 to 4, got %d", t.QuadClass)
		case t.Intensity == nil:
			return p("intensity", "event type needs an intensity (Goldstein scale, -10 to 10)")
		case !(*t.Intensity >= -10 && *t.Intensity <= 10): // also rejects NaN
			return p("intensity", "intensity %v out of range -10 to 10", *t.Intensity)
		case t.CAMEO != "" && !cameoRE.MatchString(t.CAMEO):
			return p("cameo", "invalid CAMEO code %q: want 2 to 4 digits with root 01 to 20", t.CAMEO)
		case t.CAMEO != "" && quadOf(t.CAMEO) != t.QuadClass:
			return p("quad_class", "quad_class %d does not match CAMEO root %s (quad class %d)", t.QuadClass, t.CAMEO[:2], quadOf(t.CAMEO))
		case t.PLOVER != "" && !slices.Contains(ploverTypes, t.PLOVER):
			return &problem{"plover", fmt.Sprintf("unknown PLOVER event type %q", t.PLOVER), slices.Clone(ploverTypes)}
		case t.PLOVER == "" && (t.PLOVERMode != "" || t.PLOVERDefault):
			return p("plover", "plover_mode and plover_default need a plover event type")
		case t.PLOVERDefault && t.PLOVERMode != "":
			return p("plover_default", "the default type of a PLOVER category must not have a plover_mode")
		case t.Single != "":
			return p("single", "an event type has no single holder: single is for structural types")
		}
	case ClassStructural:
		if t.Single != "" && t.Single != SingleTarget && t.Single != SingleSource {
			return &problem{"single", fmt.Sprintf("invalid single %q: want %q or %q", t.Single, SingleTarget, SingleSource),
				[]string{SingleTarget, SingleSource}}
		}
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"plover", t.PLOVER != ""}, {"plover_mode", t.PLOVERMode != ""}, {"plover_default", t.PLOVERDefault},
			{"cameo", t.CAMEO != ""}, {"quad_class", t.QuadClass != 0}, {"intensity", t.Intensity != nil},
		} {
			if f.set {
				return p(f.name, "structural type must not have %s", f.name)
			}
		}
	case "":
		return &problem{"class", "missing class", []string{string(ClassEvent), string(ClassStructural)}}
	default:
		return &problem{"class", fmt.Sprintf("invalid class %q: want %q or %q", t.Class, ClassEvent, ClassStructural),
			[]string{string(ClassEvent), string(ClassStructural)}}
	}
	return nil
}

// where prefixes a message with the source position of t, if known.
func where(t Type) string {
	if t.src != "" {
		return t.src + ": "
	}
	return ""
}

// Extend returns a new vocabulary with v's types and types added; v is not
// changed. A type whose id already exists in v replaces it only if it has
// Override set. Errors are *graph.Error with code graph.EInvalid: an invalid
// type, a duplicate id, an id, label or alias that resolves to two types, a
// CAMEO code used twice, or a PLOVER category without exactly one default.
func (v *Vocabulary) Extend(types []Type) (*Vocabulary, error) {
	all := make(map[string]Type, len(v.types)+len(types))
	for _, t := range v.types {
		all[t.ID] = t
	}
	added := make(map[string]bool, len(types))
	for _, t := range types {
		t = t.clone()
		if p := check(&t); p != nil {
			e := graph.Errorf(graph.EInvalid, "%stype %q: %s: %s", where(t), t.ID, p.field, p.msg).With("field", p.field)
			if p.allowed != nil {
				e = e.With("allowed", p.allowed)
			}
			return nil, e
		}
		_, exists := all[t.ID]
		switch {
		case added[t.ID]:
			return nil, graph.Errorf(graph.EInvalid, "%stype %q is defined twice", where(t), t.ID).With("id", t.ID)
		case exists && !t.Override:
			return nil, graph.Errorf(graph.EInvalid, "%stype %q already exists; set override: true to replace it", where(t), t.ID).With("id", t.ID)
		case !exists && t.Override:
			return nil, graph.Errorf(graph.EInvalid, "%stype %q has override: true but there is no such type to override", where(t), t.ID).With("id", t.ID)
		}
		t.Override = false
		added[t.ID] = true
		all[t.ID] = t
	}

	n := &Vocabulary{
		byID:    make(map[string]int, len(all)),
		byName:  make(map[string]int, 4*len(all)),
		byCAMEO: make(map[string]int, len(all)),
		plover:  make(map[string]int, len(ploverTypes)),
	}
	for _, t := range all {
		n.types = append(n.types, t)
	}
	slices.SortFunc(n.types, func(a, b Type) int { return strings.Compare(a.ID, b.ID) })
	for i, t := range n.types {
		n.byID[t.ID] = i
		// clash reports t against the earlier type j, blaming the added one.
		clash := func(j int, format string, arg any) error {
			a, b := t, n.types[j]
			if !added[a.ID] && added[b.ID] {
				a, b = b, a
			}
			return graph.Errorf(graph.EInvalid, "%stype %q: "+format+" is already used by type %q", where(a), a.ID, arg, b.ID).With("id", a.ID)
		}
		for _, name := range append([]string{t.ID, t.Label}, t.Aliases...) {
			k := Normalize(name)
			if j, ok := n.byName[k]; ok && j != i {
				return nil, clash(j, "name %q", k)
			}
			n.byName[k] = i
		}
		if t.CAMEO != "" {
			if j, ok := n.byCAMEO[t.CAMEO]; ok {
				return nil, clash(j, "CAMEO code %s", t.CAMEO)
			}
			n.byCAMEO[t.CAMEO] = i
		}
		if t.PLOVERDefault {
			if j, ok := n.plover[t.PLOVER]; ok {
				return nil, clash(j, "plover_default of %s", t.PLOVER)
			}
			n.plover[t.PLOVER] = i
		}
	}
	for _, c := range ploverTypes {
		if _, ok := n.plover[c]; !ok {
			return nil, graph.Errorf(graph.EInvalid, "no type is the plover_default of PLOVER category %s", c).With("plover", c)
		}
	}
	return n, nil
}

// Types returns all types, sorted by id.
func (v *Vocabulary) Types() []Type {
	out := make([]Type, len(v.types))
	for i, t := range v.types {
		out[i] = t.clone()
	}
	return out
}

// Names returns every name Lookup knows a type by as it is written (ids,
// labels and aliases), sorted and each once.
func (v *Vocabulary) Names() []string {
	var names []string
	for _, t := range v.types {
		names = append(names, t.ID, t.Label)
		names = append(names, t.Aliases...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Lookup returns the type named by name: its id, its label or one of its
// aliases, ignoring case and treating spaces and hyphens as underscores. An
// unknown name gives a *graph.Error with code graph.EInvalid whose details
// hold "suggestions": up to three ids of the closest types.
func (v *Vocabulary) Lookup(name string) (Type, error) {
	k := Normalize(name)
	if i, ok := v.byName[k]; ok {
		return v.types[i].clone(), nil
	}
	if k == "" {
		return Type{}, graph.Errorf(graph.EInvalid, "empty relation type").With("suggestions", []string{})
	}
	sug := v.suggest(k)
	msg := fmt.Sprintf("unknown relation type %q", name)
	if len(sug) > 0 {
		q := make([]string, len(sug))
		for i, s := range sug {
			q[i] = fmt.Sprintf("%q", s)
		}
		msg += "; did you mean " + strings.Join(q, " or ") + "?"
	}
	return Type{}, graph.Errorf(graph.EInvalid, "%s", msg).With("suggestions", sug)
}

// suggest returns up to three ids of the types closest to the normalised
// name k, best first. A name is close when k is the start of it ("head_of"),
// when it is within edit distance 3 of k with at most half of k edited
// ("threatns"), or, ranked after those, when it shares 5 leading characters
// with k ("threaten_with_nukes").
func (v *Vocabulary) suggest(k string) []string {
	rk := []rune(k)
	best := map[int]int{} // type index -> best score, lower is better
	for name, i := range v.byName {
		rn := []rune(name)
		lcp := 0
		for lcp < len(rk) && lcp < len(rn) && rk[lcp] == rn[lcp] {
			lcp++
		}
		score := distance(k, name)
		switch {
		case lcp == len(rk) && lcp >= 3:
			score = min(score, 1)
		case score <= 3 && 2*score <= len(rk):
		case lcp >= 5:
			score += 4
		default:
			continue
		}
		if old, ok := best[i]; !ok || score < old {
			best[i] = score
		}
	}
	idx := make([]int, 0, len(best))
	for i := range best {
		idx = append(idx, i)
	}
	slices.SortFunc(idx, func(a, b int) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return strings.Compare(v.types[a].ID, v.types[b].ID)
	})
	out := []string{}
	for _, i := range idx[:min(3, len(idx))] {
		out = append(out, v.types[i].ID)
	}
	return out
}

// distance is the optimal string alignment (restricted Damerau-Levenshtein)
// distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// ByCAMEO returns the event type whose CAMEO code is the longest prefix of
// code: "1383" gives the "138" type, "190" the type of root "19". It is for
// importing GDELT, which codes every event in CAMEO.
func (v *Vocabulary) ByCAMEO(code string) (Type, bool) {
	code = strings.TrimSpace(code)
	for n := min(len(code), 4); n >= 2; n-- {
		if i, ok := v.byCAMEO[code[:n]]; ok {
			return v.types[i].clone(), true
		}
	}
	return Type{}, false
}

// ByPLOVER returns the event type for a PLOVER event type and mode, as coded
// by POLECAT: the type with that plover_mode if there is one, else the
// default type of the category. Both are matched ignoring case; false if
// eventType is not a PLOVER event type.
func (v *Vocabulary) ByPLOVER(eventType, mode string) (Type, bool) {
	eventType = strings.ToUpper(strings.TrimSpace(eventType))
	i, ok := v.plover[eventType]
	if !ok {
		return Type{}, false
	}
	if mode = strings.TrimSpace(mode); mode != "" {
		for _, t := range v.types {
			if t.PLOVER == eventType && strings.EqualFold(t.PLOVERMode, mode) {
				return t.clone(), true
			}
		}
	}
	return v.types[i].clone(), true
}
