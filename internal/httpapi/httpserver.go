package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limits of the HTTP request itself, before any handler reads it.
const (
	// MaxHeaderBytes bounds the request line and headers together (Go's server lets a
	// few kilobytes more through before it answers 431).
	MaxHeaderBytes = 64 << 10
	// MaxURIBytes bounds the request target (path and query string): a GET query of
	// the largest allowed size, URL-encoded, fits.
	MaxURIBytes = 60 << 10
)

// CodeHeadersTooLarge and CodeURITooLong are the error codes of the HTTP limits.
const (
	CodeHeadersTooLarge = "REQUEST_HEADER_FIELDS_TOO_LARGE"
	CodeURITooLong      = "URI_TOO_LONG"
)

// NewHTTPServer returns the server of the public listener: its timeouts and header
// limit. Serve it on a listener wrapped by JSONHeaderErrors.
func NewHTTPServer(addr string, handler http.Handler, requestTimeout time.Duration, logger *slog.Logger) *http.Server {
	if requestTimeout <= 0 {
		requestTimeout = DefaultRequestTimeout
	}
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      requestTimeout + 5*time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// JSONHeaderErrors wraps a listener so that the answer Go's HTTP server writes by
// itself to a request whose line and headers are over MaxHeaderBytes (a plain-text
// 431, before any handler runs) carries the API's JSON error shape instead, with the
// CORS and nosniff headers every other answer has.
func JSONHeaderErrors(l net.Listener) net.Listener { return headerErrorListener{l} }

type headerErrorListener struct{ net.Listener }

func (l headerErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &headerErrorConn{Conn: c}, nil
}

// goHeaderTooLarge is what net/http writes, in one Write on the raw connection, when
// the request head is over the limit (server.go: "431 Request Header Fields Too Large"
// with errorHeaders). Every other response goes out with a Date header, so it cannot
// be mistaken for this one.
var goHeaderTooLarge = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" +
	"431 Request Header Fields Too Large")

var jsonHeaderTooLarge = sync.OnceValue(func() []byte {
	body := errorBody(CodeHeadersTooLarge,
		fmt.Sprintf("the request line and headers are larger than %d bytes: send long queries by POST, as JSON", MaxHeaderBytes),
		map[string]any{"limit": MaxHeaderBytes})
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 431 Request Header Fields Too Large\r\n")
	b.WriteString("Content-Type: application/json; charset=utf-8\r\n")
	b.WriteString("Cache-Control: no-store\r\n")
	b.WriteString("X-Content-Type-Options: nosniff\r\n")
	b.WriteString("Access-Control-Allow-Origin: *\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	b.WriteString("Connection: close\r\n\r\n")
	b.Write(body)
	return b.Bytes()
})

type headerErrorConn struct {
	net.Conn
}

func (c *headerErrorConn) Write(p []byte) (int, error) {
	if bytes.Equal(p, goHeaderTooLarge) {
		if _, err := c.Conn.Write(jsonHeaderTooLarge()); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// errorBody is the API's error shape: {"errors":[{"message","extensions":{"code",...}}]}.
func errorBody(code, message string, ext map[string]any) []byte {
	extensions := map[string]any{"code": code}
	for k, v := range ext {
		extensions[k] = v
	}
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{"message": message, "extensions": extensions}}})
	return body
}

// writeError answers a request with the API's error shape.
func writeError(w http.ResponseWriter, status int, code, message string, ext map[string]any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(errorBody(code, message, ext))
}

// withHTTPLimits refuses a request target over MaxURIBytes (414) and marks every
// response nosniff: no browser may guess a type other than the one declared.
func withHTTPLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if len(r.RequestURI) > MaxURIBytes {
			writeError(w, http.StatusRequestURITooLong, CodeURITooLong,
				fmt.Sprintf("the request target is %d bytes long; the limit is %d: send long queries by POST, as JSON", len(r.RequestURI), MaxURIBytes),
				map[string]any{"limit": MaxURIBytes})
			return
		}
		next.ServeHTTP(w, r)
	})
}
