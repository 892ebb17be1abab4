COMMENT
NMDA receptor of docs/spine-model.md §3 (package spine, nmda.go): an
exp2syn-style conductance scaled by the released fraction (POINTER rel to a
DKR point process), the Jahr & Stevens (1990) Mg block and the GluSynapse Ca
current:

  g = B - A  (uS),  event of weight w: A, B += w*rel*factor  (factor as exp2syn)
  block(v) = 1/(1 + exp(-slope*v)*mg/scale)
  inmda = g*block*(v - e)                      total NMDA current (nA)
  Pf = 0.6*4*cao/(4*cao + 120 mM/1.38)
  ica = Pf*g*block*(v - ecan)                  Ca-carried part (nA), written to the ca ion
  i = inmda - ica                              the rest, as a nonspecific current

The membrane sees i + ica = inmda, so the Ca part is not counted twice
(spine-model.md: "it is part of I_NMDA"); capool.mod reads ica.
ENDCOMMENT

NEURON {
    POINT_PROCESS NMDAJS
    RANGE tau1, tau2, e, g, gb, inmda, ican, mg, slope, scale, ecan, cao_pf, pf
    NONSPECIFIC_CURRENT i
    USEION ca WRITE ica
    POINTER rel
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    tau1 = 0.29 (ms) <1e-9,1e9>  : GluSynapse tau_r_NMDA
    tau2 = 70 (ms) <1e-9,1e9>    : GluSynapse tau_d_NMDA
    e = -3 (mV)                  : GluSynapse E_NMDA
    mg = 1 (mM)                  : GluSynapse mgo_NMDA
    slope = 0.062 (/mV)          : Jahr & Stevens 1990
    scale = 3.57 (mM)            : Jahr & Stevens 1990
    ecan = 40 (mV)               : Ca-only reversal, GluSynapse after Jahr & Stevens 1993
    cao_pf = 2 (mM)              : [Ca]o for Pf, GluSynapse cao_CR
}

ASSIGNED {
    v (mV)
    i (nA)
    ica (nA)
    inmda (nA)
    ican (nA)
    g (uS)
    gb (uS)
    pf
    factor
    rel
}

STATE {
    A (uS)
    B (uS)
}

INITIAL {
    LOCAL tp
    A = 0
    B = 0
    tp = (tau1*tau2)/(tau2 - tau1) * log(tau2/tau1)
    factor = 1/(-exp(-tp/tau1) + exp(-tp/tau2))
    pf = 0.6*4*cao_pf/(4*cao_pf + 120/1.38)
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    gb = g/(1 + exp(-slope*v)*mg/scale)
    inmda = gb*(v - e)
    ican = pf*gb*(v - ecan)
    ica = ican
    i = inmda - ican
}

DERIVATIVE state {
    A' = -A/tau1
    B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
    A = A + weight*rel*factor
    B = B + weight*rel*factor
}
