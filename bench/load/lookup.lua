-- GET /api/v1/lookup/{code} over the codes listed in codes.txt (written by run.sh).
local codes = {}
for line in io.lines(os.getenv("CODES_FILE")) do codes[#codes + 1] = line end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", "/api/v1/lookup/" .. codes[(i % #codes) + 1])
end

dofile("bench/load/report.lua")
