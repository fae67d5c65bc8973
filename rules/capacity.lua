--[[
capacity — the person against the job (match and rank).

Two kinds of evidence, in this order (doc/icf.md):

1. The job's ICF-coded demands (<demand code="d4300" max-difficulty="1"/>)
   against the person's capacity qualifiers: for d the 2nd qualifier
   (capacity without assistance), for b and s the 1st (extent). The exact
   code first; else a broader code the person has (d430 for d4300), said
   in the finding; else the worst of the narrower codes (d4300, d4301 for
   d430), said too; 8, 9, `_` or no code at all: unknown.
2. Measured capacities (functional capacity evaluation) against the job's
   physical demands, read as doc/icf.md settles them ("Readings of measured
   capacities"): a figure decides at its own rate, bounds the others from
   below (higher rates) or above (lower rates), and leaves unknown what
   lies between. Only where no measurement exists is a capacity estimated
   from an ICF qualifier, and the finding then says "estimated from ICF".

Every link between a job dimension and ICF codes is in LINKS below, the one
table; the words a worker or an employer reads for each dimension are there
too, and each linked code's own label for the medical text. The employer's wording of a finding never names a code, a qualifier
or a diagnosis (the report shows it instead of the medical text, and
drops the figures).

Pushing and pulling, carrying, and sitting, standing and walking tolerance
are judged from the person's measured figures against the job's forces
(newtons; the person's kilograms-force converted), carried masses and
longest unbroken periods, at the demand's rate (doc/icf.md, "Readings of
measured capacities"). A push or pull recorded by its mass alone stays
unknown ("measure the force required"): a mass is not a force.

Runs in the engine's sandbox: no patterns, no global written.
]]

local cm = capamatch
local compare, message, list, tidy = cm.compare, cm.message, cm.list, cm.tidy
local ipairs, sub, len, floor = ipairs, string.sub, string.len, math.floor

-- What the rules derive from the person alone (the index of the ICF
-- statements, the figures of each item, the ICF lift estimate, whether a
-- dimension is coded) is made once per person table, not once per rule
-- call: the engine keeps the person table for a whole check (contract 3,
-- rules/README.md) and the search runs these rules again for every set of
-- adaptations it tries, the person unchanged. Weak keys: a person table
-- the engine lets go takes its facts with it. What these caches hand out
-- is shared between calls: callers read it and never write it.
local FACTS = setmetatable({}, { __mode = "k" })

local function facts_of(person)
  local f = FACTS[person]
  if f == nil then
    f = { figures = {}, figures_of = {}, coded = {} }
    FACTS[person] = f
  end
  return f
end

-- ---------------------------------------------------------------------------
-- Job dimension → ICF codes (doc/icf.md, "Default links"). `words`:
-- the dimension in plain words, for the worker's and the employer's views.
-- `labels`: each code's own meaning in a few words, shown after the code in
-- the medical text; a code without one is shown bare, since a dimension's
-- words are not a code's title (d4305 is putting down, not "lifting and
-- putting down loads"). A loaded classification's titles are in the
-- report's list of the person's codes.

local function words3(en, nl, fr) return { en = en, nl = nl, fr = fr } end

local LINKS = {
  { dimension = "lifting", codes = { "d4300", "d4305" },
    words = words3("lifting and putting down loads", "tillen en neerzetten van lasten",
                   "soulever et déposer des charges"),
    labels = { d4300 = words3("lifting", "tillen", "soulever"),
               d4305 = words3("putting down objects", "voorwerpen neerzetten", "poser des objets") } },
  { dimension = "carrying", codes = { "d4301", "d4302", "d4303" },
    words = words3("carrying", "dragen", "porter"),
    labels = { d4301 = words3("carrying in the hands", "in de handen dragen", "porter dans les mains"),
               d4302 = words3("carrying in the arms", "in de armen dragen", "porter dans les bras"),
               d4303 = words3("carrying on shoulders, hip and back", "op schouders, heup en rug dragen",
                              "porter sur les épaules, la hanche et le dos") } },
  { dimension = "pushing-pulling", codes = { "d4451", "d4450" },
    words = words3("pushing and pulling", "duwen en trekken", "pousser et tirer"),
    labels = { d4451 = words3("pushing", "duwen", "pousser"),
               d4450 = words3("pulling", "trekken", "tirer") } },
  { dimension = "hand-work", codes = { "d440", "d445" },
    words = words3("repetitive hand work", "repetitief handwerk", "travail manuel répétitif"),
    labels = { d440 = words3("fine hand use", "fijne handbewegingen", "motricité fine de la main"),
               d445 = words3("hand and arm use", "gebruik van hand en arm",
                             "utilisation des mains et des bras") } },
  { dimension = "trunk-flexion", codes = { "d4105" },
    words = words3("bending", "bukken", "se pencher"),
    labels = { d4105 = words3("bending", "bukken", "se pencher") } },
  { dimension = "standing-sitting", codes = { "d4154", "d4153" },
    words = words3("standing or sitting for long", "lang staan of zitten",
                   "rester debout ou assis longtemps"),
    labels = { d4154 = words3("maintaining a standing position", "staande houding aanhouden",
                              "maintenir la position debout"),
               d4153 = words3("maintaining a sitting position", "zittende houding aanhouden",
                              "maintenir la position assise") } },
  { dimension = "walking", codes = { "d450" },
    words = words3("walking and moving around", "stappen en verplaatsingen", "marcher et se déplacer"),
    labels = { d450 = words3("walking", "lopen", "marcher") } },
  { dimension = "heavy-work", codes = { "b455" },
    words = words3("heavy physical work", "zwaar lichamelijk werk", "travail physique lourd"),
    labels = { b455 = words3("exercise tolerance functions", "inspanningstolerantie",
                             "tolérance à l'effort") } },
  { dimension = "pace-stress", codes = { "d240" },
    words = words3("work pace and stress", "werktempo en stress", "rythme de travail et stress"),
    labels = { d240 = words3("handling stress and other psychological demands",
                             "omgaan met stress en andere psychologische eisen",
                             "gérer le stress et d'autres exigences psychologiques") } },
}

-- The dimension a code belongs to: the link whose code is the code, else
-- the one of its nearest parent (d4500 is walking through d450), else the
-- one of its children when they all belong to one dimension (d410 is
-- bending through d4105). A code above several dimensions (the chapter d4,
-- d430 with lifting and carrying) has none: it is no one of them.
local function find_link(code)
  local best, rank
  local below, several = nil, false
  for _, link in ipairs(LINKS) do
    for _, c in ipairs(link.codes) do
      local r
      if c == code then r = 0
      elseif sub(code, 1, len(c)) == c then r = 10 - len(c) end
      if r and (rank == nil or r < rank) then best, rank = link, r end
      if sub(c, 1, len(code)) == code and c ~= code then
        if below and below ~= link then several = true end
        below = below or link
      end
    end
  end
  if best then return best end
  return not several and below or nil
end

-- link_of's answers by code (false: none). Codes come from job profiles,
-- so the table is emptied when it holds more than a classification has.
local LINK_OF, links_known = {}, 0

local function link_of(code)
  local link = LINK_OF[code]
  if link == nil then
    if links_known >= 4096 then LINK_OF, links_known = {}, 0 end
    link = find_link(code) or false
    LINK_OF[code], links_known = link, links_known + 1
  end
  return link or nil
end

-- The code's own label, as an argument: " (lifting)", or nothing.
local function code_label(code)
  for _, link in ipairs(LINKS) do
    local label = link.labels[code]
    if label then return message("code_label", label) end
  end
  return message("none")
end

local OTHER_WORDS = { nl = "een functionele eis", fr = "une exigence fonctionnelle",
                      en = "a functional demand" }

-- The generic qualifier scale: the upper edge of each band (0-4 % ... 96-100 %).
local BAND_UPPER = { [0] = 0.04, [1] = 0.24, [2] = 0.49, [3] = 0.95, [4] = 1.00 }

-- ---------------------------------------------------------------------------
-- Messages.

local T = {
  demand = {
    nl = "%s%s: capaciteitskwalificatie %s (%s)%s, de functie laat hoogstens %s toe",
    fr = "%s%s : qualificatif de capacité %s (%s)%s, le poste admet au plus %s",
    en = "%s%s: capacity qualifier %s (%s)%s, the job admits at most %s" },
  code_label = { nl = " (%s)", fr = " (%s)", en = " (%s)" },
  via_exact = { nl = "", fr = "", en = "" },
  via_broader = { nl = " (van de bredere code %s)", fr = " (du code plus large %s)",
                  en = " (from the broader code %s)" },
  via_narrower = { nl = " (de slechtste van de nauwere codes %s)",
                   fr = " (le pire des codes plus précis %s)",
                   en = " (the worst of the narrower codes %s)" },
  demand_narrower_blank = {
    nl = "%s%s: de nauwere codes %s zijn binnen, maar %s geeft geen capaciteit: onbekend",
    fr = "%s%s : les codes plus précis %s sont dans la limite, mais %s ne donne pas de capacité : inconnu",
    en = "%s%s: the narrower codes %s are within, but %s gives no capacity: unknown" },
  demand_no_code = {
    nl = "%s%s: de persoon heeft geen code voor deze eis (ook geen bredere of nauwere): capaciteit onbekend",
    fr = "%s%s : la personne n'a pas de code pour cette exigence (ni plus large ni plus précis) : capacité inconnue",
    en = "%s%s: the person has no code for this demand (nor a broader or narrower one): capacity unknown" },
  demand_no_capacity = {
    nl = "%s%s: %s geeft geen capaciteit (kwalificatie %s: %s)",
    fr = "%s%s : %s ne donne pas de capacité (qualificatif %s : %s)",
    en = "%s%s: %s gives no capacity (qualifier %s: %s)" },
  demand_environment = {
    nl = "%s: een omgevingsfactor is geen capaciteit van de persoon",
    fr = "%s : un facteur environnemental n'est pas une capacité de la personne",
    en = "%s: an environmental factor is not a capacity of the person" },
  demands_none = { nl = "de functie stelt geen ICF-eisen", fr = "le poste ne pose pas d'exigence CIF",
                   en = "the job states no ICF demands" },
  not_recorded = { nl = "niet geregistreerd", fr = "non renseigné", en = "not recorded" },
  q8 = { nl = "niet gespecificeerd", fr = "non spécifié", en = "not specified" },
  q9 = { nl = "niet van toepassing", fr = "sans objet", en = "not applicable" },
  q0 = { nl = "geen probleem", fr = "aucun problème", en = "no problem" },
  q1 = { nl = "licht probleem", fr = "problème léger", en = "mild problem" },
  q2 = { nl = "matig probleem", fr = "problème modéré", en = "moderate problem" },
  q3 = { nl = "ernstig probleem", fr = "problème grave", en = "severe problem" },
  q4 = { nl = "volledig probleem", fr = "problème complet", en = "complete problem" },
  sep = { nl = ", ", fr = ", ", en = ", " },

  lift = {
    nl = "%s kg gehanteerd (%s, %s), capaciteit %s %s kg%s",
    fr = "%s kg manutentionnés (%s, %s), capacité en %s %s kg%s",
    en = "%s kg handled (%s, %s), capacity %s %s kg%s" },
  lift_measured = { nl = " gemeten voor %s tillen", fr = " mesurée pour un levage %s",
                    en = " measured for %s lifting" },
  lift_estimated = {
    nl = " geschat uit ICF: %s kwalificatie %s → %s kg × (1 − %s)",
    fr = " estimée d'après la CIF : %s qualificatif %s → %s kg × (1 − %s)",
    en = " estimated from ICF: %s qualifier %s → %s kg × (1 − %s)" },
  lift_rate_only = {
    nl = "%s kg gehanteerd (%s, %s): capaciteit %s alleen bij andere frequenties gemeten (%s); meet ze bij deze frequentie",
    fr = "%s kg manutentionnés (%s, %s) : capacité en %s mesurée seulement à d'autres fréquences (%s) ; la mesurer à cette fréquence",
    en = "%s kg handled (%s, %s): capacity %s measured only at other rates (%s); measure it at this rate" },
  lift_figure = { nl = "%s kg voor %s tillen", fr = "%s kg pour un levage %s",
                  en = "%s kg for %s lifting" },
  lift_estimate_open = {
    nl = "%s kg gehanteerd (%s): geen meting; %s geeft geen capaciteit, en de schatting uit %s kwalificatie %s (%s kg) kan alleen een overschrijding vaststellen: meet de tilcapaciteit",
    fr = "%s kg manutentionnés (%s) : pas de mesure ; %s ne donne pas de capacité, et l'estimation d'après %s qualificatif %s (%s kg) ne peut établir qu'un dépassement : mesurer la capacité de levage",
    en = "%s kg handled (%s): no measurement; %s gives no capacity, and the estimate from %s qualifier %s (%s kg) can only show an excess: measure the lifting capacity" },
  lift_band_wide = {
    nl = "%s kg gehanteerd (%s): geen meting, en %s kwalificatie 3 (50-95 %%) is te breed om te schatten: meet de tilcapaciteit",
    fr = "%s kg manutentionnés (%s) : pas de mesure, et %s qualificatif 3 (50-95 %%) est trop large pour estimer : mesurer la capacité",
    en = "%s kg handled (%s): no measurement, and %s qualifier 3 (50-95 %%) is too wide to estimate from: measure the lifting capacity" },
  lift_none = {
    nl = "geen tilcapaciteit geregistreerd (geen FCE-tiltest, geen d4300/d4305): niet beoordeeld",
    fr = "aucune capacité de levage renseignée (pas de test CFE, pas de d4300/d4305) : non évalué",
    en = "no lifting capacity recorded (no FCE lift, no d4300/d4305): not judged" },
  lift_zone_unmeasured = {
    nl = "%s niet gemeten, en geen ICF-capaciteit om ze uit te schatten: meet ze in deze zone",
    fr = "%s non mesuré, et pas de capacité CIF pour l'estimer : le mesurer dans cette zone",
    en = "%s not measured, and no ICF capacity to estimate it from: measure it in this zone" },
  lift_height_missing = {
    nl = "%s kg gehanteerd: de hoogte van de last (v-cm) is niet geregistreerd, dus de tilzone is onbekend",
    fr = "%s kg manutentionnés : la hauteur de la charge (v-cm) n'est pas renseignée, la zone de levage est donc inconnue",
    en = "%s kg handled: the height of the load (v-cm) is not recorded, so the lifting zone is unknown" },
  lift_no_handling = { nl = "geen manuele hantering", fr = "pas de manutention manuelle",
                       en = "no manual handling" },
  lift_mass_missing = { nl = "gewicht van de last niet geregistreerd",
                        fr = "masse de la charge non renseignée",
                        en = "mass of the load not recorded" },
  per_day = { nl = "%s keer per dag", fr = "%s fois par jour", en = "%s times a day" },
  rate_missing = { nl = "frequentie niet geregistreerd, als occasioneel gelezen",
                   fr = "fréquence non renseignée, lue comme occasionnelle",
                   en = "rate not recorded, read as occasional" },
  occasional = { nl = "occasioneel", fr = "occasionnel", en = "occasional" },
  frequent = { nl = "frequent", fr = "fréquent", en = "frequent" },
  constant = { nl = "constant", fr = "constant", en = "constant" },
  ["lift-floor-waist"] = { nl = "tillen vloer–taille", fr = "levage sol–taille",
                           en = "lift floor–waist" },
  ["lift-waist-shoulder"] = { nl = "tillen taille–schouder", fr = "levage taille–épaule",
                              en = "lift waist–shoulder" },

  push = {
    nl = "%s kg geduwd of getrokken: de functie geeft de verplaatste massa, niet de kracht; capaciteit %s gemeten op %s kg: meet de vereiste kracht",
    fr = "%s kg poussés ou tirés : le poste donne la masse déplacée, pas la force ; capacité %s mesurée à %s kg : mesurer la force requise",
    en = "%s kg pushed or pulled: the job gives the mass moved, not the force; measured %s %s kg: measure the force required" },
  push_mass_missing = { nl = "geduwde of getrokken massa niet geregistreerd",
                        fr = "masse poussée ou tirée non renseignée",
                        en = "mass pushed or pulled not recorded" },
  push_none = { nl = "geen duwen of trekken", fr = "pas de poussée ni de traction",
                en = "no pushing or pulling" },
  push_no_capacity = {
    nl = "geen duw- of trekcapaciteit geregistreerd: niet beoordeeld",
    fr = "aucune capacité de poussée ou de traction renseignée : non évalué",
    en = "no push or pull capacity recorded: not judged" },

  -- the employer's and the worker's wordings
  e_within = { nl = "%s%s: binnen wat de persoon nu aankan",
               fr = "%s%s : dans ce que la personne peut faire maintenant",
               en = "%s%s: within what the person can do now" },
  e_exceeds = { nl = "%s%s: gaat verder dan wat de persoon nu aankan",
                fr = "%s%s : dépasse ce que la personne peut faire maintenant",
                en = "%s%s: beyond what the person can do now" },
  e_unknown = { nl = "%s%s: nog niet bekend (meer gegevens nodig)",
                fr = "%s%s : pas encore connu (données à compléter)",
                en = "%s%s: not known yet (more data needed)" },
  e_na = { nl = "%s%s: niet van toepassing", fr = "%s%s : sans objet", en = "%s%s: not applicable" },
  e_lift = { nl = "tillen%s: last %s kg, de persoon tilt nu hoogstens %s kg",
             fr = "levage%s : charge %s kg, la personne soulève au plus %s kg maintenant",
             en = "lifting%s: load %s kg, the person lifts at most %s kg now" },
  e_task = { nl = " (%s)", fr = " (%s)", en = " (%s)" },
  none = { nl = "", fr = "", en = "" },
  -- the worker's wording of a demand: where the person is now, and what
  -- the job admits, each a whole clause per qualifier
  wn0 = { nl = "u hebt er nu geen moeite mee", fr = "vous n'avez aucune difficulté à le faire maintenant",
          en = "you have no difficulty with it now" },
  wn1 = { nl = "u hebt er nu lichte moeite mee", fr = "vous avez maintenant une légère difficulté à le faire",
          en = "you now have mild difficulty with it" },
  wn2 = { nl = "u hebt er nu matige moeite mee", fr = "vous avez maintenant une difficulté modérée à le faire",
          en = "you now have moderate difficulty with it" },
  wn3 = { nl = "u hebt er nu veel moeite mee", fr = "vous avez maintenant une grande difficulté à le faire",
          en = "you now have severe difficulty with it" },
  wn4 = { nl = "u kunt het nu niet", fr = "vous ne pouvez pas le faire maintenant",
          en = "you cannot do it now" },
  wj0 = { nl = "deze functie vraagt dat u het zonder moeite kunt", fr = "ce poste demande de le faire sans difficulté",
          en = "this job asks that you can do it without difficulty" },
  wj1 = { nl = "deze functie laat hoogstens lichte moeite toe", fr = "ce poste admet tout au plus une légère difficulté",
          en = "this job allows at most mild difficulty" },
  wj2 = { nl = "deze functie laat hoogstens matige moeite toe", fr = "ce poste admet tout au plus une difficulté modérée",
          en = "this job allows at most moderate difficulty" },
  wj3 = { nl = "deze functie laat hoogstens veel moeite toe", fr = "ce poste admet tout au plus une grande difficulté",
          en = "this job allows at most severe difficulty" },
  wj4 = { nl = "deze functie laat elke moeite toe", fr = "ce poste admet toute difficulté",
          en = "this job allows any difficulty" },
  w_lift = { nl = "tillen%s: de functie vraagt %s kg, %s; u kunt nu %s kg tillen",
             fr = "levage%s : le poste demande %s kg, %s ; vous pouvez soulever %s kg maintenant",
             en = "lifting%s: the job asks you to lift %s kg, %s; you can lift %s kg now" },
  w_demand = { nl = "%s%s: %s; %s", fr = "%s%s : %s ; %s", en = "%s%s: %s; %s" },
}

-- ---------------------------------------------------------------------------
-- Reading the person's ICF statements.

-- The parent of a code: one digit less, and a 2nd-level code's chapter.
local function parent(code)
  local n = len(code)
  if n > 4 then return sub(code, 1, n - 1) end
  if n == 4 then return sub(code, 1, 2) end
  return nil
end

-- Which qualifier says capacity: d's 2nd (without assistance), b's and s's 1st.
local CAPACITY_AT = { d = 2, b = 1, s = 1 }

local function capacity_of(statement)
  local at = CAPACITY_AT[statement.component]
  local q = at and statement.qualifiers[at]
  if q == nil or q == false or q == 8 or q == 9 then return nil, q end
  return q
end

-- The person's statements indexed once per rule call: by code, and for
-- each code every statement below it (its narrower codes), so that a job
-- with hundreds of demands against a profile with hundreds of codes costs
-- a lookup each, not a scan (500 x 500 took 9 s a match by scanning).
local function build_index(person)
  local by_code, below = {}, {}
  for _, s in ipairs(person.icf or {}) do
    by_code[s.code] = s
    local up = parent(s.code)
    while up do
      local list = below[up]
      if not list then list = {}; below[up] = list end
      list[#list + 1] = s
      up = parent(up)
    end
  end
  return { by_code = by_code, below = below }
end

local function index_of(person)
  local f = facts_of(person)
  local ix = f.index
  if ix == nil then
    ix = build_index(person)
    f.index = ix
  end
  return ix
end

-- The person's capacity qualifier for a demanded code, and how it was
-- found: "exact", "broader" (with the code used), "narrower" (the codes
-- taken, the worst of them). Returns q (nil when none), via, codes, and the
-- statement that gave no capacity (for the message), if any.
local function qualifier_for(ix, code)
  local s = ix.by_code[code]
  if s then
    local q, raw = capacity_of(s)
    return q, "exact", { code }, q == nil and s or nil, raw
  end
  local up = parent(code)
  while up do
    s = ix.by_code[up]
    if s then
      local q, raw = capacity_of(s)
      return q, "broader", { up }, q == nil and s or nil, raw
    end
    up = parent(up)
  end
  local worst, codes, blank, raw = nil, {}, nil, nil
  for _, t in ipairs(ix.below[code] or {}) do
    codes[#codes + 1] = t.code
    local q, r = capacity_of(t)
    if q == nil then blank, raw = t, r
    elseif worst == nil or q > worst then worst = q end
  end
  if #codes == 0 then return nil, "none", codes end
  return worst, "narrower", codes, blank, raw
end

local function qualifier_words(q)
  if q == nil or q == false then return message("not_recorded") end
  return message("q" .. floor(q)) -- a qualifier read from XML may be 1.0
end

local function via_message(via, codes)
  if via == "broader" then return message("via_broader", codes[1]) end
  if via == "narrower" then return message("via_narrower", list(codes, ", ")) end
  return message("via_exact")
end

-- ---------------------------------------------------------------------------
-- Rule: the job's ICF demands.

local STATUS_WORDS = { within = "e_within", exceeds = "e_exceeds", unknown = "e_unknown",
                       ["not-applicable"] = "e_na" }

local function employer_words(status, words, task)
  return { message = STATUS_WORDS[status],
           args = { words, task and message("e_task", task) or message("none") } }
end

-- One demand, emitted (contract 3): the figures and ids always, the
-- message's arguments and the employer's and worker's wordings (named data)
-- only when a report shows the finding, so that an evaluation the search
-- repeats makes no table for it.
local function judge_demand(emit, render, d, ix)
  local code, task = d.code, d.task
  local link = link_of(code)
  local words = link and link.words or OTHER_WORDS
  local label = render and code_label(code) or nil
  local function named(status)
    return render and { employer = employer_words(status, words, task) } or nil
  end
  if sub(code, 1, 1) == "e" then
    emit("unknown", nil, nil, nil, nil, task, code, "demand_environment", code, nil,
         named("unknown"))
    return
  end
  local q, via, codes, blank, raw = qualifier_for(ix, code)
  if q ~= nil and blank and q <= d.max_difficulty then
    -- a narrower code without its capacity may be the worst: only an
    -- exceeding one decides
    emit("unknown", nil, nil, nil, nil, task, code, "demand_narrower_blank", code, label,
         render and list(codes, ", ") or nil, blank.text, nil, named("unknown"))
  elseif q ~= nil then
    local max = d.max_difficulty
    local status = compare(q, "<=", max)
    local extra
    if render then
      extra = named(status)
      extra.worker = { message = "w_demand",
                       args = { words, task and message("e_task", task) or message("none"),
                                message("wn" .. floor(q)), message("wj" .. floor(max)) } }
    end
    -- for rank's score: qualifiers count from 0, so 1 against 0 is twice the
    -- admitted difficulty band, not infinitely more
    emit(status, q, max, "<=", nil, task, code, "demand", code, label, q,
         render and qualifier_words(q) or nil, render and via_message(via, codes) or nil, max,
         (q + 1) / (max + 1), extra)
  elseif blank then
    emit("unknown", nil, nil, nil, nil, task, code, "demand_no_capacity", code, label, blank.text,
         CAPACITY_AT[blank.component] or 1, render and qualifier_words(raw) or nil, nil,
         named("unknown"))
  else
    emit("unknown", nil, nil, nil, nil, task, code, "demand_no_code", code, label, nil,
         named("unknown"))
  end
end

local function demands(job, p, person, emit, render)
  local ds = job.icf_demands
  if ds == nil or #ds == 0 then
    emit("not-applicable", nil, nil, nil, nil, nil, nil, "demands_none")
    return
  end
  local ix = index_of(person)
  for i = 1, #ds do judge_demand(emit, render, ds[i], ix) end
end

-- ---------------------------------------------------------------------------
-- Rule: lifting, measured first, estimated from ICF where nothing is measured.

local RANK = { occasional = 1, frequent = 2, constant = 3 }
local BY_RANK = { "occasional", "frequent", "constant" }

-- The frequency class of a handling, from handlings a day (the FCE bands
-- as parameters), and the count; nil count when the rate is not recorded.
local function rate_of(e, task, p)
  if e.per_minute == nil or task.hours_per_day == nil then return "occasional", nil end
  local n = tidy(e.per_minute * 60 * task.hours_per_day)
  if n <= p.occasional_per_day then return "occasional", n end
  if n <= p.frequent_per_day then return "frequent", n end
  return "constant", n
end

-- The zones a handling lifts through: by where the load starts (v_cm), or
-- with lift_zone = "span", also the zone its travel reaches, as one or two
-- values (no table: the search judges every handling in every evaluation).
-- nil when the height is not recorded: the handling has no zone (never
-- floor–waist by default).
local function zones_of(e, p)
  local v = e.v_cm
  if v == nil then return nil end
  local first = v < p.waist_cm and "lift-floor-waist" or "lift-waist-shoulder"
  if p.lift_zone == "span" and first == "lift-floor-waist" and v + (e.d_cm or 0) > p.waist_cm then
    return first, "lift-waist-shoulder"
  end
  return first
end

-- The figures measured for item, by frequency rank (the loader refuses two
-- at one rate and a higher rate above a lower one; the lower of two is kept
-- all the same, for a table built by other means).
-- Also the same figures as a list, lowest rank first (judge_figures).
local function figures(person, item)
  local memo = facts_of(person).figures
  local got = memo[item]
  if got == nil then
    local at, any = {}, false
    for _, c in ipairs(person.capacity or {}) do
      if c.item == item then
        local r = RANK[c.frequency or "occasional"]
        if at[r] == nil or c.kg < at[r].kg then at[r] = c end
        any = true
      end
    end
    local figs = {}
    for r = 1, #BY_RANK do figs[#figs + 1] = at[r] end
    got = { at, any, figs }
    memo[item] = got
  end
  return got[1], got[2], got[3]
end

local function frequency_of(c) return c.frequency or "occasional" end

-- doc/icf.md's reading of measured figures ("Readings of measured
-- capacities"), for a demand at `rate`, the one reading of every measured
-- dimension: a figure at that rate decides; else a demand at or below the
-- best figure of a higher rate is within (that figure is a lower bound);
-- else a demand above the tightest figure of a lower rate exceeds (an upper
-- bound); else unknown. `scale` turns a figure (its `unit` field) into the
-- demand's unit. Returns the status, the figure that decides (nil for
-- unknown) and how it decides ("at", "higher", "lower"). Contradicting
-- figures are the person loader's to refuse.
local function read_at_rate(figs, unit, rate, demand, scale)
  local r = RANK[rate]
  local at, higher, lower
  for _, c in ipairs(figs) do
    local cr = RANK[frequency_of(c)]
    if cr == r then
      if at == nil or c[unit] < at[unit] then at = c end
    elseif cr > r then
      if higher == nil or c[unit] > higher[unit] then higher = c end
    elseif lower == nil or c[unit] < lower[unit] then lower = c end
  end
  if at then return compare(demand, "<=", tidy(at[unit] * scale)), at, "at" end
  if higher and demand <= tidy(higher[unit] * scale) then return "within", higher, "higher" end
  if lower and demand > tidy(lower[unit] * scale) then return "exceeds", lower, "lower" end
  return "unknown"
end

-- How the lift figures of one zone (by frequency rank) decide a mass at
-- rate: read_at_rate's status and deciding figure; nil when the zone has
-- no figure at all.
local function judge_figures(figs, any, rate, mass)
  if not any then return nil end
  local status, c = read_at_rate(figs, "kg", rate, mass, 1)
  return status, c
end

-- "15 kg for occasional lifting, 9 kg for frequent lifting": every figure
-- of the item, by rate.
local function figures_words(at)
  local out = {}
  for r = 1, #BY_RANK do
    if at[r] then out[#out + 1] = message("lift_figure", at[r].kg, message(BY_RANK[r])) end
  end
  return list(out, ", ")
end

-- The ICF estimate of a safe load from d4300 / d4305 (the worst of the two
-- the person has, found as the demands are): kg, or nil and why.
-- When one of the two gives no capacity (d4300.1_ beside d4305.11), the
-- other's estimate decides only where it is already exceeded, as the
-- narrower codes of a demand do: the blank one may be the worse. Returns
-- kg (or nil), the qualifier (or why none), its code, and the statement
-- that gave no capacity, if any.
local function estimate(person, p)
  local worst, code, open
  local ix = index_of(person)
  local coded
  for _, c in ipairs({ "d4300", "d4305" }) do
    local q, via, codes, blank = qualifier_for(ix, c)
    coded = coded or via ~= "none"
    if q ~= nil and (worst == nil or q > worst) then worst, code = q, codes[1] end
    if q == nil and blank then open = blank.text end
  end
  if worst == nil then return nil, coded and "blank" or "none" end
  if worst == 3 then return nil, "wide", code end
  return tidy(p.icf_lift_kg * (1 - BAND_UPPER[worst])), worst, code, open
end

-- How bad a finding is, to keep the most limiting zone of a handling.
local SEVERITY = { exceeds = 3, unknown = 2, within = 1, ["not-applicable"] = 0 }

-- Whether anything says how much the person can lift (est: the ICF
-- estimate, made once per call).
local function knows_lift(person, est)
  for _, c in ipairs(person.capacity or {}) do
    if c.item == "lift-floor-waist" or c.item == "lift-waist-shoulder" then return true end
  end
  return est[1] ~= nil or est[2] == "wide" or est[2] == "blank"
end

-- The estimate as a list { kg, q, code, open } and whether anything says
-- what the person can lift, once per person and parameters.
local function lift_facts(person, p)
  local f = facts_of(person)
  if f.lift_p ~= p then
    local est = { estimate(person, p) }
    f.est, f.lift_known, f.lift_p = est, knows_lift(person, est), p
  end
  return f.est, f.lift_known
end

-- The status of one zone's finding, as emit_zone below gives it, without
-- building its texts: only the worst zone of a handling is emitted.
local function zone_status(e, rate, person, est, zone)
  local _, any, figs = figures(person, zone)
  local status, fig = judge_figures(figs, any, rate, e.mass_kg)
  if status ~= nil then return fig == nil and "unknown" or status end
  local kg = est[1]
  if kg == nil or (est[4] and e.mass_kg <= kg) then return "unknown" end
  return compare(e.mass_kg, "<=", kg)
end

-- One zone's finding, emitted (contract 3): measured figures first, the ICF
-- estimate where the zone has none; the texts and wordings are built only
-- when rendered.
local function emit_zone(emit, render, e, task, p, person, est, zone, rate, n)
  local id, eid, mass = task.id, e.id, e.mass_kg
  local unknown_named = render and { employer = employer_words("unknown", LINKS[1].words, id) } or nil
  local at, any, figs = figures(person, zone)
  local status, fig = judge_figures(figs, any, rate, mass)
  local zw = render and message(zone) or nil
  local rate_words = render and (n and message("per_day", n) or message("rate_missing")) or nil
  if status ~= nil and fig == nil then
    emit("unknown", nil, nil, nil, nil, id, eid, "lift_rate_only", mass, zw, rate_words, zw,
         render and figures_words(at) or nil, nil, unknown_named)
    return
  end
  local limit, how
  if status ~= nil then
    limit = fig.kg
    how = render and message("lift_measured", message(fig.frequency or "occasional")) or nil
  else
    local kg, q, code = est[1], est[2], est[3]
    if kg == nil then
      if q == "wide" then
        emit("unknown", nil, nil, nil, nil, id, eid, "lift_band_wide", mass, zw, code, nil,
             unknown_named)
      else
        emit("unknown", nil, nil, nil, nil, id, eid, "lift_zone_unmeasured", zw, nil, unknown_named)
      end
      return
    end
    if est[4] and mass <= kg then
      emit("unknown", nil, nil, nil, nil, id, eid, "lift_estimate_open", mass, zw, est[4], code, q,
           kg, nil, unknown_named)
      return
    end
    status, limit = compare(mass, "<=", kg), kg
    how = render and message("lift_estimated", code, q, p.icf_lift_kg, BAND_UPPER[q]) or nil
  end
  local named
  if render then
    named = { employer = { message = "e_lift", args = { message("e_task", id), mass, limit } },
              worker = { message = "w_lift", args = { message("e_task", id), mass, rate_words, limit } } }
  end
  emit(status, mass, limit, "<=", "kg", id, eid, "lift", mass, zw, rate_words, zw, limit, how, nil,
       named)
end

local function lifting(job, p, person, emit, render)
  local est, known = lift_facts(person, p)
  local tasks, any = job.tasks, false
  for i = 1, tasks and #tasks or 0 do
    local task = tasks[i]
    local es = task.handling
    for k = 1, es and #es or 0 do
      local e = es[k]
      any = true
      if not known then
        emit("not-applicable", nil, nil, nil, nil, task.id, e.id, "lift_none")
      elseif e.mass_kg == nil then
        emit("unknown", nil, nil, nil, nil, task.id, e.id, "lift_mass_missing")
      else
        local zone, other = zones_of(e, p)
        if zone == nil then
          emit("unknown", nil, nil, nil, nil, task.id, e.id, "lift_height_missing", e.mass_kg, nil,
               render and { employer = employer_words("unknown", LINKS[1].words, task.id) } or nil)
        else
          -- every zone the handling lifts through is judged; one that
          -- nothing measures or estimates is unknown, and the worst zone
          -- (the first of the worst) is the finding
          local rate, n = rate_of(e, task, p)
          if other ~= nil and SEVERITY[zone_status(e, rate, person, est, other)] >
                              SEVERITY[zone_status(e, rate, person, est, zone)] then
            zone = other
          end
          emit_zone(emit, render, e, task, p, person, est, zone, rate, n)
        end
      end
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "lift_no_handling") end
end

-- ---------------------------------------------------------------------------
-- Rules: pushing and pulling, carrying, and sitting, standing and walking
-- tolerance: the person's measured figures against the job's, read at the
-- demand's rate as doc/icf.md says ("Readings of measured
-- capacities"). Persons measure push and pull in kilograms-force, jobs
-- record forces in newtons (ISO 11228-2): 1 kgf = 9.80665 N.

local KGF_N = 9.80665

T.force_initial_push = { nl = "initiële duwkracht", fr = "force initiale de poussée",
                         en = "initial push force" }
T.force_sustained_push = { nl = "aanhoudende duwkracht", fr = "force de poussée maintenue",
                           en = "sustained push force" }
T.force_initial_pull = { nl = "initiële trekkracht", fr = "force initiale de traction",
                         en = "initial pull force" }
T.force_sustained_pull = { nl = "aanhoudende trekkracht", fr = "force de traction maintenue",
                           en = "sustained pull force" }
T.cap_push = { nl = "duwen", fr = "de poussée", en = "push" }
T.cap_pull = { nl = "trekken", fr = "de traction", en = "pull" }
T.cap_carry = { nl = "dragen", fr = "de port de charges", en = "carry" }
T.cap_sitting = { nl = "zitten", fr = "de station assise", en = "sitting" }
T.cap_standing = { nl = "staan", fr = "de station debout", en = "standing" }
T.cap_walking = { nl = "stappen", fr = "de marche", en = "walking" }
T.stance_sitting = { nl = "zitten", fr = "station assise", en = "sitting" }
T.stance_standing = { nl = "staan", fr = "station debout", en = "standing" }
T.stance_walking = { nl = "stappen", fr = "marche", en = "walking" }
T.f_occasional = { nl = "occasioneel", fr = "occasionnel", en = "occasional" }
T.f_frequent = { nl = "frequent", fr = "fréquent", en = "frequent" }
T.f_constant = { nl = "constant", fr = "constant", en = "constant" }
T.rate_count = { nl = "%s keer per dag, %s", fr = "%s fois par jour, %s", en = "%s times a day, %s" }
T.rate_share = { nl = "%s u per dag van %s u, %s", fr = "%s h par jour sur %s h, %s",
                 en = "%s h a day of %s h, %s" }
T.d_force = { nl = "%s %s N (%s)", fr = "%s %s N (%s)", en = "%s %s N (%s)" }
T.d_carry = { nl = "%s kg gedragen%s (%s)", fr = "%s kg portés%s (%s)", en = "%s kg carried%s (%s)" }
T.d_over = { nl = " over %s m", fr = " sur %s m", en = " over %s m" }
T.d_stance = { nl = "%s %s minuten zonder onderbreking (%s)",
               fr = "%s %s minutes sans interruption (%s)",
               en = "%s %s minutes without a break (%s)" }
T.v_force = { nl = "%s kg (%s N)", fr = "%s kg (%s N)", en = "%s kg (%s N)" }
T.v_kg = { nl = "%s kg", fr = "%s kg", en = "%s kg" }
T.v_minutes = { nl = "%s minuten", fr = "%s minutes", en = "%s minutes" }
T.fig = { nl = "%s (%s)", fr = "%s (%s)", en = "%s (%s)" }
T.read_at = { nl = " gemeten bij deze frequentie (%s)", fr = " mesurée à cette fréquence (%s)",
              en = " measured at this rate (%s)" }
T.read_higher = { nl = " gemeten bij een hogere frequentie (%s): een ondergrens",
                  fr = " mesurée à une fréquence plus élevée (%s) : une borne inférieure",
                  en = " measured at a higher rate (%s): a lower bound" }
T.read_lower = { nl = " gemeten bij een lagere frequentie (%s): een bovengrens",
                 fr = " mesurée à une fréquence plus basse (%s) : une borne supérieure",
                 en = " measured at a lower rate (%s): an upper bound" }
T.judged = { nl = "%s, capaciteit %s %s%s", fr = "%s, capacité %s %s%s", en = "%s, capacity %s %s%s" }
T.between = {
  nl = "%s: capaciteit %s alleen gemeten bij andere frequenties (%s); meet ze bij deze frequentie",
  fr = "%s : capacité %s mesurée seulement à d'autres fréquences (%s) ; la mesurer à cette fréquence",
  en = "%s: capacity %s measured only at other rates (%s); measure it at this rate" }
T.unmeasured = { nl = "%s: capaciteit %s niet gemeten: meet ze",
                 fr = "%s : capacité %s non mesurée : la mesurer",
                 en = "%s: capacity %s not measured: measure it" }
T.push_sustained_only = {
  nl = "%s: de initiële kracht is niet geregistreerd; zij is groter dan de aanhoudende",
  fr = "%s : la force initiale n'est pas renseignée ; elle dépasse la force maintenue",
  en = "%s: the initial force is not recorded, and it is larger than the sustained one" }
T.carry_none = { nl = "geen dragen", fr = "pas de port de charges", en = "no carrying" }
T.carry_no_capacity = {
  nl = "geen draagcapaciteit geregistreerd (geen FCE-draagtest, geen d4301-d4303): niet beoordeeld",
  fr = "aucune capacité de port renseignée (pas de test CFE, pas de d4301-d4303) : non évalué",
  en = "no carrying capacity recorded (no FCE carry, no d4301-d4303): not judged" }
T.carry_mass_missing = { nl = "gedragen massa niet geregistreerd", fr = "masse portée non renseignée",
                         en = "mass carried not recorded" }
T.tolerance_none = { nl = "geen zitten, staan of stappen geregistreerd",
                     fr = "pas de station assise, debout ni de marche renseignée",
                     en = "no sitting, standing or walking recorded" }
T.tolerance_no_capacity = {
  nl = "%s: geen tolerantie geregistreerd (geen FCE-meting, geen ICF-code): niet beoordeeld",
  fr = "%s : aucune tolérance renseignée (pas de mesure CFE, pas de code CIF) : non évalué",
  en = "%s: no tolerance recorded (no FCE measurement, no ICF code): not judged" }
T.tolerance_minutes_missing = {
  nl = "%s: de langste periode zonder onderbreking is niet geregistreerd",
  fr = "%s : la plus longue période sans interruption n'est pas renseignée",
  en = "%s: the longest unbroken period is not recorded" }

-- The employer's and worker's words of a dimension, from LINKS.
local function link_words(dimension)
  for _, link in ipairs(LINKS) do
    if link.dimension == dimension then return link.words end
  end
end

-- Whether an ICF statement of the person lies at or below one of codes:
-- the person was assessed on that dimension, though not measured.
local function find_coded(person, codes)
  for _, s in ipairs(person.icf or {}) do
    for _, c in ipairs(codes) do
      if sub(s.code, 1, len(c)) == c then return true end
    end
  end
  return false
end

-- codes: one of this file's constant lists, which keys the answer.
local function coded(person, codes)
  local memo = facts_of(person).coded
  local yes = memo[codes]
  if yes == nil then
    yes = find_coded(person, codes)
    memo[codes] = yes
  end
  return yes
end

-- The person's figures of one item (those with the unit's value).
local function find_figures(person, item, unit)
  local out = {}
  for _, c in ipairs(person.capacity or {}) do
    if c.item == item and c[unit] ~= nil then out[#out + 1] = c end
  end
  return out
end

local function figures_of(person, item, unit)
  local memo = facts_of(person).figures_of
  local by_unit = memo[item]
  if by_unit == nil then
    by_unit = {}
    memo[item] = by_unit
  end
  local out = by_unit[unit]
  if out == nil then
    out = find_figures(person, item, unit)
    by_unit[unit] = out
  end
  return out
end

-- The FCE class of a count a day (the lifting bands), and its words; a
-- missing rate is read as occasional, as for lifting, and said.
local function count_rate(per_minute, task, p, render)
  if per_minute == nil or task.hours_per_day == nil then
    return "occasional", render and message("rate_missing") or nil
  end
  local n = tidy(per_minute * 60 * task.hours_per_day)
  local rate = n <= p.occasional_per_day and "occasional" or n <= p.frequent_per_day and "frequent"
               or "constant"
  return rate, render and message("rate_count", n, message("f_" .. rate)) or nil
end

-- One judged demand, emitted (contract 3): demand `value` (in `unit`)
-- against the figures of item, for the task's element `element`; `show(c)`
-- the figure as the message shows it, `scale` from the figure's unit to the
-- demand's. The figures always, desc (built by the caller only when rendered), the other
-- arguments and the employer's and worker's wordings only when a report
-- shows the finding.
local function judged_emit(emit, render, desc, value, unit, item, figs, fig_unit, rate, scale, show,
                           words, task, element)
  local id = task.id
  local cap = render and message("cap_" .. item) or nil
  local status, c, how = "unknown", nil, nil
  if #figs > 0 then status, c, how = read_at_rate(figs, fig_unit, rate, value, scale) end
  local named
  if render then
    local w = employer_words(status, words, id)
    named = { employer = w, worker = w }
  end
  if #figs == 0 then
    emit("unknown", nil, nil, nil, nil, id, element, "unmeasured", desc, cap, nil, named)
  elseif status == "unknown" then
    local shown
    if render then
      shown = {}
      for i, f in ipairs(figs) do shown[i] = message("fig", show(f), message("f_" .. frequency_of(f))) end
      shown = list(shown, ", ")
    end
    emit("unknown", nil, nil, nil, nil, id, element, "between", desc, cap, shown, nil, named)
  else
    local words_how
    if render then
      words_how = how == "at" and message("read_at", message("f_" .. rate))
                  or message("read_" .. how, message("f_" .. frequency_of(c)))
    end
    emit(status, value, tidy(c[fig_unit] * scale), "<=", unit, id, element, "judged", desc, cap,
         render and show(c) or nil, words_how, nil, named)
  end
end

local PUSH_CODES = { "d4450", "d4451" }

local function show_force(c) return message("v_force", c.kg, tidy(c.kg * KGF_N)) end
local BOTH, FORCE_KINDS = { "push", "pull" }, { "initial", "sustained" }
local FORCE_FIELD = { initial = "initial_force_n", sustained = "sustained_force_n" }

-- Pushing and pulling, emitted (contract 3): each force of an element is
-- read against the person's figures, and only the worst is emitted (the
-- most limiting: status, then how close the demand comes to its limit),
-- its texts built only when rendered.
local function push_pull(job, p, person, emit, render)
  local figs = { push = figures_of(person, "push", "kg"), pull = figures_of(person, "pull", "kg") }
  local assessed = #figs.push > 0 or #figs.pull > 0 or coded(person, PUSH_CODES)
  local words = render and link_words("pushing-pulling") or nil
  local tasks, any = job.tasks, false
  for i = 1, tasks and #tasks or 0 do
    local task = tasks[i]
    local es = task.push_pull
    for k = 1, es and #es or 0 do
      local e = es[k]
      local id, eid = task.id, e.id
      any = true
      if not assessed then
        emit("not-applicable", nil, nil, nil, nil, id, eid, "push_no_capacity")
      elseif e.initial_force_n == nil and e.sustained_force_n == nil then
        -- only the mass moved: no force to compare with a measured one
        local named = render and { employer = employer_words("unknown", words, id) } or nil
        local measured
        for _, c in ipairs(person.capacity or {}) do
          if (c.item == "push" or c.item == "pull") and (measured == nil or c.kg < measured.kg) then
            measured = c
          end
        end
        if e.mass_kg == nil then
          emit("unknown", nil, nil, nil, nil, id, eid, "push_mass_missing", nil, named)
        elseif measured then
          emit("unknown", nil, nil, nil, nil, id, eid, "push", e.mass_kg,
               render and message("cap_" .. measured.item) or nil, measured.kg, nil, named)
        else
          emit("unknown", nil, nil, nil, nil, id, eid, "unmeasured",
               render and message("push_mass", e.mass_kg) or nil,
               render and message("cap_push") or nil, nil, named)
        end
      else
        local rate, rate_words = count_rate(e.per_minute, task, p, render)
        local items = e.direction and { e.direction } or BOTH
        local b_item, b_kind, b_status, b_value, b_limit, b_only
        for _, item in ipairs(items) do
          for _, kind in ipairs(FORCE_KINDS) do
            local force = e[FORCE_FIELD[kind]]
            if force ~= nil then
              local status, value, limit = "unknown", nil, nil
              if #figs[item] > 0 then
                local c
                status, c = read_at_rate(figs[item], "kg", rate, force, KGF_N)
                if status ~= "unknown" then value, limit = force, tidy(c.kg * KGF_N) end
              end
              -- the force to start a load exceeds the force to keep it
              -- going: a sustained force within says nothing of the initial one
              local only = kind == "sustained" and e.initial_force_n == nil and status ~= "exceeds"
              if only then status, value, limit = "unknown", nil, nil end
              -- the worse of the best so far and this one
              local take
              if b_status == nil then take = true
              elseif SEVERITY[status] ~= SEVERITY[b_status] then take = SEVERITY[status] > SEVERITY[b_status]
              else take = b_value and value and value / limit > b_value / b_limit or false end
              if take then
                b_item, b_kind, b_status, b_value, b_limit, b_only = item, kind, status, value, limit, only
              end
            end
          end
        end
        local force = e[FORCE_FIELD[b_kind]]
        local desc = render and message("d_force", message("force_" .. b_kind .. "_" .. b_item), force,
                                        rate_words) or nil
        if b_only then
          local named
          if render then
            local w = employer_words("unknown", words, id)
            named = { employer = w, worker = w }
          end
          emit("unknown", nil, nil, nil, nil, id, eid, "push_sustained_only", desc, nil, named)
        else
          judged_emit(emit, render, desc, force, "N", b_item, figs[b_item], "kg", rate, KGF_N,
                      show_force, words, task, eid)
        end
      end
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "push_none") end
end

T.push_mass = { nl = "%s kg geduwd of getrokken", fr = "%s kg poussés ou tirés",
                en = "%s kg pushed or pulled" }

local CARRY_CODES = { "d4301", "d4302", "d4303" }

local function show_kg(c) return message("v_kg", c.kg) end

local function carrying(job, p, person, emit, render)
  local figs = figures_of(person, "carry", "kg")
  local assessed = #figs > 0 or coded(person, CARRY_CODES)
  local words = render and link_words("carrying") or nil
  local tasks, any = job.tasks, false
  for i = 1, tasks and #tasks or 0 do
    local task = tasks[i]
    local es = task.carry
    for k = 1, es and #es or 0 do
      local e = es[k]
      any = true
      if not assessed then
        emit("not-applicable", nil, nil, nil, nil, task.id, e.id, "carry_no_capacity")
      elseif e.mass_kg == nil then
        emit("unknown", nil, nil, nil, nil, task.id, e.id, "carry_mass_missing", nil,
             render and { employer = employer_words("unknown", words, task.id) } or nil)
      else
        local rate, rate_words = count_rate(e.per_minute, task, p, render)
        local desc
        if render then
          local over = e.distance_m and message("d_over", e.distance_m) or message("none")
          desc = message("d_carry", e.mass_kg, over, rate_words)
        end
        judged_emit(emit, render, desc, e.mass_kg, "kg", "carry", figs, "kg", rate, 1, show_kg,
                    words, task, e.id)
      end
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "carry_none") end
end

-- Sitting, standing, walking: the item the person's figure is of, its ICF
-- codes and the dimension of LINKS.
local STANCES = {
  { key = "sitting", codes = { "d4153" }, dimension = "standing-sitting" },
  { key = "standing", codes = { "d4154" }, dimension = "standing-sitting" },
  { key = "walking", codes = { "d450" }, dimension = "walking" },
}

-- A posture's rate is its share of the working day (the FCE classes:
-- occasional up to a third, frequent up to two thirds, constant beyond);
-- its hours are the task's unless recorded, the day the schedule's, else
-- the workday_hours parameter.
local function share_rate(e, task, job, p, render)
  local hours = e.hours_per_day or task.hours_per_day
  local day = job.schedule and job.schedule.hours_per_day or p.workday_hours
  local share = day > 0 and hours / day or 1
  local rate = share <= 1 / 3 + 1e-9 and "occasional" or share <= 2 / 3 + 1e-9 and "frequent" or "constant"
  return rate, render and message("rate_share", hours, day, message("f_" .. rate)) or nil
end

local function show_minutes(c) return message("v_minutes", c.minutes) end

local function tolerance(job, p, person, emit, render)
  local tasks, any = job.tasks, false
  for _, s in ipairs(STANCES) do
    local figs = figures_of(person, s.key, "minutes")
    local assessed = #figs > 0 or coded(person, s.codes)
    local words = render and link_words(s.dimension) or nil
    for i = 1, tasks and #tasks or 0 do
      local task = tasks[i]
      local e = task[s.key]
      if e then
        any = true
        local stance = render and message("stance_" .. s.key) or nil
        if not assessed then
          emit("not-applicable", nil, nil, nil, nil, task.id, s.key, "tolerance_no_capacity", stance)
        elseif e.continuous_minutes == nil then
          emit("unknown", nil, nil, nil, nil, task.id, s.key, "tolerance_minutes_missing", stance,
               nil, render and { employer = employer_words("unknown", words, task.id) } or nil)
        else
          local rate, rate_words = share_rate(e, task, job, p, render)
          local desc = render and message("d_stance", stance, e.continuous_minutes, rate_words) or nil
          judged_emit(emit, render, desc, e.continuous_minutes, "min", s.key, figs, "minutes", rate,
                      1, show_minutes, words, task, s.key)
        end
      end
    end
  end
  if not any then emit("not-applicable", nil, nil, nil, nil, nil, nil, "tolerance_none") end
end

-- ---------------------------------------------------------------------------

local function doc(nl, fr, en) return { nl = nl, fr = fr, en = en } end

return {
  id = "capacity",
  version = "1.0.0",
  contract = 3, -- pure rules that emit their findings (rules/README.md, Contracts)
  valid_from = "2001-05-22",
  source = "WHO (2001) International Classification of Functioning, Disability and Health "
        .. "(ICF), qualifier scale; capamatch doc/icf.md (matching and estimates)",
  title = { nl = "Capaciteit van de persoon tegenover de eisen van de functie",
            fr = "Capacités de la personne face aux exigences du poste",
            en = "The person's capacity against the job's demands" },
  needs = "person",
  medical = true,
  params = {
    { name = "waist_cm", default = 75, unit = "cm", kind = "reading", doc = doc(
      "Hoogte die tillen vloer–taille van taille–schouder scheidt (de kneukelhoogte van NIOSH).",
      "Hauteur qui sépare le levage sol–taille du levage taille–épaule (la hauteur des poings du NIOSH).",
      "Height that divides floor–waist from waist–shoulder lifts (NIOSH's knuckle height).") },
    { name = "lift_zone", default = "origin", choices = { "origin", "span" }, kind = "reading",
      doc = doc(
      "origin: een hantering valt in de zone waar de last vertrekt (v-cm); span: ook in de zone die haar verplaatsing (d-cm) bereikt.",
      "origin : une manutention relève de la zone où la charge part (v-cm) ; span : aussi de celle qu'atteint son déplacement (d-cm).",
      "origin: a handling belongs to the zone where the load starts (v-cm); span: also to the zone its travel (d-cm) reaches.") },
    { name = "occasional_per_day", default = 100, kind = "reading", doc = doc(
      "Hanteringen per dag tot waar tillen occasioneel is (FCE-banden).",
      "Manutentions par jour jusqu'où le levage est occasionnel (bandes CFE).",
      "Handlings a day up to which lifting is occasional (FCE bands).") },
    { name = "frequent_per_day", default = 500, kind = "reading", doc = doc(
      "Hanteringen per dag tot waar tillen frequent is; daarboven constant.",
      "Manutentions par jour jusqu'où le levage est fréquent ; au-delà, constant.",
      "Handlings a day up to which lifting is frequent; above it, constant.") },
    { name = "workday_hours", default = 8, unit = "h", kind = "reading", doc = doc(
      "Werkdag zonder rooster in het functieprofiel: het aandeel van de dag in een houding (zitten, staan, stappen) kiest de frequentie (tot een derde occasioneel, tot twee derde frequent, daarboven constant).",
      "Journée de travail quand le profil de poste n'a pas d'horaire : la part de la journée passée dans une posture (assis, debout, marche) choisit la fréquence (jusqu'au tiers occasionnelle, jusqu'aux deux tiers fréquente, au-delà constante).",
      "Working day when the job profile has no schedule: the share of the day spent in a posture (sitting, standing, walking) picks the rate (up to a third occasional, up to two thirds frequent, beyond constant).") },
    { name = "icf_lift_kg", default = 23, unit = "kg", kind = "reading", doc = doc(
      "Schatting zonder meting: veilige last = dit × (1 − bovengrens van de band van de d4300-kwalificatie); kwalificatie 3 is te breed (onbekend).",
      "Estimation sans mesure : charge sûre = ceci × (1 − borne haute de la bande du qualificatif d4300) ; le qualificatif 3 est trop large (inconnu).",
      "Estimate without a measurement: safe load = this × (1 − upper edge of the d4300 qualifier's band); qualifier 3 is too wide (unknown).") },
  },
  -- reads: what each rule reads of the job (rules/README.md, "reads"; the
  -- search's grouping, doc/search.md). weight: each rule's part in rank's
  -- score (rules/README.md, "Weights"):
  -- the person's own limits weigh more than the frame's general ones.
  rules = {
    { id = "demands", weight = 2, title = doc("ICF-eisen van de functie", "Exigences CIF du poste",
                                  "The job's ICF demands"), eval = demands,
      reads = { own_task = true, "icf_demands" } },
    { id = "lifting", weight = 3, title = doc("Tillen: capaciteit tegenover last", "Levage : capacité face à la charge",
                                  "Lifting: capacity against load"), eval = lifting,
      reads = { own_task = true, tasks_with = "handling", "tasks.hours_per_day", "tasks.handling.mass_kg",
                "tasks.handling.per_minute", "tasks.handling.v_cm", "tasks.handling.d_cm" } },
    { id = "push-pull", weight = 1, title = doc("Duwen en trekken: capaciteit", "Pousser et tirer : capacité",
                                    "Pushing and pulling: capacity"), eval = push_pull,
      reads = { own_task = true, tasks_with = "push_pull", "tasks.hours_per_day", "tasks.push_pull" } },
    { id = "carrying", weight = 2, title = doc("Dragen: capaciteit tegenover last", "Port de charges : capacité face à la charge",
                                   "Carrying: capacity against load"), eval = carrying,
      reads = { own_task = true, tasks_with = "carry", "tasks.hours_per_day", "tasks.carry" } },
    { id = "tolerance", weight = 1, title = doc("Zitten, staan en stappen: tolerantie", "Station assise, debout et marche : tolérance",
                                    "Sitting, standing and walking: tolerance"), eval = tolerance,
      reads = { own_task = true, tasks_with = { "sitting", "standing", "walking" }, "tasks.hours_per_day",
                "tasks.sitting", "tasks.standing", "tasks.walking", "schedule.hours_per_day" } },
  },
  messages = T,
  links = LINKS,
}
