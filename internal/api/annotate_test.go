package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestAnnotate posts the seed article's text, without its annotations, to
// POST /v1/annotate over the fixture graph: the draft names Iraq and the
// United States by the graph's ids with mentions in the text, is a draft,
// marks the seed's "يناير الماضي" uncertain, and writes nothing; an
// undated article, an unknown parameter and an empty body are 400s. Every
// answer is as documented.
func TestAnnotate(t *testing.T) {
	spec, v := openAPI(t), newValidator(t)
	ts := newTestServer(t)
	data, err := os.ReadFile("../../fixtures/articles/alarab-2021-03-24-us-iraq-strategic-dialogue.ar.json")
	if err != nil {
		t.Fatal(err)
	}
	var seed struct {
		Article struct{ Text, Published string }
	}
	if err := json.Unmarshal(data, &seed); err != nil {
		t.Fatal(err)
	}
	post := func(query string, body string, status int) *response {
		t.Helper()
		u := "/v1/annotate" + query
		r := ts.send("POST", u, []byte(body), "Content-Type", "text/plain; charset=utf-8")
		if r.status != status {
			t.Fatalf("POST %s: status %d, want %d; %.300s", u, r.status, status, r.body)
		}
		spec.checkOp(t, v, "post", "/v1/annotate", u, r)
		return r
	}
	stats := string(ts.get("/v1/stats").want(t, http.StatusOK).body)
	r := post("?name=seed.ar.txt&published="+url.QueryEscape(seed.Article.Published), seed.Article.Text, http.StatusOK)
	var got struct {
		Draft struct {
			Article  struct{ ID, Status, Language string }
			Entities []struct {
				Key      string
				Mentions []struct{ Start, End int }
			}
			Relations []json.RawMessage
		}
		Dates []struct {
			Text      string
			Uncertain bool
		}
	}
	r.decode(t, &got)
	d := got.Draft
	if d.Article.ID != "seed" || d.Article.Status != "draft" || d.Article.Language != "ar" {
		t.Errorf("article %+v", d.Article)
	}
	for _, id := range []string{"Q796", "Q30"} {
		i := slices.IndexFunc(d.Entities, func(e struct {
			Key      string
			Mentions []struct{ Start, End int }
		}) bool {
			return e.Key == id
		})
		if i < 0 || len(d.Entities[i].Mentions) == 0 {
			t.Errorf("the draft does not mention %s: %+v", id, d.Entities)
		}
	}
	if len(d.Relations) == 0 {
		t.Error("the draft has no relation")
	}
	if !slices.ContainsFunc(got.Dates, func(x struct {
		Text      string
		Uncertain bool
	}) bool {
		return strings.Contains(x.Text, "يناير") && x.Uncertain
	}) {
		t.Errorf("يناير الماضي is not uncertain: %+v", got.Dates)
	}
	if after := string(ts.get("/v1/stats").want(t, http.StatusOK).body); after != stats {
		t.Errorf("drafting changed the graph: %s, was %s", after, stats)
	}

	if e := post("", "Iraq and Iran.", http.StatusBadRequest); !strings.Contains(string(e.body), "published=") {
		t.Errorf("an undated article: %s", e.body)
	}
	post("?published=2021-03-24&colour=red", "Iraq and Iran.", http.StatusBadRequest)
	post("?published=2021-03-24", "  ", http.StatusBadRequest)
}
