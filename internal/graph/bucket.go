package graph

import "time"

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
	// Where each bucket is in its list, and its sum of intensities, by
	// list and key: one lookup per event, whatever the number of buckets.
	type acc struct {
		i              int
		total, n, mean float64 // the bucket's MeanIntensity points at mean
	}
	type at struct {
		coarser bool
		key     string
	}
	accs := map[at]*acc{}
	var last at // the bucket of the tally before, most often this one's
	var lastAcc *acc
	add := func(list *[]Bucket, key string, prec Precision, t Tally) {
		k := at{list == &out.Coarser, key}
		a := lastAcc
		if a == nil || k != last {
			a = accs[k]
		}
		if a == nil {
			lo, hi := period(key, unit, prec)
			*list = append(*list, Bucket{Key: key, ByModality: map[Modality]int{}, Precision: prec,
				Partial: (since != "" && lo < since) || (until != "" && hi > until)})
			a = &acc{i: len(*list) - 1}
			accs[k] = a
		}
		last, lastAcc = k, a
		b := &(*list)[a.i]
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
			a.total += *t.Intensity
			a.n++
			a.mean = a.total / a.n
			b.MeanIntensity = &a.mean
		}
	}
	for _, t := range tallies {
		switch {
		case t.Precision == Year && unit != BucketYear:
			add(&out.Coarser, t.Lo[:4], Year, t)
		case t.Precision == Month && (unit == BucketDay || unit == BucketWeek):
			add(&out.Coarser, t.Lo[:7], Month, t)
		default:
			add(&out.Buckets, BucketKey(unit, t.Lo), "", t)
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
