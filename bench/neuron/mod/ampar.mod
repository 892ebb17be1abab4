COMMENT
AMPA receptor of docs/spine-model.md §3 (package spine, ampa.go, glutamate.go):
NEURON's exp2syn.mod with the event weight scaled by the released fraction r
read from a DKR point process through the POINTER rel:

  dA/dt = -A/tau1,  dB/dt = -B/tau2,  g = B - A  (uS)
  event of weight w: A += w*rel*factor, B += w*rel*factor
  tp = tau1*tau2/(tau2 - tau1)*ln(tau2/tau1),  factor = 1/(exp(-tp/tau2) - exp(-tp/tau1))
  i = g*(v - e)  (nA)

so a full release (rel = 1) of weight w gives a peak conductance w (uS);
w = N*gamma = 100 x 10 pS = 0.001 uS.
ENDCOMMENT

NEURON {
    POINT_PROCESS AMPAR
    RANGE tau1, tau2, e, i, g
    NONSPECIFIC_CURRENT i
    POINTER rel
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau1 = 0.2 (ms) <1e-9,1e9>   : GluSynapse tau_r_AMPA
    tau2 = 1.7 (ms) <1e-9,1e9>   : GluSynapse tau_d_AMPA
    e = 0 (mV)                   : GluSynapse E_AMPA
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
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
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    i = g*(v - e)
}

DERIVATIVE state {
    A' = -A/tau1
    B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
    A = A + weight*rel*factor
    B = B + weight*rel*factor
}
