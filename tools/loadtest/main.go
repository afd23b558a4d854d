// Command loadtest checks that a client over its rate limit, or a hostile one within
// it, does not hurt the others: polite clients, each from its own loopback address,
// send a steady trickle of queries within their limit, first alone, then beside
// another client (another loopback address). That client is either greedy (it hammers
// the server with valid queries as fast as it can) or, with -attack brackets, hostile:
// it sends 110 documents of 20 kB of nested brackets at once, within its 120 a minute
// (the parse-cost attack of the hardening review). It prints, for each phase, the
// polite clients' p50/p99 latency and error rate, what the other client got, and with
// -pid the server's peak resident memory. Bounded in time; loopback only.
//
//	go run ./tools/loadtest -url http://127.0.0.1:8080/graphql
//	go run ./tools/loadtest -attack brackets -pid $(pgrep -n observatory)
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const query = `{"query":"{ site(slug: \"bridgestone-bethune\") { name occupancies { company { name } floorAreaSquareMetres citation { quote } } } }"}`

func client(localIP string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(localIP)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}}
}

type result struct {
	latencies               []time.Duration
	ok, errs, n429, refused int
}

func (r *result) add(d time.Duration, status int, err error) {
	switch {
	case err != nil || status >= 500:
		r.errs++
	case status == http.StatusTooManyRequests:
		r.n429++
	case status == http.StatusOK:
		r.ok++
		r.latencies = append(r.latencies, d)
	case status == http.StatusBadRequest:
		r.refused++ // a request the limits refused: what a hostile client gets
		r.latencies = append(r.latencies, d)
	default:
		r.errs++
	}
}

func send(c *http.Client, url string) (time.Duration, int, error) {
	return sendBody(c, url, query)
}

func sendBody(c *http.Client, url, body string) (time.Duration, int, error) {
	start := time.Now()
	res, err := c.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		return 0, 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return time.Since(start), res.StatusCode, nil
}

// polite runs n clients, each sending one query every interval until ctx ends.
func polite(ctx context.Context, url string, n int, interval time.Duration) *result {
	var (
		mu  sync.Mutex
		out result
		wg  sync.WaitGroup
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(ip string) {
			defer wg.Done()
			c := client(ip)
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					d, status, err := send(c, url)
					mu.Lock()
					out.add(d, status, err)
					mu.Unlock()
				}
			}
		}(fmt.Sprintf("127.0.0.%d", 10+i))
	}
	wg.Wait()
	return &out
}

// greedy sends queries back to back from workers sharing one address until ctx ends.
func greedy(ctx context.Context, url string, workers int) *result {
	var (
		mu  sync.Mutex
		out result
		wg  sync.WaitGroup
	)
	c := client("127.0.0.99")
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				d, status, err := send(c, url)
				mu.Lock()
				out.add(d, status, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return &out
}

// bracketAttack sends n documents of 20 kB of nested brackets at once from one
// address: within its rate limit, each one costs the server a parse (before the
// pre-scan, a 20 MB stack each).
func bracketAttack(url string, n int) *result {
	doc := `{"query":"{a(b:` + strings.Repeat("[", 19_990) + `"}`
	var (
		mu  sync.Mutex
		out result
		wg  sync.WaitGroup
	)
	c := client("127.0.0.66")
	c.Transport.(*http.Transport).MaxIdleConnsPerHost = n
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, status, err := sendBody(c, url, doc)
			mu.Lock()
			out.add(d, status, err)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return &out
}

// peakRSS samples the resident memory of process pid every 50 ms until ctx ends and
// returns the largest value, in MB (0 when pid is 0 or unreadable).
func peakRSS(ctx context.Context, pid int) func() float64 {
	var peak float64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if kb := rssKB(pid); float64(kb)/1024 > peak {
				peak = float64(kb) / 1024
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() float64 { <-done; return peak }
}

func rssKB(pid int) int {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(float64(len(s)-1)*p)]
}

func report(name string, r *result) {
	total := r.ok + r.errs + r.n429
	rate := 0.0
	if total > 0 {
		rate = float64(r.errs+r.n429) / float64(total) * 100
	}
	fmt.Printf("%-34s requests=%-6d ok=%-6d refused=%-4d 429=%-6d errors=%-4d failed=%.1f%%  p50=%-8s p99=%s\n",
		name, total+r.refused, r.ok, r.refused, r.n429, r.errs, rate, pct(r.latencies, 0.5).Round(100*time.Microsecond), pct(r.latencies, 0.99).Round(100*time.Microsecond))
}

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	clients := flag.Int("clients", 4, "polite clients, each within its limit")
	interval := flag.Duration("interval", time.Second, "time between two queries of a polite client")
	phase := flag.Duration("phase", 20*time.Second, "length of each phase")
	workers := flag.Int("greedy-workers", 8, "concurrent requests of the greedy client")
	attack := flag.String("attack", "", `"brackets": the second phase runs the nested-bracket attack instead of the greedy client`)
	pid := flag.Int("pid", 0, "the server's process ID, to report its peak resident memory")
	flag.Parse()
	if u := *url; !(bytes.HasPrefix([]byte(u), []byte("http://127.")) || bytes.HasPrefix([]byte(u), []byte("http://localhost"))) {
		fmt.Fprintln(os.Stderr, "loadtest only targets loopback addresses")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *phase)
	peakAlone := peakRSS(ctx, *pid)
	alone := polite(ctx, *url, *clients, *interval)
	cancel()

	ctx, cancel = context.WithTimeout(context.Background(), *phase)
	peakBeside := peakRSS(ctx, *pid)
	var (
		beside *result
		other  *result
		wg     sync.WaitGroup
	)
	wg.Add(2)
	go func() { defer wg.Done(); beside = polite(ctx, *url, *clients, *interval) }()
	go func() {
		defer wg.Done()
		if *attack == "brackets" {
			time.Sleep(*interval / 2) // between two polite rounds
			other = bracketAttack(*url, 110)
			return
		}
		other = greedy(ctx, *url, *workers)
	}()
	wg.Wait()
	cancel()

	name := "greedy"
	if *attack != "" {
		name = *attack + " attack"
	}
	report("polite clients, alone", alone)
	report("polite clients, beside the "+name, beside)
	report(name+" client", other)
	if *pid != 0 {
		fmt.Printf("server peak RSS: %.0f MB alone, %.0f MB beside the %s\n", peakAlone(), peakBeside(), name)
	}
}
