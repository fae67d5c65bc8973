--[[
adaptations — the catalogue of adaptation kinds capamatch can apply to a job.

A job profile offers concrete adaptations (<adaptation kind="..." .../>);
the engine searches sets of them and, for each set, applies them to a
private copy of the job in catalogue order, then re-runs the rule sets. Each
kind here says which attributes it takes and how it changes the job table.
How a workplace reaches the targets is for the enterprise to decide (Meyer &
Mochel 2011, INRS NOETUDE/P2011-083); these kinds model the usual means: aids,
smaller loads, fewer hours, heights, pace, transport, seats, routes, support.

Rules that every apply keeps:
- an adaptation aimed at a task that is no longer in the job (dropped by an
  earlier drop-task), or at an element the task lacks, changes nothing;
- job-level elements (heavy_work, falls, psychosocial, organisation) change
  only by their own kinds;
- ICF demands change only by drop-task and by lifting-aid with residual 0
  (on every handling of its task, or on a task without handlings).
The kinds added after the examples' thirteen (carry-aid, sit-stand,
rest-stops) come last, so that every set of the older kinds is applied in
the order it always was.

Runs in the engine's sandbox (no patterns, no globals written).

Contract 2 (rules/README.md): every apply writes the job table only through
`write` (the engine's capamatch.set), never `t[k] = v` or table.insert /
remove on it. The engine keeps one job table per check and rule set, applies
an evaluation's adaptations to it through set, which logs what each write
replaced, and undoes them from the log when the rules have run. An apply
reads its adaptation `a` and never writes it: the engine builds each offer's
table once per job table and hands the same one to every evaluation.
]]

-- The engine's one way to write the job: logged, so it can be undone.
local write = capamatch.set
local unpack, remove = table.unpack, table.remove

-- Tasks are addressed by id; the index is needed to remove one. The
-- search applies these functions in every evaluation, so they walk arrays
-- with plain loops and build no table they do not write (perf, 2026-12).
local function find_task(job, id)
  local tasks = job.tasks
  if tasks == nil then return end
  local i, task = 1, tasks[1]
  while task ~= nil do
    if task.id == id then return task, i end
    i = i + 1
    task = tasks[i]
  end
end

-- The element an adaptation aims at, or nil when its task was dropped or the
-- task has no such element: callers then do nothing.
local function element(job, a, name)
  local task = find_task(job, a.task)
  return task and task[name]
end

-- The elements of list (a task's handling or carry) an adaptation aims
-- at: every one, or only the one its `element` attribute (el) names. Gives
-- the next such element after index i and its index, or nil; a loop over
-- them needs no table.
local function next_aimed(list, i, el)
  while true do
    i = i + 1
    local e = list[i]
    if e == nil then return nil end
    if el == nil or e.id == el then return i, e end
  end
end

-- Only an element that exists can change, and only by a value that was given
-- (optional attributes arrive as nil).
local function set(t, key, value)
  if t ~= nil and value ~= nil then write(t, key, value) end
end

-- A measured tonnage follows a change of mass or hours in proportion. With
-- no old figure to scale from, zero stays zero and otherwise the measured
-- value is kept: the cautious reading for a limit check.
local function scaled(x, new, old)
  if old == nil then return new == 0 and 0 or x end
  if old == 0 then return 0 end
  return x * new / old
end

-- ICF demands belong to the task they name: those of the task `task` go,
-- all of them or only those whose code `codes` holds. Rebuilt rather than
-- removed in place so the array stays a proper sequence; left as it is
-- when none goes (the same demands: a copy would only cost a table).
local function drop_demands(job, task, codes)
  local demands = job.icf_demands
  if demands == nil then return end
  local kept, k = nil, 0 -- made at the first demand that goes: most applies drop none
  for i = 1, #demands do
    local d = demands[i]
    if d.task == task and (codes == nil or codes[d.code]) then
      if kept == nil then kept, k = { unpack(demands, 1, i - 1) }, i - 1 end
    elseif kept ~= nil then
      k = k + 1
      kept[k] = d
    end
  end
  if kept ~= nil then write(job, "icf_demands", kept) end
end

-- The requirement rows come from the profile format's one list, through
-- the shared helpers: each { name = "listening-ear", key = "listening_ear" }
-- (XML name, job-table key), so no row is named twice.
local rows = capamatch.rows

local function names(section)
  local out = {}
  for i, r in ipairs(rows(section)) do out[i] = r.name end
  return out
end

-- Attribute descriptions, as the engine validates them.
local function task_attr()
  return { name = "task", type = "task", required = true }
end

local function number(name, min, max, required)
  return { name = name, type = "number", min = min, max = max, required = required }
end

-- A number the adaptation writes into the job as <element attribute>: its
-- range is the job format's, from the engine (capamatch.range), so that an
-- adaptation accepts exactly what a job profile may hold.
local function job_number(name, element, attribute, required)
  local min, max = capamatch.range(element, attribute)
  return number(name, min, max, required)
end

-- Optional: names one element of the task (its id); without it the
-- adaptation applies to every element of that kind in the task.
local function element_attr(of)
  return { name = "element", type = "element", of = of, required = false }
end

local function boolean(name)
  return { name = name, type = "boolean", required = false }
end

local function words(values)
  return { name = "provides", type = "words", values = values, required = true }
end

-- ---------------------------------------------------------------------------
-- Kinds.

-- Codes of manual lifting: they go once a task's residual mass is zero.
local LIFTING = { d4300 = true, d4305 = true }

-- A task has manual lifting left while any of its handlings has a mass
-- that is not zero (or not recorded).
local function lifts_by_hand(task)
  local hs = task.handling
  for i = 1, hs and #hs or 0 do
    if hs[i].mass_kg ~= 0 then return true end
  end
  return false
end

-- Residual 0 on every handling of the task, or on a task with no handling
-- at all, ends its manual lifting: its d4300/d4305 demands go
-- (doc/icf.md, "Readings of measured capacities"). One aimed at an
-- element the task lacks changes nothing.
local function lifting_aid(job, a)
  local task = find_task(job, a.task)
  if task == nil then return end
  local hs, el, mass = task.handling, a.element, a.residual_mass_kg
  local aimed = false
  if hs ~= nil then
    local i, h = next_aimed(hs, 0, el)
    while i do
      aimed = true
      if h.kg_per_day then write(h, "kg_per_day", scaled(h.kg_per_day, mass, h.mass_kg)) end
      write(h, "mass_kg", mass)
      i, h = next_aimed(hs, i, el)
    end
  end
  if not aimed then
    if el == nil and (hs == nil or #hs == 0) and mass == 0 then drop_demands(job, a.task, LIFTING) end
    return
  end
  if not lifts_by_hand(task) then drop_demands(job, a.task, LIFTING) end
end

-- Same daily tonnage in lighter, more frequent handlings; the technical
-- actions of the task (repetition) are a separate measurement, left alone.
local function split_load(job, a)
  local task = find_task(job, a.task)
  local hs = task and task.handling
  if hs == nil then return end
  local el, parts = a.element, a.parts
  local i, h = next_aimed(hs, 0, el)
  while i do
    if h.mass_kg then write(h, "mass_kg", h.mass_kg / parts) end
    if h.per_minute then write(h, "per_minute", h.per_minute * parts) end
    i, h = next_aimed(hs, i, el)
  end
end

-- The postures whose duration a task records (sitting, standing, walking).
local STANCES = { "sitting", "standing", "walking" }

-- Fewer hours on a task lower what is counted per day; heavy work is a
-- job-level period with its own kind. A posture's own hours a day shrink in
-- proportion, and no unbroken period outlasts the hours left.
local function reduce_hours(job, a)
  local task = find_task(job, a.task)
  if task == nil then return end
  local hs = task.handling
  for i = 1, hs and #hs or 0 do
    local h = hs[i]
    if h.kg_per_day then write(h, "kg_per_day", scaled(h.kg_per_day, a.hours_per_day, task.hours_per_day)) end
  end
  for i = 1, #STANCES do
    local s = task[STANCES[i]]
    if s then
      if s.hours_per_day then
        write(s, "hours_per_day", scaled(s.hours_per_day, a.hours_per_day, task.hours_per_day))
      end
      local left = (s.hours_per_day or a.hours_per_day) * 60
      if s.continuous_minutes and s.continuous_minutes > left then write(s, "continuous_minutes", left) end
    end
  end
  write(task, "hours_per_day", a.hours_per_day)
end

-- A trolley, a harness or a lighter container: the carried mass becomes the
-- residual mass, and the distance the new one when given (a closer store).
local function carry_aid(job, a)
  local task = find_task(job, a.task)
  local cs = task and task.carry
  if cs == nil then return end
  local el = a.element
  local i, c = next_aimed(cs, 0, el)
  while i do
    write(c, "mass_kg", a.residual_mass_kg)
    set(c, "distance_m", a.distance_m)
    i, c = next_aimed(cs, i, el)
  end
end

-- No unbroken period of the named postures outlasts continuous-minutes:
-- the workstation (or the agreed breaks) makes the worker change posture.
-- A period that was not recorded becomes that limit too, the most the
-- arrangement allows.
local function cap_postures(keys)
  return function(job, a)
    local task = find_task(job, a.task)
    if task == nil then return end
    for i = 1, #keys do
      local s = task[keys[i]]
      if s and (s.continuous_minutes == nil or s.continuous_minutes > a.continuous_minutes) then
        write(s, "continuous_minutes", a.continuous_minutes)
      end
    end
  end
end

-- The working height is the handling's; the trunk flexion is the task's
-- posture, which changes with it whichever handling is named.
local function workstation_height(job, a)
  local task = find_task(job, a.task)
  if task == nil then return end
  local hs, el = task.handling, a.element
  if hs ~= nil then
    local i, h = next_aimed(hs, 0, el)
    while i do
      set(h, "v_cm", a.v_cm)
      i, h = next_aimed(hs, i, el)
    end
  end
  set(task.posture, "trunk_flexion_deg", a.trunk_flexion_deg)
end

local function pace(job, a)
  set(element(job, a, "repetition"), "actions_per_minute", a.actions_per_minute)
end

-- Once powered, no manual push or pull remains to be judged: the named one,
-- or all of the task's; a task left with none has no push_pull at all.
local function powered_transport(job, a)
  local task = find_task(job, a.task)
  if task == nil or task.push_pull == nil then return end
  local kept = {}
  for _, pp in ipairs(task.push_pull) do
    if a.element ~= nil and pp.id ~= a.element then kept[#kept + 1] = pp end
  end
  write(task, "push_pull", #kept > 0 and kept or nil)
end

local function seat_suspension(job, a)
  set(element(job, a, "vibration"), "aw_ms2", a.aw_ms2)
end

-- The task leaves this worker's job together with the ICF demands it carried.
local function drop_task(job, a)
  local _, i = find_task(job, a.task)
  if i == nil then return end
  -- a new array, written whole (the old one is restored by undo), made at
  -- its size at once: table.remove on a copy, not an append per task
  local tasks = { unpack(job.tasks) }
  remove(tasks, i)
  write(job, "tasks", tasks)
  drop_demands(job, a.task, nil)
end

-- The falls rows' keys, read once: rows() builds its table on each call.
local FALLS_KEYS = {}
for i, r in ipairs(rows("falls")) do FALLS_KEYS[i] = r.key end

local function route(job, a)
  for i = 1, #FALLS_KEYS do
    local key = FALLS_KEYS[i]
    set(job.falls, key, a[key])
  end
end

-- route takes each falls row as an optional boolean attribute.
local function route_attributes()
  local out = {}
  for i, r in ipairs(rows("falls")) do out[i] = boolean(r.name) end
  return out
end

-- Both support kinds mark the named rows as provided. The engine hands a
-- "words" attribute over as an array of strings; anything else is a contract
-- breach worth stopping on rather than a silent no-op.
local function provider(section)
  local key_of = {}
  for _, r in ipairs(rows(section)) do key_of[r.name] = r.key end
  return function(job, a)
    assert(type(a.provides) == "table", "provides must arrive as an array of words")
    local words = a.provides
    for i = 1, #words do
      local word = words[i]
      if not key_of[word] then error("not a " .. section .. " row: " .. tostring(word), 0) end
      set(job[section], key_of[word], true)
    end
  end
end

local function pauses(job, a)
  set(element(job, a, "posture"), "pause_minutes_per_hour", a.pause_minutes_per_hour)
end

local function limit_heavy_work(job, a)
  set(job.heavy_work, "hours_per_day", a.hours_per_day)
end


-- What each kind's apply writes in the job table (rules/README.md,
-- "writes"); it reads what it writes. The search takes offers whose writes
-- meet no common rule's reads, nor each other's, not to interact: a write
-- left out here would make it miss sets (doc/search.md).
local WRITES = {
  ["lifting-aid"] = { "tasks.handling.mass_kg", "tasks.handling.kg_per_day", "icf_demands" },
  ["split-load"] = { "tasks.handling.mass_kg", "tasks.handling.per_minute" },
  ["reduce-hours"] = { "tasks.hours_per_day", "tasks.handling.kg_per_day", "tasks.sitting",
                       "tasks.standing", "tasks.walking" },
  ["workstation-height"] = { "tasks.handling.v_cm", "tasks.posture.trunk_flexion_deg" },
  pace = { "tasks.repetition.actions_per_minute" },
  ["powered-transport"] = { "tasks.push_pull" },
  ["seat-suspension"] = { "tasks.vibration.aw_ms2" },
  ["drop-task"] = { "tasks", "icf_demands" },
  route = { "falls" },
  psychosocial = { "psychosocial" },
  organisation = { "organisation" },
  pauses = { "tasks.posture.pause_minutes_per_hour" },
  ["limit-heavy-work"] = { "heavy_work.hours_per_day" },
  ["carry-aid"] = { "tasks.carry.mass_kg", "tasks.carry.distance_m" },
  ["sit-stand"] = { "tasks.sitting.continuous_minutes", "tasks.standing.continuous_minutes" },
  ["rest-stops"] = { "tasks.walking.continuous_minutes" },
}

-- A kind that takes its task out of the job, with the task's ICF demands,
-- and does nothing else: its effect depends on the task alone, and two of
-- them commute. The search then takes a set holding it as equal to the set
-- without the other offers aimed at that task, and evaluates only one of
-- the two (doc/search.md, "Equal subsets"); the engine refuses the mark on
-- a kind that takes more than a task or writes outside the tasks.
local REMOVES_TASK = { ["drop-task"] = true }

local function kind(name, title, attributes, apply)
  return { kind = name, title = title, attributes = attributes, apply = apply,
           writes = assert(WRITES[name], "no writes for the kind " .. name),
           removes_task = REMOVES_TASK[name] }
end

return {
  id = "adaptations",
  version = "1.0.0",
  contract = 2,
  kinds = {
    kind("lifting-aid", { nl = "Tilhulpmiddel", fr = "Aide à la manutention", en = "Lifting aid" },
         { task_attr(), element_attr("handling"), job_number("residual-mass-kg", "handling", "mass-kg", true) },
         lifting_aid),
    kind("split-load", { nl = "Last opsplitsen", fr = "Fractionner la charge", en = "Split the load" },
         { task_attr(), element_attr("handling"), number("parts", 2, 100, true) }, split_load),
    kind("reduce-hours", { nl = "Minder uren aan de taak", fr = "Réduire la durée de la tâche",
                           en = "Fewer hours on the task" },
         { task_attr(), job_number("hours-per-day", "task", "hours-per-day", true) }, reduce_hours),
    kind("workstation-height", { nl = "Werkhoogte aanpassen", fr = "Adapter la hauteur de travail",
                                 en = "Adjust the working height" },
         { task_attr(), element_attr("handling"), job_number("v-cm", "handling", "v-cm", false),
           job_number("trunk-flexion-deg", "posture", "trunk-flexion-deg", false) },
         workstation_height),
    kind("pace", { nl = "Lager werktempo", fr = "Ralentir la cadence", en = "Slower pace" },
         { task_attr(), job_number("actions-per-minute", "repetition", "actions-per-minute", true) }, pace),
    kind("powered-transport", { nl = "Gemotoriseerd transport", fr = "Transport motorisé",
                                en = "Powered transport" },
         { task_attr(), element_attr("push-pull") }, powered_transport),
    kind("seat-suspension", { nl = "Geveerde zitting", fr = "Siège à suspension", en = "Suspension seat" },
         { task_attr(), job_number("aw-ms2", "vibration", "aw-ms2", true) }, seat_suspension),
    kind("drop-task", { nl = "Taak weglaten", fr = "Retirer la tâche", en = "Drop the task" },
         { task_attr() }, drop_task),
    kind("route", { nl = "Verplaatsingen aanpassen", fr = "Aménager les déplacements",
                    en = "Adapt the routes" },
         route_attributes(), route),
    kind("psychosocial", { nl = "Psychosociale begeleiding", fr = "Accompagnement psychosocial",
                           en = "Psychosocial support" },
         { words(names("psychosocial")) }, provider("psychosocial")),
    kind("organisation", { nl = "Organisatie van het werk", fr = "Organisation du travail",
                           en = "Work organisation" },
         { words(names("organisation")) }, provider("organisation")),
    kind("pauses", { nl = "Pauzes bij langdurige houding", fr = "Pauses en posture prolongée",
                     en = "Breaks from a prolonged posture" },
         { task_attr(), job_number("pause-minutes-per-hour", "posture", "pause-minutes-per-hour", true) }, pauses),
    kind("limit-heavy-work", { nl = "Zwaar werk beperken", fr = "Limiter le travail lourd",
                               en = "Limit heavy work" },
         { job_number("hours-per-day", "heavy-work", "hours-per-day", true) }, limit_heavy_work),
    kind("carry-aid", { nl = "Draaghulpmiddel", fr = "Aide au port de charges", en = "Carrying aid" },
         { task_attr(), element_attr("carry"), job_number("residual-mass-kg", "carry", "mass-kg", true),
           job_number("distance-m", "carry", "distance-m", false) },
         carry_aid),
    kind("sit-stand", { nl = "Zit-sta-werkplek", fr = "Poste assis-debout", en = "Sit-stand workstation" },
         { task_attr(), job_number("continuous-minutes", "sitting", "continuous-minutes", true) },
         cap_postures({ "sitting", "standing" })),
    kind("rest-stops", { nl = "Rustpunten onderweg", fr = "Haltes de repos en chemin",
                         en = "Rest stops on the way" },
         { task_attr(), job_number("continuous-minutes", "walking", "continuous-minutes", true) }, cap_postures({ "walking" })),
  },
}
