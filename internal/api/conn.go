package api

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"strconv"

	"github.com/geokg/geokg/internal/graph"
)

// netHTTPErrorHeaders are the headers net/http writes, straight to the
// connection, with the errors it answers before any handler runs: a
// request line or headers it cannot parse (a bad %-escape in the path, a
// malformed header), headers over MaxHeaderBytes (431), an unsupported
// transfer encoding (501). Each such answer is one write of
// "HTTP/1.1 <status>" + netHTTPErrorHeaders + <text>, and the connection
// is closed after it.
const netHTTPErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// jsonErrorListener hands out connections that rewrite net/http's own
// plain-text error answers into the API's JSON error shape.
type jsonErrorListener struct{ net.Listener }

func (l jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return jsonErrorConn{c}, nil
}

// jsonErrorConn is a connection whose writes pass through unchanged, but
// for one that is exactly a net/http error answer (see
// netHTTPErrorHeaders), which it replaces by the same status with an
// ErrorBody. Answers of the handlers never match: they carry a Date
// header, and their errors are JSON already. Should a later Go write those
// answers differently, they pass through as text, as before.
type jsonErrorConn struct{ net.Conn }

func (c jsonErrorConn) Write(p []byte) (int, error) {
	if out, ok := rewriteNetHTTPError(p); ok {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// rewriteNetHTTPError returns the JSON version of p when p is a net/http
// error answer.
func rewriteNetHTTPError(p []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(p, []byte("HTTP/1.1 "))
	if !ok {
		return nil, false
	}
	status, text, ok := bytes.Cut(rest, []byte(netHTTPErrorHeaders))
	if !ok || len(status) < 3 || bytes.ContainsAny(status, "\r\n") || bytes.ContainsAny(text, "\r\n") {
		return nil, false
	}
	code, err := strconv.Atoi(string(status[:3]))
	if err != nil || code < 400 || code > 599 {
		return nil, false
	}
	message := "the request cannot be parsed: " + string(text)
	switch code {
	case http.StatusBadRequest:
		message += " (a malformed request line or header, or a bad %-escape in the path)"
	case http.StatusRequestHeaderFieldsTooLarge:
		message = "the request line and headers are too large"
	}
	body, _ := json.Marshal(ErrorBody{Error: ErrorObject{Code: graph.EInvalid, Message: message, Details: map[string]any{}}})
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 ")
	b.Write(status)
	b.WriteString("\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\nContent-Length: ")
	b.WriteString(strconv.Itoa(len(body)))
	b.WriteString("\r\n\r\n")
	b.Write(body)
	return b.Bytes(), true
}
