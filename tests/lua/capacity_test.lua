--[[
capacity_test — table-driven tests of rules/capacity.lua (the job's ICF
demands, lifting, pushing and pulling, carrying, sitting, standing and
walking tolerance) and rules/screening.lua (TSK-17,
ÖMPSQ-10), run inside the engine's own sandbox by tests/lua/run.c
(build/tests/lua-rules; `make check` runs it).

The person tables are built as engine/lua_person.c builds them from a
profile: `icf`, `capacity` and `screening` always present (arrays, maybe
empty), a qualifier written `_` arriving as false, `a`/`p` codes arriving
as `d` with their text as written, measured figures and scores as floats.
The job tables follow the job-table contract of rules/README.md. The rule
sets are the engine's, run in their locked environments with the shared
helpers; texts are rendered by the engine (TEXTS[id]) from each rule set's
messages, in en, nl and fr, with the employer's and the worker's wordings.

Each row states the exact findings expected: every one of status, value,
limit, op, unit, task and element a row does not name must be nil, so a
finding that gains or loses a figure fails.

This chunk returns the suite as one function of (RULES, CATALOGUE, TEXT,
SETS, TEXTS) (run.c); it uses SETS and TEXTS and returns the number
passed, the number failed and the failures' lines.
]]

return function(_, _, _, SETS, TEXTS, HELP)

-- counts, guarded cases and the table helpers: tests/lua/helpers.lua
local check, guard, result = HELP.counter()
local copy, equal, close = HELP.copy, HELP.equal, HELP.close


local CAP, SCR = SETS.capacity, SETS.screening

-- ---------------------------------------------------------------------------
-- The rule sets as loaded.

local function ids(list, key)
  local out = {}
  for i, x in ipairs(list) do out[i] = x[key] end
  return table.concat(out, " ")
end

check("capacity: id", CAP.id == "capacity", CAP.id)
check("capacity: rules", ids(CAP.rules, "id") == "demands lifting push-pull carrying tolerance",
      ids(CAP.rules, "id"))
check("capacity: params", ids(CAP.params, "name")
      == "waist_cm lift_zone occasional_per_day frequent_per_day workday_hours icf_lift_kg",
      ids(CAP.params, "name"))
check("capacity: needs the person, medical", CAP.needs == "person" and CAP.medical == true)
check("screening: id", SCR.id == "screening", SCR.id)
check("screening: rules", ids(SCR.rules, "id") == "tsk-17 ompsq-10", ids(SCR.rules, "id"))
check("screening: params", ids(SCR.params, "name") == "tsk17_flag_above ompsq10_flag_from",
      ids(SCR.params, "name"))
check("screening: advisory, medical", SCR.advisory == true and SCR.medical == true
      and SCR.needs == "person")

-- ---------------------------------------------------------------------------
-- The person as engine/lua_person.c builds it.

local DIGIT = {}
for d = 0, 9 do DIGIT[tostring(d)] = d end

-- "d4300.12", "a4300._2", "e310+2", "b455.1", "d410" -> the statement's table.
local function statement(written)
  local first = written:sub(1, 1)
  local component = (first == "a" or first == "p") and "d" or first
  local i = 2
  while DIGIT[written:sub(i, i)] do i = i + 1 end
  local digits = i - 2
  local q = {}
  for j = i + 1, #written do q[#q + 1] = DIGIT[written:sub(j, j)] or false end
  return { code = component .. written:sub(2, i - 1), component = component,
           level = digits == 1 and 1 or digits - 1, facilitator = written:sub(i, i) == "+",
           qualifiers = q, text = written }
end

-- { icf = { "d4300.12" }, capacity = { lift("lift-floor-waist", 10, "occasional") },
--   screening = { { "tsk-17", 44 } } } -> the person table.
local function person(spec)
  spec = spec or {}
  local p = { id = "case-0042", age = 47, assessment = "2026-11-02", return_to_work = "2026-11-16",
              resting_bpm = 68.0, icf = {}, capacity = {}, screening = {} }
  for i, s in ipairs(spec.icf or {}) do p.icf[i] = statement(s) end
  for i, c in ipairs(spec.capacity or {}) do p.capacity[i] = c end
  for i, s in ipairs(spec.screening or {}) do
    p.screening[i] = { instrument = s[1], score = s[2] + 0.0 }
  end
  return p
end

-- A measured capacity: kg (a float, as the engine pushes it) at a frequency
-- (nil: the profile gave none).
local function kg(item, value, frequency)
  return { item = item, kg = value + 0.0, frequency = frequency }
end
local function minutes(item, value) return { item = item, minutes = value + 0.0 } end

-- ---------------------------------------------------------------------------
-- Jobs.

-- One task, "picking", 5.5 h a day, with the order picker's handling
-- (12 kg, 2/min, from 30 cm over 60 cm) unless `change` alters it.
local function job(change)
  local j = {
    id = "orderpicker-dc",
    title = { en = "Order picker, distribution centre" },
    schedule = { hours_per_day = 7.6, days_per_week = 5 },
    tasks = {
      { id = "picking", hours_per_day = 5.5,
        handling = { { mass_kg = 12, per_minute = 2, h_cm = 40, v_cm = 30, d_cm = 60,
                       asymmetry_deg = 30, coupling = "fair", duration = "long" } } },
    },
    falls = {}, psychosocial = {}, organisation = {},
    icf_demands = {},
  }
  if change then change(j) end
  return j
end

-- A field set to NONE is removed (a table cannot hold nil); hours_per_day
-- is the task's.
local NONE = {}
local function handling(fields)
  return function(j)
    local t = j.tasks[1]
    for k, v in pairs(fields) do
      if v == NONE then v = nil end
      if k == "hours_per_day" then t.hours_per_day = v else t.handling[1][k] = v end
    end
  end
end

local function demands(list)
  return function(j) j.icf_demands = list end
end

-- ---------------------------------------------------------------------------
-- Running a rule.

local SET_OF = { capacity = CAP, screening = SCR }
local STATUSES = { within = true, exceeds = true, unknown = true, ["not-applicable"] = true }
local FIELDS = { "status", "value", "limit", "op", "unit", "task", "element" }

local function params(set, overrides)
  local p = {}
  for _, prm in ipairs(set.params) do p[prm.name] = prm.default end
  for k, v in pairs(overrides or {}) do
    assert(p[k] ~= nil, "unknown param " .. k)
    assert(type(v) == type(p[k]), "param " .. k .. " takes a " .. type(p[k]))
    p[k] = v
  end
  return p
end

local function rule(set, id)
  for _, r in ipairs(set.rules) do if r.id == id then return r end end
  error("no rule " .. id .. " in " .. set.id)
end

-- One line with every placeholder filled.
local function text_problem(t, what)
  for _, lang in ipairs({ "en", "nl", "fr" }) do
    local s = t[lang]
    if type(s) ~= "string" or s == "" or s:find("\n") then return "bad " .. what .. "." .. lang end
    if s:find("%s") or s:find("nil") then return "unfilled " .. what .. "." .. lang .. ": " .. s end
  end
end

-- What the engine's emit makes of a contract-3 rule's call when rendered
-- (rules/README.md): the finding table, its args the message's arguments
-- (as many as the set's template has %s), then `ratio`, then the named
-- data's `employer` and `worker`.
local function collector(set, into)
  return function(status, value, limit, op, unit, task, element, message, ...)
    local template = set.messages[message] and set.messages[message].en or ""
    local nargs, k = 0, 1 -- the %s in the template (the sandbox has no patterns)
    while k < #template do
      if string.byte(template, k) == 37 then
        if string.byte(template, k + 1) == 115 then nargs = nargs + 1 end
        k = k + 1
      end
      k = k + 1
    end
    local f = { status = status, value = value, limit = limit, op = op, unit = unit, task = task,
                element = element, message = message, args = {} }
    for i = 1, nargs do f.args[i] = (select(i, ...)) end
    f.ratio = (select(nargs + 1, ...))
    local named = (select(nargs + 2, ...))
    assert(select("#", ...) <= nargs + 2, "emit: more than a ratio and named data after the arguments")
    if named then f.employer, f.worker = named.employer, named.worker end
    into[#into + 1] = f
  end
end

-- The findings of one rule, each with `rendered` = { text, employer, worker }
-- as the engine renders them; raises on a refused finding, a finding of the
-- wrong shape, or a rule that changed the job or the person.
local function run(set_id, rule_id, j, who, overrides)
  local set = SET_OF[set_id]
  local before_job, before_person = copy(j), copy(who)
  local eval, p = rule(set, rule_id).eval, params(set, overrides)
  local findings
  if (set.contract or 1) >= 3 then
    -- Emitted, rendered and not: the same findings but for what only a
    -- report reads (the message's arguments, the named data).
    -- What a rule returns beside emitting is read after what it emitted.
    local shown, unshown = {}, {}
    for render, into in pairs({ [true] = shown, [false] = unshown }) do
      local returned = eval(j, p, who, collector(set, into), render)
      if type(returned) == "table" then
        for _, f in ipairs(returned) do into[#into + 1] = f end
      end
    end
    assert(#shown == #unshown, "rendered or not, a different number of findings")
    for i = 1, #shown do
      for _, k in ipairs({ "status", "value", "limit", "op", "unit", "task", "element",
                           "message", "ratio" }) do
        assert(shown[i][k] == unshown[i][k], "finding " .. i .. ": " .. k .. " differs unrendered")
      end
    end
    findings = shown
  else
    findings = eval(j, p, who)
  end
  assert(type(findings) == "table" and #findings > 0, "no finding")
  assert(equal(j, before_job), "the rule changed the job")
  assert(equal(who, before_person), "the rule changed the person")
  for i, f in ipairs(findings) do
    assert(STATUSES[f.status], "finding " .. i .. ": status " .. tostring(f.status))
    if f.status == "not-applicable" or f.status == "unknown" then
      assert(f.value == nil and f.limit == nil, "finding " .. i .. ": " .. f.status .. " with a figure")
    end
    local t, employer, worker = TEXTS[set_id](f)
    f.rendered = { text = t, employer = employer, worker = worker }
    for what, r in pairs(f.rendered) do
      local problem = text_problem(r, what)
      assert(not problem, "finding " .. i .. ": " .. tostring(problem))
    end
  end
  return findings
end

-- ---------------------------------------------------------------------------
-- Rows: { case, set, rule, job, person, params, expected findings }.
-- An expected finding names its fields (FIELDS: all others must be nil);
-- `ratio` is compared when given; en/nl/fr/employer/worker are fragments of
-- the rendered texts (employer and worker in en; `employer = false`: none).

local ROWS = {}
local function row(r) ROWS[#ROWS + 1] = r end

local LIFT = "lifting and putting down loads"

-- Demands.
row { "demand: exact code exceeds", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1 } })), person { icf = { "d4300.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d4300", ratio = 1.5,
          en = "d4300 (lifting): capacity qualifier 2 (moderate problem), the job admits at most 1",
          nl = "d4300 (tillen): capaciteitskwalificatie 2 (matig probleem), de functie laat hoogstens 1 toe",
          fr = "d4300 (soulever) : qualificatif de capacité 2 (problème modéré), le poste admet au plus 1",
          employer = LIFT .. ": beyond what the person can do now",
          worker = LIFT .. ": you now have moderate difficulty with it; this job allows at most mild difficulty" } } }
row { "demand: exact code within at the limit", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1 } })), person { icf = { "d4300.11" } }, nil,
      { { status = "within", value = 1, limit = 1, op = "<=", element = "d4300", ratio = 1,
          en = "capacity qualifier 1 (mild problem), the job admits at most 1",
          employer = LIFT .. ": within what the person can do now" } } }
row { "demand: a4300 read as d4300", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 0 } })), person { icf = { "a4300.00" } }, nil,
      { { status = "within", value = 0, limit = 0, op = "<=", element = "d4300", ratio = 1 } } }
row { "demand: broader code", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 2 } })), person { icf = { "d430.13" } }, nil,
      { { status = "exceeds", value = 3, limit = 2, op = "<=", element = "d4300", ratio = 4 / 3,
          en = "capacity qualifier 3 (severe problem) (from the broader code d430), the job admits at most 2",
          nl = "(van de bredere code d430)", fr = "(du code plus large d430)" } } }
row { "demand: the exact code wins over the broader", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 2 } })), person { icf = { "d430.13", "d4300.11" } }, nil,
      { { status = "within", value = 1, limit = 2, op = "<=", element = "d4300", ratio = 2 / 3 } } }
row { "demand: narrower codes, the worst", "capacity", "demands",
      job(demands({ { code = "d410", max_difficulty = 1 } })), person { icf = { "d4101.01", "d4105.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d410", ratio = 1.5,
          en = "d410: capacity qualifier 2 (moderate problem) (the worst of the narrower codes d4101, d4105), the job admits at most 1",
          nl = "(de slechtste van de nauwere codes d4101, d4105)",
          fr = "(le pire des codes plus précis d4101, d4105)",
          employer = "bending: beyond what the person can do now" } } }
row { "demand: capacity not recorded (_)", "capacity", "demands",
      job(demands({ { code = "d4500", max_difficulty = 1 } })), person { icf = { "d4500.1_" } }, nil,
      { { status = "unknown", element = "d4500",
          en = "d4500: d4500.1_ gives no capacity (qualifier 2: not recorded)",
          employer = "walking and moving around: not known yet (more data needed)" } } }
row { "demand: one qualifier only (broader d450.0)", "capacity", "demands",
      job(demands({ { code = "d4500", max_difficulty = 1 } })), person { icf = { "d450.0" } }, nil,
      { { status = "unknown", element = "d4500",
          en = "d4500: d450.0 gives no capacity (qualifier 2: not recorded)" } } }
row { "demand: one qualifier only (exact d450.0)", "capacity", "demands",
      job(demands({ { code = "d450", max_difficulty = 1 } })), person { icf = { "d450.0" } }, nil,
      { { status = "unknown", element = "d450", en = "d450.0 gives no capacity (qualifier 2: not recorded)" } } }
row { "demand: qualifier 8", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1 } })), person { icf = { "d4300.18" } }, nil,
      { { status = "unknown", element = "d4300", en = "d4300.18 gives no capacity (qualifier 2: not specified)",
          nl = "(kwalificatie 2: niet gespecificeerd)" } } }
row { "demand: qualifier 9", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1 } })), person { icf = { "d4300.19" } }, nil,
      { { status = "unknown", element = "d4300", en = "d4300.19 gives no capacity (qualifier 2: not applicable)" } } }
row { "demand: no code at all", "capacity", "demands",
      job(demands({ { code = "d4500", max_difficulty = 1 } })), person { icf = { "d4300.12" } }, nil,
      { { status = "unknown", element = "d4500",
          en = "d4500: the person has no code for this demand (nor a broader or narrower one): capacity unknown" } } }
row { "demand: an e demand", "capacity", "demands",
      job(demands({ { code = "e310", max_difficulty = 1 } })), person { icf = { "e310+2" } }, nil,
      { { status = "unknown", element = "e310",
          en = "e310: an environmental factor is not a capacity of the person",
          employer = "a functional demand: not known yet (more data needed)" } } }
row { "demand: b uses the 1st qualifier", "capacity", "demands",
      job(demands({ { code = "b455", max_difficulty = 0 } })), person { icf = { "b455.1" } }, nil,
      { { status = "exceeds", value = 1, limit = 0, op = "<=", element = "b455", ratio = 2,
          en = "b455 (exercise tolerance functions): capacity qualifier 1 (mild problem), the job admits at most 0",
          employer = "heavy physical work: beyond what the person can do now" } } }
row { "demand: s uses the 1st qualifier", "capacity", "demands",
      job(demands({ { code = "s76002", max_difficulty = 2 } })), person { icf = { "s76002.273" } }, nil,
      { { status = "within", value = 2, limit = 2, op = "<=", element = "s76002", ratio = 1 } } }
row { "demand: none in the job", "capacity", "demands", job(), person { icf = { "d4300.12" } }, nil,
      { { status = "not-applicable", en = "the job states no ICF demands", employer = false } } }
row { "demand: with a task keeps task and element", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1, task = "picking" },
                    { code = "d4105", max_difficulty = 2, task = "picking" },
                    { code = "d4500", max_difficulty = 1 } })),
      person { icf = { "d4300.12", "d4105.12", "d4500.11" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", task = "picking", element = "d4300",
          employer = LIFT .. " (picking): beyond what the person can do now",
          worker = LIFT .. " (picking): you now have moderate difficulty" },
        { status = "within", value = 2, limit = 2, op = "<=", task = "picking", element = "d4105",
          employer = "bending (picking): within what the person can do now" },
        { status = "within", value = 1, limit = 1, op = "<=", element = "d4500",
          employer = "walking and moving around: within" } } }
row { "demand: a person without a profile's tables", "capacity", "demands",
      job(demands({ { code = "d4300", max_difficulty = 1 } })), {}, nil,
      { { status = "unknown", element = "d4300", en = "the person has no code for this demand" } } }

-- Lifting. 12 kg at 2/min over 5.5 h is 660 handlings a day: constant.
local FW, WS = "lift-floor-waist", "lift-waist-shoulder"
local MEASURED_10 = person { capacity = { kg(FW, 10, "occasional") } }
local BOTH_ZONES_EARLY = person { capacity = { kg(FW, 10, "constant"), kg(WS, 10, "constant") } }

row { "lift: occasional measurement, constant demand above it", "capacity", "lifting", job(), MEASURED_10, nil,
      { { status = "exceeds", value = 12, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "12 kg handled (lift floor–waist, 660 times a day), capacity lift floor–waist 10 kg measured for occasional lifting",
          nl = "12 kg gehanteerd (tillen vloer–taille, 660 keer per dag), capaciteit tillen vloer–taille 10 kg gemeten voor occasioneel tillen",
          fr = "12 kg manutentionnés (levage sol–taille, 660 fois par jour), capacité en levage sol–taille 10 kg mesurée pour un levage occasionnel",
          employer = "lifting (picking): load 12 kg, the person lifts at most 10 kg now",
          worker = "lifting (picking): the job asks you to lift 12 kg, 660 times a day; you can lift 10 kg now" } } }
row { "lift: below an occasional measurement, constant demand", "capacity", "lifting",
      job(handling { mass_kg = 8 }), MEASURED_10, nil,
      { { status = "unknown", task = "picking",
          en = "8 kg handled (lift floor–waist, 660 times a day): capacity lift floor–waist measured only at other rates (10 kg for occasional lifting); measure it at this rate",
          nl = "capaciteit tillen vloer–taille alleen bij andere frequenties gemeten (10 kg voor occasioneel tillen); meet ze bij deze frequentie",
          fr = "capacité en levage sol–taille mesurée seulement à d'autres fréquences (10 kg pour un levage occasionnel) ; la mesurer à cette fréquence",
          employer = LIFT .. " (picking): not known yet (more data needed)", worker = false } } }
row { "lift: 60 a day is occasional", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = 1, hours_per_day = 1 }), MEASURED_10, nil,
      { { status = "within", value = 8, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "8 kg handled (lift floor–waist, 60 times a day), capacity lift floor–waist 10 kg measured for occasional lifting",
          employer = "lifting (picking): load 8 kg, the person lifts at most 10 kg now" } } }
row { "lift: 100 a day is still occasional", "capacity", "lifting",
      job(handling { mass_kg = 10, per_minute = 1, hours_per_day = 100 / 60 }), MEASURED_10, nil,
      { { status = "within", value = 10, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "100 times a day" } } }
row { "lift: rate not recorded is read as occasional", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = NONE }), MEASURED_10, nil,
      { { status = "within", value = 8, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "8 kg handled (lift floor–waist, rate not recorded, read as occasional)" } } }

-- 1/min over 5 h is 300 a day: frequent.
local OCC_FREQ = person { capacity = { kg(FW, 15, "occasional"), kg(FW, 9, "frequent") } }
row { "lift: the frequent measurement for a frequent demand", "capacity", "lifting",
      job(handling { mass_kg = 10, per_minute = 1, hours_per_day = 5 }), OCC_FREQ, nil,
      { { status = "exceeds", value = 10, limit = 9, op = "<=", unit = "kg", task = "picking",
          en = "10 kg handled (lift floor–waist, 300 times a day), capacity lift floor–waist 9 kg measured for frequent lifting" } } }
row { "lift: within the frequent measurement", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = 1, hours_per_day = 5 }), OCC_FREQ, nil,
      { { status = "within", value = 8, limit = 9, op = "<=", unit = "kg", task = "picking" } } }
row { "lift: the occasional measurement for an occasional demand", "capacity", "lifting",
      job(handling { mass_kg = 12, per_minute = 1, hours_per_day = 1 }), OCC_FREQ, nil,
      { { status = "within", value = 12, limit = 15, op = "<=", unit = "kg", task = "picking",
          en = "15 kg measured for occasional lifting" } } }
-- Readings of measured capacities (doc/icf.md): a figure decides at
-- its own rate; one at a higher rate is a lower bound, one at a lower rate
-- an upper bound; between them nothing is known.
row { "lift: a constant figure is a lower bound for a frequent demand", "capacity", "lifting",
      job(handling { mass_kg = 6, per_minute = 1, hours_per_day = 5 }),
      person { capacity = { kg(FW, 15, "occasional"), kg(FW, 7, "constant") } }, nil,
      { { status = "within", value = 6, limit = 7, op = "<=", unit = "kg", task = "picking",
          en = "7 kg measured for constant lifting" } } }
row { "lift: between a constant and an occasional figure is unknown", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = 1, hours_per_day = 5 }),
      person { capacity = { kg(FW, 15, "occasional"), kg(FW, 7, "constant") } }, nil,
      { { status = "unknown", task = "picking",
          en = "measured only at other rates (15 kg for occasional lifting, 7 kg for constant lifting); measure it at this rate" } } }
row { "lift: above the occasional figure exceeds a frequent demand", "capacity", "lifting",
      job(handling { mass_kg = 16, per_minute = 1, hours_per_day = 5 }),
      person { capacity = { kg(FW, 15, "occasional"), kg(FW, 7, "constant") } }, nil,
      { { status = "exceeds", value = 16, limit = 15, op = "<=", unit = "kg", task = "picking",
          en = "15 kg measured for occasional lifting" } } }
row { "lift: the tightest of the lower rates is the upper bound", "capacity", "lifting",
      job(handling { mass_kg = 10 }), -- 660 a day: constant
      person { capacity = { kg(FW, 17, "occasional"), kg(FW, 4, "frequent") } }, nil,
      { { status = "exceeds", value = 10, limit = 4, op = "<=", unit = "kg", task = "picking",
          en = "10 kg handled (lift floor–waist, 660 times a day), capacity lift floor–waist 4 kg measured for frequent lifting",
          worker = "you can lift 4 kg now" } } }
row { "lift: a figure at a higher rate is a lower bound, not a limit", "capacity", "lifting",
      job(handling { mass_kg = 10, per_minute = 1, hours_per_day = 1 }), -- 60 a day: occasional
      person { capacity = { kg(FW, 4, "constant") } }, nil,
      { { status = "unknown", task = "picking",
          en = "10 kg handled (lift floor–waist, 60 times a day): capacity lift floor–waist measured only at other rates (4 kg for constant lifting); measure it at this rate",
          employer = LIFT .. " (picking): not known yet" } } }
row { "lift: a frequent figure holds for an occasional demand below it", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = 1, hours_per_day = 1 }),
      person { capacity = { kg(FW, 8, "frequent") } }, nil,
      { { status = "within", value = 8, limit = 8, op = "<=", unit = "kg", task = "picking",
          en = "8 kg measured for frequent lifting" } } }
row { "lift: with occasional and frequent figures, constant between them names both", "capacity",
      "lifting", job(handling { mass_kg = 8 }), person { capacity = { kg(FW, 15, "occasional"), kg(FW, 9, "frequent") } },
      nil,
      { { status = "unknown", task = "picking",
          en = "8 kg handled (lift floor–waist, 660 times a day): capacity lift floor–waist measured only at other rates (15 kg for occasional lifting, 9 kg for frequent lifting); measure it at this rate",
          nl = "(15 kg voor occasioneel tillen, 9 kg voor frequent tillen)",
          fr = "(15 kg pour un levage occasionnel, 9 kg pour un levage fréquent)" } } }
row { "lift: a measurement without frequency is occasional", "capacity", "lifting",
      job(handling { mass_kg = 8, per_minute = 1, hours_per_day = 1 }), person { capacity = { kg(FW, 10) } }, nil,
      { { status = "within", value = 8, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "measured for occasional lifting" } } }
row { "lift: a measurement comes before ICF", "capacity", "lifting", job(),
      person { icf = { "d4300.14" }, capacity = { kg(FW, 12, "constant") } }, nil,
      { { status = "within", value = 12, limit = 12, op = "<=", unit = "kg", task = "picking",
          en = "12 kg measured for constant lifting" } } }

row { "lift: estimated from d4300 q2", "capacity", "lifting", job(), person { icf = { "d4300.12" } }, nil,
      { { status = "exceeds", value = 12, limit = 11.73, op = "<=", unit = "kg", task = "picking",
          en = "12 kg handled (lift floor–waist, 660 times a day), capacity lift floor–waist 11.73 kg estimated from ICF: d4300 qualifier 2 → 23 kg × (1 − 0.49)",
          nl = "11,73 kg geschat uit ICF: d4300 kwalificatie 2 → 23 kg × (1 − 0,49)",
          fr = "11,73 kg estimée d'après la CIF : d4300 qualificatif 2 → 23 kg × (1 − 0,49)",
          employer = "lifting (picking): load 12 kg, the person lifts at most 11.73 kg now" } } }
row { "lift: estimated from d4300 q2, within", "capacity", "lifting", job(handling { mass_kg = 11.5 }),
      person { icf = { "d4300.12" } }, nil,
      { { status = "within", value = 11.5, limit = 11.73, op = "<=", unit = "kg", task = "picking" } } }
row { "lift: estimated from d4300 q0", "capacity", "lifting", job(), person { icf = { "d4300.00" } }, nil,
      { { status = "within", value = 12, limit = 22.08, op = "<=", unit = "kg", task = "picking",
          en = "22.08 kg estimated from ICF: d4300 qualifier 0 → 23 kg × (1 − 0.04)" } } }
row { "lift: estimated from d4300 q1", "capacity", "lifting", job(), person { icf = { "d4300.11" } }, nil,
      { { status = "within", value = 12, limit = 17.48, op = "<=", unit = "kg", task = "picking" } } }
row { "lift: q3 is too wide", "capacity", "lifting", job(), person { icf = { "d4300.13" } }, nil,
      { { status = "unknown", task = "picking",
          en = "12 kg handled (lift floor–waist): no measurement, and d4300 qualifier 3 (50-95 %) is too wide to estimate from: measure the lifting capacity",
          employer = LIFT .. " (picking): not known yet" } } }
row { "lift: q4 is 0 kg", "capacity", "lifting", job(), person { icf = { "d4300.14" } }, nil,
      { { status = "exceeds", value = 12, limit = 0, op = "<=", unit = "kg", task = "picking",
          en = "capacity lift floor–waist 0 kg estimated from ICF: d4300 qualifier 4 → 23 kg × (1 − 1)" } } }
row { "lift: the worse of d4300 and d4305", "capacity", "lifting", job(),
      person { icf = { "d4300.11", "d4305.12" } }, nil,
      { { status = "exceeds", value = 12, limit = 11.73, op = "<=", unit = "kg", task = "picking",
          en = "estimated from ICF: d4305 qualifier 2" } } }
-- As the narrower codes of a demand: one of d4300/d4305 without its
-- capacity may be the worse, so the other's estimate decides only an excess.
row { "lift: d4305 estimated, d4300 without capacity: within is unknown", "capacity", "lifting", job(),
      person { icf = { "d4300.1_", "d4305.11" } }, nil,
      { { status = "unknown", task = "picking",
          en = "12 kg handled (lift floor–waist): no measurement; d4300.1_ gives no capacity, and the estimate from d4305 qualifier 1 (17.48 kg) can only show an excess: measure the lifting capacity",
          nl = "d4300.1_ geeft geen capaciteit", fr = "d4300.1_ ne donne pas de capacité",
          employer = LIFT .. " (picking): not known yet" } } }
row { "lift: d4305 estimated, d4300 without capacity: an excess still decides", "capacity", "lifting",
      job(), person { icf = { "d4300.18", "d4305.12" } }, nil,
      { { status = "exceeds", value = 12, limit = 11.73, op = "<=", unit = "kg", task = "picking",
          en = "estimated from ICF: d4305 qualifier 2" } } }
row { "lift: estimated from the broader d430", "capacity", "lifting", job(), person { icf = { "d430.11" } }, nil,
      { { status = "within", value = 12, limit = 17.48, op = "<=", unit = "kg", task = "picking",
          en = "estimated from ICF: d430 qualifier 1" } } }
row { "lift: icf_lift_kg set", "capacity", "lifting", job(), person { icf = { "d4300.12" } }, { icf_lift_kg = 25 },
      { { status = "within", value = 12, limit = 12.75, op = "<=", unit = "kg", task = "picking",
          en = "25 kg × (1 − 0.49)" } } }
row { "lift: nothing known, one not-applicable per handling", "capacity", "lifting",
      job(function(j)
        j.tasks[1].handling = { { id = "crates", mass_kg = 5, per_minute = 1 },
                                { id = "water", mass_kg = 9, per_minute = 0.5 } }
      end),
      person { icf = { "d4500.12" }, capacity = { minutes("sitting", 45), kg("push", 20) } }, nil,
      { { status = "not-applicable", task = "picking", element = "crates",
          en = "no lifting capacity recorded (no FCE lift, no d4300/d4305): not judged", employer = false },
        { status = "not-applicable", task = "picking", element = "water" } } }
row { "lift: a person without a profile's tables", "capacity", "lifting", job(), {}, nil,
      { { status = "not-applicable", task = "picking", en = "no lifting capacity recorded" } } }
row { "lift: no handling in the job", "capacity", "lifting",
      job(function(j) j.tasks[1].handling = nil; j.tasks[1].push_pull = { { mass_kg = 180, wheels = 4 } } end),
      MEASURED_10, nil,
      { { status = "not-applicable", en = "no manual handling", employer = false } } }
row { "lift: mass not recorded", "capacity", "lifting", job(handling { mass_kg = NONE }), MEASURED_10, nil,
      { { status = "unknown", task = "picking", en = "mass of the load not recorded" } } }
row { "lift: above the waist, only floor–waist measured, no ICF", "capacity", "lifting",
      job(handling { v_cm = 80 }), MEASURED_10, nil,
      { { status = "unknown", task = "picking",
          en = "lift waist–shoulder not measured, and no ICF capacity to estimate it from: measure it",
          nl = "tillen taille–schouder niet gemeten",
          employer = LIFT .. " (picking): not known yet" } } }
row { "lift: assessed in another zone only: measure it in this zone", "capacity", "lifting",
      job(handling { v_cm = 80 }), MEASURED_10, nil,
      { { status = "unknown", task = "picking", en = "measure it in this zone",
          nl = "meet ze in deze zone", fr = "le mesurer dans cette zone" } } }
row { "lift: a d4300 without its capacity digit: measure it in this zone", "capacity", "lifting",
      job(), person { icf = { "d4300.2" } }, nil,
      { { status = "unknown", task = "picking",
          en = "lift floor–waist not measured, and no ICF capacity to estimate it from: measure it in this zone" } } }
row { "lift: a handling without v-cm has no zone, never floor–waist", "capacity", "lifting",
      job(handling { v_cm = NONE }), MEASURED_10, nil,
      { { status = "unknown", task = "picking",
          en = "12 kg handled: the height of the load (v-cm) is not recorded, so the lifting zone is unknown",
          nl = "de hoogte van de last (v-cm) is niet geregistreerd",
          fr = "la hauteur de la charge (v-cm) n'est pas renseignée",
          employer = LIFT .. " (picking): not known yet" } } }
row { "lift: a handling without v-cm, within every zone, is still unknown", "capacity", "lifting",
      job(handling { v_cm = NONE, mass_kg = 2 }), BOTH_ZONES_EARLY, nil,
      { { status = "unknown", task = "picking", en = "the lifting zone is unknown" } } }
row { "lift: a handling without v-cm, nothing about lifting: not judged", "capacity", "lifting",
      job(handling { v_cm = NONE }), person { icf = { "d4500.11" } }, nil,
      { { status = "not-applicable", task = "picking", en = "no lifting capacity recorded", employer = false } } }
row { "lift: at the waist is waist–shoulder", "capacity", "lifting", job(handling { v_cm = 75 }), MEASURED_10, nil,
      { { status = "unknown", task = "picking", en = "lift waist–shoulder not measured" } } }
row { "lift: waist_cm set above the origin", "capacity", "lifting", job(handling { v_cm = 80 }), MEASURED_10,
      { waist_cm = 85 },
      { { status = "exceeds", value = 12, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "capacity lift floor–waist 10 kg" } } }
row { "lift: above the waist, estimated from ICF", "capacity", "lifting", job(handling { v_cm = 80 }),
      person { icf = { "d4300.11" }, capacity = { kg(FW, 10, "occasional") } }, nil,
      { { status = "within", value = 12, limit = 17.48, op = "<=", unit = "kg", task = "picking",
          en = "capacity lift waist–shoulder 17.48 kg estimated from ICF" } } }

local BOTH_ZONES = person { capacity = { kg(FW, 15, "occasional"), kg(WS, 5, "occasional") } }
local SPAN_LIFT = handling { mass_kg = 8, per_minute = 1, hours_per_day = 1 } -- from 30 cm over 60 cm
row { "lift: origin judges the zone the load starts in", "capacity", "lifting", job(SPAN_LIFT), BOTH_ZONES, nil,
      { { status = "within", value = 8, limit = 15, op = "<=", unit = "kg", task = "picking",
          en = "capacity lift floor–waist 15 kg" } } }
row { "lift: span also judges waist–shoulder", "capacity", "lifting", job(SPAN_LIFT), BOTH_ZONES,
      { lift_zone = "span" },
      { { status = "exceeds", value = 8, limit = 5, op = "<=", unit = "kg", task = "picking",
          en = "8 kg handled (lift waist–shoulder, 60 times a day), capacity lift waist–shoulder 5 kg measured for occasional lifting" } } }
row { "lift: span within the waist stays floor–waist", "capacity", "lifting",
      job(function(j) SPAN_LIFT(j); j.tasks[1].handling[1].d_cm = 40 end), BOTH_ZONES, { lift_zone = "span" },
      { { status = "within", value = 8, limit = 15, op = "<=", unit = "kg", task = "picking" } } }

-- Pushing and pulling.
local CART = function(j)
  j.tasks[2] = { id = "transport", hours_per_day = 1, push_pull = { { mass_kg = 180, wheels = 4 } } }
end
row { "push-pull: no push or pull capacity", "capacity", "push-pull", job(CART), MEASURED_10, nil,
      { { status = "not-applicable", task = "transport", en = "no push or pull capacity recorded: not judged",
          employer = false } } }
row { "push-pull: a push measurement, the job gives mass", "capacity", "push-pull", job(CART),
      person { capacity = { kg("push", 20) } }, nil,
      { { status = "unknown", task = "transport",
          en = "180 kg pushed or pulled: the job gives the mass moved, not the force; measured push 20 kg: measure the force required",
          employer = "pushing and pulling (transport): not known yet (more data needed)" } } }
row { "push-pull: the weaker of push and pull", "capacity", "push-pull", job(CART),
      person { capacity = { kg("push", 20), kg("pull", 15) } }, nil,
      { { status = "unknown", task = "transport", en = "measured pull 15 kg" } } }
row { "push-pull: none in the job", "capacity", "push-pull", job(), person { capacity = { kg("push", 20) } }, nil,
      { { status = "not-applicable", en = "no pushing or pulling", employer = false } } }

-- Fixed after the first run of this suite (each row failed before).
row { "fixed: d445 is hand work, not pushing (the closest link)", "capacity", "demands",
      job(demands({ { code = "d445", max_difficulty = 1 } })), person { icf = { "d445.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d445", ratio = 1.5,
          en = "d445 (hand and arm use)",
          employer = "repetitive hand work: beyond what the person can do now" } } }
row { "fixed: span judges a reached zone nothing measures", "capacity", "lifting", job(SPAN_LIFT),
      person { capacity = { kg(FW, 15, "occasional") } }, { lift_zone = "span" },
      { { status = "unknown", task = "picking",
          en = "lift waist–shoulder not measured, and no ICF capacity to estimate it from: measure it" } } }
row { "fixed: d4300 without its capacity is not 'no d4300'", "capacity", "lifting", job(),
      person { icf = { "d4300.1_" } }, nil,
      { { status = "unknown", task = "picking",
          en = "lift floor–waist not measured, and no ICF capacity to estimate it from: measure it" } } }
row { "fixed: a push without its mass is not 0 kg", "capacity", "push-pull",
      job(function(j) j.tasks[2] = { id = "transport", hours_per_day = 1, push_pull = { { wheels = 4 } } } end),
      person { capacity = { kg("push", 20) } }, nil,
      { { status = "unknown", task = "transport", en = "mass pushed or pulled not recorded" } } }
row { "fixed: a narrower code without capacity keeps a within open", "capacity", "demands",
      job(demands({ { code = "d410", max_difficulty = 1 } })), person { icf = { "d4101.3_", "d4105.11" } }, nil,
      { { status = "unknown", element = "d410",
          en = "d410: the narrower codes d4101, d4105 are within, but d4101.3_ gives no capacity: unknown" } } }
row { "fixed: ... and an exceeding narrower code still decides", "capacity", "demands",
      job(demands({ { code = "d410", max_difficulty = 1 } })), person { icf = { "d4101.3_", "d4105.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d410", ratio = 1.5 } } }

-- A code's label is its own meaning (doc/icf.md's links), never its dimension's
-- words; a code without one is shown bare (each row failed before).
row { "label: d4305 is putting down, not its dimension", "capacity", "demands",
      job(demands({ { code = "d4305", max_difficulty = 1 } })), person { icf = { "d4305.11" } }, nil,
      { { status = "within", value = 1, limit = 1, op = "<=", element = "d4305", ratio = 1,
          en = "d4305 (putting down objects): capacity qualifier 1",
          nl = "d4305 (voorwerpen neerzetten): capaciteitskwalificatie 1",
          fr = "d4305 (poser des objets) : qualificatif de capacité 1",
          employer = LIFT .. ": within what the person can do now" } } }
row { "label: d4153 is sitting, not standing or sitting", "capacity", "demands",
      job(demands({ { code = "d4153", max_difficulty = 1 } })), person { icf = { "d4153.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d4153", ratio = 1.5,
          en = "d4153 (maintaining a sitting position): capacity qualifier 2",
          nl = "d4153 (zittende houding aanhouden)", fr = "d4153 (maintenir la position assise)" } } }
row { "label: a code outside the links is shown bare", "capacity", "demands",
      job(demands({ { code = "d4751", max_difficulty = 1 } })), person { icf = { "d4751.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d4751", ratio = 1.5,
          en = "d4751: capacity qualifier 2 (moderate problem), the job admits at most 1",
          nl = "d4751: capaciteitskwalificatie 2", fr = "d4751 : qualificatif de capacité 2",
          employer = "a functional demand: beyond what the person can do now" } } }
row { "label: a chapter code is no dimension (d4 is not hand work)", "capacity", "demands",
      job(demands({ { code = "d4", max_difficulty = 1 } })), person { icf = { "d4.2" } }, nil,
      { { status = "unknown", element = "d4", en = "d4: d4.2 gives no capacity",
          employer = "a functional demand: not known yet" } } }
row { "label: d430 holds lifting and carrying, so neither", "capacity", "demands",
      job(demands({ { code = "d430", max_difficulty = 1 } })), person { icf = { "d430.12" } }, nil,
      { { status = "exceeds", value = 2, limit = 1, op = "<=", element = "d430", ratio = 1.5,
          en = "d430: capacity qualifier 2", employer = "a functional demand: beyond" } } }

-- Screening: flags, judged on the score against the cut-off.
local function screened(...) return person { screening = { ... } } end
row { "tsk-17 44 is a flag", "screening", "tsk-17", job(), screened({ "tsk-17", 44 }), nil,
      { { status = "exceeds", value = 44, limit = 37,
          en = "TSK-17 = 44, flag above 37: high fear of movement; plan a graded return (advice, not a verdict)",
          nl = "TSK-17 = 44, vlag boven 37: grote bewegingsangst",
          fr = "TSK-17 = 44, signal au-dessus de 37 : forte peur du mouvement",
          employer = false, worker = "your answers show a strong fear of moving" } } }
row { "tsk-17 37 is no flag", "screening", "tsk-17", job(), screened({ "tsk-17", 37 }), nil,
      { { status = "within", value = 37, limit = 37, en = "TSK-17 = 37, flag above 37: no flag",
          employer = false, worker = false } } }
row { "tsk-17 38 is a flag", "screening", "tsk-17", job(), screened({ "tsk-17", 38 }), nil,
      { { status = "exceeds", value = 38, limit = 37 } } }
row { "ompsq-10 50 is a flag", "screening", "ompsq-10", job(), screened({ "ompsq-10", 50 }), nil,
      { { status = "exceeds", value = 50, limit = 50,
          en = "ÖMPSQ-10 = 50, flag from 50: high risk of long-term disability",
          employer = false, worker = "your answers show a risk that recovery takes long" } } }
row { "ompsq-10 49 is no flag", "screening", "ompsq-10", job(), screened({ "ompsq-10", 49 }), nil,
      { { status = "within", value = 49, limit = 50, en = "ÖMPSQ-10 = 49, flag from 50: no flag",
          fr = "ÖMPSQ-10 = 49, signal à partir de 50 : pas de signal", worker = false } } }
row { "tsk-17 absent", "screening", "tsk-17", job(), screened({ "ompsq-10", 60 }), nil,
      { { status = "not-applicable", en = "TSK-17 not administered", nl = "TSK-17 niet afgenomen" } } }
row { "ompsq-10 absent", "screening", "ompsq-10", job(), screened({ "tsk-17", 44 }), nil,
      { { status = "not-applicable", en = "ÖMPSQ-10 not administered" } } }
row { "screening: a person without a profile's tables", "screening", "tsk-17", job(), {}, nil,
      { { status = "not-applicable" } } }
row { "tsk-17 cut-off set to 50", "screening", "tsk-17", job(), screened({ "tsk-17", 44 }),
      { tsk17_flag_above = 50 },
      { { status = "within", value = 44, limit = 50, en = "TSK-17 = 44, flag above 50: no flag" } } }
row { "ompsq-10 cut-off set to 40", "screening", "ompsq-10", job(), screened({ "ompsq-10", 45 }),
      { ompsq10_flag_from = 40 },
      { { status = "exceeds", value = 45, limit = 40, en = "flag from 40" } } }
row { "screening: both instruments, each its own", "screening", "ompsq-10", job(),
      screened({ "tsk-17", 20 }, { "ompsq-10", 72 }), nil,
      { { status = "exceeds", value = 72, limit = 50 } } }

-- ---------------------------------------------------------------------------
-- Pushing and pulling forces, carrying, and sitting, standing and walking
-- (issue 20, part 6): the person's figures at the demand's rate
-- (doc/icf.md, "Readings of measured capacities"). 1 kgf = 9.80665 N.

local PUSH_WORDS = "pushing and pulling (transport)"
-- transport, 1 h a day; the push-pull's fields as given.
local function cart(fields)
  return job(function(j)
    j.tasks[2] = { id = "transport", hours_per_day = 1, push_pull = { fields } }
  end)
end
row { "fixed: a measured push against a recorded force is judged, not 'measure the force'", "capacity",
      "push-pull", cart { mass_kg = 180, wheels = 4, initial_force_n = 150, sustained_force_n = 80,
                          direction = "push", per_minute = 0.5 },
      person { capacity = { kg("push", 20, "occasional") } }, nil,
      { { status = "within", value = 150, limit = 196.133, op = "<=", unit = "N", task = "transport",
          en = "initial push force 150 N (30 times a day, occasional), capacity push 20 kg (196.13 N) measured at this rate (occasional)",
          nl = "initiële duwkracht 150 N (30 keer per dag, occasioneel), capaciteit duwen 20 kg (196,13 N) gemeten bij deze frequentie (occasioneel)",
          fr = "force initiale de poussée 150 N (30 fois par jour, occasionnel), capacité de poussée 20 kg (196,13 N) mesurée à cette fréquence (occasionnel)",
          employer = PUSH_WORDS .. ": within what the person can do now",
          worker = PUSH_WORDS .. ": within what the person can do now" } } }
row { "push force: above the figure at its rate exceeds", "capacity", "push-pull",
      cart { initial_force_n = 250, sustained_force_n = 80, direction = "push", per_minute = 0.5 },
      person { capacity = { kg("push", 20, "occasional") } }, nil,
      { { status = "exceeds", value = 250, limit = 196.133, op = "<=", unit = "N", task = "transport",
          employer = PUSH_WORDS .. ": beyond what the person can do now" } } }
row { "push force: the sustained force decides when it is the closer", "capacity", "push-pull",
      cart { initial_force_n = 150, sustained_force_n = 200, direction = "push" },
      person { capacity = { kg("push", 20) } }, nil,
      { { status = "exceeds", value = 200, limit = 196.133, op = "<=", unit = "N", task = "transport",
          en = "sustained push force 200 N (rate not recorded, read as occasional)" } } }
row { "push force: a figure at a higher rate is a lower bound", "capacity", "push-pull",
      cart { initial_force_n = 150, direction = "push", per_minute = 3 }, -- 180 a day: frequent
      person { capacity = { kg("push", 20, "constant") } }, nil,
      { { status = "within", value = 150, limit = 196.133, op = "<=", unit = "N", task = "transport",
          en = "measured at a higher rate (constant): a lower bound",
          nl = "gemeten bij een hogere frequentie (constant): een ondergrens",
          fr = "mesurée à une fréquence plus élevée (constant) : une borne inférieure" } } }
row { "push force: the tightest lower-rate figure is an upper bound", "capacity", "push-pull",
      cart { initial_force_n = 150, direction = "push", per_minute = 10 }, -- 600 a day: constant
      person { capacity = { kg("push", 30, "occasional"), kg("push", 10, "frequent") } }, nil,
      { { status = "exceeds", value = 150, limit = 98.0665, op = "<=", unit = "N", task = "transport",
          en = "capacity push 10 kg (98.07 N) measured at a lower rate (frequent): an upper bound" } } }
row { "push force: between the bounds is unknown", "capacity", "push-pull",
      cart { initial_force_n = 150, direction = "push", per_minute = 3 }, -- frequent
      person { capacity = { kg("push", 30, "occasional"), kg("push", 10, "constant") } }, nil,
      { { status = "unknown", task = "transport",
          en = "initial push force 150 N (180 times a day, frequent): capacity push measured only at other rates (30 kg (294.2 N) (occasional), 10 kg (98.07 N) (constant)); measure it at this rate",
          employer = PUSH_WORDS .. ": not known yet" } } }
row { "push force: no direction, the weaker of push and pull decides", "capacity", "push-pull",
      cart { initial_force_n = 150 },
      person { capacity = { kg("push", 30), kg("pull", 10) } }, nil,
      { { status = "exceeds", value = 150, limit = 98.0665, op = "<=", unit = "N", task = "transport",
          en = "initial pull force 150 N" } } }
row { "push force: a pull nothing measured is unknown", "capacity", "push-pull",
      cart { initial_force_n = 150, direction = "pull" },
      person { capacity = { kg("push", 30) } }, nil,
      { { status = "unknown", task = "transport",
          en = "initial pull force 150 N (rate not recorded, read as occasional): capacity pull not measured: measure it",
          nl = "capaciteit trekken niet gemeten: meet ze", fr = "capacité de traction non mesurée : la mesurer" } } }
row { "push force: a sustained force alone within leaves the initial open", "capacity", "push-pull",
      cart { sustained_force_n = 100, direction = "push" },
      person { capacity = { kg("push", 30) } }, nil,
      { { status = "unknown", task = "transport",
          en = "sustained push force 100 N (rate not recorded, read as occasional): the initial force is not recorded, and it is larger than the sustained one" } } }
row { "push force: a sustained force alone above the figure exceeds", "capacity", "push-pull",
      cart { sustained_force_n = 400, direction = "push" },
      person { capacity = { kg("push", 30) } }, nil,
      { { status = "exceeds", value = 400, limit = 294.1995, op = "<=", unit = "N", task = "transport" } } }
row { "push force: pushing coded in ICF, not measured", "capacity", "push-pull",
      cart { initial_force_n = 150, direction = "push" }, person { icf = { "d4451.12" } }, nil,
      { { status = "unknown", task = "transport", en = "capacity push not measured: measure it" } } }
row { "push by mass only: the measured item in the report's language", "capacity", "push-pull",
      cart { mass_kg = 180, wheels = 4 }, person { capacity = { kg("push", 20), kg("pull", 15) } }, nil,
      { { status = "unknown", task = "transport", en = "measured pull 15 kg: measure the force required",
          nl = "capaciteit trekken gemeten op 15 kg: meet de vereiste kracht",
          fr = "capacité de traction mesurée à 15 kg : mesurer la force requise" } } }
row { "push force: nothing about pushing, not judged", "capacity", "push-pull",
      cart { initial_force_n = 150 }, MEASURED_10, nil,
      { { status = "not-applicable", task = "transport", en = "no push or pull capacity recorded: not judged",
          employer = false } } }

local CARRY_WORDS = "carrying (picking)"
-- picking (5.5 h) carries as well as it lifts.
local function carries(list)
  return job(function(j) j.tasks[1].carry = list end)
end
row { "carry: the job records none", "capacity", "carrying", job(), person { capacity = { kg("carry", 10) } }, nil,
      { { status = "not-applicable", en = "no carrying", nl = "geen dragen", fr = "pas de port de charges",
          employer = false } } }
row { "carry: nothing about carrying, not judged", "capacity", "carrying",
      carries { { mass_kg = 8 } }, MEASURED_10, nil,
      { { status = "not-applicable", task = "picking",
          en = "no carrying capacity recorded (no FCE carry, no d4301-d4303): not judged", employer = false } } }
row { "carry: within the figure at its rate", "capacity", "carrying",
      carries { { mass_kg = 8, distance_m = 15, per_minute = 0.2 } }, -- 66 a day: occasional
      person { capacity = { kg("carry", 10, "occasional") } }, nil,
      { { status = "within", value = 8, limit = 10, op = "<=", unit = "kg", task = "picking",
          en = "8 kg carried over 15 m (66 times a day, occasional), capacity carry 10 kg measured at this rate (occasional)",
          nl = "8 kg gedragen over 15 m (66 keer per dag, occasioneel), capaciteit dragen 10 kg gemeten bij deze frequentie (occasioneel)",
          fr = "8 kg portés sur 15 m (66 fois par jour, occasionnel), capacité de port de charges 10 kg mesurée à cette fréquence (occasionnel)",
          employer = CARRY_WORDS .. ": within what the person can do now" } } }
row { "carry: above the figure exceeds, each carry its own finding", "capacity", "carrying",
      carries { { id = "crate", mass_kg = 12, per_minute = 0.2 }, { id = "tote", mass_kg = 4, per_minute = 0.2 } },
      person { capacity = { kg("carry", 10, "occasional") } }, nil,
      { { status = "exceeds", value = 12, limit = 10, op = "<=", unit = "kg", task = "picking", element = "crate",
          en = "12 kg carried (66 times a day, occasional)" },
        { status = "within", value = 4, limit = 10, op = "<=", unit = "kg", task = "picking", element = "tote" } } }
row { "carry: only a lower-rate figure above the mass is unknown", "capacity", "carrying",
      carries { { mass_kg = 8, per_minute = 1 } }, -- 330 a day: frequent
      person { capacity = { kg("carry", 10, "occasional") } }, nil,
      { { status = "unknown", task = "picking",
          en = "8 kg carried (330 times a day, frequent): capacity carry measured only at other rates (10 kg (occasional)); measure it at this rate",
          employer = CARRY_WORDS .. ": not known yet" } } }
row { "carry: coded in ICF, not measured", "capacity", "carrying",
      carries { { mass_kg = 8 } }, person { icf = { "d4301.12" } }, nil,
      { { status = "unknown", task = "picking", en = "capacity carry not measured: measure it" } } }
row { "carry: mass not recorded", "capacity", "carrying",
      carries { { distance_m = 10 } }, person { capacity = { kg("carry", 10) } }, nil,
      { { status = "unknown", task = "picking", en = "mass carried not recorded" } } }

-- picking (5.5 h of a 7.6 h day) with the postures given.
local function postures(fields)
  return job(function(j) for k, v in pairs(fields) do j.tasks[1][k] = v end end)
end
local SIT_STAND = "standing or sitting for long (picking)"
row { "tolerance: the job records no posture", "capacity", "tolerance", job(),
      person { capacity = { minutes("sitting", 45) } }, nil,
      { { status = "not-applicable", en = "no sitting, standing or walking recorded", employer = false } } }
row { "tolerance: sitting within the figure at its rate", "capacity", "tolerance",
      postures { sitting = { continuous_minutes = 30, hours_per_day = 2 } }, -- 2 of 7.6 h: occasional
      person { capacity = { minutes("sitting", 45) } }, nil,
      { { status = "within", value = 30, limit = 45, op = "<=", unit = "min", task = "picking", element = "sitting",
          en = "sitting 30 minutes without a break (2 h a day of 7.6 h, occasional), capacity sitting 45 minutes measured at this rate (occasional)",
          nl = "zitten 30 minuten zonder onderbreking (2 u per dag van 7,6 u, occasioneel), capaciteit zitten 45 minuten gemeten bij deze frequentie (occasioneel)",
          fr = "station assise 30 minutes sans interruption (2 h par jour sur 7,6 h, occasionnel), capacité de station assise 45 minutes mesurée à cette fréquence (occasionnel)",
          employer = SIT_STAND .. ": within what the person can do now" } } }
row { "tolerance: standing the whole task is constant; an occasional figure bounds it", "capacity", "tolerance",
      postures { standing = { continuous_minutes = 60 } }, -- 5.5 of 7.6 h: constant
      person { capacity = { minutes("standing", 45) } }, nil,
      { { status = "exceeds", value = 60, limit = 45, op = "<=", unit = "min", task = "picking", element = "standing",
          en = "standing 60 minutes without a break (5.5 h a day of 7.6 h, constant), capacity standing 45 minutes measured at a lower rate (occasional): an upper bound" } } }
row { "tolerance: walking below an occasional figure at a constant rate is unknown", "capacity", "tolerance",
      postures { walking = { continuous_minutes = 20 } },
      person { capacity = { minutes("walking", 30) } }, nil,
      { { status = "unknown", task = "picking", element = "walking",
          en = "walking 20 minutes without a break (5.5 h a day of 7.6 h, constant): capacity walking measured only at other rates (30 minutes (occasional)); measure it at this rate",
          employer = "walking and moving around (picking): not known yet" } } }
row { "tolerance: without a schedule the day is workday_hours", "capacity", "tolerance",
      job(function(j) j.schedule = nil; j.tasks[1].sitting = { continuous_minutes = 30, hours_per_day = 3 } end),
      person { capacity = { { item = "sitting", minutes = 40.0, frequency = "frequent" } } }, { workday_hours = 6 },
      { { status = "within", value = 30, limit = 40, op = "<=", unit = "min", task = "picking", element = "sitting",
          en = "(3 h a day of 6 h, frequent)" } } }
row { "tolerance: each posture its own finding, one without a figure not judged", "capacity", "tolerance",
      postures { sitting = { continuous_minutes = 30, hours_per_day = 1 }, walking = { continuous_minutes = 10, hours_per_day = 1 } },
      person { capacity = { minutes("sitting", 20) } }, nil,
      { { status = "exceeds", value = 30, limit = 20, op = "<=", unit = "min", task = "picking", element = "sitting" },
        { status = "not-applicable", task = "picking", element = "walking",
          en = "walking: no tolerance recorded (no FCE measurement, no ICF code): not judged", employer = false } } }
row { "tolerance: standing coded in ICF, not measured", "capacity", "tolerance",
      postures { standing = { continuous_minutes = 30 } }, person { icf = { "d4154.12" } }, nil,
      { { status = "unknown", task = "picking", element = "standing", en = "capacity standing not measured: measure it" } } }
row { "tolerance: the unbroken period not recorded", "capacity", "tolerance",
      postures { standing = { hours_per_day = 2 } }, person { capacity = { minutes("standing", 30) } }, nil,
      { { status = "unknown", task = "picking", element = "standing",
          en = "standing: the longest unbroken period is not recorded",
          nl = "staan: de langste periode zonder onderbreking is niet geregistreerd" } } }

-- ---------------------------------------------------------------------------
-- Running the rows.

local function show(v) return type(v) == "string" and ("%q"):format(v) or tostring(v) end

local ALL = {} -- every finding of every row, for the checks across rows

local function check_finding(name, f, want)
  for _, field in ipairs(FIELDS) do
    local got, exp = f[field], want[field]
    check(name .. " " .. field, got == exp or close(got, exp), show(got) .. " ≠ " .. show(exp))
  end
  if want.ratio ~= nil then
    check(name .. " ratio", close(f.ratio, want.ratio), show(f.ratio) .. " ≠ " .. show(want.ratio))
  end
  for _, lang in ipairs({ "en", "nl", "fr" }) do
    if want[lang] then
      local t = f.rendered.text[lang]
      check(name .. " text." .. lang, t:find(want[lang], 1, true) ~= nil, t)
    end
  end
  for _, audience in ipairs({ "employer", "worker" }) do
    local r = f.rendered[audience]
    if want[audience] == false then
      check(name .. " has no " .. audience .. " text", r == nil, r and r.en)
    elseif want[audience] then
      local t = r and r.en or "(none)"
      check(name .. " " .. audience .. " text", t:find(want[audience], 1, true) ~= nil, t)
    end
  end
end

for _, r in ipairs(ROWS) do
  guard(r[1], function()
    local findings = run(r[2], r[3], r[4], r[5], r[6])
    local want = r[7]
    check(r[1] .. ": " .. #want .. " finding(s)", #findings == #want, #findings)
    for i, w in ipairs(want) do
      local f = findings[i]
      if f then check_finding(r[1] .. (#want > 1 and (" #" .. i) or ""), f, w) end
    end
    for _, f in ipairs(findings) do ALL[#ALL + 1] = { row = r[1], set = r[2], rule = r[3], f = f } end
  end)
end

-- ---------------------------------------------------------------------------
-- Across rows.

-- Whether s names an ICF code: one of b, s, d, e followed by a digit.
local COMPONENT = { b = true, s = true, d = true, e = true }
local function names_code(s)
  for i = 1, #s - 1 do
    if COMPONENT[s:sub(i, i):lower()] and DIGIT[s:sub(i + 1, i + 1)] then return s:sub(i, i + 4) end
  end
  return nil
end

guard("employer texts", function()
  local demand_findings = 0
  for _, x in ipairs(ALL) do
    local f = x.f
    -- Every demand finding of a demand (not the job-level "none") carries
    -- the employer's wording as a message of the rule set.
    if x.rule == "demands" and f.status ~= "not-applicable" then
      demand_findings = demand_findings + 1
      check(x.row .. ": employer is a message", type(f.employer) == "table"
            and type(f.employer.message) == "string" and type(f.employer.args) == "table")
      check(x.row .. ": employer rendered", f.rendered.employer ~= nil)
    end
    -- No employer wording names a code, in any language.
    if f.rendered.employer then
      for _, lang in ipairs({ "en", "nl", "fr" }) do
        local code = names_code(f.rendered.employer[lang])
        check(x.row .. ": employer text." .. lang .. " names no code", code == nil,
              tostring(code) .. " in " .. f.rendered.employer[lang])
      end
    end
    -- Screening is medical through and through: no wording for the employer.
    if x.set == "screening" then
      check(x.row .. ": screening has no employer wording", f.employer == nil)
    end
  end
  check("employer texts: demand findings seen", demand_findings >= 15, demand_findings)
  -- The detector itself.
  check("names_code finds d4300", names_code("lifting d4300 no") == "d4300")
  check("names_code finds B455", names_code("x B455") == "B455")
  check("names_code passes words", names_code("de 12 kg, beyond (picking)") == nil)
end)

-- The worker's wording never shows a code either.
guard("worker texts", function()
  for _, x in ipairs(ALL) do
    if x.f.rendered.worker then
      for _, lang in ipairs({ "en", "nl", "fr" }) do
        check(x.row .. ": worker text." .. lang .. " names no code",
              names_code(x.f.rendered.worker[lang]) == nil, x.f.rendered.worker[lang])
      end
    end
  end
end)

-- Decimal marks: a point in en, a comma in nl and fr.
guard("decimal marks", function()
  for _, x in ipairs(ALL) do
    for what, r in pairs(x.f.rendered) do
      local ok = not r.en:find("11,73") and not r.nl:find("11.73") and not r.fr:find("11.73")
                 and not r.nl:find("0.49") and not r.en:find("0,49")
      check(x.row .. ": decimal marks in " .. what, ok, r.en .. " | " .. r.nl)
    end
  end
end)

-- Rank's score: the ratio of a judged demand is (q + 1) / (max + 1); any
-- other finding of the rule set gives none.
guard("ratios", function()
  for _, x in ipairs(ALL) do
    local f = x.f
    if x.rule == "demands" and (f.status == "within" or f.status == "exceeds") then
      check(x.row .. ": ratio", close(f.ratio, (f.value + 1) / (f.limit + 1)), f.ratio)
    else
      check(x.row .. ": no ratio", f.ratio == nil, f.ratio)
    end
  end
end)

-- The worker's wording reads as Dutch and French, not as a translation
-- ("deze functie vraagt hoogstens geen moeite", "ce poste demande au plus
-- une difficulté légère" before).
guard("worker wording in nl and fr", function()
  local function worker(q, max)
    local f = run("capacity", "demands", job(demands({ { code = "d4105", max_difficulty = max } })),
                  person { icf = { "d4105.1" .. q } })[1]
    return f.rendered.worker
  end
  local w = worker(1, 0)
  check("worker nl, admits none", w.nl == "bukken: u hebt er nu lichte moeite mee; deze functie vraagt dat u het zonder moeite kunt", w.nl)
  check("worker fr, admits none", w.fr == "se pencher : vous avez maintenant une légère difficulté à le faire ; ce poste demande de le faire sans difficulté", w.fr)
  check("worker en, admits none", w.en == "bending: you now have mild difficulty with it; this job asks that you can do it without difficulty", w.en)
  w = worker(0, 1)
  check("worker nl, admits mild", w.nl == "bukken: u hebt er nu geen moeite mee; deze functie laat hoogstens lichte moeite toe", w.nl)
  check("worker fr, admits mild", w.fr == "se pencher : vous n'avez aucune difficulté à le faire maintenant ; ce poste admet tout au plus une légère difficulté", w.fr)
  w = worker(4, 2)
  check("worker en, cannot", w.en == "bending: you cannot do it now; this job allows at most moderate difficulty", w.en)
end)

-- A refused parameter type and a finding the engine refuses are caught
-- here, not in a report.
check("params: unknown name refused", not pcall(params, CAP, { lift_kg = 1 }))
check("TEXTS: a finding without message refused", not pcall(TEXTS.capacity, { status = "within" }))
check("TEXTS: another rule set's message refused",
      not pcall(TEXTS.screening, { status = "unknown", message = "lift_none", args = {} }))

return result()
end
