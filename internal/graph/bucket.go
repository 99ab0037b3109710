package graph

import (
	"slices"
	"time"
)

// Tally is what counting an event in a bucket needs of it (Store.Tallies).
type Tally struct {
	Lo        string    // its first day
	Precision Precision // its date's precision
	QuadClass int
	Intensity *float64
	Modality  Modality
	Reports   int
}

// TallyOf is r's tally.
func TallyOf(r *Relation) Tally {
	return Tally{Lo: r.Lo(), Precision: r.Date.Precision, QuadClass: r.QuadClass, Intensity: r.Intensity, Modality: r.Modality, Reports: r.Reports}
}

// Bucket counts the events of one period and their reports. Quad classes
// and the mean intensity count what happened: the asserted events, and the
// disputed ones when asked; every event is counted by modality.
type Bucket struct {
	Key           string           `json:"key"`
	Events        int              `json:"events"`
	Reports       int              `json:"reports"`
	Happened      int              `json:"happened"`          // the events counted in Quad and MeanIntensity
	Quad          [4]int           `json:"quad_class_counts"` // verbal coop, material coop, verbal conflict, material conflict
	MeanIntensity *float64         `json:"mean_intensity"`
	ByModality    map[Modality]int `json:"by_modality"`
	Partial       bool             `json:"partial,omitempty"` // the period reaches beyond the asked window
	Precision     Precision        `json:"precision,omitempty"`
}

// Buckets is a timeline's events counted per period: Buckets of the unit,
// and Coarser, the events whose dates are coarser than the unit (a month
// in a week bucket), counted apart per period of their own precision:
// never placed on a first day or week they may not be of.
type Buckets struct {
	Buckets []Bucket `json:"buckets"`
	Coarser []Bucket `json:"coarser"`
}

// CountBuckets counts events (tallies in time order) per period of unit;
// since and until (YYYY-MM-DD, "" for open) are the asked window, and
// disputed counts disputed events as happened.
func CountBuckets(tallies []Tally, unit BucketUnit, since, until string, disputed bool) Buckets {
	out := Buckets{Buckets: []Bucket{}, Coarser: []Bucket{}}
	type sum struct{ total, n float64 }
	sums := map[string]*sum{} // by list and key
	add := func(list *[]Bucket, name, key string, prec Precision, t Tally) {
		i := slices.IndexFunc(*list, func(b Bucket) bool { return b.Key == key })
		if i < 0 {
			lo, hi := period(key, unit, prec)
			*list = append(*list, Bucket{Key: key, ByModality: map[Modality]int{}, Precision: prec,
				Partial: (since != "" && lo < since) || (until != "" && hi > until)})
			i = len(*list) - 1
		}
		b := &(*list)[i]
		b.Events++
		b.Reports += t.Reports
		b.ByModality[t.Modality]++
		if t.Modality != Asserted && (!disputed || t.Modality != Disputed) {
			return
		}
		b.Happened++
		if t.QuadClass >= 1 && t.QuadClass <= 4 {
			b.Quad[t.QuadClass-1]++
		}
		if t.Intensity != nil {
			s := sums[name+key]
			if s == nil {
				s = &sum{}
				sums[name+key] = s
			}
			s.total += *t.Intensity
			s.n++
			mean := s.total / s.n
			b.MeanIntensity = &mean
		}
	}
	for _, t := range tallies {
		switch {
		case t.Precision == Year && unit != BucketYear:
			add(&out.Coarser, "c", t.Lo[:4], Year, t)
		case t.Precision == Month && (unit == BucketDay || unit == BucketWeek):
			add(&out.Coarser, "c", t.Lo[:7], Month, t)
		default:
			add(&out.Buckets, "b", BucketKey(unit, t.Lo), "", t)
		}
	}
	return out
}

// period is the first and last day of a bucket: of the unit, or of a
// coarser precision (prec).
func period(key string, unit BucketUnit, prec Precision) (string, string) {
	switch {
	case prec == Year, prec == "" && unit == BucketYear:
		return key + "-01-01", key + "-12-31"
	case prec == Month, prec == "" && unit == BucketMonth:
		d := MustDate(key)
		return d.First(), d.Last()
	case unit == BucketWeek:
		t, err := time.Parse(time.DateOnly, key)
		if err != nil {
			return key, key
		}
		return key, t.AddDate(0, 0, 6).Format(time.DateOnly)
	}
	return key, key
}
