-- wrk script: POST the request bodies of the file $BODIES (one JSON body a line), in
-- order, cycling, to the GraphQL endpoint (bench/lib.py mixed writes them: the mixed
-- workload, the same lines for both engines). Use with one thread (-t1): the sequence
-- of requests is then the file's.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  if #line > 0 then bodies[#bodies + 1] = line end
end
assert(#bodies > 0, "no bodies in " .. os.getenv("BODIES"))
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f reqs=%d socket_errors=%d non2xx_3xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
