--[[
inrs-cadre-vert — the INRS "cadre vert" (Dutch: "het groene kader").

The frame defines the adapted work situation that lets an employee with
low-back pain resume work; it must be kept for the three weeks after the
return. This file turns its 20 printed rows into 22 rules (the heavy-work
row is split into cardiac cost and duration, the vibration row into level
and duration) and checks a job table against them.

Sources: Meyer JP, Mochel JL (2011), « Le process cadre vert : comment le
travail peut aider à rester actif », INRS, NOETUDE/P2011-083; reproduced as
figure 3, "Het groene kader: werkhervatting van loontrekkenden met lumbago",
in RIZIV/INAMI (2015). The machine readings of each row are documented in
doc/groene-kader.md and in the params below.

Runs in the engine's sandbox: only the allowlisted base functions and the
string (no patterns), table, math and utf8 libraries; no global is written.
]]

-- The shared helpers (rules/lib/capamatch.lua): the one comparison, findings
-- from a message id and its arguments, per-task iteration and totals.
local cm = capamatch
local emit_measured, emit_status = cm.emit_measured, cm.emit_status
local compare, message, list = cm.compare, cm.message, cm.list
local total, tidy = cm.total, cm.tidy

-- ---------------------------------------------------------------------------
-- Messages: a finding names one and gives its arguments; the engine renders
-- the text in the report's language when a report shows it (numbers with at
-- most two decimals, a decimal comma in nl and fr). Templates take their %s
-- arguments in the order the rule passes them.

local T = {
  load = { nl = "met de hand gehanteerde last %s kg, grens %s kg",
           fr = "charge manutentionnée %s kg, limite %s kg",
           en = "load handled by hand %s kg, limit %s kg" },
  load_none = { nl = "geen manuele hantering van lasten",
                fr = "pas de manutention manuelle",
                en = "no manual handling" },
  load_missing = { nl = "gewicht van de last niet geregistreerd",
                   fr = "masse de la charge non renseignée",
                   en = "mass of the load not recorded" },
  term = { nl = "%s kg × %s/min × 60 × %s u", fr = "%s kg × %s/min × 60 × %s h",
           en = "%s kg × %s/min × 60 × %s h" },
  term_day = { nl = "%s kg/dag (gemeten)", fr = "%s kg/j (mesuré)",
               en = "%s kg/day (measured)" },
  tonnage = { nl = "dagelijks met de hand gehanteerd: %s = %s t, grens %s t",
              fr = "tonnage manutentionné par jour : %s = %s t, limite %s t",
              en = "handled by hand per day: %s = %s t, limit %s t" },
  tonnage_missing = {
    nl = "tonnage niet te berekenen: gewicht, frequentie of duur van een taak ontbreekt",
    fr = "tonnage incalculable : masse, fréquence ou durée d'une tâche non renseignée",
    en = "tonnage cannot be computed: mass, rate or hours of a task not recorded" },
  push = { nl = "geduwde of getrokken massa %s kg op %s wielen, grens %s kg op minstens %s wielen",
           fr = "masse poussée ou tirée %s kg sur %s roues, limite %s kg sur au moins %s roues",
           en = "mass pushed or pulled %s kg on %s wheels, limit %s kg on at least %s wheels" },
  push_wheels = {
    nl = "geduwde of getrokken massa %s kg op %s wielen, minder dan de vereiste %s wielen (grens %s kg)",
    fr = "masse poussée ou tirée %s kg sur %s roues, moins que les %s roues exigées (limite %s kg)",
    en = "mass pushed or pulled %s kg on %s wheels, fewer than the %s wheels required (limit %s kg)" },
  push_slid = {
    nl = "massa van %s kg geschoven of gedragen, niet op wielen (grens %s kg op minstens %s wielen)",
    fr = "masse de %s kg glissée ou portée, pas sur roues (limite %s kg sur au moins %s roues)",
    en = "mass of %s kg slid or carried, not on wheels (limit %s kg on at least %s wheels)" },
  push_heavy = {
    nl = "geduwde of getrokken massa %s kg, grens %s kg ongeacht de wielen (aantal wielen niet geregistreerd)",
    fr = "masse poussée ou tirée %s kg, limite %s kg quelles que soient les roues (nombre de roues non renseigné)",
    en = "mass pushed or pulled %s kg, limit %s kg whatever the wheels (number of wheels not recorded)" },
  push_wheels_missing = {
    nl = "geduwde of getrokken massa %s kg, aantal wielen niet geregistreerd (grens %s kg op minstens %s wielen)",
    fr = "masse poussée ou tirée %s kg, nombre de roues non renseigné (limite %s kg sur au moins %s roues)",
    en = "mass pushed or pulled %s kg, number of wheels not recorded (limit %s kg on at least %s wheels)" },
  push_none = { nl = "geen duwen of trekken", fr = "pas de poussée ni de traction",
                en = "no pushing or pulling" },
  push_missing = { nl = "geduwde of getrokken massa niet geregistreerd",
                   fr = "masse poussée ou tirée non renseignée",
                   en = "mass pushed or pulled not recorded" },
  repetition = { nl = "%s technische handelingen per minuut, grens %s/min",
                 fr = "%s actions techniques par minute, limite %s/min",
                 en = "%s technical actions per minute, limit %s/min" },
  repetition_none = { nl = "geen repetitief werk", fr = "pas de travail répétitif",
                      en = "no repetitive work" },
  repetition_missing = { nl = "aantal handelingen per minuut niet geregistreerd",
                         fr = "fréquence des actions techniques non renseignée",
                         en = "actions per minute not recorded" },
  cardiac = { nl = "hartbelasting van het zware werk %s slagen/min boven rust, grens %s slagen/min",
              fr = "coût cardiaque du travail lourd %s bpm au-dessus du repos, limite %s bpm",
              en = "cardiac cost of heavy work %s bpm above resting, limit %s bpm" },
  cardiac_missing = { nl = "hartbelasting niet gemeten", fr = "coût cardiaque non mesuré",
                      en = "cardiac cost not recorded" },
  heavy_none = { nl = "geen zwaar werk", fr = "pas de travail lourd", en = "no heavy work" },
  heavy_hours = { nl = "zwaar werk %s u per dag, grens %s u per dag",
                  fr = "travail lourd %s h par jour, limite %s h par jour",
                  en = "heavy work %s h a day, limit %s h a day" },
  heavy_hours_missing = { nl = "duur van het zware werk niet geregistreerd",
                          fr = "durée du travail lourd non renseignée",
                          en = "duration of heavy work not recorded" },
  cardiac_light = {
    nl = "hartbelasting %s slagen/min ≤ %s slagen/min: geen zwaar werk; in deze interpretatie deelt het niveau het werk alleen in",
    fr = "coût cardiaque %s bpm ≤ %s bpm : pas de travail lourd ; dans cette lecture, le niveau ne fait que classer le travail",
    en = "cardiac cost %s bpm ≤ %s bpm: not heavy work; under this reading the level only classifies the work" },
  cardiac_heavy = {
    nl = "hartbelasting %s slagen/min > %s slagen/min: zwaar werk, toegelaten tot %s u per dag (zie heavy-work-duration); in deze interpretatie deelt het niveau het werk alleen in",
    fr = "coût cardiaque %s bpm > %s bpm : travail lourd, admis jusqu'à %s h par jour (voir heavy-work-duration) ; dans cette lecture, le niveau ne fait que classer le travail",
    en = "cardiac cost %s bpm > %s bpm: heavy work, allowed up to %s h a day (see heavy-work-duration); under this reading the level only classifies the work" },
  heavy_not_heavy = {
    nl = "%s slagen/min ≤ %s slagen/min: geen zwaar werk in deze interpretatie, dus de %s u per dag zijn niet begrensd",
    fr = "%s bpm ≤ %s bpm : pas de travail lourd dans cette lecture, ses %s h par jour ne sont donc pas limitées",
    en = "%s bpm ≤ %s bpm: not heavy work under this reading, so its %s h a day are not limited" },
  heavy_not_heavy_no_hours = {
    nl = "%s slagen/min ≤ %s slagen/min: geen zwaar werk in deze interpretatie, dus de duur is niet begrensd",
    fr = "%s bpm ≤ %s bpm : pas de travail lourd dans cette lecture, sa durée n'est donc pas limitée",
    en = "%s bpm ≤ %s bpm: not heavy work under this reading, so its duration is not limited" },
  heavy_above = {
    nl = "werk boven %s slagen/min (hier %s slagen/min) %s u per dag, grens %s u per dag",
    fr = "travail au-dessus de %s bpm (ici %s bpm) %s h par jour, limite %s h par jour",
    en = "work above %s bpm (here %s bpm) %s h a day, limit %s h a day" },
  heavy_level_missing = {
    nl = "hartbelasting niet gemeten: niet uit te maken of dit zwaar werk is",
    fr = "coût cardiaque non mesuré : impossible de dire s'il s'agit de travail lourd",
    en = "cardiac cost not recorded: cannot tell whether this is heavy work" },
  peak = { nl = "piekhartslag %s slagen/min, grens %s × (220 − %s) = %s slagen/min",
           fr = "fréquence cardiaque de pointe %s bpm, limite %s × (220 − %s) = %s bpm",
           en = "peak heart rate %s bpm, limit %s × (220 − %s) = %s bpm" },
  peak_missing = { nl = "piekhartslag niet gemeten",
                   fr = "fréquence cardiaque de pointe non mesurée",
                   en = "peak heart rate not recorded" },
  age_missing = { nl = "piekhartslag %s slagen/min; leeftijd niet opgegeven: gebruik --age",
                  fr = "fréquence cardiaque de pointe %s bpm ; âge non indiqué : utiliser --age",
                  en = "peak heart rate %s bpm; age not given: use --age" },
  bend = { nl = "rompflexie %s°, grens %s° (geen zichtbare buiging)",
           fr = "flexion du tronc %s°, limite %s° (pas de flexion visible)",
           en = "trunk flexion %s°, limit %s° (no visible bending)" },
  bend_none = { nl = "geen houdingsbelasting geregistreerd", fr = "pas de contrainte posturale",
                en = "no posture demand" },
  bend_missing = { nl = "rompflexie niet gemeten", fr = "flexion du tronc non mesurée",
                   en = "trunk flexion not recorded" },
  pause = { nl = "langdurige houding met %s min pauze per uur, vereist %s min per uur",
            fr = "posture prolongée avec %s min de pause par heure, exigé %s min par heure",
            en = "prolonged posture with %s min break per hour, required %s min per hour" },
  static_none = { nl = "geen langdurige statische houding", fr = "pas de posture prolongée",
                  en = "no static posture" },
  pause_missing = { nl = "langdurige houding, pauzes niet geregistreerd",
                    fr = "posture prolongée, pauses non renseignées",
                    en = "prolonged posture, breaks not recorded" },
  vib = { nl = "trillingen van het hele lichaam a_w %s m/s², grens %s m/s²",
          fr = "vibrations globales du corps a_w %s m/s², limite %s m/s²",
          en = "whole-body vibration a_w %s m/s², limit %s m/s²" },
  vib_a8 = { nl = "dagelijkse blootstelling aan trillingen A(8) %s m/s², grens %s m/s²",
             fr = "exposition journalière aux vibrations A(8) %s m/s², limite %s m/s²",
             en = "daily vibration exposure A(8) %s m/s², limit %s m/s²" },
  vib_none = { nl = "geen trillingen van het hele lichaam", fr = "pas de vibrations globales du corps",
               en = "no whole-body vibration" },
  vib_missing = { nl = "trillingsniveau niet gemeten", fr = "niveau de vibration non mesuré",
                  en = "vibration level not recorded" },
  vib_a8_missing = { nl = "niveau of duur van de trillingen niet geregistreerd",
                     fr = "niveau ou durée des vibrations non renseigné",
                     en = "vibration level or duration not recorded" },
  vib_hours = { nl = "blootstelling aan trillingen %s u per dag, grens %s u per dag",
                fr = "exposition aux vibrations %s h par jour, limite %s h par jour",
                en = "exposure to whole-body vibration %s h a day, limit %s h a day" },
  vib_hours_missing = { nl = "duur van de blootstelling aan trillingen niet geregistreerd",
                        fr = "durée d'exposition aux vibrations non renseignée",
                        en = "duration of vibration exposure not recorded" },
  row = { nl = "%s: %s, vereist: %s", fr = "%s : %s, exigé : %s", en = "%s: %s, required: %s" },
  row_missing = { nl = "%s: niet geregistreerd", fr = "%s : non renseigné",
                  en = "%s: not recorded" },
  yes = { nl = "ja", fr = "oui", en = "yes" },
  no = { nl = "nee", fr = "non", en = "no" },
}

-- ---------------------------------------------------------------------------
-- Rule bodies. The set is contract 3 (rules/README.md): each eval gets the
-- engine's emit as its fourth argument and emits its findings, numbers and
-- ids with a message id whose arguments only a report reads, instead of
-- returning tables.

-- The loops below walk job.tasks and a task's elements with numeric
-- for and call emit themselves, instead of emit_each and emit_measured:
-- the search runs these rules some sixty times a check, and ipairs' call
-- per step, a judge's call per element and a vararg helper's copy of its
-- frame were most of their time (doc/evaluation.md, "The numbers").
local EMPTY = {}

-- Most physical rows are "this figure of each task ≤ this parameter".
-- handling and push_pull are arrays of elements, the others one table.
local function task_limit(element, field, param, unit, text, none, missing)
  local many = element == "handling" or element == "push_pull"
  return function(job, p, _, emit)
    local limit, any, tasks = p[param], false, job.tasks or EMPTY
    for t = 1, #tasks do
      local task = tasks[t]
      local es = task[element]
      if es ~= nil then
        local at, n, single = task.id, 1, es
        if many then n, single = #es, nil end
        for k = 1, n do -- the same body for an array's elements and a single one
          local e = single or es[k]
          local v = e[field]
          if v == nil then
            emit("unknown", nil, nil, nil, nil, at, e.id, missing)
          else
            emit(v <= limit and "within" or "exceeds", v, limit, "<=", unit, at, e.id, text, v,
                 limit)
          end
          any = true
        end
      end
    end
    if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, none) end
  end
end

-- Row 5 prints "≤ 30 bpm, 1 h a day". Two readings (heavy_work_reading):
--  "level-and-duration" (default): the level and the daily time are two
--    limits, each its own finding, and both must hold;
--  "duration-above-level": work above the level *is* heavy work (the French
--    decree of 15 June 1993 classes it so), and at most 1 h a day of it is
--    allowed; the level then only classifies, it is never a breach itself.
local HEAVY_READINGS = { ["level-and-duration"] = true, ["duration-above-level"] = true }

local function heavy_reading(p)
  assert(HEAVY_READINGS[p.heavy_work_reading],
         "heavy_work_reading must be level-and-duration or duration-above-level")
  return p.heavy_work_reading
end

-- The heavy-work period is one job-level element (read by cardiac-cost,
-- heavy-work-duration and max-heart-rate); each judge below takes it.
local function heavy_rule(judge)
  return function(job, p, _, emit)
    if job.heavy_work == nil then return emit_status(emit, "not-applicable", nil, nil, "heavy_none") end
    judge(emit, job.heavy_work, p)
  end
end

-- Under duration-above-level the level classifies the work instead of
-- limiting it: not-applicable either way, the class in its text (so it never
-- counts as a breach); a missing level stays unknown, never within.
local function judge_cardiac_cost(emit, hw, p)
  local bpm, level = hw.cardiac_cost_bpm, p.cardiac_cost_bpm
  if heavy_reading(p) == "level-and-duration" then
    return emit_measured(emit, nil, nil, bpm, "<=", level, "bpm", "cardiac", "cardiac_missing",
                         bpm, level)
  end
  if bpm == nil then return emit_status(emit, "unknown", nil, nil, "cardiac_missing") end
  if bpm <= level then
    return emit_status(emit, "not-applicable", nil, nil, "cardiac_light", bpm, level)
  end
  emit_status(emit, "not-applicable", nil, nil, "cardiac_heavy", bpm, level, p.heavy_work_hours)
end

-- Under duration-above-level, work at or below the level is not heavy work:
-- the finding is within on the level itself (value and limit in bpm), so the
-- margin and the text say why, whatever its hours.
local function judge_heavy_duration(emit, hw, p)
  local bpm, hours, level = hw.cardiac_cost_bpm, hw.hours_per_day, p.cardiac_cost_bpm
  if heavy_reading(p) == "level-and-duration" then
    return emit_measured(emit, nil, nil, hours, "<=", p.heavy_work_hours, "h", "heavy_hours",
                         "heavy_hours_missing", hours, p.heavy_work_hours)
  end
  if bpm == nil then return emit_status(emit, "unknown", nil, nil, "heavy_level_missing") end
  if bpm <= level then
    if hours then
      return emit("within", bpm, level, "<=", "bpm", nil, nil, "heavy_not_heavy", bpm, level, hours)
    end
    return emit("within", bpm, level, "<=", "bpm", nil, nil, "heavy_not_heavy_no_hours", bpm, level)
  end
  emit_measured(emit, nil, nil, hours, "<=", p.heavy_work_hours, "h", "heavy_above",
                "heavy_hours_missing", level, bpm, hours, p.heavy_work_hours)
end

-- A measured daily tonnage wins over the estimate from mass × rate × hours.
local function tonnage_term(task, h)
  if h.kg_per_day then return h.kg_per_day, message("term_day", h.kg_per_day) end
  if not (h.mass_kg and h.per_minute and task.hours_per_day) then return nil end
  return h.mass_kg * h.per_minute * 60 * task.hours_per_day,
         message("term", h.mass_kg, h.per_minute, task.hours_per_day)
end

-- The daily kilograms of every handling of the job (nil when one cannot
-- be computed) and how many handlings there are.
local function tonnage_kg(job)
  local kg, n, tasks = 0, 0, job.tasks or EMPTY
  for t = 1, #tasks do
    local task = tasks[t]
    local hs = task.handling
    if hs ~= nil then
      for k = 1, #hs do
        local h = hs[k]
        n = n + 1
        if h.kg_per_day then
          kg = kg + h.kg_per_day
        elseif h.mass_kg and h.per_minute and task.hours_per_day then
          kg = kg + h.mass_kg * h.per_minute * 60 * task.hours_per_day
        else
          return nil, n
        end
      end
    end
  end
  return kg, n
end

-- Tonnage is a daily total over all handling tasks; the text shows each term
-- so the reader can check the arithmetic. The terms are the message's
-- arguments, so they are built only when a report shows the finding
-- (render, eval's fifth argument): the search's evaluations make no table.
local function tonnage(job, p, _, emit, render)
  local kg, n = tonnage_kg(job)
  if n == 0 then return emit("not-applicable", nil, nil, nil, nil, nil, nil, "load_none") end
  if kg == nil then return emit("unknown", nil, nil, nil, nil, nil, nil, "tonnage_missing") end
  local t, limit = tidy(kg / 1000), p.tonnage_t
  local terms = nil
  if render then
    terms = {}
    local tasks = job.tasks
    for t = 1, #tasks do
      local hs = tasks[t].handling or EMPTY
      for k = 1, #hs do
        local _, text = tonnage_term(tasks[t], hs[k])
        terms[#terms + 1] = text
      end
    end
    terms = list(terms, " + ")
  end
  emit(t <= limit and "within" or "exceeds", t, limit, "<=", "t", nil, nil, "tonnage", terms, t,
       limit)
end

-- Row 3 prints "≤ 100 kg on 4 wheels", read as at least 4 wheels (a bed or
-- a pallet truck on 6 is fine). wheels = 0 is sliding or carrying, its own
-- case. A mass over the limit exceeds whatever the wheels, even unrecorded
-- ones; below it, unrecorded wheels leave the finding unknown.
local function judge_push_pull(emit, pp, task, p)
  local kg, wheels, max_kg, min_wheels = pp.mass_kg, pp.wheels, p.push_pull_kg, p.push_pull_wheels
  local at, id = task.id, pp.id
  if kg == nil then return emit_status(emit, "unknown", at, id, "push_missing") end
  if wheels == nil then
    if kg <= max_kg then
      return emit("unknown", kg, nil, nil, "kg", at, id, "push_wheels_missing", kg, max_kg,
                  min_wheels) or true
    end
    return emit("exceeds", kg, max_kg, "<=", "kg", at, id, "push_heavy", kg, max_kg) or true
  elseif wheels == 0 then
    return emit("exceeds", kg, max_kg, "<=", "kg", at, id, "push_slid", kg, max_kg, min_wheels)
           or true
  elseif wheels < min_wheels then
    return emit("exceeds", kg, max_kg, "<=", "kg", at, id, "push_wheels", kg, wheels, min_wheels,
                max_kg) or true
  end
  emit(compare(kg, "<=", max_kg), kg, max_kg, "<=", "kg", at, id, "push", kg, wheels, max_kg,
       min_wheels)
  return true
end

local function push_pull(job, p, _, emit)
  local any, tasks = false, job.tasks or EMPTY
  for t = 1, #tasks do
    local task = tasks[t]
    local es = task.push_pull
    if es ~= nil then
      for k = 1, #es do judge_push_pull(emit, es[k], task, p) end
      any = any or #es > 0
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "push_none") end
end

-- The frame prints 220 − age; without an age the limit is not defined, so the
-- row stays unknown rather than assuming one.
local function max_heart_rate(job, p, person, emit)
  local hw, age = job.heavy_work, person and person.age
  if hw == nil then return emit_status(emit, "not-applicable", nil, nil, "heavy_none") end
  if hw.peak_bpm == nil then return emit_status(emit, "unknown", nil, nil, "peak_missing") end
  if age == nil then
    return emit("unknown", hw.peak_bpm, nil, nil, "bpm", nil, nil, "age_missing", hw.peak_bpm)
  end
  local limit = tidy(p.max_hr_fraction * (220 - age))
  emit_measured(emit, nil, nil, hw.peak_bpm, "<=", limit, "bpm", "peak", nil,
                hw.peak_bpm, p.max_hr_fraction, age, limit)
end

-- Only a static posture needs breaks; a moving one is not this row's concern.
local function judge_posture(emit, posture, task, p)
  if posture.static ~= true then return nil end
  return emit_measured(emit, task.id, posture.id, posture.pause_minutes_per_hour, ">=",
                       p.posture_break_min, "min/h", "pause", "pause_missing",
                       posture.pause_minutes_per_hour, p.posture_break_min)
end

local function prolonged_posture(job, p, _, emit)
  local any, tasks = false, job.tasks or EMPTY
  for t = 1, #tasks do
    local task = tasks[t]
    local posture = task.posture
    if posture ~= nil and judge_posture(emit, posture, task, p) then any = true end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "static_none") end
end

-- Alternative reading of the vibration row: the daily exposure A(8) over all
-- vibrating tasks, √(Σ a_w²·T / 8 h).
local function vibration_a8(job, p, _, emit)
  local sum, n = total(job, "vibration", function(task, v)
    return v.aw_ms2 and task.hours_per_day and v.aw_ms2 ^ 2 * task.hours_per_day
  end)
  if n == 0 then return emit_status(emit, "not-applicable", nil, nil, "vib_none") end
  if sum == nil then return emit_status(emit, "unknown", nil, nil, "vib_a8_missing") end
  local a8 = tidy(math.sqrt(sum / 8))
  emit_measured(emit, nil, nil, a8, "<=", p.vibration_ms2, "m/s²", "vib_a8", nil, a8,
                p.vibration_ms2)
end

local vibration_exposure = task_limit("vibration", "aw_ms2", "vibration_ms2", "m/s²",
                                      "vib", "vib_none", "vib_missing")

-- The default reads the level during exposure (the stricter reading: at
-- 1 h/day it is √8 times stricter than A(8)).
local function vibration_level(job, p, person, emit)
  if p.wbv_reading == "a8" then return vibration_a8(job, p, person, emit) end
  assert(p.wbv_reading == "exposure", "wbv_reading must be exposure or a8")
  return vibration_exposure(job, p, person, emit)
end

-- The duration half of the row holds in both readings.
local function vibration_duration(job, p, _, emit)
  local hours, n, tasks = 0, 0, job.tasks or EMPTY
  for t = 1, #tasks do
    local task = tasks[t]
    if task.vibration ~= nil then
      n = n + 1
      local h = task.hours_per_day
      if h == nil then
        return emit("unknown", nil, nil, nil, nil, nil, nil, "vib_hours_missing")
      end
      hours = hours + h
    end
  end
  if n == 0 then return emit("not-applicable", nil, nil, nil, nil, nil, nil, "vib_none") end
  local limit = p.vibration_hours
  emit(hours <= limit and "within" or "exceeds", hours, limit, "<=", "h", nil, nil, "vib_hours",
       hours, limit)
end

-- Rows 10–20 are requirements on the workplace, not measurements: a "no"
-- (or a "yes" where "no" is required) exceeds, a missing answer is unknown.
local YES, NO = message("yes"), message("no")
local function requirement(row)
  local section, key, required, what = row.section, row.key, row.required, row.what
  local wanted = required and YES or NO
  return function(job, _, _, emit)
    local v = (job[section] or EMPTY)[key]
    if v == nil then
      return emit("unknown", nil, nil, nil, nil, nil, nil, "row_missing", what)
    end
    emit(v == required and "within" or "exceeds", v, required, "=", nil, nil, nil, "row", what,
         v and YES or NO, wanted)
  end
end

-- ---------------------------------------------------------------------------
-- The table. Order of rules and params is the report's order.

-- row and label: the row of the printed frame a rule implements (1–20, as
-- numbered in doc/groene-kader.md) and its label: in Dutch as
-- printed in RIZIV/INAMI (2015) figure 3; in French in the terms INRS uses
-- for these constraints (manutention, coût cardiaque, vibrations globales du
-- corps), not checked against the printed INRS table, which we do not have;
-- in English as doc/groene-kader.md gives each row's meaning. Each report
-- shows its own language's; `capamatch rules` shows row and label.
local function label(nl, fr, en) return { nl = nl, fr = fr, en = en } end
local LABELS = {
  label("Manipulatie — Last", "Manutention — Charge", "Manual handling — Load"),
  label("Manipulatie — Tonnage", "Manutention — Tonnage", "Manual handling — Tonnage"),
  label("Duwen-Trekken — Verplaatst gewicht", "Pousser-tirer — Poids déplacé",
        "Pushing-pulling — Mass moved"),
  label("Repetitief werk", "Travail répétitif", "Repetitive work"),
  label("Zwaar werk — Hartbelasting", "Travail lourd — Coût cardiaque", "Heavy work — Cardiac cost"),
  label("Zwaar werk — Hartslag", "Travail lourd — Fréquence cardiaque", "Heavy work — Heart rate"),
  label("Houding — Geen zichtbare buiging", "Postures — Pas de flexion visible",
        "Posture — No visible bending"),
  label("Houding — Bij langdurige houding", "Postures — En cas de posture prolongée",
        "Posture — In a prolonged posture"),
  label("Vibraties over het hele lichaam — Equivalente versnelling",
        "Vibrations globales du corps — Accélération équivalente",
        "Whole-body vibration — Equivalent acceleration"),
  label("Valpartijen — Geen hindernis", "Chutes — Pas d'obstacle", "Falls — No obstacle"),
  label("Valpartijen — Geen niveauverschil", "Chutes — Pas de dénivellation",
        "Falls — No level difference"),
  label("Valpartijen — Geen haast", "Chutes — Pas de précipitation", "Falls — No haste"),
  label("Valpartijen — Informatie over de verplaatsingen", "Chutes — Information sur les déplacements",
        "Falls — Information about the routes"),
  label("Psychosociaal — Opvang", "Psychosocial — Accueil", "Psychosocial — Reception"),
  label("Psychosociaal — Begeleiding, luisterend oor", "Psychosocial — Accompagnement, écoute",
        "Psychosocial — Guidance, a listening ear"),
  label("Psychosociaal — Progressief tempo", "Psychosocial — Rythme progressif",
        "Psychosocial — Progressive pace"),
  label("Psychosociaal — Beperkt werkritme", "Psychosocial — Rythme de travail limité",
        "Psychosocial — Limited work rhythm"),
  label("Psychosociaal — Keuze van pauzes", "Psychosocial — Choix des pauses",
        "Psychosocial — Choice of breaks"),
  label("Organisatie van het werk — Onderlinge bijstand", "Organisation du travail — Entraide",
        "Work organisation — Mutual assistance"),
  label("Organisatie van het werk — Aanpasbare taken", "Organisation du travail — Tâches modulables",
        "Work organisation — Adaptable tasks"),
}
-- Each rule's part in rank's score (rules/README.md, "Weights"): the
-- physical rows count once each; the yes/no rows of routes, support and
-- organisation are what adaptations provide, not a strain, and count 0.
local WEIGHTS = {
  load = 1, tonnage = 1, ["push-pull"] = 1, repetition = 1, ["cardiac-cost"] = 1,
  ["heavy-work-duration"] = 1, ["max-heart-rate"] = 1, ["visible-bending"] = 1,
  ["prolonged-posture"] = 1, ["vibration-level"] = 1, ["vibration-duration"] = 1,
}

local function rule(id, row, title, eval)
  return { id = id, row = row, label = assert(LABELS[row], "no label for row " .. row), title = title,
           eval = eval, weight = WEIGHTS[id] }
end

local rules = {
  rule("load", 1,
       { nl = "Manipulatie: last", fr = "Manutention : charge", en = "Manual handling: load" },
       task_limit("handling", "mass_kg", "load_kg", "kg", "load", "load_none", "load_missing")),
  rule("tonnage", 2,
       { nl = "Manipulatie: tonnage", fr = "Manutention : tonnage", en = "Manual handling: tonnage" },
       tonnage),
  rule("push-pull", 3,
       { nl = "Duwen-trekken: verplaatst gewicht", fr = "Pousser-tirer : poids déplacé",
         en = "Pushing and pulling: mass moved" }, push_pull),
  rule("repetition", 4,
       { nl = "Repetitief werk", fr = "Travail répétitif", en = "Repetitive work" },
       task_limit("repetition", "actions_per_minute", "repetition_per_min", "/min",
                  "repetition", "repetition_none", "repetition_missing")),
  rule("cardiac-cost", 5,
       { nl = "Zwaar werk: hartbelasting", fr = "Travail lourd : coût cardiaque",
         en = "Heavy work: cardiac cost" }, heavy_rule(judge_cardiac_cost)),
  rule("heavy-work-duration", 5,
       { nl = "Zwaar werk: duur", fr = "Travail lourd : durée", en = "Heavy work: duration" },
       heavy_rule(judge_heavy_duration)),
  rule("max-heart-rate", 6,
       { nl = "Zwaar werk: hartslag", fr = "Travail lourd : fréquence cardiaque de pointe",
         en = "Heavy work: heart rate" }, max_heart_rate),
  rule("visible-bending", 7,
       { nl = "Houding: geen zichtbare buiging", fr = "Postures : pas de flexion visible",
         en = "Posture: no visible bending" },
       task_limit("posture", "trunk_flexion_deg", "visible_bend_deg", "°",
                  "bend", "bend_none", "bend_missing")),
  rule("prolonged-posture", 8,
       { nl = "Houding: bij langdurige houding", fr = "Postures : si posture prolongée",
         en = "Posture: prolonged posture" }, prolonged_posture),
  rule("vibration-level", 9,
       { nl = "Trillingen hele lichaam: equivalente versnelling",
         fr = "Vibrations globales du corps : accélération équivalente",
         en = "Whole-body vibration: equivalent acceleration" }, vibration_level),
  rule("vibration-duration", 9,
       { nl = "Trillingen hele lichaam: duur", fr = "Vibrations globales du corps : durée",
         en = "Whole-body vibration: duration" }, vibration_duration),
}

-- The eleven requirement rows differ only in data: { row, id (the row's
-- XML name), required answer, title, what the text calls it }. Where
-- each row sits in the job table comes from the profile format's one list
-- (capamatch.rows); a row of the format without an entry here, or an entry
-- naming no row, stops the rule set from loading.
local ROWS = {
  { 10, "obstacles", false,
    { nl = "Valpartijen: geen hindernis", fr = "Chutes : pas d'obstacle", en = "Falls: no obstacle" },
    { nl = "hindernissen op de verplaatsingen", fr = "obstacles sur les déplacements",
      en = "obstacles on the routes" } },
  { 11, "level-differences", false,
    { nl = "Valpartijen: geen niveauverschil", fr = "Chutes : pas de dénivellation",
      en = "Falls: no level difference" },
    { nl = "niveauverschillen op de verplaatsingen", fr = "dénivellations sur les déplacements",
      en = "level differences on the routes" } },
  { 12, "haste", false,
    { nl = "Valpartijen: geen haast", fr = "Chutes : pas de précipitation", en = "Falls: no haste" },
    { nl = "haast bij de verplaatsingen", fr = "précipitation lors des déplacements",
      en = "haste when moving about" } },
  { 13, "movement-info", true,
    { nl = "Valpartijen: informatie over de verplaatsingen", fr = "Chutes : information sur les déplacements",
      en = "Falls: information about movements" },
    { nl = "informatie over de verplaatsingen", fr = "information sur les déplacements",
      en = "information about routes and movements" } },
  { 14, "reception", true,
    { nl = "Psychosociaal: opvang", fr = "Psychosocial : accueil", en = "Psychosocial: reception" },
    { nl = "opvang bij de werkhervatting", fr = "accueil à la reprise",
      en = "reception on return to work" } },
  { 15, "listening-ear", true,
    { nl = "Psychosociaal: begeleiding, luisterend oor", fr = "Psychosocial : accompagnement, écoute",
      en = "Psychosocial: guidance, a listening ear" },
    { nl = "begeleiding en luisterend oor", fr = "accompagnement et écoute",
      en = "guidance and a listening ear" } },
  { 16, "progressive-pace", true,
    { nl = "Psychosociaal: progressief tempo", fr = "Psychosocial : rythme progressif",
      en = "Psychosocial: progressive pace" },
    { nl = "progressief tempo", fr = "rythme progressif", en = "progressive pace" } },
  { 17, "limited-rhythm", true,
    { nl = "Psychosociaal: beperkt werkritme", fr = "Psychosocial : rythme de travail limité",
      en = "Psychosocial: limited work rhythm" },
    { nl = "beperkt werkritme", fr = "rythme de travail limité", en = "limited work rhythm" } },
  { 18, "pause-choice", true,
    { nl = "Psychosociaal: keuze van pauzes", fr = "Psychosocial : choix des pauses",
      en = "Psychosocial: choice of breaks" },
    { nl = "vrije keuze van pauzes", fr = "libre choix des pauses", en = "free choice of breaks" } },
  { 19, "mutual-assistance", true,
    { nl = "Organisatie van het werk: onderlinge bijstand", fr = "Organisation du travail : entraide",
      en = "Work organisation: mutual assistance" },
    { nl = "onderlinge bijstand", fr = "entraide", en = "mutual assistance" } },
  { 20, "adaptable-tasks", true,
    { nl = "Organisatie van het werk: aanpasbare taken", fr = "Organisation du travail : tâches modulables",
      en = "Work organisation: adaptable tasks" },
    { nl = "aanpasbare taken", fr = "tâches modulables", en = "adaptable tasks" } },
}

local ROW_OF = {}
for _, section in ipairs({ "falls", "psychosocial", "organisation" }) do
  for _, r in ipairs(cm.rows(section)) do ROW_OF[r.name] = { section = section, key = r.key } end
end

local covered = {}
for _, r in ipairs(ROWS) do
  local at = assert(ROW_OF[r[2]], "not a requirement row of the profile: " .. r[2])
  covered[r[2]] = true
  local row = { section = at.section, key = at.key, required = r[3], what = r[5] }
  rules[#rules + 1] = rule(r[2], r[1], r[4], requirement(row))
end
for name in pairs(ROW_OF) do assert(covered[name], "no rule for the requirement row " .. name) end

-- What each rule reads of the job (rules/README.md, "reads"): the search
-- takes offers whose writes meet no common rule's reads not to interact, so
-- a read left out here would make it miss sets (doc/search.md). Each
-- requirement row reads its own field.
local READS = {
  load = { own_task = true, "tasks.handling.mass_kg" },
  tonnage = { tasks_with = "handling", "tasks.hours_per_day", "tasks.handling.mass_kg",
              "tasks.handling.per_minute", "tasks.handling.kg_per_day" },
  ["push-pull"] = { own_task = true, "tasks.push_pull.mass_kg", "tasks.push_pull.wheels" },
  repetition = { own_task = true, "tasks.repetition.actions_per_minute" },
  ["cardiac-cost"] = { "heavy_work" },
  ["heavy-work-duration"] = { "heavy_work" },
  ["max-heart-rate"] = { "heavy_work" },
  ["visible-bending"] = { own_task = true, "tasks.posture.trunk_flexion_deg" },
  ["prolonged-posture"] = { own_task = true, "tasks.posture.static",
                            "tasks.posture.pause_minutes_per_hour" },
  -- the a8 reading is a daily total over the vibrating tasks
  ["vibration-level"] = { tasks_with = "vibration", "tasks.vibration.aw_ms2", "tasks.hours_per_day" },
  ["vibration-duration"] = { tasks_with = "vibration", "tasks.hours_per_day" },
}
for _, r in ipairs(rules) do
  local at = ROW_OF[r.id]
  r.reads = READS[r.id] or { at.section .. "." .. at.key }
end

-- kind "limit": a figure printed in the frame (setting it departs from the
-- published frame, and every report says so); kind "reading": how this rule
-- set reads what the frame leaves open.
local function limit(name, default, unit, doc)
  return { name = name, default = default, unit = unit, kind = "limit", doc = doc }
end

local function reading(name, default, unit, doc)
  return { name = name, default = default, unit = unit, kind = "reading", doc = doc }
end

local params = {
  limit("load_kg", 5, "kg", {
    nl = "Zwaarste last die met de hand gehanteerd wordt (tillen, neerzetten, dragen); 5,0 kg valt binnen de grens.",
    fr = "Charge la plus lourde manutentionnée à la main (lever, poser, porter) ; 5,0 kg est dans la limite.",
    en = "Heaviest load handled by hand (lifted, lowered, carried); 5.0 kg is within." }),
  limit("tonnage_t", 3, "t", {
    nl = "Dagtonnage: Σ gewicht × hanteringen per dag (per minuut × 60 × uren van de taak); een gemeten tonnage gaat voor.",
    fr = "Tonnage journalier : Σ masse × manutentions par jour (par minute × 60 × heures de la tâche) ; un tonnage mesuré prime.",
    en = "Daily tonnage: Σ mass × handlings per day (per minute × 60 × task hours); a measured tonnage wins." }),
  limit("push_pull_kg", 100, "kg", {
    nl = "Grootste massa die geduwd of getrokken wordt.",
    fr = "Masse maximale poussée ou tirée.",
    en = "Largest mass pushed or pulled." }),
  limit("push_pull_wheels", 4, nil, {
    nl = "Minimaal aantal wielen: meer wielen (een bed, een palletwagen op 6 wielen) mag; minder wielen, of schuiven of dragen (wheels=\"0\"), overschrijdt de grens.",
    fr = "Nombre minimal de roues : davantage (un lit, un transpalette à 6 roues) convient ; moins de roues, ou glisser ou porter (wheels=\"0\"), dépasse la limite.",
    en = "Least number of wheels: more (a bed, a pallet truck on 6 wheels) is fine; fewer, or sliding or carrying (wheels=\"0\"), exceeds." }),
  limit("repetition_per_min", 40, "/min", {
    nl = "Technische handelingen per minuut (zoals OCRA een handeling definieert).",
    fr = "Actions techniques par minute (au sens de la méthode OCRA).",
    en = "Technical actions per minute, as OCRA defines an action." }),
  limit("cardiac_cost_bpm", 30, "bpm", {
    nl = "Hartbelasting van zwaar werk (werkhartslag − rusthartslag); bij heavy_work_reading=duration-above-level het niveau waarboven werk zwaar is.",
    fr = "Coût cardiaque du travail lourd (fréquence de travail − fréquence de repos) ; avec heavy_work_reading=duration-above-level, le niveau au-delà duquel le travail est lourd.",
    en = "Cardiac cost of heavy work (working HR − resting HR); with heavy_work_reading=duration-above-level, the level above which work is heavy." }),
  limit("heavy_work_hours", 1, "h", {
    nl = "Totale duur van zwaar werk per dag.",
    fr = "Durée totale de travail lourd par jour.",
    en = "Total heavy-work time per day." }),
  { name = "heavy_work_reading", default = "level-and-duration", kind = "reading",
    choices = { "level-and-duration", "duration-above-level" }, doc = {
    nl = "\"level-and-duration\": hartbelasting ≤ cardiac_cost_bpm en zwaar werk ≤ heavy_work_hours per dag, twee grenzen; "
      .. "\"duration-above-level\": werk boven cardiac_cost_bpm is zwaar werk, en daarvan is hoogstens heavy_work_hours per dag toegelaten.",
    fr = "« level-and-duration » : coût cardiaque ≤ cardiac_cost_bpm et travail lourd ≤ heavy_work_hours par jour, deux limites ; "
      .. "« duration-above-level » : le travail au-delà de cardiac_cost_bpm est du travail lourd, admis au plus heavy_work_hours par jour.",
    en = "\"level-and-duration\": cardiac cost ≤ cardiac_cost_bpm and heavy work ≤ heavy_work_hours a day, two limits; "
      .. "\"duration-above-level\": work above cardiac_cost_bpm is heavy work, and at most heavy_work_hours a day of it is allowed." } },
  limit("max_hr_fraction", 0.85, nil, {
    nl = "Piekhartslag ≤ deze fractie × (220 − leeftijd); zonder leeftijd onbekend.",
    fr = "Fréquence cardiaque de pointe ≤ cette fraction × (220 − âge) ; inconnu sans âge.",
    en = "Peak heart rate ≤ this fraction × (220 − age); unknown without an age." }),
  reading("visible_bend_deg", 20, "deg", {
    nl = "Rompflexie boven deze hoek is zichtbare buiging (ISO 11226: 0–20° aanvaardbaar).",
    fr = "Une flexion du tronc au-delà de cet angle est visible (ISO 11226 : 0–20° acceptable).",
    en = "Trunk flexion above this angle counts as visible bending (ISO 11226: 0–20° acceptable)." }),
  limit("posture_break_min", 10, "min/h", {
    nl = "Minimale pauze per uur bij een langdurige statische houding.",
    fr = "Pause minimale par heure en posture statique prolongée.",
    en = "Minimum break per hour in a prolonged static posture." }),
  limit("vibration_ms2", 0.5, "m/s²", {
    nl = "Grens voor de equivalente versnelling van trillingen van het hele lichaam.",
    fr = "Limite de l'accélération équivalente des vibrations globales du corps.",
    en = "Limit on the equivalent acceleration of whole-body vibration." }),
  limit("vibration_hours", 1, "h", {
    nl = "Totale blootstelling aan trillingen van het hele lichaam per dag.",
    fr = "Exposition totale aux vibrations globales du corps par jour.",
    en = "Total whole-body vibration exposure per day." }),
  { name = "wbv_reading", default = "exposure", kind = "reading", choices = { "exposure", "a8" }, doc = {
    nl = "\"exposure\": gewogen a_w tijdens de blootstelling ≤ grens en totale blootstelling ≤ vibration_hours; "
      .. "\"a8\": dagelijkse A(8) = √(Σ a_w²·T / 8 u) ≤ grens, voor de hele functie; de duurregel blijft gelden.",
    fr = "« exposure » : a_w pondérée pendant l'exposition ≤ limite et exposition totale ≤ vibration_hours ; "
      .. "« a8 » : A(8) journalière = √(Σ a_w²·T / 8 h) ≤ limite, pour tout le poste ; la règle de durée s'applique toujours.",
    en = "\"exposure\": frequency-weighted a_w during exposure ≤ limit and total exposure ≤ vibration_hours; "
      .. "\"a8\": daily A(8) = √(Σ a_w²·T / 8 h) ≤ limit, job-level; the duration rule still applies." } },
}

return {
  id = "inrs-cadre-vert",
  version = "1.0.0",
  contract = 3, -- pure rules, findings emitted (rules/README.md, Contracts)
  valid_from = "2011-01-01",
  source = "Meyer JP, Mochel JL (2011), Le process cadre vert : comment le travail peut aider à "
        .. "rester actif, INRS NOETUDE/P2011-083; RIZIV/INAMI (2015) figure 3, Het groene kader",
  title = { nl = "Het groene kader: werkhervatting van loontrekkenden met lumbago",
            fr = "Le cadre vert : reprise du travail des travailleurs lombalgiques",
            en = "The green frame: return to work of employees with low-back pain" },
  -- The frame is for the first three weeks back (doc/groene-kader.md): in match and
  -- rank it applies from the return day (day 1) through day 21.
  window_days = 21,
  params = params,
  rules = rules,
  messages = T,
}
