--[[
capamatch — the helpers every rule set may use, as the read-only global
`capamatch` (rules/README.md documents each one).

Loaded once, before the rule sets, into an environment of its own; every
rule set reads the same table and no rule set can change it or reach
another's state through it (it keeps none). What it holds is what each
rule set would otherwise write again: the one comparison that decides
"within", findings built from a message id and its arguments, iteration
over the tasks and their elements, and job-level totals.

Numbers are not formatted here: a finding's arguments stay numbers, and
the engine writes them in the report's language (two decimals at most, a
decimal comma in nl and fr) when, and only when, a report shows them.

Runs in the engine's sandbox: no patterns, no global written.
]]

local error, ipairs, tostring, floor = error, ipairs, tostring, math.floor

local H = {}

-- The single place where "within" is decided, so every rule reads its op the
-- way the engine computes the margin.
function H.compare(value, op, limit)
  local ok
  if op == "<=" then ok = value <= limit
  elseif op == ">=" then ok = value >= limit
  elseif op == "=" then ok = value == limit
  else error("unknown op " .. tostring(op), 2) end
  return ok and "within" or "exceeds"
end

-- A message as an argument of another: { message = id, args = {...} }.
function H.message(id, ...)
  return { message = id, args = { ... } }
end

-- A list of arguments joined by sep, e.g. the terms of a sum.
function H.list(items, sep)
  return { list = items, sep = sep }
end

-- A finding of this status with its message; set value, limit and the rest
-- on the table it returns. The constructor names every field a finding may
-- get, so that the table is made at its final size once: setting them later
-- fills free slots instead of growing it (a finding is made for every rule
-- of every evaluation of the search).
function H.finding(status, id, ...)
  return { status = status, message = id, args = { ... }, value = nil, op = nil, limit = nil,
           unit = nil, task = nil, element = nil }
end

function H.not_applicable(id, ...)
  return H.finding("not-applicable", id, ...)
end

function H.unknown(id, ...)
  return H.finding("unknown", id, ...)
end

-- A measurement against a limit. One that was not recorded cannot be judged
-- either way, so it is unknown (message `missing`) rather than silently
-- within. The message's arguments follow in `...`.
function H.measured(value, op, limit, unit, id, missing, ...)
  if value == nil then return H.unknown(missing) end
  local f = H.finding(H.compare(value, op, limit), id, ...)
  f.value, f.op, f.limit, f.unit = value, op, limit, unit
  return f
end

-- A task may hold several handling, push_pull and carry elements (arrays, each
-- entry with its id); the other kinds come at most once.
local MANY = { handling = true, push_pull = true, carry = true }

-- A fresh table each time, never a shared empty one: what one rule set did
-- to it would reach the next.
function H.elements_of(task, element)
  local e = task[element]
  if e == nil then return {} end
  if MANY[element] then return e end
  return { e }
end

-- Judges each element of each task: judge(e, task) returns a finding or
-- nil (not this rule's concern), which gets the task's and the element's
-- id. A job where no task has the element has no such demand, which the
-- report must still say once: one not-applicable finding with `none`.
function H.per_task(job, element, none, judge)
  local out = {}
  for _, task in ipairs(job.tasks or {}) do
    for _, e in ipairs(H.elements_of(task, element)) do
      local found = judge(e, task)
      if found then
        found.task, found.element = task.id, e.id
        out[#out + 1] = found
      end
    end
  end
  if #out == 0 then out[1] = H.not_applicable(none) end
  return out
end

-- A job-level total of term(task, e) over every element of every task. One
-- element whose figure is missing (term gives nil) makes the total
-- unknowable: returns nil and the count so far; otherwise the sum and the
-- number of elements.
function H.total(job, element, term)
  local sum, n = 0, 0
  local many = MANY[element]
  for _, task in ipairs(job.tasks or {}) do
    local e = task[element]
    if e ~= nil and many then
      for _, x in ipairs(e) do
        n = n + 1
        local v = term(task, x)
        if v == nil then return nil, n end
        sum = sum + v
      end
    elseif e ~= nil then -- as elements_of gives it, without a table of one
      n = n + 1
      local v = term(task, e)
      if v == nil then return nil, n end
      sum = sum + v
    end
  end
  return sum, n
end

-- ---------------------------------------------------------------------------
-- Contract 3: findings emitted through the engine (rules/README.md). A
-- contract-3 rule's eval gets the engine's `emit` as its fourth argument,
-- emit(status, value, limit, op, unit, task, element, message, ...): one
-- finding of numbers and ids, no table; the message's arguments are read
-- only when a report shows the finding. These helpers take that emit first.

-- A finding of this status with its message and nothing measured.
function H.emit_status(emit, status, task, element, id, ...)
  emit(status, nil, nil, nil, nil, task, element, id, ...)
  return true
end

-- measured, emitted: unknown(missing) when value is nil. Returns true (it
-- emitted), for emit_each.
function H.emit_measured(emit, task, element, value, op, limit, unit, id, missing, ...)
  if value == nil then
    emit("unknown", nil, nil, nil, nil, task, element, missing)
  else
    emit(H.compare(value, op, limit), value, limit, op, unit, task, element, id, ...)
  end
  return true
end

-- per_task, emitted: judge(emit, e, task, arg) emits the element's
-- finding, with task.id and e.id, and returns true, or returns nil (not
-- this rule's concern); one not_applicable(none) when nothing was emitted.
-- arg (the rule's parameters, say) is handed through, so that a judge can
-- be made once, not a closure per evaluation.
function H.emit_each(emit, job, element, none, judge, arg)
  local any = false
  for _, task in ipairs(job.tasks or {}) do
    local e = task[element]
    if e ~= nil then
      if MANY[element] then
        for _, x in ipairs(e) do
          if judge(emit, x, task, arg) then any = true end
        end
      elseif judge(emit, e, task, arg) then
        any = true
      end
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, none) end
end

-- Computed limits and totals carry binary noise (0.85 × 173 is not exactly
-- 147.05); people read these figures, so keep them to a millionth.
function H.tidy(x)
  return floor(x * 1e6 + 0.5) / 1e6
end

return H
