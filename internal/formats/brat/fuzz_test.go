package brat_test

import (
	"testing"

	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

func FuzzParse(f *testing.F) {
	f.Add(ann, text)
	f.Add("# geokg article published=2020-01-01\nT1\tGPE 0 4;5 9\tIraq Iran\nT2\tGPE 5 9\tIran\nR1\tConsult Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tevidence=0-9 date=2020\n", "Iraq Iran\r\n")
	f.Add("# geokg article published=2020-01-01\nT1\tAttack 0 1\tx\nE1\tAttack:T1 Agent:T1 Target:E1\nA1\tNegation E1\n*\tEquiv T1 T1\n", "x😀y")
	f.Add("# geokg article published=2020-01-01\nT1\tGPE 0 4\tIraq\nT2\tGPE 5 9\tIran\nT3\tAttack 10 11\tx\nE1\tAttack:T3 Agent:T1 Target:T2\nA1\tEventKey T3 k1\nA2\tEvent E1 k1\n#1\tAnnotatorNotes E1\tevent=k2\n#2\tAnnotatorNotes T1\tevent=k3\n", "Iraq Iran x")
	f.Fuzz(func(t *testing.T, ann, text string) {
		docs, _ := brat.Parse("f.ann", []byte(ann), []byte(text), nil)
		for i := range docs {
			standofftest.CheckDocument(t, &docs[i])
		}
	})
}
