--[[
helpers — what every Lua rule-test suite shares (run.c loads this chunk
first and hands its table to each suite as its sixth argument, HELP):

  local check, guard, result = HELP.counter()  -- a suite's own counts
  HELP.copy(v), HELP.equal(a, b), HELP.close(a, b)

check(name, ok, detail) counts one check; guard(name, fn, ...) runs fn and
counts a raise as one failure, so a suite always reaches its summary;
result() gives the suite's return: passed, failed, the failures' lines.
Holds no state of its own: each counter() is fresh.
]]

local H = {}

function H.counter()
  local passed, failed, failures = 0, 0, {}
  local function check(name, ok, detail)
    if ok then
      passed = passed + 1
    else
      failed = failed + 1
      failures[#failures + 1] = name .. (detail and (": " .. tostring(detail)) or "")
    end
  end
  local function guard(name, fn, ...)
    local ok, err = pcall(fn, ...)
    if not ok then check(name .. " raised", false, err) end
  end
  return check, guard, function() return passed, failed, failures end
end

function H.copy(v)
  if type(v) ~= "table" then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = H.copy(x) end
  return t
end

function H.equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not H.equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

function H.close(a, b)
  return type(a) == "number" and type(b) == "number" and math.abs(a - b) < 1e-9
end

return H
