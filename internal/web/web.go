// Package web is geokg's analyst workbench: a single page, served at / from
// the binary itself, that searches entities, draws their ego graph, finds
// paths, shows the evidence behind every edge and plays the timeline, all
// through the public read-only JSON API (/v1/...).
//
// The page is plain HTML, CSS and JavaScript under static/, embedded in
// the binary; there is no build step. static/vendor/cytoscape.min.js is
// Cytoscape.js as published on npm (the version pinned in
// tests/readers/package-lock.json), its licence beside it: it draws labels
// with Canvas fillText, so Arabic labels are shaped and right to left.
//
// Handler serves the page at / and its assets under /ui/, with a strict
// Content-Security-Policy (nothing but this origin) and cache headers; it
// passes every other request on, so the API's own routes and its JSON 404
// are untouched.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

//go:embed static
var static embed.FS

// AssetPrefix is the path under which the page's assets are served.
const AssetPrefix = "/ui/"

// ContentSecurityPolicy is sent with every response of the workbench: the
// page loads scripts, styles, images and data from its own origin only.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

var (
	assets  = map[string]*asset{} // by path below static/, e.g. "app.js"
	index   *asset
	version string // digest of every asset, appended to their URLs in the page
)

func init() {
	sum := sha256.New()
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum.Write([]byte(name))
		sum.Write(body)
		assets[name] = newAsset(name, body)
		return nil
	})
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	version = hex.EncodeToString(sum.Sum(nil))[:12]
	page := strings.ReplaceAll(string(assets["index.html"].body), "{{version}}", version)
	index = newAsset("index.html", []byte(page))
	delete(assets, "index.html")
}

func newAsset(name string, body []byte) *asset {
	ct := mime.TypeByExtension(path.Ext(name))
	switch {
	case path.Ext(name) == ".js":
		ct = "text/javascript; charset=utf-8"
	case ct == "":
		ct = "application/octet-stream"
	}
	d := sha256.Sum256(body)
	return &asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(d[:8]) + `"`}
}

// Handler serves the workbench: GET or HEAD of / answers the page, of
// AssetPrefix+name an asset; any other request goes on to the next
// handler. Install it first among the engine's NoRoute handlers, so that
// the API's routes keep precedence and everything else keeps its 404.
func Handler() gin.HandlerFunc {
	return func(c *gin.Context) {
		r := c.Request
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			c.Next()
			return
		}
		var a *asset
		cache := "no-cache"
		switch p := r.URL.Path; {
		case p == "/":
			a = index
		case strings.HasPrefix(p, AssetPrefix):
			a = assets[strings.TrimPrefix(p, AssetPrefix)]
			if r.URL.Query().Get("v") == version {
				cache = "public, max-age=31536000, immutable"
			}
		}
		if a == nil {
			c.Next()
			return
		}
		h := c.Writer.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", cache)
		h.Set("ETag", a.etag)
		// ServeContent writes the status (200, 304, 206…) over the 404 gin
		// presets for an unrouted request.
		http.ServeContent(c.Writer, r, "", time.Time{}, bytes.NewReader(a.body))
		c.Abort()
	}
}
