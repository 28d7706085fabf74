-- The closing line both load scripts print, read by run.sh: request count, duration, p50/p99 and failures.
-- Loaded with dofile from the repository root, where run.sh runs wrk.
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
