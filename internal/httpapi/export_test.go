package httpapi

import (
	"log/slog"
	"net/http"
)

// CutShortForTest serves size bytes through the streaming path of the downloads, then
// fails with err (nil: a complete answer).
func CutShortForTest(size int, err error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hw := newHeldResponse(w)
		hw.header.Set("Content-Type", "text/csv; charset=utf-8")
		chunk := make([]byte, 4096)
		for written := 0; written < size; written += len(chunk) {
			if _, werr := hw.Write(chunk); werr != nil {
				hw.finish(r, slog.New(slog.DiscardHandler), werr)
				return
			}
		}
		hw.finish(r, slog.New(slog.DiscardHandler), err)
	})
}
