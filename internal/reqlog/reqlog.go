// Package reqlog gives every HTTP request an ID and puts it in every log line written
// on its behalf: the ID travels in the request's context, and a slog handler wrapper
// adds it as the request_id attribute of every record logged with that context
// (logger.InfoContext(ctx, ...), ErrorContext...).
//
// A client may send its own X-Request-Id (up to 64 letters, digits, '-', '_', '.' or
// ':'), for example to correlate its logs with ours; anything else is replaced by a
// fresh random ID. The ID is echoed in the X-Request-Id response header.
package reqlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/netip"
)

// Header is the HTTP header that carries the request ID, both ways.
const Header = "X-Request-Id"

// Attr is the name of the log attribute holding the request ID.
const Attr = "request_id"

// MaxIDLength bounds an incoming request ID.
const MaxIDLength = 64

type idKey struct{}

// WithID returns ctx carrying the request ID id.
func WithID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey{}, id)
}

// ID returns the request ID of ctx, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey{}).(string)
	return id
}

// ValidID reports whether an incoming request ID can be used as is: 1 to MaxIDLength
// characters among letters, digits, '-', '_', '.' and ':' (nothing a log reader or a
// header could misread).
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// NewID returns a fresh random request ID (24 hexadecimal digits).
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// FromHeader returns the incoming ID when it is valid, or a new one.
func FromHeader(incoming string) string {
	if ValidID(incoming) {
		return incoming
	}
	return NewID()
}

// handler adds the request ID of a record's context to the record.
type handler struct{ inner slog.Handler }

// Handler wraps inner so that every record logged with a context carrying a request
// ID gets a request_id attribute. Wrapping twice adds nothing.
func Handler(inner slog.Handler) slog.Handler {
	if h, ok := inner.(handler); ok {
		return h
	}
	return handler{inner: inner}
}

// Logger returns logger with its handler wrapped by Handler (slog.Default() when nil).
func Logger(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		logger = slog.Default()
	}
	if _, ok := logger.Handler().(handler); ok {
		return logger
	}
	return slog.New(Handler(logger.Handler()))
}

func (h handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	if ctx != nil {
		if id := ID(ctx); id != "" {
			r = r.Clone()
			r.AddAttrs(slog.String(Attr, id))
		}
	}
	return h.inner.Handle(ctx, r)
}

func (h handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return handler{inner: h.inner.WithAttrs(attrs)}
}

func (h handler) WithGroup(name string) slog.Handler {
	return handler{inner: h.inner.WithGroup(name)}
}

// ClientAddr returns the address of a request's client as the access log keeps it:
// truncated to its /24 network for IPv4 (203.0.113.0/24) and its /48 for IPv6, enough
// to follow an abusive network, not to single out a subscriber (an IP address is
// personal data under French law; docs/operations.md gives the retention). remoteAddr
// is a host:port or a bare address; anything else gives "unknown".
func ClientAddr(remoteAddr string) string {
	host := remoteAddr
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		host = h
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return "unknown"
	}
	addr = addr.Unmap().WithZone("")
	bits := 48
	if addr.Is4() {
		bits = 24
	}
	p, _ := addr.Prefix(bits)
	return p.String()
}
