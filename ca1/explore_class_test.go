package ca1

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/synlab/synlab/cascade"
)

// TestExploreClasses (CA1_EXPLORE=1, CA1_PROTO=lfs,+10,-10,c-40,c0,hfs,oa,
// 0.5,10): per volume stratum (share-weighted over the strata's neck
// classes and branches) the peak and final CaMKII T286-P fraction, the peak
// active CaN and free PP1, the final trapped receptors relative to rest and
// the boutons' presynaptic t-LTD D (tltd.go),
// for each protocol on the default population with CA1_SET overrides.
func TestExploreClasses(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	protos := exploreProtocols()
	for _, name := range strings.Split(os.Getenv("CA1_PROTO"), ",") {
		in, ok := protos[name]
		drug := ""
		if !ok {
			if strings.HasPrefix(name, "oa") {
				in, drug = trainInd(1, 900), "oa"
				if name == "oa0" {
					in = induction{}
				}
			} else if strings.HasPrefix(name, "caly") {
				in, drug = trainInd(1, 900), "caly"
				if name == "caly0" {
					in = induction{}
				}
			} else if strings.HasPrefix(name, "fk") {
				in, drug = trainInd(1, 900), "fk"
				if name == "fk0" {
					in = induction{}
				}
			} else {
				t.Fatalf("no protocol %q", name)
			}
		}
		p := Default()
		setX(&p)
		if g := os.Getenv("CA1_GNMDA"); g != "" {
			var x float64
			fmt.Sscan(g, &x)
			p.Synapses.GNMDA *= x
		}
		p0 := p
		switch drug {
		case "oa":
			okadaic(&p)
		case "fk":
			fk506(&p)
		case "caly":
			calyculinA(&p)
		}
		nv := p.KV
		var pk [3][]float64
		for i := range pk {
			pk[i] = make([]float64, nv)
		}
		var pop *Population
		out, err := runProtoHook(p0, p, in, func(q *Population) { pop = q }, func() {
			_, csOf, _ := pop.state()
			ck, cn, pp := make([]float64, nv), make([]float64, nv), make([]float64, nv)
			w := make([]float64, nv)
			for j := range pop.cab.slots {
				y := csOf(j)
				v := pop.class(j) / p.KR
				sh := pop.share(j)
				w[v] += sh
				ck[v] += sh * y[cascade.CaMKIIP] / p.Cascade.CaMKII.Total
				cn[v] += sh * y[cascade.CaNA] / p.Cascade.CaN.Total
				pp[v] += sh * y[cascade.PP1F] / p.Cascade.PP1.Total
			}
			for v := range nv {
				pk[0][v] = max(pk[0][v], ck[v]/w[v])
				pk[1][v] = max(pk[1][v], cn[v]/w[v])
				pk[2][v] = max(pk[2][v], pp[v]/w[v])
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		_, csOf, surf := pop.state()
		var b strings.Builder
		fmt.Fprintf(&b, "%s: change %+.1f%% (strength end %.3f) spikes %d\n", name, out.change, out.strength, out.spikes)
		ckE, rec, w, ckb, srf, tp, dep := make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv)
		for j := range pop.cab.slots {
			v := pop.class(j) / p.KR
			sh := pop.share(j)
			w[v] += sh
			dep[v] += sh * pop.dep[pop.class(j)]
			ckE[v] += sh * csOf(j)[cascade.CaMKIIP] / p.Cascade.CaMKII.Total
			rec[v] += sh * surf[j] / pop.trap0
			ckb[v] += sh * csOf(j)[cascade.CkB] / p.Cascade.PSD.Sites
			srf[v] += sh * cascade.OnSurface(csOf(j)) / pop.trap0
			if l := p.Cascade.TARP.Labile * p.Cascade.Traffic.Slots; l > 0 {
				tp[v] += sh * csOf(j)[cascade.TarpP] / l
			}
		}
		for v := range nv {
			fmt.Fprintf(&b, "  V %.3f  ck peak %.3f end %.3f  CaN* peak %.3f  PP1 peak %.3f  receptors %.3f  PSD CaMKII %.2f  surface %.3f  TARP-P %.2f  t-LTD D %.3f\n", pop.syn[v*p.KR].HeadVolume, pk[0][v], ckE[v]/w[v], pk[1][v], pk[2][v], rec[v]/w[v], ckb[v]/w[v], srf[v]/w[v], tp[v]/w[v], dep[v]/w[v])
		}
		t.Log(b.String())
	}
}

// exploreProtocols names the protocols of the explorations (CA1_PROTO):
// trains ("lfs", "0.5", "3", "5", "10": 900 pulses at that rate), pairings
// ("+10", "-10", "+50", "-50": 60 at 1 Hz; "-25s", "+10s": 150 and 100 at
// 0.3 Hz, the E rows), clamps ("c-70", "c-55", "c-40": 100 pulses at 1 Hz;
// "c0": at 2 Hz), "hfs", "tbs1", "tbs4", "tbs8" and "none" (test pulses only).
func exploreProtocols() map[string]induction {
	return map[string]induction{
		"lfs": trainInd(1, 900), "+10": pairInd(10, 1, 60), "-10": pairInd(-10, 1, 60), "+50": pairInd(50, 1, 60), "-50": pairInd(-50, 1, 60),
		"-25s": pairInd(-25, 0.3, 150), "+10s": pairInd(10, 0.3, 100),
		"c-40": clampInd(-40, 1, 100), "c0": clampInd(0, 2, 100), "c-55": clampInd(-55, 1, 100), "c-70": clampInd(-70, 1, 100),
		"hfs": hfsInd(1), "tbs1": tbsInd(1), "tbs4": tbsInd(4), "tbs8": tbsInd(8), "0.5": trainInd(0.5, 900), "10": trainInd(10, 900), "3": trainInd(3, 900), "5": trainInd(5, 900), "none": {},
	}
}
