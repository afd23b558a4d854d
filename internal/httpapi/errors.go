package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/reindustrie/observatory/model"
)

// retryAfter is the Retry-After (seconds) of a SERVICE_UNAVAILABLE or TIMEOUT answer.
const retryAfter = "5"

// writeFailure answers a REST request that failed with err, in the error shape of the
// GraphQL API ({"errors":[{"message","extensions":{"code",...}}]}, no-store): the
// model.Error that err is or wraps, or model.Classify's reading of a database, network
// or context error, gives the code, the public message, the extensions and, through
// its code, the HTTP status (statusOf). Any other error is INTERNAL_SERVER_ERROR. A
// private cause is logged with the request's ID, never sent.
func writeFailure(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	me := model.Classify(r.Context(), err)
	if me == nil {
		me = model.Internal(err)
	}
	switch {
	case me.Err == nil:
	case me.Code == model.CodeUnavailable:
		logger.WarnContext(r.Context(), "database unavailable", "path", r.URL.Path, "error", me.Err)
	case me.Code == model.CodeInternal:
		logger.ErrorContext(r.Context(), "request error", "path", r.URL.Path, "error", me.Err)
	}
	status := statusOf(me.Code)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeError(w, status, me.Code, me.Message, me.Extensions)
}

// statusOf is the HTTP status of a REST answer with an error of code.
func statusOf(code string) int {
	switch code {
	case model.CodeBadUserInput, model.CodeAmbiguous:
		return http.StatusBadRequest
	case model.CodeNotFound:
		return http.StatusNotFound
	case model.CodeUnauthenticated:
		return http.StatusUnauthorized
	case model.CodeForbidden:
		return http.StatusForbidden
	case model.CodeVersionConflict, model.CodeAlreadyExists:
		return http.StatusConflict
	case model.CodeUnavailable, model.CodeTimeout:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// holdBytes is how much of a streamed answer is held back before anything is sent.
const holdBytes = 32 << 10

// heldResponse holds back the head of a streamed answer (a download): its headers and
// first holdBytes bytes, until the body is known to start well. A failure before
// anything is sent (the database unreachable, a statement refused) is then answered as
// an error by writeFailure, with its status; a failure after can only cut the body
// short, and is logged.
type heldResponse struct {
	w      http.ResponseWriter
	header http.Header // the headers of a successful answer
	buf    []byte
	sent   bool
}

func newHeldResponse(w http.ResponseWriter) *heldResponse {
	return &heldResponse{w: w, header: http.Header{}}
}

// Write holds p back, or sends it once holdBytes are held or sent.
func (h *heldResponse) Write(p []byte) (int, error) {
	if h.sent {
		return h.w.Write(p)
	}
	h.buf = append(h.buf, p...)
	if len(h.buf) >= holdBytes {
		if err := h.send(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// send writes the headers and what is held.
func (h *heldResponse) send() error {
	h.sent = true
	for k, v := range h.header {
		h.w.Header()[k] = v
	}
	_, err := h.w.Write(h.buf)
	h.buf = nil
	return err
}

// finish ends the answer: what is held when err is nil, else an error answer if
// nothing was sent. When part of the body is sent, a failure must not look like a
// complete file: the connection is aborted (no clean end of the chunked body), so that
// the client sees an error, and the failure is logged.
func (h *heldResponse) finish(r *http.Request, logger *slog.Logger, err error) {
	switch {
	case err == nil && !h.sent:
		_ = h.send()
	case err == nil:
	case !h.sent:
		writeFailure(h.w, r, logger, err)
	default:
		if r.Context().Err() == nil {
			logger.WarnContext(r.Context(), "download cut short: connection aborted", "path", r.URL.Path, "error", err)
		}
		panic(http.ErrAbortHandler)
	}
}
