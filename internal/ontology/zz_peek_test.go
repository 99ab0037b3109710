package ontology_test
import ("testing"; "strings"; "time"; "os"; "github.com/geokg/geokg/internal/ontology")
func TestPeek(t *testing.T){
 b, _ := os.ReadFile("builtin.yaml")
 for name, in := range map[string]string{"nest": strings.Repeat("[", 100000), "nestmap": strings.Repeat("{a: ", 50000), "builtin": string(b), "bigbuiltin": strings.Repeat(string(b)[:len(b)-200], 1),
  "lines": strings.Repeat("types:\n", 100000), "dash": "types:\n" + strings.Repeat("  - ", 5000)} {
  st := time.Now(); _, err := ontology.Load(strings.NewReader(in), "x"); es := ""; if err != nil { es = err.Error(); if len(es) > 100 { es = es[:100] } }
  t.Logf("%s: %v %s", name, time.Since(st), es)
 }
 st := time.Now(); for i := 0; i < 1000; i++ { ty, _ := ontology.Load(strings.NewReader(string(b)), "x"); ontology.Default().Extend(nil); _ = ty }; t.Logf("1000 builtin loads: %v", time.Since(st))
}
