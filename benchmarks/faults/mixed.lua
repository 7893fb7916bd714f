-- wrk script: a shopper's mix, in turn: the product list, a product page, a guide page, the catalogue page
-- and a symptom check (POST of one JSON body per line of a file). benchmarks/faults/load.py puts
-- `local bodies_path, product_path, guide_path = ...` before this.
local bodies = {}
for line in io.lines(bodies_path) do bodies[#bodies + 1] = line end
local gets = {"/api/v1/products/", product_path, guide_path, "/products/"}

local next_thread = 0
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local step = 0
function init(args)
  step = thread_number or 0
end

function request()
  step = step + 1
  local turn = step % (#gets + 1)
  if turn == #gets then
    local body = bodies[(step % #bodies) + 1]
    return wrk.format("POST", "/api/v1/recommendations/", {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", gets[turn + 1])
end
