COMMENT
Deterministic presynaptic release of docs/spine-model.md §2 (package spine,
release.go, deterministic mode), Dittman, Kreitzer & Regehr (2000) J Neurosci
20:1374 with the release-site clearance step of synlab:

  at a spike:      P = F1 + (1 - F1)/(1 + KF/xf)   (xf just before the spike; P = F1 if xf = 0)
                   r = P*D;  D <- D - r;  C <- C + r;  xf <- xf + 1;  xd <- xd + 1
  between spikes:  dxf/dt = -xf/tauF,  dxd/dt = -xd/tauD
                   dC/dt = -kclear*C,  kclear = kretr*endo + kslow
                   dD/dt = krec*(1 - D - C),  krec = k0 + (kmax - k0)*xd/(xd + KD)
  KF = (1 - F1)/(F2 - F1) - 1,  F2 = rho*F1/(1 - F1)

The released fraction r is left in the RANGE variable r, and net_event(t)
tells the receptor point processes (AMPAR, NMDAJS), which read r through a
POINTER, to add r*weight to their conductance states. Time in ms, rates in /ms.
ENDCOMMENT

NEURON {
    POINT_PROCESS DKR
    RANGE F1, rho, tauF, tauD, k0, kmax, KD, kretr, kslow, endo, r, P, nspikes
}

UNITS {
    (mS) = (millisiemens)
}

PARAMETER {
    F1 = 0.24        : initial release probability, Dittman et al. 2000 Table 2
    rho = 2.2        : paired-pulse ratio at vanishing interval
    tauF = 100 (ms)  : CaXF decay
    tauD = 50 (ms)   : CaXD decay
    k0 = 0.002 (/ms) : Ca-independent refilling, 2/s
    kmax = 0.03 (/ms): maximal refilling, 30/s
    KD = 2           : CaXD affinity of refilling
    kretr = 1 (/ms)  : dynamin-dependent clearance [A]
    kslow = 0.002 (/ms) : dynamin-independent clearance [A]
    endo = 1         : Endocytosis.Pre
}

ASSIGNED {
    r
    P
    KF
    nspikes
}

STATE {
    xf
    xd
    D
    C
}

INITIAL {
    LOCAL F2
    F2 = rho*F1/(1 - F1)
    KF = (1 - F1)/(F2 - F1) - 1
    xf = 0
    xd = 0
    D = 1
    C = 0
    r = 0
    P = F1
    nspikes = 0
}

BREAKPOINT {
    SOLVE states METHOD cnexp
}

DERIVATIVE states {
    xf' = -xf/tauF
    xd' = -xd/tauD
    C' = -(kretr*endo + kslow)*C
    D' = (k0 + (kmax - k0)*xd/(xd + KD))*(1 - D - C)
}

NET_RECEIVE(w) {
    if (xf > 0) {
        P = F1 + (1 - F1)/(1 + KF/xf)
    } else {
        P = F1
    }
    r = P*D
    D = D - r
    C = C + r
    xf = xf + 1
    xd = xd + 1
    nspikes = nspikes + 1
    net_event(t)
}
