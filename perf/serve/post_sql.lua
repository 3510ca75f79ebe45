-- wrk script for perf/serve/load.sh: every request POSTs the same dashboard query to
-- /api/sql. The JSON body comes from SERVE_LOAD_BODY (load.sh builds it); the bearer
-- token, when the server needs one, from SERVE_LOAD_TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("SERVE_LOAD_BODY")
local token = os.getenv("SERVE_LOAD_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
