--[[
screening — fear-avoidance and prognosis questionnaires (doc/icf.md):
TSK-17 (Tampa Scale for Kinesiophobia, 17-68) and ÖMPSQ-10 (Örebro
Musculoskeletal Pain Screening Questionnaire, short form, 0-100).

A flag is advice for planning a graded return (fear-avoidance and
expectations predict return to work better than the physical findings),
never a reason for "not feasible": the rule set is advisory, so the engine
shows its findings apart and neither the verdict nor the adaptation search
reads them. "exceeds" here means the flag is raised. The cut-offs are
parameters; an instrument the profile does not record is not applicable.

Medical: an employer never sees an instrument, a score or a flag.

Runs in the engine's sandbox: no patterns, no global written.
]]

local ipairs = ipairs

local T = {
  tsk = { nl = "TSK-17 = %s, vlag boven %s: grote bewegingsangst; plan een geleidelijke hervatting (advies, geen oordeel)",
          fr = "TSK-17 = %s, signal au-dessus de %s : forte peur du mouvement ; planifier une reprise progressive (conseil, pas un verdict)",
          en = "TSK-17 = %s, flag above %s: high fear of movement; plan a graded return (advice, not a verdict)" },
  tsk_low = { nl = "TSK-17 = %s, vlag boven %s: geen vlag",
              fr = "TSK-17 = %s, signal au-dessus de %s : pas de signal",
              en = "TSK-17 = %s, flag above %s: no flag" },
  ompsq = { nl = "ÖMPSQ-10 = %s, vlag vanaf %s: groot risico op langdurige arbeidsongeschiktheid; plan een geleidelijke hervatting (advies, geen oordeel)",
            fr = "ÖMPSQ-10 = %s, signal à partir de %s : risque élevé d'incapacité prolongée ; planifier une reprise progressive (conseil, pas un verdict)",
            en = "ÖMPSQ-10 = %s, flag from %s: high risk of long-term disability; plan a graded return (advice, not a verdict)" },
  ompsq_low = { nl = "ÖMPSQ-10 = %s, vlag vanaf %s: geen vlag",
                fr = "ÖMPSQ-10 = %s, signal à partir de %s : pas de signal",
                en = "ÖMPSQ-10 = %s, flag from %s: no flag" },
  absent = { nl = "%s niet afgenomen", fr = "%s non administré", en = "%s not administered" },
  w_tsk = { nl = "uw antwoorden tonen veel angst om te bewegen; een geleidelijke terugkeer helpt daarbij",
            fr = "vos réponses montrent une forte peur de bouger ; une reprise progressive y aide",
            en = "your answers show a strong fear of moving; a step-by-step return helps with that" },
  w_ompsq = { nl = "uw antwoorden tonen een risico dat het herstel lang duurt; een geleidelijke terugkeer helpt daarbij",
              fr = "vos réponses montrent un risque de rétablissement long ; une reprise progressive y aide",
              en = "your answers show a risk that recovery takes long; a step-by-step return helps with that" },
}

local function score_of(person, id)
  for _, s in ipairs(person.screening or {}) do
    if s.instrument == id then return s.score end
  end
  return nil
end

-- One instrument: flagged when flagged(score, cut) holds. Emits (contract
-- 3): a raised flag gives the worker's wording as named data after the
-- message's two arguments and a ratio of nil; the table is made once, so
-- it costs nothing, and the engine reads it only when a report shows it.
local function instrument(id, name, cut_param, flagged, raised, low, worker)
  local named = { worker = { message = worker, args = {} } }
  return function(job, p, person, emit)
    local score = score_of(person, id)
    if score == nil then
      emit("not-applicable", nil, nil, nil, nil, nil, nil, "absent", name)
      return
    end
    local cut = p[cut_param]
    if flagged(score, cut) then
      emit("exceeds", score, cut, nil, nil, nil, nil, raised, score, cut, nil, named)
    else
      emit("within", score, cut, nil, nil, nil, nil, low, score, cut)
    end
  end
end

local function doc(nl, fr, en) return { nl = nl, fr = fr, en = en } end

return {
  id = "screening",
  version = "1.0.0",
  contract = 3, -- pure rules that emit their findings (rules/README.md, Contracts)
  valid_from = "2011-01-01",
  source = "Miller RP, Kori SH, Todd DD (1991) The Tampa Scale; Linton SJ et al. (2011) "
        .. "A short form of the Örebro Musculoskeletal Pain Screening Questionnaire; "
        .. "capamatch doc/icf.md",
  title = { nl = "Screening: bewegingsangst en prognose (advies)",
            fr = "Dépistage : peur du mouvement et pronostic (conseil)",
            en = "Screening: fear of movement and prognosis (advice)" },
  needs = "person",
  advisory = true,
  medical = true,
  params = {
    { name = "tsk17_flag_above", default = 37, kind = "reading", doc = doc(
      "TSK-17: een score boven deze waarde is een vlag (grote bewegingsangst).",
      "TSK-17 : un score au-dessus de cette valeur est un signal (forte peur du mouvement).",
      "TSK-17: a score above this is a flag (high fear of movement).") },
    { name = "ompsq10_flag_from", default = 50, kind = "reading", doc = doc(
      "ÖMPSQ-10: een score vanaf deze waarde is een vlag (groot risico op langdurige ongeschiktheid).",
      "ÖMPSQ-10 : un score à partir de cette valeur est un signal (risque élevé d'incapacité prolongée).",
      "ÖMPSQ-10: a score from this on is a flag (high risk of long-term disability).") },
  },
  rules = {
    { id = "tsk-17", title = doc("Bewegingsangst (TSK-17)", "Peur du mouvement (TSK-17)",
                                 "Fear of movement (TSK-17)"),
      eval = instrument("tsk-17", "TSK-17", "tsk17_flag_above",
                        function(s, c) return s > c end, "tsk", "tsk_low", "w_tsk"),
      reads = {} }, -- the person only
    { id = "ompsq-10", title = doc("Prognose (ÖMPSQ-10)", "Pronostic (ÖMPSQ-10)",
                                   "Prognosis (ÖMPSQ-10)"),
      eval = instrument("ompsq-10", "ÖMPSQ-10", "ompsq10_flag_from",
                        function(s, c) return s >= c end, "ompsq", "ompsq_low", "w_ompsq"),
      reads = {} }, -- the person only
  },
  messages = T,
}
