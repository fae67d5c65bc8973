-- readonly-view.lua — why capamatch does not share one read-only job table
-- between rule sets (engine/evaluate.c): the reads the 22 rules make, on a
-- plain table and through read-only views (proxies whose __index is a table),
-- and the cost of building the views. Run: lua5.4 bench/readonly-view.lua
-- (Debian package lua5.4; not part of make check or make bench).
local function job()
  local tasks = {}
  for t = 1, 3 do
    local hs = {}
    for h = 1, 2 do hs[h] = { id = "h"..h, mass_kg = 12, per_minute = 2, h_cm = 40, v_cm = 30 } end
    tasks[t] = { id = "t"..t, hours_per_day = 2, handling = hs, repetition = { actions_per_minute = 45 },
                 posture = { trunk_flexion_deg = 30, static = false } }
  end
  return { id = "j", tasks = tasks, heavy_work = { cardiac_cost_bpm = 28, hours_per_day = 1.5 },
           falls = { obstacles = true, haste = false }, psychosocial = { reception = true } }
end
local deny = function() error("read-only") end
local function ro(t)
  local view = {}
  for k, v in pairs(t) do view[k] = type(v) == "table" and ro(v) or v end
  return setmetatable({}, { __index = view, __newindex = deny, __len = function() return #view end })
end
-- what the 22 rules read, roughly: per-task loops over each kind, job-level rows
local function rules(j)
  local s = 0
  for r = 1, 11 do
    for _, task in ipairs(j.tasks) do
      local hs = task.handling
      if hs then for _, h in ipairs(hs) do s = s + (h.mass_kg or 0) + (h.per_minute or 0) end end
      if task.repetition then s = s + task.repetition.actions_per_minute end
      if task.posture then s = s + task.posture.trunk_flexion_deg end
      s = s + task.hours_per_day
    end
  end
  for r = 1, 11 do s = s + ((j.falls.obstacles and 1) or 0) + (j.heavy_work.cardiac_cost_bpm) end
  return s
end
local plain, view = job(), ro(job())
local N = 200000
local t0 = os.clock(); for i = 1, N do rules(plain) end; local t1 = os.clock()
for i = 1, N do rules(view) end; local t2 = os.clock()
local t3 = os.clock(); for i = 1, N do local v = ro(plain) end; local t4 = os.clock()
print(string.format("reads plain %.2f us, through read-only views %.2f us; building the views %.2f us",
  (t1-t0)/N*1e6, (t2-t1)/N*1e6, (t4-t3)/N*1e6))
