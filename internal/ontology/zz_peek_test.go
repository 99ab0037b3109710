package ontology_test
import ("testing"; "strings"; "time"; "os"; "github.com/geokg/geokg/internal/ontology")
func TestPeek(t *testing.T){
 in := map[string]string{"nest": strings.Repeat("[", 100000), "nestmap": strings.Repeat("{a: ", 50000),
  "lines": strings.Repeat("types:\n", 100000), "dash": "types:\n" + strings.Repeat("  - ", 5000), "dash2": "types:\n" + strings.Repeat("  - ", 500)}[os.Getenv("CASE")]
  st := time.Now(); _, err := ontology.Load(strings.NewReader(in), "x"); es := ""; if err != nil { es = err.Error(); if len(es) > 100 { es = es[:100] } }
  t.Logf("%v %s", time.Since(st), es)
}
