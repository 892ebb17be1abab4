COMMENT
Spine-head Ca pool of docs/spine-model.md §5 (package spine, calcium.go): free
Ca with an endogenous buffer in fast equilibrium (capacity kappaE), extrusion
to a resting level and two explicit added buffers (BAPTA, EGTA):

  Jin  = -Ica/(2*F*vol)            Ica = total ca current of the segment (VGCC + NMDA Ca part)
  Jout = (1 + kappaE)/tauext*(c - crest)
  Rb   = kon_b*c*(B_b - CaB_b) - koff_b*CaB_b
  (1 + kappaE) dc/dt = Jin - Jout - sum Rb,   dCaB_b/dt = Rb

State units are mM (NEURON's cai). The segment area (um2) and the pool volume
(fL) are set from Python: Ica[pA] = 10*ica[mA/cm2]*area, and 1 pA into 1 fL
is 1e6/(2F) uM/ms = 5.182135 uM/ms.

F is a FUNCTION, not a PARAMETER: nocmodl (8.2.2) writes PARAMETER defaults
with 6 significant digits (96485.33212 became 96485.3, a 3.3e-7 relative
error in the Ca influx), while literals in code are kept as written.
ENDCOMMENT

NEURON {
    SUFFIX capool
    USEION ca READ ica WRITE cai
    RANGE crest, kappaE, tauext, vol, sarea, btot, bkon, bkd, etot, ekon, ekd, jin
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    crest = 7e-5 (mM)      : 70 nM, Sabatini et al. 2002
    kappaE = 20            : Sabatini et al. 2002
    tauext = 12 (ms)       : GluSynapse tau_ca_CR
    vol = 0.087            : fL, GluSynapse volume_CR
    sarea = 0.72461        : um2, set from Python to the segment area
    btot = 0 (mM)          : BAPTA total
    bkon = 400 (/mM-ms)    : 4e8 /M/s
    bkd = 2e-4 (mM)        : 0.2 uM
    etot = 0 (mM)          : EGTA total
    ekon = 10.5 (/mM-ms)   : 1.05e7 /M/s
    ekd = 7e-5 (mM)        : 0.07 uM
}

ASSIGNED {
    ica (mA/cm2)
    jin (mM/ms)
}

STATE {
    cai (mM)
    cabb (mM)
    cabe (mM)
}

INITIAL {
    cai = crest
    cabb = btot*crest/(crest + bkd)
    cabe = etot*crest/(crest + ekd)
}

BREAKPOINT {
    SOLVE pool METHOD derivimplicit
}

DERIVATIVE pool {
    LOCAL rb, re
    : pA -> uM/ms -> mM/ms
    jin = -(10*ica*sarea)/(2*faraday()*vol)*1e6*1e-3
    rb = bkon*cai*(btot - cabb) - bkon*bkd*cabb
    re = ekon*cai*(etot - cabe) - ekon*ekd*cabe
    cai' = (jin - (1 + kappaE)/tauext*(cai - crest) - rb - re)/(1 + kappaE)
    cabb' = rb
    cabe' = re
}

FUNCTION faraday() {
    faraday = 96485.33212 : C/mol, CODATA 2018 (spine.Faraday)
}
