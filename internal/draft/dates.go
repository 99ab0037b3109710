package draft

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// Date is a date expression of the text, resolved against the publication
// date.
type Date struct {
	Start int        `json:"start"` // code points of the article text
	End   int        `json:"end"`
	Text  string     `json:"text"`
	Value graph.Date `json:"value"`
	// Uncertain says the text allows another reading, Alt: "يناير الماضي"
	// written in March is January of that year or of the year before.
	Uncertain  bool        `json:"uncertain,omitempty"`
	Alt        *graph.Date `json:"alt,omitempty"`
	Rule       string      `json:"rule"`
	Confidence float64     `json:"confidence"`
}

// months maps the keys of month names, English and both Arabic naming
// systems, to their numbers.
var months = func() map[string]int {
	m := map[string]int{}
	for i, names := range monthNames {
		for _, n := range names {
			m[resolve.Key(n)] = i + 1
		}
	}
	return m
}()

// twoWordMonths holds the keys of the first words of month names of two
// words ("كانون" of "كانون الثاني").
var twoWordMonths = func() map[string]int {
	m := map[string]int{}
	for k := range months {
		if first, _, ok := strings.Cut(k, " "); ok {
			m[first] = 0
		}
	}
	return m
}()

// monthNames are the names of each month.
var monthNames = [12][]string{
	{"January", "Jan", "يناير", "كانون الثاني"},
	{"February", "Feb", "فبراير", "شباط"},
	{"March", "Mar", "مارس", "آذار"},
	{"April", "Apr", "أبريل", "إبريل", "نيسان"},
	{"May", "مايو", "أيار"},
	{"June", "Jun", "يونيو", "يونيه", "حزيران"},
	{"July", "Jul", "يوليو", "يوليه", "تموز"},
	{"August", "Aug", "أغسطس", "آب"},
	{"September", "Sep", "Sept", "سبتمبر", "أيلول"},
	{"October", "Oct", "أكتوبر", "تشرين الأول"},
	{"November", "Nov", "نوفمبر", "تشرين الثاني"},
	{"December", "Dec", "ديسمبر", "كانون الأول"},
}

// Relative words, by key: -1 for the past, +1 for the future, 0 for now.
var (
	relativeAfter = keyed(map[string]int{
		"الماضي": -1, "الماضية": -1, "الماضيين": -1, "المنصرم": -1, "الفائت": -1,
		"المقبل": 1, "المقبلة": 1, "المقبلين": 1, "القادم": 1, "القادمة": 1,
		"الحالي": 0, "الحالية": 0, "الجاري": 0, "الجارية": 0,
	})
	relativeBefore = keyed(map[string]int{"last": -1, "next": 1, "this": 0, "هذا": 0, "هذه": 0})
	units          = keyed(map[string]int{"year": 0, "month": 1, "العام": 0, "عام": 0, "السنة": 0, "الشهر": 1, "شهر": 1})
	conjunctions   = keyed(map[string]int{"and": 0, "or": 0, "و": 0, "او": 0})
	yesterday      = keyed(map[string]int{"yesterday": -1, "أمس": -1, "الأمس": -1, "tomorrow": 1, "غدا": 1})
	dayWord        = keyed(map[string]int{"يوم": 0})
	// Weekdays, as Go numbers them (Sunday 0).
	weekdays = keyed(map[string]int{
		"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6,
		"الأحد": 0, "الاثنين": 1, "الإثنين": 1, "الثلاثاء": 2, "الأربعاء": 3, "الخميس": 4, "الجمعة": 5, "السبت": 6,
	})
)

func keyed(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[resolve.Key(k)] = v
	}
	return out
}

// A dateReader reads the date expressions of one text.
type dateReader struct {
	text, digits []rune
	ws           []word
	wkeys        [][]string // resolve.Keys of each word
	pub          graph.Date
}

// Dates returns the date expressions of text, in order, resolved against
// published (a day).
func Dates(text string, published graph.Date) []Date {
	rs := []rune(text)
	ws := words(rs)
	r := &dateReader{text: rs, digits: asciiDigits(rs), ws: ws, wkeys: make([][]string, len(ws)), pub: published}
	for i, w := range ws {
		r.wkeys[i] = resolve.Keys(string(rs[w.start:w.end]))
	}
	var out []Date
	for i := 0; i < len(r.ws); {
		d, n := r.at(i)
		if n == 0 {
			i++
			continue
		}
		d.Text = string(rs[d.Start:d.End])
		out = append(out, d)
		i += n
	}
	return out
}

// keys returns the resolve.Keys of word i ("" past the end).
func (r *dateReader) keys(i int) []string {
	if i < 0 || i >= len(r.ws) {
		return nil
	}
	return r.wkeys[i]
}

// lookup returns the value of the first key of word i found in m.
func (r *dateReader) lookup(m map[string]int, i int) (int, bool) {
	for _, k := range r.keys(i) {
		if v, ok := m[k]; ok {
			return v, true
		}
	}
	return 0, false
}

// number returns word i as a number of at most digits digits.
func (r *dateReader) number(i, digits int) (int, bool) {
	if i < 0 || i >= len(r.ws) {
		return 0, false
	}
	s := string(r.digits[r.ws[i].start:r.ws[i].end])
	if len(s) > digits || slices.ContainsFunc([]rune(s), func(c rune) bool { return c < '0' || c > '9' }) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func (r *dateReader) year(i int) (int, bool) {
	y, ok := r.number(i, 4)
	return y, ok && y >= 1900 && y <= 2100 && r.ws[i].end-r.ws[i].start == 4
}

func (r *dateReader) day(i int) (int, bool) {
	d, ok := r.number(i, 2)
	return d, ok && d >= 1 && d <= 31
}

// month returns the month named at word i and how many words name it
// ("كانون الثاني" is two, "كانون الثاني/يناير" three); 0 words for none.
func (r *dateReader) month(i int) (m, n int) {
	if _, two := r.lookup(twoWordMonths, i); two && i+1 < len(r.ws) && joinable(r.text[r.ws[i].end:r.ws[i+1].start]) {
		for _, k := range resolve.Keys(string(r.text[r.ws[i].start:r.ws[i+1].end])) {
			if m, ok := months[k]; ok {
				return r.alsoNamed(m, i, 2)
			}
		}
	}
	m, ok := r.lookup(months, i)
	if !ok {
		return 0, 0
	}
	if m, n = r.monthName(m, i); n == 0 {
		return 0, 0
	}
	return r.alsoNamed(m, i, 1)
}

// alsoNamed returns month m, named by n words from i, with the words of the
// same month in the other naming system written after a slash ("كانون
// الثاني/يناير").
func (r *dateReader) alsoNamed(m, i, n int) (int, int) {
	if r.gap(i+n-1) == "/" {
		if m2, n2 := r.month(i + n); m2 == m {
			return m, n + n2
		}
	}
	return m, n
}

// monthName checks the single word i naming month m: English names must be
// capitalised, "آب" must come with a day, a year or a relative word.
func (r *dateReader) monthName(m, i int) (int, int) {
	first := r.text[r.ws[i].start]
	if resolve.Script(string(first)) == "latin" && !unicode.IsUpper(first) {
		return 0, 0
	}
	if resolve.Key(string(r.text[r.ws[i].start:r.ws[i].end])) == resolve.Key("آب") {
		_, rel := r.lookup(relativeAfter, i+1)
		_, y := r.year(i + 1)
		_, d := r.day(i - 1)
		if !rel && !y && !d {
			return 0, 0
		}
	}
	return m, 1
}

// gap returns the runes between words i and i+1.
func (r *dateReader) gap(i int) string {
	if i+1 >= len(r.ws) {
		return ""
	}
	return string(r.text[r.ws[i].end:r.ws[i+1].start])
}

// at reads a date expression starting at word i and returns it with the
// number of words it takes (0: none).
func (r *dateReader) at(i int) (Date, int) {
	ws := r.ws
	span := func(from, to int) (int, int) { return ws[from].start, ws[to].end }
	// 2021/03/24, 24/03/2021
	if g := r.gap(i); (g == "/" || g == "-") && r.gap(i+1) == g {
		y, okY := r.year(i)
		mo, okM := r.number(i+1, 2)
		d, okD := r.number(i+2, 2)
		if !okY {
			d, okD = r.number(i, 2)
			y, okY = r.year(i + 2)
		}
		if okY && okM && okD {
			if v, err := graph.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, mo, d)); err == nil {
				s, e := span(i, i+2)
				return Date{Start: s, End: e, Value: v, Rule: "numeric", Confidence: 0.9}, 3
			}
		}
	}
	// 3 January 2020, 3 January
	if d, ok := r.day(i); ok {
		if m, n := r.month(i + 1); n > 0 {
			if y, ok := r.year(i + 1 + n); ok {
				if v, ok := dayDate(y, m, d); ok {
					s, e := span(i, i+1+n)
					return Date{Start: s, End: e, Value: v, Rule: "day-month-year", Confidence: 0.95}, n + 2
				}
			}
			if v, ok := dayDate(r.pub.Year, m, d); ok {
				s, e := span(i, i+n)
				return Date{Start: s, End: e, Value: v, Rule: "day-month", Confidence: 0.7}, n + 1
			}
		}
	}
	if m, n := r.month(i); n > 0 {
		// January 3, 2020
		if d, ok := r.day(i + n); ok {
			if y, ok := r.year(i + n + 1); ok {
				if v, ok := dayDate(y, m, d); ok {
					s, e := span(i, i+n+1)
					return Date{Start: s, End: e, Value: v, Rule: "month-day-year", Confidence: 0.95}, n + 2
				}
			}
		}
		// January 2020
		if y, ok := r.year(i + n); ok {
			s, e := span(i, i+n)
			return Date{Start: s, End: e, Value: graph.Date{Year: y, Month: m, Precision: graph.Month}, Rule: "month-year", Confidence: 0.9}, n + 1
		}
		// last January; يناير الماضي; يونيو وأغسطس الماضيين
		if dir, ok := r.lookup(relativeBefore, i-1); ok && dir != 0 {
			d := r.relativeMonth(m, dir)
			d.Start, d.End = span(i-1, i+n-1)
			return d, n
		}
		if dir, at, ok := r.relativeAfterList(i + n); ok {
			d := r.relativeMonth(m, dir)
			d.Start, d.End = span(i, i+n-1)
			if at == i+n { // "يناير الماضي"; a list keeps only its months
				d.End = ws[at].end
				return d, n + 1
			}
			return d, n
		}
		s, e := span(i, i+n-1)
		return Date{Start: s, End: e, Value: graph.Date{Year: r.pub.Year, Month: m, Precision: graph.Month}, Rule: "month", Confidence: 0.6}, n
	}
	// 2008
	if y, ok := r.year(i); ok {
		s, e := span(i, i)
		return Date{Start: s, End: e, Value: graph.Date{Year: y, Precision: graph.Year}, Rule: "year", Confidence: 0.8}, 1
	}
	// last year, العام الماضي, this month
	if u, ok := r.lookup(units, i); ok {
		dir, okB := r.lookup(relativeBefore, i-1)
		from := i - 1
		if !okB {
			dir, okB = r.lookup(relativeAfter, i+1)
			from = i
		}
		if okB {
			v := graph.Date{Year: r.pub.Year + dir, Precision: graph.Year}
			if u == 1 {
				t := r.pub.Year*12 + r.pub.Month - 1 + dir
				v = graph.Date{Year: t / 12, Month: t%12 + 1, Precision: graph.Month}
			}
			s, e := span(from, from+1)
			return Date{Start: s, End: e, Value: v, Rule: "relative", Confidence: 0.8}, 2
		}
	}
	// on Sunday, يوم الأحد: the last such day up to publication
	if wd, ok := r.weekday(i); ok {
		if d, n := r.at(i + 1); n > 0 && d.Value.Precision == graph.Day {
			return Date{}, 0 // "الأحد ٥ كانون الثاني": the date says it
		}
		back := (int(r.pubTime().Weekday()) - wd + 7) % 7
		t := r.pubTime().AddDate(0, 0, -back)
		s, e := span(i, i)
		return Date{Start: s, End: e, Value: graph.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: graph.Day}, Rule: "weekday", Confidence: 0.5}, 1
	}
	// yesterday, أمس
	if dir, ok := r.lookup(yesterday, i); ok {
		t := r.pubTime().AddDate(0, 0, dir)
		v := graph.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: graph.Day}
		s, e := span(i, i)
		return Date{Start: s, End: e, Value: v, Rule: "relative-day", Confidence: 0.8}, 1
	}
	return Date{}, 0
}

func (r *dateReader) pubTime() time.Time {
	return time.Date(r.pub.Year, time.Month(r.pub.Month), r.pub.Day, 0, 0, 0, 0, time.UTC)
}

// weekday returns the weekday named at word i: in English capitalised, in
// Arabic with the article or after "يوم" ("أحد" alone is "one").
func (r *dateReader) weekday(i int) (int, bool) {
	wd, ok := r.lookup(weekdays, i)
	if !ok {
		return 0, false
	}
	raw := string(r.text[r.ws[i].start:r.ws[i].end])
	if resolve.Script(raw) == "latin" {
		return wd, unicode.IsUpper([]rune(raw)[0])
	}
	_, day := r.lookup(dayWord, i-1)
	return wd, day || strings.HasPrefix(strings.TrimLeft(raw, "وفب"), "ال")
}

// relativeAfterList finds the relative word after a month, or after a list
// of months joined by "and"/"و" ("يونيو وأغسطس الماضيين"), and its word.
func (r *dateReader) relativeAfterList(i int) (dir, at int, ok bool) {
	for i < len(r.ws) {
		if dir, ok := r.lookup(relativeAfter, i); ok && dir != 0 {
			return dir, i, true
		}
		if _, ok := r.lookup(conjunctions, i); ok {
			i++
			continue
		}
		_, n := r.month(i)
		if n == 0 {
			return 0, 0, false
		}
		i += n
	}
	return 0, 0, false
}

// relativeMonth resolves month m before (dir -1) or after (dir 1) the
// publication date. A past month earlier in the year of publication is
// uncertain: the text may mean that year's month or the year before's.
func (r *dateReader) relativeMonth(m, dir int) Date {
	at := func(y int) graph.Date { return graph.Date{Year: y, Month: m, Precision: graph.Month} }
	y := r.pub.Year
	switch {
	case dir < 0 && m < r.pub.Month:
		alt := at(y - 1)
		return Date{Value: at(y), Uncertain: true, Alt: &alt, Rule: "month-relative", Confidence: 0.4}
	case dir < 0:
		return Date{Value: at(y - 1), Rule: "month-relative", Confidence: 0.8}
	case m > r.pub.Month:
		return Date{Value: at(y), Rule: "month-relative", Confidence: 0.8}
	}
	return Date{Value: at(y + 1), Rule: "month-relative", Confidence: 0.8}
}

func dayDate(y, m, d int) (graph.Date, bool) {
	v, err := graph.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	return v, err == nil
}
