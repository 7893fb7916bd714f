-- wrk script: POST one JSON body per line of a file, each thread its own share of them.
-- benchmarks/load/wrk.py writes one per run, with `local bodies_path = "<file>"` put before this.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {}
for line in io.lines(bodies_path) do bodies[#bodies + 1] = line end

local next_thread = 0
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local position, stride = 0, 1
function init(args)
  stride = tonumber(args[1]) or 1
  position = thread_number or 0
end

function request()
  local body = bodies[(position % #bodies) + 1]
  position = position + stride
  return wrk.format(nil, nil, nil, body)
end
