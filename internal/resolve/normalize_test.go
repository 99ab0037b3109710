package resolve_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/resolve"
)

// sameKey lists spellings of one name that must share a key, and the key.
var sameKey = []struct {
	name  string
	forms []string
	want  string
}{
	{"case and article", []string{"United States", "the United States", "UNITED STATES", "The  united\tstates."}, "united states"},
	{"shadda and tatweel", []string{"الولايات المتحدة", "الولايات المتّحدة", "الـولايات المتحدة", "الولايات المتحدة"}, "ولايات متحده"},
	{"arabic abu", []string{"أبو مهدي المهندس", "أبومهدي المهندس", "ابو مهدي المهندس", "أبي مهدي المهندس"}, "ابومهدي مهندس"},
	{"latin abu", []string{"Abu Mahdi al-Muhandis", "Abu Mahdi Al Muhandis", "Abu-Mahdi al Muhandis", "abumahdi muhandis", "Abou Mahdi el-Muhandis"}, "abumahdi muhandis"},
	{"alef maqsura", []string{"قاسم سليماني", "قاسم سليمانى", "قاسم سليمانی"}, "قاسم سليماني"},
	{"quotes", []string{"كتائب حزب الله", `كتائب "حزب الله"`, "كتائب «حزب الله»", "كتائب حزب ﷲ"}, "كتايب حزب الله"},
	{"hamza alef", []string{"إيران", "ايران", "ایران", "أيران", "إيران،"}, "ايران"},
	{"kadhimi", []string{"مصطفى الكاظمي", "مصطفي الكاظمى", "مُصْطَفَى الْكَاظِمِيّ"}, "مصطفي كاظمي"},
	{"abd attached", []string{"عبد الرحمن", "عبدالرحمن", "عبد  الرحمن"}, "عبدرحمن"},
	{"abd allah", []string{"عبد الله", "عبدالله"}, "عبدالله"},
	{"allah kept", []string{"الله"}, "الله"},
	{"short article word", []string{"الم"}, "الم"},
	{"arabic digits", []string{"٢٠٠٨", "۲۰۰۸", "2008"}, "2008"},
	{"apostrophe", []string{"Kata'ib Hezbollah", "Kataib Hezbollah", "Kata’ib Hezbollah", "KATAIB HEZBOLLAH"}, "kataib hezbollah"},
	{"ayn sign", []string{"Ba'ath", "Baath", "Baʿath", "baʾath"}, "baath"},
	{"latin diacritics", []string{"Qasem Soleimani", "Qāsem Soleimānī", "QĀSEM SOLEIMANI"}, "qasem soleimani"},
	{"al inside a word", []string{"Alliance", "the Alliance"}, "alliance"},
	{"al hyphen or space", []string{"al-Hashd al-Shaabi", "Al Hashd Al-Shaabi", "Al-Hashd Al-Sha'abi", "Hashd Shaabi"}, "hashd shaabi"},
	{"assimilated article", []string{"Jaysh ash-Sham", "Jaysh al-Sham", "Jaysh Sham"}, "jaysh sham"},
	{"standalone as kept", []string{"Ansar as Sunna"}, "ansar as sunna"},
	{"article alone", []string{"Al", "al-"}, "al"},
	{"abd latin", []string{"Abd al-Mahdi", "Abdul Mahdi", "Abdel-Mahdi"}, "abdmahdi"},
	{"mixed script", []string{"Hezbollah حزب الله", "HEZBOLLAH حزب ﷲ"}, "hezbollah حزب الله"},
	{"dotted initials", []string{"U.S.", "US", "u.s", "the U.S."}, "us"},
	{"initial not merged", []string{"George W. Bush", "George W Bush"}, "george w bush"},
	{"decimal not merged", []string{"Resolution 1.5", "resolution 1 5"}, "resolution 1 5"},
	{"invisible marks", []string{"\u200fإيران\u200e", "ای\u200cران"}, "ايران"},
	{"empty", []string{"", "   ", "«»،؟", "-'-", "\u064e\u0640"}, ""},
}

func TestKey(t *testing.T) {
	for _, tc := range sameKey {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range tc.forms {
				if got := resolve.Key(f); got != tc.want {
					t.Errorf("Key(%q) = %q, want %q", f, got, tc.want)
				}
			}
		})
	}
}

func TestKeyIdempotent(t *testing.T) {
	for _, tc := range sameKey {
		for _, f := range tc.forms {
			t.Run(tc.name, func(t *testing.T) {
				k := resolve.Key(f)
				if k2 := resolve.Key(k); k2 != k {
					t.Errorf("Key(Key(%q)) = %q, want %q", f, k2, k)
				}
			})
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name, in, contains string
	}{
		{"waw", "وواشنطن", "واشنطن"},
		{"li", "لإدارة بايدن", "إدارة بايدن"},
		{"bi al", "بالعراق", "العراق"},
		{"li al", "للقوات الأمريكية", "القوات الأمريكية"},
		{"wa bi al", "وبالعراق", "العراق"},
		{"fa", "فإيران", "إيران"},
		{"waw abu", "وأبو مهدي المهندس", "أبو مهدي المهندس"},
		{"plain", "الولايات المتحدة", "الولايات المتحدة"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys := resolve.Keys(tc.in)
			if len(keys) == 0 || keys[0] != resolve.Key(tc.in) {
				t.Fatalf("Keys(%q) = %q, want Key first", tc.in, keys)
			}
			if want := resolve.Key(tc.contains); !slices.Contains(keys, want) {
				t.Errorf("Keys(%q) = %q, want it to contain %q", tc.in, keys, want)
			}
			for i, k := range keys {
				if slices.Contains(keys[:i], k) {
					t.Errorf("Keys(%q) = %q repeats %q", tc.in, keys, k)
				}
			}
		})
	}
}

func TestKeysVariantsOnlyWhenLongEnough(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"latin has no variants", "Washington", []string{"washington"}},
		{"article only", "الولايات", []string{"ولايات"}},
		{"short remainder", "ولد", []string{"ولد"}},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := resolve.Keys(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Keys(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"إيران", "ar"},
		{"ایران", "ar"},
		{"Iran", "latin"},
		{"Qāsem Soleimānī", "latin"},
		{"حزب الله اللبناني Hezbollah", "ar"},
		{"UN الأمم المتحدة", "ar"},
		{"Hezbollah (حزب)", "latin"},
		{"٢٠٠٨", "latin"},
		{"", "latin"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := resolve.Script(tc.in); got != tc.want {
				t.Errorf("Script(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzKey(f *testing.F) {
	for _, tc := range sameKey {
		for _, s := range tc.forms {
			f.Add(s)
		}
	}
	f.Add("وأبو الفضل العباس")
	f.Add("الالله")
	f.Add("the al abu")
	f.Fuzz(func(t *testing.T, s string) {
		k := resolve.Key(s)
		if k2 := resolve.Key(k); k2 != k {
			t.Errorf("Key(%q) = %q but Key of that is %q", s, k, k2)
		}
		if !utf8.ValidString(k) || strings.TrimSpace(k) != k || strings.Contains(k, "  ") {
			t.Errorf("Key(%q) = %q is not clean", s, k)
		}
		keys := resolve.Keys(s)
		if k != "" && (len(keys) == 0 || keys[0] != k) {
			t.Errorf("Keys(%q) = %q, want %q first", s, keys, k)
		}
		for _, v := range keys {
			if v == "" || resolve.Key(v) != v {
				t.Errorf("Keys(%q) has %q, not a key", s, v)
			}
		}
	})
}
