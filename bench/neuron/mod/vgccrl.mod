COMMENT
Spine-head voltage-gated Ca channel of docs/spine-model.md §4 (package spine,
vgcc.go): GluSynapse's R-type gating (Magee & Johnston 1995) with an R/L split
that differs only in pharmacology:

  minf = 1/(1 + exp((vhm - v)/km)),  dm/dt = (minf - m)/taum
  hinf = 1/(1 + exp((vhh - v)/kh)),  dh/dt = (hinf - h)/tauh
  eca  = (R*T/(2F))*ln(cao/cai),  T = celsius + 273.15   (own constants, CODATA 2018)
  ica  = (sR*(1 - fL) + sL*fL)*gbar*m^2*h*(v - eca)

gbar = 0.01253 nS/um2 = 1.253e-3 S/cm2 (spine.DefaultVGCC GBar, fitted in
package spine so that one bAP gives 1.1 uM free Ca above rest, Sabatini et
al. 2002; GluSynapse's 20 channels/um2 x 3.72 pS = 0.0744 nS/um2 gave 5.5 uM).
R and F are literals in a FUNCTION because nocmodl (8.2.2) writes PARAMETER
defaults with 6 significant digits (8.314462618 -> 8.31446).
ENDCOMMENT

NEURON {
    SUFFIX vgccrl
    USEION ca READ cai WRITE ica
    RANGE gbar, vhm, km, vhh, kh, taum, tauh, fL, sR, sL, cao_n, eca_n, ica_v
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
    (mM) = (milli/liter)
}

PARAMETER {
    gbar = 1.253e-3 (S/cm2)
    vhm = -5.9 (mV)
    km = 9.5 (mV)
    vhh = -39 (mV)
    kh = -9.2 (mV)
    taum = 1 (ms)
    tauh = 27 (ms)
    fL = 0.3
    sR = 1
    sL = 1
    cao_n = 2 (mM)
    cai_floor = 1e-9 (mM)  : spine.minCaNernst = 1e-6 uM
}

ASSIGNED {
    v (mV)
    celsius (degC)
    cai (mM)
    ica (mA/cm2)
    ica_v (mA/cm2)
    eca_n (mV)
}

STATE {
    m
    h
}

INITIAL {
    m = 1/(1 + exp((vhm - v)/km))
    h = 1/(1 + exp((vhh - v)/kh))
}

BREAKPOINT {
    SOLVE gates METHOD cnexp
    if (cai > cai_floor) {
        eca_n = nernstfac()*log(cao_n/cai)
    } else {
        eca_n = nernstfac()*log(cao_n/cai_floor)
    }
    ica = (sR*(1 - fL) + sL*fL)*gbar*m*m*h*(v - eca_n)
    ica_v = ica
}

DERIVATIVE gates {
    m' = (1/(1 + exp((vhm - v)/km)) - m)/taum
    h' = (1/(1 + exp((vhh - v)/kh)) - h)/tauh
}

FUNCTION nernstfac() (mV) {
    : 1000 R T/(2F) [mV], R = 8.314462618 J/(mol K), F = 96485.33212 C/mol (CODATA 2018)
    nernstfac = 1000*8.314462618*(celsius + 273.15)/(2*96485.33212)
}
