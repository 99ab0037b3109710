package eventdata

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// cameoRE matches a CAMEO event code: a root 01…20 and up to two more
// digits.
var cameoRE = regexp.MustCompile(`^(0[1-9]|1[0-9]|20)[0-9]{0,2}$`)

// CAMEOType returns the vocabulary's type of a CAMEO event code as GDELT
// and ICEWS write it ("195", "0874", with its leading zero); false when
// code is not a CAMEO code (ICEWS has a few like "13y") or no type has it.
func CAMEOType(voc *ontology.Vocabulary, code string) (ontology.Type, bool) {
	if !cameoRE.MatchString(code) {
		return ontology.Type{}, false
	}
	return voc.ByCAMEO(code)
}

// role is a CAMEO actor role or sector code ("GOV", "MIL", "REB"): how to
// name it after its actor and the entity kind it makes.
type role struct{ label, kind string }

var roles = map[string]role{
	"GOV": {"government", "government"},
	"MIL": {"military", "military"},
	"REB": {"rebels", "armed_group"},
	"INS": {"insurgents", "armed_group"},
	"UAF": {"armed forces", "armed_group"}, // unidentified armed forces
	"SEP": {"separatists", "armed_group"},
	"IMG": {"militant group", "armed_group"}, // international militarized group
	"COP": {"police", "government_body"},
	"JUD": {"judiciary", "government_body"},
	"LEG": {"legislature", "government_body"},
	"SPY": {"intelligence", "government_body"},
	"PTY": {"party", "political_party"},
	"IGO": {"intergovernmental organization", "igo"},
	"OPP": {"opposition", "organization"},
	"BUS": {"business", "organization"},
	"MED": {"media", "organization"},
	"NGO": {"NGO", "organization"},
	"CVL": {"civilians", "organization"},
	"ELI": {"elites", "organization"},
	"LAB": {"labour", "organization"},
	"EDU": {"education", "organization"},
	"HLH": {"health", "organization"},
	"HRI": {"human rights", "organization"},
	"REF": {"refugees", "organization"},
	"CRM": {"criminals", "organization"},
}

// Role returns the label and entity kind of a CAMEO role code, or of a
// sector written out ("Government", "Military"), by its first three
// letters; ok is false for a code it does not know.
func Role(code string) (label, kind string, ok bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) > 3 {
		code = code[:3]
	}
	r, ok := roles[code]
	return r.label, r.kind, ok
}

// ActorKind returns the entity kind of a CAMEO actor code such as "USA",
// "IRQGOV" or "IRNMILREB", given the code's country part (GDELT's
// Actor1CountryCode; when it is "", a leading ISO country code counts), and the role code that decided
// the kind ("" for a country alone). A country code alone is a country (a
// CAMEO region code alone, like "AFR", a location); otherwise the first role
// code after the country that Role knows decides; an actor with none is an
// organization.
func ActorKind(code, country string) (kind, role string) {
	code, country = strings.ToUpper(code), strings.ToUpper(country)
	if country == "" && len(code) >= 3 {
		if _, _, isRole := Role(code[:3]); !isRole {
			if _, ok := CountryName(code[:3]); ok {
				country = code[:3]
			}
		}
	}
	rest := code
	if country != "" && strings.HasPrefix(code, country) {
		rest = code[len(country):]
		if rest == "" {
			if _, ok := CountryName(country); ok {
				return "country", ""
			}
			return "location", ""
		}
	}
	for len(rest) >= 3 {
		if _, kind, ok := Role(rest[:3]); ok {
			return kind, rest[:3]
		}
		rest = rest[3:]
	}
	return "organization", ""
}

// countryNames overrides the names x/text gives ("Congo - Kinshasa") and
// adds the few CAMEO country codes that are not ISO 3166 (ROM, ZAR).
var countryNames = map[string]string{
	"COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
	"ZAR": "Democratic Republic of the Congo", "PSE": "Palestine", "MMR": "Myanmar",
	"CIV": "Ivory Coast", "ROM": "Romania", "KOS": "Kosovo", "TMP": "East Timor",
	"HKG": "Hong Kong", "MAC": "Macau",
}

// CountryName returns the English short name of an ISO 3166 alpha-3 (or
// CAMEO) country code: "IRQ" gives "Iraq", "USA" "United States".
func CountryName(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if n, ok := countryNames[code]; ok {
		return n, true
	}
	if len(code) != 3 {
		return "", false
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return "", false
	}
	return display.English.Regions().Name(r), true
}

// CountryCode returns the ISO 3166 alpha-3 code of a country's English
// short name as CountryName gives it: "United Kingdom" gives "GBR".
func CountryCode(name string) (string, bool) {
	code, ok := countryCodes()[strings.ToLower(strings.TrimSpace(name))]
	return code, ok
}

// countryCodes maps the lower-case names CountryName gives to their codes.
var countryCodes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := string([]rune{a, b, c})
				if n, ok := CountryName(code); ok && n != "" {
					if _, dup := m[strings.ToLower(n)]; !dup {
						m[strings.ToLower(n)] = code
					}
				}
			}
		}
	}
	return m
})

var (
	minorWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "in": true, "on": true, "at": true, "to": true, "de": true, "du": true, "la": true}
	acronyms   = map[string]bool{"UN": true, "US": true, "USA": true, "UK": true, "EU": true, "NATO": true, "OPEC": true, "IAEA": true, "ISIS": true, "ISIL": true, "UAE": true, "NGO": true, "IMF": true, "WHO": true, "IRGC": true}
)

// TitleCase turns an all-capitals name as GDELT writes it into one for
// people: "UNITED STATES" gives "United States", "AL-QAEDA IN IRAQ"
// "Al-Qaeda in Iraq", "NATO" stays. A name with any lower-case letter is
// returned as it is.
func TitleCase(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.IndexFunc(s, unicode.IsLower) >= 0 {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		switch lw := strings.ToLower(w); {
		case acronyms[w] || !strings.ContainsAny(lw, "aeiouy"):
			// an acronym, or a word without vowels (PKK): keep it
		case i > 0 && minorWords[lw]:
			words[i] = lw
		default:
			words[i] = capitalize(lw)
		}
	}
	return strings.Join(words, " ")
}

// capitalize upper-cases the first letter of w and of every part after a
// hyphen or an opening parenthesis.
func capitalize(w string) string {
	var b strings.Builder
	up := true
	for _, r := range w {
		if up && unicode.IsLetter(r) {
			r, up = unicode.ToUpper(r), false
		}
		if r == '-' || r == '(' || r == '/' {
			up = true
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Slug returns s in lower case with every run of other characters than
// ASCII letters and digits replaced by one hyphen, none at either end:
// "Mustafa al-Kadhimi" gives "mustafa-al-kadhimi".
func Slug(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			sep = false
			continue
		}
		sep = true
	}
	return b.String()
}

// Code returns a code for use in a key: lower case, every character other
// than an ASCII letter, digit or hyphen replaced by a hyphen, and nothing
// collapsed, so that distinct codes stay distinct ("-3186563" stays
// "-3186563", apart from "3186563").
func Code(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s)
}

// Day reads a calendar day written YYYYMMDD (GDELT SQLDATE), YYYYMMDDhhmmss
// (GDELT 2.0 DATEADDED) or YYYY-MM-DD with an optional time after it, and
// returns it as YYYY-MM-DD; false if it is not a real day.
func Day(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var d string
	switch {
	case len(s) >= 10 && s[4] == '-' && s[7] == '-' && (len(s) == 10 || s[10] == ' ' || s[10] == 'T'):
		d = s[:10]
	case (len(s) == 8 || len(s) == 14) && strings.Trim(s, "0123456789") == "":
		d = s[:4] + "-" + s[4:6] + "-" + s[6:8]
	default:
		return "", false
	}
	if pd, err := graph.ParseDate(d); err != nil || pd.Precision != graph.Day {
		return "", false
	}
	return d, true
}
