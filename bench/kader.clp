;;; kader.clp — the groene kader's 22 limits (rules/inrs-cadre-vert.lua,
;;; default parameters and readings) as CLIPS 6.30 rules: make bench's peer
;;; engine. bench/kader_clips.c loads this file once, then for each job
;;; resets, asserts the job's facts through the C API and runs. Every limit
;;; hands one finding per element it judges to C through (emit RULE TASK
;;; STATUS), a function kader_clips.c defines (TASK -1: job-level), as the
;;; Lua rule set returns one finding per element, and one not-applicable
;;; finding when no task has the element; findings are not asserted as
;;; facts, which would double the facts a job makes and have to be read
;;; back. Not recorded is the symbol nil, and judges as unknown. Statuses
;;; only: no texts, values or margins (the comparison is on status).

(deftemplate person (slot age (default nil)))
(deftemplate handling (slot task) (slot i) (slot mass (default nil)) (slot rate (default nil))
  (slot kg-day (default nil)) (slot hours (default nil)))
(deftemplate push-pull (slot task) (slot i) (slot mass (default nil)) (slot wheels (default nil)))
(deftemplate repetition (slot task) (slot i) (slot apm (default nil)))
(deftemplate posture (slot task) (slot i) (slot flexion (default nil)) (slot static (default FALSE))
  (slot pause (default nil)))
(deftemplate vibration (slot task) (slot i) (slot aw (default nil)) (slot hours (default nil)))
(deftemplate heavy-work (slot cardiac (default nil)) (slot hours (default nil)) (slot peak (default nil)))
(deftemplate requirement (slot rule) (slot value (default nil)) (slot required))

;;; capamatch.tidy: computed limits and totals to a millionth (x >= 0 here,
;;; so truncation is floor).
(deffunction tidy (?x) (/ (integer (+ (* ?x 1000000.0) 0.5)) 1000000.0))

;;; Row 1, load: each handling's mass <= 5 kg.
(defrule load-within (handling (task ?t) (i ?i) (mass ?m&:(numberp ?m)&:(<= ?m 5.0)))
  => (emit load ?t within))
(defrule load-exceeds (handling (task ?t) (i ?i) (mass ?m&:(numberp ?m)&:(> ?m 5.0)))
  => (emit load ?t exceeds))
(defrule load-unknown (handling (task ?t) (i ?i) (mass nil))
  => (emit load ?t unknown))
(defrule load-none (not (handling))
  => (emit load -1 not-applicable))

;;; Row 2, tonnage: the daily sum over every handling, in the order asserted
;;; (the job's), of the measured kg a day or mass x rate x 60 x hours; one
;;; unrecorded term makes it unknown.
(defrule tonnage (exists (handling))
  =>
  (bind ?kg 0.0)
  (bind ?known TRUE)
  (do-for-all-facts ((?h handling)) TRUE
    (if (numberp ?h:kg-day) then (bind ?kg (+ ?kg ?h:kg-day))
     else (if (and (numberp ?h:mass) (numberp ?h:rate) (numberp ?h:hours))
           then (bind ?kg (+ ?kg (* ?h:mass ?h:rate 60.0 ?h:hours)))
           else (bind ?known FALSE))))
  (emit tonnage -1 (if (not ?known) then unknown
                            else (if (<= (tidy (/ ?kg 1000.0)) 3.0) then within else exceeds))))
(defrule tonnage-none (not (handling))
  => (emit tonnage -1 not-applicable))

;;; Row 3, push-pull: <= 100 kg on at least 4 wheels; with the wheels not
;;; recorded, over the mass exceeds and under it is unknown.
(defrule push-pull-unknown-mass (push-pull (task ?t) (i ?i) (mass nil))
  => (emit push-pull ?t unknown))
(defrule push-pull-unknown-wheels (push-pull (task ?t) (i ?i) (mass ?m&:(numberp ?m)) (wheels nil))
  => (emit push-pull ?t (if (<= ?m 100.0) then unknown else exceeds)))
(defrule push-pull-few-wheels
  (push-pull (task ?t) (i ?i) (mass ?m&:(numberp ?m)) (wheels ?w&:(numberp ?w)&:(< ?w 4.0)))
  => (emit push-pull ?t exceeds))
(defrule push-pull-within
  (push-pull (task ?t) (i ?i) (mass ?m&:(numberp ?m)&:(<= ?m 100.0)) (wheels ?w&:(numberp ?w)&:(>= ?w 4.0)))
  => (emit push-pull ?t within))
(defrule push-pull-exceeds
  (push-pull (task ?t) (i ?i) (mass ?m&:(numberp ?m)&:(> ?m 100.0)) (wheels ?w&:(numberp ?w)&:(>= ?w 4.0)))
  => (emit push-pull ?t exceeds))
(defrule push-pull-none (not (push-pull))
  => (emit push-pull -1 not-applicable))

;;; Row 4, repetition: <= 40 technical actions a minute.
(defrule repetition-within (repetition (task ?t) (i ?i) (apm ?a&:(numberp ?a)&:(<= ?a 40.0)))
  => (emit repetition ?t within))
(defrule repetition-exceeds (repetition (task ?t) (i ?i) (apm ?a&:(numberp ?a)&:(> ?a 40.0)))
  => (emit repetition ?t exceeds))
(defrule repetition-unknown (repetition (task ?t) (i ?i) (apm nil))
  => (emit repetition ?t unknown))
(defrule repetition-none (not (repetition))
  => (emit repetition -1 not-applicable))

;;; Rows 5 and 6, heavy work (level-and-duration): cardiac cost <= 30 bpm,
;;; <= 1 h a day, peak <= 0.85 x (220 - age), unknown without an age.
(defrule cardiac-cost (heavy-work (cardiac ?c))
  => (emit cardiac-cost -1 (if (not (numberp ?c)) then unknown
                               else (if (<= ?c 30.0) then within else exceeds))))
(defrule heavy-work-duration (heavy-work (hours ?h))
  => (emit heavy-work-duration -1 (if (not (numberp ?h)) then unknown
                               else (if (<= ?h 1.0) then within else exceeds))))
(defrule max-heart-rate (heavy-work (peak ?p)) (person (age ?a))
  => (emit max-heart-rate -1 (if (or (not (numberp ?p)) (not (numberp ?a))) then unknown
                               else (if (<= ?p (tidy (* 0.85 (- 220.0 ?a)))) then within
                                     else exceeds))))
(defrule heavy-none (not (heavy-work))
  =>
  (emit cardiac-cost -1 not-applicable)
  (emit heavy-work-duration -1 not-applicable)
  (emit max-heart-rate -1 not-applicable))

;;; Row 7, visible bending: trunk flexion <= 20 degrees.
(defrule bending-within (posture (task ?t) (i ?i) (flexion ?f&:(numberp ?f)&:(<= ?f 20.0)))
  => (emit visible-bending ?t within))
(defrule bending-exceeds (posture (task ?t) (i ?i) (flexion ?f&:(numberp ?f)&:(> ?f 20.0)))
  => (emit visible-bending ?t exceeds))
(defrule bending-unknown (posture (task ?t) (i ?i) (flexion nil))
  => (emit visible-bending ?t unknown))
(defrule bending-none (not (posture))
  => (emit visible-bending -1 not-applicable))

;;; Row 8, prolonged posture: a static posture needs >= 10 min of break an hour.
(defrule posture-within (posture (task ?t) (i ?i) (static TRUE) (pause ?p&:(numberp ?p)&:(>= ?p 10.0)))
  => (emit prolonged-posture ?t within))
(defrule posture-exceeds (posture (task ?t) (i ?i) (static TRUE) (pause ?p&:(numberp ?p)&:(< ?p 10.0)))
  => (emit prolonged-posture ?t exceeds))
(defrule posture-unknown (posture (task ?t) (i ?i) (static TRUE) (pause nil))
  => (emit prolonged-posture ?t unknown))
(defrule posture-none (not (posture (static TRUE)))
  => (emit prolonged-posture -1 not-applicable))

;;; Row 9, whole-body vibration (exposure): a_w <= 0.5 m/s2 in each task, and
;;; the hours of the vibrating tasks <= 1 h a day.
(defrule vibration-within (vibration (task ?t) (i ?i) (aw ?a&:(numberp ?a)&:(<= ?a 0.5)))
  => (emit vibration-level ?t within))
(defrule vibration-exceeds (vibration (task ?t) (i ?i) (aw ?a&:(numberp ?a)&:(> ?a 0.5)))
  => (emit vibration-level ?t exceeds))
(defrule vibration-unknown (vibration (task ?t) (i ?i) (aw nil))
  => (emit vibration-level ?t unknown))
(defrule vibration-duration (exists (vibration))
  =>
  (bind ?hours 0.0)
  (bind ?known TRUE)
  (do-for-all-facts ((?v vibration)) TRUE
    (if (numberp ?v:hours) then (bind ?hours (+ ?hours ?v:hours)) else (bind ?known FALSE)))
  (emit vibration-duration -1 (if (not ?known) then unknown
                            else (if (<= ?hours 1.0) then within else exceeds))))
(defrule vibration-none (not (vibration))
  =>
  (emit vibration-level -1 not-applicable)
  (emit vibration-duration -1 not-applicable))

;;; Rows 10-20, requirements on the workplace: the answer required, or a
;;; finding; no answer is unknown.
(defrule requirement (requirement (rule ?r) (value ?v) (required ?q))
  => (emit ?r -1 (if (eq ?v nil) then unknown
                               else (if (eq ?v ?q) then within else exceeds))))
