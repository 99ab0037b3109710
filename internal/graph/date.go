package graph

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision is how much of a date is known.
type Precision string

// Precisions, coarsest first.
const (
	Year  Precision = "year"
	Month Precision = "month"
	Day   Precision = "day"
)

// Date is a calendar date known to a precision: 2008, 2020-06 or
// 2020-01-03. The zero Date means "no date".
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD and rejects impossible dates.
// Digits may be written in ASCII or as Arabic-Indic (٠–٩) or Persian
// (۰–۹) digits: "٢٠٢٠-٠١-٠٣" is 2020-01-03.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(strings.Map(ASCIIDigit, s), "-")
	bad := func(why string) (Date, error) {
		return Date{}, Errorf(EInvalid, "invalid date %q: %s (want YYYY, YYYY-MM or YYYY-MM-DD)", s, why)
	}
	if len(parts) > 3 || len(parts[0]) != 4 {
		return bad("wrong shape")
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || strings.TrimLeft(p, "0123456789") != "" {
			return bad("wrong shape")
		}
		nums[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: nums[0], Precision: Year}
	if d.Year < 1 {
		return bad("year out of range")
	}
	if len(nums) > 1 {
		d.Month, d.Precision = nums[1], Month
		if d.Month < 1 || d.Month > 12 {
			return bad("month out of range")
		}
	}
	if len(nums) > 2 {
		d.Day, d.Precision = nums[2], Day
		if t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC); t.Day() != d.Day || d.Day < 1 {
			return bad("no such day")
		}
	}
	return d, nil
}

// ASCIIDigit maps an Arabic-Indic (٠–٩) or Persian (۰–۹) digit to its
// ASCII digit and leaves every other rune alone.
func ASCIIDigit(r rune) rune {
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠'
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰'
	}
	return r
}

// MustDate is ParseDate for literals known to be valid.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.Precision == "" }

// String formats d at its precision (ISO 8601 reduced precision).
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// First is the first day d covers, as YYYY-MM-DD.
func (d Date) First() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d-01-01", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d-01", d.Year, d.Month)
	}
	return d.String()
}

// Last is the last day d covers, as YYYY-MM-DD.
func (d Date) Last() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d-12-31", d.Year)
	case Month:
		t := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
		return t.Format("2006-01-02")
	}
	return d.String()
}

// MarshalText writes d at its precision.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads d with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// Open bounds of the day range of relations without an end or without any
// date; they sort and compare as strings with YYYY-MM-DD days.
const (
	DayMin = "0000-01-01"
	DayMax = "9999-12-31"
)
